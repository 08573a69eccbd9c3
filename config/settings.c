/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See settings.h.  The keys themselves are in settings.def. */
#include "config/settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Debian's libinih passes the line number to the handler only when this is
 * set before the header is included. */
#define INI_HANDLER_LINENO 1
#include <ini.h>

#include "util/i18n.h"
#include "util/paths.h"
#include "util/util.h"

enum setting_type {
    TYPE_INT, TYPE_REAL, TYPE_BOOL, TYPE_CHOICE, TYPE_ENUM, TYPE_TEXT,
    TYPE_VOICE, TYPE_KEYMAP,
};

struct setting_def {
    const char *section, *key;
    enum setting_type type;
    size_t offset, size;
    const char *def;
    double min, max;
    const char *values;     /* "a|b|c" for CHOICE and ENUM */
    const char *unit;
    const char *doc;
};

#define FIELD_SIZE(f) sizeof(((struct settings *)0)->f)

static const struct setting_def defs[] = {
#define SETTING(sec, k, t, f, d, lo, hi, vals, u, doc_) \
    { #sec, #k, TYPE_##t, offsetof(struct settings, f), FIELD_SIZE(f), \
      d, lo, hi, vals, u, doc_ },
#include "config/settings.def"
#undef SETTING
};

_Static_assert(ARRAY_LEN(defs) == SETTING_COUNT,
               "settings.def and enum setting_id disagree");

_Static_assert(ARRAY_LEN(defs) <= ARRAY_LEN(((struct settings *)0)->source),
               "struct settings: source[] too small for settings.def");
_Static_assert(ARRAY_LEN(defs) <=
               ARRAY_LEN(((struct settings *)0)->source_line),
               "struct settings: source_line[] too small for settings.def");

/* Sections in order of first appearance in the table. */
static const char *const sections[] = {
    "speech", "audio", "input", "display", "coach", "paths", "therapist",
};

/* A settings file is a few hundred bytes; anything huge is a mistake (or
 * not a settings file at all). */
#define SETTINGS_MAX_FILE (256 * 1024)
/* After this many errors the rest would be noise. */
#define SETTINGS_MAX_ERRORS 20
/* The section the pre-scan substitutes for a header it already reported:
 * keys under it are skipped silently.  Not a valid section name. */
#define BAD_SECTION "*"

/* ---- values ---------------------------------------------------------- */

static void *field(struct settings *s, const struct setting_def *d)
{
    return (char *)s + d->offset;
}

static const void *cfield(const struct settings *s,
                          const struct setting_def *d)
{
    return (const char *)s + d->offset;
}

/* Writes "a, b or c" for "a|b|c". */
static char *values_list(const char *values)
{
    size_t n = 1;
    for (const char *p = values; *p; p++)
        n += *p == '|';
    char *out = xcalloc(1, strlen(values) * 2 + 8);
    size_t i = 0;
    for (const char *p = values; *p; ) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (i > 0)
            strcat(out, --n == 1 ? " or " : ", ");
        strncat(out, p, len);
        i++;
        p += len + (bar ? 1 : 0);
    }
    return out;
}

/* Index of `value` among "a|b|c", or -1. */
static int values_find(const char *values, const char *value)
{
    int i = 0;
    size_t vlen = strlen(value);
    for (const char *p = values; *p; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == vlen && !strncmp(p, value, len))
            return i;
        if (!bar)
            break;
        p = bar + 1;
    }
    return -1;
}

static int values_count(const char *values)
{
    int n = 1;
    for (const char *p = values; *p; p++)
        n += *p == '|';
    return n;
}

/* The value at index i of "a|b|c" into buf. */
static const char *values_at(const char *values, int i, char *buf,
                             size_t size)
{
    const char *p = values;
    for (; i > 0 && p; i--) {
        p = strchr(p, '|');
        if (p)
            p++;
    }
    if (!p)
        return "?";
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    snprintf(buf, size, "%.*s", (int)len, p);
    return buf;
}

static void format_number(char *buf, size_t size, double v)
{
    if (v == (double)(long)v)
        snprintf(buf, size, "%ld", (long)v);
    else
        snprintf(buf, size, "%g", v);
}

