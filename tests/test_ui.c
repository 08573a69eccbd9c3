/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SDL2 screens, rendered with SDL's dummy video driver (software
 * renderer) at 800x480 and 1920x1080 and checked pixel by pixel through
 * SDL_RenderReadPixels: text contrast, nothing off screen or overlapping,
 * the countdown's size and ring, the highlighted body region, buttons.
 */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "routines/region.h"
#include "tests/check.h"
#include "ui/demo.h"
#include "ui/ui.h"
#include "util/i18n.h"

static const int sizes[][2] = { { 800, 480 }, { 1920, 1080 } };

static struct ui *open_ui(int w, int h, double scale)
{
    struct ui_options o = { .width = w, .height = h, .hidden = true,
                            .text_scale = scale };
    char *err = NULL;
    struct ui *ui = ui_create(&o, &err);
    if (!ui) {
        fprintf(stderr, "ui_create: %s\n", err ? err : "?");
        free(err);
    }
    return ui;
}

/* The frame as RGBA bytes (caller frees). */
static Uint8 *read_frame(struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui);
    Uint8 *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        abort();
    if (SDL_RenderReadPixels(ui_renderer(ui), NULL, SDL_PIXELFORMAT_RGBA32,
                             px, w * 4) != 0) {
        free(px);
        return NULL;
    }
    return px;
}

static SDL_Color pixel(const Uint8 *px, int w, int x, int y)
{
    const Uint8 *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
    SDL_Color c = { p[0], p[1], p[2], 0xff };
    return c;
}

static bool near(SDL_Color a, SDL_Color b, int tol)
{
    return abs(a.r - b.r) <= tol && abs(a.g - b.g) <= tol &&
           abs(a.b - b.b) <= tol;
}

static bool rect_inside(SDL_Rect r, int w, int h)
{
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
}

/* Every screen at both sizes and two text scales: text stays on screen,
 * does not overlap other text, and meets 7:1 in its declared colours and
 * in the pixels actually drawn. */
static void check_all_screens(double scale)
{
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        struct ui *ui = open_ui(sizes[s][0], sizes[s][1], scale);
        CHECK(ui != NULL);
        if (!ui)
            return;
        int w = ui_width(ui), h = ui_height(ui);
        CHECK_INT(w, ==, sizes[s][0]);
        CHECK_INT(h, ==, sizes[s][1]);
        for (size_t i = 0; i < ui_demo_count(); i++) {
            struct ui_screen scr;
            CHECK_INT(ui_demo_screen(i, &scr), ==, 0);
            ui_render(ui, &scr);
            Uint8 *px = read_frame(ui);
            CHECK(px != NULL);
            if (!px)
                continue;
            const char *name = ui_demo_name(i);
            CHECK(ui_text_count(ui) >= 2);
            for (size_t t = 0; t < ui_text_count(ui); t++) {
                const struct ui_text_item *it = ui_text_at(ui, t);
                if (!rect_inside(it->box, w, h))
                    check_fail(__FILE__, __LINE__,
                               "%s %dx%d scale %.1f: '%s' off screen at "
                               "%d,%d %dx%d", name, w, h, scale, it->text,
                               it->box.x, it->box.y, it->box.w, it->box.h);
                if (it->cut)
                    check_fail(__FILE__, __LINE__, "%s %dx%d scale %.1f: "
                               "'%s' does not fit (cut)", name, w, h, scale,
                               it->text);
                double declared = ui_contrast(it->fg, it->bg);
                if (declared < 7.0)
                    check_fail(__FILE__, __LINE__, "%s: '%s' contrast "
                               "%.2f < 7", name, it->text, declared);
                if (!rect_inside(it->box, w, h))
                    continue;
                /* The drawn pixels: the background really is the declared
                 * one, and the strongest glyph pixel reaches 7:1 on it. */
                SDL_Color corner = pixel(px, w, it->box.x, it->box.y);
                if (!near(corner, it->bg, 8))
                    check_fail(__FILE__, __LINE__, "%s: '%s' sits on "
                               "#%02x%02x%02x, declared #%02x%02x%02x",
                               name, it->text, corner.r, corner.g, corner.b,
                               it->bg.r, it->bg.g, it->bg.b);
                double best = 1.0;
                for (int y = it->box.y; y < it->box.y + it->box.h; y++)
                    for (int x = it->box.x; x < it->box.x + it->box.w; x++) {
                        double c = ui_contrast(pixel(px, w, x, y), corner);
                        if (c > best)
                            best = c;
                    }
                if (best < 7.0)
                    check_fail(__FILE__, __LINE__, "%s %dx%d: '%s' drawn "
                               "at contrast %.2f", name, w, h, it->text,
                               best);
                for (size_t u = t + 1; u < ui_text_count(ui); u++) {
                    const struct ui_text_item *o = ui_text_at(ui, u);
                    SDL_Rect both;
                    /* Boxes include the font's line gap; a few pixels of
                     * overlap between boxes is not overlapping ink. */
                    if (SDL_IntersectRect(&it->box, &o->box, &both) &&
                        both.w > 4 && both.h > it->px / 4 &&
                        both.h > o->px / 4)
                        check_fail(__FILE__, __LINE__, "%s %dx%d scale "
                                   "%.1f: '%s' overlaps '%s'", name, w, h,
                                   scale, it->text, o->text);
                }
            }
            free(px);
        }
        ui_destroy(ui);
    }
}

