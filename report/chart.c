/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See chart.h. */
#include "report/chart.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <pango/pangocairo.h>

#include "util/dates.h"
#include "util/i18n.h"

#define AXIS_FONT "DejaVu Sans 7"

const double chart_outcome_rgb[CHART_OUTCOMES][3] = {
    { 0.18, 0.55, 0.34 },   /* completed: green */
    { 0.80, 0.33, 0.10 },   /* stopped by a rule: orange */
    { 0.55, 0.55, 0.55 },   /* quit: grey */
    { 0.30, 0.30, 0.30 },   /* interrupted: dark grey */
};

void chart_point_xy(const struct chart_box *b, long long t, double v,
                    double *x, double *y)
{
    double span = b->t1 > b->t0 ? (double)(b->t1 - b->t0) : 1.0;
    *x = b->x + b->w * (double)(t - b->t0) / span;
    *y = b->y + b->h - b->h * (v - b->v0) / (b->v1 - b->v0);
}

void chart_text(cairo_t *cr, double x, double y, const char *font,
                const char *text, bool right)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);     /* plain text: no markup */
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr, right ? x - (double)w / PANGO_SCALE : x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

double chart_text_width(cairo_t *cr, const char *font, const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)w / PANGO_SCALE;
}

long long chart_week_start(long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    int back = (tm.tm_wday + 6) % 7;    /* days since Monday */
    tm.tm_mday -= back;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (long long)mktime(&tm);
}

static long long add_days(long long t, int days)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    tm.tm_mday += days;
    tm.tm_isdst = -1;
    return (long long)mktime(&tm);
}

/* Week ticks with dates; every k-th labelled so labels never overlap. */
static void time_axis(cairo_t *cr, const struct chart_box *b)
{
    int weeks = 0;
    for (long long t = chart_week_start(b->t0); t <= b->t1;
         t = add_days(t, 7))
        weeks++;
    /* Room per label: the widest one in this language ("30. März" is
     * wider than "30 Mar") and a gap, at least 42 pt. */
    double room = 42.0;
    for (long long t = chart_week_start(b->t0); t <= b->t1;
         t = add_days(t, 7)) {
        char lab[32];
        dates_day_label(lab, sizeof lab, t);
        double lw = chart_text_width(cr, AXIS_FONT, lab) + 8.0;
        if (lw > room)
            room = lw;
    }
    int every = 1;
    while (weeks / every > (int)(b->w / room))
        every++;
    int i = 0;
    for (long long t = chart_week_start(b->t0); t <= b->t1;
         t = add_days(t, 7), i++) {
        if (t < b->t0)
            continue;
        double x, y;
        chart_point_xy(b, t, b->v0, &x, &y);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, x, b->y);
        cairo_line_to(cr, x, b->y + b->h);
        cairo_stroke(cr);
        if (i % every)
            continue;
        char lab[32];
        dates_day_label(lab, sizeof lab, t);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        /* Centred on the tick, kept inside the plot's width so nothing
         * reaches the page margin. */
        double lw = chart_text_width(cr, AXIS_FONT, lab);
        double lx = x - lw / 2;
        if (lx < b->x)
            lx = b->x;
        if (lx + lw > b->x + b->w)
            lx = b->x + b->w - lw;
        chart_text(cr, lx, b->y + b->h + 3, AXIS_FONT, lab, false);
    }
}

static void frame(cairo_t *cr, const struct chart_box *b)
{
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    cairo_stroke(cr);
}

