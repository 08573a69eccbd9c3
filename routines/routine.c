/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * See routine.h; the format is described in docs/routine-format.md.
 *
 * Reading goes in two passes.  First our own scan walks the raw bytes line
 * by line: it enforces size, text encoding and line length (inih would cut
 * long lines silently and shift every later line number), classifies each
 * line (section header, key, continuation, comment), records section
 * headers with their line numbers (inih neither reports empty sections nor
 * repeated ones, and cuts long section names), and reports structural
 * errors.  It writes a cleaned copy holding only the lines inih should see:
 * headers and "key = value" lines, with every other line left empty so line
 * numbers stay the same.  Then inih parses that copy and calls the handler
 * with each key and its line; the handler finds the section from our own
 * table by line number, and gathers continuation lines itself, so neither
 * inih's 50-byte section buffer nor its multiline setting matters.
 *
 * Memory is bounded by the file size limit; every error path frees what it
 * allocated (the parser is fuzzed).
 */
#include "routines/routine.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define INI_HANDLER_LINENO 1
#include <ini.h>

#include "coach/dose.h"
#include "util/paths.h"
#include "util/util.h"
#include "util/escape.h"
#include "util/i18n.h"

_Static_assert(REGION_TOOL_ROLLER == 1u << TOOL_ROLLER
               && REGION_TOOL_BALL == 1u << TOOL_BALL
               && REGION_TOOL_HANDS == 1u << TOOL_HANDS,
               "region tool bits follow enum routine_tool");

/* Limits, documented in docs/routine-format.md. */
#define MAX_FILE_BYTES  (64 * 1024)
#define MAX_LINE_BYTES  196     /* inih's buffer is 200 with CR, LF, NUL */
#define MAX_TEXT_BYTES  1000    /* a value with its continuation lines */
#define MAX_ID_BYTES    40
#define MAX_STEPS       100
#define MAX_QUESTIONS   32
#define MAX_ASK         8
#define MAX_DIAGS       100     /* per file; then one "too many" line */

/* The dose limits (hold range, sets, tender spots, the 20-minute cap) are
 * coach/dose.h's. */
#define HOLD_MIN DOSE_HOLD_MIN_S
#define HOLD_MAX DOSE_HOLD_MAX_S
#define REST_MIN 0
#define REST_MAX 300
#define REST_DEFAULT 10

/* Estimates for routine_estimate_seconds(): eSpeak NG at its default rate
 * with pauses between sentences, the default lead-in before each hold,
 * and time for an answer. */
#define WORDS_PER_MIN 150
#define LEAD_IN_S     5
#define SWITCH_S      3
#define ANSWER_S      4
#define CLOSING_S     5

enum line_kind {
    LINE_BLANK, LINE_COMMENT, LINE_SECTION, LINE_KEY, LINE_CONT, LINE_BAD
};

struct line_info {
    unsigned char kind;
    int sec;                /* index into parser.secs, or -1 */
    size_t off, len;        /* continuation text (trimmed) in the input */
};

enum sec_kind { SEC_ROUTINE, SEC_STEP, SEC_QUESTION, SEC_BAD };

/* Keys of each section, in the order they are documented. */
enum { RK_TITLE, RK_DESCRIPTION, RK_LEVEL, RK_LANGUAGE, RK_COUNT };
enum { SK_REGION, SK_SETUP, SK_HOLD, SK_SIDES, SK_REST, SK_CUE, SK_TOOL,
       SK_ASK, SK_COUNT };
enum { QK_TEXT, QK_ANSWER, QK_STOP_IF, QK_ACTION, QK_SAY, QK_COUNT };
#define MAX_KEYS SK_COUNT

static const char *const routine_keys[RK_COUNT] = {
    "title", "description", "level", "language" };
static const char *const step_keys[SK_COUNT] = {
    "region", "setup", "hold", "sides", "rest", "cue", "tool", "ask" };
static const char *const question_keys[QK_COUNT] = {
    "text", "answer", "stop_if", "action", "say" };

/* Keys whose value is free text and may go on over several lines. */
static bool key_is_text(enum sec_kind kind, int k)
{
    switch (kind) {
    case SEC_ROUTINE:  return k == RK_TITLE || k == RK_DESCRIPTION;
    case SEC_STEP:     return k == SK_SETUP || k == SK_CUE;
    case SEC_QUESTION: return k == QK_TEXT || k == QK_SAY;
    case SEC_BAD:      return false;
    }
    return false;
}

struct section {
    enum sec_kind kind;
    int line;
    int item;               /* index into steps or questions */
    bool damaged;           /* a line inside it could not be read */
    int key_line[MAX_KEYS];
};

struct pquestion {
    char *id, *text, *say;
    int kind;               /* enum answer_kind, or -1 when not given */
    struct stop_rule rule;  /* op RULE_NONE when no stop_if */
    bool rule_ok;           /* stop_if parsed */
    int action;             /* enum rule_action, or -1 when not given */
    int sec;
    bool asked;
};

struct parser {
    const char *file;       /* for diagnostics */
    const char *text;
    size_t len;
    struct diag_list *diags;
    size_t ndiags;
    bool too_many;

    struct line_info *lines;
    int nlines;
    struct section *secs;
    size_t nsecs, cap_secs;
    bool broken_header;
    int said_too_many;      /* "too many steps/questions" is said once */
    int routine_headers;    /* [routine] header lines, even broken ones */
    int step_headers;       /* [step ...] header lines, even broken ones */
    bool any_content;

    int routine_sec;        /* -1 until [routine] */
    char *title, *description, *language;
    int description_line;
    enum routine_level level;
    struct routine_step *steps;
    size_t nsteps, cap_steps;
    int *ask_lines;         /* per step */
    struct pquestion *qs;
    size_t nqs, cap_qs;
};

static void report(struct parser *p, enum diag_severity sev, int line,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(struct parser *p, enum diag_severity sev, int line,
                   const char *fmt, ...)
{
    if (p->too_many)
        return;
    if (p->ndiags >= MAX_DIAGS) {
        diag_add(p->diags, DIAG_ERROR, p->file, line,
                 _("too many problems; stopping here (fix the ones above "
                 "and check again)"));
        p->too_many = true;
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(p->diags, sev, p->file, line, "%s", msg);
    p->ndiags++;
}

#define error_at(p, line, ...) report((p), DIAG_ERROR, (line), __VA_ARGS__)
#define warn_at(p, line, ...) report((p), DIAG_WARNING, (line), __VA_ARGS__)

/* ---------------------------------------------------------------- words */

/* The closest of n words to s (edit distance at most 2, or one is the
 * start of the other: "tingle" for "tingling"), or NULL. */
static const char *closest(const char *s, const char *const *words, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    size_t ls = strlen(s);
    for (size_t i = 0; i < n; i++) {
        size_t max = ls <= 3 ? 1 : 2;
        size_t d = str_edit_distance(s, words[i], max);
        if (d <= max && d < best_d) {
            best_d = d;
            best = words[i];
        }
    }
    if (best || ls < 4)
        return best;
    for (size_t i = 0; i < n; i++) {
        size_t lw = strlen(words[i]);
        size_t m = ls < lw ? ls : lw;
        if (lw >= 4 && !strncmp(s, words[i], m > 5 ? m - 1 : m))
            return words[i];
    }
    return NULL;
}

/* Lower-cased copy for case-insensitive suggestions (ASCII only). */
static char *lower_dup(const char *s)
{
    char *d = xstrdup(s);
    for (char *c = d; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return d;
}

static const char *suggest(const char *s, const char *const *words, size_t n)
{
    char *l = lower_dup(s);
    const char *best = closest(l, words, n);
    free(l);
    return best;
}

static bool id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > MAX_ID_BYTES)
        return false;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
              || *c == '-'))
            return false;
    return true;
}

/* An id with the mistakes people make fixed: lower case, '_' and spaces
 * to '-'. */
static char *id_fixed(const char *id)
{
    char *d = lower_dup(id);
    for (char *c = d; *c; c++)
        if (*c == '_' || *c == ' ')
            *c = '-';
    return d;
}

/* An id a routine may use instead of a reserved one: "screen-osteoporosis"
 * -> "osteoporosis-check". */
