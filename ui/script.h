/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A whole session in the window's front end, scripted and in virtual
 * time: the real session driver (session/session.h) and engine, the real
 * history and transcript, the screen's own logic (ui/front.h), answers
 * from an --answers list, and the few things a user does with the screen
 * (pause, resume, stop, acknowledge a stop, close the summary) at set
 * times.  Nothing is spoken (timed speech, eSpeak NG lengths).
 *
 * `unknot screenshots` renders what this shows, so every picture is what a
 * user sees; the window tests drive whole sessions through it and check
 * what is drawn at each moment.
 *
 * The clock advances from wakeup to wakeup, in steps of at most
 * sample_ms, and calls frame() with the screen of each moment (the
 * screen model borrows from the front end and the engine, valid for the
 * call).  One thread; SDL is not touched here (frame() renders if it
 * wants to).
 */
#ifndef UNKNOT_UI_SCRIPT_H
#define UNKNOT_UI_SCRIPT_H

#include <stdbool.h>

#include "config/settings.h"
#include "session/session.h"
#include "ui/front.h"
#include "ui/ui.h"

struct ui_script {
    const struct routine *routine;      /* NULL with screening_only */
    const char *answers;                /* --answers list, NULL none */
    bool force_screening;               /* ask the health screening */
    bool screening_only;                /* `unknot screen` */
    struct history *history;            /* NULL: nothing recorded */
    const char *transcript_path;        /* NULL none */
    long long wall_start_s;             /* 0: now */
    /* What the user does, counted in holds (1 = the first hold, each
     * side its own); 0: never. */
    int pause_in_hold;                  /* pause (Space) 10 s into it, */
    long long pause_ms;                 /* resume this much later (8000) */
    int stop_in_hold;                   /* STOP (Esc) 10 s into it: the
                                           coach asks why */
    long long ack_after_ms;             /* a held stop or the summary is
                                           acknowledged this long after it
                                           shows (3000) */
    long long sample_ms;                /* the longest clock step (1000) */
};

/* Called for every moment of the session, then for the summary. */
typedef void (*ui_script_frame_fn)(void *user, const struct ui_screen *scr,
                                   const struct coach_view *v,
                                   long long now_ms);

/* Runs the script.  f is initialised here and holds, afterwards, what the
 * screen kept (the summary rows, notices...).  Returns the exit status
 * of the session (util/exit_status.h), or -1 with *err when it could not
 * start. */
int ui_script_run(const struct ui_script *sc, const struct settings *st,
                  struct ui_front *f, ui_script_frame_fn frame, void *user,
                  char **err);

#endif
