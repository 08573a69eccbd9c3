/*
 * The unknot subcommands.  Each lives in app/cmd_<name>.c and takes the
 * arguments after the command name (argv[0] is the command name).
 *
 * Exit statuses, shared by every command (documented in docs/usage.md):
 *   0 done / completed          1 runtime failure
 *   2 bad input or usage        3 not started or stopped by a safety rule
 *   4 stopped by the user
 */
#ifndef UNKNOT_APP_COMMANDS_H
#define UNKNOT_APP_COMMANDS_H

enum {
    EXIT_DONE = 0,
    EXIT_RUNTIME = 1,
    EXIT_USAGE = 2,
    EXIT_SAFETY = 3,
    EXIT_USER_STOP = 4,
};

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