static void test_screens_fit_and_contrast(void)
{
    check_all_screens(1.0);
}

static void test_screens_fit_with_large_text(void)
{
    check_all_screens(2.0);
}

static const struct ui_text_item *find_role(struct ui *ui,
                                            enum ui_text_role role)
{
    for (size_t t = 0; t < ui_text_count(ui); t++)
        if (ui_text_at(ui, t)->role == role)
            return ui_text_at(ui, t);
    return NULL;
}

static size_t demo_index(const char *name)
{
    for (size_t i = 0; i < ui_demo_count(); i++)
        if (!strcmp(ui_demo_name(i), name))
            return i;
    return (size_t)-1;
}

/* The countdown's digits are white ink at least a quarter of the window
 * high, inside the ring; the ring is filled for the time left and empty
 * for the time gone. */
static void test_countdown_size_and_ring(void)
{
    const long long left[] = { 44200, 118000, 5000 };
    const long long phase[] = { 60000, 120000, 60000 };
    for (size_t s = 0; s < 2; s++) {
        struct ui *ui = open_ui(sizes[s][0], sizes[s][1], 1.0);
        CHECK(ui != NULL);
        if (!ui)
            return;
        int w = ui_width(ui), h = ui_height(ui);
        for (size_t k = 0; k < 3; k++) {
            struct ui_screen scr;
            ui_demo_screen(demo_index("step-hold"), &scr);
            scr.u.step.countdown_ms = left[k];
            scr.u.step.phase_ms = phase[k];
            ui_render(ui, &scr);
            SDL_Rect ring;
            CHECK(ui_countdown_box(ui, &ring));
            CHECK(rect_inside(ring, w, h));
            const struct ui_text_item *cd = find_role(ui, UI_TEXT_COUNTDOWN);
            CHECK(cd != NULL);
            if (!cd)
                continue;
            char want[16];
            snprintf(want, sizeof want, "%d",
                     ui_countdown_seconds(left[k]));
            CHECK_STR(cd->text, want);
            Uint8 *px = read_frame(ui);
            if (!px)
                continue;
            int x0 = w, x1 = -1, y0 = h, y1 = -1;
            SDL_Color white = { 255, 255, 255, 255 };
            for (int y = ring.y; y < ring.y + ring.h; y++)
                for (int x = ring.x; x < ring.x + ring.w; x++)
                    if (near(pixel(px, w, x, y), white, 40)) {
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                    }
            int ink_h = y1 - y0 + 1;
            if (ink_h * 4 < h)
                check_fail(__FILE__, __LINE__, "%dx%d: countdown '%s' ink "
                           "%d px high, want >= %d", w, h, want, ink_h,
                           h / 4);
            /* The digits sit inside the ring's hole, centred. */
            int cx = ring.x + ring.w / 2, cy = ring.y + ring.h / 2;
            CHECK_INT(abs((x0 + x1) / 2 - cx), <=, ring.w / 20);
            CHECK_INT(abs((y0 + y1) / 2 - cy), <=, ring.h / 20);
            float r = (float)ring.w / 2.0f - (float)h * 0.0175f;
            /* Just after 12 o'clock: filled (time left); just before it:
             * filled only when the whole phase is left. */
            double shown = (double)ui_countdown_seconds(left[k]) * 1000.0 /
                           (double)phase[k];
            SDL_Color accent = { 0xff, 0xd2, 0x3f, 0xff };
            for (int deg = 5; deg < 360; deg += 10) {
                double a = deg * M_PI / 180.0;
                int x = cx + (int)lround(r * sin(a));
                int y = cy - (int)lround(r * cos(a));
                bool filled = near(pixel(px, w, x, y), accent, 30);
                bool want_filled = deg / 360.0 < shown - 0.02;
                bool want_empty = deg / 360.0 > shown + 0.02;
                if ((want_filled && !filled) || (want_empty && filled))
                    check_fail(__FILE__, __LINE__, "%dx%d %lld/%lld ms: "
                               "ring at %d deg %s", w, h, left[k], phase[k],
                               deg, filled ? "filled" : "empty");
            }
            free(px);
        }
        ui_destroy(ui);
    }
}

