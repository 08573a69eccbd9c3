/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot config [KEY=VALUE...]   the settings in effect, and where each
 *                                came from (default, FILE:LINE, command
 *                                line); KEY=VALUE overrides for this run
 * unknot config --defaults       the commented default settings file
 * unknot config --markdown       the key table of docs/settings.md
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "config/settings.h"
#include "ui/input.h"
#include "ui/run.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/util.h"

int cmd_config(int argc, char **argv);

static void config_usage(FILE *out)
{
    fputs(_("usage: unknot [--config FILE] config [KEY=VALUE...]\n"
          "       unknot config --defaults | --markdown\n\n"
          "Prints the settings in effect and where each came from: the\n"
          "built-in default, FILE:LINE of the settings file, or the command\n"
          "line (KEY=VALUE, such as volume=60).  --defaults prints the\n"
          "commented default settings file; see docs/settings.md.\n"), out);
}

int cmd_config(int argc, char **argv)
{
    enum { O_DEFAULTS = 1, O_MARKDOWN };
    static const struct option longopts[] = {
        { "defaults", no_argument, NULL, O_DEFAULTS },
        { "markdown", no_argument, NULL, O_MARKDOWN },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "config", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1) {
        switch (c) {
        case O_DEFAULTS: settings_write_defaults(stdout); return EXIT_DONE;
        case O_MARKDOWN: settings_write_markdown(stdout); return EXIT_DONE;
        case 'h': config_usage(stdout); return EXIT_DONE;
        default: config_usage(stderr); return EXIT_USAGE;
        }
    }
    int first_set = p.first;

    struct settings s;
    if (settings_load_for_app(&s, unknot_config_path) != 0)
        return EXIT_USAGE;

    struct diag_list diags;
    diag_init(&diags);
    for (int i = first_set; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            diag_add(&diags, DIAG_ERROR, "command line", 0,
                     "'%s' is not KEY=VALUE, such as volume=60", argv[i]);
            continue;
        }
        char *key = xstrndup(argv[i], (size_t)(eq - argv[i]));
        settings_set(&s, str_trim(key), eq + 1, &diags);
        free(key);
    }
    diag_print(&diags, stderr);
    int bad = diags.errors > 0;
    diag_free(&diags);
    /* The key map's key and command names are the screen's: check them
     * here too, so a typo shows before the window opens. */
    struct ui_keymap km;
    if (ui_keymap_from_settings(&s, &km) < 0)
        bad = 1;
    if (bad)
        return EXIT_USAGE;
    /* Its comments in the language these settings give a session
     * without a routine language (util/i18n.h). */
    struct i18n_choice lang;
    i18n_choose(NULL, s.language, s.voice, &lang);
    i18n_use(lang.catalogue);
    settings_print(&s, stdout);
    return EXIT_DONE;
}
