/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The screens, drawn from their view models (ui.h).  Positions are
 * fractions of the window so one layout serves 800x480 to 1920x1080; font
 * sizes come from ui_font_px (the design size times the window scale and
 * the user's text scale) and every text is fitted into its box.
 */
#include "ui/draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui/answer_list.h"
#include "util/dates.h"
#include "util/i18n.h"
#include "util/util.h"

static struct ui_text_style style(bool bold, SDL_Color fg, SDL_Color bg,
                                  enum ui_text_role role)
{
    struct ui_text_style st = {
        .bold = bold, .wrap = true, .valign_center = false,
        .align = UI_ALIGN_LEFT, .fg = fg, .bg = bg, .role = role,
    };
    return st;
}

static struct ui_input input(enum ui_cmd cmd, int value)
{
    struct ui_input in = { cmd, value };
    return in;
}

static int fx(const struct ui *ui, float f) { return (int)((float)ui->w * f); }
static int fy(const struct ui *ui, float f) { return (int)((float)ui->h * f); }

/* Pause and Stop in the top right corner of every session screen: stop is
 * one tap away wherever the user is. */
static void session_buttons(struct ui *ui, bool paused, bool with_pause)
{
    int bh = fy(ui, 0.13f), bw = fx(ui, 0.17f), gap = ui_px(ui, 8);
    int y = ui_px(ui, 8);
    SDL_Rect stop = ui_rect(ui->w - bw - gap, y, bw, bh);
    ui_fill_round_rect(ui, stop, ui_px(ui, 10), UI_URGENT_BG);
    struct ui_text_style st = style(true, UI_URGENT_FG, UI_URGENT_BG,
                                    UI_TEXT_BUTTON);
    st.align = UI_ALIGN_CENTER;
    st.valign_center = true;
    int pad = ui_px(ui, 6);
    ui_text(ui, _("STOP\nEsc"), ui_rect(stop.x + pad, stop.y + pad / 2,
                                     stop.w - 2 * pad, stop.h - pad),
            ui_font_px(ui, 22), ui_px(ui, 10), &st);
    ui_add_button(ui, stop, input(UI_CMD_STOP, 0));
    if (with_pause) {
        SDL_Rect pr = ui_rect(stop.x - bw - gap, y, bw, bh);
        ui_button(ui, pr, paused ? _("RESUME\nSpace") : _("PAUSE\nSpace"),
                  input(UI_CMD_PAUSE, 0), paused, ui_font_px(ui, 22));
    }
}

/* ---- Home ------------------------------------------------------------ */

/* The highlighted routine before it starts: what it is, what it needs,
 * its steps and length, and a Start button. */
/* A routine's level as its preview shows it: the three levels of the
 * routine format in the session's language, anything else as written. */
static const char *level_label(const char *level)
{
    static const char *const levels[] = {
        /* TRANSLATORS: a routine's level (its pressure). */
        N_("gentle"), N_("moderate"), N_("firm"),
    };
    if (!level)
        return "";
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (!strcmp(level, levels[i]))
            return _(levels[i]);
    return level;
}

static void draw_preview(struct ui *ui, SDL_Rect box,
                         const struct ui_home_entry *e)
{
    ui_fill_round_rect(ui, box, ui_px(ui, 10), UI_PANEL);
    int pad = ui_px(ui, 12);
    int x = box.x + pad, w = box.w - 2 * pad, y = box.y + pad / 2;
    int bh = fy(ui, 0.12f);
    int bottom = box.y + box.h - bh - pad;
    struct ui_text_style t = style(true, UI_TEXT, UI_PANEL, UI_TEXT_MAIN);
    y += ui_text(ui, e->title ? e->title : e->name,
                 ui_rect(x, y, w, fy(ui, 0.14f)), ui_font_px(ui, 26),
                 ui_px(ui, 12), &t) + ui_px(ui, 4);
    char meta[128], dur[32];
    int min = (e->seconds + 30) / 60;
    /* TRANSLATORS: a routine's length in minutes, in its preview. */
    snprintf(dur, sizeof dur, _("about %d min"), min > 0 ? min : 1);
    char steps[48];
    snprintf(steps, sizeof steps, ngettext("%d step", "%d steps",
                                           (unsigned long)e->step_count),
             e->step_count);
    snprintf(meta, sizeof meta, "%s  \xc2\xb7  %s  \xc2\xb7  %s",
             dur, level_label(e->level), steps);
    struct ui_text_style m = style(true, UI_ACCENT, UI_PANEL,
                                   UI_TEXT_SECONDARY);
    m.wrap = false;
    y += ui_text(ui, meta, ui_rect(x, y, w, fy(ui, 0.06f)),
                 ui_font_px(ui, 19), ui_px(ui, 9), &m) + ui_px(ui, 4);
    struct ui_text_style d = style(false, UI_TEXT, UI_PANEL,
                                   UI_TEXT_SECONDARY);
    if (e->equipment) {
        char eq[160];
        /* TRANSLATORS: %s is the routine's equipment, as its author
         * wrote it. */
        snprintf(eq, sizeof eq, _("You need: %s"), e->equipment);
        y += ui_text(ui, eq, ui_rect(x, y, w, fy(ui, 0.1f)),
                     ui_font_px(ui, 18), ui_px(ui, 9), &d) + ui_px(ui, 4);
    }
    /* Steps and description share what is left: steps first (what the
     * session does), the description below in the rest. */
    if (e->steps && y < bottom) {
        char st[400];
        /* TRANSLATORS: %s lists the routine's body regions. */
        snprintf(st, sizeof st, _("Steps: %s"), e->steps);
        int h = (bottom - y) / 2;
        y += ui_text(ui, st, ui_rect(x, y, w, h), ui_font_px(ui, 18),
                     ui_px(ui, 9), &d) + ui_px(ui, 4);
    }
    if (e->description && y < bottom) {
        struct ui_text_style dd = d;
        dd.fg = UI_TEXT_DIM;
        ui_text(ui, e->description, ui_rect(x, y, w, bottom - y),
                ui_font_px(ui, 18), ui_px(ui, 9), &dd);
    }
    ui_button(ui, ui_rect(x, bottom + pad / 2, w, bh), _("Start (Enter)"),
              input(UI_CMD_OK, 0), true, ui_font_px(ui, 26));
}

static void draw_home(struct ui *ui, const struct ui_home_model *m)
{
    int margin = ui_px(ui, 16);
    struct ui_text_style st = style(true, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    st.wrap = false;
    ui_text(ui, "Unknot", ui_rect(margin, margin, fx(ui, 0.3f), fy(ui, 0.1f)),
            ui_font_px(ui, 36), ui_px(ui, 14), &st);
    struct ui_text_style dim = style(false, UI_TEXT_DIM, UI_BG,
                                     UI_TEXT_SECONDARY);
    dim.align = UI_ALIGN_RIGHT;
    int info_x = fx(ui, 0.30f);
    int info_w = ui->w - info_x - margin;
    if (m->last_session)
        ui_text(ui, m->last_session, ui_rect(info_x, margin / 2, info_w,
                                             fy(ui, 0.055f)),
                ui_font_px(ui, 18), ui_px(ui, 9), &dim);
    if (m->next_due) {
        struct ui_text_style due = dim;
        due.fg = UI_ACCENT;
        due.bold = true;
        ui_text(ui, m->next_due, ui_rect(info_x, margin / 2 + fy(ui, 0.06f),
                                         info_w, fy(ui, 0.055f)),
                ui_font_px(ui, 18), ui_px(ui, 9), &due);
    }

    int top = fy(ui, 0.16f), bottom = ui->h - fy(ui, 0.08f);
    if (m->count == 0) {
        struct ui_text_style t = style(false, UI_TEXT, UI_BG, UI_TEXT_MAIN);
        ui_text(ui, _("No routines found. Put routine files in "
                      "~/.local/share/unknot/routines."),
                ui_rect(margin, top, ui->w - 2 * margin, bottom - top),
                ui_font_px(ui, 24), ui_px(ui, 12), &t);
        return;
    }
    /* The list on the left, the preview of the highlighted routine on the
     * right; under the list, how many rows are above and below. */
    int list_w = (ui->w - 3 * margin) * 56 / 100;
    int more_h = fy(ui, 0.055f);
    int list_bottom = bottom - more_h;
    /* Larger text needs taller rows; the list scrolls instead. */
    float grow = (float)(ui->text_scale < 1.0 ? 1.0 : ui->text_scale > 1.6
                         ? 1.6 : ui->text_scale);
    int row_h = (int)((float)fy(ui, 0.105f) * grow);
    int head_h = (int)((float)fy(ui, 0.07f) * grow);
    struct item { size_t entry; bool heading; int y, h; };
    struct item items[256];
    size_t n = 0;
    int y = 0;
    const char *group = NULL;
    for (size_t i = 0; i < m->count && n + 2 < ARRAY_LEN(items); i++) {
        const char *g = m->entries[i].group ? m->entries[i].group : _("Other");
        if (!group || strcmp(g, group) != 0) {
            items[n++] = (struct item){ i, true, y, head_h };
            y += head_h;
            group = g;
        }
        items[n++] = (struct item){ i, false, y, row_h };
        y += row_h;
    }
    int total_h = y, view_h = list_bottom - top;
    /* Scroll as little as possible: keep the offset of the last frame and
     * move it only when the highlighted row (with its group heading, when
     * it is the group's first) is not wholly in view. */
    int scroll = ui->home_scroll;
    for (size_t k = 0; k < n; k++) {
        if (items[k].heading || items[k].entry != m->selected)
            continue;
        int want_top = items[k].y;
        if (k > 0 && items[k - 1].heading)
            want_top = items[k - 1].y;
        int want_bottom = items[k].y + items[k].h;
        if (want_bottom - scroll > view_h)
            scroll = want_bottom - view_h;
        if (want_top < scroll)
            scroll = want_top;
    }
    if (scroll > total_h - view_h)
        scroll = total_h - view_h;
    if (scroll < 0)
        scroll = 0;
    /* Start the view at a row or heading, not inside one (only whole
     * rows are drawn: a cut one would leave a gap at the top). */
    for (size_t k = 0; k < n; k++)
        if (items[k].y < scroll && scroll < items[k].y + items[k].h) {
            scroll = items[k].y + items[k].h;
            break;
        }
    ui->home_scroll = scroll;
    size_t above = 0, below = 0;
    SDL_Rect clip = ui_rect(0, top, margin + list_w, view_h);
    SDL_RenderSetClipRect(ui->renderer, &clip);
    for (size_t k = 0; k < n; k++) {
        int iy = top + items[k].y - scroll;
        bool cut = iy < top || iy + items[k].h > list_bottom;
        /* No heading left alone at the bottom without its first row. */
        if (items[k].heading && k + 1 < n &&
            iy + items[k].h + items[k + 1].h > list_bottom)
            cut = true;
        if (cut) {
            /* Only whole rows: no text cut by the edge. */
            if (!items[k].heading && iy < top)
                above++;
            else if (!items[k].heading)
                below++;
            continue;
        }
        const struct ui_home_entry *e = &m->entries[items[k].entry];
        if (items[k].heading) {
            struct ui_text_style h = style(true, UI_ACCENT, UI_BG,
                                           UI_TEXT_MAIN);
            h.wrap = false;
            h.valign_center = true;
            ui_text(ui, e->group ? e->group : _("Other"),
                    ui_rect(margin, iy, list_w, items[k].h),
                    ui_font_px(ui, 20), ui_px(ui, 10), &h);
            continue;
        }
        bool sel = items[k].entry == m->selected;
        SDL_Color bg = sel ? UI_ACCENT : UI_PANEL;
        SDL_Color fg = sel ? UI_ON_ACCENT : UI_TEXT;
        SDL_Rect row = ui_rect(margin, iy + ui_px(ui, 2), list_w,
                               items[k].h - ui_px(ui, 4));
        ui_fill_round_rect(ui, row, ui_px(ui, 8), bg);
        ui_add_button(ui, row, input(UI_CMD_SELECT, (int)items[k].entry));
        int pad = ui_px(ui, 10);
        struct ui_text_style t = style(true, fg, bg, UI_TEXT_MAIN);
        t.wrap = false;
        t.valign_center = true;
        int title_w = row.w * 76 / 100;
        ui_text(ui, e->title ? e->title : e->name,
                ui_rect(row.x + pad, row.y, title_w - pad, row.h),
                ui_font_px(ui, 22), ui_px(ui, 10), &t);
        char dur[32];
        int min = (e->seconds + 30) / 60;
        /* TRANSLATORS: a routine's length in minutes, in the list. */
        snprintf(dur, sizeof dur, _("%d min"), min > 0 ? min : 1);
        struct ui_text_style mt = style(false, fg, bg, UI_TEXT_SECONDARY);
        mt.wrap = false;
        mt.valign_center = true;
        mt.align = UI_ALIGN_RIGHT;
        ui_text(ui, dur, ui_rect(row.x + title_w, row.y,
                                 row.w - title_w - pad, row.h),
                ui_font_px(ui, 20), ui_px(ui, 10), &mt);
    }
    SDL_RenderSetClipRect(ui->renderer, NULL);
    if (above || below) {
        char more[96] = "", up[40], down[40];
        /* TRANSLATORS: routines above and below the visible list. */
        snprintf(up, sizeof up, ngettext("%zu more above", "%zu more above",
                                         above), above);
        snprintf(down, sizeof down, ngettext("%zu more below",
                                             "%zu more below", below), below);
        if (above)
            snprintf(more, sizeof more, "\xe2\x96\xb2 %s", up);
        if (below)
            snprintf(more + strlen(more), sizeof more - strlen(more),
                     "%s\xe2\x96\xbc %s", above ? "   " : "", down);
        struct ui_text_style mo = style(true, UI_TEXT_DIM, UI_BG,
                                        UI_TEXT_SECONDARY);
        mo.wrap = false;
        mo.align = UI_ALIGN_CENTER;
        mo.valign_center = true;
        ui_text(ui, more, ui_rect(margin, list_bottom, list_w, more_h),
                ui_font_px(ui, 18), ui_px(ui, 9), &mo);
    }
    if (m->selected < m->count)
        draw_preview(ui, ui_rect(2 * margin + list_w, top,
                                 ui->w - 3 * margin - list_w, bottom - top),
                     &m->entries[m->selected]);
    struct ui_text_style hint = style(false, UI_TEXT_DIM, UI_BG,
                                      UI_TEXT_SECONDARY);
    hint.wrap = false;
    hint.align = UI_ALIGN_CENTER;
    hint.valign_center = true;
    int hist_w = fx(ui, 0.2f);
    int full_w = ui->w - 2 * margin;
    ui_text(ui, _("Up/Down choose  \xc2\xb7  Enter or a second tap starts  "
                  "\xc2\xb7  Esc quits"),
            ui_rect(margin, bottom, full_w - hist_w - margin, ui->h - bottom),
            ui_font_px(ui, 18), ui_px(ui, 9), &hint);
    ui_button(ui, ui_rect(ui->w - margin - hist_w, bottom + ui_px(ui, 3),
                          hist_w, ui->h - bottom - ui_px(ui, 6)),
              _("History (H)"), input(UI_CMD_HISTORY, 0), false,
              ui_font_px(ui, 18));
}

/* ---- Question -------------------------------------------------------- */

/* A microphone drawn in code: a capsule, a cradle and a stand. */
static void draw_mic(struct ui *ui, float cx, float cy, float s, SDL_Color c)
{
    ui_fill_capsule(ui, cx, cy - s * 0.35f, s * 0.18f, cx, cy, s * 0.18f, c);
    ui_fill_arc(ui, cx, cy, s * 0.27f, s * 0.34f, (float)M_PI * 0.5f,
                (float)M_PI * 1.5f, c);
    ui_fill_rect(ui, ui_rect((int)(cx - s * 0.035f), (int)(cy + s * 0.33f),
                             (int)(s * 0.07f), (int)(s * 0.18f)), c);
    ui_fill_rect(ui, ui_rect((int)(cx - s * 0.2f), (int)(cy + s * 0.48f),
                             (int)(s * 0.4f), (int)(s * 0.07f)), c);
}

static void draw_question(struct ui *ui, const struct ui_question_model *m)
{
    int margin = ui_px(ui, 16);
    /* STOP and PAUSE, as on every session screen. */
    session_buttons(ui, m->paused, true);
    int top_w = ui->w - 2 * fx(ui, 0.17f) - 4 * margin;
    struct ui_text_style h = style(true, UI_TEXT_DIM, UI_BG,
                                   UI_TEXT_SECONDARY);
    h.wrap = true;
    h.valign_center = true;
    int head_h = fy(ui, 0.13f);
    int text_w = top_w;
    bool rest = m->rest_total_ms > 0;
    if (m->listening) {
        /* The indicator sits beside the heading, in the accent colour. */
        int mic = fy(ui, 0.11f);
        int lx = margin + top_w - fx(ui, 0.2f);
        draw_mic(ui, (float)(lx + mic / 2), (float)(ui_px(ui, 8) + mic / 2),
                 (float)mic, UI_ACCENT);
        struct ui_text_style l = style(true, UI_ACCENT, UI_BG,
                                       UI_TEXT_SECONDARY);
        l.wrap = false;
        l.valign_center = true;
        ui_text(ui, _("Listening"), ui_rect(lx + mic + ui_px(ui, 4),
                                         ui_px(ui, 8), fx(ui, 0.2f) - mic,
                                         mic),
                ui_font_px(ui, 20), ui_px(ui, 9), &l);
        text_w = lx - margin - ui_px(ui, 8);
    }
    if (m->heading)
        ui_text(ui, m->heading, ui_rect(margin, ui_px(ui, 8), text_w, head_h),
                ui_font_px(ui, 22), ui_px(ui, 10), &h);

    int q_top = head_h + ui_px(ui, 16);
    int q_bottom = fy(ui, 0.52f);
    int q_x = margin, q_w = ui->w - 2 * margin;
    if (rest) {
        /* The rest goes on while the question is asked: its ring on the
         * left, green as on the rest screen. */
        int r = (q_bottom - q_top) / 2;
        int cx = margin + r, cy = q_top + r;
        float r_out = (float)r, r_in = (float)r - (float)fy(ui, 0.02f);
        ui_fill_arc(ui, (float)cx, (float)cy, r_in, r_out, 0,
                    2.0f * (float)M_PI, UI_TRACK);
        int secs = ui_countdown_seconds(m->rest_ms);
        double frac = (double)secs * 1000.0 / (double)m->rest_total_ms;
        if (frac > 1)
            frac = 1;
        ui_fill_arc(ui, (float)cx, (float)cy, r_in, r_out, 0,
                    (float)(2.0 * M_PI * frac),
                    m->paused ? UI_TEXT_DIM : UI_MILD);
        char digits[16];
        snprintf(digits, sizeof digits, "%d", secs);
        struct ui_text_style d = style(true, UI_TEXT, UI_BG,
                                       UI_TEXT_COUNTDOWN);
        d.wrap = false;
        d.align = UI_ALIGN_CENTER;
        d.valign_center = true;
        ui_text(ui, digits, ui_rect(cx - r / 2, cy - r / 2 - r / 6, r, r * 2 /
                                    3), ui_font_px(ui, 40), ui_px(ui, 12),
                &d);
        struct ui_text_style l = style(true, UI_MILD, UI_BG, UI_TEXT_MAIN);
        l.wrap = false;
        l.align = UI_ALIGN_CENTER;
        ui_text(ui, _("REST"), ui_rect(cx - r / 2, cy + r / 6, r, r / 3),
                ui_font_px(ui, 20), ui_px(ui, 9), &l);
        q_x = margin + 2 * r + margin;
        q_w = ui->w - q_x - margin;
        if (m->rest_next) {
            struct ui_text_style nx = style(false, UI_TEXT_DIM, UI_BG,
                                            UI_TEXT_SECONDARY);
            nx.wrap = false;
            ui_text(ui, m->rest_next, ui_rect(q_x, q_top, q_w,
                                              fy(ui, 0.06f)),
                    ui_font_px(ui, 20), ui_px(ui, 9), &nx);
            q_top += fy(ui, 0.06f);
        }
    }
    struct ui_text_style q = style(true, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    q.valign_center = true;
    q.align = rest ? UI_ALIGN_LEFT : UI_ALIGN_CENTER;
    ui_text(ui, m->text, ui_rect(q_x, q_top, q_w, q_bottom - q_top),
            ui_font_px(ui, 40), ui_px(ui, 14), &q);

    int by = fy(ui, 0.56f), bh = fy(ui, 0.25f);
    int bottom = ui->h - fy(ui, 0.02f);
    int avail = ui->w - 2 * margin;
    if (m->choices && m->choice_count > 0) {
        /* Labelled answers in two rows, each a button that answers. */
        int n = m->choice_count, per_row = (n + 1) / 2;
        int gap = ui_px(ui, 8);
        int rows = (n + per_row - 1) / per_row;
        int cell_h = (bottom - by - ui_px(ui, 8) - (rows - 1) * gap -
                      fy(ui, 0.07f)) / rows;
        for (int i = 0; i < n; i++) {
            int row = i / per_row, col = i % per_row;
            int in_row = row == rows - 1 ? n - row * per_row : per_row;
            int bw = (avail - (in_row - 1) * gap) / in_row;
            char label[96];
            snprintf(label, sizeof label, "%s (%d)", m->choices[i], i);
            ui_button(ui, ui_rect(margin + col * (bw + gap),
                                  by + row * (cell_h + gap), bw, cell_h),
                      label, input(UI_CMD_SELECT, i), m->selected == i,
                      ui_font_px(ui, 28));
        }
    } else if (m->yes_no) {
        int gap = fx(ui, 0.06f);
        int bw = (avail - gap) / 2;
        ui_button(ui, ui_rect(margin, by, bw, bh), _("YES\n(Y)"),
                  input(UI_CMD_WORD, 1), m->selected == 1,
                  ui_font_px(ui, 40));
        ui_button(ui, ui_rect(margin + bw + gap, by, bw, bh), _("NO\n(N)"),
                  input(UI_CMD_WORD, 0), m->selected == 0,
                  ui_font_px(ui, 40));
    } else {
        int gap = ui_px(ui, 6);
        int bw = (avail - 10 * gap) / 11;
        for (int v = 0; v <= 10; v++) {
            char label[12];
            snprintf(label, sizeof label, "%d", v);
            ui_button(ui, ui_rect(margin + v * (bw + gap), by, bw, bh),
                      label, input(UI_CMD_SELECT, v), m->selected == v,
                      ui_font_px(ui, 36));
        }
        struct ui_text_style a = style(false, UI_TEXT_DIM, UI_BG,
                                       UI_TEXT_SECONDARY);
        a.wrap = false;
        int ay = by + bh + ui_px(ui, 4), ah = fy(ui, 0.06f);
        ui_text(ui, _("0 = none"), ui_rect(margin, ay, avail / 3, ah),
                ui_font_px(ui, 18), ui_px(ui, 9), &a);
        a.align = UI_ALIGN_RIGHT;
        ui_text(ui, _("10 = worst imaginable"),
                ui_rect(margin + avail / 3, ay, avail - avail / 3, ah),
                ui_font_px(ui, 18), ui_px(ui, 9), &a);
    }
    if (ui->bottom_reserve)
        return;     /* the notice takes the hint's place */
    struct ui_text_style hint = style(false, UI_TEXT_DIM, UI_BG,
                                      UI_TEXT_SECONDARY);
    hint.wrap = false;
    hint.align = UI_ALIGN_CENTER;
    hint.valign_center = true;
    const char *text = m->hint ? m->hint
                       : m->choices ? _("Tap your reason, or press its "
                                        "number then Enter")
                       : m->yes_no ? _("Press Y or N, or tap an answer")
                       : _("Press 0-10 then Enter, or tap a number twice");
    int hy = ui->h - fy(ui, 0.08f);
    ui_text(ui, text, ui_rect(margin, hy, avail, fy(ui, 0.07f)),
            ui_font_px(ui, 18), ui_px(ui, 9), &hint);
}

/* ---- Step and rest --------------------------------------------------- */

static void draw_countdown(struct ui *ui, int cx, int cy, int radius,
                           const struct ui_step_model *m, SDL_Color ring)
{
    float r_out = (float)radius, r_in = (float)radius - fy(ui, 0.035f);
    ui_fill_arc(ui, (float)cx, (float)cy, r_in, r_out, 0,
                2.0f * (float)M_PI, UI_TRACK);
    double frac = m->phase_ms > 0 ? (double)m->countdown_ms /
                                    (double)m->phase_ms : 0;
    if (frac > 1)
        frac = 1;
    if (frac < 0)
        frac = 0;
    /* The ring empties as time runs out; it moves with the digits (once a
     * second) so it never asks for extra frames. */
    int secs = ui_countdown_seconds(m->countdown_ms);
    double shown = m->phase_ms > 0
                   ? (double)secs * 1000.0 / (double)m->phase_ms : 0;
    if (shown > 1)
        shown = 1;
    ui_fill_arc(ui, (float)cx, (float)cy, r_in, r_out, 0,
                (float)(2.0 * M_PI * shown), m->paused ? UI_TEXT_DIM : ring);
    (void)frac;

    char digits[16];
    snprintf(digits, sizeof digits, "%d", secs);
    /* Digits at least a quarter of the window high: a little over, since
     * the ink of DejaVu's digits is 0.73 of the font size. */
    int ink = (int)ceilf((float)ui->h * 0.26f);
    int px = (int)ceilf((float)ink / 0.72f);
    bool bold = true;
    TTF_Font *f = ui_font(ui, px, bold);
    int tw = 0, th = 0;
    if (f)
        TTF_SizeUTF8(f, digits, &tw, &th);
    float half_diag = sqrtf((float)(tw * tw) / 4.0f +
                            (float)(ink * ink) / 4.0f);
    if (half_diag > r_in - 4) {
        bold = false;   /* three digits: the regular face is narrower */
        f = ui_font(ui, px, bold);
        if (f)
            TTF_SizeUTF8(f, digits, &tw, &th);
    }
    struct ui_text_style st = style(bold, UI_TEXT, UI_BG, UI_TEXT_COUNTDOWN);
    st.wrap = false;
    st.align = UI_ALIGN_CENTER;
    st.valign_center = true;
    /* The line box is taller than the ink: centre the ink, not the box. */
    SDL_Rect box = ui_rect(cx - (int)r_in, cy - th / 2 - (th - ink) / 6,
                           2 * (int)r_in, th);
    ui_text(ui, digits, box, px, px, &st);
    if (m->paused) {
        struct ui_text_style p = style(true, UI_ACCENT, UI_BG, UI_TEXT_MAIN);
        p.wrap = false;
        p.align = UI_ALIGN_CENTER;
        int ph = fy(ui, 0.07f);
        ui_text(ui, _("PAUSED"), ui_rect(cx - (int)r_in, cy + ink / 2 +
                                      ui_px(ui, 10), 2 * (int)r_in, ph),
                ui_font_px(ui, 26), ui_px(ui, 10), &p);
    }
    ui->has_countdown = true;
    ui->countdown_box = ui_rect(cx - radius, cy - radius, 2 * radius,
                                2 * radius);
}

static const char *side_name(enum ui_side s)
{
    return s == UI_SIDE_LEFT ? _("LEFT") : s == UI_SIDE_RIGHT ? _("RIGHT") : NULL;
}

void ui_lighter_tag(bool lighter, int pressure_cap, char *buf, size_t n)
{
    if (lighter && pressure_cap > 0)
        /* TRANSLATORS: a tag on the step screen for the whole step: a
         * safety rule made this region lighter; %d is the highest
         * pressure on the 0-10 scale. */
        snprintf(buf, n, _("Lighter: pressure up to %d of 10"),
                 pressure_cap);
    else if (pressure_cap > 0)
        /* TRANSLATORS: the step screen's tag when only a pressure cap
         * applies; %d is the highest pressure on the 0-10 scale. */
        snprintf(buf, n, _("Pressure up to %d of 10"), pressure_cap);
    else if (lighter)
        snprintf(buf, n, "%s", _("Lighter pressure"));
    else if (n)
        buf[0] = '\0';
}

/* The lighter tag: black on yellow like the notice and the stop screen,
 * as wide as the column beside the countdown, its text as large as fits
 * in at most five lines.  Returns the height it took (0: no tag). */
static int draw_lighter_tag(struct ui *ui, const struct ui_step_model *m,
                            int x, int y, int w, int max_h)
{
    char tag[160];
    ui_lighter_tag(m->lighter, m->pressure_cap, tag, sizeof tag);
    int pad = ui_px(ui, 8);
    if (!tag[0] || w <= 2 * pad || max_h <= 2 * pad)
        return 0;
    int max_px = ui_font_px(ui, 30), min_px = ui_px(ui, 14), px = min_px;
    int th = ui_text_fit(ui, tag, w - 2 * pad, max_px, min_px, 5,
                         max_h - 2 * pad, true, &px);
    if (th < 0)
        th = max_h - 2 * pad;   /* drawn cut, never over the countdown */
    SDL_Rect card = ui_rect(x, y, w, th + 2 * pad);
    ui_fill_round_rect(ui, card, ui_px(ui, 8), UI_STOP_BG);
    struct ui_text_style t = style(true, UI_STOP_FG, UI_STOP_BG,
                                   UI_TEXT_MAIN);
    ui_text(ui, tag, ui_rect(x + pad, y + pad, w - 2 * pad, th), px, px, &t);
    return card.h;
}

static void draw_step(struct ui *ui, const struct ui_step_model *m, bool rest)
{
    int margin = ui_px(ui, 16);
    session_buttons(ui, m->paused, true);
    int bar_h = fy(ui, 0.15f);
    int title_w = ui->w - 2 * fx(ui, 0.17f) - 4 * margin;

    /* Region and side: the first thing to read from the floor. */
    char title[160];
    const char *side = side_name(m->side);
    const char *region = m->region_name ? m->region_name : "";
    if (rest && side)
        /* TRANSLATORS: during a rest: the next body region and side
         * ("Calves", "left"). */
        snprintf(title, sizeof title, _("Next: %s %s"), region, side);
    else if (rest)
        snprintf(title, sizeof title, _("Next: %s"), region);
    else
        snprintf(title, sizeof title, "%s%s%s", region,
                 side ? " \xc2\xb7 " : "", side ? side : "");
    struct ui_text_style t = style(true, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    t.wrap = false;
    t.valign_center = true;
    ui_text(ui, title, ui_rect(margin, ui_px(ui, 8), title_w, bar_h),
            ui_font_px(ui, 40), ui_px(ui, 14), &t);

    /* Body figure on the left. */
    int body_w = fx(ui, 0.25f);
    SDL_Rect body = ui_rect(margin / 2, bar_h + ui_px(ui, 8), body_w,
                            ui->h - bar_h - ui_px(ui, 16));
    ui_draw_body(ui, body, m->back_view, m->region_id, m->side);

    /* Countdown in the middle, or the setup text when there is none. */
    int mid_x = body.x + body.w + margin;
    int area_h = ui->h - bar_h - ui_px(ui, 12);
    int radius = (int)((float)area_h * 0.49f);
    int cx = mid_x + radius, cy = bar_h + ui_px(ui, 4) + area_h / 2;
    int right_x = mid_x + 2 * radius + margin;
    int right_w = ui->w - right_x - margin;
    SDL_Color ring = rest ? UI_MILD : UI_ACCENT;
    bool countdown = m->countdown_ms >= 0;
    if (countdown)
        draw_countdown(ui, cx, cy, radius, m, ring);
    else {
        right_x = mid_x;
        right_w = ui->w - mid_x - margin;
    }

    /* The phase, step k of n, time left, and the setup text. */
    int y = bar_h + ui_px(ui, 8);
    struct ui_text_style ph = style(true, rest ? UI_MILD : UI_ACCENT, UI_BG,
                                    UI_TEXT_MAIN);
    ph.wrap = true;
    const char *label = m->phase_label ? m->phase_label
                        : rest ? _("REST") : NULL;
    if (m->paused && !countdown)
        label = _("PAUSED");
    if (label)
        y += ui_text(ui, label, ui_rect(right_x, y, right_w, fy(ui, 0.16f)),
                     ui_font_px(ui, 30), ui_px(ui, 12), &ph) + ui_px(ui, 4);
    /* Lighter, right under the phase: read at a glance during the hold. */
    int tag_h = draw_lighter_tag(ui, m, right_x, y, right_w, fy(ui, 0.34f));
    if (tag_h)
        y += tag_h + ui_px(ui, 8);
    char info[128];
    char left[32] = "";
    if (m->routine_left_ms >= 0)
        ui_format_duration(left, sizeof left, m->routine_left_ms);
    if (m->step_count > 0 && left[0])
        /* TRANSLATORS: the step's number, and below it the time left in
         * the routine ("4:30"); keep the line break. */
        snprintf(info, sizeof info, _("Step %d of %d\n%s left"),
                 m->step_number, m->step_count, left);
    else if (m->step_count > 0)
        snprintf(info, sizeof info, _("Step %d of %d"), m->step_number,
                 m->step_count);
    else if (left[0])
        /* TRANSLATORS: the time left in the routine ("4:30"). */
        snprintf(info, sizeof info, _("%s left"), left);
    else
        info[0] = '\0';
    struct ui_text_style in = style(false, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    y += ui_text(ui, info, ui_rect(right_x, y, right_w, fy(ui, 0.15f)),
                 ui_font_px(ui, 22), ui_px(ui, 10), &in) + ui_px(ui, 8);
    if (m->setup) {
        struct ui_text_style su = style(!countdown, countdown ? UI_TEXT_DIM
                                        : UI_TEXT, UI_BG,
                                        countdown ? UI_TEXT_SECONDARY
                                        : UI_TEXT_MAIN);
        ui_text(ui, m->setup, ui_rect(right_x, y, right_w,
                                      ui->h - y - margin),
                countdown ? ui_font_px(ui, 20) : ui_font_px(ui, 34),
                ui_px(ui, 9), &su);
    }
}

/* ---- Stop ------------------------------------------------------------ */

static void draw_stop(struct ui *ui, const struct ui_stop_model *m)
{
    bool urgent = m->action == ACTION_URGENT;
    SDL_Color bg = urgent ? UI_URGENT_BG : UI_STOP_BG;
    SDL_Color fg = urgent ? UI_URGENT_FG : UI_STOP_FG;
    ui_fill_rect(ui, ui_rect(0, 0, ui->w, ui->h), bg);
    int margin = ui_px(ui, 20);
    const char *title = urgent ? _("STOP NOW \xe2\x80\x94 GET HELP")
                        : m->action == ACTION_NOT_START ? _("NOT TODAY")
                        : _("STOP");
    struct ui_text_style t = style(true, fg, bg, UI_TEXT_MAIN);
    t.wrap = false;
    t.align = UI_ALIGN_CENTER;
    t.valign_center = true;
    int th = fy(ui, 0.17f);
    ui_text(ui, title, ui_rect(margin, margin / 2, ui->w - 2 * margin, th),
            ui_font_px(ui, 56), ui_px(ui, 16), &t);
    int y = margin / 2 + th + ui_px(ui, 6);
    int bh = fy(ui, 0.16f);
    int bottom = ui->h - bh - margin - ui_px(ui, 8);
    struct ui_text_style msg = style(true, fg, bg, UI_TEXT_MAIN);
    msg.align = UI_ALIGN_CENTER;
    msg.valign_center = true;
    int msg_h = m->todo ? (bottom - y) * 55 / 100 : bottom - y;
    ui_text(ui, m->message ? m->message : "",
            ui_rect(margin, y, ui->w - 2 * margin, msg_h),
            ui_font_px(ui, 36), ui_px(ui, 12), &msg);
    if (m->todo) {
        /* What to do now sits in a box of the inverse colours, so it reads
         * as the instruction. */
        SDL_Rect box = ui_rect(margin, y + msg_h + ui_px(ui, 6),
                               ui->w - 2 * margin,
                               bottom - y - msg_h - ui_px(ui, 6));
        ui_fill_round_rect(ui, box, ui_px(ui, 10), fg);
        struct ui_text_style td = style(true, bg, fg, UI_TEXT_MAIN);
        td.align = UI_ALIGN_CENTER;
        td.valign_center = true;
        int pad = ui_px(ui, 10);
        ui_text(ui, m->todo, ui_rect(box.x + pad, box.y + pad / 2,
                                     box.w - 2 * pad, box.h - pad),
                ui_font_px(ui, 30), ui_px(ui, 11), &td);
    }
    /* Held until acknowledged: only this button (Enter, A, a tap) moves
     * on, so a stray key cannot dismiss it. */
    int bw = fx(ui, 0.5f);
    SDL_Rect ok = ui_rect((ui->w - bw) / 2, ui->h - bh - margin, bw, bh);
    SDL_Color btn_bg = urgent ? UI_URGENT_FG : UI_STOP_FG;
    SDL_Color btn_fg = urgent ? UI_URGENT_BG : UI_STOP_BG;
    ui_fill_round_rect(ui, ok, ui_px(ui, 12), btn_bg);
    struct ui_text_style b = style(true, btn_fg, btn_bg, UI_TEXT_BUTTON);
    b.align = UI_ALIGN_CENTER;
    b.valign_center = true;
    b.wrap = false;
    int pad = ui_px(ui, 8);
    ui_text(ui, _("I understand (Enter)"),
            ui_rect(ok.x + pad, ok.y, ok.w - 2 * pad, ok.h),
            ui_font_px(ui, 30), ui_px(ui, 11), &b);
    ui_add_button(ui, ok, input(UI_CMD_OK, 0));
}

/* ---- Summary and history chart ------------------------------------- */

static SDL_Color band_color(int v)
{
    return v >= 7 ? UI_SEVERE : v >= 4 ? UI_MODERATE : UI_MILD;
}

static void draw_chart(struct ui *ui, SDL_Rect area,
                       const struct ui_summary_model *m)
{
    struct ui_text_style h = style(true, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    h.wrap = false;
    int head_h = fy(ui, 0.065f);
    char head[80];
    /* TRANSLATORS: the chart's heading (the count is never 0 where it
     * is read). */
    snprintf(head, sizeof head, ngettext("Soreness by region, last session",
                                         "Soreness by region, last %zu "
                                         "sessions", m->session_count),
             m->session_count);
    ui_text(ui, head, ui_rect(area.x, area.y, area.w, head_h),
            ui_font_px(ui, 22), ui_px(ui, 10), &h);
    if (m->series_count == 0 || m->session_count == 0) {
        struct ui_text_style d = style(false, UI_TEXT_DIM, UI_BG,
                                       UI_TEXT_SECONDARY);
        ui_text(ui, _("No soreness answers yet."),
                ui_rect(area.x, area.y + head_h, area.w, head_h),
                ui_font_px(ui, 20), ui_px(ui, 9), &d);
        return;
    }
    /* The scale, once: bars from 0 to 10, and what the line means. */
    struct ui_text_style sc = style(false, UI_TEXT_DIM, UI_BG,
                                    UI_TEXT_CHART);
    sc.wrap = true;
    int scale_h = fy(ui, 0.09f);
    ui_text(ui, _("Bars from 0 (none) to 10 (worst). The line is 7, very "
                  "strong: at 7 the coach skips that region."),
            ui_rect(area.x, area.y + head_h, area.w, scale_h),
            ui_font_px(ui, 16), ui_px(ui, 8), &sc);
    size_t rows = m->series_count < 6 ? m->series_count : 6;
    int dates_h = m->session_dates ? fy(ui, 0.05f) : 0;
    int top = area.y + head_h + scale_h + ui_px(ui, 4);
    int row_h = (area.y + area.h - top - dates_h) / (int)rows;
    /* The labels get what their longest needs at a readable size (16 px
     * base), from 30% up to 45% of the width: a row holds one line, and
     * German's one-word regions ("Oberschenkel hinten") were cut to the
     * same "Oberschenkel ..." twice at 30%.  The bars take the rest. */
    int label_px = ui_font_px(ui, 16);
    int label_w = area.w * 30 / 100;
    for (size_t r = 0; r < rows; r++) {
        int need = ui_text_width(ui, m->series[r].region_name, label_px,
                                 false) + ui_px(ui, 8);
        if (need > label_w)
            label_w = need;
    }
    if (label_w > area.w * 45 / 100)
        label_w = area.w * 45 / 100;
    int value_w = area.w * 12 / 100;
    int plot_x = area.x + label_w, plot_w = area.w - label_w - value_w;
    size_t cols = m->session_count;
    int col_w = plot_w / (int)cols;
    struct ui_text_style lab = style(false, UI_TEXT, UI_BG, UI_TEXT_CHART);
    for (size_t r = 0; r < rows; r++) {
        const struct ui_soreness_series *s = &m->series[r];
        int ry = top + (int)r * row_h;
        ui_text(ui, s->region_name, ui_rect(area.x, ry, label_w - ui_px(ui, 4),
                                            row_h),
                ui_font_px(ui, 18), ui_px(ui, 12), &lab);
        int base = ry + row_h - ui_px(ui, 3);
        int bar_max = row_h - ui_px(ui, 8);
        /* The 7/10 line: at 7 the coach skips the region. */
        int y7 = base - bar_max * 7 / 10;
        ui_fill_rect(ui, ui_rect(plot_x, y7, plot_w, 1 + ui_px(ui, 1) / 2),
                     UI_SEVERE);
        ui_fill_rect(ui, ui_rect(plot_x, base, plot_w, 1), UI_TRACK);
        for (size_t c = 0; c < cols; c++) {
            int v = s->values[c];
            int bx = plot_x + (int)c * col_w + col_w / 6;
            int bw = col_w * 2 / 3;
            if (v < 0) {
                ui_fill_rect(ui, ui_rect(bx + bw / 2 - 2, base - 4, 4, 4),
                             UI_TEXT_DIM);
                continue;
            }
            int bh = bar_max * v / 10;
            if (bh < 2)
                bh = 2;
            ui_fill_rect(ui, ui_rect(bx, base - bh, bw, bh), band_color(v));
        }
        /* The latest value answered, as a number, right of the bars. */
        int last = -1;
        for (size_t c = cols; c-- > 0 && last < 0;)
            last = s->values[c];
        if (last >= 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", last);
            struct ui_text_style nv = style(true, UI_TEXT, UI_BG,
                                            UI_TEXT_CHART);
            nv.wrap = false;
            nv.align = UI_ALIGN_RIGHT;
            ui_text(ui, num, ui_rect(plot_x + plot_w, ry + row_h / 3,
                                     value_w, row_h * 2 / 3),
                    ui_font_px(ui, 24), ui_px(ui, 9), &nv);
        }
    }
    if (m->session_dates) {
        /* The day of each session under its column (every other one
         * when they would crowd). */
        int dy = top + (int)rows * row_h;
        struct ui_text_style d = style(false, UI_TEXT_DIM, UI_BG,
                                       UI_TEXT_CHART);
        d.wrap = false;
        d.align = UI_ALIGN_CENTER;
        size_t every = col_w < ui_px(ui, 64) ? 2 : 1;
        for (size_t c = 0; c < cols; c++) {
            if ((cols - 1 - c) % every)
                continue;
            /* "6 Oct", German "6. Okt.": the report's axis labels, in
             * the session's language whatever LC_TIME says. */
            char day[32] = "";
            if (m->session_dates[c] > 0)
                dates_day_label(day, sizeof day, m->session_dates[c]);
            ui_text(ui, day, ui_rect(plot_x + (int)c * col_w - col_w / 2,
                                     dy, 2 * col_w, dates_h),
                    ui_font_px(ui, 15), ui_px(ui, 7), &d);
        }
    }
}

static void draw_summary(struct ui *ui, const struct ui_summary_model *m)
{
    int margin = ui_px(ui, 16);
    bool stopped = m->outcome_action >= ACTION_STOP;
    bool urgent = m->outcome_action == ACTION_URGENT;
    /* The outcome first, in plain words; the routine beside it. */
    struct ui_text_style t = style(true, stopped ? UI_FLAG_TEXT : UI_TEXT,
                                   UI_BG, UI_TEXT_MAIN);
    t.wrap = false;
    t.valign_center = true;
    int th = fy(ui, 0.11f);
    int title_w = (ui->w - 3 * margin) * 62 / 100;
    ui_text(ui, m->outcome ? m->outcome : m->title ? m->title : _("Summary"),
            ui_rect(margin, ui_px(ui, 6), title_w, th),
            ui_font_px(ui, 36), ui_px(ui, 13), &t);
    if (m->outcome && m->title) {
        struct ui_text_style r = style(false, UI_TEXT_DIM, UI_BG,
                                       UI_TEXT_SECONDARY);
        r.wrap = false;
        r.valign_center = true;
        r.align = UI_ALIGN_RIGHT;
        ui_text(ui, m->title, ui_rect(2 * margin + title_w, ui_px(ui, 6),
                                      ui->w - 3 * margin - title_w, th),
                ui_font_px(ui, 20), ui_px(ui, 9), &r);
    }
    int top = th + ui_px(ui, 10);
    if (m->advice) {
        /* The advice after a stop stays in sight: the emergency advice on
         * dark red, as on the stop screen. */
        SDL_Color bg = urgent ? UI_URGENT_BG : UI_STOP_BG;
        SDL_Color fg = urgent ? UI_URGENT_FG : UI_STOP_FG;
        int ah = fy(ui, 0.17f);
        SDL_Rect box = ui_rect(margin, top, ui->w - 2 * margin, ah);
        ui_fill_round_rect(ui, box, ui_px(ui, 10), bg);
        struct ui_text_style a = style(true, fg, bg, UI_TEXT_MAIN);
        a.valign_center = true;
        int pad = ui_px(ui, 10);
        ui_text(ui, m->advice, ui_rect(box.x + pad, box.y + pad / 2,
                                       box.w - 2 * pad, box.h - pad),
                ui_font_px(ui, 24), ui_px(ui, 10), &a);
        top += ah + ui_px(ui, 8);
    }
    int bh = fy(ui, 0.12f);
    int bottom = ui->h - bh - 2 * margin;
    bool answers = m->answer_count > 0 || m->change_count > 0;
    int col_w = answers ? (ui->w - 3 * margin) * 52 / 100
                        : ui->w - 2 * margin;
    int y = top;
    if (m->change_count) {
        /* What a rule skipped or made lighter, and why. */
        struct ui_text_style ch = style(true, UI_ACCENT, UI_BG,
                                        UI_TEXT_MAIN);
        ch.wrap = false;
        for (size_t i = 0; i < m->change_count && i < 3; i++) {
            char line[400];
            snprintf(line, sizeof line, "%s (%s)", m->changes[i].what,
                     m->changes[i].why);
            struct ui_text_style w = ch;
            w.wrap = true;
            y += ui_text(ui, line, ui_rect(margin, y, col_w, fy(ui, 0.14f)),
                         ui_font_px(ui, 18), ui_px(ui, 11), &w) +
                 ui_px(ui, 3);
        }
        if (m->change_count > 3) {
            char more[64];
            /* TRANSLATORS: below the first three changes of the summary. */
            snprintf(more, sizeof more, ngettext("and %zu more change",
                                                 "and %zu more changes",
                                                 m->change_count - 3),
                     m->change_count - 3);
            y += ui_text(ui, more, ui_rect(margin, y, col_w, fy(ui, 0.05f)),
                         ui_font_px(ui, 16), ui_px(ui, 8), &ch);
        }
        y += ui_px(ui, 4);
    }
    /* Today's answers, scrolled to first_row (ui/answer_list.h: long
     * labels wrap, rows are as tall as they need, only whole rows). */
    int foot_h = m->screening_count ? fy(ui, 0.055f) : 0;
    int list_bottom = bottom - foot_h;
    ui_draw_answer_list(ui, ui_rect(margin, y, col_w, list_bottom - y),
                        m->answers, m->answer_count, m->first_row, NULL);
    if (m->screening_count) {
        char sc[96];
        snprintf(sc, sizeof sc, ngettext("Health screening: %zu answer saved",
                                         "Health screening: %zu answers "
                                         "saved", m->screening_count),
                 m->screening_count);
        struct ui_text_style f = style(false, UI_TEXT_DIM, UI_BG,
                                       UI_TEXT_SECONDARY);
        f.wrap = false;
        f.valign_center = true;
        ui_text(ui, sc, ui_rect(margin, list_bottom, col_w, foot_h),
                ui_font_px(ui, 16), ui_px(ui, 8), &f);
    }
    if (!answers)   /* the history alone: the chart is all */
        draw_chart(ui, ui_rect(margin, top, ui->w - 2 * margin,
                               bottom - top), m);
    else
        draw_chart(ui, ui_rect(2 * margin + col_w, top,
                               ui->w - 3 * margin - col_w, bottom - top), m);
    int bw = fx(ui, 0.3f);
    ui_button(ui, ui_rect((ui->w - bw) / 2, ui->h - bh - margin, bw, bh),
              _("Done (Enter)"), input(UI_CMD_OK, 0), true, ui_font_px(ui, 28));
    if (m->offer_report) {
        /* The key's hint, and a button for a touch screen with no keys:
         * the same command as S (UI_CMD_SKIP on the history screen). */
        int rw = (ui->w - bw) / 2 - 2 * margin;
        ui_button(ui, ui_rect(ui->w - margin - rw, ui->h - bh - margin, rw,
                              bh),
                  _("Save a report (S)"), input(UI_CMD_SKIP, 0), false,
                  ui_font_px(ui, 22));
    }
}

/* ---- Message --------------------------------------------------------- */

static void draw_message(struct ui *ui, const struct ui_message_model *m)
{
    int margin = ui_px(ui, 16);
    session_buttons(ui, false, true);
    int bar_h = fy(ui, 0.15f);
    struct ui_text_style t = style(true, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    t.wrap = false;
    t.valign_center = true;
    ui_text(ui, m->title ? m->title : "",
            ui_rect(margin, ui_px(ui, 8), ui->w - 2 * fx(ui, 0.17f) -
                    4 * margin, bar_h),
            ui_font_px(ui, 40), ui_px(ui, 14), &t);
    struct ui_text_style x = style(false, UI_TEXT, UI_BG, UI_TEXT_MAIN);
    x.valign_center = true;
    x.align = UI_ALIGN_CENTER;
    ui_text(ui, m->text ? m->text : "",
            ui_rect(margin * 2, bar_h + margin, ui->w - 4 * margin,
                    ui->h - bar_h - 3 * margin),
            ui_font_px(ui, 36), ui_px(ui, 12), &x);
}

const char *ui_screen_notice(const struct ui_screen *s)
{
    switch (s->kind) {
    case UI_SCREEN_STEP:
    case UI_SCREEN_REST:
    case UI_SCREEN_QUESTION:
    case UI_SCREEN_MESSAGE:
        return s->notice && *s->notice ? s->notice : NULL;
    default:
        return NULL;
    }
}

/* A rule that changed the session, in a band across the bottom: black on
 * yellow like the stop screen, so it reads as the coach's warning. */
static void draw_notice(struct ui *ui, SDL_Rect band, const char *text,
                        enum rule_action a)
{
    ui_fill_rect(ui, band, UI_STOP_BG);
    int pad = ui_px(ui, 10);
    struct ui_text_style t = style(true, UI_STOP_FG, UI_STOP_BG,
                                   UI_TEXT_MAIN);
    t.valign_center = true;
    /* TRANSLATORS: the tag of a notice that a safety rule changed the
     * session (a short word in capitals). */
    const char *tag = a == ACTION_LIGHTER ? _("LIGHTER") : _("SKIPPED");
    int tag_w = fx(ui, 0.16f);
    struct ui_text_style g = t;
    g.wrap = false;
    g.align = UI_ALIGN_CENTER;
    ui_text(ui, tag, ui_rect(band.x + pad, band.y, tag_w, band.h),
            ui_font_px(ui, 24), ui_px(ui, 10), &g);
    ui_text(ui, text, ui_rect(band.x + 2 * pad + tag_w, band.y + pad / 2,
                              band.w - 3 * pad - tag_w, band.h - pad),
            ui_font_px(ui, 24), ui_px(ui, 10), &t);
}

void ui_draw_screen(struct ui *ui, const struct ui_screen *s)
{
    const char *notice = ui_screen_notice(s);
    int full_h = ui->h;
    ui->bottom_reserve = 0;
    if (notice) {
        /* The screen is laid out in what is above the band. */
        ui->bottom_reserve = (int)((float)full_h * 0.15f);
        ui->h = full_h - ui->bottom_reserve;
    }
    switch (s->kind) {
    case UI_SCREEN_HOME: draw_home(ui, &s->u.home); break;
    case UI_SCREEN_QUESTION: draw_question(ui, &s->u.question); break;
    case UI_SCREEN_STEP: draw_step(ui, &s->u.step, false); break;
    case UI_SCREEN_REST: draw_step(ui, &s->u.step, true); break;
    case UI_SCREEN_STOP: draw_stop(ui, &s->u.stop); break;
    case UI_SCREEN_SUMMARY: draw_summary(ui, &s->u.summary); break;
    case UI_SCREEN_MESSAGE: draw_message(ui, &s->u.message); break;
    }
    if (notice) {
        ui->h = full_h;
        draw_notice(ui, ui_rect(0, full_h - ui->bottom_reserve, ui->w,
                                ui->bottom_reserve), notice,
                    s->notice_action);
    }
}