static char *reserved_example(const char *id)
{
    static const char *const prefixes[] = { "screen-", "daily-", "recent-" };
    for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (!strncmp(id, prefixes[i], n) && id[n])
            return xasprintf("%.32s-check", id + n);
    }
    if (!strcmp(id, "stop-reason"))
        return xstrdup("why-stopped");
    return xasprintf("my-%.32s", id);
}

/* Shortened copy of a user's text for quoting in a message. */
static void quote(char *buf, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n < size) {
        memcpy(buf, s, n + 1);
        return;
    }
    size_t cut = size - 4;
    /* Do not cut a UTF-8 sequence in half. */
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(buf, s, cut);
    memcpy(buf + cut, "...", 4);
}

static int count_words(const char *s)
{
    int n = 0;
    bool in = false;
    for (; s && *s; s++) {
        bool space = isspace((unsigned char)*s);
        if (!space && !in)
            n++;
        in = !space;
    }
    return n;
}

/* ------------------------------------------------------------- scanning */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Where the key part of a key line ends, as inih finds it: the first '='
 * or ':' before an inline comment (';' after a blank).  Returns the
 * offset, or len when there is none. */
static size_t find_separator(const char *s, size_t len)
{
    bool was_blank = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '=' || s[i] == ':')
            return i;
        if (was_blank && s[i] == ';')
            return len;
        was_blank = isspace((unsigned char)s[i]);
    }
    return len;
}

/* Length of s[0..len) without an inline comment and trailing blanks. */
static size_t strip_comment(const char *s, size_t len)
{
    bool was_blank = false;
    for (size_t i = 0; i < len; i++) {
        if (was_blank && s[i] == ';') {
            len = i;
            break;
        }
        was_blank = isspace((unsigned char)s[i]);
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return len;
}

static const char *const *keys_of(enum sec_kind kind, size_t *n)
{
    switch (kind) {
    case SEC_ROUTINE:  *n = RK_COUNT; return routine_keys;
    case SEC_STEP:     *n = SK_COUNT; return step_keys;
    case SEC_QUESTION: *n = QK_COUNT; return question_keys;
    case SEC_BAD:      break;
    }
    *n = 0;
    return NULL;
}

static int key_index(enum sec_kind kind, const char *name, size_t len)
{
    size_t n;
    const char *const *keys = keys_of(kind, &n);
    for (size_t i = 0; i < n; i++)
        if (strlen(keys[i]) == len && !memcmp(keys[i], name, len))
            return (int)i;
    return -1;
}

static int find_step(const struct parser *p, const char *id)
{
    for (size_t i = 0; i < p->nsteps; i++)
        if (!strcmp(p->steps[i].id, id))
            return (int)i;
    return -1;
}

static int find_question(const struct parser *p, const char *id)
{
    for (size_t i = 0; i < p->nqs; i++)
        if (!strcmp(p->qs[i].id, id))
            return (int)i;
    return -1;
}

static int add_section(struct parser *p, enum sec_kind kind, int line)
{
    p->secs = xgrow(p->secs, &p->cap_secs, p->nsecs + 1, sizeof *p->secs);
    struct section *s = &p->secs[p->nsecs];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = line;
    s->item = -1;
    return (int)p->nsecs++;
}

/* A [step ID] section for a valid, new id; -1 when the id is taken or
 * there are too many steps (the caller reports it). */
static int new_step(struct parser *p, const char *id, int line)
{
    if (find_step(p, id) >= 0 || p->nsteps >= MAX_STEPS)
        return -1;
    int s = add_section(p, SEC_STEP, line);
    p->steps = xgrow(p->steps, &p->cap_steps, p->nsteps + 1,
                     sizeof *p->steps);
    p->ask_lines = xrealloc(p->ask_lines,
                            p->cap_steps * sizeof *p->ask_lines);
    struct routine_step *st = &p->steps[p->nsteps];
    memset(st, 0, sizeof *st);
    st->id = xstrdup(id);
    st->line = line;
    st->rest_s = REST_DEFAULT;
    st->hold_s = -1;
    p->ask_lines[p->nsteps] = 0;
    p->secs[s].item = (int)p->nsteps++;
    return s;
}

/* After an error in a [step ...] header already reported: check the
 * section's lines anyway, under the id the message suggested, so one run
 * of the checker reports them all. */
static int step_after_bad_header(struct parser *p, const char *fixed,
                                 int line)
{
    /* Only the id's letters, digits and '-' ("bad name!" -> "badname"):
     * an id to check the lines under; the file has its error already. */
    char id[MAX_ID_BYTES + 1];
    size_t n = 0;
    for (const char *c = fixed ? fixed : ""; *c && n < MAX_ID_BYTES; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            (*c == '-' && n > 0))
            id[n++] = *c;
    id[n] = '\0';
    int s = id_valid(id) ? new_step(p, id, line) : -1;
    return s >= 0 ? s : add_section(p, SEC_BAD, line);
}

/* Reads "[kind id]" (the text between the brackets). */
static int scan_header(struct parser *p, int line, const char *in, size_t n)
{
    char buf[MAX_LINE_BYTES + 1];
    memcpy(buf, in, n);
    buf[n] = '\0';
    str_trim(buf);
    char *id = buf;
    while (*id && !isspace((unsigned char)*id))
        id++;
    if (*id) {
        *id++ = '\0';
        str_trim(id);
    }
    const char *word = buf;
    char shown[64];
    quote(shown, sizeof shown, id);

    if (!strcmp(word, "routine"))
        p->routine_headers++;
    if (!strcmp(word, "step"))
        p->step_headers++;
    if (!strcmp(word, "routine")) {
        if (*id) {
            error_at(p, line, _("[routine] takes no name: write just "
                     "[routine] (the routine's name is its file name)"));
            return add_section(p, SEC_BAD, line);
        }
        if (p->routine_sec >= 0) {
            error_at(p, line, _("a second [routine] section (the first is on "
                     "line %d): a file holds one routine; merge the two"),
                     p->secs[p->routine_sec].line);
            return add_section(p, SEC_BAD, line);
        }
        int s = add_section(p, SEC_ROUTINE, line);
        p->routine_sec = s;
        return s;
    }
    if (!strcmp(word, "step") || !strcmp(word, "question")) {
        bool step = word[0] == 's';
        if (!*id) {
            /* TRANSLATORS: %s is the section's word as the file writes
             * it, "step" or "question" (also in the "%s id" messages). */
            error_at(p, line, _("this %s has no id: write [%s %s]"), word, word,
                     step ? "calves" : "pain-check");
            return add_section(p, SEC_BAD, line);
        }
        if (!id_valid(id)) {
            char *fix = id_fixed(id);
            if (strlen(id) > MAX_ID_BYTES)
                error_at(p, line, _("%s id '%s' is too long: at most %d "
                         "characters"), word, shown, MAX_ID_BYTES);
            else if (id_valid(fix))
                error_at(p, line, _("%s id '%s' may use only lower-case "
                         "letters, digits and '-': write '%s'"), word,
                         shown, fix);
            else
                error_at(p, line, _("%s id '%s' may use only lower-case "
                         "letters, digits and '-' (no spaces)"), word, shown);
            int r = step && strlen(id) <= MAX_ID_BYTES
                    ? step_after_bad_header(p, fix, line)
                    : add_section(p, SEC_BAD, line);
            free(fix);
            return r;
        }
        if (step) {
            int prev = find_step(p, id);
            if (prev >= 0) {
                error_at(p, line, _("duplicate step id '%s' (first on line "
                         "%d): give each step its own id"), id,
                         p->steps[prev].line);
                return add_section(p, SEC_BAD, line);
            }
            if (p->nsteps >= MAX_STEPS) {
                if (!p->said_too_many++)
                    error_at(p, line, _("too many steps: a routine may have "
                             "at most %d"), MAX_STEPS);
                return add_section(p, SEC_BAD, line);
            }
            return new_step(p, id, line);
        }
        const char *reserved = question_id_reserved(id);
        if (reserved) {
            char *ex = reserved_example(id);
            error_at(p, line, _("'%s' is reserved for %s; give your question "
                     "its own id, for example '%s'"), id, i18n_text(reserved), ex);
            free(ex);
            return add_section(p, SEC_BAD, line);
        }
        int prev = find_question(p, id);
        if (prev >= 0) {
            error_at(p, line, _("duplicate question id '%s' (first on line "
                     "%d): give each question its own id"), id,
                     p->secs[p->qs[prev].sec].line);
            return add_section(p, SEC_BAD, line);
        }
        if (p->nqs >= MAX_QUESTIONS) {
            if (!p->said_too_many++)
                error_at(p, line, _("too many questions: a routine may "
                         "define at most %d"), MAX_QUESTIONS);
            return add_section(p, SEC_BAD, line);
        }
        int s = add_section(p, SEC_QUESTION, line);
        p->qs = xgrow(p->qs, &p->cap_qs, p->nqs + 1, sizeof *p->qs);
        struct pquestion *q = &p->qs[p->nqs];
        memset(q, 0, sizeof *q);
        q->id = xstrdup(id);
        q->kind = -1;
        q->action = -1;
        q->sec = s;
        p->secs[s].item = (int)p->nqs++;
        return s;
    }

    static const char *const kinds[] = { "routine", "step", "question" };
    char wshown[64];
    quote(wshown, sizeof wshown, word);
    const char *hint = suggest(word, kinds, ARRAY_LEN(kinds));
    /* A misspelt [step] or [routine] header is still one: do not also
     * report the file as having none. */
    if (hint && hint[0] == 's')
        p->step_headers++;
    else if (hint && hint[0] == 'r')
        p->routine_headers++;
    /* The suggestion must itself be right: [Step Glutes] is [step
     * glutes], ids being lower-case. */
    char *fix = *id ? id_fixed(id) : NULL;
    char fshown[64];
    quote(fshown, sizeof fshown, fix && id_valid(fix) ? fix : id);
    if (hint)
        error_at(p, line, _("unknown section [%s%s%s]: did you mean [%s%s%s]?"),
                 wshown, *id ? " " : "", shown, hint, *id ? " " : "",
                 fshown);
    else
        error_at(p, line, _("unknown section [%s%s%s]: allowed are [routine], "
                 "[step ID] and [question ID]"), wshown, *id ? " " : "",
                 shown);
    int r = hint && hint[0] == 's' && fix
            ? step_after_bad_header(p, fix, line)
            : add_section(p, SEC_BAD, line);
    free(fix);
    return r;
}

static void damage(struct parser *p, int sec)
{
    if (sec >= 0)
        p->secs[sec].damaged = true;
}

/* First pass: see the comment at the top.  Returns the cleaned copy for
 * inih (caller frees), or NULL after a file-level error. */
/* C1 controls (a terminal takes U+009B as CSI), bidi overrides and
 * isolates (they reorder what a reader sees) and zero-width characters
 * (they hide text) have no place in a routine: refused with the column.
 * The line is valid UTF-8 here.  True when one was found. */
static bool refuse_hidden_chars(struct parser *p, int lineno, const char *s,
                                size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, col = 1; i < n; col++) {
        uint32_t cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        if (k == 0)
            return false;
        const char *what = cp >= 0x80 ? text_forbidden_char(cp) : NULL;
        if (what) {
            error_at(p, lineno, _("%s (U+%04X) at column %zu: remove it"),
                     what, (unsigned)cp, col);
            return true;
        }
        i += k;
    }
    return false;
}