/* The allowed values of a key, in words: "80 to 260 words per minute";
 * in the reader's language when `translate` (an error message), else in
 * English (the defaults file).  Units and values stay as settings.def
 * writes them. */
#define TR(s) (translate ? gettext(s) : (s))
static char *allowed_text(const struct setting_def *d, bool translate)
{
    char lo[32], hi[32];
    switch (d->type) {
    case TYPE_INT:
    case TYPE_REAL:
        format_number(lo, sizeof lo, d->min);
        format_number(hi, sizeof hi, d->max);
        if (d->type == TYPE_REAL && d->min == (double)(long)d->min)
            snprintf(lo, sizeof lo, "%.2f", d->min);
        if (d->type == TYPE_REAL && d->max == (double)(long)d->max)
            snprintf(hi, sizeof hi, "%.1f", d->max);
        /* TRANSLATORS: the range of a setting: lowest, highest, then a
         * space and the unit when it has one ("80 to 260 words per
         * minute"). */
        return xasprintf(TR(N_("%s to %s%s%s")), lo, hi, *d->unit ? " " : "",
                         d->unit);
    case TYPE_BOOL:
        return xstrdup(TR(N_("yes or no")));
    case TYPE_CHOICE:
    case TYPE_ENUM:
        return values_list(d->values);
    case TYPE_VOICE:
        return xstrdup(TR(N_("an eSpeak NG voice id (letters, digits, - + _ "
                          "/)")));
    case TYPE_KEYMAP:
        return xstrdup(TR(N_("key=command pairs separated by commas, or "
                          "empty")));
    case TYPE_TEXT:
        return xasprintf(TR(N_("text up to %zu bytes, or empty")),
                         d->size - 1);
    }
    return xstrdup("?");
}
#undef TR

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = { "yes", "true", "on", "1" };
    static const char *const no[] = { "no", "false", "off", "0" };
    for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
        if (!strcasecmp(v, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcasecmp(v, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool voice_char_ok(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '+' || c == '_' || c == '/';
}

/* Loose check of "key=command,key=command": the UI decides which key and
 * command names exist; here only the shape is checked.  Returns NULL or a
 * message (caller frees). */
static char *check_keymap(const char *v)
{
    const char *p = v;
    int n = 0;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char *entry = xstrndup(p, len);
        str_trim(entry);
        n++;
        char *msg = NULL;
        char *eq = strchr(entry, '=');
        if (!*entry) {
            msg = xasprintf(_("entry %d is empty; write key=command pairs "
                            "separated by commas"), n);
        } else if (!eq) {
            msg = xasprintf(_("'%s' has no '='; write it as key=command"),
                            entry);
        } else {
            *eq = '\0';
            char *key = str_trim(entry), *cmd = str_trim(eq + 1);
            if (!*key)
                msg = xasprintf(_("entry %d has no key before '='"), n);
            else if (!*cmd)
                msg = xasprintf(_("'%s=' has no command after '='"), key);
            else if (strchr(cmd, '='))
                msg = xasprintf(_("'%s' has more than one '='; separate "
                                "pairs with commas"), key);
            for (const char *c = cmd; !msg && *c; c++)
                if (!isalnum((unsigned char)*c) && *c != '-')
                    msg = xasprintf(_("command '%s' (for key '%s') must be "
                                    "one word such as next, repeat, pause, "
                                    "stop or a number"), cmd, key);
        }
        free(entry);
        if (msg)
            return msg;
        if (!comma)
            break;
        p = comma + 1;
        if (!*p)
            return xstrdup(_("ends with a comma; remove it"));
    }
    return NULL;
}

/* Parses `value` for d into s.  Returns NULL, or the problem (caller
 * frees) phrased to follow "KEY = VALUE: " or "KEY: ". */
static char *apply_value(struct settings *s, const struct setting_def *d,
                         const char *value)
{
    void *f = field(s, d);
    char *allowed = NULL, *msg = NULL;
    switch (d->type) {
    case TYPE_INT: {
        long v;
        if (!str_to_int(value, &v)) {
            allowed = allowed_text(d, true);
            msg = xasprintf(_("'%s' is not a whole number; allowed %s"),
                            value, allowed);
        } else if (f == &s->soreness_stop && v > (long)d->max) {
            allowed = allowed_text(d, true);
            msg = xasprintf(_("%ld is looser than the built-in safety rule, "
                            "which stops a region at soreness %d; allowed "
                            "%s (lower is stricter)"), v,
                            SETTINGS_BUILTIN_SORENESS_STOP, allowed);
        } else if (v < (long)d->min || v > (long)d->max) {
            allowed = allowed_text(d, true);
            msg = xasprintf(_("%ld is out of range; allowed %s"), v, allowed);
        } else {
            *(int *)f = (int)v;
        }
        break;
    }
    case TYPE_REAL: {
        double v;
        if (!str_to_double(value, &v)) {
            allowed = allowed_text(d, true);
            msg = xasprintf(_("'%s' is not a number; allowed %s"), value,
                            allowed);
        } else if (!(v >= d->min && v <= d->max)) {
            allowed = allowed_text(d, true);
            msg = xasprintf(_("%s is out of range; allowed %s"), value,
                            allowed);
        } else {
            *(double *)f = v;
        }
        break;
    }
    case TYPE_BOOL:
        if (!parse_bool(value, (bool *)f))
            msg = xasprintf(_("'%s' is not yes or no; write yes or no"),
                            value);
        break;
    case TYPE_CHOICE:
    case TYPE_ENUM: {
        int i = values_find(d->values, value);
        if (i < 0) {
            allowed = values_list(d->values);
            char near[96] = "";
            char buf[64];
            for (int k = 0; k < values_count(d->values); k++) {
                values_at(d->values, k, buf, sizeof buf);
                if (str_edit_distance(value, buf, 2) <= 2) {
                    snprintf(near, sizeof near, "%s", buf);
                    break;
                }
            }
            if (near[0])
                msg = xasprintf(_("unknown value '%s'; did you mean '%s'? "
                                  "use %s"), value, near, allowed);
            else
                msg = xasprintf(_("unknown value '%s'; use %s"), value,
                                allowed);
        } else if (d->type == TYPE_ENUM) {
            UNKNOT_ASSERT(d->size == sizeof(int));
            memcpy(f, &i, sizeof i);
        } else {
            UNKNOT_ASSERT(strlen(value) < d->size);
            strcpy(f, value);
        }
        break;
    }
    case TYPE_VOICE:
    case TYPE_KEYMAP:
    case TYPE_TEXT:
        if (strlen(value) >= d->size) {
            msg = xasprintf(_("the value is %zu bytes long; at most %zu are "
                            "allowed"), strlen(value), d->size - 1);
            break;
        }
        if (d->type == TYPE_VOICE) {
            if (!*value)
                msg = xstrdup(_("is empty; name a voice, such as en or "
                                "en-us"));
            for (const char *c = value; !msg && *c; c++)
                if (!voice_char_ok((unsigned char)*c))
                    msg = xasprintf(_("'%s' is not a voice id: use letters, "
                                    "digits and - + _ / only, such as en-us "
                                    "(`espeak-ng --voices` lists them)"),
                                    value);
        } else if (d->type == TYPE_KEYMAP) {
            msg = check_keymap(value);
        }
        if (!msg)
            strcpy(f, value);
        break;
    }
    free(allowed);
    return msg;
}

static const struct setting_def *def_find(const char *section,
                                          const char *key)
{
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if ((!section || !strcmp(defs[i].section, section)) &&
            !strcmp(defs[i].key, key))
            return &defs[i];
    return NULL;
}

static bool section_known(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(sections); i++)
        if (!strcmp(sections[i], name))
            return true;
    return false;
}

/* The closest key (in `section`, or any when NULL) to a misspelling. */
static const char *key_suggest(const char *section, const char *key)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (section && strcmp(defs[i].section, section))
            continue;
        size_t dist = str_edit_distance(key, defs[i].key, 2);
        if (dist < best_d) {
            best_d = dist;
            best = defs[i].key;
        }
    }
    return best;
}

