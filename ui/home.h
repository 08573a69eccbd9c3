/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The home screen's data and loop: the routines found (routine_list_paths)
 * grouped by their main body region, the last session and when the next
 * is due (from the history), and the soreness chart the summary shows.
 *
 * Ownership: ui_home_load fills a struct the caller frees with
 * ui_home_free; the home screen model borrows from it.  One thread.
 */
#ifndef UNKNOT_UI_HOME_H
#define UNKNOT_UI_HOME_H

#include <stdbool.h>
#include <stddef.h>

#include "history/history.h"
#include "ui/front.h"
#include "ui/input.h"
#include "ui/ui.h"

struct settings;

struct ui_home_data {
    struct ui_home_entry *entries;
    char **paths;               /* routine file of each entry */
    char **strings;             /* titles, names, groups (owned) */
    size_t count, nstrings;
    char *history_path;         /* NULL: none */
    /* The settings the app runs with (borrowed; NULL: the default
     * settings file), for the report saved from the history screen. */
    const struct settings *settings;
    char last[192];
    char next[128];
    size_t selected;
};

/* Loads the routines and, when history_path names an existing file, the
 * last session.  now_s is the wall clock.  Routine files that do not pass
 * the checker are left out (as `unknot list` does).  0, or -1 when there
 * is no routine at all. */
int ui_home_load(struct ui_home_data *d, const char *history_path,
                 long long now_s);
void ui_home_free(struct ui_home_data *d);

/* "Last session: ..." and "Next session: ..." from the last session
 * (NULL for none) at wall time now_s. */
void ui_home_due_text(const struct history_session *last, long long now_s,
                      char *last_buf, size_t last_n, char *next_buf,
                      size_t next_n);

/* The home screen model for d. */
void ui_home_screen(const struct ui_home_data *d, struct ui_screen *out);

/* Runs the home screen until the user picks a routine (returns 1 with
 * *path borrowed from d) or quits (returns 0: Escape or closing the
 * window), or routines were installed from a USB stick (returns 2: load
 * the list again; ui/therapist.h). */
int ui_home_run(struct ui *ui, struct ui_home_data *d,
                struct ui_keymap *km, const char **path);

/* The soreness history screen (the chart alone) from f's chart. */
void ui_history_screen(struct ui_front *f, struct ui_screen *out);

/* Fills f's soreness chart from the last sessions in h that started
 * before before_s (at most UI_FRONT_SESSIONS sessions and
 * UI_FRONT_SERIES regions).  0 or -1. */
int ui_front_load_history(struct ui_front *f, struct history *h,
                          long long before_s);

#endif