static char *scan(struct parser *p)
{
    const char *t = p->text;
    size_t len = p->len;
    if (len > MAX_FILE_BYTES) {
        error_at(p, 0, _("file is too large (%zu bytes): a routine file may "
                 "be at most %d KiB"), len, MAX_FILE_BYTES / 1024);
        return NULL;
    }
    if (len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) {
        t += 3;
        len -= 3;
    }
    const char *nul = memchr(t, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *c = t; c < nul; c++)
            line += *c == '\n';
        error_at(p, 0, _("this is not a text file (it holds a NUL byte on "
                 "line %d): a routine is plain text saved as UTF-8"), line);
        return NULL;
    }

    /* Random bytes are full of control characters; text, even in a
     * legacy encoding, has almost none. */
    size_t controls = 0, probe = len < 4096 ? len : 4096;
    for (size_t i = 0; i < probe; i++) {
        unsigned char c = (unsigned char)t[i];
        controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    || c == 0x7F;
    }
    if (controls > 8 && controls * 20 > probe) {
        error_at(p, 0, _("this is not a text file (it is full of control "
                 "characters): a routine is plain text saved as UTF-8"));
        return NULL;
    }

    int limit = ini_max_line - 4 < MAX_LINE_BYTES ? ini_max_line - 4
                                                  : MAX_LINE_BYTES;
    int nlines = 0;
    for (size_t i = 0; i < len; i++)
        nlines += t[i] == '\n';
    nlines++;
    p->lines = xcalloc((size_t)nlines + 1, sizeof *p->lines);
    /* Each line becomes at most itself plus a newline, or "[x]\n". */
    char *out = xmalloc(len + 4 * (size_t)nlines + 1);
    size_t o = 0;

    int sec = -1;
    int prev = LINE_BLANK;      /* kind of the last non-comment line */
    size_t pos = 0;
    int lineno = 0;
    while (pos <= len && lineno < nlines) {
        const char *s = t + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        lineno++;
        if (n && s[n - 1] == '\r')
            n--;
        struct line_info *li = &p->lines[lineno];
        li->sec = sec;
        li->kind = LINE_BAD;

        size_t bad;
        if (n > (size_t)limit) {
            error_at(p, lineno, _("line is %zu bytes long; the limit is %d: "
                     "break it, going on in the next line indented with "
                     "spaces"), n, limit);
        } else if (!utf8_valid(s, n, &bad)) {
            error_at(p, lineno, _("text is not UTF-8 (byte 0x%02X at column "
                     "%zu): save the file as UTF-8"), (unsigned char)s[bad],
                     bad + 1);
        } else {
            size_t i;
            for (i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                    break;
            }
            if (i < n && s[i] == '\r')
                error_at(p, lineno, _("a carriage return (CR) inside the "
                         "line at column %zu: the file may use old Mac "
                         "line ends; save it with Unix or Windows line "
                         "ends"), i + 1);
            else if (i < n)
                error_at(p, lineno, _("control character 0x%02X at column "
                         "%zu: remove it"), (unsigned char)s[i], i + 1);
            else if (!refuse_hidden_chars(p, lineno, s, n))
                li->kind = LINE_BLANK;
        }
        if (li->kind == LINE_BAD) {
            damage(p, sec);
            prev = LINE_BAD;
            out[o++] = '\n';
            continue;
        }

        size_t ind = 0;
        while (ind < n && is_blank(s[ind]))
            ind++;
        const char *c = s + ind;
        size_t cn = n - ind;
        while (cn && is_blank(c[cn - 1]))
            cn--;

        if (cn == 0) {
            li->kind = LINE_BLANK;
            prev = LINE_BLANK;
            out[o++] = '\n';
            continue;
        }
        if (c[0] == ';' || c[0] == '#') {
            li->kind = LINE_COMMENT;
            out[o++] = '\n';
            continue;
        }
        p->any_content = true;
        if (c[0] == '[') {
            size_t end = strip_comment(c, cn);
            const char *close = memchr(c, ']', end);
            if (!close) {
                error_at(p, lineno, _("section header has no closing ']': "
                         "write it as [step NAME]"));
                sec = add_section(p, SEC_BAD, lineno);
                p->broken_header = true;
            } else {
                size_t after = (size_t)(close - c) + 1;
                if (after < end) {
                    error_at(p, lineno, _("unexpected text after ']': put "
                             "each key on its own line below the header"));
                    sec = add_section(p, SEC_BAD, lineno);
                    p->broken_header = true;
                } else {
                    sec = scan_header(p, lineno, c + 1, after - 2);
                }
            }
            li->kind = LINE_SECTION;
            li->sec = sec;
            prev = LINE_SECTION;
            memcpy(out + o, "[x]\n", 4);
            o += 4;
            continue;
        }

        size_t sep = find_separator(c, cn);
        enum sec_kind kind = sec >= 0 ? p->secs[sec].kind : SEC_BAD;
        if (ind > 0) {
            size_t kn = sep;
            while (kn && isspace((unsigned char)c[kn - 1]))
                kn--;
            bool going_on = prev == LINE_KEY || prev == LINE_CONT;
            bool key = sep < cn && (key_index(kind, c, kn) >= 0
                                    || !going_on);
            if (!key) {
                if (prev == LINE_KEY || prev == LINE_CONT) {
                    li->kind = LINE_CONT;
                    li->off = (size_t)(c - p->text);
                    li->len = strip_comment(c, cn);
                    prev = LINE_CONT;
                } else if (prev == LINE_BAD || kind == SEC_BAD) {
                    /* Part of a line already reported. */
                    prev = LINE_BAD;
                } else {
                    error_at(p, lineno, prev == LINE_BLANK
                             ? _("this line starts with spaces but does not "
                                 "go on from a key above it: remove the "
                                 "spaces (or the blank line above it)")
                             : _("this line starts with spaces but does not "
                                 "go on from a key above it: remove the "
                                 "spaces"));
                    damage(p, sec);
                    prev = LINE_BAD;
                }
                out[o++] = '\n';
                continue;
            }
        }
        if (sep == cn) {
            char shown[48];
            char tmp[MAX_LINE_BYTES + 1];
            memcpy(tmp, c, cn);
            tmp[cn] = '\0';
            quote(shown, sizeof shown, tmp);
            if (sec < 0 || kind != SEC_BAD)
                error_at(p, lineno, _("expected 'key = value', found '%s'"),
                         shown);
            damage(p, sec);
            prev = LINE_BAD;
            out[o++] = '\n';
            continue;
        }
        if (sep == 0) {
            error_at(p, lineno, _("a key name is missing before '%c'"), c[0]);
            damage(p, sec);
            prev = LINE_BAD;
            out[o++] = '\n';
            continue;
        }
        if (sec < 0) {
            error_at(p, lineno, _("a key before any section: start the file "
                     "with [routine]"));
            prev = LINE_BAD;
            out[o++] = '\n';
            continue;
        }
        li->kind = LINE_KEY;
        prev = LINE_KEY;
        if (kind == SEC_BAD) {
            out[o++] = '\n';
            continue;
        }
        memcpy(out + o, c, cn);
        o += cn;
        out[o++] = '\n';
    }
    out[o] = '\0';
    p->nlines = lineno;
    return out;
}

