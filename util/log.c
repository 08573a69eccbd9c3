/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See log.h. */
#include "util/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int level = -1;
static FILE *sink;
static char *once_keys[64];
static size_t once_count;

static enum log_level level_from_env(void)
{
    const char *e = getenv("UNKNOT_LOG");
    if (!e)
        return LOG_WARN;
    if (!strcmp(e, "error")) return LOG_ERROR;
    if (!strcmp(e, "info")) return LOG_INFO;
    if (!strcmp(e, "debug")) return LOG_DEBUG;
    return LOG_WARN;
}

enum log_level log_get_level(void)
{
    pthread_mutex_lock(&lock);
    if (level < 0)
        level = (int)level_from_env();
    enum log_level l = (enum log_level)level;
    pthread_mutex_unlock(&lock);
    return l;
}

void log_set_level(enum log_level l)
{
    pthread_mutex_lock(&lock);
    level = (int)l;
    pthread_mutex_unlock(&lock);
}

void log_set_file(FILE *f)
{
    pthread_mutex_lock(&lock);
    sink = f;
    pthread_mutex_unlock(&lock);
}

static void vlog(enum log_level l, const char *module, const char *fmt,
                 va_list ap)
{
    static const char *names[] = { "error", "warning", "info", "debug" };
    if (l > log_get_level())
        return;
    pthread_mutex_lock(&lock);
    FILE *out = sink ? sink : stderr;
    fprintf(out, "unknot: %s%s%s: ", module ? module : "",
            module ? ": " : "", names[l]);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    fflush(out);
    pthread_mutex_unlock(&lock);
}

void log_msg(enum log_level l, const char *module, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(l, module, fmt, ap);
    va_end(ap);
}

void log_once(const char *key, enum log_level l, const char *module,
              const char *fmt, ...)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < once_count; i++) {
        if (!strcmp(once_keys[i], key)) {
            pthread_mutex_unlock(&lock);
            return;
        }
    }
    if (once_count < ARRAY_LEN(once_keys))
        once_keys[once_count++] = xstrdup(key);
    pthread_mutex_unlock(&lock);
    va_list ap;
    va_start(ap, fmt);
    vlog(l, module, fmt, ap);
    va_end(ap);
}

void log_reset_once(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < once_count; i++)
        free(once_keys[i]);
    once_count = 0;
    pthread_mutex_unlock(&lock);
}
