/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot screen [--answers LIST] [--virtual-time]: the full health
 * screening on demand (every item, even after one that keeps sessions from
 * starting), saved to the history.  The next `unknot run` uses it.
 * Exit 0 when saved, 1 on a history failure, 2 on bad usage, 4 when left
 * unanswered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "history/history.h"
#include "util/i18n.h"

int cmd_screen(int argc, char **argv);

int cmd_screen(int argc, char **argv)
{
    const char *answers = NULL;
    bool virtual_time = false;
    enum { O_VIRTUAL = 1, O_ANSWERS, O_HEADLESS };
    static const struct option longopts[] = {
        { "virtual-time", no_argument, NULL, O_VIRTUAL },
        { "answers", required_argument, NULL, O_ANSWERS },
        { "headless", no_argument, NULL, O_HEADLESS },  /* terminal only */
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "screen", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1 || p.first < argc) {
        switch (c) {
        case 'h':
            printf(_("usage: unknot screen [--answers LIST] [--virtual-time]"
                   "\nAsks the full health screening and saves it; "
                   "question ids in docs/questions.md.\n"));
            return EXIT_DONE;
        case O_VIRTUAL: virtual_time = true; break;
        case O_ANSWERS: answers = p.arg; break;
        case O_HEADLESS: break;
        case -1:
            fprintf(stderr, _("unknot screen: unexpected argument '%s'\n"),
                    argv[p.first]);
            return EXIT_USAGE;
        default:
            return EXIT_USAGE;
        }
    }
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    struct answer_script *script = NULL;
    if (cmd_parse_answers("screen", answers, &script) < 0)
        return EXIT_USAGE;
    struct history *h = cmd_open_history(&st);
    if (!h) {
        answer_script_free(script);
        return EXIT_RUNTIME;
    }
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.settings = &st;
    o.history = h;
    o.answers = script;
    o.screening_only = true;
    int status = terminal_run_session(&o, virtual_time);
    history_close(h);
    answer_script_free(script);
    return status;
}
