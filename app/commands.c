/* The command table.  Keep it in the order `unknot help` should list. */
#include <stddef.h>

#include "app/commands.h"

/* Each command's entry point, defined in app/cmd_<name>.c. */
int cmd_check(int argc, char **argv);
int cmd_config(int argc, char **argv);

const struct command unknot_commands[] = {
    { "check",  "check routine files for errors", cmd_check },
    { "config", "print the effective settings", cmd_config },
    { NULL, NULL, NULL },
};