/* Counts pixels of colour c inside and outside box. */
static void count_color(const Uint8 *px, int w, int h, SDL_Color c,
                        SDL_Rect box, long *in, long *out)
{
    *in = *out = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (!near(pixel(px, w, x, y), c, 6))
                continue;
            SDL_Point p = { x, y };
            if (SDL_PointInRect(&p, &box))
                (*in)++;
            else
                (*out)++;
        }
}

static SDL_Rect render_region(struct ui *ui, const char *id, bool back,
                              enum ui_side side, long *in, long *out)
{
    struct ui_screen scr;
    ui_demo_screen(demo_index("step-hold"), &scr);
    scr.u.step.region_id = id;
    scr.u.step.back_view = back;
    scr.u.step.side = side;
    ui_render(ui, &scr);
    SDL_Rect box = { 0, 0, 0, 0 };
    SDL_Color c = { 0, 0, 0, 0 };
    *in = *out = -1;
    if (!ui_highlight(ui, &box, &c))
        return box;
    Uint8 *px = read_frame(ui);
    if (px) {
        count_color(px, ui_width(ui), ui_height(ui), c, box, in, out);
        free(px);
    }
    return box;
}

/* The highlighted region is drawn where it belongs: only inside its box,
 * with a real area, on the side asked for (the person's left is on the
 * screen's left from the back, on the right from the front). */
static void test_highlight_region_and_side(void)
{
    struct ui *ui = open_ui(800, 480, 1.0);
    CHECK(ui != NULL);
    if (!ui)
        return;
    long in, out;
    SDL_Rect both = render_region(ui, "calves", true, UI_SIDE_NONE, &in,
                                  &out);
    CHECK(in > 200);
    CHECK_INT(out, ==, 0);
    SDL_Rect left = render_region(ui, "calves", true, UI_SIDE_LEFT, &in,
                                  &out);
    CHECK(in > 100);
    CHECK_INT(out, ==, 0);
    SDL_Rect right = render_region(ui, "calves", true, UI_SIDE_RIGHT, &in,
                                   &out);
    CHECK(in > 100);
    int mid = both.x + both.w / 2;
    CHECK(left.x + left.w <= mid);      /* back view: left on the left */
    CHECK(right.x >= mid);
    CHECK(left.w < both.w / 2 + 2);
    /* Front view flips it. */
    SDL_Rect fboth = render_region(ui, "quadriceps", false, UI_SIDE_NONE,
                                   &in, &out);
    SDL_Rect fleft = render_region(ui, "quadriceps", false, UI_SIDE_LEFT,
                                   &in, &out);
    CHECK(in > 100);
    CHECK_INT(out, ==, 0);
    CHECK(fleft.x >= fboth.x + fboth.w / 2);
    /* The calves are below the thighs; the upper back above both. */
    SDL_Rect back = render_region(ui, "upper-back", true, UI_SIDE_NONE,
                                  &in, &out);
    CHECK(in > 300);
    CHECK(back.y + back.h < fboth.y);
    CHECK(fboth.y + fboth.h <= both.y + both.h / 2);
    /* An unknown id draws the figure with no highlight. */
    render_region(ui, "no-such-region", true, UI_SIDE_NONE, &in, &out);
    CHECK(!ui_highlight(ui, NULL, NULL));
    ui_destroy(ui);
}

