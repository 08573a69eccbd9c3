/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot list: the routines a user can run, grouped by body region, with
 * their estimated length and level.  A routine working several regions is
 * listed under each.  Files that do not pass the checker are named once on
 * stderr and left out; they do not make the command fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "util/diag.h"
#include "util/util.h"
#include "util/escape.h"
#include "util/i18n.h"

int cmd_list(int argc, char **argv);

static bool uses_region(const struct routine *r, const struct region_info *g)
{
    for (size_t i = 0; i < r->step_count; i++)
        if (r->steps[i].region == g)
            return true;
    return false;
}

int cmd_list(int argc, char **argv)
{
    static const struct option longopts[] = { CMD_OPTS_COMMON };
    struct cmd_opts p;
    cmd_opts_begin(&p, "list", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1 || p.first < argc) {
        bool help = c == 'h';
        if (c == -1)
            fprintf(stderr, _("unknot list: unexpected argument '%s'\n"),
                    argv[p.first]);
        fprintf(help ? stdout : stderr, _("usage: unknot list\n"
                "Lists the routines found in the user's data folder, the "
                "installed ones and the source tree, by body region.\n"));
        return help ? EXIT_DONE : EXIT_USAGE;
    }
    /* The data folder of the settings (--config anywhere) is searched. */
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    char **paths = routine_list_paths();
    struct routine **rs = NULL;
    size_t n = 0, cap = 0, width = 4;
    for (size_t i = 0; paths[i]; i++) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(paths[i], &dl);
        if (!r) {
            fprintf(stderr, ngettext("unknot: skipping %s: %lu error (see "
                                     "'unknot check %s')\n",
                                     "unknot: skipping %s: %lu errors (see "
                                     "'unknot check %s')\n",
                                     (unsigned long)dl.errors),
                    term_safe(paths[i]), (unsigned long)dl.errors,
                    term_safe(paths[i]));
        } else {
            rs = xgrow(rs, &cap, n + 1, sizeof *rs);
            rs[n++] = r;
            if (strlen(r->name) > width)
                width = strlen(r->name);
        }
        diag_free(&dl);
    }
    routine_free_paths(paths);
    if (!n) {
        fprintf(stderr, _("unknot: no routines found; put .ini files in "
                "$XDG_DATA_HOME/unknot/routines\n"));
        free(rs);
        return EXIT_DONE;
    }
    for (size_t g = 0; g < region_count(); g++) {
        const struct region_info *reg = region_at(g);
        bool header = false;
        for (size_t i = 0; i < n; i++) {
            if (!uses_region(rs[i], reg))
                continue;
            if (!header)
                printf("%s\n", region_title(reg));
            header = true;
            int s = routine_estimate_seconds(rs[i]);
            printf(_("  %-*s  %2d min %2d s  %-8s  %s\n"), (int)width,
                   term_safe(rs[i]->name), s / 60, s % 60,
                   routine_level_name(rs[i]->level),
                   term_safe(rs[i]->title));
        }
    }
    for (size_t i = 0; i < n; i++)
        routine_destroy(rs[i]);
    free(rs);
    return EXIT_DONE;
}