/* -------------------------------------------------------------- values */

static bool parse_seconds(struct parser *p, int line, const char *key,
                          const char *v, int min, int max, int *out)
{
    long n;
    char shown[48];
    quote(shown, sizeof shown, v);
    if (!str_to_int(v, &n)) {
        error_at(p, line, _("%s = '%s' is not a whole number of seconds: "
                 "allowed %d to %d"), key, shown, min, max);
        return false;
    }
    if (n < 0) {
        error_at(p, line, _("%s = %ld is negative: allowed %d to %d seconds"),
                 key, n, min, max);
        return false;
    }
    if (n < min || n > max) {
        error_at(p, line, _("%s = %ld is out of range: allowed %d to %d "
                 "seconds"), key, n, min, max);
        return false;
    }
    *out = (int)n;
    return true;
}

/* Words people write for the values of sides and tool, for "did you
 * mean"; they are not accepted as values (one spelling per value keeps
 * files easy to read and to check). */
static const char *const value_aliases[][2] = {
    { "left", "left-right" }, { "right", "left-right" },
    { "each", "left-right" }, { "each-side", "left-right" },
    { "left/right", "left-right" }, { "alternate", "left-right" },
    { "left-and-right", "left-right" }, { "together", "both" },
    { "foam", "roller" }, { "foam-roller", "roller" },
    { "foam roller", "roller" }, { "stick", "roller" },
    { "massage-ball", "ball" }, { "massage ball", "ball" },
    { "lacrosse-ball", "ball" }, { "tennis-ball", "ball" },
    { "hand", "hands" }, { "fingers", "hands" }, { "fingertips", "hands" },
    { "yes/no", "yes-no" }, { "boolean", "yes-no" }, { "0-10", "scale" },
    { "skip", "skip-region" }, { "emergency", "urgent" },
};

/* Matches v against a list of words; reports "did you mean". */
static int parse_word(struct parser *p, int line, const char *key,
                      const char *v, const char *const *words, size_t n,
                      const char *allowed)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v, words[i]))
            return (int)i;
    char shown[48];
    quote(shown, sizeof shown, v);
    const char *hint = suggest(v, words, n);
    char *l = lower_dup(v);
    for (size_t a = 0; a < ARRAY_LEN(value_aliases) && !hint; a++)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(l, value_aliases[a][0])
                && !strcmp(value_aliases[a][1], words[i]))
                hint = words[i];
    free(l);
    if (hint)
        error_at(p, line, _("unknown %s '%s': did you mean '%s'? (allowed: "
                 "%s)"), key, shown, hint, allowed);
    else
        error_at(p, line, _("unknown %s '%s': allowed: %s"), key, shown,
                 allowed);
    return -1;
}

static bool parse_rule(struct parser *p, int line, const char *v,
                       struct stop_rule *r)
{
    char shown[48];
    quote(shown, sizeof shown, v);
    char *l = lower_dup(v);
    memset(r, 0, sizeof *r);
    bool ok = true;
    if (!strcmp(l, "yes")) {
        r->op = RULE_YES;
    } else if (!strcmp(l, "no")) {
        r->op = RULE_NO;
    } else {
        static const struct { const char *s; enum rule_op op; } ops[] = {
            { ">=", RULE_GE }, { "<=", RULE_LE }, { "==", RULE_EQ },
            { ">", RULE_GT }, { "<", RULE_LT }, { "=", RULE_EQ },
        };
        const char *rest = NULL;
        for (size_t i = 0; i < ARRAY_LEN(ops); i++)
            if (str_starts_with(l, ops[i].s)) {
                r->op = ops[i].op;
                rest = l + strlen(ops[i].s);
                break;
            }
        long n;
        if (!rest || !str_to_int(rest, &n)) {
            error_at(p, line, _("stop_if = '%s' is not a rule: write e.g. "
                     "'>= 7' for a scale question or 'yes' for a yes-no "
                     "question"), shown);
            ok = false;
        } else if (n < 0 || n > 10) {
            error_at(p, line, _("stop_if = '%s': the scale runs from 0 to 10"),
                     shown);
            ok = false;
        } else {
            r->value = (int)n;
        }
    }
    free(l);
    return ok;
}

/* ------------------------------------------------------------- handler */

static char *gather_value(struct parser *p, int lineno, const char *value,
                          bool text_key, const char *key)
{
    size_t cap = strlen(value) + 1, n = strlen(value);
    char *v = xmalloc(cap);
    memcpy(v, value, n + 1);
    bool reported = false;
    for (int j = lineno + 1; j <= p->nlines; j++) {
        const struct line_info *li = &p->lines[j];
        if (li->kind == LINE_COMMENT)
            continue;
        if (li->kind != LINE_CONT)
            break;
        if (!text_key) {
            if (!reported)
                error_at(p, j, _("'%s' takes one value, but this line starts "
                         "with spaces and so goes on from it: remove the "
                         "spaces"), key);
            reported = true;
            continue;
        }
        v = xgrow(v, &cap, n + li->len + 2, 1);
        if (n)
            v[n++] = ' ';
        memcpy(v + n, p->text + li->off, li->len);
        n += li->len;
        v[n] = '\0';
    }
    if (reported) {
        free(v);
        return NULL;
    }
    /* Values may be written in double quotes; the quotes are not part of
     * the text. */
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        memmove(v, v + 1, n - 2);
        v[n - 2] = '\0';
    }
    return v;
}

/* True when every space-separated word of s is a valid id. */
static bool spaced_ids(const char *s)
{
    char *copy = xstrdup(s), *save = NULL;
    bool ok = true;
    int words = 0;
    for (char *w = strtok_r(copy, " ", &save); w && ok;
         w = strtok_r(NULL, " ", &save)) {
        ok = id_valid(w);
        words++;
    }
    free(copy);
    return ok && words > 1;
}

/* Reports an unknown key.  Returns the index of the key of the same
 * section it is a typo of (the message named it), or -1. */