/* Every region of the region table has a place on the figure, in the
 * view the table says shows it best. */
static void test_every_region_has_a_place(void)
{
    struct ui *ui = open_ui(800, 480, 1.0);
    CHECK(ui != NULL);
    if (!ui)
        return;
    CHECK(region_count() > 5);
    for (size_t i = 0; i < region_count(); i++) {
        const struct region_info *r = region_at(i);
        bool back = false;
        if (!ui_body_knows(r->id, &back)) {
            check_fail(__FILE__, __LINE__, "region %s has no place on the "
                       "body figure", r->id);
            continue;
        }
        CHECK_INT(back, ==, r->view == REGION_VIEW_BACK);
        long in, out;
        render_region(ui, r->id, back,
                      r->paired ? UI_SIDE_LEFT : UI_SIDE_NONE, &in, &out);
        if (in < 50 || out != 0)
            check_fail(__FILE__, __LINE__, "region %s: %ld pixels inside "
                       "its box, %ld outside", r->id, in, out);
    }
    ui_destroy(ui);
}

/* Touch targets: the stop button is on every session screen and large;
 * each answer button taps to its value. */
static void test_buttons(void)
{
    for (size_t s = 0; s < 2; s++) {
        struct ui *ui = open_ui(sizes[s][0], sizes[s][1], 1.0);
        CHECK(ui != NULL);
        if (!ui)
            return;
        int h = ui_height(ui);
        const char *session[] = { "step-hold", "step-setup", "rest",
                                  "switch", "question-scale", "screening",
                                  "intro" };
        for (size_t k = 0; k < sizeof session / sizeof session[0]; k++) {
            struct ui_screen scr;
            ui_demo_screen(demo_index(session[k]), &scr);
            ui_render(ui, &scr);
            bool found = false;
            for (size_t b = 0; b < ui_button_count(ui); b++) {
                const struct ui_button *bt = ui_button_at(ui, b);
                if (bt->input.cmd == UI_CMD_STOP) {
                    found = true;
                    CHECK(bt->box.h * 10 >= h);
                    struct ui_input in = ui_hit_test(
                        ui, bt->box.x + bt->box.w / 2,
                        bt->box.y + bt->box.h / 2);
                    CHECK_INT(in.cmd, ==, UI_CMD_STOP);
                }
            }
            if (!found)
                check_fail(__FILE__, __LINE__, "%s: no stop button",
                           session[k]);
        }
        struct ui_screen scr;
        ui_demo_screen(demo_index("question-scale"), &scr);
        ui_render(ui, &scr);
        int seen = 0;
        for (size_t b = 0; b < ui_button_count(ui); b++) {
            const struct ui_button *bt = ui_button_at(ui, b);
            if (bt->input.cmd != UI_CMD_SELECT)
                continue;
            struct ui_input in = ui_hit_test(ui, bt->box.x + 2,
                                             bt->box.y + bt->box.h - 2);
            CHECK_INT(in.cmd, ==, UI_CMD_SELECT);
            CHECK_INT(in.value, ==, seen);
            CHECK(bt->box.h * 6 >= h);
            seen++;
        }
        CHECK_INT(seen, ==, 11);
        ui_demo_screen(demo_index("stop-urgent"), &scr);
        ui_render(ui, &scr);
        CHECK_INT(ui_button_count(ui), ==, 1);  /* only "I understand" */
        CHECK_INT(ui_button_at(ui, 0)->input.cmd, ==, UI_CMD_OK);
        ui_destroy(ui);
    }
}

