/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every screen from real scripted sessions; see shots.h. */
#include "ui/shots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coach/screening.h"
#include "history/history.h"
#include "routines/routine.h"
#include "ui/front.h"
#include "ui/home.h"
#include "ui/script.h"
#include "ui/ui.h"
#include "util/diag.h"
#include "util/paths.h"
#include "util/util.h"

/* The sessions, in order, into one history. */
static const struct scenario {
    const char *name;
    const char *routine;
    const char *answers;
    bool screening;
    int pause_in_hold, stop_in_hold;
    int day;            /* days after the first; the last was yesterday */
} scenarios[] = {
    /* First use: the health screening, a whole routine, a pause. */
    { "first", "full-body-basic",
      "screen-*=no,daily-*=no,soreness=3,*=no", true, 2, 0, 0 },
    /* The next day: still sore from yesterday (lighter), and soreness 8
     * after a step (that region is skipped). */
    { "next-day", "full-body-basic",
      "daily-*=no,recent-soreness=5,soreness=2,*=no", false, 0, 0, 1 },
    /* The user stops and says why: dizzy. */
    { "stopped", "neck-shoulders-gentle",
      "daily-*=no,recent-soreness=1,soreness=2,stop-reason=3,*=no", false,
      0, 2, 8 },
    /* A warning sign in the daily check: urgent care, nothing starts. */
    { "urgent", "runners-legs", "daily-*=no,daily-calf=yes,*=no", false, 0,
      0, 9 },
};

struct shooter {
    struct ui *ui;
    const char *dir;
    FILE *list;
    FILE *txt;
    const char *session;
    int w, h;
    int *counter;
    int written;
    char seen[32][48];
    size_t nseen;
    int failed;
    char *err;
};

static const char *check_in_kind(const char *id)
{
    if (!id)
        return "check-in";
    if (!strncmp(id, "screen-", 7))
        return "screening";
    if (!strncmp(id, "daily-", 6))
        return "daily-check";
    if (!strcmp(id, "recent-soreness"))
        return "recent-soreness";
    if (!strcmp(id, "area-check"))
        return "area-check";
    return "check-in";
}

/* A name for what the screen shows, e.g. "hold-paused", "stop-urgent". */
static void screen_key(const struct ui_screen *scr,
                       const struct coach_view *v, char *buf, size_t n)
{
    const char *q = v->question ? v->question->id : NULL;
    switch (scr->kind) {
    case UI_SCREEN_HOME: snprintf(buf, n, "home"); break;
    case UI_SCREEN_QUESTION:
        if (v->phase == PHASE_CHECK_IN)
            snprintf(buf, n, "%s", check_in_kind(q));
        else if (q && !strcmp(q, "stop-reason"))
            snprintf(buf, n, "stop-reason");
        else
            snprintf(buf, n, "question");
        break;
    case UI_SCREEN_STEP: {
        const char *l = scr->u.step.phase_label ? scr->u.step.phase_label
                                                : "step";
        size_t k = 0;
        for (; l[k] && k + 1 < n; k++)
            buf[k] = l[k] == ' ' ? '-'
                     : (char)(l[k] >= 'A' && l[k] <= 'Z' ? l[k] - 'A' + 'a'
                                                          : l[k]);
        buf[k] = '\0';
        if (scr->u.step.paused)
            snprintf(buf + k, n - k, "-paused");
        break;
    }
    case UI_SCREEN_REST: snprintf(buf, n, "rest"); break;
    case UI_SCREEN_STOP:
        snprintf(buf, n, "%s", scr->u.stop.action == ACTION_URGENT
                 ? "stop-urgent" : scr->u.stop.action == ACTION_NOT_START
                 ? "not-today" : "stop");
        break;
    case UI_SCREEN_SUMMARY: snprintf(buf, n, "summary"); break;
    case UI_SCREEN_MESSAGE: snprintf(buf, n, "message"); break;
    }
    if (ui_screen_notice(scr)) {
        size_t k = strlen(buf);
        snprintf(buf + k, n - k, "-notice");
    }
}

static void save(struct shooter *sh, const struct ui_screen *scr,
                 const char *key)
{
    ui_render(sh->ui, scr);
    char name[160];
    snprintf(name, sizeof name, "%02d-%s-%s-%dx%d.bmp", ++*sh->counter,
             sh->session, key, sh->w, sh->h);
    char *path = path_join(sh->dir, name);
    char *err = NULL;
    if (ui_save_bmp(sh->ui, path, &err) != 0) {
        if (!sh->failed)
            sh->err = err;
        else
            free(err);
        sh->failed = 1;
        free(path);
        return;
    }
    if (sh->list)
        fprintf(sh->list, "%s\n", path);
    free(path);
    sh->written++;
    /* What was drawn, for review and for tests/cli/screenshots.sh. */
    if (sh->txt) {
        fprintf(sh->txt, "== %s\n", name);
        for (size_t i = 0; i < ui_text_count(sh->ui); i++) {
            const struct ui_text_item *t = ui_text_at(sh->ui, i);
            fprintf(sh->txt, "text #%02x%02x%02x %s\n", t->fg.r, t->fg.g,
                    t->fg.b, t->text);
        }
        if (scr->kind == UI_SCREEN_SUMMARY) {
            const struct ui_summary_model *m = &scr->u.summary;
            for (size_t i = 0; i < m->answer_count; i++)
                fprintf(sh->txt, "row %s %d %s | %s | %s\n",
                        m->answers[i].question_id
                        ? m->answers[i].question_id : "-",
                        m->answers[i].value,
                        m->answers[i].flagged ? "flagged" : "plain",
                        m->answers[i].question, m->answers[i].answer);
        }
    }
}

