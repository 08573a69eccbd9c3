/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A region made lighter stays marked on the step screen (issue 10): two
 * whole sessions in the window's front end, in virtual time, through the
 * real session driver, engine and history (ui/script.h).  The first rolls
 * the calves; two hours later the calves are still sore (5 of 10), so
 * the rule recent-soreness-lighter makes them lighter.  On every hold of
 * the calves afterwards, also once the 20 s notice has gone, the drawn
 * text holds the tag "Lighter: pressure up to 4 of 10" at 800x480 and
 * 1280x720, at text scales 1 and 2: whole (not cut), on screen, as large
 * as the step's own lines (give or take a tenth), and clear of the
 * countdown.  The thighs, not worked the day before, are not lighter:
 * no tag.  The tag in German, French and Spanish fits the same way.
 * SDL's dummy video driver; the clock is manual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "config/settings.h"
#include "history/history.h"
#include "routines/region.h"
#include "routines/routine.h"
#include "tests/check.h"
#include "ui/front.h"
#include "ui/script.h"
#include "ui/ui.h"
#include "util/exit_status.h"
#include "util/i18n.h"

static const char calves_text[] =
    "[routine]\n"
    "title = Calves only\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = left-right\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Sit with the roller under one calf.\n";

static const char legs_text[] =
    "[routine]\n"
    "title = Calves and thighs\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = left-right\n"
    "hold = 30\n"
    "rest = 10\n"
    "setup = Sit on the floor with the roller under one calf, hands "
    "behind you. Cross the other leg on top if you want more pressure.\n"
    "ask = soreness\n"
    "\n"
    "[step quads]\n"
    "region = quadriceps\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Lie face down on your forearms with the roller under your "
    "thighs, just above the knees.\n";

static const char tag_text[] = "Lighter: pressure up to 4 of 10";

/* The window sizes and text scales the tag must read at. */
static const struct { int w, h; double scale; } looks[] = {
    { 800, 480, 1.0 }, { 1280, 720, 1.0 },
    { 800, 480, 2.0 }, { 1280, 720, 2.0 },
};
#define LOOKS (sizeof looks / sizeof looks[0])

static struct ui *uis[LOOKS];
static struct history *hist;

struct seen {
    int lighter_holds[LOOKS];       /* calves holds with the tag right */
    int lighter_holds_no_notice[LOOKS];
    int calves_holds, quads_holds;
    int quads_tagged;               /* thigh frames drawn with a tag */
    int bad[LOOKS];                 /* calves frames with a wrong tag */
    char why[LOOKS][200];
};

static bool overlaps(SDL_Rect a, SDL_Rect b)
{
    SDL_Rect both;
    return SDL_IntersectRect(&a, &b, &both) == SDL_TRUE;
}

/* Any drawn text that is a lighter tag (whatever its cap). */
static const struct ui_text_item *find_tag(struct ui *ui, const char *want)
{
    for (size_t i = 0; i < ui_text_count(ui); i++) {
        const struct ui_text_item *t = ui_text_at(ui, i);
        if (want ? !strcmp(t->text, want)
                 : !strncmp(t->text, "Lighter", 7) ||
                   !strncmp(t->text, "Pressure up to", 14))
            return t;
    }
    return NULL;
}

/* The tag on a calves hold: whole, on screen, clear of the countdown's
 * ring and digits, no smaller than the step's "Step 1 of 2" line. */
