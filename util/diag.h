/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Diagnostics for user-written files (routines, settings): collected, sorted
 * by line and printed as compilers print them, "FILE:LINE: error: MESSAGE",
 * so editors can jump to them.  A line of 0 means the whole file
 * ("FILE: error: MESSAGE").
 *
 * A diag_list owns copies of every string given to it.  Not thread-safe;
 * one list per file being checked.
 */
#ifndef UNKNOT_UTIL_DIAG_H
#define UNKNOT_UTIL_DIAG_H

#include <stdio.h>
#include <stddef.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
    char *file;
    int line;
    enum diag_severity severity;
    char *message;
};

struct diag_list {
    struct diag *items;
    size_t count, cap;
    size_t errors, warnings;
};

void diag_init(struct diag_list *dl);
void diag_free(struct diag_list *dl);
void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
              int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Stable sort by (file order kept) line number. */
void diag_sort(struct diag_list *dl);
/* Prints every entry, one per line. */
void diag_print(const struct diag_list *dl, FILE *out);
/* Formats one entry into a new string (caller frees), without newline. */
char *diag_format(const struct diag *d);

#endif
