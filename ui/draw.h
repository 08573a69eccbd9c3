/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Drawing helpers shared by the files of ui/ (not for other modules):
 * the struct ui itself, the palette, filled shapes through
 * SDL_RenderGeometry, and text fitted into boxes with SDL_ttf.
 *
 * Sizes: ui->unit is one "design pixel" of the 800x480 layout, scaled to
 * the window (min of width/800 and height/480), so the same numbers lay
 * out every size.  Same threading as ui.h.
 */
#ifndef UNKNOT_UI_DRAW_H
#define UNKNOT_UI_DRAW_H

#include <stdbool.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "ui/ui.h"

#define UI_FONT_CACHE 32
#define UI_TEXT_MAX 96
#define UI_BUTTON_MAX 48
#define UI_TEXT_MAX_LINES 24      /* lines of one wrapped text */

struct ui_font {
    TTF_Font *font;
    int px;
    bool bold;
    unsigned long used;     /* frame it was last used, for eviction */
};

enum ui_align { UI_ALIGN_LEFT, UI_ALIGN_CENTER, UI_ALIGN_RIGHT };

/* How ui_text() draws (see below). */
struct ui_text_style {
    bool bold;
    bool wrap;
    bool valign_center;
    enum ui_align align;
    SDL_Color fg, bg;
    enum ui_text_role role;
};

/* A fitted, rendered text kept between frames (key: text, box, sizes,
 * style; the role and background do not change the pixels). */
#define UI_TEXT_CACHE 64
struct ui_text_entry {
    char *text;
    SDL_Rect box;
    int max_px, min_px;
    struct ui_text_style st;
    SDL_Texture *tex;
    SDL_Rect dst;
    int px, height;
    bool cut;                   /* did not fit: ends with "..." */
    unsigned long used;
};

/* A measured fit kept between frames (see ui_text_fit()). */
#define UI_FIT_CACHE 32
struct ui_fit_entry {
    char *text;
    int width, max_px, min_px, max_lines, max_h;
    bool bold;
    int px, height;
    unsigned long used;
};

struct ui {
    SDL_Window *window;
    SDL_Renderer *renderer;
    int w, h;
    float unit;
    double text_scale;
    char font_path[2][256];         /* regular, bold */
    struct ui_font fonts[UI_FONT_CACHE];
    unsigned long frames;
    struct ui_text_entry tcache[UI_TEXT_CACHE];
    struct ui_fit_entry fcache[UI_FIT_CACHE];

    /* What the last frame drew. */
    struct ui_text_item texts[UI_TEXT_MAX];
    size_t text_count;
    struct ui_button buttons[UI_BUTTON_MAX];
    size_t button_count;
    bool has_highlight;
    SDL_Rect highlight_box;
    bool has_countdown;
    SDL_Rect countdown_box;
    /* The home list's scroll offset (window pixels), kept between frames
     * so it only moves when the highlight leaves the view. */
    int home_scroll;
    /* Pixels at the bottom the screen leaves to the notice band (set by
     * ui_draw_screen for the frame). */
    int bottom_reserve;
};

/* The palette.  Main text on the background is about 18:1; every pair
 * used for text is 7:1 or more (checked in tests/test_ui.c). */
extern const SDL_Color UI_BG, UI_PANEL, UI_TEXT, UI_TEXT_DIM, UI_ACCENT,
    UI_ON_ACCENT, UI_BUTTON_BG, UI_TRACK, UI_BODY, UI_BODY_EDGE,
    UI_HIGHLIGHT, UI_STOP_BG, UI_STOP_FG, UI_URGENT_BG, UI_URGENT_FG,
    UI_MILD, UI_MODERATE, UI_SEVERE, UI_FLAG_TEXT;

/* Design pixels to window pixels. */
int ui_px(const struct ui *ui, float design);
SDL_Rect ui_rect(int x, int y, int w, int h);

void ui_fill_rect(struct ui *ui, SDL_Rect r, SDL_Color c);
void ui_fill_round_rect(struct ui *ui, SDL_Rect r, int radius, SDL_Color c);
void ui_fill_circle(struct ui *ui, float cx, float cy, float r, SDL_Color c);
void ui_fill_ellipse(struct ui *ui, float cx, float cy, float rx, float ry,
                     SDL_Color c);
/* A limb: a segment from (x1,y1) to (x2,y2), radius r1 tapering to r2,
 * with round ends. */
void ui_fill_capsule(struct ui *ui, float x1, float y1, float r1, float x2,
                     float y2, float r2, SDL_Color c);
/* A quadrilateral given clockwise. */
void ui_fill_quad(struct ui *ui, const float xy[8], SDL_Color c);
/* A ring arc from angle a0 to a1 (radians, 0 = 12 o'clock, clockwise). */
void ui_fill_arc(struct ui *ui, float cx, float cy, float r_in, float r_out,
                 float a0, float a1, SDL_Color c);

/* Text fitted into box: the largest size from max_px down to min_px whose
 * wrapped lines fit (wrap true) or whose single line fits.  Below min_px
 * the text is cut with an ellipsis rather than spill.  Vertically centred
 * when valign_center, else top-aligned.  Sizes are in window pixels
 * (ui_font_px() adds the text scale).  The fitted texture is cached, so
 * text that does not change costs one copy per frame.  Records a text
 * item and returns the height used. */
int ui_text(struct ui *ui, const char *text, SDL_Rect box, int max_px,
            int min_px, const struct ui_text_style *st);
/* How tall text wrapped into lines `width` wide would be, before drawing
 * it: the largest size on ui_text()'s ladder, from max_px down to min_px,
 * at which it wraps into max_lines lines or fewer, and (max_h > 0) lines
 * no taller than max_h in all.  Sets *px to that size and returns the
 * lines' height (lines x line skip), so that ui_text() with max_px = *px
 * in a box that tall draws it whole at *px.  Returns -1 (*px = min_px)
 * when it does not fit even at min_px, or a word is wider than the box:
 * ui_text() would then cut it.  Cached like ui_text(). */
int ui_text_fit(struct ui *ui, const char *text, int width, int max_px,
                int min_px, int max_lines, int max_h, bool bold, int *px);
/* The width of text on one line at px (0 when it cannot be measured). */
int ui_text_width(struct ui *ui, const char *text, int px, bool bold);
/* The line skip (a line's height in a wrapped text) at px. */
int ui_line_skip(struct ui *ui, int px, bool bold);
/* A font size in window pixels for a design size, with the text scale. */
int ui_font_px(const struct ui *ui, float design);
TTF_Font *ui_font(struct ui *ui, int px, bool bold);

/* A button: a rounded box with a centred label, recorded for hit tests. */
void ui_button(struct ui *ui, SDL_Rect r, const char *label,
               struct ui_input input, bool selected, int max_px);
void ui_add_button(struct ui *ui, SDL_Rect r, struct ui_input input);

/* Body figure (ui/body.c): draws the front or back figure into box and
 * highlights region_id (side NONE: both sides of a paired region). */
void ui_draw_body(struct ui *ui, SDL_Rect box, bool back_view,
                  const char *region_id, enum ui_side side);

/* Screens (ui/screens.c). */
void ui_draw_screen(struct ui *ui, const struct ui_screen *s);

#endif