static int unknown_key(struct parser *p, int lineno, enum sec_kind kind,
                       const char *name)
{
    char shown[48];
    quote(shown, sizeof shown, name);
    size_t n;
    const char *const *keys = keys_of(kind, &n);
    const char *hint = suggest(name, keys, n);
    static const char *const where[] = {
        "[routine]", "[step ID]", "[question ID]" };
    if (hint) {
        error_at(p, lineno, _("unknown key '%s': did you mean '%s'?"), shown,
                 hint);
        return key_index(kind, hint, strlen(hint));
    }
    for (int k = SEC_ROUTINE; k <= SEC_QUESTION; k++) {
        size_t m;
        const char *const *other = keys_of((enum sec_kind)k, &m);
        hint = k == (int)kind ? NULL : suggest(name, other, m);
        if (hint && strcmp(hint, name) != 0) {
            error_at(p, lineno, _("unknown key '%s': did you mean '%s'? (it "
                     "goes in a %s section)"), shown, hint, where[k]);
            return -1;
        }
    }
    for (int k = SEC_ROUTINE; k <= SEC_QUESTION; k++) {
        size_t m;
        (void)keys_of((enum sec_kind)k, &m);
        if (k != (int)kind && key_index((enum sec_kind)k, name,
                                        strlen(name)) >= 0) {
            error_at(p, lineno, _("key '%s' belongs in a %s section, not in "
                     "a %s section"), shown, where[k], where[kind]);
            return -1;
        }
    }
    char list[160] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(list, keys[i]);
        if (i + 1 < n)
            strcat(list, ", ");
    }
    error_at(p, lineno, _("unknown key '%s' in a %s section: allowed keys are "
             "%s"), shown, where[kind], list);
    return -1;
}

static void set_text(char **field, char *v)
{
    free(*field);
    *field = v;
}

static void routine_key(struct parser *p, int line, int k, char *v)
{
    static const char *const levels[] = { "gentle", "moderate", "firm" };
    switch (k) {
    case RK_TITLE:
        set_text(&p->title, v);
        return;
    case RK_DESCRIPTION:
        p->description_line = line;
        set_text(&p->description, v);
        return;
    case RK_LEVEL: {
        int i = parse_word(p, line, "level", v, levels, 3,
                           "gentle, moderate or firm");
        if (i >= 0)
            p->level = (enum routine_level)i;
        break;
    }
    case RK_LANGUAGE: {
        bool ok = strlen(v) >= 2 && strlen(v) <= 16;
        for (const char *c = v; *c && ok; c++)
            ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
                 || *c == '-';
        if (ok) {
            set_text(&p->language, v);
            return;
        }
        char shown[48];
        quote(shown, sizeof shown, v);
        error_at(p, line, _("language = '%s' is not a voice name: use a "
                 "lower-case code such as en, de, es or en-us"), shown);
        break;
    }
    }
    free(v);
}

static void parse_ask(struct parser *p, int line, struct routine_step *st,
                      const char *v)
{
    char *copy = xstrdup(v);
    char *save = NULL;
    size_t count = 0;
    bool ok = true;
    char **ids = xcalloc(MAX_ASK, sizeof *ids);
    /* strtok_r skips empty items, so look for them first. */
    const char *c = v;
    bool empty = true;
    for (; *c; c++) {
        if (*c == ',') {
            if (empty)
                ok = false;
            empty = true;
        } else if (!isspace((unsigned char)*c)) {
            empty = false;
        }
    }
    if (empty)
        ok = false;
    if (!ok)
        error_at(p, line, _("ask has an empty item: list question ids "
                 "separated by commas, e.g. ask = soreness, tingling"));
    for (char *tok = strtok_r(copy, ",", &save); tok && ok;
         tok = strtok_r(NULL, ",", &save)) {
        str_trim(tok);
        char shown[48];
        quote(shown, sizeof shown, tok);
        const char *reserved = id_valid(tok) ? question_id_reserved(tok)
                                             : NULL;
        if (!id_valid(tok) && strchr(tok, ' ') && spaced_ids(tok)) {
            /* "ask = soreness dizzy": a comma left out. */
            char *fixed = xstrdup(tok);
            char *with = xmalloc(strlen(fixed) * 2 + 1);
            size_t o = 0;
            for (const char *ch = fixed; *ch; ch++) {
                if (*ch == ' ') {
                    while (ch[1] == ' ')
                        ch++;
                    with[o++] = ',';
                }
                with[o++] = *ch;
            }
            with[o] = '\0';
            char wshown[96];
            quote(wshown, sizeof wshown, with);
            error_at(p, line, _("ask: '%s' is not a question id: separate "
                     "question ids with commas: ask = %s"), shown, wshown);
            free(with);
            free(fixed);
            ok = false;
        } else if (!id_valid(tok)) {
            error_at(p, line, _("ask: '%s' is not a question id (lower-case "
                     "letters, digits and '-')"), shown);
            ok = false;
        } else if (reserved) {
            char *ex = reserved_example(tok);
            error_at(p, line, _("ask names '%s', which is reserved for %s: a "
                     "step cannot ask it; give your question its own id, "
                     "for example '%s'"), tok, i18n_text(reserved),
                     ex);
            free(ex);
            ok = false;
        } else if (count >= MAX_ASK) {
            error_at(p, line, _("ask lists more than %d questions: keep "
                     "check-ins short"), MAX_ASK);
            ok = false;
        } else {
            for (size_t i = 0; i < count; i++)
                if (!strcmp(ids[i], tok)) {
                    error_at(p, line, _("ask lists '%s' twice"), tok);
                    ok = false;
                }
            if (ok)
                ids[count++] = xstrdup(tok);
        }
    }
    free(copy);
    if (!ok) {
        for (size_t i = 0; i < count; i++)
            free(ids[i]);
        free(ids);
        return;
    }
    st->ask = ids;
    st->ask_count = count;
}

static void step_key(struct parser *p, int line, struct section *sec, int k,
                     char *v)
{
    struct routine_step *st = &p->steps[sec->item];
    static const char *const sides[] = { "both", "left-right" };
    static const char *const tools[] = { "roller", "ball", "hands" };
    char shown[48];
    quote(shown, sizeof shown, v);
    switch (k) {
    case SK_REGION: {
        const struct region_info *r = region_find(v);
        const char *why = r ? NULL : region_no_roll_reason(v);
        const char *hint = r || why ? NULL : region_suggest(v);
        if (r)
            st->region = r;
        else if (why)
            error_at(p, line, _("'%s' is a do-not-roll area: %s"), shown,
                     i18n_text(why));
        else if (hint)
            error_at(p, line, _("unknown region '%s': did you mean '%s'? (see "
                     "the region list in docs/routine-format.md)"), shown,
                     hint);
        else
            error_at(p, line, _("unknown region '%s': see the region list in "
                     "docs/routine-format.md"), shown);
        if (!r)
            sec->key_line[SK_REGION] = -line;
        break;
    }
    case SK_SETUP:
        st->setup_line = line;
        set_text(&st->setup, v);
        return;
    case SK_CUE:
        st->cue_line = line;
        set_text(&st->cue, v);
        return;
    case SK_HOLD:
        st->hold_line = line;
        if (!parse_seconds(p, line, "hold", v, HOLD_MIN, HOLD_MAX,
                           &st->hold_s))
            sec->key_line[SK_HOLD] = -line;
        break;
    case SK_REST:
        parse_seconds(p, line, "rest", v, REST_MIN, REST_MAX, &st->rest_s);
        break;
    case SK_SIDES: {
        int i = parse_word(p, line, "sides", v, sides, 2,
                           "both or left-right");
        if (i >= 0)
            st->sides = (enum routine_sides)i;
        break;
    }
    case SK_TOOL: {
        int i = parse_word(p, line, "tool", v, tools, 3,
                           "roller, ball or hands");
        if (i >= 0)
            st->tool = (enum routine_tool)i;
        else
            sec->key_line[SK_TOOL] = -line;
        break;
    }
    case SK_ASK:
        parse_ask(p, line, st, v);
        p->ask_lines[sec->item] = line;
        break;
    }
    free(v);
}