static bool tag_ok(struct ui *ui, size_t k, const char *want, char *why,
                   size_t n)
{
    const struct ui_text_item *t = find_tag(ui, want);
    if (!t) {
        snprintf(why, n, "no '%s' drawn", want);
        return false;
    }
    if (t->cut) {
        snprintf(why, n, "the tag is cut");
        return false;
    }
    SDL_Rect screen = { 0, 0, looks[k].w, looks[k].h }, in;
    if (!SDL_IntersectRect(&t->box, &screen, &in) ||
        !SDL_RectEquals(&in, &t->box)) {
        snprintf(why, n, "the tag runs off screen");
        return false;
    }
    SDL_Rect ring;
    if (!ui_countdown_box(ui, &ring)) {
        snprintf(why, n, "no countdown drawn");
        return false;
    }
    if (overlaps(t->box, ring)) {
        snprintf(why, n, "the tag at %d,%d %dx%d covers the countdown at "
                 "%d,%d %dx%d", t->box.x, t->box.y, t->box.w, t->box.h,
                 ring.x, ring.y, ring.w, ring.h);
        return false;
    }
    for (size_t i = 0; i < ui_text_count(ui); i++) {
        const struct ui_text_item *o = ui_text_at(ui, i);
        if (o == t)
            continue;
        if (o->role == UI_TEXT_COUNTDOWN && overlaps(t->box, o->box)) {
            snprintf(why, n, "the tag overlaps the digits");
            return false;
        }
        /* "Step 1 of 2\n2:31 left", in any language: the tag no smaller
         * (within one step of the fitting ladder, a tenth). */
        if (o->role == UI_TEXT_MAIN && strchr(o->text, '\n') &&
            t->px * 10 < o->px * 9) {
            snprintf(why, n, "the tag at %d px is smaller than '%.40s' at "
                     "%d px", t->px, o->text, o->px);
            return false;
        }
        /* Other text beside it: a few pixels of line gap, never ink. */
        SDL_Rect both;
        if (SDL_IntersectRect(&t->box, &o->box, &both) && both.w > 4 &&
            both.h > t->px / 4 && both.h > o->px / 4) {
            snprintf(why, n, "the tag overlaps '%.40s'", o->text);
            return false;
        }
    }
    /* Black on yellow, like the notice: far beyond 7:1. */
    if (ui_contrast(t->fg, t->bg) < 7.0) {
        snprintf(why, n, "the tag's contrast is %.1f",
                 ui_contrast(t->fg, t->bg));
        return false;
    }
    return true;
}

static void on_frame(void *user, const struct ui_screen *scr,
                     const struct coach_view *v, long long now)
{
    (void)now;
    struct seen *w = user;
    if (scr->kind != UI_SCREEN_STEP || v->phase != PHASE_HOLD || !v->step ||
        !v->step->region)
        return;
    bool calves = !strcmp(v->step->region->id, "calves");
    if (calves)
        w->calves_holds++;
    else
        w->quads_holds++;
    for (size_t k = 0; k < LOOKS; k++) {
        ui_render(uis[k], scr);
        if (!calves) {
            if (find_tag(uis[k], NULL))
                w->quads_tagged++;
            continue;
        }
        if (tag_ok(uis[k], k, tag_text, w->why[k], sizeof w->why[k])) {
            w->lighter_holds[k]++;
            if (!ui_screen_notice(scr))
                w->lighter_holds_no_notice[k]++;
        } else {
            w->bad[k]++;
        }
    }
}

static struct routine *load(const char *text, const char *name)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(text, strlen(text), name, &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    return r;
}

static int run(struct ui_script *sc, const struct settings *st,
               struct seen *w)
{
    struct ui_front *f = calloc(1, sizeof *f);
    char *err = NULL;
    int rc = ui_script_run(sc, st, f, on_frame, w, &err);
    if (rc < 0)
        fprintf(stderr, "ui_script_run: %s\n", err ? err : "?");
    free(err);
    free(f);
    return rc;
}

static const long long day0 = 1790000000;

static void test_lighter_region_tagged(void)
{
    struct routine *calves = load(calves_text, "calves-only.ini");
    struct routine *legs = load(legs_text, "legs.ini");
    CHECK(calves && legs);
    if (!calves || !legs) {
        routine_destroy(calves);
        routine_destroy(legs);
        return;
    }
    struct settings st;
    settings_defaults(&st);
    struct seen w;
    /* Yesterday: the calves, nothing lighter, no tag anywhere. */
    memset(&w, 0, sizeof w);
    struct ui_script first = {
        .routine = calves, .history = hist, .force_screening = true,
        .answers = "screen-*=no,daily-*=no,soreness=3,*=no",
        .wall_start_s = day0,
    };
    CHECK_INT(run(&first, &st, &w), ==, EXIT_DONE);
    CHECK(w.calves_holds > 0);
    for (size_t k = 0; k < LOOKS; k++)
        CHECK_INT(w.lighter_holds[k], ==, 0);
    /* Two hours later: still sore, the calves go lighter. */
    memset(&w, 0, sizeof w);
    struct ui_script next = {
        .routine = legs, .history = hist,
        .answers = "daily-*=no,recent-soreness=5,soreness=3,*=no",
        .wall_start_s = day0 + 7200,
    };
    CHECK_INT(run(&next, &st, &w), ==, EXIT_DONE);
    CHECK(w.calves_holds > 20);         /* both sides, 30 s each */
    CHECK(w.quads_holds > 10);
    for (size_t k = 0; k < LOOKS; k++) {
        if (w.bad[k])
            check_fail(__FILE__, __LINE__, "%dx%d text scale %.0f: %d of "
                       "%d calves hold frames wrong: %s", looks[k].w,
                       looks[k].h, looks[k].scale, w.bad[k], w.calves_holds,
                       w.why[k]);
        CHECK_INT(w.lighter_holds[k], ==, w.calves_holds);
        /* The user who missed the notice still sees it. */
        CHECK(w.lighter_holds_no_notice[k] > 10);
    }
    CHECK_INT(w.quads_tagged, ==, 0);
    routine_destroy(calves);
    routine_destroy(legs);
}

