/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See report.h.  The page is laid out top to bottom with a cursor; a block
 * that does not fit starts a new page.  The document is drawn twice: once
 * to count the pages (for "page N of M"), then for real. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "coach/question.h"
#include "coach/rules.h"
#include "coach/screening.h"
#include "export/known.h"
#include "history/history.h"
#include "routines/region.h"
#include "util/dates.h"
#include "util/i18n.h"
#include "util/util.h"

#define FONT "DejaVu Sans"
#define BODY FONT " 9"
#define SMALL FONT " 7.5"
#define H1 FONT " Bold 17"
#define H2 FONT " Bold 12"
#define MARGIN 48.0                 /* points: 17 mm */
#define PLAN_MIN 2                  /* sessions a week to start, from the */
#define PLAN_MAX 3                  /* safety model's dose section */
#define CHART_H 90.0
#define CHART_LEFT 22.0             /* room for the 0-10 labels */

/* ---- the data ---- */

struct rsession {
    int64_t id;
    char *routine, *title, *outcome, *rule;
    long long start, end;
    int max_sore;                   /* -1 none */
    int rules;                      /* rules that fired */
};
struct rrule {
    int64_t session;
    long long t;
    char *rule, *action, *region, *routine;
};
struct rregion {
    const char *id;                 /* region table, or kept in `own` */
    char *own;
    struct chart_point *p;
    size_t n, cap;
};
struct rscreen {
    char *question;
    int value;
};
struct data {
    struct rsession *s;
    size_t ns, cap_s;
    struct rrule *r;
    size_t nr, cap_r;
    struct rregion *g;
    size_t ng, cap_g;
    struct rscreen *sc;
    size_t nsc, cap_sc;
    long long screened_at;
    const struct report_options *o;
    long long t0, t1;               /* the period: Monday 00:00 .. now */
    size_t weeks;
    bool failed;
};

static struct rregion *region_slot(struct data *d, const char *id)
{
    for (size_t i = 0; i < d->ng; i++)
        if (!strcmp(d->g[i].id, id))
            return &d->g[i];
    d->g = xgrow(d->g, &d->cap_g, d->ng + 1, sizeof *d->g);
    struct rregion *g = &d->g[d->ng++];
    memset(g, 0, sizeof *g);
    const struct region_info *ri = region_find(id);
    if (ri) {
        g->id = ri->id;
    } else {
        g->own = xstrdup(id);
        g->id = g->own;
    }
    return g;
}

static void on_answer(const struct history_answer *a, void *user)
{
    struct data *d = user;
    struct rsession *s = &d->s[d->ns - 1];
    if (!history_is_soreness_question(a->question))
        return;
    if (a->value > s->max_sore)
        s->max_sore = a->value;
    if (!a->region)
        return;
    struct rregion *g = region_slot(d, a->region);
    g->p = xgrow(g->p, &g->cap, g->n + 1, sizeof *g->p);
    g->p[g->n].t = a->t_s;
    g->p[g->n++].v = a->value;
}

static void on_rule(const struct history_rule_event *e, void *user)
{
    struct data *d = user;
    struct rsession *s = &d->s[d->ns - 1];
    d->r = xgrow(d->r, &d->cap_r, d->nr + 1, sizeof *d->r);
    struct rrule *r = &d->r[d->nr++];
    r->session = e->session;
    r->t = e->t_s;
    r->rule = xstrdup(e->rule);
    r->action = xstrdup(e->action);
    r->region = e->region ? xstrdup(e->region) : NULL;
    r->routine = xstrdup(*s->title ? s->title : s->routine);
    s->rules++;
}

static void on_session(const struct history_session_row *row, void *user)
{
    struct data *d = user;
    if (d->o->routine && *d->o->routine && strcmp(row->routine, d->o->routine))
        return;
    d->s = xgrow(d->s, &d->cap_s, d->ns + 1, sizeof *d->s);
    struct rsession *s = &d->s[d->ns++];
    s->id = row->id;
    s->routine = xstrdup(row->routine);
    s->title = xstrdup(row->title);
    s->outcome = xstrdup(row->outcome);
    s->rule = row->rule ? xstrdup(row->rule) : NULL;
    s->start = row->start_s;
    s->end = row->end_s;
    s->max_sore = -1;
    s->rules = 0;
}

static void on_screen(const char *q, int v, void *user)
{
    struct data *d = user;
    d->sc = xgrow(d->sc, &d->cap_sc, d->nsc + 1, sizeof *d->sc);
    d->sc[d->nsc].question = xstrdup(q);
    d->sc[d->nsc++].value = v;
}