static const char *section_suggest(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < ARRAY_LEN(sections); i++) {
        size_t dist = str_edit_distance(name, sections[i], 2);
        if (dist < best_d) {
            best_d = dist;
            best = sections[i];
        }
    }
    return best;
}

/* "voice, rate or volume" */
static char *keys_of(const char *section)
{
    char *out = xstrdup("");
    size_t n = 0, total = 0;
    for (size_t i = 0; i < SETTING_COUNT; i++)
        total += !strcmp(defs[i].section, section);
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (strcmp(defs[i].section, section))
            continue;
        char *next = xasprintf("%s%s%s", out,
                               n == 0 ? "" : n + 1 == total ? " or " : ", ",
                               defs[i].key);
        free(out);
        out = next;
        n++;
    }
    return out;
}

static char *sections_list(void)
{
    char *out = xstrdup("");
    for (size_t i = 0; i < ARRAY_LEN(sections); i++) {
        char *next = xasprintf("%s%s[%s]", out, i ? " " : "", sections[i]);
        free(out);
        out = next;
    }
    return out;
}

/* ---- defaults -------------------------------------------------------- */

void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        char *msg = apply_value(s, &defs[i], defs[i].def);
        /* settings.def is ours: a bad default is a programmer error. */
        if (msg)
            fprintf(stderr, "settings.def: %s: %s\n", defs[i].key, msg);
        UNKNOT_ASSERT(msg == NULL);
        s->source[i] = SOURCE_DEFAULT;
    }
}

