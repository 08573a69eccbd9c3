/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Minimal test harness shared by every tests/test_*.c binary.
 *
 * A test is a void function; RUN_TEST() runs it and counts it as passed when
 * no CHECK failed inside it.  Failures print "file:line: FAIL: expression"
 * and the test goes on, so one run shows every broken assertion.  A CHECK
 * outside any test (set-up in main) counts as one failed test.
 * check_summary() prints the closing line "SUITE: N passed, N failed" that
 * tests/run.sh adds up, and returns the process exit status.
 *
 * Set TEST_FILTER=substring to run only matching tests.  Single-threaded.
 */
#ifndef UNKNOT_TESTS_CHECK_H
#define UNKNOT_TESTS_CHECK_H

#include <stddef.h>
#include <string.h>

void check_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void check_run(const char *name, void (*fn)(void));
int check_summary(const char *suite);

#define CHECK(expr) do { \
        if (!(expr)) check_fail(__FILE__, __LINE__, "%s", #expr); \
    } while (0)

#define CHECK_INT(a, op, b) do { \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
        if (!(check_a_ op check_b_)) \
            check_fail(__FILE__, __LINE__, "%s %s %s (%lld vs %lld)", \
                       #a, #op, #b, check_a_, check_b_); \
    } while (0)

#define CHECK_STR(a, b) do { \
        const char *check_sa_ = (a), *check_sb_ = (b); \
        if (!check_sa_ || !check_sb_ || strcmp(check_sa_, check_sb_) != 0) \
            check_fail(__FILE__, __LINE__, "%s == %s (\"%s\" vs \"%s\")", \
                       #a, #b, check_sa_ ? check_sa_ : "(null)", \
                       check_sb_ ? check_sb_ : "(null)"); \
    } while (0)

/* Substring test; both strings must be non-NULL. */
#define CHECK_CONTAINS(hay, needle) do { \
        const char *check_h_ = (hay), *check_n_ = (needle); \
        if (!check_h_ || !check_n_ || !strstr(check_h_, check_n_)) \
            check_fail(__FILE__, __LINE__, "%s contains \"%s\" (in \"%s\")", \
                       #hay, check_n_ ? check_n_ : "(null)", \
                       check_h_ ? check_h_ : "(null)"); \
    } while (0)

#define RUN_TEST(fn) check_run(#fn, fn)

/* Test utilities.  Returned strings are owned by the caller (free()). */

/* A fresh directory under $TMPDIR, removed by check_summary(). */
const char *check_tmpdir(void);
/* Writes data to DIR/name (dir = check_tmpdir()) and returns the path. */
char *check_write_file(const char *name, const void *data, size_t len);
/* Whole file, NUL-terminated; NULL when unreadable.  *len may be NULL. */
char *check_read_file(const char *path, size_t *len);
/* Runs a shell command, returns its exit status (or -1) and its stdout and
 * stderr together in *out. */
int check_run_cmd(const char *cmd, char **out);
/* Path of the unknot binary under test ($UNKNOT_BIN, else ./unknot). */
const char *check_unknot_bin(void);

#endif