static void data_free(struct data *d)
{
    for (size_t i = 0; i < d->ns; i++) {
        free(d->s[i].routine);
        free(d->s[i].title);
        free(d->s[i].outcome);
        free(d->s[i].rule);
    }
    for (size_t i = 0; i < d->nr; i++) {
        free(d->r[i].rule);
        free(d->r[i].action);
        free(d->r[i].region);
        free(d->r[i].routine);
    }
    for (size_t i = 0; i < d->ng; i++) {
        free(d->g[i].own);
        free(d->g[i].p);
    }
    for (size_t i = 0; i < d->nsc; i++)
        free(d->sc[i].question);
    free(d->s);
    free(d->r);
    free(d->g);
    free(d->sc);
}

static int cmp_region(const void *a, const void *b)
{
    /* In the region table's order (head to foot as the routines use it);
     * unknown ids last, by name. */
    const struct rregion *x = a, *y = b;
    size_t ix = region_count(), iy = region_count();
    for (size_t i = 0; i < region_count(); i++) {
        if (!strcmp(region_at(i)->id, x->id))
            ix = i;
        if (!strcmp(region_at(i)->id, y->id))
            iy = i;
    }
    if (ix != iy)
        return ix < iy ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int gather(struct history *h, struct data *d)
{
    if (history_each_session(h, d->o->since_s, on_session, d) < 0)
        return -1;
    size_t n = d->ns;
    /* Answers and rules per session, appended to the session they belong
     * to (the callbacks use the last one). */
    struct rsession *all = d->s;
    d->s = NULL;
    d->ns = d->cap_s = 0;
    for (size_t i = 0; i < n; i++) {
        d->s = xgrow(d->s, &d->cap_s, d->ns + 1, sizeof *d->s);
        d->s[d->ns++] = all[i];
        if (history_session_answers(h, all[i].id, on_answer, d) < 0
            || history_each_rule(h, all[i].id, on_rule, d) < 0) {
            free(all);
            return -1;
        }
    }
    free(all);
    if (d->ng)
        qsort(d->g, d->ng, sizeof *d->g, cmp_region);
    d->screened_at = history_screening_time(h);
    if (d->screened_at < 0 || history_screening_answers(h, on_screen, d) < 0)
        return -1;
    long long now = d->o->now_s ? d->o->now_s : util_wall_s();
    long long first = d->o->since_s ? d->o->since_s
                    : d->ns ? d->s[0].start : now;
    if (d->ns && d->s[d->ns - 1].start > now)
        now = d->s[d->ns - 1].start;
    d->t0 = chart_week_start(first);
    d->weeks = 0;
    long long t = d->t0;
    while (t <= now) {
        d->weeks++;
        time_t tt = (time_t)t;
        struct tm tm;
        localtime_r(&tt, &tm);
        tm.tm_mday += 7;
        tm.tm_isdst = -1;
        t = (long long)mktime(&tm);
    }
    d->t1 = t;
    return 0;
}

/* ---- text ---- */

/* Database text, valid UTF-8 and escaped for pango markup; caller
 * g_free()s. */
static char *esc(const char *s)
{
    char *c = known_clean_utf8(s ? s : "");
    char *e = g_markup_escape_text(c, -1);
    free(c);
    return e;
}

/* A table's column heading, in bold; caller frees. */
static char *bold(const char *text)
{
    char *e = esc(text);
    char *m = xasprintf("<b>%s</b>", e);
    g_free(e);
    return m;
}

/* Dates in the language in use (report/chart.h). */
#define fmt_date dates_date
#define fmt_date_time dates_date_time

/* A region's name as the window shows it, in the language in use; an id
 * the table does not know as it is. */
static const char *region_name(const char *id)
{
    const struct region_info *ri = region_find(id);
    return ri ? i18n_text(ri->name) : id;
}

/* A session's outcome as the history stores it, in words. */
static const char *outcome_text(const char *outcome)
{
    static const char *const known[] = {
        N_("completed"), N_("stopped"), N_("quit"), N_("interrupted"),
    };
    for (size_t i = 0; i < ARRAY_LEN(known); i++)
        if (!strcmp(outcome, known[i]))
            return i18n_text(known[i]);
    return outcome;
}

/* What the coach did, in words. */
static char *did_text(const char *action, const char *region)
{
    const char *where = region ? region_name(region) : NULL;
    /* TRANSLATORS: what the coach did when a rule fired; %s is a body
     * region's name ("Calves"). */
    if (!strcmp(action, "skip-region"))
        return where ? xasprintf(_("Left out %s for the session"), where)
                     : xstrdup(_("Left out the area for the session"));
    if (!strcmp(action, "lighter"))
        return where ? xasprintf(_("Lighter pressure, shorter holds (%s)"),
                                 where)
                     : xstrdup(_("Lighter pressure and shorter holds"));
    if (!strcmp(action, "stop"))
        return xstrdup(_("Stopped the session"));
    if (!strcmp(action, "not-start"))
        return xstrdup(_("Did not start the session; advised to see a "
                       "doctor or therapist first"));
    if (!strcmp(action, "urgent"))
        return xstrdup(_("Stopped and advised urgent medical care"));
    return xstrdup(action);
}

/* What a rule id means: the question it belongs to, or the named rules. */
static const char *rule_text(const char *rule)
{
    static const struct { const char *id, *text; } named[] = {
        { "soreness-high", N_("Soreness 7/10 or more") },
        { "soreness-lighter", N_("Soreness above the pressure cap of a "
          "lighter session") },
        { "soreness-setting", N_("Soreness at the user's own limit "
          "(soreness_stop setting)") },
        { "recent-soreness-lighter", N_("Soreness from the last session "
          "not settled (4-5/10, or 2 or more above last time)") },
        { "recent-soreness-high", N_("Soreness from the last session "
          "6/10 or more") },
        { "recent-soreness-provider", N_("Soreness not settling twice in "
          "a row: see a provider") },
    };
    for (size_t i = 0; i < ARRAY_LEN(named); i++)
        if (!strcmp(named[i].id, rule))
            return i18n_text(named[i].text);
    /* The question's text and the rules' messages: the catalogue entries
     * the coach says them with. */
    const struct question *q = known_question(rule);
    if (q)
        return i18n_text(q->text);
    /* Any other rule of the safety model's table: what the coach says
     * when it fires. */
    const struct safety_rule *sr = rules_find(rule);
    return sr ? i18n_text(sr->message) : NULL;
}

/* ---- layout ---- */

struct page {
    cairo_t *cr;
    double w, h, y;                 /* cursor */
    int page, pages;                /* pages: total (0 on the first pass) */
    const char *who;                /* footer text, markup */
    struct report_layout *layout;
};

static PangoLayout *layout_for(struct page *p, const char *font,
                               const char *markup, double width)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_markup(l, markup, -1);
    return l;
}