/* ---- parsing --------------------------------------------------------- */

struct load_ctx {
    struct settings *s;
    struct diag_list *diags;
    const char *name;
    struct diag_list found;         /* sorted and capped at the end */
    int seen_line[SETTING_COUNT];   /* line each key was set on, or 0 */
};

static void load_error(struct load_ctx *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void load_error(struct load_ctx *c, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    diag_add(&c->found, DIAG_ERROR, c->name, line, "%s", msg);
    free(msg);
}

static int on_key(void *user, const char *section, const char *key,
                  const char *value, int line)
{
    struct load_ctx *c = user;
    if (!strcmp(section, BAD_SECTION))
        return 1;       /* its header was reported */
    if (!*key) {
        load_error(c, line, _("missing key name before '='"));
        return 1;
    }
    const struct setting_def *d = def_find(section, key);
    if (!d) {
        const struct setting_def *elsewhere = def_find(NULL, key);
        const char *near = key_suggest(*section ? section : NULL, key);
        if (!*section && elsewhere) {
            load_error(c, line, _("'%s' is outside any section; put it under "
                       "[%s]"), key, elsewhere->section);
        } else if (!*section) {
            if (near)
                load_error(c, line, _("'%s' is outside any section, and is "
                           "not a setting; did you mean '%s'?"), key, near);
            else
                load_error(c, line, _("'%s' is outside any section, and is "
                           "not a setting"), key);
        } else if (elsewhere) {
            load_error(c, line, _("'%s' belongs in [%s], not [%s]: move it"),
                       key, elsewhere->section, section);
        } else if (near) {
            load_error(c, line, _("unknown key '%s' in [%s]; did you mean "
                       "'%s'?"), key, section, near);
        } else {
            char *keys = keys_of(section);
            load_error(c, line, _("unknown key '%s' in [%s]; the keys here "
                       "are %s"), key, section, keys);
            free(keys);
        }
        return 1;
    }
    size_t i = (size_t)(d - defs);
    if (c->seen_line[i]) {
        load_error(c, line, _("'%s' is set twice (first on line %d): remove "
                   "one"), key, c->seen_line[i]);
        return 1;
    }
    c->seen_line[i] = line;
    char *msg = apply_value(c->s, d, value);
    if (msg) {
        load_error(c, line, "%s = %s: %s", key, value, msg);
        free(msg);
        return 1;
    }
    c->s->source[i] = SOURCE_FILE;
    c->s->source_line[i] = line;
    return 1;
}

/* inih's test for where an inline comment starts (';' after white space),
 * reproduced so the pre-scan reads a line exactly as inih will: returns a
 * pointer to the first of `chars`, or to the comment, or to the end. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
    bool was_space = false;
    while (*s && (!chars || !strchr(chars, *s)) &&
           !(was_space && *s == ';')) {
        was_space = isspace((unsigned char)*s);
        s++;
    }
    return s;
}

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    b->p = xgrow(b->p, &b->cap, b->len + n + 1, 1);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/*
 * Checks what inih would silently get wrong or only count (lines too long,
 * NUL and control bytes, bad UTF-8, malformed or unknown section headers,
 * lines that are not key = value) and writes a clean copy for inih: one
 * output line per input line so line numbers agree, leading blanks removed
 * (so nothing is taken as a continuation line), CRs and the byte-order
 * mark dropped, and every line already reported blanked out.
 */
static char *prescan(struct load_ctx *c, const char *text, size_t len)
{
    struct buf out = { 0 };
    buf_add(&out, "", 0);
    int line = 0;
    int section_line[ARRAY_LEN(sections)] = { 0 };
    size_t pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len) {
        line++;
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && start[n - 1] == '\r')
            n--;
        char *l = xstrndup(start, n);
        size_t bad;
        bool keep = false;
        if (n > SETTINGS_MAX_LINE) {
            load_error(c, line, _("line is %zu bytes long; the longest "
                       "allowed is %d: shorten it"), n, SETTINGS_MAX_LINE);
        } else if (memchr(start, '\0', n)) {
            load_error(c, line, _("line contains a NUL byte; is this a text "
                       "file?"));
        } else if (!utf8_valid(start, n, &bad)) {
            load_error(c, line, _("text is not valid UTF-8 (byte %zu of the "
                       "line); save the file as UTF-8"), bad + 1);
        } else {
            keep = true;
            for (size_t k = 0; k < n; k++) {
                unsigned char ch = (unsigned char)start[k];
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                    load_error(c, line, _("line contains control character "
                               "0x%02x at byte %zu; remove it"), ch, k + 1);
                    keep = false;
                    break;
                }
            }
        }
        char *t = l;
        while (*t == ' ' || *t == '\t')
            t++;
        if (!keep) {
            /* reported: inih sees a blank line */
        } else if (!*t || strchr(";#", *t)) {
            /* blank or comment */
        } else if (*t == '[') {
            const char *end = find_chars_or_comment(t + 1, "]");
            if (*end != ']') {
                load_error(c, line, _("unterminated section header: add ']'"));
                buf_add(&out, "[" BAD_SECTION "]", 3);
            } else {
                const char *after = end + 1;
                while (*after == ' ' || *after == '\t')
                    after++;
                char *name = xstrndup(t + 1, (size_t)(end - t - 1));
                str_trim(name);
                const char *near = section_suggest(name);
                if (*after && *after != ';' && *after != '#') {
                    load_error(c, line, _("text after the section header "
                               "[%s]; put it on its own line"), name);
                    buf_add(&out, "[" BAD_SECTION "]", 3);
                } else if (!section_known(name)) {
                    char *all = sections_list();
                    if (near)
                        load_error(c, line, _("unknown section [%s]; did you "
                                   "mean [%s]?"), name, near);
                    else
                        load_error(c, line, _("unknown section [%s]; the "
                                   "sections are %s"), name, all);
                    free(all);
                    buf_add(&out, "[" BAD_SECTION "]", 3);
                } else {
                    size_t k = 0;
                    while (strcmp(sections[k], name))
                        k++;
                    if (section_line[k])
                        load_error(c, line, _("section [%s] appears twice "
                                   "(first on line %d): keep one and move "
                                   "its keys there"), name, section_line[k]);
                    else
                        section_line[k] = line;
                    buf_add(&out, "[", 1);
                    buf_add(&out, name, strlen(name));
                    buf_add(&out, "]", 1);
                }
                free(name);
            }
        } else {
            const char *eq = find_chars_or_comment(t, "=:");
            if (*eq != '=' && *eq != ':') {
                char *what = xstrndup(t, (size_t)(eq - t));
                str_trim(what);
                load_error(c, line, _("expected 'key = value', found '%s'"),
                           what);
                free(what);
            } else {
                buf_add(&out, t, strlen(t));
            }
        }
        buf_add(&out, "\n", 1);
        free(l);
    }
    return out.p;
}

