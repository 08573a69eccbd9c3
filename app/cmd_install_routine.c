/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot install-routine [--replace] [--dry-run] FILE|DIR...
 *
 * Checks each routine file (every .ini directly inside a DIR) as `unknot
 * check` does and installs those with no error into the user's routine
 * folder (routines/install.h).  Exit statuses: 0 every file installed (or
 * already there), 2 usage, or any file broken or refused, 1 a file that
 * passed could not be written.
 */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "routines/install.h"
#include "util/paths.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_install_routine(int argc, char **argv);

static void usage(FILE *out)
{
    fputs(_("usage: unknot install-routine [--replace] [--dry-run] "
          "FILE|DIR...\n"
          "Checks routine files as 'unknot check' does and installs the ones\n"
          "without errors into your routine folder ($XDG_DATA_HOME/unknot/"
          "routines).\nA DIR installs every .ini file directly inside it.\n"
          "  --replace  also install a file named like a routine that comes\n"
          "             with Unknot (yours is then used instead of it)\n"
          "  --dry-run  check and say what would be done; change nothing\n"
          "Replacing one of your own routines prints what changes.\n"
          "Exit status: 0 all installed, 2 a file has errors or was "
          "refused,\n1 a good file could not be written.\n"), out);
}

int cmd_install_routine(int argc, char **argv)
{
    struct install_options o = { 0 };
    int first = argc, nfiles = 0;
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || !a[1]) {
            nfiles++;
            if (first == argc)
                first = i;
        } else if (!strcmp(a, "--")) {
            only_files = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_DONE;
        } else if (!strcmp(a, "--replace")) {
            o.replace_bundled = true;
        } else if (!strcmp(a, "--dry-run")) {
            o.dry_run = true;
        } else {
            fprintf(stderr, _("unknot install-routine: unknown option '%s'\n"),
                    a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!nfiles) {
        usage(stderr);
        return EXIT_USAGE;
    }
    int status = EXIT_DONE;
    only_files = false;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && !strcmp(a, "--")) {
            only_files = true;
            continue;
        }
        if (!only_files && a[0] == '-' && a[1])
            continue;
        char **files;
        if (path_is_dir(a)) {
            files = install_list_dir(a);
            if (!files[0]) {
                printf(_("%s: no routine files (.ini) in this folder\n"), a);
                status = EXIT_USAGE;
            }
        } else {
            files = xcalloc(2, sizeof *files);
            files[0] = xstrdup(a);
        }
        for (size_t k = 0; files[k]; k++) {
            enum install_result r = install_routine_file(files[k], &o);
            if (r == INSTALL_FAILED)
                status = EXIT_RUNTIME;
            else if ((r == INSTALL_BROKEN || r == INSTALL_BUNDLED)
                     && status == EXIT_DONE)
                status = EXIT_USAGE;
        }
        install_free_list(files);
    }
    fflush(stdout);
    return status;
}
