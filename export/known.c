/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See known.h. */
#include "export/known.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "coach/screening.h"
#include "history/history.h"
#include "util/util.h"

const struct question *known_question(const char *id)
{
    if (!id)
        return NULL;
    const struct question *q = builtin_question_find(id);
    if (q)
        return q;
    const struct screening_item *it = screening_find(id);
    if (it)
        return &it->q;
    const struct question *extra[] = { screening_recent_soreness(),
                                       screening_area_check(),
                                       screening_stop_reason() };
    for (size_t i = 0; i < ARRAY_LEN(extra); i++)
        if (extra[i] && !strcmp(extra[i]->id, id))
            return extra[i];
    return NULL;
}

bool known_is_pain(const char *id)
{
    if (history_is_soreness_question(id))
        return true;
    const struct question *r = screening_recent_soreness();
    return id && r && !strcmp(id, r->id);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
             : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : 0;
    if (!n)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* Overlong three- and four-byte forms, surrogates, > U+10FFFF. */
    if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0)
                   || (s[0] == 0xed && s[1] >= 0xa0)))
        return 0;
    if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90)
                   || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return n;
}

char *known_clean_utf8(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    char *out = xmalloc(len * 3 + 1), *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_len(p);
        if (!n) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        } else if (n == 1 && ((*p < 0x20 && *p != '\t') || *p == 0x7f)) {
            *o++ = ' ';
            p++;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

void known_iso_time(char *buf, unsigned size, long long t_s)
{
    time_t tt = (time_t)t_s;
    struct tm tm;
    char z[8];
    if (!localtime_r(&tt, &tm) || !strftime(z, sizeof z, "%z", &tm)
        || strlen(z) != 5) {
        snprintf(buf, size, "1970-01-01T00:00:00Z");
        return;
    }
    char d[24];
    strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s%.3s:%.2s", d, z, z + 3);
}
