/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The home screen's data and loop; see home.h. */
#include "ui/home.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routines/routine.h"
#include "ui/loop.h"
#include "ui/therapist.h"
#include "util/diag.h"
#include "util/paths.h"
#include "util/i18n.h"
#include "util/util.h"

static char *keep(struct ui_home_data *d, const char *s)
{
    size_t cap = d->nstrings;
    d->strings = xrealloc(d->strings, (cap + 1) * sizeof *d->strings);
    d->strings[d->nstrings++] = xstrdup(s ? s : "");
    return d->strings[d->nstrings - 1];
}

/* The body areas the home list groups routines under, in list order;
 * "Full body" comes first. */
enum area { AREA_FULL, AREA_LEGS, AREA_BACK, AREA_ARMS, AREA_JAW, AREA_OTHER,
            AREA_COUNT };

static const char *const area_names[AREA_COUNT] = {
    /* TRANSLATORS: the home list's groups of routines, by body area. */
    N_("Full body"), N_("Legs and hips"), N_("Back, chest and shoulders"),
    N_("Arms and hands"), N_("Jaw"), N_("Other"),
};

static enum area area_of(const struct region_info *g)
{
    static const struct { const char *id; enum area a; } map[] = {
        { "calves", AREA_LEGS }, { "hamstrings", AREA_LEGS },
        { "quadriceps", AREA_LEGS }, { "adductors", AREA_LEGS },
        { "glutes", AREA_LEGS }, { "hip-flexors", AREA_LEGS },
        { "lateral-thigh", AREA_LEGS }, { "feet", AREA_LEGS },
        { "upper-back", AREA_BACK }, { "lats", AREA_BACK },
        { "pecs", AREA_BACK }, { "upper-traps", AREA_BACK },
        { "forearms", AREA_ARMS }, { "jaw", AREA_JAW },
    };
    for (size_t i = 0; g && i < ARRAY_LEN(map); i++)
        if (!strcmp(map[i].id, g->id))
            return map[i].a;
    return AREA_OTHER;
}

/* Where a routine is listed: "Full body" when it works the legs and the
 * upper body over four regions or more (or three, each part at least a
 * quarter of its hold time); else the body area it spends the most hold
 * time on. */
static enum area routine_area(const struct routine *r)
{
    int secs[AREA_COUNT] = { 0 }, total = 0;
    const struct region_info *seen[32];
    size_t nseen = 0;
    for (size_t i = 0; i < r->step_count; i++) {
        const struct routine_step *st = &r->steps[i];
        int s = st->hold_s * (st->sides == SIDES_LEFT_RIGHT ? 2 : 1);
        secs[area_of(st->region)] += s;
        total += s;
        bool dup = false;
        for (size_t k = 0; k < nseen; k++)
            dup = dup || seen[k] == st->region;
        if (!dup && nseen < ARRAY_LEN(seen))
            seen[nseen++] = st->region;
    }
    /* Legs and upper body both: with four regions or more, or with
     * three when each part has a quarter of the time. */
    bool both = secs[AREA_LEGS] > 0 && secs[AREA_BACK] > 0;
    if (total > 0 && both &&
        (nseen >= 4 || (nseen >= 3 && secs[AREA_LEGS] * 4 >= total &&
                        secs[AREA_BACK] * 4 >= total)))
        return AREA_FULL;
    enum area best = AREA_OTHER;
    for (int a = AREA_LEGS; a < AREA_COUNT; a++)
        if (secs[a] > secs[best] || (best == AREA_OTHER && secs[a] > 0))
            best = (enum area)a;
    return best;
}

