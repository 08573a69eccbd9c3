/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window, fonts, shapes and fitted text; see ui.h and draw.h. */
#include "ui/draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/util.h"

/* Dark background with light text: bright screens glare from the floor.
 * Contrast of each text pair is asserted in tests/test_ui.c. */
const SDL_Color UI_BG = { 0x0e, 0x11, 0x16, 0xff };
const SDL_Color UI_PANEL = { 0x1a, 0x20, 0x29, 0xff };
const SDL_Color UI_TEXT = { 0xff, 0xff, 0xff, 0xff };
const SDL_Color UI_TEXT_DIM = { 0xc8, 0xd0, 0xda, 0xff };
const SDL_Color UI_ACCENT = { 0xff, 0xd2, 0x3f, 0xff };
const SDL_Color UI_ON_ACCENT = { 0x00, 0x00, 0x00, 0xff };
const SDL_Color UI_BUTTON_BG = { 0x26, 0x2e, 0x3a, 0xff };
const SDL_Color UI_TRACK = { 0x33, 0x3b, 0x47, 0xff };
const SDL_Color UI_BODY = { 0x5a, 0x66, 0x75, 0xff };
const SDL_Color UI_BODY_EDGE = { 0x8a, 0x96, 0xa5, 0xff };
const SDL_Color UI_HIGHLIGHT = { 0xff, 0x7a, 0x1a, 0xff };
const SDL_Color UI_STOP_BG = { 0xff, 0xd4, 0x00, 0xff };
const SDL_Color UI_STOP_FG = { 0x00, 0x00, 0x00, 0xff };
const SDL_Color UI_URGENT_BG = { 0x8e, 0x00, 0x00, 0xff };
const SDL_Color UI_URGENT_FG = { 0xff, 0xff, 0xff, 0xff };
const SDL_Color UI_MILD = { 0x4c, 0xc9, 0x6f, 0xff };
const SDL_Color UI_MODERATE = { 0xff, 0xb0, 0x20, 0xff };
const SDL_Color UI_SEVERE = { 0xff, 0x4d, 0x4d, 0xff };
/* Red text needs to be lighter than the red bars to reach 7:1. */
const SDL_Color UI_FLAG_TEXT = { 0xff, 0x8c, 0x8c, 0xff };

static const char *const font_dirs[] = {
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
};

static int find_fonts(struct ui *ui)
{
    const char *env = getenv("UNKNOT_FONT_DIR");
    for (size_t i = 0; i <= ARRAY_LEN(font_dirs); i++) {
        const char *dir = i == 0 ? env : font_dirs[i - 1];
        if (!dir || !*dir)
            continue;
        snprintf(ui->font_path[0], sizeof ui->font_path[0],
                 "%s/DejaVuSans.ttf", dir);
        snprintf(ui->font_path[1], sizeof ui->font_path[1],
                 "%s/DejaVuSans-Bold.ttf", dir);
        FILE *a = fopen(ui->font_path[0], "rb");
        FILE *b = fopen(ui->font_path[1], "rb");
        bool ok = a && b;
        if (a)
            fclose(a);
        if (b)
            fclose(b);
        if (ok)
            return 0;
    }
    return -1;
}

bool ui_display_available(void)
{
    const char *asked = getenv("SDL_VIDEODRIVER");
    const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    /* With neither variable set, SDL's Wayland probe prints an error
     * about XDG_RUNTIME_DIR; only a console driver can work then. */
    if (!(asked && *asked) && !(x11 && *x11) && !(wl && *wl))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "kmsdrm");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, NULL);
        return false;
    }
    const char *drv = SDL_GetCurrentVideoDriver();
    /* SDL falls back to its offscreen driver when nothing else works:
     * that is no screen a person can see, unless asked for by name. */
    bool invisible = drv && (!strcmp(drv, "offscreen") ||
                             !strcmp(drv, "dummy") ||
                             !strcmp(drv, "evdev"));
    bool ok = SDL_GetNumVideoDisplays() > 0 &&
              (!invisible || (asked && *asked));
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return ok;
}

