/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See journal.h. */
#define _GNU_SOURCE     /* fallocate, FALLOC_FL_KEEP_SIZE */
#include "history/journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

struct journal {
    int fd;
    char *path;
    bool written;
};

#define JOURNAL_INFIX "-unsaved-"

struct journal *journal_open(const char *db_path, bool *reserved)
{
    *reserved = false;
    char *path = xasprintf("%s" JOURNAL_INFIX "%ld", db_path,
                           (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
                        | O_NOFOLLOW, 0600);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        free(path);
        errno = e;
        return NULL;
    }
    struct stat sb;
    bool had_data = fstat(fd, &sb) == 0 && sb.st_size > 0;
    /* The blocks, not the size: O_APPEND writes land in them. */
    *reserved = fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, JOURNAL_RESERVE) == 0;
    struct journal *j = xcalloc(1, sizeof *j);
    j->fd = fd;
    j->path = path;
    j->written = had_data;  /* a dead process's journal with our pid */
    return j;
}

int journal_append(struct journal *j, const char *line, size_t len)
{
    while (len > 0) {
        ssize_t n = write(j->fd, line, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        j->written = true;
        line += n;
        len -= (size_t)n;
    }
    return fdatasync(j->fd);
}

const char *journal_path(const struct journal *j)
{
    return j->path;
}

void journal_close(struct journal *j)
{
    if (!j)
        return;
    if (!j->written)
        unlink(j->path);
    close(j->fd);       /* drops the lock */
    free(j->path);
    free(j);
}

static char *read_all(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap)
            buf = xrealloc(buf, (cap *= 2) + 1);
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int journal_replay_leftovers(const char *db_path,
                             int (*fn)(void *user, const char *path,
                                       char *data, size_t len),
                             void *user)
{
    const char *slash = strrchr(db_path, '/');
    char *dir = slash ? xstrndup(db_path, (size_t)(slash - db_path + 1))
                      : xstrdup("./");
    char *prefix = xasprintf("%s" JOURNAL_INFIX, slash ? slash + 1
                                                       : db_path);
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        free(prefix);
        return -1;
    }
    int replayed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!str_starts_with(e->d_name, prefix))
            continue;
        char *path = xasprintf("%s%s", dir, e->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)
            || flock(fd, LOCK_EX | LOCK_NB) != 0) {
            /* Not a file of ours, or its process is still running. */
            if (fd >= 0)
                close(fd);
            free(path);
            continue;
        }
        size_t len = 0;
        char *data = read_all(fd, &len);
        if (data && fn(user, path, data, len) == 0) {
            unlink(path);       /* still locked: nobody replays it twice */
            replayed++;
        }
        free(data);
        close(fd);
        free(path);
    }
    closedir(d);
    free(dir);
    free(prefix);
    return replayed;
}

void journal_field(char **buf, size_t *len, size_t *cap, const char *s,
                   bool first)
{
    size_t need = *len + (s ? 2 * strlen(s) : 2) + 3;
    *buf = xgrow(*buf, cap, need, 1);
    char *o = *buf + *len;
    if (!first)
        *o++ = '\t';
    if (!s) {
        *o++ = '\\';
        *o++ = 'N';
    } else {
        for (; *s; s++) {
            char c = *s;
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                *o++ = '\\';
                c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r'
                                                                   : '\\';
            }
            *o++ = c;
        }
    }
    *o = '\0';
    *len = (size_t)(o - *buf);
}

size_t journal_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *start = p, *o = p;
        while (*p && *p != '\t') {
            if (*p == '\\' && p[1]) {
                p++;
                *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n'
                     : *p == 'r' ? '\r' : *p == 'N' ? '\0' : *p;
                if (*p == 'N' && o - 1 == start && (p[1] == '\t' || !p[1])) {
                    p++;
                    o = NULL;   /* \N alone: NULL */
                    break;
                }
                p++;
            } else {
                *o++ = *p++;
            }
        }
        bool more = *p == '\t';
        if (o)
            *o = '\0';
        fields[n++] = o ? start : NULL;
        if (!more)
            break;
        p++;
    }
    return n;
}
