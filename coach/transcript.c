/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See transcript.h. */
#include "coach/transcript.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

struct transcript {
    FILE *f;
    bool own, failed;
};

struct transcript *transcript_open(const char *path, char **err)
{
    /* It holds every health answer: private to the user (0600) like the
     * history, also when it replaces an older, wider file. */
    FILE *f = stdout;
    if (strcmp(path, "-") != 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)
            && (sb.st_mode & 077) && fchmod(fd, 0600) != 0) {
            close(fd);
            fd = -1;
        }
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f && fd >= 0)
            close(fd);
    }
    if (!f) {
        *err = xasprintf("%s: cannot write the transcript: %s", path,
                         strerror(errno));
        return NULL;
    }
    struct transcript *t = xcalloc(1, sizeof *t);
    t->f = f;
    t->own = f != stdout;
    return t;
}

void json_write_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);   /* UTF-8 passes through */
        }
    }
    fputc('"', f);
}

const char *coach_side_name(enum coach_side s)
{
    return s == SIDE_LEFT ? "left" : s == SIDE_RIGHT ? "right" : "none";
}

static void field(FILE *f, const char *name, const char *value)
{
    fprintf(f, ",\"%s\":", name);
    json_write_string(f, value);
}

int transcript_write(struct transcript *t, const struct coach_action *a,
                     long long t_ms)
{
    const char *ev;
    switch (a->kind) {
    case COACH_ACT_SAY:        ev = "say"; break;
    case COACH_ACT_HOLD_START: ev = "hold_start"; break;
    case COACH_ACT_HOLD_END:   ev = "hold_end"; break;
    case COACH_ACT_REST_START: ev = "rest_start"; break;
    case COACH_ACT_ASK:        ev = "ask"; break;
    case COACH_ACT_ANSWER:     ev = "answer"; break;
    case COACH_ACT_STOP:       ev = "stop"; break;
    case COACH_ACT_END:        ev = "end"; break;
    default:
        return 0;
    }
    FILE *f = t->f;
    fprintf(f, "{\"t\":%lld.%03lld,\"event\":\"%s\"", t_ms / 1000,
            t_ms % 1000, ev);
    switch (a->kind) {
    case COACH_ACT_SAY:
        field(f, "text", a->text);
        break;
    case COACH_ACT_HOLD_START:
    case COACH_ACT_HOLD_END:
        field(f, "step", a->step);
        field(f, "region", a->region);
        field(f, "side", coach_side_name(a->side));
        break;
    case COACH_ACT_REST_START:
        field(f, "step", a->step);
        field(f, "region", a->region);
        break;
    case COACH_ACT_ASK:
        field(f, "question", a->question);
        field(f, "step", a->step);
        field(f, "region", a->region);
        break;
    case COACH_ACT_ANSWER:
        field(f, "question", a->question);
        fprintf(f, ",\"value\":%d", a->value);
        field(f, "step", a->step);
        field(f, "region", a->region);
        break;
    case COACH_ACT_STOP:
        field(f, "rule", a->rule);
        field(f, "action", rule_action_name(a->action));
        field(f, "text", a->text);
        break;
    case COACH_ACT_END:
        field(f, "outcome", coach_outcome_name(a->outcome));
        field(f, "rule", a->rule);
        break;
    default:
        break;
    }
    fputs("}\n", f);
    if (fflush(f) != 0 || ferror(f))
        t->failed = true;
    return t->failed ? -1 : 0;
}

int transcript_close(struct transcript *t)
{
    if (!t)
        return 0;
    int rc = t->failed ? -1 : 0;
    if (t->own && fclose(t->f) != 0)
        rc = -1;
    free(t);
    return rc;
}
