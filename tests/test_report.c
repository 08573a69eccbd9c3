/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The therapist's PDF report, rendered from histories recorded by the real
 * session driver in virtual time (sessions started at past dates through
 * session_options.wall_start_s), converted to images with poppler's
 * pdftoppm and to text with pdftotext:
 *   - the page count matches the PDF and the layout;
 *   - nothing is drawn in the page margins (the outer band of every page
 *     is white);
 *   - each chart has its points at the pixels chart_point_xy() gives for
 *     the known answers (blue below 7, red at 7 or more), and not where no
 *     answer was;
 *   - the rules that fired, the screening that changes the dose and the
 *     routines are in the text; database text is escaped, not markup;
 *   - an empty history and a single session; Letter paper;
 *   - in German, French and Spanish: the report's words, dates and
 *     decimal separator in the language (tests/cli/report.sh checks that
 *     no English msgid of the report is left in a whole report).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "coach/answers.h"
#include "history/history.h"
#include "report/report.h"
#include "routines/routine.h"
#include "session/session.h"
#include "util/diag.h"
#include "util/dates.h"
#include "util/i18n.h"
#include "util/util.h"

#define DPI 144
#define PX(pt) ((pt) * DPI / 72.0)
/* 2025-10-06 09:00 UTC, a Monday (TZ is set to UTC in main). */
#define T0 1759741200LL
#define DAY 86400LL

static bool have_poppler;

static struct routine *load(const char *path)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_file(path, &dl);
    diag_free(&dl);
    CHECK(r != NULL);
    return r;
}

/* One real session in virtual time starting at wall time t. */
static void session_at(struct history *h, const char *routine_path,
                       long long t, const char *answers)
{
    struct routine *r = load(routine_path);
    char *err = NULL;
    struct answer_script *sc = answer_script_parse(answers, &err);
    CHECK(sc != NULL);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.history = h;
    o.answers = sc;
    o.wall_start_s = t;
    struct session *s = r && sc ? session_create(&o, NULL, NULL, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        session_run_virtual(s, NULL, NULL);
        CHECK(session_ended(s));
    }
    session_destroy(s);
    answer_script_free(sc);
    routine_destroy(r);
    free(err);
}

struct image {
    int w, h;
    unsigned char *px;      /* RGB */
};

/* Page `page` (1-based) of pdf as an image at DPI. */
static bool page_image(const char *pdf, int page, struct image *img)
{
    char *base = xasprintf("%s/page", check_tmpdir());
    char *cmd = xasprintf("pdftoppm -r %d -f %d -l %d -singlefile '%s' '%s'",
                          DPI, page, page, pdf, base);
    char *out = NULL;
    int rc = check_run_cmd(cmd, &out);
    free(cmd);
    free(out);
    char *ppm = xasprintf("%s.ppm", base);
    free(base);
    size_t len = 0;
    char *data = rc == 0 ? check_read_file(ppm, &len) : NULL;
    remove(ppm);
    free(ppm);
    memset(img, 0, sizeof *img);
    int maxv, off = 0;
    if (!data || sscanf(data, "P6 %d %d %d%n", &img->w, &img->h, &maxv,
                        &off) != 3 || maxv != 255) {
        free(data);
        return false;
    }
    off++;  /* the single whitespace after maxval */
    size_t need = (size_t)img->w * (size_t)img->h * 3;
    if (len < (size_t)off + need) {
        free(data);
        return false;
    }
    img->px = xmalloc(need);
    memcpy(img->px, data + off, need);
    free(data);
    return true;
}

static const unsigned char *pixel(const struct image *img, int x, int y)
{
    if (x < 0 || y < 0 || x >= img->w || y >= img->h)
        return NULL;
    return img->px + ((size_t)y * (size_t)img->w + (size_t)x) * 3;
}

/* The dot colours of report/chart.h, as 0..255 with some tolerance. */
static bool is_color(const unsigned char *p, double r, double g, double b)
{
    return p && abs(p[0] - (int)(r * 255)) < 40
           && abs(p[1] - (int)(g * 255)) < 40
           && abs(p[2] - (int)(b * 255)) < 40;
}

static bool blue(const unsigned char *p)
{
    return is_color(p, CHART_POINT_RGB);
}

static bool red(const unsigned char *p)
{
    return is_color(p, CHART_HIGH_RGB);
}

/* Number of pixels with the colour in a (2r+1)^2 square around (x, y). */
static int count_near(const struct image *img, double x, double y, int r,
                      bool (*want)(const unsigned char *))
{
    int n = 0;
    for (int dy = -r; dy <= r; dy++)
        for (int dx = -r; dx <= r; dx++)
            n += want(pixel(img, (int)(x + 0.5) + dx, (int)(y + 0.5) + dy));
    return n;
}

