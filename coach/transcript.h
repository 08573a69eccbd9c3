/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session transcript (`unknot run --transcript FILE`): one JSON object
 * per line, flushed as written, with at least `t` (seconds since the
 * start, three decimals) and `event`:
 *   say        text
 *   hold_start step, region, side ("left", "right" or "none")
 *   hold_end   step, region, side
 *   rest_start step, region
 *   ask        question, step, region (null outside steps)
 *   answer     question, value, step, region
 *   stop       rule, action (a rule fired), text
 *   end        outcome ("completed", "stopped", "quit"), rule
 * Cues, silences and view changes are not written.
 *
 * Ownership: transcript_open returns a handle freed by transcript_close.
 * One thread.
 */
#ifndef UNKNOT_COACH_TRANSCRIPT_H
#define UNKNOT_COACH_TRANSCRIPT_H

#include <stdio.h>

#include "coach/engine.h"

struct transcript;

/* "-" writes to stdout.  NULL with *err (caller frees) on failure. */
struct transcript *transcript_open(const char *path, char **err);
/* Writes `a` at t_ms milliseconds since the start; 0 or -1 on a write
 * error.  Actions that are not transcribed return 0. */
int transcript_write(struct transcript *t, const struct coach_action *a,
                     long long t_ms);
/* 0, or -1 when a write failed at any point. */
int transcript_close(struct transcript *t);

/* Writes s as a JSON string (quoted, escaped); "null" for NULL. */
void json_write_string(FILE *f, const char *s);
const char *coach_side_name(enum coach_side s);

#endif
