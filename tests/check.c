/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test harness implementation; see check.h. */
#include "tests/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static int passed, failed;
static int current_failures;
static const char *current_name;
static char tmpdir[512];

void check_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: FAIL: [%s] ", file, line,
            current_name ? current_name : "?");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    /* A check outside any test (a set-up in main) fails the suite on its
     * own: counted into the next test's tally it would be reset unseen. */
    if (current_name)
        current_failures++;
    else
        failed++;
}

void check_run(const char *name, void (*fn)(void))
{
    const char *filter = getenv("TEST_FILTER");
    if (filter && *filter && !strstr(name, filter))
        return;
    current_name = name;
    current_failures = 0;
    fn();
    if (current_failures)
        failed++;
    else
        passed++;
    current_name = NULL;
}

int check_summary(const char *suite)
{
    if (tmpdir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "warning: could not remove %s\n", tmpdir);
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

const char *check_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/unknot-test-XXXXXX",
                 base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return tmpdir;
}

char *check_write_file(const char *name, const void *data, size_t len)
{
    size_t n = strlen(check_tmpdir()) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s/%s", check_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    return path;
}

char *check_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (n + 1024 + 1 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int check_run_cmd(const char *cmd, char **out)
{
    size_t n = strlen(cmd) + 16;
    char *full = malloc(n);
    if (!full)
        abort();
    snprintf(full, n, "(%s) 2>&1", cmd);
    FILE *p = popen(full, "r");
    free(full);
    if (!p) {
        *out = NULL;
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 1024) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
    }
    buf[len] = '\0';
    *out = buf;
    int status = pclose(p);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

const char *check_unknot_bin(void)
{
    const char *bin = getenv("UNKNOT_BIN");
    return bin && *bin ? bin : "./unknot";
}