struct ui *ui_create(const struct ui_options *o, char **err)
{
    struct ui *ui = xcalloc(1, sizeof *ui);
    ui->text_scale = o->text_scale > 0 ? o->text_scale : 1.0;
    if (find_fonts(ui) != 0) {
        *err = xstrdup("no DejaVu fonts found: install fonts-dejavu-core "
                       "or set UNKNOT_FONT_DIR");
        free(ui);
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        *err = xasprintf("no display (%s)", SDL_GetError());
        free(ui);
        return NULL;
    }
    if (TTF_Init() != 0) {
        *err = xasprintf("SDL_ttf: %s", TTF_GetError());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        free(ui);
        return NULL;
    }
    int w = o->width > 0 ? o->width : 1280;
    int h = o->height > 0 ? o->height : 720;
    Uint32 flags = SDL_WINDOW_RESIZABLE;
    if (o->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    /* Never larger than the display (the Pi's 7-inch screen is 800x480):
     * the default size, or one asked for, shrinks to the usable area, and
     * the window then opens maximised so the window manager fits its
     * frame too.  A hidden window (tests, screenshots) keeps its size. */
    SDL_Rect usable;
    if (!o->fullscreen && !o->hidden &&
        SDL_GetDisplayUsableBounds(0, &usable) == 0 &&
        ui_fit_window(&w, &h, usable.w, usable.h))
        flags |= SDL_WINDOW_MAXIMIZED;
    if (o->fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_DisplayMode dm;
        if (SDL_GetDesktopDisplayMode(0, &dm) == 0) {
            w = dm.w;
            h = dm.h;
        }
    }
    ui->window = SDL_CreateWindow(o->title ? o->title : "Unknot",
                                  SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (ui->window && (flags & SDL_WINDOW_MAXIMIZED)) {
        /* The frame counts too, once the window manager has said how
         * large it is. */
        int top = 0, left = 0, bottom = 0, right = 0;
        if (SDL_GetWindowBordersSize(ui->window, &top, &left, &bottom,
                                     &right) == 0 &&
            ui_fit_window(&w, &h, usable.w - left - right,
                          usable.h - top - bottom))
            SDL_SetWindowSize(ui->window, w, h);
    }
    if (ui->window) {
        ui->renderer = SDL_CreateRenderer(ui->window, -1, 0);
        if (!ui->renderer)
            ui->renderer = SDL_CreateRenderer(ui->window, -1,
                                              SDL_RENDERER_SOFTWARE);
    }
    if (!ui->window || !ui->renderer) {
        *err = xasprintf("cannot open a window: %s", SDL_GetError());
        ui_destroy(ui);
        return NULL;
    }
    if (o->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    ui_update_size(ui);
    return ui;
}

bool ui_fit_window(int *w, int *h, int avail_w, int avail_h)
{
    if (avail_w <= 0 || avail_h <= 0 || (*w <= avail_w && *h <= avail_h))
        return false;
    if (*w > avail_w)
        *w = avail_w;
    if (*h > avail_h)
        *h = avail_h;
    return true;
}

void ui_destroy(struct ui *ui)
{
    if (!ui)
        return;
    for (size_t i = 0; i < UI_FONT_CACHE; i++)
        if (ui->fonts[i].font)
            TTF_CloseFont(ui->fonts[i].font);
    for (size_t i = 0; i < UI_TEXT_CACHE; i++) {
        if (ui->tcache[i].tex)
            SDL_DestroyTexture(ui->tcache[i].tex);
        free(ui->tcache[i].text);
    }
    for (size_t i = 0; i < UI_FIT_CACHE; i++)
        free(ui->fcache[i].text);
    if (ui->renderer)
        SDL_DestroyRenderer(ui->renderer);
    if (ui->window)
        SDL_DestroyWindow(ui->window);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(ui);
}

void ui_update_size(struct ui *ui)
{
    if (SDL_GetRendererOutputSize(ui->renderer, &ui->w, &ui->h) != 0)
        SDL_GetWindowSize(ui->window, &ui->w, &ui->h);
    if (ui->w < 1)
        ui->w = 1;
    if (ui->h < 1)
        ui->h = 1;
    float sx = (float)ui->w / 800.0f, sy = (float)ui->h / 480.0f;
    ui->unit = sx < sy ? sx : sy;
}

int ui_width(const struct ui *ui) { return ui->w; }
int ui_height(const struct ui *ui) { return ui->h; }
SDL_Renderer *ui_renderer(struct ui *ui) { return ui->renderer; }
SDL_Window *ui_window(struct ui *ui) { return ui->window; }
unsigned long ui_frame_count(const struct ui *ui) { return ui->frames; }

int ui_px(const struct ui *ui, float design)
{
    return (int)lroundf(design * ui->unit);
}

SDL_Rect ui_rect(int x, int y, int w, int h)
{
    SDL_Rect r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };
    return r;
}

int ui_font_px(const struct ui *ui, float design)
{
    return (int)lround(design * ui->unit * ui->text_scale);
}

TTF_Font *ui_font(struct ui *ui, int px, bool bold)
{
    if (px < 6)
        px = 6;
    size_t victim = 0;
    for (size_t i = 0; i < UI_FONT_CACHE; i++) {
        struct ui_font *f = &ui->fonts[i];
        if (f->font && f->px == px && f->bold == bold) {
            f->used = ui->frames + 1;
            return f->font;
        }
        if (!f->font || f->used < ui->fonts[victim].used ||
            (ui->fonts[victim].font && !f->font))
            victim = i;
    }
    struct ui_font *f = &ui->fonts[victim];
    if (f->font)
        TTF_CloseFont(f->font);
    f->font = TTF_OpenFont(ui->font_path[bold ? 1 : 0], px);
    if (!f->font) {
        log_once("ui-font", LOG_ERROR, "ui", "cannot open %s: %s",
                 ui->font_path[bold ? 1 : 0], TTF_GetError());
        return NULL;
    }
    f->px = px;
    f->bold = bold;
    f->used = ui->frames + 1;
    return f->font;
}

/* ---- Shapes ---------------------------------------------------------- */

static SDL_Vertex vtx(float x, float y, SDL_Color c)
{
    SDL_Vertex v;
    v.position.x = x;
    v.position.y = y;
    v.color = c;
    v.tex_coord.x = 0;
    v.tex_coord.y = 0;
    return v;
}

void ui_fill_rect(struct ui *ui, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(ui->renderer, &r);
}

static int segments_for(float r)
{
    int n = (int)(r * 0.8f);
    return n < 16 ? 16 : n > 160 ? 160 : n;
}

void ui_fill_ellipse(struct ui *ui, float cx, float cy, float rx, float ry,
                     SDL_Color c)
{
    int n = segments_for(rx > ry ? rx : ry);
    SDL_Vertex v[161 * 3];
    int k = 0;
    for (int i = 0; i < n; i++) {
        float a0 = 2.0f * (float)M_PI * (float)i / (float)n;
        float a1 = 2.0f * (float)M_PI * (float)(i + 1) / (float)n;
        v[k++] = vtx(cx, cy, c);
        v[k++] = vtx(cx + rx * cosf(a0), cy + ry * sinf(a0), c);
        v[k++] = vtx(cx + rx * cosf(a1), cy + ry * sinf(a1), c);
    }
    SDL_RenderGeometry(ui->renderer, NULL, v, k, NULL, 0);
}

void ui_fill_circle(struct ui *ui, float cx, float cy, float r, SDL_Color c)
{
    ui_fill_ellipse(ui, cx, cy, r, r, c);
}

void ui_fill_quad(struct ui *ui, const float xy[8], SDL_Color c)
{
    SDL_Vertex v[6] = {
        vtx(xy[0], xy[1], c), vtx(xy[2], xy[3], c), vtx(xy[4], xy[5], c),
        vtx(xy[0], xy[1], c), vtx(xy[4], xy[5], c), vtx(xy[6], xy[7], c),
    };
    SDL_RenderGeometry(ui->renderer, NULL, v, 6, NULL, 0);
}

void ui_fill_capsule(struct ui *ui, float x1, float y1, float r1, float x2,
                     float y2, float r2, SDL_Color c)
{
    float dx = x2 - x1, dy = y2 - y1;
    float len = sqrtf(dx * dx + dy * dy);
    if (len > 0.001f) {
        float nx = -dy / len, ny = dx / len;
        float q[8] = {
            x1 + nx * r1, y1 + ny * r1, x2 + nx * r2, y2 + ny * r2,
            x2 - nx * r2, y2 - ny * r2, x1 - nx * r1, y1 - ny * r1,
        };
        ui_fill_quad(ui, q, c);
    }
    ui_fill_circle(ui, x1, y1, r1, c);
    ui_fill_circle(ui, x2, y2, r2, c);
}

void ui_fill_arc(struct ui *ui, float cx, float cy, float r_in, float r_out,
                 float a0, float a1, SDL_Color c)
{
    if (a1 <= a0)
        return;
    int n = (int)((float)segments_for(r_out) * (a1 - a0) /
                  (2.0f * (float)M_PI)) + 2;
    if (n > 160)
        n = 160;
    SDL_Vertex v[160 * 6];
    int k = 0;
    for (int i = 0; i < n; i++) {
        float t0 = a0 + (a1 - a0) * (float)i / (float)n;
        float t1 = a0 + (a1 - a0) * (float)(i + 1) / (float)n;
        /* 0 rad at 12 o'clock, clockwise on screen. */
        float s0 = sinf(t0), c0 = -cosf(t0), s1 = sinf(t1), c1 = -cosf(t1);
        SDL_Vertex p0 = vtx(cx + r_in * s0, cy + r_in * c0, c);
        SDL_Vertex p1 = vtx(cx + r_out * s0, cy + r_out * c0, c);
        SDL_Vertex p2 = vtx(cx + r_out * s1, cy + r_out * c1, c);
        SDL_Vertex p3 = vtx(cx + r_in * s1, cy + r_in * c1, c);
        v[k++] = p0; v[k++] = p1; v[k++] = p2;
        v[k++] = p0; v[k++] = p2; v[k++] = p3;
    }
    SDL_RenderGeometry(ui->renderer, NULL, v, k, NULL, 0);
}

void ui_fill_round_rect(struct ui *ui, SDL_Rect r, int radius, SDL_Color c)
{
    if (radius * 2 > r.w)
        radius = r.w / 2;
    if (radius * 2 > r.h)
        radius = r.h / 2;
    if (radius <= 1) {
        ui_fill_rect(ui, r, c);
        return;
    }
    /* One pixel of overlap with the corners: the rasteriser's edge rules
     * would otherwise leave a hairline gap at some sizes. */
    ui_fill_rect(ui, ui_rect(r.x + radius - 1, r.y, r.w - 2 * radius + 2,
                             r.h), c);
    ui_fill_rect(ui, ui_rect(r.x, r.y + radius, radius, r.h - 2 * radius), c);
    ui_fill_rect(ui, ui_rect(r.x + r.w - radius, r.y + radius, radius,
                             r.h - 2 * radius), c);
    float rr = (float)radius;
    float l = (float)r.x + rr, t = (float)r.y + rr;
    float rt = (float)(r.x + r.w) - rr, b = (float)(r.y + r.h) - rr;
    const float pi = (float)M_PI;
    ui_fill_arc(ui, l, t, 0, rr, 1.5f * pi, 2.0f * pi, c);
    ui_fill_arc(ui, rt, t, 0, rr, 0, 0.5f * pi, c);
    ui_fill_arc(ui, rt, b, 0, rr, 0.5f * pi, pi, c);
    ui_fill_arc(ui, l, b, 0, rr, pi, 1.5f * pi, c);
}

/* ---- Text ------------------------------------------------------------ */


struct line { const char *s; size_t n; };

static int measure(TTF_Font *f, const char *s, size_t n)
{
    char buf[512];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(f, buf, &w, &h) != 0)
        return 1 << 20;
    return w;
}

/* Greedy word wrap.  Returns the number of lines, or -1 when a single word
 * is wider than the box or there are too many lines. */
static int wrap(TTF_Font *f, const char *text, int width, bool allow_wrap,
                struct line *lines)
{
    int count = 0;
    const char *p = text;
    while (*p) {
        if (count == UI_TEXT_MAX_LINES)
            return -1;
        const char *nl = strchr(p, '\n');
        size_t para = nl ? (size_t)(nl - p) : strlen(p);
        if (!allow_wrap) {
            lines[count].s = p;
            lines[count].n = para;
            if (measure(f, p, para) > width)
                return -1;
            count++;
        } else {
            size_t start = 0;
            while (start < para || (para == 0 && start == 0)) {
                if (count == UI_TEXT_MAX_LINES)
                    return -1;
                size_t end = start, best = start;
                while (end < para) {
                    size_t next = end;
                    while (next < para && p[next] == ' ')
                        next++;
                    while (next < para && p[next] != ' ')
                        next++;
                    if (measure(f, p + start, next - start) > width)
                        break;
                    best = end = next;
                }
                if (best == start) {
                    if (para == 0)
                        best = 0;
                    else
                        return -1;  /* one word wider than the box */
                }
                lines[count].s = p + start;
                lines[count].n = best - start;
                count++;
                start = best;
                while (start < para && p[start] == ' ')
                    start++;
                if (para == 0)
                    break;
            }
        }
        p += para;
        if (*p == '\n')
            p++;
    }
    return count;
}

static void record_text(struct ui *ui, const char *text, SDL_Rect box,
                        int px, bool cut, const struct ui_text_style *st)
{
    if (ui->text_count >= UI_TEXT_MAX)
        return;
    struct ui_text_item *t = &ui->texts[ui->text_count++];
    t->box = box;
    t->fg = st->fg;
    t->bg = st->bg;
    t->role = st->role;
    t->px = px;
    t->cut = cut;
    snprintf(t->text, sizeof t->text, "%s", text);
}

/* Renders one line (NULL when empty or on failure). */
static SDL_Surface *render_line(TTF_Font *f, const char *s, size_t n,
                                SDL_Color fg)
{
    char buf[512];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (!n)
        return NULL;
    return TTF_RenderUTF8_Blended(f, buf, fg);
}

/* Cuts s to fit width with "..." at the end (UTF-8 safe). */
static void ellipsize(TTF_Font *f, const char *s, size_t n, int width,
                      char *out, size_t cap)
{
    if (n > cap - 4)
        n = cap - 4;
    while (n > 0) {
        memcpy(out, s, n);
        memcpy(out + n, "...", 4);
        if (measure(f, out, strlen(out)) <= width)
            return;
        n--;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    snprintf(out, cap, "...");
}

/* The sizes ui_text() tries, largest first: from max_px down by a tenth
 * at a time to min_px (a fixed ladder keeps the font cache warm). */
static int ladder_next(int px, int min_px)
{
    int next = (int)((float)px * 0.9f);
    return next < min_px ? min_px : next;
}

/* Fits and renders text into a texture the size of its ink; fills the
 * cache entry.  Returns false when nothing could be drawn. */
static bool layout_text(struct ui *ui, const char *text, SDL_Rect box,
                        int max_px, int min_px, const struct ui_text_style *st,
                        struct ui_text_entry *e)
{
    struct line lines[UI_TEXT_MAX_LINES];
    int px = max_px, count = -1;
    TTF_Font *f = NULL;
    for (;;) {
        f = ui_font(ui, px, st->bold);
        if (!f)
            return false;
        count = wrap(f, text, box.w, st->wrap, lines);
        if (count > 0 && count * TTF_FontLineSkip(f) <= box.h)
            break;
        if (px == min_px) {
            count = -1;
            break;
        }
        px = ladder_next(px, min_px);
    }
    int skip = TTF_FontLineSkip(f);
    char cut[512];
    bool truncated = false;
    if (count < 0) {
        /* Even the smallest size does not fit: show what fits and end
         * with an ellipsis rather than spill off the screen. */
        int fit = box.h / skip;
        if (fit < 1)
            fit = 1;
        int n = wrap(f, text, box.w, true, lines);
        if (n < 0) {
            /* A word wider than the box: one ellipsised line. */
            lines[0].s = text;
            lines[0].n = strlen(text);
            n = 1;
            truncated = true;
        }
        if (n > fit) {
            n = fit;
            truncated = true;
        }
        count = n;
    }
    int total = count * skip;
    int y = 0;
    if (st->valign_center && total < box.h)
        y += (box.h - total) / 2;
    SDL_Rect ink = { 0, 0, 0, 0 };
    SDL_Rect clip = { 0, 0, box.w, box.h };
    SDL_Surface *surf[UI_TEXT_MAX_LINES];
    SDL_Rect at[UI_TEXT_MAX_LINES];
    int drawn = 0;
    for (int i = 0; i < count; i++) {
        const char *s = lines[i].s;
        size_t n = lines[i].n;
        if (truncated && i == count - 1) {
            ellipsize(f, s, count == 1 ? strlen(s) : n, box.w, cut,
                      sizeof cut);
            s = cut;
            n = strlen(cut);
        }
        SDL_Surface *line = render_line(f, s, n, st->fg);
        if (!line)
            continue;
        int x = 0;
        if (st->align == UI_ALIGN_CENTER)
            x += (box.w - line->w) / 2;
        else if (st->align == UI_ALIGN_RIGHT)
            x += box.w - line->w;
        SDL_Rect r = { x, y + i * skip, line->w, line->h }, vis;
        if (!SDL_IntersectRect(&r, &clip, &vis)) {
            SDL_FreeSurface(line);
            continue;
        }
        if (drawn == 0)
            ink = vis;
        else
            SDL_UnionRect(&ink, &vis, &ink);
        surf[drawn] = line;
        at[drawn] = r;
        drawn++;
    }
    e->tex = NULL;
    if (drawn == 1 && SDL_RectEquals(&ink, &at[0])) {
        /* One line, wholly inside: its own surface is the texture. */
        e->tex = SDL_CreateTextureFromSurface(ui->renderer, surf[0]);
    } else if (drawn > 0) {
        /* Copy, not blend: lines do not overlap, and the alpha must
         * survive into the texture. */
        SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(
            0, ink.w, ink.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (out) {
            for (int i = 0; i < drawn; i++) {
                SDL_SetSurfaceBlendMode(surf[i], SDL_BLENDMODE_NONE);
                SDL_Rect dst = { at[i].x - ink.x, at[i].y - ink.y,
                                 at[i].w, at[i].h };
                SDL_BlitSurface(surf[i], NULL, out, &dst);
            }
            e->tex = SDL_CreateTextureFromSurface(ui->renderer, out);
            SDL_FreeSurface(out);
        }
    }
    for (int i = 0; i < drawn; i++)
        SDL_FreeSurface(surf[i]);
    if (e->tex)
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    e->dst = ui_rect(box.x + ink.x, box.y + ink.y, ink.w, ink.h);
    e->px = px;
    e->height = total;
    e->cut = truncated;
    return e->tex != NULL;
}

static bool same_key(const struct ui_text_entry *e, const char *text,
                     SDL_Rect box, int max_px, int min_px,
                     const struct ui_text_style *st)
{
    return e->text && e->max_px == max_px && e->min_px == min_px &&
           SDL_RectEquals(&e->box, &box) && e->st.bold == st->bold &&
           e->st.wrap == st->wrap &&
           e->st.valign_center == st->valign_center &&
           e->st.align == st->align && e->st.fg.r == st->fg.r &&
           e->st.fg.g == st->fg.g && e->st.fg.b == st->fg.b &&
           e->st.fg.a == st->fg.a && !strcmp(e->text, text);
}

int ui_text(struct ui *ui, const char *text, SDL_Rect box, int max_px,
            int min_px, const struct ui_text_style *st)
{
    if (!text || !*text || box.w <= 0 || box.h <= 0)
        return 0;
    if (min_px < 8)
        min_px = 8;
    if (max_px < min_px)
        max_px = min_px;
    /* Most text is the same from one frame to the next: keep its fitted
     * layout and texture, so a redraw is mostly copies. */
    struct ui_text_entry *e = NULL;
    size_t victim = 0;
    for (size_t i = 0; i < UI_TEXT_CACHE; i++) {
        struct ui_text_entry *c = &ui->tcache[i];
        if (same_key(c, text, box, max_px, min_px, st)) {
            e = c;
            break;
        }
        if (!c->text || (ui->tcache[victim].text && c->used <
                                                    ui->tcache[victim].used))
            victim = i;
    }
    if (!e) {
        e = &ui->tcache[victim];
        if (e->tex)
            SDL_DestroyTexture(e->tex);
        free(e->text);
        memset(e, 0, sizeof *e);
        if (!layout_text(ui, text, box, max_px, min_px, st, e)) {
            if (e->tex)
                SDL_DestroyTexture(e->tex);
            memset(e, 0, sizeof *e);
            return 0;
        }
        e->text = xstrdup(text);
        e->box = box;
        e->max_px = max_px;
        e->min_px = min_px;
        e->st = *st;
    }
    e->used = ui->frames;
    SDL_RenderCopy(ui->renderer, e->tex, NULL, &e->dst);
    record_text(ui, text, e->dst, e->px, e->cut, st);
    return e->height;
}

static int measure_fit(struct ui *ui, const char *text, int width,
                       int max_px, int min_px, int max_lines, int max_h,
                       bool bold, int *px)
{
    struct line lines[UI_TEXT_MAX_LINES];
    for (int p = max_px;; p = ladder_next(p, min_px)) {
        TTF_Font *f = ui_font(ui, p, bold);
        if (!f)
            break;
        int n = wrap(f, text, width, true, lines);
        int h = n * TTF_FontLineSkip(f);
        if (n > 0 && n <= max_lines && (max_h <= 0 || h <= max_h)) {
            *px = p;
            return h;
        }
        if (p == min_px)
            break;
    }
    *px = min_px;
    return -1;
}

int ui_text_fit(struct ui *ui, const char *text, int width, int max_px,
                int min_px, int max_lines, int max_h, bool bold, int *px)
{
    /* The same clamps as ui_text(), so the sizes agree. */
    if (min_px < 8)
        min_px = 8;
    if (max_px < min_px)
        max_px = min_px;
    *px = min_px;
    if (!text || !*text || width <= 0 || max_lines < 1)
        return 0;
    if (max_lines > UI_TEXT_MAX_LINES)
        max_lines = UI_TEXT_MAX_LINES;
    size_t victim = 0;
    for (size_t i = 0; i < UI_FIT_CACHE; i++) {
        struct ui_fit_entry *c = &ui->fcache[i];
        if (c->text && c->width == width && c->max_px == max_px &&
            c->min_px == min_px && c->max_lines == max_lines &&
            c->max_h == max_h && c->bold == bold && !strcmp(c->text, text)) {
            c->used = ui->frames;
            *px = c->px;
            return c->height;
        }
        if (!c->text || (ui->fcache[victim].text &&
                         c->used < ui->fcache[victim].used))
            victim = i;
    }
    struct ui_fit_entry *e = &ui->fcache[victim];
    free(e->text);
    e->text = xstrdup(text);
    e->width = width;
    e->max_px = max_px;
    e->min_px = min_px;
    e->max_lines = max_lines;
    e->max_h = max_h;
    e->bold = bold;
    e->height = measure_fit(ui, text, width, max_px, min_px, max_lines,
                            max_h, bold, &e->px);
    e->used = ui->frames;
    *px = e->px;
    return e->height;
}

int ui_text_width(struct ui *ui, const char *text, int px, bool bold)
{
    TTF_Font *f = text && *text ? ui_font(ui, px, bold) : NULL;
    int w = f ? measure(f, text, strlen(text)) : 0;
    return w >= 1 << 20 ? 0 : w;
}

int ui_line_skip(struct ui *ui, int px, bool bold)
{
    TTF_Font *f = ui_font(ui, px, bold);
    return f ? TTF_FontLineSkip(f) : px;
}

/* ---- Buttons and records --------------------------------------------- */

void ui_add_button(struct ui *ui, SDL_Rect r, struct ui_input input)
{
    if (ui->button_count < UI_BUTTON_MAX) {
        ui->buttons[ui->button_count].box = r;
        ui->buttons[ui->button_count].input = input;
        ui->button_count++;
    }
}

void ui_button(struct ui *ui, SDL_Rect r, const char *label,
               struct ui_input input, bool selected, int max_px)
{
    SDL_Color bg = selected ? UI_ACCENT : UI_BUTTON_BG;
    SDL_Color fg = selected ? UI_ON_ACCENT : UI_TEXT;
    ui_fill_round_rect(ui, r, ui_px(ui, 10), bg);
    int pad = ui_px(ui, 6);
    SDL_Rect inner = ui_rect(r.x + pad, r.y + pad / 2, r.w - 2 * pad,
                             r.h - pad);
    struct ui_text_style st = {
        .bold = true, .wrap = true, .valign_center = true,
        .align = UI_ALIGN_CENTER, .fg = fg, .bg = bg,
        .role = UI_TEXT_BUTTON,
    };
    ui_text(ui, label, inner, max_px, ui_px(ui, 12), &st);
    ui_add_button(ui, r, input);
}

size_t ui_text_count(const struct ui *ui) { return ui->text_count; }

const struct ui_text_item *ui_text_at(const struct ui *ui, size_t i)
{
    return i < ui->text_count ? &ui->texts[i] : NULL;
}

size_t ui_button_count(const struct ui *ui) { return ui->button_count; }

const struct ui_button *ui_button_at(const struct ui *ui, size_t i)
{
    return i < ui->button_count ? &ui->buttons[i] : NULL;
}

struct ui_input ui_hit_test(const struct ui *ui, int x, int y)
{
    struct ui_input none = { UI_CMD_NONE, 0 };
    SDL_Point p = { x, y };
    /* Later buttons are drawn on top: search from the end. */
    for (size_t i = ui->button_count; i-- > 0;)
        if (SDL_PointInRect(&p, &ui->buttons[i].box))
            return ui->buttons[i].input;
    return none;
}

bool ui_highlight(const struct ui *ui, SDL_Rect *box, SDL_Color *color)
{
    if (!ui->has_highlight)
        return false;
    if (box)
        *box = ui->highlight_box;
    if (color)
        *color = UI_HIGHLIGHT;
    return true;
}

bool ui_countdown_box(const struct ui *ui, SDL_Rect *box)
{
    if (!ui->has_countdown)
        return false;
    if (box)
        *box = ui->countdown_box;
    return true;
}

/* ---- Frames ---------------------------------------------------------- */

void ui_render(struct ui *ui, const struct ui_screen *s)
{
    ui->frames++;
    ui->text_count = 0;
    ui->button_count = 0;
    ui->has_highlight = false;
    ui->has_countdown = false;
    /* Every shape is opaque: no blending for them (only text textures
     * blend), and a clear instead of a filled rectangle.  With a software
     * GL (llvmpipe) the fill is most of a frame's cost. */
    SDL_SetRenderDrawBlendMode(ui->renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(ui->renderer, UI_BG.r, UI_BG.g, UI_BG.b, 0xff);
    SDL_RenderClear(ui->renderer);
    ui_draw_screen(ui, s);
}

void ui_draw(struct ui *ui, const struct ui_screen *s)
{
    ui_render(ui, s);
    SDL_RenderPresent(ui->renderer);
}

static double channel(Uint8 v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) +
           0.0722 * channel(c.b);
}

double ui_contrast(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}

int ui_countdown_seconds(long long ms)
{
    if (ms <= 0)
        return 0;
    return (int)((ms + 999) / 1000);
}

void ui_format_duration(char *buf, size_t n, long long ms)
{
    long long s = (ms + 999) / 1000;
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(buf, n, "%lld s", s);
    else
        snprintf(buf, n, "%lld:%02lld", s / 60, s % 60);
}

int ui_save_bmp(struct ui *ui, const char *path, char **err)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, ui->w, ui->h, 24,
                                                    SDL_PIXELFORMAT_BGR24);
    if (!s) {
        *err = xasprintf("%s: %s", path, SDL_GetError());
        return -1;
    }
    int rc = SDL_RenderReadPixels(ui->renderer, NULL, SDL_PIXELFORMAT_BGR24,
                                  s->pixels, s->pitch);
    if (rc == 0)
        rc = SDL_SaveBMP(s, path);
    if (rc != 0)
        *err = xasprintf("%s: %s", path, SDL_GetError());
    SDL_FreeSurface(s);
    return rc == 0 ? 0 : -1;
}