int settings_load_string(struct settings *s, const char *text, size_t len,
                         const char *name, struct diag_list *diags)
{
    struct load_ctx c = { .s = s, .diags = diags, .name = name };
    diag_init(&c.found);
    snprintf(s->source_file, sizeof s->source_file, "%s", name);
    char *clean = prescan(&c, text, len);
    /* The return value (first bad line) is ignored: the pre-scan has
     * already reported every line inih could reject. */
    ini_parse_string(clean, on_key, &c);
    free(clean);
    /* The pre-scan and inih find problems in two passes: sort them back
     * into line order, and keep the first few. */
    diag_sort(&c.found);
    for (size_t i = 0; i < c.found.count; i++) {
        const struct diag *d = &c.found.items[i];
        if (i == SETTINGS_MAX_ERRORS) {
            diag_add(diags, DIAG_ERROR, d->file, d->line, _("too many errors; "
                     "fix the ones above first"));
            break;
        }
        diag_add(diags, d->severity, d->file, d->line, "%s", d->message);
    }
    int rc = c.found.errors ? -1 : 0;
    diag_free(&c.found);
    return rc;
}

static char *read_all(const char *path, size_t *len, struct diag_list *diags,
                      bool *missing)
{
    *missing = false;
    /* The type first: opening a FIFO would wait forever for a writer. */
    struct stat pre;
    if (stat(path, &pre) == 0 && !S_ISREG(pre.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, "%s",
                 S_ISDIR(pre.st_mode)
                 ? _("is a folder, not a settings file")
                 : S_ISFIFO(pre.st_mode)
                 ? _("is a FIFO (named pipe), not a settings file")
                 : _("is not a regular file, not a settings file"));
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        *missing = errno == ENOENT;
        diag_add(diags, DIAG_ERROR, path, 0, _("cannot open: %s"),
                 strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, _("is a folder, not a settings "
                 "file"));
        fclose(f);
        return NULL;
    }
    struct buf b = { 0 };
    char chunk[4096];
    size_t n;
    buf_add(&b, "", 0);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > SETTINGS_MAX_FILE) {
            diag_add(diags, DIAG_ERROR, path, 0, _("file is larger than %d "
                     "bytes; this is not a settings file"),
                     SETTINGS_MAX_FILE);
            fclose(f);
            free(b.p);
            return NULL;
        }
        buf_add(&b, chunk, n);
    }
    if (ferror(f)) {
        diag_add(diags, DIAG_ERROR, path, 0, _("cannot read: %s"),
                 strerror(errno));
        fclose(f);
        free(b.p);
        return NULL;
    }
    fclose(f);
    *len = b.len;
    return b.p;
}

