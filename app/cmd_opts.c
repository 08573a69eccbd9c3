/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GNU-style option parsing for the commands; see cmd_opts.h. */
#include "app/cmd_opts.h"

#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/reader_language.h"
#include "util/i18n.h"

void cmd_opts_begin(struct cmd_opts *p, const char *cmd, int argc,
                    char **argv, const char *shortopts,
                    const struct option *longopts)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    p->longopts = longopts;
    /* Leading ':' reports a missing value as ':' instead of '?'; no '+'
     * so GNU getopt permutes (options anywhere). */
    snprintf(p->shortopts, sizeof p->shortopts, ":%sh",
             shortopts ? shortopts : "");
    /* optind 0 makes glibc start a fresh scan (and re-read the order). */
    optind = 0;
    opterr = 0;
}

int cmd_opts_next(struct cmd_opts *p)
{
    for (;;) {
        int idx = -1;
        int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts,
                            &idx);
        p->arg = optarg;
        if (c == -1) {
            p->first = optind;
            return -1;
        }
        if (c == CMD_OPT_CONFIG) {
            unknot_config_path = optarg;
            reader_language_use(unknot_config_path);
            continue;
        }
        if (c == '?' || c == ':') {
            /* optind has moved past the offending word. */
            const char *word = optind > 0 && optind <= p->argc
                               ? p->argv[optind - 1] : "?";
            char shortname[3] = { '-', (char)optopt, '\0' };
            /* A short option inside a cluster: name that letter. */
            const char *name = optopt && word[0] == '-' && word[1] != '-'
                               ? shortname : word;
            char *eq = NULL;
            char buf[128];
            if (name == word && (eq = strchr(word, '='))) {
                snprintf(buf, sizeof buf, "%.*s", (int)(eq - word), word);
                name = buf;
            }
            if (c == ':')
                fprintf(stderr, _("unknot %s: option '%s' needs a value\n"),
                        p->cmd, name);
            else
                fprintf(stderr, _("unknot %s: unknown option '%s'\n"), p->cmd,
                        name);
            return '?';
        }
        return c;
    }
}
