/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot check FILE...: the therapists' checker.  Prints every problem as
 * "FILE:LINE: error: MESSAGE" (or warning), and for a file with no error
 * one line "FILE: ok: N steps, about M min S s".  Exit 0 when no file has
 * an error (warnings allowed), 2 when any has one.  Everything goes to
 * stdout: the report is the command's output, and can be saved to a file.
 */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "routines/routine.h"
#include "util/diag.h"

int cmd_check(int argc, char **argv);

static void check_usage(FILE *out)
{
    fprintf(out, "usage: unknot check FILE...\n"
                 "Checks routine files and prints each problem as "
                 "FILE:LINE: error: MESSAGE.\n"
                 "Exit status: 0 no errors (warnings allowed), 2 errors.\n"
                 "The format is described in docs/routine-format.md.\n");
}

int cmd_check(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        check_usage(stdout);
        return EXIT_DONE;
    }
    if (argc > 1 && !strcmp(argv[1], "--"))
        first = 2;
    if (first >= argc) {
        check_usage(stderr);
        return EXIT_USAGE;
    }
    int status = EXIT_DONE;
    for (int i = first; i < argc; i++) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(argv[i], &dl);
        diag_print(&dl, stdout);
        if (r) {
            int s = routine_estimate_seconds(r);
            printf("%s: ok: %zu step%s, about %d min %d s", argv[i],
                   r->step_count, r->step_count == 1 ? "" : "s", s / 60,
                   s % 60);
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
    fflush(stdout);
    return status;
}