/* "Foam roller, massage ball": the tools the steps use, in order. */
static void equipment_text(const struct routine *r, char *buf, size_t n)
{
    static const char *const names[] = {
        /* TRANSLATORS: listed after "You need:"; the first is written
         * with a capital letter (ASCII letters only). */
        [TOOL_ROLLER] = N_("foam roller"), [TOOL_BALL] = N_("massage ball"),
        [TOOL_HANDS] = N_("your hands"),
    };
    bool used[3] = { false, false, false };
    buf[0] = '\0';
    for (size_t i = 0; i < r->step_count; i++) {
        enum routine_tool t = r->steps[i].tool;
        if ((size_t)t >= ARRAY_LEN(used) || used[t])
            continue;
        used[t] = true;
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", _(names[t]));
    }
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* "Calves, Hamstrings, ...": the regions in step order, once each. */
static void steps_text(const struct routine *r, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t i = 0; i < r->step_count; i++) {
        const struct region_info *g = r->steps[i].region;
        bool dup = false;
        for (size_t k = 0; k < i; k++)
            dup = dup || r->steps[k].region == g;
        if (!g || dup)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", region_title(g));
    }
}

struct sort_item {
    struct ui_home_entry e;
    enum area area;
    char *path;
};

static int cmp_items(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    if (x->area != y->area)
        return x->area < y->area ? -1 : 1;
    return strcmp(x->e.title, y->e.title);
}

static const char *ago(long long s, char *buf, size_t n)
{
    long long days = s / 86400;
    if (s < 0)
        days = 0;
    if (days == 0)
        snprintf(buf, n, _("today"));
    else if (days == 1)
        snprintf(buf, n, _("yesterday"));
    else
        snprintf(buf, n, ngettext("%lld day ago", "%lld days ago",
                                  (unsigned long)days), days);
    return buf;
}

void ui_home_due_text(const struct history_session *last, long long now_s,
                      char *last_buf, size_t last_n, char *next_buf,
                      size_t next_n)
{
    if (!last) {
        snprintf(last_buf, last_n, _("No sessions yet"));
        snprintf(next_buf, next_n, _("Start with a gentle routine"));
        return;
    }
    char when[32];
    /* The outcome as the history stores it, in the session's language. */
    static const char *const outcomes[] = {
        N_("completed"), N_("stopped"), N_("quit"), N_("interrupted"),
    };
    const char *outcome = last->outcome[0] ? last->outcome : "interrupted";
    for (size_t i = 0; i < ARRAY_LEN(outcomes); i++)
        if (!strcmp(outcome, outcomes[i]))
            outcome = _(outcomes[i]);
    /* TRANSLATORS: on the home screen: when ("yesterday", "3 days ago"),
     * the routine's title, and how it ended ("completed"). */
    snprintf(last_buf, last_n, _("Last session: %s, %s (%s)"),
             ago(now_s - last->start_s, when, sizeof when), last->routine,
             outcome);
    /* Every one to three days: a day's rest first, then it is due, and
     * after three days it is overdue. */
    long long since = now_s - last->start_s;
    if (since < 86400)
        snprintf(next_buf, next_n, _("Next session: tomorrow or later"));
    else if (since <= 3 * 86400)
        snprintf(next_buf, next_n, _("Next session: due today"));
    else
        snprintf(next_buf, next_n, _("Next session: overdue, today is good"));
}

int ui_home_load(struct ui_home_data *d, const char *history_path,
                 long long now_s)
{
    memset(d, 0, sizeof *d);
    char **paths = routine_list_paths();
    struct sort_item *items = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; paths && paths[i]; i++) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(paths[i], &dl);
        diag_free(&dl);
        if (!r)
            continue;
        items = xgrow(items, &cap, n + 1, sizeof *items);
        struct sort_item *it = &items[n++];
        it->area = routine_area(r);
        it->e.name = keep(d, r->name);
        it->e.title = keep(d, r->title ? r->title : r->name);
        it->e.group = _(area_names[it->area]);
        it->e.seconds = routine_estimate_seconds(r);
        it->e.level = routine_level_name(r->level);
        it->e.description = r->description ? keep(d, r->description) : NULL;
        char buf[400];
        equipment_text(r, buf, sizeof buf);
        it->e.equipment = buf[0] ? keep(d, buf) : NULL;
        steps_text(r, buf, sizeof buf);
        it->e.steps = buf[0] ? keep(d, buf) : NULL;
        it->e.step_count = (int)r->step_count;
        it->path = xstrdup(paths[i]);
        routine_destroy(r);
    }
    routine_free_paths(paths);
    if (n)
        qsort(items, n, sizeof *items, cmp_items);
    d->entries = xcalloc(n ? n : 1, sizeof *d->entries);
    d->paths = xcalloc(n ? n : 1, sizeof *d->paths);
    for (size_t i = 0; i < n; i++) {
        d->entries[i] = items[i].e;
        d->paths[i] = items[i].path;
    }
    d->count = n;
    free(items);

    d->history_path = history_path ? xstrdup(history_path) : NULL;
    struct history_session last;
    bool have = false;
    if (history_path && path_is_file(history_path)) {
        char *err = NULL;
        struct history *h = history_open(history_path, &err);
        if (h) {
            have = history_last_session(h, now_s + 1, &last) == 1;
            history_close(h);
        }
        free(err);
    }
    if (have) {
        /* The history keeps the routine's file name: show its title. */
        for (size_t i = 0; i < d->count; i++)
            if (!strcmp(d->entries[i].name, last.routine)) {
                snprintf(last.routine, sizeof last.routine, "%s",
                         d->entries[i].title);
                break;
            }
    }
    ui_home_due_text(have ? &last : NULL, now_s, d->last, sizeof d->last,
                     d->next, sizeof d->next);
    return n ? 0 : -1;
}