static void question_key(struct parser *p, int line, struct section *sec,
                         int k, char *v)
{
    struct pquestion *q = &p->qs[sec->item];
    static const char *const kinds[] = { "scale", "yes-no" };
    static const char *const actions[] = { "stop", "urgent", "skip-region" };
    static const enum rule_action action_of[] = {
        ACTION_STOP, ACTION_URGENT, ACTION_SKIP_REGION };
    if ((k == QK_TEXT || k == QK_ANSWER) && builtin_question_find(q->id)) {
        error_at(p, line, _("'%s' cannot be set for the built-in question "
                 "'%s': built-in questions keep their own wording so their "
                 "rule cannot be changed; to ask something else, use your "
                 "own id"), question_keys[k], q->id);
        sec->key_line[k] = -line;
        free(v);
        return;
    }
    switch (k) {
    case QK_TEXT:
        set_text(&q->text, v);
        return;
    case QK_SAY:
        set_text(&q->say, v);
        return;
    case QK_ANSWER: {
        int i = parse_word(p, line, "answer kind", v, kinds, 2,
                           "scale (0 to 10) or yes-no");
        if (i >= 0)
            q->kind = i;
        else
            sec->key_line[QK_ANSWER] = -line;
        break;
    }
    case QK_ACTION: {
        int i = parse_word(p, line, "action", v, actions, 3,
                           "stop, urgent or skip-region");
        if (i >= 0)
            q->action = (int)action_of[i];
        break;
    }
    case QK_STOP_IF:
        q->rule_ok = parse_rule(p, line, v, &q->rule);
        break;
    }
    free(v);
}

static int handler(void *user, const char *section, const char *name,
                   const char *value, int lineno)
{
    struct parser *p = user;
    (void)section;
    if (lineno < 1 || lineno > p->nlines || !name || !value)
        return 1;
    const struct line_info *li = &p->lines[lineno];
    if (li->kind != LINE_KEY || li->sec < 0)
        return 1;
    struct section *sec = &p->secs[li->sec];
    if (sec->kind == SEC_BAD)
        return 1;
    int k = key_index(sec->kind, name, strlen(name));
    if (k < 0) {
        /* "hodl = 45" is one mistake: the step does not also lack its
         * hold (marked as reported, like a bad value). */
        int typo = unknown_key(p, lineno, sec->kind, name);
        if (typo >= 0 && !sec->key_line[typo])
            sec->key_line[typo] = -lineno;
        return 1;
    }
    const char *key = keys_of(sec->kind, &(size_t){0})[k];
    if (sec->key_line[k]) {
        int first = sec->key_line[k] < 0 ? -sec->key_line[k]
                                         : sec->key_line[k];
        error_at(p, lineno, _("duplicate key '%s' (first set on line %d): "
                 "keep one"), key, first);
        return 1;
    }
    sec->key_line[k] = lineno;
    bool text = key_is_text(sec->kind, k);
    char *v = gather_value(p, lineno, value, text, key);
    if (!v) {
        sec->key_line[k] = -lineno;
        return 1;
    }
    if (strlen(v) > MAX_TEXT_BYTES) {
        error_at(p, lineno, _("'%s' is %zu bytes long; the limit is %d: keep "
                 "spoken text short"), key, strlen(v), MAX_TEXT_BYTES);
        sec->key_line[k] = -lineno;
        free(v);
        return 1;
    }
    if (!*v) {
        error_at(p, lineno, _("'%s' is empty: write a value or remove the "
                 "line"), key);
        sec->key_line[k] = -lineno;
        free(v);
        return 1;
    }
    switch (sec->kind) {
    case SEC_ROUTINE:  routine_key(p, lineno, k, v); break;
    case SEC_STEP:     step_key(p, lineno, sec, k, v); break;
    case SEC_QUESTION: question_key(p, lineno, sec, k, v); break;
    case SEC_BAD:      free(v); break;
    }
    return 1;
}

/* -------------------------------------------------------------- checks */

static void check_routine_section(struct parser *p)
{
    const struct section *s = &p->secs[p->routine_sec];
    if (!s->key_line[RK_TITLE] && !s->damaged)
        error_at(p, s->line, _("[routine] has no title: add title = ... "
                 "(what the routine is called)"));
}


/* The region a step's id names, if any: "calves", "shoulders" (an
 * alias), "shoulder-tops" (a word of it, or that word's plural). */
static const char *step_region_guess(const char *id)
{
    const struct region_info *g = region_find(id);
    if (g)
        return g->id;
    char *copy = xstrdup(id), *save = NULL;
    const char *found = NULL;
    for (char *w = strtok_r(copy, "-", &save); w && !found;
         w = strtok_r(NULL, "-", &save)) {
        char plural[72];
        snprintf(plural, sizeof plural, "%ss", w);
        /* A region id, or a common name for one (an alias). */
        const char *alias = NULL;
        if ((g = region_find(w)) || (g = region_find(plural)))
            found = g->id;
        else if ((alias = region_suggest(w)) && !strcmp(alias, w))
            found = alias;
        else if (strlen(w) >= 4 && ((alias = region_suggest(plural)) ||
                                    (alias = region_suggest(w))))
            found = alias;
    }
    free(copy);
    return found ? found : region_suggest(id);
}

static void check_step(struct parser *p, size_t i)
{
    struct routine_step *st = &p->steps[i];
    const struct section *s = NULL;
    for (size_t j = 0; j < p->nsecs; j++)
        if (p->secs[j].kind == SEC_STEP && p->secs[j].item == (int)i)
            s = &p->secs[j];
    if (!s)
        return;
    /* The region suggested is the one the step's id names when it names
     * one ([step shoulders] -> upper-traps), never a region unrelated to
     * the step. */
    const char *guess = step_region_guess(st->id);
    char region_fix[400];
    if (guess) {
        snprintf(region_fix, sizeof region_fix,
                 _("region = %s (see the region list)"), guess);
    } else {
        /* TRANSLATORS: the region ids follow, separated by commas. */
        size_t o = (size_t)snprintf(region_fix, sizeof region_fix, "%s",
                                    _("region = one of"));
        for (size_t g = 0; g < region_count() && o < sizeof region_fix; g++)
            o += (size_t)snprintf(region_fix + o, sizeof region_fix - o,
                                  "%s %s", g ? "," : "", region_at(g)->id);
    }
    const char *need[][2] = {
        { "region", region_fix },
        { "setup", _("setup = ... (how to get into position)") },
        { "hold", _("hold = 30 to 120 (seconds per side)") },
    };
    static const int need_key[] = { SK_REGION, SK_SETUP, SK_HOLD };
    if (!s->damaged)
        for (size_t k = 0; k < ARRAY_LEN(need_key); k++)
            if (!s->key_line[need_key[k]])
                error_at(p, s->line, _("step '%s' has no '%s': add %s"),
                         st->id, need[k][0], need[k][1]);
    const struct region_info *r = st->region;
    if (!r)
        return;
    int tool_line = s->key_line[SK_TOOL];
    if (tool_line < 0)
        return;         /* already reported */
    if (!tool_line) {
        st->tool = (enum routine_tool)r->usual_tool;
    } else if (!(r->tools & (1u << st->tool))) {
        char list[40] = "";
        static const char *const names[] = { "roller", "ball", "hands" };
        for (int t = 0; t < 3; t++)
            if (r->tools & (1u << t)) {
                if (*list)
                    strcat(list, " or ");
                strcat(list, names[t]);
            }
        error_at(p, tool_line, _("%s is not worked with a %s: use tool = %s"),
                 r->name, names[st->tool], list);
    }
    if (st->sides == SIDES_LEFT_RIGHT && !r->paired)
        error_at(p, s->key_line[SK_SIDES], _("%s has no left and right side: "
                 "use sides = both (or leave sides out)"), r->name);
    /* Sets per region and tender-spot holds: dose_check_routine(). */
}

static void describe_rule(char *buf, size_t n, const struct stop_rule *r)
{
    static const char *const ops[] = {
        "", ">=", ">", "<=", "<", "=", "yes", "no" };
    if (r->op == RULE_YES || r->op == RULE_NO)
        snprintf(buf, n, "%s -> %s", ops[r->op], rule_action_name(r->action));
    else
        snprintf(buf, n, "%s %d -> %s", ops[r->op], r->value,
                 rule_action_name(r->action));
}

