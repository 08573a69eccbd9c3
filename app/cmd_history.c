/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot history [--limit N] [--db FILE]   recent sessions, newest first
 * unknot history --csv [--db FILE]         every answer as CSV
 *
 * Reads the history read-only: listing or exporting never changes the
 * file, and works while a coach is recording (WAL readers never block the
 * writer).  Columns and their meaning: docs/history.md.
 *
 * The list is in the user's language: the `language` setting, else the
 * system's (util/i18n.h), as a session of a routine without a language.
 * The CSV is data for a spreadsheet and stays as it is in every language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "config/settings.h"
#include "history/history.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/util.h"

int cmd_history(int argc, char **argv);

#define HISTORY_DEFAULT_LIMIT 20

static void history_usage(FILE *out)
{
    fputs(_("usage: unknot history [--limit N] [--db FILE]\n"
          "       unknot history --csv [--db FILE] > sessions.csv\n\n"
          "Lists recent sessions, newest first: date, routine, duration,\n"
          "outcome, the rule that stopped it and the highest soreness\n"
          "answered.  --limit N lists N sessions (default 20, 0 for all).\n"
          "--csv writes every answer and screening as CSV for a therapist\n"
          "(columns in docs/history.md).  --db FILE reads another history\n"
          "file instead of history.db in the data folder.\n"), out);
}

int cmd_history(int argc, char **argv)
{
    const char *db = NULL;
    long limit = HISTORY_DEFAULT_LIMIT;
    bool csv = false, limit_given = false;
    enum { O_CSV = 1, O_LIMIT, O_DB };
    static const struct option longopts[] = {
        { "csv", no_argument, NULL, O_CSV },
        { "limit", required_argument, NULL, O_LIMIT },
        { "db", required_argument, NULL, O_DB },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "history", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1) {
        const char *v = p.arg;
        switch (c) {
        case 'h':
            history_usage(stdout);
            return EXIT_DONE;
        case O_CSV:
            csv = true;
            break;
        case O_LIMIT:
            if (!str_to_int(v, &limit) || limit < 0 || limit > 1000000) {
                fprintf(stderr, _("unknot history: --limit '%s': give a number "
                        "of sessions, or 0 for all\n"), v);
                return EXIT_USAGE;
            }
            limit_given = true;
            break;
        case O_DB:
            if (!*v) {
                fprintf(stderr, _("unknot history: --db needs a file\n"));
                return EXIT_USAGE;
            }
            db = v;
            break;
        default:
            history_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (p.first < argc) {
        fprintf(stderr, _("unknot history: unexpected argument '%s'\n"),
                argv[p.first]);
        history_usage(stderr);
        return EXIT_USAGE;
    }
    if (csv && limit_given) {
        fprintf(stderr, _("unknot history: --csv exports every answer; "
                "--limit applies to the list only\n"));
        return EXIT_USAGE;
    }

    char *path;
    struct settings s;
    if (db) {
        path = xstrdup(db);
        /* The settings only matter for where the data folder is and for
         * the list's language; --db works even when the settings file
         * has an error (whatever it gave for `language` counts). */
        struct diag_list diags;
        diag_init(&diags);
        settings_defaults(&s);
        (void)settings_load(&s, unknot_config_path, &diags);
        diag_free(&diags);
    } else {
        if (settings_load_for_app(&s, unknot_config_path) != 0)
            return EXIT_USAGE;
        char *dir = settings_data_dir(&s);
        path = history_default_path(dir);
        free(dir);
    }
    if (!csv) {
        struct i18n_choice lang;
        i18n_choose(NULL, s.language, s.voice, &lang);
        i18n_use(lang.catalogue);
    }

    /* A named file must exist; the default one simply may not yet. */
    struct history_options opt = { .read_only = true, .missing_ok = !db };
    char *err = NULL;
    struct history *h = history_open_with(path, &opt, &err);
    free(path);
    if (!h) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return db ? EXIT_USAGE : EXIT_RUNTIME;
    }
    int rc = csv ? history_export_csv(h, stdout)
                 : history_print_sessions(h, stdout, (int)limit);
    if (rc != 0)
        fprintf(stderr, "unknot history: %s\n", history_error(h));
    history_close(h);
    return rc == 0 ? EXIT_DONE : EXIT_RUNTIME;
}