int settings_load(struct settings *s, const char *path,
                  struct diag_list *diags)
{
    char *def_path = NULL;
    if (!path)
        path = def_path = paths_config_file();
    snprintf(s->source_file, sizeof s->source_file, "%s", path);
    s->file_found = false;
    int rc = 0;
    struct stat st;
    if (def_path && stat(path, &st) != 0 &&
        (errno == ENOENT || errno == ENOTDIR)) {
        /* No settings file yet: the defaults, silently. */
        free(def_path);
        return 0;
    }
    size_t len = 0;
    bool missing;
    struct diag_list local;
    diag_init(&local);
    char *text = read_all(path, &len, &local, &missing);
    if (!text) {
        if (missing && !def_path) {
            diag_free(&local);
            diag_add(diags, DIAG_ERROR, path, 0, _("no such settings file; "
                     "check the --config path (unknot config --defaults "
                     "prints a file to start from)"));
        } else {
            for (size_t i = 0; i < local.count; i++)
                diag_add(diags, local.items[i].severity,
                         local.items[i].file, local.items[i].line, "%s",
                         local.items[i].message);
            diag_free(&local);
        }
        free(def_path);
        return -1;
    }
    diag_free(&local);
    s->file_found = true;
    rc = settings_load_string(s, text, len, path, diags);
    free(text);
    free(def_path);
    return rc;
}