static void check_question(struct parser *p, struct pquestion *q)
{
    const struct section *s = &p->secs[q->sec];
    const struct question *b = builtin_question_find(q->id);
    int stop_line = s->key_line[QK_STOP_IF];
    if (b) {
        /* text and answer were refused as they were read. */
        q->kind = (int)b->kind;
        if (!q->text)
            q->text = xstrdup(b->text);
    } else if (!s->damaged) {
        if (!s->key_line[QK_TEXT])
            error_at(p, s->line, _("question '%s' has no 'text': add text = "
                     "... (what the coach asks)"), q->id);
        if (!s->key_line[QK_ANSWER])
            error_at(p, s->line, _("question '%s' has no 'answer': add answer "
                     "= scale or answer = yes-no"), q->id);
    }
    if (!stop_line) {
        if (s->key_line[QK_ACTION] > 0)
            error_at(p, s->key_line[QK_ACTION], _("'action' needs a stop_if "
                     "rule: add stop_if = ... or remove the action"));
        if (b) {
            q->rule = b->rule;
            q->rule.say = NULL;
            q->rule_ok = true;
        } else if (s->key_line[QK_SAY] > 0) {
            error_at(p, s->key_line[QK_SAY], _("'say' needs a stop_if rule: "
                     "add stop_if = ... or remove the say line"));
        }
        return;
    }
    if (!q->rule_ok || q->kind < 0)
        return;
    q->rule.action = q->action >= 0 ? (enum rule_action)q->action
                                    : ACTION_STOP;
    if (!stop_rule_valid_for(&q->rule, (enum answer_kind)q->kind)) {
        if (q->rule.op == RULE_YES || q->rule.op == RULE_NO)
            error_at(p, stop_line, _("stop_if = %s cannot be met by a %s "
                     "question: use a rule such as '>= 7'"),
                     q->rule.op == RULE_YES ? "yes" : "no",
                     answer_kind_name((enum answer_kind)q->kind));
        else if (q->kind == ANSWER_YES_NO)
            error_at(p, stop_line, _("a yes-no question is answered yes or "
                     "no: use stop_if = yes (or no)"));
        else
            error_at(p, stop_line, _("this rule fires on every answer or on "
                     "none (the scale runs from 0 to 10): use e.g. '>= 7'"));
        q->rule_ok = false;
        return;
    }
    /* Safety rules fail closed: a routine may tighten a built-in rule,
     * never loosen it. */
    if (b && !stop_rule_at_least_as_strict(&q->rule, &b->rule, b->kind)) {
        char desc[64];
        describe_rule(desc, sizeof desc, &b->rule);
        error_at(p, stop_line, _("this rule is looser than the built-in rule "
                 "for '%s' (%s): a routine may only make it stricter; "
                 "tighten stop_if or remove it"), q->id, desc);
        q->rule_ok = false;
    } else if (b && rule_action_rank(q->rule.action)
                    < rule_action_rank(b->rule.action)) {
        int line = s->key_line[QK_ACTION] > 0 ? s->key_line[QK_ACTION]
                                              : stop_line;
        error_at(p, line, _("action %s is less serious than the built-in "
                 "rule for '%s' (%s): a routine can only make a built-in "
                 "rule stricter; write action = %s (or more serious)"),
                 rule_action_name(q->rule.action), q->id,
                 rule_action_name(b->rule.action),
                 rule_action_name(b->rule.action));
        q->rule_ok = false;
    }
}

static void check_asks(struct parser *p)
{
    for (size_t i = 0; i < p->nsteps; i++) {
        struct routine_step *st = &p->steps[i];
        for (size_t k = 0; k < st->ask_count; k++) {
            int qi = find_question(p, st->ask[k]);
            if (qi >= 0) {
                p->qs[qi].asked = true;
                continue;
            }
            if (builtin_question_find(st->ask[k]))
                continue;
            const char *names[64];
            size_t n = 0;
            for (size_t b = 0; b < builtin_question_count() && n < 32; b++)
                names[n++] = builtin_question_at(b)->id;
            for (size_t b = 0; b < p->nqs && n < 64; b++)
                names[n++] = p->qs[b].id;
            const char *hint = closest(st->ask[k], names, n);
            if (hint)
                error_at(p, p->ask_lines[i], _("ask names question '%s', "
                         "which is not defined: did you mean '%s'?"),
                         st->ask[k], hint);
            else {
                char list[400] = "";
                for (size_t b = 0; b < builtin_question_count(); b++) {
                    size_t used = strlen(list);
                    snprintf(list + used, sizeof list - used, "%s%s",
                             b ? ", " : "", builtin_question_at(b)->id);
                }
                error_at(p, p->ask_lines[i], _("ask names question '%s', "
                         "which is not defined: add a [question %s] "
                         "section or use a built-in one (%s)"),
                         st->ask[k], st->ask[k], list);
            }
        }
    }
    for (size_t i = 0; i < p->nqs; i++)
        if (!p->qs[i].asked)
            warn_at(p, p->secs[p->qs[i].sec].line, _("question '%s' is "
                    "defined but no step asks it: add it to a step's ask "
                    "list"), p->qs[i].id);
}

/* ------------------------------------------------------------ building */

static void free_step(struct routine_step *st)
{
    free(st->id);
    free(st->setup);
    free(st->cue);
    for (size_t k = 0; k < st->ask_count; k++)
        free(st->ask[k]);
    free(st->ask);
}

static void free_pquestion(struct pquestion *q)
{
    free(q->id);
    free(q->text);
    free(q->say);
}

static void parser_free(struct parser *p)
{
    free(p->lines);
    free(p->secs);
    free(p->title);
    free(p->description);
    free(p->language);
    for (size_t i = 0; i < p->nsteps; i++)
        free_step(&p->steps[i]);
    free(p->steps);
    free(p->ask_lines);
    for (size_t i = 0; i < p->nqs; i++)
        free_pquestion(&p->qs[i]);
    free(p->qs);
}

static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".ini"))
        n -= 4;
    return xstrndup(base, n);
}

/* Moves the parsed data into a routine; the parser keeps nothing. */
static struct routine *build(struct parser *p, const char *path)
{
    struct routine *r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->name = name_from_path(p->file);
    r->title = p->title;
    r->description = p->description;
    r->level = p->level;
    r->line = p->routine_sec >= 0 ? p->secs[p->routine_sec].line : 0;
    r->description_line = p->description_line;
    r->language_set = p->language != NULL;
    r->language = p->language ? p->language : xstrdup("en");
    p->title = p->description = p->language = NULL;
    r->steps = p->steps;
    r->step_count = p->nsteps;
    p->steps = NULL;
    p->nsteps = 0;
    r->question_count = p->nqs;
    r->questions = xcalloc(p->nqs ? p->nqs : 1, sizeof *r->questions);
    for (size_t i = 0; i < p->nqs; i++) {
        struct pquestion *pq = &p->qs[i];
        struct routine_question *rq = &r->questions[i];
        rq->line = p->secs[pq->sec].line;
        rq->q.id = pq->id;
        rq->q.text = pq->text;
        rq->q.kind = (enum answer_kind)pq->kind;
        rq->q.rule = pq->rule;
        if (rq->q.rule.op != RULE_NONE) {
            const struct question *b = builtin_question_find(pq->id);
            /* A redefined built-in keeps the built-in rule id and message
             * when it is the built-in rule; a stricter rule is the
             * routine's own. */
            bool same = b && pq->rule.op == b->rule.op
                        && pq->rule.value == b->rule.value
                        && pq->rule.action == b->rule.action;
            /* For a built-in id, say is only the routine's add-on, spoken
             * after the built-in message (question_rule_message()). */
            if (pq->say)
                rq->q.rule.say = pq->say;
            else if (b)
                rq->q.rule.say = NULL;
            else
                rq->q.rule.say =
                    xstrdup(rule_action_default_say(pq->rule.action));
            rq->q.rule.id = same ? xstrdup(b->rule.id)
                                 : xasprintf("routine-%s", pq->id);
        } else {
            free(pq->say);
            rq->q.rule.say = NULL;
            rq->q.rule.id = NULL;
        }
        pq->id = pq->text = pq->say = NULL;
    }
    return r;
}

void routine_destroy(struct routine *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->name);
    free(r->title);
    free(r->description);
    free(r->language);
    for (size_t i = 0; i < r->step_count; i++)
        free_step(&r->steps[i]);
    free(r->steps);
    for (size_t i = 0; i < r->question_count; i++) {
        struct question *q = &r->questions[i].q;
        free((char *)q->id);
        free((char *)q->text);
        free((char *)q->rule.say);
        free((char *)q->rule.id);
    }
    free(r->questions);
    free(r);
}

/* Sorts the entries this load added by line (stable), leaving those of
 * earlier files where they are. */
static void sort_diags(struct diag_list *dl, size_t first)
{
    for (size_t i = first + 1; i < dl->count; i++) {
        struct diag d = dl->items[i];
        size_t j = i;
        while (j > first && dl->items[j - 1].line > d.line) {
            dl->items[j] = dl->items[j - 1];
            j--;
        }
        dl->items[j] = d;
    }
}

