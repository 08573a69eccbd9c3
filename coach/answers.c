/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See answers.h. */
#include "coach/answers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/i18n.h"
#include "util/util.h"

struct entry {
    char *id;           /* without the trailing '*' for prefixes */
    bool prefix;
    int value;
    bool word;          /* given as yes/no */
};

struct answer_script {
    struct entry *e;
    size_t n, cap;
};

bool answer_parse_value(const char *text, int *value, bool *is_word)
{
    static const struct { const char *w; int v; } words[] = {
        { "yes", 1 }, { "y", 1 }, { "true", 1 },
        { "no", 0 }, { "n", 0 }, { "false", 0 },
    };
    char buf[32];
    size_t len = strlen(text);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, text, len + 1);
    str_trim(buf);
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        if (!strcasecmp(buf, words[i].w)) {
            *value = words[i].v;
            if (is_word)
                *is_word = true;
            return true;
        }
    long v;
    if (!str_to_int(buf, &v) || v < 0 || v > 10)
        return false;
    *value = (int)v;
    if (is_word)
        *is_word = false;
    return true;
}

bool answer_fits(enum answer_kind kind, int max, int value, bool is_word)
{
    if (value < 0 || value > max)
        return false;
    return is_word == (kind == ANSWER_YES_NO);
}

struct answer_script *answer_script_parse(const char *list, char **err)
{
    struct answer_script *s = xcalloc(1, sizeof *s);
    char *copy = xstrdup(list ? list : "");
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        str_trim(tok);
        if (!*tok)
            continue;
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok) {
            *err = xasprintf(_("--answers: '%s' is not ID=VALUE (e.g. "
                             "soreness=3, daily-*=no)"), tok);
            goto fail;
        }
        *eq = '\0';
        char *id = str_trim(tok), *val = str_trim(eq + 1);
        struct entry e = { 0 };
        if (!answer_parse_value(val, &e.value, &e.word)) {
            *err = xasprintf(_("--answers: '%s=%s': the value must be a "
                             "number from 0 to 10, yes or no"), id, val);
            goto fail;
        }
        size_t il = strlen(id);
        if (strchr(id, '*') && strchr(id, '*') != id + il - 1) {
            *err = xasprintf(_("--answers: '%s': '*' may only end an id "
                             "(e.g. screen-*)"), id);
            goto fail;
        }
        e.prefix = il && id[il - 1] == '*';
        e.id = xstrndup(id, e.prefix ? il - 1 : il);
        s->e = xgrow(s->e, &s->cap, s->n + 1, sizeof *s->e);
        s->e[s->n++] = e;
    }
    free(copy);
    return s;
fail:
    free(copy);
    answer_script_free(s);
    return NULL;
}

void answer_script_free(struct answer_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->e[i].id);
    free(s->e);
    free(s);
}

bool answer_script_find(const struct answer_script *s, const char *id,
                        enum answer_kind kind, int max, int *value)
{
    if (!s || !id)
        return false;
    long best = -1;     /* specificity: exact beats any prefix */
    for (size_t i = 0; i < s->n; i++) {
        const struct entry *e = &s->e[i];
        if (!answer_fits(kind, max, e->value, e->word))
            continue;
        long spec;
        if (!e->prefix) {
            if (strcmp(e->id, id))
                continue;
            spec = 1L << 20;
        } else {
            if (!str_starts_with(id, e->id))
                continue;
            spec = (long)strlen(e->id);
        }
        if (spec >= best) {
            best = spec;
            *value = e->value;
        }
    }
    return best >= 0;
}