int settings_load_for_app(struct settings *s, const char *config_path)
{
    struct diag_list diags;
    diag_init(&diags);
    settings_defaults(s);
    int rc = settings_load(s, config_path, &diags);
    diag_print(&diags, stderr);
    diag_free(&diags);
    /* [paths] data_dir moves the whole data folder: the history and the
     * user's routines/ (routine_resolve, routine_list_paths). */
    if (s->data_dir[0]) {
        char *dir = settings_data_dir(s);
        paths_set_data_dir(dir);
        free(dir);
    } else {
        paths_set_data_dir(NULL);
    }
    return rc;
}

int settings_set(struct settings *s, const char *key, const char *value,
                 struct diag_list *diags)
{
    /* The "file" of a setting given as KEY=VALUE. */
    const char *cmdline = C_("settings source", "command line");
    const char *dot = strchr(key, '.');
    const struct setting_def *d;
    if (dot) {
        char *sec = xstrndup(key, (size_t)(dot - key));
        d = def_find(sec, dot + 1);
        free(sec);
    } else {
        d = def_find(NULL, key);
    }
    if (!d) {
        const char *near = key_suggest(NULL, dot ? dot + 1 : key);
        if (near)
            diag_add(diags, DIAG_ERROR, cmdline, 0, _("unknown setting "
                     "'%s'; did you mean '%s'?"), key, near);
        else
            diag_add(diags, DIAG_ERROR, cmdline, 0, _("unknown setting "
                     "'%s'; `unknot config` lists them"), key);
        return -1;
    }
    char *v = xstrdup(value);
    str_trim(v);
    char *msg = apply_value(s, d, v);
    if (msg) {
        diag_add(diags, DIAG_ERROR, cmdline, 0, "%s = %s: %s",
                 d->key, v, msg);
        free(msg);
        free(v);
        return -1;
    }
    free(v);
    s->source[d - defs] = SOURCE_COMMAND_LINE;
    return 0;
}

/* ---- output ---------------------------------------------------------- */

/* The value of d in s as it would be written in the file. */
static char *value_text(const struct settings *s, const struct setting_def *d)
{
    const void *f = cfield(s, d);
    char buf[64];
    switch (d->type) {
    case TYPE_INT:
        return xasprintf("%d", *(const int *)f);
    case TYPE_REAL: {
        double v = *(const double *)f;
        if (v == (double)(long)v)
            return xasprintf("%.1f", v);
        return xasprintf("%g", v);
    }
    case TYPE_BOOL:
        return xstrdup(*(const bool *)f ? "yes" : "no");
    case TYPE_ENUM: {
        int i;
        memcpy(&i, f, sizeof i);
        return xstrdup(values_at(d->values, i, buf, sizeof buf));
    }
    case TYPE_CHOICE:
    case TYPE_TEXT:
    case TYPE_VOICE:
    case TYPE_KEYMAP:
        return xstrdup(f);
    }
    return xstrdup("?");
}

