/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The therapist's printable report (docs/report.md): a PDF drawn with
 * cairo, text set with pango, from the history read through
 * history/history.h.  Sections: who and when; adherence (sessions per week
 * against the plan of 2-3 a week to start, by outcome); the current
 * screening answers that change the dose; the routines used; soreness per
 * region over time (0-10 charts with dates); every rule that fired with
 * its date and what the coach did; the sessions.
 *
 * Every text from the database is made valid UTF-8 and escaped for pango
 * markup before it is drawn.  Thread-compatible (one report at a time per
 * history handle).
 */
#ifndef UNKNOT_REPORT_REPORT_H
#define UNKNOT_REPORT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "report/chart.h"

struct history;

enum report_paper { REPORT_A4, REPORT_LETTER };

struct report_options {
    long long since_s;          /* sessions from then on; 0 all */
    const char *routine;        /* only this routine (file name); NULL all */
    enum report_paper paper;
    const char *patient_name;   /* "" or NULL: not printed */
    const char *patient_id;
    long long now_s;            /* the report's date; 0 now */
};

/* Where things ended up, for the tests (and nothing else). */
#define REPORT_MAX_CHARTS 32
struct report_layout {
    int pages;
    double page_w, page_h, margin;      /* points */
    size_t charts;
    struct {
        int page;                       /* 0-based */
        char region[32];
        struct chart_box box;
    } chart[REPORT_MAX_CHARTS];
};

/* Writes the PDF to out.  layout may be NULL.  0, or -1 with *err
 * (caller frees). */
int report_write_pdf(struct history *h, const struct report_options *o,
                     FILE *out, struct report_layout *layout, char **err);

/* "2026-11-03" -> local midnight; -1 when not a date. */
long long report_parse_date(const char *s);

#endif
