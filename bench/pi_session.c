/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measured program of bench/pi.sh: one session of ROUTINE in the SDL
 * window, exactly as the home screen runs a chosen routine (ui_run_session:
 * the session driver, the engine, speech through the audio output of the
 * settings, the history), with scripted answers so that nobody has to
 * touch it.  The screening is taken as done (assume_screened), so the
 * session is the daily check, the steps and the summary.
 *
 *   pi_session ROUTINE.ini [KEY=VALUE...]
 *
 * KEY=VALUE pairs are settings over the built-in defaults (not the user's
 * file), e.g. output=null voice_input=no.  The history goes to the usual
 * place ($XDG_DATA_HOME/unknot), so run it with a throw-away
 * XDG_DATA_HOME.  The window opens on whatever SDL finds
 * (SDL_VIDEODRIVER=dummy for the software renderer with no display).
 *
 * The window stays on the summary until someone leaves it, so a timer
 * reads the session's transcript ($XDG_DATA_HOME/pi-session.jsonl) twice a
 * second and closes the window once the end is written.
 *
 * Prints the session's exit status and length.  Not a benchmark by itself
 * (the Makefile does not run it): bench/pi.sh builds it and runs it under
 * callgrind and /usr/bin/time.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "session/session.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "ui/run.h"
#include "util/diag.h"
#include "util/paths.h"
#include "util/util.h"

/* Every yes-no question no, every scale 2: the session runs to its end. */
#define PI_ANSWERS "*=no,soreness=2"

/* SDL timer callback: quit once the transcript holds the end event. */
static Uint32 watch_end(Uint32 interval, void *user)
{
    FILE *f = fopen(user, "r");
    bool ended = false;
    if (f) {
        char line[4096];
        while (!ended && fgets(line, sizeof line, f))
            ended = strstr(line, "\"event\":\"end\"") != NULL;
        fclose(f);
    }
    if (!ended)
        return interval;
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_QUIT;
    SDL_PushEvent(&ev);
    return interval;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(stderr, "usage: pi_session ROUTINE.ini [KEY=VALUE...]\n");
        return 2;
    }
    struct diag_list dl;
    diag_init(&dl);
    struct settings st;
    settings_defaults(&st);
    for (int i = 2; i < argc; i++) {
        char key[64];
        const char *eq = strchr(argv[i], '=');
        size_t n = eq ? (size_t)(eq - argv[i]) : 0;
        if (!eq || n == 0 || n >= sizeof key) {
            fprintf(stderr, "pi_session: '%s' is not KEY=VALUE\n", argv[i]);
            return 2;
        }
        memcpy(key, argv[i], n);
        key[n] = '\0';
        if (settings_set(&st, key, eq + 1, &dl) != 0) {
            diag_print(&dl, stderr);
            return 2;
        }
    }
    struct routine *r = routine_load_file(argv[1], &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    if (!r)
        return 2;

    char *err = NULL;
    struct answer_script *answers = answer_script_parse(PI_ANSWERS, &err);
    if (!answers) {
        fprintf(stderr, "pi_session: %s\n", err ? err : "bad answers");
        return 2;
    }
    char *dir = settings_data_dir(&st);
    paths_mkdir_p(dir);
    char *hpath = history_default_path(dir);
    struct history *h = history_open(hpath, &err);
    if (!h) {
        fprintf(stderr, "pi_session: %s: %s\n", hpath,
                err ? err : "cannot open");
        return 1;
    }

    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.history = h;
    o.answers = answers;
    o.assume_screened = true;
    char *tpath = path_join(dir, "pi-session.jsonl");
    o.transcript_path = tpath;
    remove(tpath);
    if (SDL_InitSubSystem(SDL_INIT_TIMER) != 0 ||
        SDL_AddTimer(500, watch_end, tpath) == 0) {
        fprintf(stderr, "pi_session: no SDL timer: %s\n", SDL_GetError());
        return 1;
    }
    long long t0 = util_now_ms();
    int status = ui_run_session_window(&o, &st);
    long long t1 = util_now_ms();
    printf("pi_session: exit %d after %.1f s\n", status,
           (double)(t1 - t0) / 1000.0);

    history_close(h);
    free(hpath);
    free(tpath);
    free(dir);
    answer_script_free(answers);
    routine_destroy(r);
    return status < 0 ? 1 : status;
}