void ui_home_free(struct ui_home_data *d)
{
    for (size_t i = 0; i < d->count; i++)
        free(d->paths[i]);
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->paths);
    free(d->strings);
    free(d->history_path);
    free(d->entries);
    memset(d, 0, sizeof *d);
}

void ui_home_screen(const struct ui_home_data *d, struct ui_screen *out)
{
    memset(out, 0, sizeof *out);
    out->kind = UI_SCREEN_HOME;
    out->u.home.entries = d->entries;
    out->u.home.count = d->count;
    out->u.home.selected = d->selected;
    out->u.home.last_session = d->last[0] ? d->last : NULL;
    out->u.home.next_due = d->next[0] ? d->next : NULL;
}

void ui_history_screen(struct ui_front *f, struct ui_screen *out)
{
    memset(out, 0, sizeof *out);
    out->kind = UI_SCREEN_SUMMARY;
    out->u.summary.title = _("Your soreness history");
    out->u.summary.series = f->series;
    out->u.summary.series_count = f->series_count;
    out->u.summary.session_count = f->session_count;
    out->u.summary.session_dates = f->session_dates;
    out->u.summary.offer_report = true;
}

static struct ui_input hit(void *user, int x, int y)
{
    return ui_hit_test(user, x, y);
}

/* The soreness chart of the last sessions, until OK, Escape or H.
 * Returns false when the window was closed. */
static bool show_history(struct ui *ui, const struct ui_home_data *d,
                         struct ui_keymap *km)
{
    struct ui_front *f = xcalloc(1, sizeof *f);
    ui_front_init(f, NULL);
    if (d->history_path && path_is_file(d->history_path)) {
        char *err = NULL;
        struct history *h = history_open(d->history_path, &err);
        if (h) {
            ui_front_load_history(f, h, util_wall_s() + 1);
            history_close(h);
        }
        free(err);
    }
    struct ui_screen s;
    ui_history_screen(f, &s);
    bool dirty = true, open = true;
    for (;;) {
        if (dirty)
            ui_draw(ui, &s);
        dirty = false;
        SDL_Event ev;
        if (!ui_wait_event(-1, &ev))
            continue;
        if (ev.type == SDL_WINDOWEVENT) {
            if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                ui_update_size(ui);
            dirty = true;
            continue;
        }
        struct ui_input in = ui_input_from_event(km, &ev, hit, ui,
                                                 ui_width(ui),
                                                 ui_height(ui));
        if (in.cmd == UI_CMD_QUIT)
            open = false;
        if (in.cmd == UI_CMD_SKIP) {    /* S: save a report to a stick */
            if (!(open = ui_report_offer(ui, km, d->history_path,
                                         d->settings)))
                break;
            dirty = true;
            continue;
        }
        if (in.cmd == UI_CMD_QUIT || in.cmd == UI_CMD_OK ||
            in.cmd == UI_CMD_STOP || in.cmd == UI_CMD_HISTORY)
            break;
    }
    free(f);
    return open;
}

