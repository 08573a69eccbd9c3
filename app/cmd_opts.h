/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Option parsing shared by the commands, GNU style: getopt_long in its
 * permuting order, so options may come before, between or after the
 * other arguments (`unknot say "text" --wav out.wav`), `--` ends the
 * options, and a long option may be written `--name=value` or
 * `--name value` (or abbreviated while it is unambiguous).
 *
 * Every command also takes the global options: --config FILE (sets
 * unknot_config_path, as `unknot --config FILE CMD` does) and --help / -h.
 *
 * A command's loop:
 *
 *     static const struct option longopts[] = {
 *         { "wav", required_argument, NULL, 'w' },
 *         CMD_OPTS_COMMON,
 *     };
 *     struct cmd_opts p;
 *     cmd_opts_begin(&p, "say", argc, argv, "w:", longopts);
 *     int c;
 *     while ((c = cmd_opts_next(&p)) != -1) {
 *         switch (c) {
 *         case 'w': ... p.arg ...; break;
 *         case 'h': usage(stdout); return EXIT_DONE;
 *         default: usage(stderr); return EXIT_USAGE;  // '?' : reported
 *         }
 *     }
 *     // the other arguments: argv[p.first .. argc-1], in order
 *
 * Not thread-safe (getopt's state is global); commands run on the main
 * thread only.
 */
#ifndef UNKNOT_APP_CMD_OPTS_H
#define UNKNOT_APP_CMD_OPTS_H

#include <getopt.h>

#define CMD_OPT_CONFIG 0x1000   /* handled inside cmd_opts_next */

/* The options every command takes; put it last in the table (it ends it). */
#define CMD_OPTS_COMMON                                      \
    { "config", required_argument, NULL, CMD_OPT_CONFIG },   \
    { "help", no_argument, NULL, 'h' },                      \
    { NULL, 0, NULL, 0 }

struct cmd_opts {
    const char *cmd;            /* "say", for messages */
    int argc;
    char **argv;
    char shortopts[64];         /* ":+" prefix and "h" added */
    const struct option *longopts;
    const char *arg;            /* the option's argument, or NULL */
    int first;                  /* after -1: the first other argument */
};

void cmd_opts_begin(struct cmd_opts *p, const char *cmd, int argc,
                    char **argv, const char *shortopts,
                    const struct option *longopts);
/* The next option's value (the short letter or the long option's val),
 * 'h' for --help, -1 at the end (p->first set), or '?' after printing
 * "unknot CMD: unknown option '--x'" or "... option '--x' needs a value"
 * on standard error. */
int cmd_opts_next(struct cmd_opts *p);

#endif
