/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `unknot screenshots`: every screen as a user sees it, from real
 * sessions.  A handful of scripted sessions (ui/script.h) run through the
 * real session driver and engine, in virtual time, into a history of
 * their own (a temporary folder, never the user's): a first session with
 * the health screening and a pause, the next day's with soreness that
 * makes it lighter and skips a region, one the user stops for dizziness,
 * one with an urgent warning sign; then the home screen and the soreness
 * history as those sessions left them.  The first moment of each screen
 * is saved as DIR/NN-SESSION-SCREEN-WxH.bmp; beside the pictures,
 * DIR/NN-SESSION.jsonl is the session's transcript and
 * DIR/NN-SESSION-WxH.txt lists the texts drawn on each saved screen (what
 * tests/cli/screenshots.sh compares with the transcript).
 *
 * One thread; needs SDL's video (the dummy driver will do).
 */
#ifndef UNKNOT_UI_SHOTS_H
#define UNKNOT_UI_SHOTS_H

#include <stdio.h>

#include "config/settings.h"

/* Writes every screen at w x h with the text scale; prints each image's
 * path to list (may be NULL).  Returns the number of images, or -1 with
 * *err (caller frees). */
int ui_shots_write(const char *dir, int w, int h, double text_scale,
                   const struct settings *st, FILE *list, char **err);

#endif