/* 0 when every pixel of the outer band (band_pt wide) is white. */
static int margin_ink(const struct image *img, double band_pt)
{
    int band = (int)PX(band_pt), ink = 0;
    for (int y = 0; y < img->h; y++)
        for (int x = 0; x < img->w; x++) {
            if (x >= band && x < img->w - band && y >= band
                && y < img->h - band)
                continue;
            const unsigned char *p = pixel(img, x, y);
            if (p[0] < 245 || p[1] < 245 || p[2] < 245)
                ink++;
        }
    return ink;
}

static int pdf_pages(const char *pdf)
{
    char *cmd = xasprintf("pdfinfo '%s'", pdf), *out = NULL;
    int pages = -1;
    if (check_run_cmd(cmd, &out) == 0) {
        const char *p = strstr(out, "Pages:");
        if (p)
            pages = atoi(p + 6);
    }
    free(cmd);
    free(out);
    return pages;
}

/* The text in reading order, every run of white space one space: a table
 * cell wrapped onto two lines ("Desk worker's upper back / and chest")
 * reads whole, whatever width its column has in the language. */
static char *pdf_text(const char *pdf)
{
    char *cmd = xasprintf("pdftotext '%s' -", pdf), *out = NULL;
    check_run_cmd(cmd, &out);
    free(cmd);
    if (!out)
        return out;
    size_t k = 0;
    for (size_t i = 0; out[i]; i++) {
        bool space = out[i] == ' ' || out[i] == '\n' || out[i] == '\f';
        if (space && k && out[k - 1] == ' ')
            continue;
        out[k++] = space ? ' ' : out[i];
    }
    out[k] = '\0';
    return out;
}

static char *render(struct history *h, const struct report_options *o,
                    const char *name, struct report_layout *L)
{
    char *pdf = xasprintf("%s/%s", check_tmpdir(), name);
    FILE *f = fopen(pdf, "wb");
    CHECK(f != NULL);
    char *err = NULL;
    CHECK_INT(report_write_pdf(h, o, f, L, &err), ==, 0);
    if (err)
        fprintf(stderr, "report: %s\n", err);
    free(err);
    fclose(f);
    return pdf;
}

/* Every page: count, margins white. */
static void check_pages(const char *pdf, const struct report_layout *L)
{
    CHECK_INT(pdf_pages(pdf), ==, L->pages);
    for (int pg = 1; pg <= L->pages; pg++) {
        struct image img;
        CHECK(page_image(pdf, pg, &img));
        CHECK_INT(img.w, ==, (int)(PX(L->page_w) + 0.5));
        CHECK_INT(img.h, ==, (int)(PX(L->page_h) + 0.5));
        /* 0.85 of the margin: antialiasing of text at the edge of the
         * content area never reaches that far. */
        int ink = margin_ink(&img, L->margin * 0.85);
        if (ink)
            fprintf(stderr, "page %d: %d pixels of ink in the margin\n", pg,
                    ink);
        CHECK_INT(ink, ==, 0);
        free(img.px);
    }
    /* No page after the last. */
    struct image img;
    CHECK(!page_image(pdf, L->pages + 1, &img));
}

struct known {
    const char *region;
    long long t;        /* set from the history */
    int v;
};

struct collect {
    struct known k[64];
    size_t n;
};

static void on_answer(const struct history_answer *a, void *u)
{
    struct collect *c = u;
    if (history_is_soreness_question(a->question) && a->region
        && c->n < 64) {
        c->k[c->n].region = xstrdup(a->region);
        c->k[c->n].t = a->t_s;
        c->k[c->n++].v = a->value;
    }
}

static struct history *sessions_cb_h;
static struct collect *sessions_cb_c;
static void on_session_answers(const struct history_session_row *s, void *u)
{
    (void)u;
    history_session_answers(sessions_cb_h, s->id, on_answer, sessions_cb_c);
}

/* Each soreness answer's dot is drawn where chart_point_xy() says, in the
 * right colour; and a spot of the chart with no answer has no dot. */
