/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report's charts, drawn with cairo (text with pango): soreness over
 * time for one region (0-10 scale, dates along the bottom), and sessions
 * per week against the plan.  Coordinates are PDF points (1/72 inch),
 * y down.  chart_point_xy() is the one mapping from (time, value) to the
 * page, used to draw and by the tests to find the points in the rendered
 * image.  Pure drawing: no allocation kept, thread-compatible.
 */
#ifndef UNKNOT_REPORT_CHART_H
#define UNKNOT_REPORT_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

/* The plotting area (inside the axes) and what it spans. */
struct chart_box {
    double x, y, w, h;          /* points */
    long long t0, t1;           /* seconds: left and right edge */
    double v0, v1;              /* values at the bottom and the top */
};

void chart_point_xy(const struct chart_box *b, long long t, double v,
                    double *x, double *y);

struct chart_point {
    long long t;
    int v;
};

/* Colours, as 0..1 RGB; the tests look for these in the image. */
#define CHART_POINT_RGB 0.12, 0.31, 0.60     /* answers below the limit */
#define CHART_HIGH_RGB  0.75, 0.16, 0.11     /* 7 or more: region skipped */
#define CHART_POINT_RADIUS 2.6

/* Soreness for one region: the frame with 0..10 gridlines and labels, a
 * shaded band from 7 (the built-in limit), week ticks labelled with dates,
 * and the points joined in time order.  b is the plotting area; labels go
 * left of and below it (about 24 pt left, 14 pt below). */
void chart_soreness(cairo_t *cr, const struct chart_box *b,
                    const struct chart_point *p, size_t n);

/* Sessions per week: one stacked bar per week from t0 (a Monday 00:00
 * local) by outcome, and the plan's band (2-3 a week).  counts[w][k] for
 * week w, k = 0 completed, 1 stopped, 2 quit, 3 interrupted. */
#define CHART_OUTCOMES 4
void chart_adherence(cairo_t *cr, const struct chart_box *b,
                     const int (*counts)[CHART_OUTCOMES], size_t weeks,
                     int plan_min, int plan_max);
extern const double chart_outcome_rgb[CHART_OUTCOMES][3];

/* The Monday 00:00 (local time) of the week holding t. */
long long chart_week_start(long long t);
/* Dates and numbers for the axes and tables: util/dates.h. */

/* Text at (x, y) top-left (or right-aligned at x when right), escaped
 * plain text, in the given pango font ("DejaVu Sans 7"). */
double chart_text_width(cairo_t *cr, const char *font, const char *text);
void chart_text(cairo_t *cr, double x, double y, const char *font,
                const char *text, bool right);

#endif
