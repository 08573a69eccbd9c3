/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Small helpers every module uses: allocation that aborts on exhaustion,
 * string helpers, UTF-8 validation and the project-wide assert.
 *
 * Out of memory is not recoverable on the devices Unknot runs on (a Pi with
 * no swap), so x*alloc print a message and abort rather than making every
 * caller carry an error path it could never test.  Thread-safe.
 */
#ifndef UNKNOT_UTIL_H
#define UNKNOT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Programmer errors: prints expression, file and line, then aborts. */
#define UNKNOT_ASSERT(expr) \
    ((expr) ? (void)0 : util_assert_fail(#expr, __FILE__, __LINE__))
void util_assert_fail(const char *expr, const char *file, int line)
    __attribute__((noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of elem_size-byte items to hold at least need items. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string (caller frees). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Trims ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Parses a whole decimal integer (leading/trailing blanks allowed).
 * Returns false on anything else, including overflow. */
bool str_to_int(const char *s, long *out);
/* Parses a whole decimal number with optional fraction. */
bool str_to_double(const char *s, double *out);
/* Levenshtein distance, capped at max+1 (for "did you mean" hints). */
size_t str_edit_distance(const char *a, const char *b, size_t max);

/* Returns true when s[0..len) is well-formed UTF-8 (no overlongs, no
 * surrogates).  On failure *bad_offset is the first bad byte's offset. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Monotonic time in milliseconds since an arbitrary origin. */
long long util_now_ms(void);
/* Wall-clock time, seconds since the epoch. */
long long util_wall_s(void);

#endif
