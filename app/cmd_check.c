/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot check [--estimate] FILE...: the therapists' checker.  Prints
 * every problem as "FILE:LINE: error: MESSAGE" (or warning), and for a
 * file with no error one line
 * "FILE: ok: N steps, worst case M min S s (...)": the longest timeline
 * the engine produces for it at the slowest speech rate and the longest
 * lead-in the settings allow (coach/dose.h), which must be within the
 * 20-minute cap.  Speech lengths are eSpeak NG's, each text synthesised
 * once per run; --estimate uses dose_speech_bound_ms() instead, an upper
 * bound that needs no speech synthesis (for machines where eSpeak NG
 * cannot run, such as qemu user emulation), printed as "at most".
 * Messages are in the reader's language (app/reader_language.h: the
 * settings', else the system's; never the routine's own); FILE:LINE: and
 * the exit statuses are the same in every language.
 * Exit 0 when no file has an error (warnings allowed), 2 when any has one.
 * Everything goes to stdout: the report is the command's output, and can
 * be saved to a file.
 */
#include <stdio.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "audio/audio.h"
#include "coach/dose.h"
#include "routines/install.h"
#include "routines/routine.h"
#include "session/session.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/i18n.h"

int cmd_check(int argc, char **argv);

static void check_usage(FILE *out)
{
    fprintf(out, _("usage: unknot check [--estimate] FILE...\n"
                 "Checks routine files and prints each problem as "
                 "FILE:LINE: error: MESSAGE,\n"
                 "and for a good file its worst-case length (slowest "
                 "speech, longest lead-in).\n"
                 "  --estimate  bound speech lengths from the text "
                 "instead of measuring them\n"
                 "              with eSpeak NG (no synthesis; never "
                 "shorter than the real length)\n"
                 "Exit status: 0 no errors (warnings allowed), 2 errors.\n"
                 "The format is described in docs/routine-format.md.\n"));
}

static long long espeak_ms(const char *text, const char *voice, int rate,
                           void *user)
{
    (void)user;
    return audio_speech_ms(text, voice, rate);
}

/* The longest of a first use and a later session at settings st. */
static long long session_ms(const struct routine *r,
                            const struct settings *st,
                            const struct dose_speech *sp)
{
    long long worst = -1;
    for (int first = 1; first >= 0; first--) {
        struct dose_run run = {
            .rate_wpm = st->rate_wpm, .lead_in_s = st->lead_in_s,
            .detail = st->detail, .first_use = first, .recent = !first };
        long long ms = dose_run_ms(r, &run, sp);
        if (ms < 0)
            return -1;
        if (ms > worst)
            worst = ms;
    }
    return worst;
}

bool cmd_session_within_cap(const struct routine *r,
                            const struct settings *st)
{
    /* Measured in the session's language, whose words it will say. */
    struct i18n_choice lang;
    session_language(r, st, &lang);
    const long long cap = DOSE_SESSION_CAP_S * 1000LL;
    struct dose_speech bound = dose_speech_bound();
    long long ms = session_ms(r, st, &bound);
    if (ms >= 0 && ms <= cap)
        return true;
    struct dose_speech espeak = { espeak_ms, NULL };
    struct dose_cache *c = dose_cache_create(&espeak);
    struct dose_speech sp = dose_cache_speech(c);
    ms = session_ms(r, st, &sp);
    dose_cache_destroy(c);
    if (ms >= 0 && ms <= cap)
        return true;
    if (ms < 0)
        fprintf(stderr, _("unknot: %s: the length of a session could not be "
                "measured, so it cannot be shown to be within the %d-minute "
                "cap; not started\n"), r->path, DOSE_SESSION_CAP_S / 60);
    else
        fprintf(stderr, _("unknot: %s: a session at your settings (%d words "
                "a minute, %d s lead-in) would run %lld min %lld s, over the "
                "%d-minute cap for self-treatment; not started (see unknot "
                "check)\n"), r->path, st->rate_wpm, st->lead_in_s,
                (ms + 999) / 60000, ((ms + 999) / 1000) % 60,
                DOSE_SESSION_CAP_S / 60);
    return false;
}

int cmd_check(int argc, char **argv)
{
    bool estimate = false;
    enum { O_ESTIMATE = 1 };
    static const struct option longopts[] = {
        { "estimate", no_argument, NULL, O_ESTIMATE },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "check", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1) {
        if (c == O_ESTIMATE) {
            estimate = true;
            continue;
        }
        check_usage(c == 'h' ? stdout : stderr);
        return c == 'h' ? EXIT_DONE : EXIT_USAGE;
    }
    int first = p.first;
    if (first >= argc) {
        check_usage(stderr);
        return EXIT_USAGE;
    }
    struct dose_speech espeak = { espeak_ms, NULL };
    struct dose_speech bound = dose_speech_bound();
    struct dose_cache *cache = dose_cache_create(estimate ? &bound : &espeak);
    struct dose_speech speech = dose_cache_speech(cache);
    int status = EXIT_DONE;
    for (int i = first; i < argc; i++) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = install_check_file(argv[i], stdout, &dl,
                                               &speech, estimate);
        if (!r)
            status = EXIT_USAGE;
        routine_destroy(r);
        diag_free(&dl);
    }
    dose_cache_destroy(cache);
    fflush(stdout);
    return status;
}
