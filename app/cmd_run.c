/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot run ROUTINE [--headless] [--answers LIST] [--virtual-time]
 *                    [--transcript FILE] [--screening]
 *
 * Runs a routine in the window when there is a display, else (or with
 * --headless) in the terminal: every prompt is spoken (through the
 * audio output of the settings) and printed; answers and commands are
 * typed.  Everything answered is recorded in the history as it is given.
 * Exit statuses (docs/usage.md): 0 completed, 1 runtime failure, 2 bad
 * input or usage, 3 not started or stopped by a safety rule, 4 stopped by
 * the user (or left waiting with no keyboard).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "ui/run.h"
#include "ui/ui.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_run(int argc, char **argv);

static void usage(FILE *f)
{
    fprintf(f,
        _("usage: unknot run ROUTINE [--headless] [--answers LIST] "
        "[--virtual-time]\n"
        "                  [--transcript FILE] [--screening]\n"
        "Runs ROUTINE (a file or the name of an installed routine): in the "
        "window when\n"
        "there is a display, else in the terminal.  Options may come in any "
        "order.\n"
        "  --headless         in the terminal even with a display: spoken "
        "and printed\n"
        "                     prompts, typed answers\n"
        "  --answers LIST     scripted answers: ID=VALUE,...; ID* matches a "
        "prefix\n"
        "                     (e.g. 'screen-*=no,daily-*=no,soreness=3')\n"
        "  --virtual-time     run as fast as possible on a manual clock (in "
        "the terminal;\n"
        "                     nothing is played)\n"
        "  --transcript FILE  write every event as JSON lines ('-' for "
        "stdout)\n"
        "  --screening        ask the health screening again first\n"
        "  --config FILE      the settings file to use\n"
        "In the terminal: 0-10, y, n answer; p pause, r resume, a repeat, "
        "s skip,\n"
        "q or x stop; each followed by Enter.  See unknot(1).\n"));
}

struct routine *cmd_load_routine(const char *name)
{
    char *path = routine_resolve(name);
    if (!path && (strchr(name, '/') || str_ends_with(name, ".ini"))) {
        /* A path was given: say what is wrong with it. */
        struct stat sb;
        int e = stat(name, &sb) == 0 ? 0 : errno;
        char *shown = term_escape(name);
        fprintf(stderr, _("unknot: %s: cannot read the routine: %s\n"), shown,
                e ? strerror(e) : "not a regular file");
        free(shown);
        return NULL;
    }
    if (!path) {
        fprintf(stderr, _("unknot: no routine '%s' (see 'unknot list', or "
                "give a file path)\n"), name);
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
    fprintf(stderr, "unknot %s: %s\n", cmd, err ? err : _("bad --answers"));
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
        /* err names the file already ("PATH: error: ..."). */
        fprintf(stderr, "unknot: %s\n", err ? err : _("cannot open history"));
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
    enum { O_HEADLESS = 1, O_VIRTUAL, O_SCREENING, O_ANSWERS, O_TRANSCRIPT };
    static const struct option longopts[] = {
        { "headless", no_argument, NULL, O_HEADLESS },
        { "virtual-time", no_argument, NULL, O_VIRTUAL },
        { "screening", no_argument, NULL, O_SCREENING },
        { "answers", required_argument, NULL, O_ANSWERS },
        { "transcript", required_argument, NULL, O_TRANSCRIPT },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "run", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return EXIT_DONE;
        case O_HEADLESS: headless = true; break;
        case O_VIRTUAL: virtual_time = true; break;
        case O_SCREENING: screening = true; break;
        case O_ANSWERS: answers = p.arg; break;
        case O_TRANSCRIPT: transcript = p.arg; break;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    for (int i = p.first; i < argc; i++) {
        if (name) {
            fprintf(stderr, _("unknot run: one routine at a time ('%s')\n"),
                    argv[i]);
            return EXIT_USAGE;
        }
        name = argv[i];
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
            fprintf(stderr, _("unknot: no display; running in the terminal\n"));
    }
    if (status < 0)
        status = terminal_run_session(&o, virtual_time);
    history_close(h);
    routine_destroy(r);
    answer_script_free(script);
    return status;
}
