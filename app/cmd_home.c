/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot home (and `unknot` with no command): the home screen.  Routines
 * by body region with their length and level, the last session and when
 * the next is due; choosing one runs it in the window, then comes back
 * here.  With no display it says so in one line and runs the default
 * routine in the terminal (`unknot run --headless`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "session/session.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "ui/home.h"
#include "ui/run.h"
#include "ui/ui.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/util.h"

int cmd_home(int argc, char **argv);

/* Run when there is no screen: short, gentle, all over. */
#define HOME_DEFAULT_ROUTINE "full-body-basic"

static int run_in_terminal(void)
{
    for (const struct command *c = unknot_commands; c->name; c++) {
        if (!strcmp(c->name, "run")) {
            char *args[] = { "run", "--headless", HOME_DEFAULT_ROUTINE,
                             NULL };
            return c->run(3, args);
        }
    }
    fprintf(stderr, _("unknot: this build has no terminal runner\n"));
    return EXIT_RUNTIME;
}

static int run_chosen(struct ui *ui, struct ui_keymap *km,
                      const struct settings *st, const char *path)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_file(path, &dl);
    if (!r) {
        diag_print(&dl, stderr);
        diag_free(&dl);
        return EXIT_USAGE;
    }
    diag_free(&dl);
    if (!cmd_session_within_cap(r, st)) {
        routine_destroy(r);
        return EXIT_USAGE;
    }
    char *dir = settings_data_dir(st);
    char *hpath = history_default_path(dir);
    char *err = NULL;
    struct history *h = history_open(hpath, &err);
    if (!h) {
        /* err names the file already ("PATH: error: ..."). */
        fprintf(stderr, "unknot: %s\n", err ? err : _("cannot open history"));
        free(err);
    }
    free(hpath);
    free(dir);
    int status = EXIT_RUNTIME;
    if (h) {
        struct session_options o;
        memset(&o, 0, sizeof o);
        o.routine = r;
        o.settings = st;
        o.history = h;
        status = ui_run_session(ui, &o, st, km);
        history_close(h);
    }
    routine_destroy(r);
    return status;
}

int cmd_home(int argc, char **argv)
{
    static const struct option longopts[] = { CMD_OPTS_COMMON };
    struct cmd_opts p;
    cmd_opts_begin(&p, "home", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1 || p.first < argc) {
        bool help = c == 'h';
        if (c == -1)
            fprintf(stderr, _("unknot home: unexpected argument '%s'\n"),
                    argv[p.first]);
        fprintf(help ? stdout : stderr, _("usage: unknot [home]\n"
                "Opens the home screen: pick a routine with the arrows and "
                "Enter, or a tap.\nWith no display, runs the default routine "
                "(%s) in the terminal.\n"), HOME_DEFAULT_ROUTINE);
        return help ? EXIT_DONE : EXIT_USAGE;
    }
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    if (!ui_display_available()) {
        fprintf(stderr, _("unknot: no display; running the default routine "
                "'%s' in the terminal\n"), HOME_DEFAULT_ROUTINE);
        return run_in_terminal();
    }
    struct ui_options uo;
    ui_options_from_settings(&st, &uo);
    char *err = NULL;
    struct ui *ui = ui_create(&uo, &err);
    if (!ui) {
        fprintf(stderr, _("unknot: %s; running the default routine '%s' in "
                "the terminal\n"), err ? err : _("no window"),
                HOME_DEFAULT_ROUTINE);
        free(err);
        return run_in_terminal();
    }
    struct ui_keymap km;
    ui_keymap_from_settings(&st, &km);
    char *dir = settings_data_dir(&st);
    char *hpath = history_default_path(dir);
    free(dir);
    size_t selected = 0;
    for (;;) {
        /* The home screen speaks the settings' (or the system's)
         * language, also after a session in another one. */
        struct i18n_choice lang;
        session_language(NULL, &st, &lang);
        struct ui_home_data d;
        if (ui_home_load(&d, hpath, util_wall_s()) != 0)
            fprintf(stderr, _("unknot: no routines found; put .ini files in "
                    "$XDG_DATA_HOME/unknot/routines\n"));
        d.settings = &st;
        if (selected < d.count)
            d.selected = selected;
        const char *path = NULL;
        int picked = ui_home_run(ui, &d, &km, &path);
        selected = d.selected;
        char *chosen = picked == 1 ? xstrdup(path) : NULL;
        ui_home_free(&d);
        if (picked == 2)        /* routines installed: load them */
            continue;
        if (!chosen)
            break;
        /* The session's outcome is in the history; the home screen
         * comes back either way. */
        (void)run_chosen(ui, &km, &st, chosen);
        free(chosen);
    }
    free(hpath);
    ui_destroy(ui);
    SDL_Quit();
    return EXIT_DONE;
}