static double text_height(struct page *p, const char *font,
                          const char *markup, double width)
{
    PangoLayout *l = layout_for(p, font, markup, width);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static void draw_text(struct page *p, double x, double y, const char *font,
                      const char *markup, double width)
{
    PangoLayout *l = layout_for(p, font, markup, width);
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
}

static double content_w(const struct page *p)
{
    return p->w - 2 * MARGIN;
}

static void footer(struct page *p)
{
    /* TRANSLATORS: the footer: %1$s the report's name, then the page. */
    char *m = p->pages
        ? xasprintf(_("%1$s — page %2$d of %3$d"), p->who, p->page + 1,
                    p->pages)
        : xasprintf(_("%1$s — page %2$d"), p->who, p->page + 1);
    cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
    draw_text(p, MARGIN, p->h - MARGIN - 10, SMALL, m, content_w(p));
    cairo_set_source_rgb(p->cr, 0.7, 0.7, 0.7);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN, p->h - MARGIN - 13);
    cairo_line_to(p->cr, p->w - MARGIN, p->h - MARGIN - 13);
    cairo_stroke(p->cr);
    free(m);
}

static double bottom(const struct page *p)
{
    return p->h - MARGIN - 24;      /* above the footer */
}

static void new_page(struct page *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Makes room for a block of height h (a new page when it does not fit). */
static void need(struct page *p, double h)
{
    if (p->y + h > bottom(p) && p->y > MARGIN)
        new_page(p);
}

static void para(struct page *p, const char *font, const char *markup,
                 double gap_after)
{
    double h = text_height(p, font, markup, content_w(p));
    need(p, h);
    draw_text(p, MARGIN, p->y, font, markup, content_w(p));
    p->y += h + gap_after;
}

static void heading(struct page *p, const char *text, double room_after)
{
    double h = text_height(p, H2, text, content_w(p));
    need(p, h + 6 + room_after);    /* never a heading alone at the foot */
    p->y += 4;
    draw_text(p, MARGIN, p->y, H2, text, content_w(p));
    p->y += h + 4;
}

/* A table row: cells at column fractions of the width; returns its
 * height.  draw false only measures. */
static double row(struct page *p, char *const *cells, const double *cols,
                  size_t n, const char *font, bool draw)
{
    double w = content_w(p), hmax = 0;
    for (size_t i = 0; i < n; i++) {
        double x0 = cols[i] * w;
        double x1 = (i + 1 < n ? cols[i + 1] * w : w) - 6;
        double h = text_height(p, font, cells[i], x1 - x0);
        if (draw)
            draw_text(p, MARGIN + x0, p->y, font, cells[i], x1 - x0);
        if (h > hmax)
            hmax = h;
    }
    return hmax;
}

static void table_row(struct page *p, char *const *cells, const double *cols,
                      size_t n, const char *font, bool header,
                      char *const *head)
{
    double h = row(p, cells, cols, n, font, false);
    if (p->y + h + 3 > bottom(p)) {
        new_page(p);
        if (head && !header) {
            double hh = row(p, head, cols, n, BODY, true);
            p->y += hh + 3;
        }
    }
    row(p, cells, cols, n, font, true);
    p->y += h + 2;
    cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
    cairo_set_line_width(p->cr, header ? 0.8 : 0.3);
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, p->w - MARGIN, p->y);
    cairo_stroke(p->cr);
    p->y += 2;
}