void settings_print(const struct settings *s, FILE *out)
{
    /* The comments are for the user, in the current language; keys,
     * values and sections are the file's and stay as they are. */
    if (s->file_found)
        /* TRANSLATORS: the first line of `unknot config`, a comment of
         * the settings file format (keep the leading ";"); %s is the
         * settings file. */
        fprintf(out, _("; Settings in effect.  File: %s"), s->source_file);
    else
        fprintf(out, _("; Settings in effect.  File: %s (not found: "
                       "built-in defaults)"), s->source_file);
    fputc('\n', out);
    const char *section = NULL;
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = &defs[i];
        if (!section || strcmp(section, d->section)) {
            fprintf(out, "\n[%s]\n", d->section);
            section = d->section;
        }
        char *v = value_text(s, d);
        char *kv = xasprintf("%s =%s%s", d->key, *v ? " " : "", v);
        char where[300];
        switch (s->source[i]) {
        case SOURCE_FILE:
            snprintf(where, sizeof where, "%s:%d", s->source_file,
                     s->source_line[i]);
            break;
        case SOURCE_COMMAND_LINE:
            /* TRANSLATORS: where a setting in `unknot config` came from
             * (a KEY=VALUE given on the command line). */
            snprintf(where, sizeof where, "%s",
                     C_("settings source", "command line"));
            break;
        case SOURCE_DEFAULT:
        default:
            /* TRANSLATORS: a setting in `unknot config` that has its
             * built-in value. */
            snprintf(where, sizeof where, "%s",
                     C_("settings source", "default"));
            break;
        }
        fprintf(out, "%-36s ; %s\n", kv, where);
        free(kv);
        free(v);
    }
}

/* Writes text as comment lines of at most `width` columns. */
static void write_wrapped(FILE *out, const char *prefix, const char *text,
                          size_t width)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t room = width - strlen(prefix);
        size_t len = strlen(p);
        if (len > room) {
            len = room;
            while (len > 0 && p[len] != ' ')
                len--;
            if (len == 0) {
                len = room;
                while (p[len] && p[len] != ' ')
                    len++;
            }
        }
        fprintf(out, "%s%.*s\n", prefix, (int)len, p);
        p += len;
    }
}

void settings_write_defaults(FILE *out)
{
    fputs("; Unknot settings.\n"
          ";\n"
          "; Unknot reads $XDG_CONFIG_HOME/unknot/config.ini (usually\n"
          "; ~/.config/unknot/config.ini), or the file given with\n"
          "; `unknot --config FILE`.  To change a setting, copy this file\n"
          "; there and remove the \"; \" before its key.  A key left out\n"
          "; keeps the built-in default shown here.  `unknot config` shows\n"
          "; the settings in effect and where each came from.\n"
          ";\n"
          "; Write key = value under the key's [section].  Lines starting\n"
          "; with ; or # are comments.  A mistake is reported as\n"
          "; FILE:LINE: error: MESSAGE, and Unknot will not start until it\n"
          "; is fixed.\n", out);
    const char *section = NULL;
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = &defs[i];
        if (!section || strcmp(section, d->section)) {
            fprintf(out, "\n[%s]\n", d->section);
            section = d->section;
        }
        /* The defaults file is a file, not a message: English, as the
         * keys and their docs are. */
        char *allowed = allowed_text(d, false);
        char *v = xstrdup(d->def);
        fputs("\n", out);
        write_wrapped(out, "; ", d->doc, 76);
        char *line = xasprintf("Allowed: %s.", allowed);
        write_wrapped(out, "; ", line, 76);
        free(line);
        fprintf(out, "; %s =%s%s\n", d->key, *v ? " " : "", v);
        free(v);
        free(allowed);
    }
}

/* Escapes '|' for a Markdown table cell. */
static void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
}

void settings_write_markdown(FILE *out)
{
    fputs("| Section | Key | Default | Allowed | What it does |\n"
          "|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = &defs[i];
        char *allowed = allowed_text(d, true);
        fprintf(out, "| `[%s]` | `%s` | ", d->section, d->key);
        if (*d->def) {
            fputc('`', out);
            md_cell(out, d->def);
            fputc('`', out);
        } else {
            fputs("(empty)", out);
        }
        fputs(" | ", out);
        md_cell(out, allowed);
        fputs(" | ", out);
        md_cell(out, d->doc);
        fputs(" |\n", out);
        free(allowed);
    }
}

char *settings_data_dir(const struct settings *s)
{
    if (!s->data_dir[0])
        return paths_data_dir();
    if (s->data_dir[0] == '~' && (s->data_dir[1] == '/' || !s->data_dir[1])) {
        const char *home = getenv("HOME");
        if (home && *home)
            return xasprintf("%s%s", home, s->data_dir + 1);
    }
    return xstrdup(s->data_dir);
}
