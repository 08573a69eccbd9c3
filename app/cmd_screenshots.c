/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot screenshots DIR: every screen as a user sees it, at 800x480 and
 * 1920x1080 (or the sizes given with --size WxH), as BMP files for a
 * person to review.  The pictures come from real scripted sessions: the
 * real session driver and engine in virtual time, with scripted answers,
 * into a history of their own (ui/shots.h).  Renders with SDL's software
 * renderer on the dummy video driver, so it needs no display and gives
 * the same pixels as the screen tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "config/settings.h"
#include "ui/shots.h"
#include "ui/ui.h"
#include "util/paths.h"
#include "util/util.h"
#include "util/i18n.h"

int cmd_screenshots(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out, _("usage: unknot screenshots [--size WxH]... "
                 "[--text-scale X] DIR\n"
                 "Runs scripted sessions through the real coach and writes "
                 "every screen\n"
                 "as DIR/NN-SESSION-SCREEN-WxH.bmp, by default at 800x480 and "
                 "1920x1080,\n"
                 "with each session's transcript (NN-SESSION.jsonl) and the "
                 "texts drawn\n"
                 "(NN-SESSION-WxH.txt).\n"));
}

int cmd_screenshots(int argc, char **argv)
{
    int sizes[8][2];
    size_t nsizes = 0;
    double scale = 1.0;
    const char *dir = NULL;
    enum { O_SIZE = 1, O_SCALE };
    static const struct option longopts[] = {
        { "size", required_argument, NULL, O_SIZE },
        { "text-scale", required_argument, NULL, O_SCALE },
        CMD_OPTS_COMMON,
    };
    struct cmd_opts p;
    cmd_opts_begin(&p, "screenshots", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1) {
        int w, h;
        char extra;
        switch (c) {
        case 'h':
            usage(stdout);
            return EXIT_DONE;
        case O_SIZE:
            if (sscanf(p.arg, "%dx%d%c", &w, &h, &extra) != 2 ||
                w < 320 || h < 200 || w > 7680 || h > 4320) {
                fprintf(stderr, _("unknot screenshots: bad --size '%s': "
                        "write WIDTHxHEIGHT, e.g. 1280x720\n"), p.arg);
                return EXIT_USAGE;
            }
            if (nsizes < 8) {
                sizes[nsizes][0] = w;
                sizes[nsizes][1] = h;
                nsizes++;
            }
            break;
        case O_SCALE:
            if (!str_to_double(p.arg, &scale) || scale < 0.5 ||
                scale > 3.0) {
                fprintf(stderr, _("unknot screenshots: bad --text-scale "
                        "'%s': use a number from 0.5 to 3\n"), p.arg);
                return EXIT_USAGE;
            }
            break;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - p.first == 1)
        dir = argv[p.first];
    else if (argc - p.first > 1) {
        fprintf(stderr, _("unknot screenshots: one folder ('%s')\n"),
                argv[p.first + 1]);
        return EXIT_USAGE;
    }
    if (!dir) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!nsizes) {
        sizes[0][0] = 800; sizes[0][1] = 480;
        sizes[1][0] = 1920; sizes[1][1] = 1080;
        nsizes = 2;
    }
    if (paths_mkdir_p(dir) != 0) {
        perror(dir);
        return EXIT_RUNTIME;
    }
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    /* Always the software renderer: the images match the tests', and a
     * hidden window's pixels are reliable with it.  No sound: the
     * sessions run on a manual clock with eSpeak NG's spoken lengths. */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    int rc = EXIT_DONE;
    long written = 0;
    for (size_t s = 0; s < nsizes && rc == EXIT_DONE; s++) {
        char *err = NULL;
        int n = ui_shots_write(dir, sizes[s][0], sizes[s][1], scale, &st,
                               stdout, &err);
        if (n < 0) {
            fprintf(stderr, "unknot screenshots: %s\n",
                    err ? err : _("failed"));
            free(err);
            rc = EXIT_RUNTIME;
            break;
        }
        written += n;
    }
    SDL_Quit();
    if (rc == EXIT_DONE)
        fprintf(stderr, ngettext("unknot screenshots: %ld image in %s\n",
                                 "unknot screenshots: %ld images in %s\n",
                                 (unsigned long)written), written,
                dir);
    return rc;
}