/* ---- the sections ---- */

static void title_block(struct page *p, const struct data *d)
{
    const struct report_options *o = d->o;
    para(p, H1, _("Home self-massage report"), 4);
    char a[48], b[48], now[48];
    fmt_date(a, sizeof a, d->t0);
    /* The period ends on the report's day, not at the end of its week. */
    long long today = o->now_s ? o->now_s : util_wall_s();
    long long last = d->ns && d->s[d->ns - 1].start > today
                     ? d->s[d->ns - 1].start : today;
    fmt_date(b, sizeof b, last < d->t1 - 1 ? last : d->t1 - 1);
    fmt_date(now, sizeof now, today);
    char *who = NULL;
    if ((o->patient_name && *o->patient_name)
        || (o->patient_id && *o->patient_id)) {
        char *n = esc(o->patient_name), *i = esc(o->patient_id);
        /* TRANSLATORS: pango markup; keep <b>...</b>.  %1$s the patient's
         * name, %2$s the id the settings give. */
        who = *n && *i ? xasprintf(_("<b>Patient:</b> %1$s (id %2$s)"), n, i)
            : *n ? xasprintf(_("<b>Patient:</b> %s"), n)
                 : xasprintf(_("<b>Patient:</b> id %s"), i);
        g_free(n);
        g_free(i);
    }
    char *routine = NULL;
    if (o->routine && *o->routine) {
        char *r = esc(o->routine);
        /* TRANSLATORS: %s is a routine's file name. */
        routine = xasprintf(_("<b>Routine:</b> %s only"), r);
        g_free(r);
    }
    /* TRANSLATORS: %1$s and %2$s are dates, %3$zu the weeks between. */
    char *period = xasprintf(ngettext("<b>Period:</b> %1$s to %2$s "
                                      "(%3$zu week)",
                                      "<b>Period:</b> %1$s to %2$s "
                                      "(%3$zu weeks)", d->weeks),
                             a, b, d->weeks);
    char *made = xasprintf(_("Made on %s by Unknot from the session history "
                             "kept on the device."), now);
    char *m = xasprintf("%s%s%s\n%s%s%s", who ? who : "", who ? "\n" : "",
                        period, routine ? routine : "",
                        routine ? "\n" : "", made);
    free(period);
    free(made);
    para(p, BODY, m, 8);
    free(m);
    free(who);
    free(routine);
}

