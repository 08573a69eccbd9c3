/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ui/answer_list.h"

#include <string.h>

struct list_geom {
    int label_w;        /* the label's column */
    int answer_w;       /* the answer's column, right of the label */
    int base_h;         /* a row's least height */
    int label_max, label_min;
};

static SDL_Color label_fg(const struct ui_answer_row *r)
{
    return r->flagged ? UI_FLAG_TEXT : UI_TEXT_DIM;
}

/* The answer column for the whole list (not only the rows in view, so the
 * columns stay put while it scrolls): the widest answer at its full size
 * and a gap, between 15% and 40% of the row. */
static int answer_width(struct ui *ui, const struct ui_answer_row *rows,
                        size_t count, int row_w)
{
    int px = ui_font_px(ui, 20), need = 0;
    for (size_t i = 0; i < count; i++) {
        int w = ui_text_width(ui, rows[i].answer, px, true);
        if (w > need)
            need = w;
    }
    need += ui_px(ui, 12);
    int lo = row_w * 15 / 100, hi = row_w * 25 / 100;
    return need < lo ? lo : need > hi ? hi : need;
}

static struct list_geom geometry(struct ui *ui,
                                 const struct ui_answer_row *rows,
                                 size_t count, int row_w)
{
    struct list_geom g;
    g.answer_w = answer_width(ui, rows, count, row_w);
    g.label_w = row_w - g.answer_w;
    g.base_h = (int)((float)ui->h * 0.09f);
    g.label_max = ui_font_px(ui, 18);
    g.label_min = ui_px(ui, 12);
    return g;
}

/* A row's label size (*px) and the height of its lines (*label_h); returns
 * the row's height.  In a row of the base height when it fits there at
 * some size down to the smallest (as every English label does); else at
 * the smallest size on as many lines as it needs, the row growing to
 * hold them, rather than lose its end. */
static int row_height(struct ui *ui, const struct list_geom *g,
                      const struct ui_answer_row *r, int *px, int *label_h)
{
    int pad = ui_px(ui, 6);
    int h = ui_text_fit(ui, r->question, g->label_w, g->label_max,
                        g->label_min, UI_TEXT_MAX_LINES, g->base_h - pad,
                        r->flagged, px);
    if (h >= 0) {
        *label_h = h;
        return g->base_h;
    }
    h = ui_text_fit(ui, r->question, g->label_w, g->label_min, g->label_min,
                    UI_TEXT_MAX_LINES, 0, r->flagged, px);
    if (h < 0)      /* a word wider than the column: ui_text() cuts it */
        h = ui_line_skip(ui, *px, r->flagged);
    *label_h = h;
    h += pad;
    return h > g->base_h ? h : g->base_h;
}

/* How many rows from first fit whole in height h (the first always). */
static size_t rows_fitting(struct ui *ui, const struct list_geom *g,
                           const struct ui_answer_row *rows, size_t count,
                           size_t first, int h)
{
    int y = 0;
    size_t n = 0;
    for (size_t i = first; i < count; i++) {
        int px, lh, rh = row_height(ui, g, &rows[i], &px, &lh);
        if (n > 0 && y + rh > h)
            break;
        y += rh;
        n++;
    }
    return n;
}

static void draw_row(struct ui *ui, const struct list_geom *g,
                     const struct ui_answer_row *r, SDL_Rect row, int px,
                     int label_h)
{
    struct ui_text_style q = {
        .bold = r->flagged, .wrap = true, .valign_center = true,
        .align = UI_ALIGN_LEFT, .fg = label_fg(r), .bg = UI_BG,
        .role = UI_TEXT_SECONDARY,
    };
    /* The label's lines centred on the row; a first row taller than the
     * whole list gets the list's height (and ui_text() fits it there). */
    int lh = label_h < row.h ? label_h : row.h;
    ui_text(ui, r->question, ui_rect(row.x, row.y + (row.h - lh) / 2,
                                     g->label_w, lh),
            px, g->label_min, &q);
    struct ui_text_style v = {
        .bold = true, .wrap = true, .valign_center = true,
        .align = UI_ALIGN_RIGHT, .fg = r->flagged ? UI_FLAG_TEXT : UI_TEXT,
        .bg = UI_BG, .role = UI_TEXT_MAIN,
    };
    ui_text(ui, r->answer, ui_rect(row.x + g->label_w, row.y,
                                   g->answer_w - ui_px(ui, 4), row.h),
            ui_font_px(ui, 20), ui_px(ui, 8), &v);
}

static void arrows(struct ui *ui, SDL_Rect area, int arrow_w,
                   const struct ui_answer_list_drawn *d)
{
    /* Small buttons at the list's top and bottom: more is there. */
    int ax = area.x + area.w - arrow_w + ui_px(ui, 4);
    int ah = (int)((float)ui->h * 0.1f);
    if (d->more_above)
        ui_button(ui, ui_rect(ax, area.y, arrow_w - ui_px(ui, 4), ah),
                  "\xe2\x96\xb2", (struct ui_input){ .cmd = UI_CMD_PREV },
                  false, ui_font_px(ui, 22));
    if (d->more_below)
        ui_button(ui, ui_rect(ax, area.y + area.h - ah,
                              arrow_w - ui_px(ui, 4), ah),
                  "\xe2\x96\xbc", (struct ui_input){ .cmd = UI_CMD_NEXT },
                  false, ui_font_px(ui, 22));
}

void ui_draw_answer_list(struct ui *ui, SDL_Rect area,
                         const struct ui_answer_row *rows, size_t count,
                         size_t first, struct ui_answer_list_drawn *out)
{
    struct ui_answer_list_drawn d = { 0, false, false };
    if (out)
        *out = d;
    if (!count || area.w <= 0 || area.h <= 0)
        return;
    if (first >= count)
        first = count - 1;
    struct list_geom g = geometry(ui, rows, count, area.w);
    /* The arrows' strip only when the list scrolls: the labels then wrap
     * in what is left. */
    int arrow_w = 0;
    if (first > 0 ||
        rows_fitting(ui, &g, rows, count, first, area.h) < count - first) {
        arrow_w = (int)((float)ui->w * 0.07f);
        g = geometry(ui, rows, count, area.w - arrow_w);
    }
    int y = area.y;
    for (size_t i = first; i < count; i++) {
        int px, lh, rh = row_height(ui, &g, &rows[i], &px, &lh);
        if (d.shown > 0 && y + rh > area.y + area.h)
            break;
        if (rh > area.h)
            rh = area.h;
        draw_row(ui, &g, &rows[i], ui_rect(area.x, y, area.w - arrow_w, rh),
                 px, lh);
        y += rh;
        d.shown++;
    }
    d.more_above = first > 0;
    d.more_below = first + d.shown < count;
    if (arrow_w)
        arrows(ui, area, arrow_w, &d);
    if (out)
        *out = d;
}