static void on_frame(void *user, const struct ui_screen *scr,
                     const struct coach_view *v, long long now_ms)
{
    (void)now_ms;
    struct shooter *sh = user;
    if (sh->failed)
        return;
    char key[48];
    screen_key(scr, v, key, sizeof key);
    for (size_t i = 0; i < sh->nseen; i++)
        if (!strcmp(sh->seen[i], key))
            return;
    /* A countdown is shown a little into it, as the eye meets it. */
    bool countdown = (scr->kind == UI_SCREEN_STEP ||
                      scr->kind == UI_SCREEN_REST) &&
                     scr->u.step.countdown_ms >= 0 &&
                     scr->u.step.phase_ms > 4000;
    if (countdown && !scr->u.step.paused &&
        scr->u.step.phase_ms - scr->u.step.countdown_ms < 3000)
        return;
    if (sh->nseen < ARRAY_LEN(sh->seen))
        snprintf(sh->seen[sh->nseen++], sizeof sh->seen[0], "%s", key);
    save(sh, scr, key);
}

static void remove_history(const char *tmp)
{
    static const char *const files[] = {
        "history.db", "history.db-wal", "history.db-shm",
        "history.db-journal",
    };
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        char *p = path_join(tmp, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmp);
}

int ui_shots_write(const char *dir, int w, int h, double text_scale,
                   const struct settings *st, FILE *list, char **err)
{
    *err = NULL;
    const char *tmpdir = getenv("TMPDIR");
    char *tmp = xasprintf("%s/unknot-shots-XXXXXX",
                          tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(tmp)) {
        *err = xasprintf("%s: cannot make a folder", tmp);
        free(tmp);
        return -1;
    }
    char *hpath = path_join(tmp, "history.db");
    struct history *hist = history_open(hpath, err);
    if (!hist) {
        free(hpath);
        remove_history(tmp);
        free(tmp);
        return -1;
    }
    struct ui_options uo = { .width = w, .height = h, .hidden = true,
                             .text_scale = text_scale };
    struct ui *ui = ui_create(&uo, err);
    if (!ui) {
        history_close(hist);
        free(hpath);
        remove_history(tmp);
        free(tmp);
        return -1;
    }
    int counter = 0, written = 0, rc = 0;
    /* The sessions happened over the last days, spaced so the frequency
     * limit (three a week) lets each start; the last was yesterday. */
    int last_day = scenarios[ARRAY_LEN(scenarios) - 1].day;
    long long day0 = util_wall_s() - (long long)(last_day + 1) * 86400;
    for (size_t i = 0; i < ARRAY_LEN(scenarios) && rc == 0; i++) {
        const struct scenario *sc = &scenarios[i];
        char *path = routine_resolve(sc->routine);
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = path ? routine_load_file(path, &dl) : NULL;
        diag_free(&dl);
        free(path);
        if (!r) {
            *err = xasprintf("no routine '%s'", sc->routine);
            rc = -1;
            break;
        }
        char base[96];
        snprintf(base, sizeof base, "%02zu-%s", i + 1, sc->name);
        char *tname = xasprintf("%s.jsonl", base);
        char *tpath = path_join(dir, tname);
        char *xname = xasprintf("%s-%dx%d.txt", base, w, h);
        char *xpath = path_join(dir, xname);
        struct shooter sh = {
            .ui = ui, .dir = dir, .list = list, .session = sc->name,
            .w = w, .h = h, .counter = &counter,
        };
        sh.txt = fopen(xpath, "w");
        struct ui_script s = {
            .routine = r, .answers = sc->answers,
            .force_screening = sc->screening, .history = hist,
            .transcript_path = tpath,
            .wall_start_s = day0 + (long long)sc->day * 86400,
            .pause_in_hold = sc->pause_in_hold,
            .stop_in_hold = sc->stop_in_hold,
        };
        struct ui_front *f = xcalloc(1, sizeof *f);
        if (ui_script_run(&s, st, f, on_frame, &sh, err) < 0)
            rc = -1;
        free(f);
        if (sh.txt)
            fclose(sh.txt);
        if (sh.failed) {
            free(*err);
            *err = sh.err;
            rc = -1;
        }
        written += sh.written;
        free(tname);
        free(tpath);
        free(xname);
        free(xpath);
        routine_destroy(r);
    }
    if (rc == 0) {
        /* The home screen and the history chart, as those sessions left
         * them. */
        struct ui_home_data d;
        if (ui_home_load(&d, hpath, util_wall_s()) == 0) {
            struct shooter sh = {
                .ui = ui, .dir = dir, .list = list, .session = "after",
                .w = w, .h = h, .counter = &counter,
            };
            struct ui_screen scr;
            ui_home_screen(&d, &scr);
            save(&sh, &scr, "home");
            /* Further down the list: the highlight moved, the list with
             * it, as far as it must. */
            d.selected = d.count ? d.count - 1 : 0;
            ui_home_screen(&d, &scr);
            save(&sh, &scr, "home-scrolled");
            struct ui_front *f = xcalloc(1, sizeof *f);
            ui_front_init(f, NULL);
            ui_front_load_history(f, hist, util_wall_s() + 1);
            ui_history_screen(f, &scr);
            save(&sh, &scr, "history");
            free(f);
            written += sh.written;
            if (sh.failed) {
                *err = sh.err;
                rc = -1;
            }
            ui_home_free(&d);
        }
    }
    ui_destroy(ui);
    history_close(hist);
    free(hpath);
    remove_history(tmp);
    free(tmp);
    return rc == 0 ? written : -1;
}