static void summary(struct page *p, const struct data *d)
{
    int by[CHART_OUTCOMES] = { 0 };
    for (size_t i = 0; i < d->ns; i++) {
        const char *oc = d->s[i].outcome;
        by[!strcmp(oc, "completed") ? 0 : !strcmp(oc, "stopped") ? 1
           : !strcmp(oc, "quit") ? 2 : 3]++;
    }
    heading(p, _("At a glance"), 40);
    if (!d->ns) {
        para(p, BODY, _("<b>No sessions recorded in this period.</b> "
             "Nothing below is missing: the coach has not been used "
             "yet, or not for this routine or these dates."), 6);
        return;
    }
    double rate = d->weeks ? (double)d->ns / (double)d->weeks : 0;
    /* Rules by what the coach did.  Lighter pressure and skipped regions
     * are counted by session (a screening answer makes every session
     * lighter; counting its events would overstate it). */
    int skips = 0, skip_sessions = 0, lighter_sessions = 0, stops = 0,
        urgent = 0, not_started = 0;
    for (size_t i = 0; i < d->ns; i++) {
        bool light = false, skip = false;
        for (size_t k = 0; k < d->nr; k++) {
            if (d->r[k].session != d->s[i].id)
                continue;
            const char *a = d->r[k].action;
            light = light || !strcmp(a, "lighter");
            if (!strcmp(a, "skip-region")) {
                skips++;
                skip = true;
            }
            stops += !strcmp(a, "stop");
            urgent += !strcmp(a, "urgent");
            not_started += !strcmp(a, "not-start");
        }
        lighter_sessions += light;
        skip_sessions += skip;
    }
    int high = -1;
    const char *high_region = NULL;
    long long high_t = 0;
    for (size_t g = 0; g < d->ng; g++)
        for (size_t k = 0; k < d->g[g].n; k++)
            if (d->g[g].p[k].v > high) {
                high = d->g[g].p[k].v;
                high_region = d->g[g].id;
                high_t = d->g[g].p[k].t;
            }
    char rate_s[32];
    dates_decimal(rate_s, sizeof rate_s, rate);
    /* TRANSLATORS: the number of weeks, inside the next sentence. */
    char *weeks = xasprintf(ngettext("%zu week", "%zu weeks", d->weeks),
                            d->weeks);
    /* TRANSLATORS: pango markup; keep <b>...</b>.  %1$zu sessions, %2$s
     * "4 weeks", %3$s sessions a week ("1.8"), %4$d-%5$d the plan. */
    char *l1 = xasprintf(ngettext("<b>%1$zu session in %2$s: %3$s a "
                                  "week</b> (plan: %4$d to %5$d a week to "
                                  "start).",
                                  "<b>%1$zu sessions in %2$s: %3$s a "
                                  "week</b> (plan: %4$d to %5$d a week to "
                                  "start).", d->ns),
                         d->ns, weeks, rate_s, PLAN_MIN, PLAN_MAX);
    char *l2 = xasprintf(_("Completed: %1$d; stopped by a safety rule or "
                           "not started: %2$d; stopped by the user: %3$d; "
                           "interrupted (never ended): %4$d."),
                         by[0], by[1], by[2], by[3]);
    char *l3 = xasprintf(_("Safety rules: sessions made lighter: %1$d; "
                           "regions left out: %2$d (in sessions: %3$d); "
                           "sessions stopped: %4$d; not started: %5$d; "
                           "with urgent advice: %6$d."),
                         lighter_sessions, skips, skip_sessions, stops,
                         not_started, urgent);
    char *m = xasprintf("%s\n%s\n%s", l1, l2, l3);
    free(weeks);
    free(l1);
    free(l2);
    free(l3);
    para(p, BODY, m, 2);
    free(m);
    if (high >= 0) {
        char when[48];
        fmt_date(when, sizeof when, high_t);
        char *r = esc(region_name(high_region));
        /* TRANSLATORS: %1$d of 10, %2$s the region, %3$s the date. */
        m = xasprintf(_("Highest soreness: <b>%1$d/10</b> (%2$s, %3$s)."),
                      high, r, when);
        g_free(r);
        para(p, BODY, m, 2);
        free(m);
    }
    p->y += 4;
}

static void adherence(struct page *p, const struct data *d)
{
    if (!d->ns)
        return;
    heading(p, _("Sessions per week"), CHART_H + 30);
    int (*counts)[CHART_OUTCOMES] = xcalloc(d->weeks ? d->weeks : 1,
                                            sizeof *counts);
    int top = PLAN_MAX + 1;
    for (size_t i = 0; i < d->ns; i++) {
        long long ws = chart_week_start(d->s[i].start);
        size_t w = 0;
        long long t = d->t0;
        while (w + 1 < d->weeks && t < ws) {
            time_t tt = (time_t)t;
            struct tm tm;
            localtime_r(&tt, &tm);
            tm.tm_mday += 7;
            tm.tm_isdst = -1;
            t = (long long)mktime(&tm);
            if (t <= ws)
                w++;
        }
        const char *oc = d->s[i].outcome;
        int k = !strcmp(oc, "completed") ? 0 : !strcmp(oc, "stopped") ? 1
              : !strcmp(oc, "quit") ? 2 : 3;
        counts[w][k]++;
        int sum = 0;
        for (int j = 0; j < CHART_OUTCOMES; j++)
            sum += counts[w][j];
        if (sum > top)
            top = sum;
    }
    struct chart_box b = { MARGIN + CHART_LEFT, p->y + 4,
                           content_w(p) - CHART_LEFT, CHART_H * 0.8,
                           d->t0, d->t1, 0, top };
    chart_adherence(p->cr, &b, (const int (*)[CHART_OUTCOMES])counts,
                    d->weeks, PLAN_MIN, PLAN_MAX);
    free(counts);
    p->y = b.y + b.h + 16;
    /* The legend. */
    static const char *names[CHART_OUTCOMES] = {
        N_("completed"), N_("stopped (safety rule)"),
        N_("stopped by the user"), N_("interrupted") };
    /* TRANSLATORS: the chart's legend for the plan's band. */
    char *plan = xasprintf(_("the plan: %1$d-%2$d a week"), PLAN_MIN,
                           PLAN_MAX);
    double x = MARGIN + CHART_LEFT;
    for (int k = 0; k <= CHART_OUTCOMES; k++) {
        const char *name = k < CHART_OUTCOMES ? i18n_text(names[k]) : plan;
        if (k < CHART_OUTCOMES)
            cairo_set_source_rgb(p->cr, chart_outcome_rgb[k][0],
                                 chart_outcome_rgb[k][1],
                                 chart_outcome_rgb[k][2]);
        else
            cairo_set_source_rgb(p->cr, 0.80, 0.90, 0.80);
        double tw = chart_text_width(p->cr, SMALL, name);
        if (x + 11 + tw > p->w - MARGIN) {      /* wrap, never past the */
            x = MARGIN + CHART_LEFT;            /* margin */
            p->y += 12;
        }
        cairo_rectangle(p->cr, x, p->y + 2, 8, 8);
        cairo_fill(p->cr);
        draw_text(p, x + 11, p->y, SMALL, name, tw + 4);
        x += 11 + tw + 14;
    }
    free(plan);
    p->y += 18;
}