static void check_points(const char *pdf, const struct report_layout *L,
                         struct history *h)
{
    struct collect c = { .n = 0 };
    sessions_cb_h = h;
    sessions_cb_c = &c;
    CHECK(history_each_session(h, 0, on_session_answers, NULL) >= 0);
    CHECK(c.n > 0);
    size_t checked = 0;
    for (size_t ci = 0; ci < L->charts; ci++) {
        struct image img;
        CHECK(page_image(pdf, L->chart[ci].page + 1, &img));
        const struct chart_box *b = &L->chart[ci].box;
        for (size_t i = 0; i < c.n; i++) {
            if (strcmp(c.k[i].region, L->chart[ci].region))
                continue;
            double x, y;
            chart_point_xy(b, c.k[i].t, c.k[i].v, &x, &y);
            bool (*want)(const unsigned char *) = c.k[i].v >= 7 ? red
                                                                : blue;
            int n = count_near(&img, PX(x), PX(y), 2, want);
            if (n < 12)
                fprintf(stderr, "%s %d at %lld: %d dot pixels at (%.0f, "
                        "%.0f)\n", c.k[i].region, c.k[i].v, c.k[i].t, n,
                        PX(x), PX(y));
            CHECK_INT(n, >=, 12);   /* of 25: the dot is there */
            /* Three points higher on the scale at the same time: no dot
             * (every test history has no such answer). */
            double y2;
            chart_point_xy(b, c.k[i].t, c.k[i].v + (c.k[i].v > 6 ? -3 : 3),
                           &x, &y2);
            CHECK_INT(count_near(&img, PX(x), PX(y2), 2, blue)
                      + count_near(&img, PX(x), PX(y2), 2, red), <, 3);
            checked++;
        }
        free(img.px);
    }
    CHECK_INT(checked, ==, c.n);
    for (size_t i = 0; i < c.n; i++)
        free((char *)c.k[i].region);
}

