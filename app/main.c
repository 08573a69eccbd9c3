/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot: a voice-guided coach for foam-roller and massage-ball routines.
 * Dispatches to the subcommands in app/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/reader_language.h"
#include "app/version.h"
#include "config/settings.h"
#include "util/i18n.h"

const char *unknot_config_path;

static void usage(FILE *out)
{
    fputs(_("usage: unknot [--config FILE] [COMMAND [ARGS...]]\n"
            "       unknot --version\n\n"
            "With no command, opens the home screen (or, with no "
            "display, the default routine in the terminal).\n\n"
            "Commands:\n"), out);
    for (const struct command *c = unknot_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, i18n_text(c->summary));
    fputs(_("\nOptions may come anywhere after the command; "
            "'--' ends them.\n"
            "'unknot COMMAND --help' describes a command; 'man unknot' "
            "all of them.\n"), out);
}

int main(int argc, char **argv)
{
    /* The system's language until the settings are known, then the
     * reader's (the settings', else the system's) until a session
     * chooses its own. */
    i18n_init();
    i18n_use(i18n_system_language());
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            unknot_config_path = argv[i + 1];
            i += 2;
        } else if (!strncmp(argv[i], "--config=", 9)) {
            unknot_config_path = argv[i] + 9;
            i++;
        } else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
            printf("unknot %s\n", UNKNOT_VERSION);
            return EXIT_DONE;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return EXIT_DONE;
        } else {
            break;  /* options of the default command */
        }
    }
    reader_language_use(unknot_config_path);
    if (unknot_config_path) {
        /* A --config that cannot be read is an error for every command,
         * also those that use no setting (list, check, devices): the user
         * meant some file, and silently ignoring it hides the typo. */
        struct settings probe;
        if (settings_load_for_app(&probe, unknot_config_path) != 0)
            return EXIT_USAGE;
    }
    const char *name = i < argc && argv[i][0] != '-' ? argv[i] : NULL;
    if (!name) {
        /* No command: the default job.  `home` opens the screen when there
         * is one and falls back to the terminal. */
        for (const struct command *c = unknot_commands; c->name; c++)
            if (!strcmp(c->name, "home"))
                return c->run(argc - i + 1, argv + i - 1);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(name, "version")) {
        printf("unknot %s\n", UNKNOT_VERSION);
        return EXIT_DONE;
    }
    if (!strcmp(name, "help")) {
        usage(stdout);
        return EXIT_DONE;
    }
    for (const struct command *c = unknot_commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c->run(argc - i, argv + i);
    fprintf(stderr, _("unknot: unknown command '%s'\n"), name);
    usage(stderr);
    return EXIT_USAGE;
}