static void test_countdown_seconds(void)
{
    CHECK_INT(ui_countdown_seconds(60000), ==, 60);
    CHECK_INT(ui_countdown_seconds(59999), ==, 60);
    CHECK_INT(ui_countdown_seconds(59000), ==, 59);
    CHECK_INT(ui_countdown_seconds(1), ==, 1);
    CHECK_INT(ui_countdown_seconds(0), ==, 0);
    CHECK_INT(ui_countdown_seconds(-5), ==, 0);
    char b[16];
    ui_format_duration(b, sizeof b, 512000);
    CHECK_STR(b, "8:32");
    ui_format_duration(b, sizeof b, 45000);
    CHECK_STR(b, "45 s");
}

/* The screenshot writer produces a real BMP of the window's size. */
static void test_save_bmp(void)
{
    struct ui *ui = open_ui(800, 480, 1.0);
    CHECK(ui != NULL);
    if (!ui)
        return;
    struct ui_screen scr;
    ui_demo_screen(demo_index("stop"), &scr);
    ui_render(ui, &scr);
    char path[600];
    snprintf(path, sizeof path, "%s/stop.bmp", check_tmpdir());
    char *err = NULL;
    CHECK_INT(ui_save_bmp(ui, path, &err), ==, 0);
    free(err);
    SDL_Surface *s = SDL_LoadBMP(path);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(s->w, ==, 800);
        CHECK_INT(s->h, ==, 480);
        /* The stop screen is yellow from edge to edge. */
        Uint8 r, g, b;
        SDL_LockSurface(s);
        Uint32 p = 0;
        memcpy(&p, (Uint8 *)s->pixels + s->pitch * 2 +
                   2 * s->format->BytesPerPixel, s->format->BytesPerPixel);
        SDL_UnlockSurface(s);
        SDL_GetRGB(p, s->format, &r, &g, &b);
        CHECK_INT(r, ==, 0xff);
        CHECK_INT(g, ==, 0xd4);
        CHECK_INT(b, ==, 0x00);
        SDL_FreeSurface(s);
    }
    ui_destroy(ui);
}

static void test_fit_window(void)
{
    int w = 1280, h = 720;
    CHECK(ui_fit_window(&w, &h, 800, 480));
    CHECK_INT(w, ==, 800);
    CHECK_INT(h, ==, 480);
    w = 1280, h = 720;
    CHECK(!ui_fit_window(&w, &h, 1920, 1080));
    CHECK_INT(w, ==, 1280);
    CHECK_INT(h, ==, 720);
    w = 1280, h = 720;      /* a taskbar takes some of the height */
    CHECK(ui_fit_window(&w, &h, 1280, 690));
    CHECK_INT(w, ==, 1280);
    CHECK_INT(h, ==, 690);
}

/* An X server whose only screen is 800x480 (the Pi's 7-inch display);
 * returns its pid and sets *display, or -1 without Xvfb. */
static pid_t start_small_xvfb(int *display)
{
    for (int d = 140; d < 180; d++) {
        char sock[64], lock[64];
        snprintf(sock, sizeof sock, "/tmp/.X11-unix/X%d", d);
        snprintf(lock, sizeof lock, "/tmp/.X%d-lock", d);
        if (access(sock, F_OK) == 0 || access(lock, F_OK) == 0)
            continue;
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0) {
            char disp[16];
            snprintf(disp, sizeof disp, ":%d", d);
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, 1);
                dup2(null, 2);
            }
            execlp("Xvfb", "Xvfb", disp, "-screen", "0", "800x480x24",
                   "-nolisten", "tcp", (char *)NULL);
            _exit(127);
        }
        for (int i = 0; i < 100; i++) {
            struct timespec ts = { 0, 50 * 1000 * 1000 };
            nanosleep(&ts, NULL);
            if (access(sock, F_OK) == 0) {
                *display = d;
                return pid;
            }
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid)
                return -1;      /* no Xvfb (exit 127) or it failed */
        }
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return -1;
}

