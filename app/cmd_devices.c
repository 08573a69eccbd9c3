/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot devices    lists the audio output and input devices PortAudio
 *                   sees, with the index and name the settings
 *                   (output_device, input_device) accept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "audio/audio.h"
#include "util/i18n.h"

int cmd_devices(int argc, char **argv);

static void print_side(const struct audio_device *d, size_t n, bool output)
{
    size_t shown = 0;
    fputs(output ? _("Output devices:\n") : _("Input devices:\n"), stdout);
    for (size_t i = 0; i < n; i++) {
        int ch = output ? d[i].max_output : d[i].max_input;
        if (ch <= 0)
            continue;
        bool def = output ? d[i].default_output : d[i].default_input;
        printf("  %3d  %-40s %s, %d ch, %.0f Hz%s\n", d[i].index, d[i].name,
               d[i].host_api, ch, d[i].default_rate,
               def ? "  (default)" : "");
        shown++;
    }
    if (!shown)
        printf(_("  none\n"));
}

int cmd_devices(int argc, char **argv)
{
    static const struct option longopts[] = { CMD_OPTS_COMMON };
    struct cmd_opts p;
    cmd_opts_begin(&p, "devices", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1 || p.first < argc) {
        if (c == 'h') {
            printf(_("usage: unknot devices\n\nLists the audio output and "
                   "input devices; set output_device or input_device\n"
                   "to a name or an index shown here.\n"));
            return EXIT_DONE;
        }
        if (c == -1)
            fprintf(stderr, _("unknot devices: unexpected argument '%s'\n"),
                    argv[p.first]);
        return EXIT_USAGE;
    }
    struct audio_device *d;
    size_t n;
    char *err;
    if (audio_list_devices(&d, &n, &err) < 0) {
        fprintf(stderr, "unknot devices: %s\n", err);
        free(err);
        return EXIT_RUNTIME;
    }
    print_side(d, n, true);
    print_side(d, n, false);
    free(d);
    return EXIT_DONE;
}
