/* The command table.  Keep it in the order `unknot help` should list. */
#include <stddef.h>

#include "app/commands.h"

/* Each command's entry point, defined in app/cmd_<name>.c. */

const struct command unknot_commands[] = {
    { NULL, NULL, NULL },
};