static void screening(struct page *p, const struct data *d)
{
    heading(p, _("Screening answers that change the dose"), 30);
    if (d->screened_at <= 0) {
        para(p, BODY, _("No health screening saved yet: the coach asks it "
             "before the first session."), 6);
        return;
    }
    char when[48];
    fmt_date(when, sizeof when, d->screened_at);
    int shown = 0;
    for (size_t i = 0; i < d->nsc; i++) {
        const struct screening_item *it = screening_find(d->sc[i].question);
        if (!it || !stop_rule_fires(&it->q.rule, d->sc[i].value))
            continue;
        if (!shown++) {
            /* TRANSLATORS: %s is the screening's date. */
            char *m = xasprintf(_("From the screening of %s:"), when);
            para(p, BODY, m, 3);
            free(m);
        }
        char *q = esc(i18n_text(it->q.text));
        char *say = esc(it->q.rule.say ? i18n_text(it->q.rule.say) : "");
        char *did = did_text(rule_action_name(it->q.rule.action), NULL);
        /* TRANSLATORS: pango markup; keep the tags.  %1$s the question,
         * %2$s the answer ("Yes."), %3$s what the coach did, %4$s what it
         * said. */
        char *m = xasprintf(_("• <b>%1$s</b> %2$s\n   The coach: %3$s. "
                              "<i>%4$s</i>"),
                            q, d->sc[i].value ? _("Yes.") : _("No."), did,
                            say);
        para(p, BODY, m, 3);
        g_free(q);
        g_free(say);
        free(did);
        free(m);
    }
    if (!shown) {
        char *m = xasprintf(_("None (screening of %s): the coach uses the "
                              "routines' normal pressure and holds."), when);
        para(p, BODY, m, 6);
        free(m);
    }
    p->y += 4;
}

static void routines_used(struct page *p, const struct data *d)
{
    if (!d->ns)
        return;
    heading(p, _("Routines used"), 70);
    static const double cols[] = { 0, 0.36, 0.52, 0.76 };
    char *head[] = { bold(C_("report column", "Routine")),
                     bold(C_("report column", "Sessions")),
                     bold(C_("report column", "Completed")),
                     bold(C_("report column", "Last used")) };
    table_row(p, head, cols, 4, BODY, true, NULL);
    for (size_t i = 0; i < d->ns; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(d->s[k].routine, d->s[i].routine);
        if (seen)
            continue;
        int n = 0, done = 0;
        long long last = 0;
        for (size_t k = i; k < d->ns; k++)
            if (!strcmp(d->s[k].routine, d->s[i].routine)) {
                n++;
                done += !strcmp(d->s[k].outcome, "completed");
                last = d->s[k].start;
            }
        char lastb[48];
        fmt_date(lastb, sizeof lastb, last);
        char *t = esc(*d->s[i].title ? d->s[i].title : d->s[i].routine);
        char *r = esc(d->s[i].routine);
        char *cells[4] = { xasprintf("%s <span size='smaller'>(%s)</span>",
                                     t, r),
                           xasprintf("%d", n), xasprintf("%d", done),
                           xstrdup(lastb) };
        table_row(p, cells, cols, 4, BODY, false, head);
        for (int c = 0; c < 4; c++)
            free(cells[c]);
        g_free(t);
        g_free(r);
    }
    for (int c = 0; c < 4; c++)
        free(head[c]);
    p->y += 6;
}

