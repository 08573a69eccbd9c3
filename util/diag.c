/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See diag.h. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "util/escape.h"
#include "util/i18n.h"

void diag_init(struct diag_list *dl)
{
    memset(dl, 0, sizeof *dl);
}

void diag_free(struct diag_list *dl)
{
    for (size_t i = 0; i < dl->count; i++) {
        free(dl->items[i].file);
        free(dl->items[i].message);
    }
    free(dl->items);
    memset(dl, 0, sizeof *dl);
}

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
              int line, const char *fmt, ...)
{
    dl->items = xgrow(dl->items, &dl->cap, dl->count + 1, sizeof *dl->items);
    struct diag *d = &dl->items[dl->count++];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    d->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(d->message, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    d->file = xstrdup(file ? file : "(input)");
    d->line = line;
    d->severity = sev;
    if (sev == DIAG_ERROR)
        dl->errors++;
    else
        dl->warnings++;
}

void diag_sort(struct diag_list *dl)
{
    /* Insertion sort: stable, and lists are short. */
    for (size_t i = 1; i < dl->count; i++) {
        struct diag d = dl->items[i];
        size_t j = i;
        while (j > 0 && dl->items[j - 1].line > d.line) {
            dl->items[j] = dl->items[j - 1];
            j--;
        }
        dl->items[j] = d;
    }
}

char *diag_format(const struct diag *d)
{
    /* The severity in the reader's language, as GCC prints it; the
     * "FILE:LINE: " before it stays as it is, for editors. */
    const char *sev = d->severity == DIAG_ERROR ? C_("diagnostic", "error")
                                                : C_("diagnostic", "warning");
    if (d->line > 0)
        return xasprintf("%s:%d: %s: %s", d->file, d->line, sev, d->message);
    return xasprintf("%s: %s: %s", d->file, sev, d->message);
}

void diag_print(const struct diag_list *dl, FILE *out)
{
    for (size_t i = 0; i < dl->count; i++) {
        /* File names and quoted text come from files: escaped. */
        char *s = diag_format(&dl->items[i]);
        fputs(term_safe(s), out);
        fputc('\n', out);
        free(s);
    }
}