static struct routine *load(const char *text, size_t len, const char *file,
                            const char *path, struct diag_list *diags)
{
    struct parser p;
    memset(&p, 0, sizeof p);
    p.file = file;
    p.text = text;
    p.len = len;
    p.diags = diags;
    p.routine_sec = -1;
    p.level = LEVEL_MODERATE;
    size_t errors_before = diags->errors;
    size_t first_diag = diags->count;

    char *clean = scan(&p);
    if (!clean) {
        parser_free(&p);
        return NULL;
    }
    if (!p.any_content) {
        if (diags->errors == errors_before)
            error_at(&p, 0, p.nlines > 1 || len > 3
                     ? _("the file is only comments and blank lines: a "
                         "routine needs a [routine] section with a title "
                         "and at least one [step ID] section")
                     : _("the file is empty: a routine needs a [routine] "
                         "section with a title and at least one [step ID] "
                         "section"));
        free(clean);
        parser_free(&p);
        return NULL;
    }
    int rc = ini_parse_string(clean, handler, &p);
    free(clean);
    if (rc < 0)
        error_at(&p, 0, _("could not read the file (out of memory)"));

    if (p.routine_sec < 0) {
        if (!p.broken_header && !p.routine_headers)
            error_at(&p, 0, _("no [routine] section: start the file with "
                     "[routine] and a title = ... line"));
    } else {
        check_routine_section(&p);
    }
    if (p.nsteps == 0 && !p.broken_header && !p.step_headers)
        error_at(&p, 0, _("no steps: add at least one [step ID] section"));
    for (size_t i = 0; i < p.nsteps; i++)
        check_step(&p, i);
    for (size_t i = 0; i < p.nqs; i++)
        check_question(&p, &p.qs[i]);
    check_asks(&p);

    struct routine *r = NULL;
    if (diags->errors == errors_before) {
        r = build(&p, path);
        /* The dose limits a file can break; the 20-minute cap needs the
         * engine's timeline and speech, so `unknot check` measures it
         * (coach/dose.h). */
        if (dose_check_routine(r, file, diags)) {
            routine_destroy(r);
            r = NULL;
        }
    }
    parser_free(&p);
    sort_diags(diags, first_diag);
    return r;
}

struct routine *routine_load_string(const char *text, size_t len,
                                    const char *name,
                                    struct diag_list *diags)
{
    if (!name)
        name = "(string)";
    if (!text)
        len = 0;
    return load(text ? text : "", len, name, "(string)", diags);
}

struct routine *routine_load_file(const char *path, struct diag_list *diags)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, _("cannot open: %s"),
                 strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, _("is a folder, not a routine "
                 "file"));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, _("is not a regular file"));
        return NULL;
    }
    if (st.st_size > MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, path, 0, _("file is too large (%lld "
                 "bytes): a routine file may be at most %d KiB"),
                 (long long)st.st_size, MAX_FILE_BYTES / 1024);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, _("cannot open: %s"),
                 strerror(errno));
        return NULL;
    }
    char *buf = xmalloc(MAX_FILE_BYTES + 2);
    size_t n = fread(buf, 1, MAX_FILE_BYTES + 1, f);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        diag_add(diags, DIAG_ERROR, path, 0, _("cannot read: %s"),
                 strerror(errno));
        free(buf);
        return NULL;
    }
    struct routine *r = load(buf, n, path, path, diags);
    free(buf);
    return r;
}

const struct question *routine_question_find(const struct routine *r,
                                             const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; r && i < r->question_count; i++)
        if (!strcmp(r->questions[i].q.id, id))
            return &r->questions[i].q;
    return builtin_question_find(id);
}

static int speech_seconds(const char *s)
{
    int w = count_words(s);
    if (!w)
        return 0;
    return (w * 60 + WORDS_PER_MIN - 1) / WORDS_PER_MIN + 1;
}

int routine_estimate_seconds(const struct routine *r)
{
    int t = speech_seconds(r->title) + speech_seconds(r->description);
    for (size_t i = 0; i < r->step_count; i++) {
        const struct routine_step *st = &r->steps[i];
        int sides = st->sides == SIDES_LEFT_RIGHT ? 2 : 1;
        t += speech_seconds(st->setup);
        t += sides * (LEAD_IN_S + st->hold_s);
        if (sides == 2)
            t += SWITCH_S;
        for (size_t k = 0; k < st->ask_count; k++) {
            const struct question *q = routine_question_find(r, st->ask[k]);
            t += (q ? speech_seconds(q->text) : 0) + ANSWER_S;
        }
        if (i + 1 < r->step_count)
            t += st->rest_s;
    }
    return t + CLOSING_S;
}

const char *routine_level_name(enum routine_level l)
{
    switch (l) {
    case LEVEL_GENTLE:   return "gentle";
    case LEVEL_MODERATE: return "moderate";
    case LEVEL_FIRM:     return "firm";
    }
    return "moderate";
}

const char *routine_sides_name(enum routine_sides s)
{
    return s == SIDES_LEFT_RIGHT ? "left-right" : "both";
}

const char *routine_tool_name(enum routine_tool t)
{
    switch (t) {
    case TOOL_ROLLER: return "roller";
    case TOOL_BALL:   return "ball";
    case TOOL_HANDS:  return "hands";
    }
    return "roller";
}

/* ------------------------------------------------------------- finding */

/* The folders searched, in order; NULL-terminated, caller frees each. */
static size_t routine_dirs(char *dirs[4])
{
    size_t n = 0;
    char *data = paths_data_dir();
    dirs[n++] = path_join(data, "routines");
    free(data);
    dirs[n++] = path_join(paths_install_data_dir(), "routines");
    char *tree = paths_source_tree();
    if (tree) {
        dirs[n++] = path_join(tree, "routines");
        free(tree);
    }
    dirs[n] = NULL;
    return n;
}

static void free_dirs(char *dirs[4])
{
    for (size_t i = 0; dirs[i]; i++)
        free(dirs[i]);
}

char *routine_resolve(const char *name_or_path)
{
    if (!name_or_path || !*name_or_path)
        return NULL;
    struct stat st;
    bool pathlike = strchr(name_or_path, '/')
                    || str_ends_with(name_or_path, ".ini");
    if (pathlike && stat(name_or_path, &st) == 0)
        return xstrdup(name_or_path);
    if (strchr(name_or_path, '/'))
        return NULL;
    char *name = name_from_path(name_or_path);
    char *file = xasprintf("%s.ini", name);
    free(name);
    char *dirs[4];
    routine_dirs(dirs);
    char *found = NULL;
    for (size_t i = 0; dirs[i] && !found; i++) {
        char *p = path_join(dirs[i], file);
        if (path_is_file(p))
            found = p;
        else
            free(p);
    }
    free_dirs(dirs);
    free(file);
    return found;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **routine_list_paths(void)
{
    char *dirs[4];
    routine_dirs(dirs);
    char **paths = NULL, **names = NULL;
    size_t n = 0, cap = 0, ncap = 0;
    for (size_t d = 0; dirs[d]; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        char **here = NULL;
        size_t nh = 0, hcap = 0;
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.' || !str_ends_with(e->d_name, ".ini")
                || strlen(e->d_name) <= 4)
                continue;
            here = xgrow(here, &hcap, nh + 1, sizeof *here);
            here[nh++] = xstrdup(e->d_name);
        }
        closedir(dir);
        if (nh)
            qsort(here, nh, sizeof *here, cmp_str);
        for (size_t i = 0; i < nh; i++) {
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++)
                seen = !strcmp(names[k], here[i]);
            char *p = seen ? NULL : path_join(dirs[d], here[i]);
            if (p && !path_is_file(p)) {
                free(p);
                p = NULL;
            }
            if (p) {
                paths = xgrow(paths, &cap, n + 2, sizeof *paths);
                names = xgrow(names, &ncap, n + 1, sizeof *names);
                paths[n] = p;
                names[n++] = here[i];
            } else {
                free(here[i]);
            }
        }
        free(here);
    }
    free_dirs(dirs);
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    if (!paths)
        paths = xcalloc(1, sizeof *paths);
    paths[n] = NULL;
    return paths;
}

void routine_free_paths(char **paths)
{
    if (!paths)
        return;
    for (size_t i = 0; paths[i]; i++)
        free(paths[i]);
    free(paths);
}