void chart_soreness(cairo_t *cr, const struct chart_box *b,
                    const struct chart_point *p, size_t n)
{
    double x0, y7, x1, y10;
    chart_point_xy(b, b->t0, 7, &x0, &y7);
    chart_point_xy(b, b->t1, 10, &x1, &y10);
    cairo_set_source_rgb(cr, 0.99, 0.90, 0.88);
    cairo_rectangle(cr, x0, y10, x1 - x0, y7 - y10);
    cairo_fill(cr);
    time_axis(cr, b);
    for (int v = 0; v <= 10; v += 2) {
        double x, y;
        chart_point_xy(b, b->t0, v, &x, &y);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, b->x, y);
        cairo_line_to(cr, b->x + b->w, y);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, "%d", v);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        chart_text(cr, b->x - 4, y - 5, AXIS_FONT, lab, true);
    }
    frame(cr, b);
    cairo_set_line_width(cr, 1.0);
    cairo_set_source_rgb(cr, CHART_POINT_RGB);
    for (size_t i = 0; i < n; i++) {
        double x, y;
        chart_point_xy(b, p[i].t, p[i].v, &x, &y);
        if (i)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < n; i++) {
        double x, y;
        chart_point_xy(b, p[i].t, p[i].v, &x, &y);
        if (p[i].v >= 7)
            cairo_set_source_rgb(cr, CHART_HIGH_RGB);
        else
            cairo_set_source_rgb(cr, CHART_POINT_RGB);
        cairo_arc(cr, x, y, CHART_POINT_RADIUS, 0, 6.2831853);
        cairo_fill(cr);
    }
}

void chart_adherence(cairo_t *cr, const struct chart_box *b,
                     const int (*counts)[CHART_OUTCOMES], size_t weeks,
                     int plan_min, int plan_max)
{
    struct chart_box c = *b;
    c.v0 = 0;
    c.v1 = c.v1 > 0 ? c.v1 : 4;
    double xa, ymin, xb, ymax;
    chart_point_xy(&c, c.t0, plan_min, &xa, &ymin);
    chart_point_xy(&c, c.t1, plan_max, &xb, &ymax);
    cairo_set_source_rgb(cr, 0.88, 0.94, 0.88);
    cairo_rectangle(cr, c.x, ymax, c.w, ymin - ymax);
    cairo_fill(cr);
    for (int v = 0; v <= (int)c.v1; v++) {
        double x, y;
        chart_point_xy(&c, c.t0, v, &x, &y);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, c.x, y);
        cairo_line_to(cr, c.x + c.w, y);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, "%d", v);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        chart_text(cr, c.x - 4, y - 5, AXIS_FONT, lab, true);
    }
    double slot = weeks ? c.w / (double)weeks : c.w;
    /* Room per label: the widest in this language and a gap, at least
     * 38 pt (as the soreness charts' axis). */
    double room = 38.0;
    long long t = c.t0;
    for (size_t w = 0; w < weeks; w++, t = add_days(t, 7)) {
        char lab[32];
        dates_day_label(lab, sizeof lab, t);
        double lw = chart_text_width(cr, AXIS_FONT, lab) + 8.0;
        if (lw > room)
            room = lw;
    }
    int every = 1;
    while ((double)every * slot < room)
        every++;
    t = c.t0;
    for (size_t w = 0; w < weeks; w++, t = add_days(t, 7)) {
        double x = c.x + slot * (double)w + slot * 0.2;
        double base = 0;
        for (int k = 0; k < CHART_OUTCOMES; k++) {
            int n = counts[w][k];
            if (!n)
                continue;
            double xx, y0, y1;
            chart_point_xy(&c, c.t0, base, &xx, &y0);
            chart_point_xy(&c, c.t0, base + n, &xx, &y1);
            cairo_set_source_rgb(cr, chart_outcome_rgb[k][0],
                                 chart_outcome_rgb[k][1],
                                 chart_outcome_rgb[k][2]);
            cairo_rectangle(cr, x, y1, slot * 0.6, y0 - y1);
            cairo_fill(cr);
            base += n;
        }
        if (w % (size_t)every == 0) {
            char lab[32];
            dates_day_label(lab, sizeof lab, t);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            chart_text(cr, c.x + slot * (double)w + 1, c.y + c.h + 3,
                       AXIS_FONT, lab, false);
        }
    }
    frame(cr, &c);
}