/* The first window, with no size asked for, on an 800x480 display: within
 * it (1280x720 would be cut off).  Runs in a child process, since the
 * other tests use the dummy driver. */
static void test_first_window_within_small_display(void)
{
    int display = 0;
    pid_t x = start_small_xvfb(&display);
    if (x < 0) {
        printf("  (no Xvfb: the 800x480 window check is skipped)\n");
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        char disp[16];
        snprintf(disp, sizeof disp, ":%d", display);
        setenv("DISPLAY", disp, 1);
        setenv("SDL_VIDEODRIVER", "x11", 1);
        struct ui_options o = { .text_scale = 1.0 };
        char *err = NULL;
        struct ui *ui = ui_create(&o, &err);
        if (!ui)
            _exit(2);
        int w = 0, h = 0;
        SDL_GetWindowSize(ui_window(ui), &w, &h);
        int ok = w > 0 && h > 0 && w <= 800 && h <= 480 &&
                 ui_width(ui) <= 800 && ui_height(ui) <= 480;
        if (!ok)
            fprintf(stderr, "window %dx%d, drawn %dx%d\n", w, h,
                    ui_width(ui), ui_height(ui));
        ui_destroy(ui);
        SDL_Quit();
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), ==, 0);
    kill(x, SIGTERM);
    waitpid(x, NULL, 0);
}

/* The French summary after a stop by tingling (the demo
 * "summary-stopped-fr"), scrolled to every row in turn, at 800x480 and
 * 1280x720, text scales 1 and 2: the row at the scroll position is always
 * drawn whole, its label (wrapped, never cut) and its answer level with
 * it at its right, nothing off screen or overlapping, a flagged answer in
 * the flag colour, and the Up / Down buttons there when there is more. */
static void test_summary_rows_wrap_and_scroll(void)
{
    static const int sz[][2] = { { 800, 480 }, { 1280, 720 } };
    static const double sc[] = { 1.0, 2.0 };
    struct ui_screen scr;
    CHECK_INT(ui_demo_screen(demo_index("summary-stopped-fr"), &scr), ==, 0);
    const struct ui_summary_model *m = &scr.u.summary;
    CHECK(m->answer_count >= 4);
    for (size_t s = 0; s < 4; s++) {
        struct ui *ui = open_ui(sz[s / 2][0], sz[s / 2][1], sc[s % 2]);
        CHECK(ui != NULL);
        if (!ui)
            return;
        int w = ui_width(ui), h = ui_height(ui);
        for (size_t first = 0; first < m->answer_count; first++) {
            scr.u.summary.first_row = first;
            ui_render(ui, &scr);
            const struct ui_answer_row *r = &m->answers[first];
            const struct ui_text_item *label = NULL, *answer = NULL;
            for (size_t t = 0; t < ui_text_count(ui); t++) {
                const struct ui_text_item *it = ui_text_at(ui, t);
                if (it->cut || !rect_inside(it->box, w, h))
                    check_fail(__FILE__, __LINE__, "%dx%d scale %.0f row "
                               "%zu: '%s' cut or off screen", w, h,
                               sc[s % 2], first, it->text);
                for (size_t u = t + 1; u < ui_text_count(ui); u++) {
                    const struct ui_text_item *o = ui_text_at(ui, u);
                    SDL_Rect both;
                    if (SDL_IntersectRect(&it->box, &o->box, &both) &&
                        both.w > 4 && both.h > it->px / 4 &&
                        both.h > o->px / 4)
                        check_fail(__FILE__, __LINE__, "%dx%d scale %.0f: "
                                   "'%s' overlaps '%s'", w, h, sc[s % 2],
                                   it->text, o->text);
                }
                if (!strcmp(it->text, r->question))
                    label = it;
            }
            CHECK(label != NULL);
            if (!label)
                continue;
            for (size_t t = 0; t < ui_text_count(ui); t++) {
                const struct ui_text_item *it = ui_text_at(ui, t);
                int mid = it->box.y + it->box.h / 2;
                if (!strcmp(it->text, r->answer) &&
                    it->box.x >= label->box.x + label->box.w &&
                    mid >= label->box.y && mid <= label->box.y +
                                                  label->box.h)
                    answer = it;
            }
            if (!answer) {
                check_fail(__FILE__, __LINE__, "%dx%d scale %.0f: no answer "
                           "'%s' beside '%s'", w, h, sc[s % 2], r->answer,
                           r->question);
                continue;
            }
            /* The flag colour (light red) for an answer that fired. */
            bool red = answer->fg.r > answer->fg.g + 0x40 &&
                       answer->fg.r > answer->fg.b + 0x40;
            CHECK(red == r->flagged);
            /* More above: the Up button is there to tap. */
            bool up = false;
            for (size_t b = 0; b < ui_button_count(ui); b++)
                if (ui_button_at(ui, b)->input.cmd == UI_CMD_PREV)
                    up = true;
            CHECK(up == (first > 0));
        }
        ui_destroy(ui);
    }
}