/* The tag's own words for each case, and none when nothing applies. */
static void test_tag_words(void)
{
    char b[128];
    ui_lighter_tag(true, 4, b, sizeof b);
    CHECK_STR(b, "Lighter: pressure up to 4 of 10");
    ui_lighter_tag(false, 3, b, sizeof b);
    CHECK_STR(b, "Pressure up to 3 of 10");
    ui_lighter_tag(true, 0, b, sizeof b);
    CHECK_STR(b, "Lighter pressure");
    ui_lighter_tag(false, 0, b, sizeof b);
    CHECK_STR(b, "");
}

/* In German, French and Spanish the tag is translated and drawn whole
 * beside the countdown at every size and text scale. */
static void test_tag_translated(void)
{
    static const char *const langs[] = { "de", "fr", "es" };
    struct ui_screen scr;
    memset(&scr, 0, sizeof scr);
    scr.kind = UI_SCREEN_STEP;
    struct ui_step_model *m = &scr.u.step;
    m->region_id = "calves";
    m->back_view = true;
    m->side = UI_SIDE_LEFT;
    m->step_number = 1;
    m->step_count = 2;
    m->countdown_ms = 24000;
    m->phase_ms = 30000;
    m->routine_left_ms = 151000;
    m->lighter = true;
    m->pressure_cap = 4;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        CHECK_INT(i18n_use(langs[l]), ==, 0);
        char want[160];
        ui_lighter_tag(true, 4, want, sizeof want);
        CHECK(strcmp(want, tag_text) != 0);
        CHECK(strchr(want, '4') != NULL);
        const struct region_info *g = region_find("calves");
        m->region_name = g ? region_title(g) : "Calves";
        m->phase_label = _("HOLD");
        m->setup = "Sitzen Sie mit der Rolle unter einer Wade, die H\xc3\xa4nde "
                   "hinter dem K\xc3\xb6rper.";
        for (size_t k = 0; k < LOOKS; k++) {
            ui_render(uis[k], &scr);
            char why[200];
            if (!tag_ok(uis[k], k, want, why, sizeof why))
                check_fail(__FILE__, __LINE__, "%s %dx%d text scale %.0f: "
                           "%s", langs[l], looks[k].w, looks[k].h,
                           looks[k].scale, why);
        }
    }
    i18n_use("en");
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("UNKNOT_LOG", "error", 1);
    /* The catalogues switch whatever locales the machine has. */
    setenv("LC_ALL", "C", 1);
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    char path[600];
    snprintf(path, sizeof path, "%s/history.db", check_tmpdir());
    char *err = NULL;
    hist = history_open(path, &err);
    free(err);
    bool all = hist != NULL;
    for (size_t k = 0; k < LOOKS; k++) {
        struct ui_options uo = { .width = looks[k].w, .height = looks[k].h,
                                 .hidden = true,
                                 .text_scale = looks[k].scale };
        err = NULL;
        uis[k] = ui_create(&uo, &err);
        if (!uis[k])
            fprintf(stderr, "ui_create: %s\n", err ? err : "?");
        free(err);
        all = all && uis[k];
    }
    CHECK(all);
    if (all) {
        RUN_TEST(test_tag_words);
        RUN_TEST(test_lighter_region_tagged);
        RUN_TEST(test_tag_translated);
    }
    for (size_t k = 0; k < LOOKS; k++)
        ui_destroy(uis[k]);
    history_close(hist);
    SDL_Quit();
    return check_summary("test_ui_lighter");
}
