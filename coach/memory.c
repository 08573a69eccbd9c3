/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See memory.h. */
#include "coach/memory.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const kind_names[MEM_KIND_COUNT] = {
    [MEM_WORKED] = "worked",     [MEM_SORENESS] = "soreness",
    [MEM_NEXT_DAY] = "next-day", [MEM_REST] = "rest",
    [MEM_BRUISE] = "bruise",     [MEM_BRUISE_GONE] = "bruise-gone",
};

void memory_init(struct memory *m, long long now_s)
{
    memset(m, 0, sizeof *m);
    m->now_s = now_s;
}

void memory_free(struct memory *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->regions[i].region);
    free(m->regions);
    memset(m, 0, sizeof *m);
}

static struct memory_region *get(struct memory *m, const char *region)
{
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->regions[i].region, region))
            return &m->regions[i];
    m->regions = xgrow(m->regions, &m->cap, m->count + 1, sizeof *m->regions);
    struct memory_region *r = &m->regions[m->count++];
    memset(r, 0, sizeof *r);
    r->region = xstrdup(region);
    r->last_soreness = r->prev_next_day = -1;
    return r;
}

/* Age in seconds; a record stamped ahead of now (virtual time) is new. */
static long long age(const struct memory *m, long long t_s)
{
    return t_s > m->now_s ? 0 : m->now_s - t_s;
}

static void count_session(struct memory *m, int64_t session, long long t_s)
{
    if (age(m, t_s) >= 7LL * 86400)
        return;
    for (size_t i = 0; i < m->nweek; i++)
        if (m->week[i] == session)
            return;
    if (m->nweek < ARRAY_LEN(m->week))
        m->week[m->nweek++] = session;
}

void memory_add(struct memory *m, const struct memory_event *e)
{
    if (!e->region || !*e->region)
        return;
    if (e->session > m->last_session)
        m->last_session = e->session;
    if (e->kind == MEM_REST && !strcmp(e->region, "*")) {
        if (e->until_s > m->rest_all_until_s)
            m->rest_all_until_s = e->until_s;
        return;
    }
    struct memory_region *r = get(m, e->region);
    switch (e->kind) {
    case MEM_WORKED:
        if (r->last_session != e->session || !r->last_worked_s)
            r->last_soreness = -1;      /* a new session's soreness */
        r->last_session = e->session;
        r->last_worked_s = e->t_s;
        count_session(m, e->session, e->t_s);
        break;
    case MEM_SORENESS:
        if (e->value > r->last_soreness)
            r->last_soreness = e->value;
        break;
    case MEM_NEXT_DAY:
        r->prev_next_day = e->value;
        if (m->nnext_day == MEMORY_DAILY_ANSWERS) {
            memmove(m->next_day, m->next_day + 1,
                    (MEMORY_DAILY_ANSWERS - 1) * sizeof *m->next_day);
            m->nnext_day--;
        }
        m->next_day[m->nnext_day++] = e->value;
        break;
    case MEM_REST:
        if (e->until_s > r->rest_until_s)
            r->rest_until_s = e->until_s;
        break;
    case MEM_BRUISE:
        r->bruise_open = true;
        break;
    case MEM_BRUISE_GONE:
        r->bruise_open = false;
        break;
    }
}

const struct memory_region *memory_find(const struct memory *m,
                                        const char *region)
{
    for (size_t i = 0; m && region && i < m->count; i++)
        if (!strcmp(m->regions[i].region, region))
            return &m->regions[i];
    return NULL;
}

bool memory_resting(const struct memory *m, const char *region,
                    long long *until_s)
{
    if (!m)
        return false;
    long long until = m->rest_all_until_s;
    const struct memory_region *r = memory_find(m, region);
    if (r && r->rest_until_s > until)
        until = r->rest_until_s;
    if (until_s)
        *until_s = until;
    return until > m->now_s;
}

bool memory_worked_recently(const struct memory *m, const char *region)
{
    const struct memory_region *r = memory_find(m, region);
    return r && r->last_worked_s
           && age(m, r->last_worked_s) < MEMORY_RECENT_HOURS * 3600LL;
}

bool memory_any_recent(const struct memory *m)
{
    for (size_t i = 0; m && i < m->count; i++)
        if (memory_worked_recently(m, m->regions[i].region))
            return true;
    return false;
}

bool memory_frequency_limited(const struct memory *m)
{
    if (!m || m->nweek < MEMORY_WEEK_SESSIONS)
        return false;
    if (m->nnext_day < MEMORY_DAILY_ANSWERS)
        return true;
    for (size_t i = 0; i < m->nnext_day; i++)
        if (m->next_day[i] > MEMORY_DAILY_SORENESS)
            return true;
    return false;
}

const char *memory_kind_name(enum memory_kind k)
{
    return (unsigned)k < MEM_KIND_COUNT ? kind_names[k] : "?";
}

bool memory_kind_parse(const char *name, enum memory_kind *out)
{
    for (int k = 0; name && k < MEM_KIND_COUNT; k++)
        if (!strcmp(kind_names[k], name)) {
            *out = (enum memory_kind)k;
            return true;
        }
    return false;
}