static void soreness(struct page *p, const struct data *d)
{
    if (!d->ng)
        return;
    /* The heading, its note and the first chart stay together. */
    need(p, CHART_H + 76);
    heading(p, _("Soreness by region (0 none - 10 worst)"), CHART_H + 60);
    para(p, SMALL, _("Each dot is one answer to “how strong is the pain "
         "there now?” after that region was worked. Shaded: 7 or more, "
         "where the coach leaves the region for the day (red dots)."), 6);
    for (size_t g = 0; g < d->ng; g++) {
        const struct rregion *r = &d->g[g];
        need(p, CHART_H + 34);
        int high = 0;
        for (size_t k = 0; k < r->n; k++)
            if (r->p[k].v > high)
                high = r->p[k].v;
        char last[48];
        fmt_date(last, sizeof last, r->p[r->n - 1].t);
        char *name = esc(region_name(r->id));
        /* TRANSLATORS: pango markup; keep <b>...</b>.  %1$s the region,
         * %2$zu its answers, %3$d the last of 10 on %4$s (a date), %5$d
         * the highest of 10. */
        char *m = xasprintf(ngettext("<b>%1$s</b>   %2$zu answer; last "
                                     "%3$d/10 (%4$s); highest %5$d/10",
                                     "<b>%1$s</b>   %2$zu answers; last "
                                     "%3$d/10 (%4$s); highest %5$d/10",
                                     r->n),
                            name, r->n, r->p[r->n - 1].v, last, high);
        g_free(name);
        para(p, BODY, m, 3);
        free(m);
        struct chart_box b = { MARGIN + CHART_LEFT, p->y + 4,
                               content_w(p) - CHART_LEFT, CHART_H,
                               d->t0, d->t1, 0, 10 };
        chart_soreness(p->cr, &b, r->p, r->n);
        struct report_layout *L = p->layout;
        if (L && L->charts < REPORT_MAX_CHARTS) {
            L->chart[L->charts].page = p->page;
            snprintf(L->chart[L->charts].region,
                     sizeof L->chart[L->charts].region, "%s", r->id);
            L->chart[L->charts++].box = b;
        }
        p->y = b.y + b.h + 18;
    }
}

static bool same_event(const struct rrule *a, const struct rrule *b)
{
    return !strcmp(a->rule, b->rule) && !strcmp(a->action, b->action)
           && !strcmp(a->routine, b->routine)
           && !strcmp(a->region ? a->region : "", b->region ? b->region : "")
           && b->t - a->t < 600;
}

static void rules(struct page *p, const struct data *d)
{
    if (!d->ns)
        return;
    heading(p, _("Every rule that fired"), 90);
    if (!d->nr) {
        para(p, BODY, _("None: no answer hit a safety rule."), 6);
        return;
    }
    para(p, SMALL, _("A screening answer that changes the dose applies to "
         "every session until the next screening; it is listed in full "
         "above and named here by its question id. The same rule firing "
         "again within minutes in one session is shown once (×N)."), 4);
    static const double cols[] = { 0, 0.17, 0.37, 0.70 };
    char *head[] = { bold(C_("report column", "When")),
                     bold(C_("report column", "Routine")),
                     bold(C_("report column", "Rule")),
                     bold(C_("report column", "What the coach did")) };
    table_row(p, head, cols, 4, BODY, true, NULL);
    for (size_t i = 0; i < d->nr;) {
        const struct rrule *r = &d->r[i];
        size_t times = 1;
        while (i + times < d->nr && same_event(r, &d->r[i + times]))
            times++;
        i += times;
        char when[48];
        fmt_date_time(when, sizeof when, r->t);
        bool from_screening = screening_find(r->rule) != NULL
                              && !str_starts_with(r->rule, "daily-");
        const char *rt = from_screening ? _("Screening answer") :
                         rule_text(r->rule);
        char *id = esc(r->rule), *txt = esc(rt ? rt : ""),
             *rou = esc(r->routine);
        char *did = did_text(r->action, r->region);
        char *dide = esc(did);
        bool serious = !strcmp(r->action, "stop")
                       || !strcmp(r->action, "urgent")
                       || !strcmp(r->action, "not-start");
        char count[32] = "";
        if (times > 1)
            snprintf(count, sizeof count, " ×%zu", times);
        char *cells[4] = {
            xstrdup(when), xstrdup(rou),
            xasprintf("%s <span size='smaller' font_family='monospace'>"
                      "[%s]</span>%s", txt, id, count),
            xasprintf(serious ? "<b>%s</b>" : "%s", dide),
        };
        table_row(p, cells, cols, 4, SMALL, false, head);
        for (int c = 0; c < 4; c++)
            free(cells[c]);
        g_free(id);
        g_free(txt);
        g_free(rou);
        g_free(dide);
        free(did);
    }
    for (int c = 0; c < 4; c++)
        free(head[c]);
    p->y += 6;
}

