/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot export --fhir FILE.json [--db FILE]: the history as a FHIR R4
 * Bundle for a clinic's record system (export/fhir.h, docs/fhir.md).
 * Reads the history read-only; the file appears whole or not at all.
 * Exit statuses: 0 written, 1 the history could not be read or the file
 * not written, 2 usage or a --db file that is missing or unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "config/settings.h"
#include "export/fhir.h"
#include "history/history.h"
#include "util/atomic_file.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_export(int argc, char **argv);
struct history *cmd_open_history_read(const char *cmd, const char *db,
                                      struct settings *st, int *status);

static void usage(FILE *out)
{
    fputs(_("usage: unknot export --fhir FILE.json [--db FILE]\n"
          "Writes the whole history as a FHIR R4 Bundle (type collection):\n"
          "each session a Procedure, each answer an Observation (pain\n"
          "ratings with LOINC 72514-3 and a SNOMED CT body site), the\n"
          "screening a QuestionnaireResponse with its Questionnaire.\n"
          "FILE '-' writes to stdout.  --db FILE reads another history file.\n"
          "The mapping is described in docs/fhir.md.\n"), out);
}

/* Opens the history for reading: --db FILE (must exist), else the one in
 * the data folder of the settings (may not exist yet: empty).  Loads the
 * settings into *st either way (defaults when --db and they fail). */
struct history *cmd_open_history_read(const char *cmd, const char *db,
                                      struct settings *st, int *status)
{
    if (settings_load_for_app(st, unknot_config_path) != 0) {
        if (!db) {
            *status = EXIT_USAGE;
            return NULL;
        }
        settings_defaults(st);
    }
    char *path;
    if (db) {
        path = xstrdup(db);
    } else {
        char *dir = settings_data_dir(st);
        path = history_default_path(dir);
        free(dir);
    }
    struct history_options opt = { .read_only = true, .missing_ok = !db };
    char *err = NULL;
    struct history *h = history_open_with(path, &opt, &err);
    free(path);
    if (!h) {
        fprintf(stderr, "unknot %s: %s\n", cmd, err ? err : _("cannot open"));
        free(err);
        *status = db ? EXIT_USAGE : EXIT_RUNTIME;
    }
    return h;
}

int cmd_export(int argc, char **argv)
{
    const char *out = NULL, *db = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_DONE;
        } else if (!strcmp(a, "--fhir") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strncmp(a, "--fhir=", 7)) {
            out = a + 7;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            db = a + 5;
        } else {
            fprintf(stderr, _("unknot export: unknown argument '%s'\n"), a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!out || !*out || (db && !*db)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct settings st;
    int status = EXIT_DONE;
    struct history *h = cmd_open_history_read("export", db, &st, &status);
    if (!h)
        return status;
    struct atomic_file af;
    char *err = NULL;
    /* 0600: this is health information, wherever it is written. */
    FILE *f = atomic_file_open(&af, out, 0600, &err);
    if (f) {
        struct fhir_options o = { .patient_name = st.patient_name,
                                  .patient_id = st.patient_id };
        if (fhir_export(h, &o, f, &err) != 0)
            atomic_file_abort(&af);
        else
            atomic_file_commit(&af, &err);
    }
    history_close(h);
    if (err) {
        fprintf(stderr, "unknot export: %s\n", err);
        free(err);
        return EXIT_RUNTIME;
    }
    return EXIT_DONE;
}
