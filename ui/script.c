/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A scripted session in the window's front end; see script.h. */
#include "ui/script.h"

#include "ui/home.h"

#include <stdlib.h>
#include <string.h>

#include "coach/answers.h"
#include "util/exit_status.h"
#include "util/util.h"

static void fe_action(void *user, const struct coach_action *a,
                      long long t_ms)
{
    (void)t_ms;
    ui_front_action(user, a);
}

static void fe_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)v;
    (void)t_ms;
    ui_front_asked(user);
}

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    (void)summary;
    ((struct ui_front *)user)->ended = true;
    ((struct ui_front *)user)->outcome = o;
}

/* An input as the window would deliver it, through the front end. */
static void press(struct session *s, struct ui_front *f, enum ui_cmd cmd,
                  long long now)
{
    struct coach_view v;
    coach_view(session_engine(s), &v);
    struct ui_input in = { cmd, 0 };
    struct coach_event ev;
    bool redraw;
    if (!ui_front_input(f, &v, in, &ev, &redraw))
        return;
    if (ev.kind == COACH_EV_ANSWER)
        session_answer(s, ev.question, ev.value, now);
    else if (ev.kind == COACH_EV_COMMAND)
        session_command(s, ev.command, now);
}

static void show(struct session *s, struct ui_front *f,
                 ui_script_frame_fn frame, void *user, long long now)
{
    struct coach_view v;
    coach_view(session_engine(s), &v);
    struct ui_screen scr;
    ui_front_screen(f, &v, now, &scr);
    frame(user, &scr, &v, now);
}

int ui_script_run(const struct ui_script *sc, const struct settings *st,
                  struct ui_front *f, ui_script_frame_fn frame, void *user,
                  char **err)
{
    *err = NULL;
    struct answer_script *answers = NULL;
    if (sc->answers) {
        answers = answer_script_parse(sc->answers, err);
        if (!answers)
            return -1;
    }
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = sc->routine;
    o.settings = st;
    o.history = sc->history;
    o.answers = answers;
    o.transcript_path = sc->transcript_path;
    o.screening_only = sc->screening_only;
    o.force_screening = sc->force_screening;
    o.wall_start_s = sc->wall_start_s;
    ui_front_init(f, sc->routine);
    struct session_frontend fe = {
        .ask = fe_ask, .stop = fe_action, .action = fe_action,
        .end = fe_end,
    };
    struct session *s = session_create(&o, &fe, f, err);
    if (!s) {
        answer_script_free(answers);
        return -1;
    }
    long long sample = sc->sample_ms > 0 ? sc->sample_ms : 1000;
    long long ack = sc->ack_after_ms > 0 ? sc->ack_after_ms : 3000;
    long long pause_ms = sc->pause_ms > 0 ? sc->pause_ms : 8000;
    long long now = 0, held_since = -1;
    long long pause_at = -1, resume_at = -1, stop_at = -1;
    int holds = 0;
    enum coach_phase last_phase = PHASE_IDLE;
    enum coach_side last_side = SIDE_NONE;
    session_start(s, now);
    bool chart = false;
    long long wall0 = sc->wall_start_s > 0 ? sc->wall_start_s
                                           : util_wall_s();
    while (!f->done) {
        session_update(s, now);
        if (session_ended(s))
            f->ended = true;
        struct coach_view sv;
        coach_view(session_engine(s), &sv);
        if ((f->ended || sv.phase == PHASE_SUMMARY ||
             sv.phase == PHASE_STOPPED) && !chart && sc->history) {
            /* The summary's chart, with this session, as the window
             * loads it at the end. */
            ui_front_load_history(f, sc->history,
                                  wall0 + now / 1000 + 1);
            chart = true;
        }
        struct coach_view v;
        coach_view(session_engine(s), &v);
        if (v.phase == PHASE_HOLD &&
            (last_phase != PHASE_HOLD || v.side != last_side)) {
            holds++;
            if (holds == sc->pause_in_hold && pause_at < 0)
                pause_at = now + 10000;
            if (holds == sc->stop_in_hold && stop_at < 0)
                stop_at = now + 10000;
        }
        last_phase = v.phase;
        last_side = v.side;
        show(s, f, frame, user, now);
        /* What the user does with the screen, at its time. */
        if (pause_at >= 0 && now >= pause_at) {
            press(s, f, UI_CMD_PAUSE, now);
            pause_at = -1;
            resume_at = now + pause_ms;
            continue;
        }
        if (resume_at >= 0 && now >= resume_at) {
            press(s, f, UI_CMD_PAUSE, now);
            resume_at = -1;
            continue;
        }
        if (stop_at >= 0 && now >= stop_at) {
            press(s, f, UI_CMD_STOP, now);
            stop_at = -1;
            continue;
        }
        /* A held stop and the summary wait for the user: acknowledged
         * after a while, as a user reads them. */
        if (f->stop_held || f->ended) {
            if (held_since < 0)
                held_since = now;
            if (now - held_since >= ack) {
                press(s, f, UI_CMD_OK, now);
                held_since = -1;
                continue;
            }
        } else {
            held_since = -1;
        }
        long long wake = session_ended(s) ? -1 : session_next_wakeup(s);
        long long next = now + sample;
        if (wake >= 0 && wake < next)
            next = wake;
        long long plan = resume_at >= 0 ? resume_at
                         : pause_at >= 0 ? pause_at : stop_at;
        if (plan >= 0 && plan < next)
            next = plan;
        if (wake < 0 && plan < 0 && !f->stop_held && !f->ended) {
            /* Waiting for an answer nobody scripted: a user would do
             * something, a script cannot; it ends as the terminal does. */
            session_quit(s, now);
            f->ended = true;
            continue;
        }
        /* Always forward, by a millisecond at least: what was due ran in
         * session_update above. */
        now = next > now ? next : now + 1;
    }
    int status = session_exit_status(s);
    session_destroy(s);
    answer_script_free(answers);
    return status;
}
