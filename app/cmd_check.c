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
#include "audio/voices.h"
#include "routines/routine.h"
#include "session/session.h"
#include "util/diag.h"
#include "util/i18n.h"

int cmd_check(int argc, char **argv);

static void check_usage(FILE *out)
{
    fprintf(out, "usage: unknot check [--estimate] FILE...\n"
                 "Checks routine files and prints each problem as "
                 "FILE:LINE: error: MESSAGE,\n"
                 "and for a good file its worst-case length (slowest "
                 "speech, longest lead-in).\n"
                 "  --estimate  bound speech lengths from the text "
                 "instead of measuring them\n"
                 "              with eSpeak NG (no synthesis; never "
                 "shorter than the real length)\n"
                 "Exit status: 0 no errors (warnings allowed), 2 errors.\n"
                 "The format is described in docs/routine-format.md.\n");
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
        fprintf(stderr, "unknot: %s: the length of a session could not be "
                "measured, so it cannot be shown to be within the %d-minute "
                "cap; not started\n", r->path, DOSE_SESSION_CAP_S / 60);
    else
        fprintf(stderr, "unknot: %s: a session at your settings (%d words "
                "a minute, %d s lead-in) would run %lld min %lld s, over the "
                "%d-minute cap for self-treatment; not started (see unknot "
                "check)\n", r->path, st->rate_wpm, st->lead_in_s,
                (ms + 999) / 60000, ((ms + 999) / 1000) % 60,
                DOSE_SESSION_CAP_S / 60);
    return false;
}

/* The line of the [routine] section's language key, for the report; 0
 * (the whole file) when it cannot be told. */
static int language_line(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char buf[512];
    int line = 0, found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        line++;
        const char *p = buf;
        if (line == 1 && !strncmp(p, "\xef\xbb\xbf", 3))
            p += 3;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, "language", 8)) {
            p += 8;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '=' || *p == ':')
                found = line;
        }
    }
    fclose(f);
    return found;
}

/* The routine's language: an eSpeak NG voice must speak it (an error:
 * the session could not say a word), and the coach's own words need a
 * catalogue (a warning: the session runs in English). */
static void check_language(const char *path, const struct routine *r,
                           struct diag_list *dl)
{
    if (!r->language_set)
        return;
    int line = language_line(path);
    int have = voices_have(r->language);
    if (have == 0)
        diag_add(dl, DIAG_ERROR, path, line, "language = '%s': eSpeak NG "
                 "has no voice for it (`espeak-ng --voices` lists them; "
                 "use its code, such as de, fr, es or en-us)", r->language);
    else if (have < 0)
        diag_add(dl, DIAG_WARNING, path, line, "language = '%s': no "
                 "eSpeak NG voice data found to check it against (is "
                 "espeak-ng-data installed?)", r->language);
    char cat[16];
    if (have != 0 && !i18n_catalogue_for(r->language, cat, sizeof cat))
        diag_add(dl, DIAG_WARNING, path, line, "language = '%s': the "
                 "coach's own words have no translation in it yet (there "
                 "are: en %s), so the session speaks and shows them in "
                 "English, all in an English voice", r->language,
                 i18n_available());
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
        struct routine *r = routine_load_file(argv[i], &dl);
        struct dose_length len = { -1, { 0 } };
        if (r) {
            check_language(argv[i], r, &dl);
            /* The session's words are in its language: measure those. */
            struct i18n_choice lang;
            i18n_choose(r->language_set ? r->language : NULL, NULL, NULL,
                        &lang);
            i18n_use(lang.catalogue);
            if (!dl.errors)
                dose_worst_case(r, &speech, &len);
            if (dl.errors
                || !dose_check_length(r, &len, estimate, argv[i], &dl)) {
                routine_destroy(r);
                r = NULL;
            }
        }
        diag_print(&dl, stdout);
        if (r) {
            long long s = (len.ms + 999) / 1000;
            printf("%s: ok: %zu step%s, %s %lld min %lld s (%s, %d words "
                   "a minute, %d s lead-in)", argv[i], r->step_count,
                   r->step_count == 1 ? "" : "s",
                   estimate ? "at most" : "worst case", s / 60, s % 60,
                   len.worst.first_use ? "first use" : "a later session",
                   len.worst.rate_wpm, len.worst.lead_in_s);
            if (dl.warnings)
                printf(", %zu warning%s", dl.warnings,
                       dl.warnings == 1 ? "" : "s");
            putchar('\n');
        } else {
            status = EXIT_USAGE;
        }
        routine_destroy(r);
        diag_free(&dl);
    }
    dose_cache_destroy(cache);
    fflush(stdout);
    return status;
}