int ui_home_run(struct ui *ui, struct ui_home_data *d,
                struct ui_keymap *km, const char **path)
{
    bool dirty = true;
    for (;;) {
        if (dirty) {
            struct ui_screen s;
            ui_home_screen(d, &s);
            ui_draw(ui, &s);
            dirty = false;
        }
        /* A USB stick with routine files: offer to install them. */
        int usb = ui_usb_poll(ui, km);
        if (usb < 0 || usb == 2)
            return usb < 0 ? 0 : 2;
        dirty = dirty || usb;
        if (dirty)
            continue;
        SDL_Event ev;
        /* Nothing moves on the home screen: sleep until input, waking
         * for the next look for a USB stick. */
        if (!ui_wait_event(ui_usb_next_scan(), &ev))
            continue;
        if (ev.type == SDL_WINDOWEVENT) {
            if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                ui_update_size(ui);
            dirty = true;
            continue;
        }
        if (ev.type == SDL_CONTROLLERDEVICEADDED) {
            SDL_GameControllerOpen(ev.cdevice.which);
            continue;
        }
        struct ui_input in = ui_input_from_event(km, &ev, hit, ui,
                                                 ui_width(ui),
                                                 ui_height(ui));
        switch (in.cmd) {
        case UI_CMD_QUIT:
        case UI_CMD_STOP:
            return 0;
        case UI_CMD_HISTORY:
            if (!show_history(ui, d, km))
                return 0;
            dirty = true;
            break;
        case UI_CMD_NEXT:
            if (d->selected + 1 < d->count) {
                d->selected++;
                dirty = true;
            }
            break;
        case UI_CMD_PREV:
            if (d->selected > 0) {
                d->selected--;
                dirty = true;
            }
            break;
        case UI_CMD_SELECT:
            /* A tap picks a row; a tap on the picked row starts it. */
            if (in.value >= 0 && (size_t)in.value < d->count) {
                if ((size_t)in.value == d->selected) {
                    *path = d->paths[d->selected];
                    return 1;
                }
                d->selected = (size_t)in.value;
                dirty = true;
            }
            break;
        case UI_CMD_OK:
            if (d->count) {
                *path = d->paths[d->selected];
                return 1;
            }
            break;
        default:
            break;
        }
    }
}

struct soreness_acc {
    struct ui_front *f;
    size_t col;
};

static void on_soreness(const char *region, int value, void *user)
{
    struct soreness_acc *acc = user;
    struct ui_front *f = acc->f;
    const struct region_info *g = region_find(region);
    const char *name = g ? region_title(g) : region;
    size_t i = 0;
    while (i < f->series_count && strcmp(f->series_name[i], name) != 0)
        i++;
    if (i == f->series_count) {
        if (f->series_count == UI_FRONT_SERIES)
            return;
        f->series_count++;
        snprintf(f->series_name[i], sizeof f->series_name[i], "%s", name);
        for (size_t c = 0; c < UI_FRONT_SESSIONS; c++)
            f->series_values[i][c] = -1;
    }
    f->series_values[i][acc->col] = value;
}

int ui_front_load_history(struct ui_front *f, struct history *h,
                          long long before_s)
{
    int64_t ids[UI_FRONT_SESSIONS];
    size_t n = 0;
    long long before = before_s;
    while (n < UI_FRONT_SESSIONS) {
        struct history_session s;
        int rc = history_last_session(h, before, &s);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        f->session_dates[UI_FRONT_SESSIONS - 1 - n] = s.start_s;
        ids[n++] = s.id;
        before = s.start_s;
    }
    f->series_count = 0;
    f->session_count = n;
    /* Oldest first, like the values. */
    memmove(f->session_dates, f->session_dates + UI_FRONT_SESSIONS - n,
            n * sizeof *f->session_dates);
    /* Newest first from the history; the chart reads oldest first. */
    for (size_t k = 0; k < n; k++) {
        struct soreness_acc acc = { f, n - 1 - k };
        if (history_session_soreness(h, ids[k], on_soreness, &acc) != 0)
            return -1;
    }
    for (size_t i = 0; i < f->series_count; i++) {
        f->series[i].region_name = f->series_name[i];
        f->series[i].values = f->series_values[i];
    }
    return 0;
}