static void test_weeks_of_sessions(void)
{
    if (!have_poppler)
        return;
    char *db = xasprintf("%s/weeks.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    const char *fc = "routines/feet-and-calves.ini";
    const char *ub = "routines/desk-upper-back.ini";
    session_at(h, fc, T0, "screen-cancer=yes,screen-cancer-cleared=yes,"
               "screen-*=no,daily-*=no,feel-feet=yes,soreness=3");
    session_at(h, fc, T0 + 2 * DAY, "daily-*=no,recent-soreness=5,"
               "feel-feet=yes,soreness=5");
    session_at(h, fc, T0 + 7 * DAY, "daily-*=no,feel-feet=yes,soreness=8");
    session_at(h, ub, T0 + 9 * DAY, "daily-*=no,soreness=2,tingling=no,"
               "dizzy=yes");
    session_at(h, ub, T0 + 14 * DAY, "daily-*=no,tingling=no");
    session_at(h, fc, T0 + 21 * DAY, "daily-unwell=yes,daily-*=no");
    session_at(h, fc, T0 + 23 * DAY, "daily-*=no,recent-soreness=1,"
               "feel-feet=yes,soreness=1");
    history_close(h);

    struct history_options ro = { .read_only = true };
    h = history_open_with(db, &ro, &err);
    CHECK(h != NULL);
    struct report_options o = { .now_s = T0 + 25 * DAY,
                                .patient_name = "Ana <Zoë> & co" };
    struct report_layout L;
    char *pdf = render(h, &o, "weeks.pdf", &L);
    CHECK_INT(L.pages, >=, 3);
    CHECK_INT(L.pages, <=, 5);
    check_pages(pdf, &L);
    /* A chart per region answered: feet, calves, and the four of the
     * upper-back routine up to the dizzy stop. */
    CHECK_INT(L.charts, >=, 5);
    check_points(pdf, &L, h);
    char *text = pdf_text(pdf);
    CHECK_CONTAINS(text, "7 sessions in 4 weeks");
    CHECK_CONTAINS(text, "Ana <Zoë> & co");       /* escaped, not markup */
    CHECK_CONTAINS(text, "[soreness-high]");
    CHECK_CONTAINS(text, "Left out Calves");
    CHECK_CONTAINS(text, "[dizzy]");
    CHECK_CONTAINS(text, "Stopped the session");
    CHECK_CONTAINS(text, "[daily-unwell]");
    CHECK_CONTAINS(text, "Did not start the session");
    CHECK_CONTAINS(text, "soreness-lighter]");
    CHECK_CONTAINS(text, "Lighter pressure");
    CHECK_CONTAINS(text, "Are you being treated for cancer");
    CHECK_CONTAINS(text, "Desk worker's upper back and chest");
    CHECK_CONTAINS(text, "Feet and calves");
    free(text);

    /* --routine and --since narrow it. */
    struct report_options o2 = { .now_s = T0 + 25 * DAY,
                                 .routine = "desk-upper-back",
                                 .since_s = T0 + 8 * DAY };
    struct report_layout L2;
    char *pdf2 = render(h, &o2, "one-routine.pdf", &L2);
    check_pages(pdf2, &L2);
    text = pdf_text(pdf2);
    CHECK_CONTAINS(text, "2 sessions in");
    CHECK(!strstr(text, "Feet and calves"));
    free(text);

    /* Letter paper. */
    o.paper = REPORT_LETTER;
    char *pdf3 = render(h, &o, "letter.pdf", &L2);
    CHECK(L2.page_w == 612.0 && L2.page_h == 792.0);
    check_pages(pdf3, &L2);
    check_points(pdf3, &L2, h);
    history_close(h);
    free(pdf);
    free(pdf2);
    free(pdf3);
    free(db);
}

static void test_empty_history(void)
{
    if (!have_poppler)
        return;
    char *db = xasprintf("%s/none.db", check_tmpdir());
    struct history_options ro = { .read_only = true, .missing_ok = true };
    char *err = NULL;
    struct history *h = history_open_with(db, &ro, &err);
    CHECK(h != NULL);
    struct report_options o = { .now_s = T0 };
    struct report_layout L;
    char *pdf = render(h, &o, "empty.pdf", &L);
    CHECK_INT(L.pages, ==, 1);
    CHECK_INT(L.charts, ==, 0);
    check_pages(pdf, &L);
    char *text = pdf_text(pdf);
    CHECK_CONTAINS(text, "No sessions recorded in this period");
    CHECK_CONTAINS(text, "No health screening saved yet");
    free(text);
    history_close(h);
    free(pdf);
    free(db);
}

static void test_single_session(void)
{
    if (!have_poppler)
        return;
    char *db = xasprintf("%s/one.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    session_at(h, "routines/feet-and-calves.ini", T0 + 3 * DAY,
               "screen-*=no,daily-*=no,feel-feet=yes,soreness=4");
    /* Text in the database that is not UTF-8 and looks like markup. */
    CHECK(history_session_begin(h, "odd<i>", "Odd \xff <b>title</b> &",
                                T0 + 3 * DAY + 3600) > 0);
    struct report_options o = { .now_s = T0 + 4 * DAY };
    struct report_layout L;
    char *pdf = render(h, &o, "one.pdf", &L);
    CHECK_INT(L.pages, >=, 1);
    CHECK_INT(L.charts, ==, 2);       /* soles of the feet, calves */
    check_pages(pdf, &L);
    check_points(pdf, &L, h);
    char *text = pdf_text(pdf);
    CHECK_CONTAINS(text, "2 sessions in 1 week");
    CHECK_CONTAINS(text, "<b>title</b> &");
    CHECK_CONTAINS(text, "interrupted");
    CHECK_CONTAINS(text, "None: no answer hit a safety rule");
    free(text);
    history_close(h);
    free(pdf);
    free(db);
}


static void test_languages(void)
{
    if (!have_poppler)
        return;
    char *db = xasprintf("%s/lang.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    session_at(h, "routines/feet-and-calves.ini", T0 + 3 * DAY,
               "screen-*=no,daily-*=no,feel-feet=yes,soreness=8");
    static const struct {
        const char *lang, *title, *date, *region, *decimal;
    } want[] = {
        { "de", "Bericht zur Selbstmassage zu Hause", "Do., 9. Okt. 2025",
          "Waden in dieser Einheit ausgelassen", "2,5" },
        { "fr", "Rapport d’automassage à domicile", "jeu. 9 oct. 2025",
          "Zone laissée de côté pour la séance : Mollets", "2,5" },
        { "es", "Informe de automasaje en casa", "jue, 9 oct 2025",
          "Zona omitida en la sesión: Pantorrillas", "2,5" },
        { "en", "Home self-massage report", "Thu 9 Oct 2025",
          "Left out Calves for the session", "2.5" },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK_INT(i18n_use(want[i].lang), ==, 0);
        struct report_options o = { .now_s = T0 + 4 * DAY };
        struct report_layout L;
        char *name = xasprintf("lang-%s.pdf", want[i].lang);
        char *pdf = render(h, &o, name, &L);
        check_pages(pdf, &L);
        char *text = pdf_text(pdf);
        CHECK_CONTAINS(text, want[i].title);
        CHECK_CONTAINS(text, want[i].date);
        CHECK_CONTAINS(text, want[i].region);
        if (strcmp(want[i].lang, "en"))
            CHECK(!strstr(text, "Home self-massage report"));
        char dec[16];
        dates_decimal(dec, sizeof dec, 2.5);
        CHECK_STR(dec, want[i].decimal);
        free(text);
        free(pdf);
        free(name);
    }
    history_close(h);
    free(db);
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    char *out = NULL;
    have_poppler = check_run_cmd("pdftoppm -v && pdftotext -v && pdfinfo -v",
                                 &out) == 0;
    free(out);
    if (!have_poppler) {
        /* poppler-utils is in scripts/install-deps: fail, never skip. */
        check_fail(__FILE__, __LINE__, "pdftoppm/pdftotext (poppler-utils) "
                   "not installed");
    }
    RUN_TEST(test_weeks_of_sessions);
    RUN_TEST(test_empty_history);
    RUN_TEST(test_single_session);
    RUN_TEST(test_languages);
    return check_summary("test_report");
}
