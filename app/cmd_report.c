/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot report [--since DATE] [--routine NAME] [--paper a4|letter]
 *               [--db FILE] -o FILE.pdf
 *
 * The printable report for a therapist (report/report.h, docs/report.md).
 * Reads the history read-only; the PDF appears whole or not at all.
 * Exit statuses: 0 written, 1 the history could not be read or the file
 * not written, 2 usage or a --db file that is missing or unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "config/settings.h"
#include "history/history.h"
#include "report/report.h"
#include "util/atomic_file.h"
#include "util/util.h"

int cmd_report(int argc, char **argv);
struct history *cmd_open_history_read(const char *cmd, const char *db,
                                      struct settings *st, int *status);

static void usage(FILE *out)
{
    fputs("usage: unknot report [--since DATE] [--routine NAME] "
          "[--paper a4|letter]\n"
          "                     [--db FILE] -o FILE.pdf\n"
          "Writes a printable PDF for a therapist: sessions per week against "
          "the plan,\nsoreness per region over time, every rule that fired "
          "and what the coach\ndid, the screening answers that change the "
          "dose, and the routines used.\n"
          "  --since DATE     only sessions from DATE (YYYY-MM-DD) on\n"
          "  --routine NAME   only this routine (its file name)\n"
          "  --paper          a4 (default) or letter\n"
          "  --db FILE        read another history file\n"
          "See docs/report.md.\n", out);
}

/* "--opt VALUE" or "--opt=VALUE" at argv[*i]; NULL when not this option,
 * "" when its value is missing. */
static const char *opt(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n))
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n])
        return NULL;
    return *i + 1 < argc ? argv[++*i] : "";
}

int cmd_report(int argc, char **argv)
{
    const char *out = NULL, *db = NULL, *since = NULL, *routine = NULL,
               *paper = "a4", *v;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return EXIT_DONE;
        } else if ((v = opt(argc, argv, &i, "-o"))
                   || (v = opt(argc, argv, &i, "--output"))) {
            out = v;
        } else if ((v = opt(argc, argv, &i, "--db"))) {
            db = v;
        } else if ((v = opt(argc, argv, &i, "--since"))) {
            since = v;
        } else if ((v = opt(argc, argv, &i, "--routine"))) {
            routine = v;
        } else if ((v = opt(argc, argv, &i, "--paper"))) {
            paper = v;
        } else {
            fprintf(stderr, "unknot report: unknown argument '%s'\n",
                    argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!out || !*out || (db && !*db) || (routine && !*routine)) {
        fprintf(stderr, "unknot report: %s\n", !out || !*out
                ? "give the file to write with -o FILE.pdf"
                : "an option is missing its value");
        usage(stderr);
        return EXIT_USAGE;
    }
    struct report_options o = { 0 };
    if (!strcmp(paper, "a4")) {
        o.paper = REPORT_A4;
    } else if (!strcmp(paper, "letter")) {
        o.paper = REPORT_LETTER;
    } else {
        fprintf(stderr, "unknot report: --paper '%s': use a4 or letter\n",
                paper);
        return EXIT_USAGE;
    }
    if (since && (o.since_s = report_parse_date(since)) < 0) {
        fprintf(stderr, "unknot report: --since '%s': give a date as "
                "YYYY-MM-DD, e.g. 2026-11-03\n", since);
        return EXIT_USAGE;
    }
    o.routine = routine;
    struct settings st;
    int status = EXIT_DONE;
    struct history *h = cmd_open_history_read("report", db, &st, &status);
    if (!h)
        return status;
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