static void sessions(struct page *p, const struct data *d)
{
    if (!d->ns)
        return;
    heading(p, _("Sessions"), 70);  /* the header and two rows */
    static const double cols[] = { 0, 0.21, 0.49, 0.61, 0.86 };
    char *head[] = { bold(C_("report column", "Started")),
                     bold(C_("report column", "Routine")),
                     bold(C_("report column", "Length")),
                     bold(C_("report column", "Outcome")),
                     bold(C_("report column", "Max sore")) };
    table_row(p, head, cols, 5, BODY, true, NULL);
    for (size_t i = 0; i < d->ns; i++) {
        const struct rsession *s = &d->s[i];
        char when[48], len[32];
        fmt_date_time(when, sizeof when, s->start);
        if (s->end)
            snprintf(len, sizeof len, "%lld:%02lld", (s->end - s->start) / 60,
                     (s->end - s->start) % 60);
        else
            snprintf(len, sizeof len, "-");
        char *t = esc(*s->title ? s->title : s->routine);
        char *ocs = s->rule && strcmp(s->outcome, "completed")
                    && strcmp(s->outcome, "quit")
                    ? xasprintf("%s (%s)", outcome_text(s->outcome), s->rule)
                    : xstrdup(outcome_text(s->outcome));
        char *oc = esc(ocs);
        free(ocs);
        char *cells[5] = { xstrdup(when), xstrdup(t), xstrdup(len),
                           xstrdup(oc), s->max_sore >= 0
                           ? xasprintf("%d/10", s->max_sore) : xstrdup("-") };
        table_row(p, cells, cols, 5, SMALL, false, head);
        for (int c = 0; c < 5; c++)
            free(cells[c]);
        g_free(t);
        g_free(oc);
    }
    for (int c = 0; c < 5; c++)
        free(head[c]);
}

/* ---- the document ---- */

static cairo_status_t write_file(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    FILE *f = closure;
    return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t write_nothing(void *closure, const unsigned char *data,
                                    unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* One pass over the document; returns the pages drawn, -1 on a cairo
 * error. */
static int render(const struct data *d, FILE *out, int pages,
                  struct report_layout *layout)
{
    const struct report_options *o = d->o;
    double w = o->paper == REPORT_LETTER ? 612.0 : 595.276;
    double h = o->paper == REPORT_LETTER ? 792.0 : 841.89;
    cairo_surface_t *sf = out
        ? cairo_pdf_surface_create_for_stream(write_file, out, w, h)
        : cairo_pdf_surface_create_for_stream(write_nothing, NULL, w, h);
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE,
                                   _("Home self-massage report"));
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "Unknot");
    cairo_t *cr = cairo_create(sf);
    char *who;
    if (o->patient_name && *o->patient_name) {
        char *n = esc(o->patient_name);
        /* TRANSLATORS: the footer's name; %s is the patient's name. */
        who = xasprintf(_("Unknot home self-massage report — %s"), n);
        g_free(n);
    } else {
        who = xstrdup(_("Unknot home self-massage report"));
    }
    struct page p = { cr, w, h, MARGIN, 0, pages, who, layout };
    if (layout) {
        memset(layout, 0, sizeof *layout);
        layout->page_w = w;
        layout->page_h = h;
        layout->margin = MARGIN;
    }
    title_block(&p, d);
    summary(&p, d);
    adherence(&p, d);
    screening(&p, d);
    routines_used(&p, d);
    soreness(&p, d);
    rules(&p, d);
    sessions(&p, d);
    footer(&p);
    cairo_show_page(cr);
    int n = p.page + 1;
    free(who);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (layout)
        layout->pages = n;
    return st == CAIRO_STATUS_SUCCESS ? n : -1;
}

int report_write_pdf(struct history *h, const struct report_options *o,
                     FILE *out, struct report_layout *layout, char **err)
{
    *err = NULL;
    struct data d;
    memset(&d, 0, sizeof d);
    d.o = o;
    if (gather(h, &d) != 0) {
        *err = xasprintf("cannot read the history: %s", history_error(h));
        data_free(&d);
        return -1;
    }
    int pages = render(&d, NULL, 0, NULL);
    int rc = pages > 0 ? render(&d, out, pages, layout) : -1;
    data_free(&d);
    if (rc < 0 || fflush(out) != 0 || ferror(out)) {
        *err = xstrdup("cannot write the report");
        return -1;
    }
    return 0;
}

long long report_parse_date(const char *s)
{
    int y, m, dd;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3
        || m < 1 || m > 12 || dd < 1 || dd > 31 || y < 1970)
        return -1;
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd,
                     .tm_isdst = -1 };
    long long t = (long long)mktime(&tm);
    return tm.tm_mday == dd ? t : -1;
}
