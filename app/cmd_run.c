/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot run ROUTINE [--headless] [--answers LIST] [--virtual-time]
 *                    [--transcript FILE] [--screening]
 *
 * Runs a routine in the terminal: every prompt is spoken (through the
 * audio output of the settings) and printed; answers and commands are
 * typed.  Everything answered is recorded in the history as it is given.
 * Exit statuses (docs/usage.md): 0 completed, 1 runtime failure, 2 bad
 * input or usage, 3 not started or stopped by a safety rule, 4 stopped by
 * the user (or left waiting with no keyboard).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "app/terminal.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "ui/run.h"
#include "ui/ui.h"
#include "util/diag.h"
#include "util/util.h"

int cmd_run(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(f,
        "usage: unknot run ROUTINE [--headless] [--answers LIST] "
        "[--virtual-time]\n"
        "                  [--transcript FILE] [--screening]\n"
        "Runs ROUTINE (a file or the name of an installed routine) in the "
        "terminal.\n"
        "  --answers LIST     scripted answers: ID=VALUE,...; ID* matches a "
        "prefix\n"
        "                     (e.g. 'screen-*=no,daily-*=no,soreness=3')\n"
        "  --virtual-time     run as fast as possible on a manual clock\n"
        "  --transcript FILE  write every event as JSON lines ('-' for "
        "stdout)\n"
        "  --screening        ask the health screening again first\n"
        "Keys: 0-10, y, n answer; p pause, r resume, a repeat, s skip, q or "
        "x stop;\n"
        "each followed by Enter.  See docs/usage.md and docs/questions.md.\n");
}

struct routine *cmd_load_routine(const char *name)
{
    char *path = routine_resolve(name);
    if (!path) {
        fprintf(stderr, "unknot: no routine '%s' (see 'unknot list', or "
                "give a file path)\n", name);
        return NULL;
    }
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_file(path, &dl);
    if (!r || dl.errors)
        diag_print(&dl, stderr);
    diag_free(&dl);
    free(path);
    return r;
}

int cmd_parse_answers(const char *cmd, const char *list,
                      struct answer_script **out)
{
    *out = NULL;
    if (!list)
        return 0;
    char *err = NULL;
    *out = answer_script_parse(list, &err);
    if (*out)
        return 0;
    fprintf(stderr, "unknot %s: %s\n", cmd, err ? err : "bad --answers");
    free(err);
    return -1;
}

struct history *cmd_open_history(const struct settings *st)
{
    char *dir = settings_data_dir(st);
    char *path = history_default_path(dir);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    if (!h) {
        fprintf(stderr, "unknot: %s: %s\n", path, err ? err : "cannot open");
        free(err);
    }
    free(path);
    free(dir);
    return h;
}

int cmd_run(int argc, char **argv)
{
    const char *name = NULL, *answers = NULL, *transcript = NULL;
    bool virtual_time = false, screening = false, headless = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_DONE;
        } else if (!strcmp(a, "--headless")) {
            headless = true;
        } else if (!strcmp(a, "--virtual-time")) {
            virtual_time = true;
        } else if (!strcmp(a, "--screening")) {
            screening = true;
        } else if (!strcmp(a, "--answers") && i + 1 < argc) {
            answers = argv[++i];
        } else if (!strncmp(a, "--answers=", 10)) {
            answers = a + 10;
        } else if (!strcmp(a, "--transcript") && i + 1 < argc) {
            transcript = argv[++i];
        } else if (!strncmp(a, "--transcript=", 13)) {
            transcript = a + 13;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "unknot run: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (!name) {
            name = a;
        } else {
            fprintf(stderr, "unknot run: one routine at a time ('%s')\n", a);
            return EXIT_USAGE;
        }
    }
    if (!name) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    struct answer_script *script = NULL;
    if (cmd_parse_answers("run", answers, &script) < 0)
        return EXIT_USAGE;
    struct routine *r = cmd_load_routine(name);
    if (r && !cmd_session_within_cap(r, &st)) {
        routine_destroy(r);
        r = NULL;
    }
    if (!r) {
        answer_script_free(script);
        return EXIT_USAGE;
    }
    struct history *h = cmd_open_history(&st);
    if (!h) {
        routine_destroy(r);
        answer_script_free(script);
        return EXIT_RUNTIME;
    }
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.history = h;
    o.answers = script;
    o.transcript_path = transcript;
    o.force_screening = screening;
    /* The window when there is a display; the terminal when asked to, in
     * virtual time (which no screen could follow), or when no window opens
     * (ui_run_session_window has then said why, once). */
    int status = -1;
    if (!headless && !virtual_time) {
        if (ui_display_available())
            status = ui_run_session_window(&o, &st);
        else
            fprintf(stderr, "unknot: no display; running in the terminal\n");
    }
    if (status < 0)
        status = terminal_run_session(&o, virtual_time);
    history_close(h);
    routine_destroy(r);
    answer_script_free(script);
    return status;
}