/* The soreness chart's region labels in the language's own words, six
 * rows (the most it shows) in the tightest summary (a stop's advice over
 * it): every region's name is drawn whole at both sizes and text scales,
 * in every language.  German names are one long word or two
 * ("Oberschenkel hinten"), and at a fixed 30% of the width two of them
 * were cut to the same "Oberschenkel ...". */
static void test_chart_labels_fit(void)
{
    size_t demo = (size_t)-1;
    for (size_t i = 0; i < ui_demo_count(); i++)
        if (!strcmp(ui_demo_name(i), "summary-stopped-fr"))
            demo = i;
    CHECK(demo != (size_t)-1);
    if (demo == (size_t)-1)
        return;
    static const int values[6] = { 3, 2, -1, 2, 1, 1 };
    size_t n = region_count();
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int k = 0; k < 2; k++) {
            struct ui *ui = open_ui(sizes[s][0], sizes[s][1], k ? 2.0 : 1.0);
            CHECK(ui != NULL);
            if (!ui)
                return;
            for (size_t first = 0; first < n; first += 6) {
                struct ui_soreness_series series[6];
                size_t rows = 0;
                for (size_t r = first; r < n && rows < 6; r++) {
                    series[rows].region_name = region_title(region_at(r));
                    series[rows].values = values;
                    rows++;
                }
                struct ui_screen scr;
                CHECK_INT(ui_demo_screen(demo, &scr), ==, 0);
                scr.u.summary.series = series;
                scr.u.summary.series_count = rows;
                ui_render(ui, &scr);
                size_t seen = 0;
                for (size_t t = 0; t < ui_text_count(ui); t++) {
                    const struct ui_text_item *it = ui_text_at(ui, t);
                    for (size_t r = 0; r < rows; r++)
                        if (!strcmp(it->text, series[r].region_name)) {
                            seen++;
                            if (it->cut)
                                check_fail(__FILE__, __LINE__, "%dx%d scale "
                                           "%d: chart label '%s' cut",
                                           sizes[s][0], sizes[s][1], k + 1,
                                           it->text);
                        }
                }
                CHECK(seen >= rows);
            }
            ui_destroy(ui);
        }
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    RUN_TEST(test_countdown_seconds);
    /* Every screen in every language with a catalogue: the labels,
     * headings and hints that grow in German or French still fit. */
    static const char *const langs[] = { "en", "de", "fr", "es" };
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        CHECK_INT(i18n_use(langs[l]), ==, 0);
        RUN_TEST(test_screens_fit_and_contrast);
        RUN_TEST(test_screens_fit_with_large_text);
        RUN_TEST(test_chart_labels_fit);
    }
    i18n_use("en");
    RUN_TEST(test_countdown_size_and_ring);
    RUN_TEST(test_highlight_region_and_side);
    RUN_TEST(test_every_region_has_a_place);
    RUN_TEST(test_buttons);
    RUN_TEST(test_summary_rows_wrap_and_scroll);
    RUN_TEST(test_save_bmp);
    RUN_TEST(test_fit_window);
    SDL_Quit();
    RUN_TEST(test_first_window_within_small_display);
    return check_summary("test_ui");
}
