/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The unknot subcommands.  Each lives in app/cmd_<name>.c and takes the
 * arguments after the command name (argv[0] is the command name).
 *
 * Exit statuses: util/exit_status.h (documented in docs/usage.md).
 */
#ifndef UNKNOT_APP_COMMANDS_H
#define UNKNOT_APP_COMMANDS_H

#include "util/exit_status.h"

struct command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

/* The command table, ended by an entry with name == NULL. */
extern const struct command unknot_commands[];

/* Global options parsed by main before the command. */
extern const char *unknot_config_path;   /* --config FILE, or NULL */

#endif
