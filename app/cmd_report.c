/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot report [--since DATE] [--routine NAME] [--paper a4|letter]
 *               [--language LL] [--db FILE] [--config FILE] -o FILE.pdf
 *
 * The printable report for a therapist (report/report.h, docs/report.md).
 * Reads the history read-only; the PDF appears whole or not at all.
 * Exit statuses: 0 written, 1 the history could not be read or the file
 * not written, 2 usage or a --db file that is missing or unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "config/settings.h"
#include "history/history.h"
#include "report/report.h"
#include "util/atomic_file.h"
#include "util/i18n.h"
#include "util/util.h"

int cmd_report(int argc, char **argv);
struct history *cmd_open_history_read(const char *cmd, const char *db,
                                      struct settings *st, int *status);

static void usage(FILE *out)
{
    fputs(_("usage: unknot report [--since DATE] [--routine NAME] "
          "[--paper a4|letter]\n"
          "                     [--language LL] [--db FILE] [--config FILE] "
          "-o FILE.pdf\n"
          "Writes a printable PDF for a therapist: sessions per week against "
          "the plan,\nsoreness per region over time, every rule that fired "
          "and what the coach\ndid, the screening answers that change the "
          "dose, and the routines used.\n"
          "  --since DATE     only sessions from DATE (YYYY-MM-DD) on\n"
          "  --routine NAME   only this routine (its file name)\n"
          "  --paper          a4 (default) or letter\n"
          "  --language LL    de, fr, es or en (default: the language "
          "setting, else\n"
          "                   the system's)\n"
          "  --db FILE        read another history file\n"
          "  --config FILE    read the settings from FILE\n"
          "See docs/report.md.\n"), out);
}

int cmd_report(int argc, char **argv)
{
    const char *out = NULL, *db = NULL, *since = NULL, *routine = NULL,
               *paper = "a4", *language = NULL;
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "db", required_argument, NULL, 'd' },
        { "since", required_argument, NULL, 's' },
        { "routine", required_argument, NULL, 'r' },
        { "paper", required_argument, NULL, 'p' },
        { "language", required_argument, NULL, 'l' },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts op;
    cmd_opts_begin(&op, "report", argc, argv, "o:", longopts);
    int c;
    while ((c = cmd_opts_next(&op)) != -1) {
        switch (c) {
        case 'o': out = op.arg; break;
        case 'd': db = op.arg; break;
        case 's': since = op.arg; break;
        case 'r': routine = op.arg; break;
        case 'p': paper = op.arg; break;
        case 'l': language = op.arg; break;
        case 'h':
            usage(stdout);
            return EXIT_DONE;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (op.first < argc) {
        fprintf(stderr, _("unknot report: unknown argument '%s'\n"),
                argv[op.first]);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!out || !*out || (db && !*db) || (routine && !*routine)
        || (language && !*language)) {
        fprintf(stderr, "unknot report: %s\n", !out || !*out
                ? _("give the file to write with -o FILE.pdf")
                : _("an option is missing its value"));
        usage(stderr);
        return EXIT_USAGE;
    }
    struct report_options o = { 0 };
    if (!strcmp(paper, "a4")) {
        o.paper = REPORT_A4;
    } else if (!strcmp(paper, "letter")) {
        o.paper = REPORT_LETTER;
    } else {
        fprintf(stderr, _("unknot report: --paper '%s': use a4 or letter\n"),
                paper);
        return EXIT_USAGE;
    }
    if (since && (o.since_s = report_parse_date(since)) < 0) {
        fprintf(stderr, _("unknot report: --since '%s': give a date as "
                "YYYY-MM-DD, e.g. 2026-11-03\n"), since);
        return EXIT_USAGE;
    }
    o.routine = routine;
    struct settings st;
    int status = EXIT_DONE;
    struct history *h = cmd_open_history_read("report", db, &st, &status);
    if (!h)
        return status;
    /* The report's language: --language, else the `language` setting,
     * else the system's, as a session without a routine language picks
     * it (util/i18n.h).  No catalogue for it: English, and a note. */
    struct i18n_choice lang;
    i18n_choose(language, st.language, st.voice, &lang);
    i18n_use(lang.catalogue);
    if (!lang.has_catalogue && strcmp(lang.asked, "en"))
        fprintf(stderr, _("unknot report: no translation for language '%s': "
                "the report is in English\n"), lang.asked);
    o.patient_name = st.patient_name;
    o.patient_id = st.patient_id;
    struct atomic_file af;
    char *err = NULL;
    FILE *f = atomic_file_open(&af, out, 0600, &err);
    if (f) {
        if (report_write_pdf(h, &o, f, NULL, &err) != 0)
            atomic_file_abort(&af);
        else
            atomic_file_commit(&af, &err);
    }
    history_close(h);
    if (err) {
        fprintf(stderr, "unknot report: %s\n", err);
        free(err);
        return EXIT_RUNTIME;
    }
    return EXIT_DONE;
}
