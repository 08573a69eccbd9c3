/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Timing of a real session: a routine of about 11 minutes run in real time
 * through the real session driver (session/session.c) with the null audio
 * backend (speech paced in real time, no sound card needed) and scripted
 * answers.  For every hold start, hold end and rest start it prints how
 * late the front end saw it against the engine's schedule, then the mean
 * and worst (rest ends too, seen as the view leaving the rest for the next
 * setup), for the first and the last quarter of the session (no growth
 * means nothing drifts), and the measured length of every hold against
 * its planned length.
 *
 * Takes about 11 minutes.  UNKNOT_BENCH_SHORT=1 runs two steps (about
 * 3 minutes) to try it out.
 */
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/session.h"
#include "audio/audio.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "util/diag.h"
#include "util/util.h"

struct sample {
    const char *what;
    long long sched_ms;     /* session clock, as scheduled by the engine */
    long long seen_ms;      /* session clock, when the front end saw it */
};

static struct sample samples[512];
static size_t nsamples;
static long long t0;
static long long hold_started_seen, hold_started_sched;
static double hold_err_sum, hold_err_worst;
static int nholds;

static void on_action(void *user, const struct coach_action *a, long long t)
{
    (void)user;
    const char *what = a->kind == COACH_ACT_HOLD_START ? "hold start"
                       : a->kind == COACH_ACT_HOLD_END ? "hold end"
                       : a->kind == COACH_ACT_REST_START ? "rest start"
                       : NULL;
    if (!what || nsamples >= 512)
        return;
    long long seen = util_now_ms() - t0;
    samples[nsamples++] = (struct sample){ what, t, seen };
    if (a->kind == COACH_ACT_HOLD_START) {
        hold_started_seen = seen;
        hold_started_sched = t;
    } else if (a->kind == COACH_ACT_HOLD_END) {
        /* Measured hold length against the planned one. */
        double err = (double)((seen - hold_started_seen)
                              - (t - hold_started_sched));
        hold_err_sum += fabs(err);
        if (fabs(err) > hold_err_worst)
            hold_err_worst = fabs(err);
        nholds++;
    }
    printf("%8.3f  %-10s %-14s %-5s late %3lld ms\n", t / 1000.0, what,
           a->step ? a->step : "-",
           a->side == SIDE_LEFT ? "left" : a->side == SIDE_RIGHT ? "right"
                                                                 : "",
           seen - t);
    fflush(stdout);
}

/* The end of a rest has no action of its own: it is the view going from
 * the rest to the next step's setup, scheduled at that phase's start. */
static void on_show(void *user, const struct coach_view *v)
{
    static enum coach_phase last = PHASE_IDLE;
    (void)user;
    if (last == PHASE_REST && v->phase == PHASE_SETUP && nsamples < 512) {
        long long sched = v->phase_start_ms - t0;
        long long seen = util_now_ms() - t0;
        samples[nsamples++] = (struct sample){ "rest end", sched, seen };
        printf("%8.3f  %-10s %-14s %-5s late %3lld ms\n", sched / 1000.0,
               "rest end", "-", "", seen - sched);
        fflush(stdout);
    }
    last = v->phase;
}

static void stats(const char *label, size_t from, size_t to)
{
    double sum = 0, worst = 0;
    for (size_t i = from; i < to; i++) {
        double d = (double)(samples[i].seen_ms - samples[i].sched_ms);
        sum += d;
        if (fabs(d) > fabs(worst))
            worst = d;
    }
    size_t n = to - from;
    printf("%-22s %3zu boundaries  mean %6.2f ms  worst %4.0f ms\n", label,
           n, n ? sum / (double)n : 0.0, worst);
}

int main(void)
{
    bool short_run = getenv("UNKNOT_BENCH_SHORT") != NULL;
    static const char *const steps[][2] = {
        { "calves", "Roller under one calf." },
        { "hamstrings", "Roller under one thigh." },
        { "quadriceps", "Face down on the roller." },
        { "glutes", "Sit on the roller." },
        { "adductors", "Inner thigh on the roller." },
        { "lats", "On your side, arm overhead." },
        { "feet", "Ball under one foot." },
    };
    int hold = short_run ? 30 : 35;
    size_t nsteps = short_run ? 2 : ARRAY_LEN(steps);
    char *text = xstrdup("[routine]\ntitle = Timing bench\n");
    for (size_t i = 0; i < nsteps; i++) {
        char *more = xasprintf("%s[step s%zu]\nregion = %s\nsetup = %s\n"
                               "hold = %d\nsides = left-right\nrest = %d\n"
                               "ask = soreness\n", text, i, steps[i][0],
                               steps[i][1], hold, i + 1 < nsteps ? 10 : 0);
        free(text);
        text = more;
    }
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(text, strlen(text), "bench",
                                            &dl);
    if (!r) {
        diag_print(&dl, stderr);
        return 1;
    }
    diag_free(&dl);
    struct settings st;
    settings_defaults(&st);
    st.detail = DETAIL_CONCISE;
    struct audio_options ao = { .backend = "null", .voice = "en",
                                .rate_wpm = st.rate_wpm, .volume = 50 };
    char *err = NULL;
    struct audio *audio = audio_open(&ao, &err);
    if (!audio) {
        fprintf(stderr, "bench_timing: audio: %s\n", err);
        return 1;
    }
    struct answer_script *ans = answer_script_parse("*=no,soreness=2", &err);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.audio = audio;
    o.answers = ans;
    o.assume_screened = true;
    o.transcript_path = getenv("UNKNOT_BENCH_TRANSCRIPT");
    struct session_frontend fe = { .action = on_action, .show = on_show };
    struct session *s = session_create(&o, &fe, NULL, &err);
    printf("bench_timing: a %d-step routine, %d s holds per side, run in "
           "real time through the session driver\n(null audio backend, "
           "scripted answers); about %s.  Lateness = when the front end "
           "saw a hold or rest boundary minus when the engine scheduled "
           "it.\n",
           (int)r->step_count, hold, short_run ? "3 minutes" : "11 minutes");
    fflush(stdout);
    t0 = util_now_ms();
    session_start(s, t0);
    while (!session_ended(s)) {
        struct pollfd p = { .fd = session_audio_fd(s), .events = POLLIN };
        poll(&p, 1, session_poll_timeout(s, util_now_ms()));
        session_update(s, util_now_ms());
    }
    long long total = util_now_ms() - t0;
    printf("\nsession: %lld.%03lld s, outcome %s\n", total / 1000,
           total % 1000, session_exit_status(s) == 0 ? "completed" : "not "
           "completed");
    size_t q = nsamples / 4;
    stats("all boundaries", 0, nsamples);
    stats("first quarter", 0, q);
    stats("last quarter", nsamples - q, nsamples);
    printf("%-22s %3d holds       mean %6.2f ms  worst %4.0f ms  "
           "(measured length - planned)\n", "hold lengths", nholds,
           nholds ? hold_err_sum / nholds : 0.0, hold_err_worst);
    session_destroy(s);
    audio_close(audio);
    answer_script_free(ans);
    routine_destroy(r);
    free(text);
    return 0;
}
