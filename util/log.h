/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The app's log: one line per message on stderr (or a file), tagged with the
 * module.  Library chatter (ALSA, JACK, PocketSphinx) is routed here too, at
 * debug level, so a user sees one clear line instead of a hundred.
 *
 * UNKNOT_LOG=error|warn|info|debug sets the level (default warn).
 * log_once() prints a given key only the first time: "no audio device" is
 * said once, not on every utterance.  Thread-safe (one mutex).
 */
#ifndef UNKNOT_UTIL_LOG_H
#define UNKNOT_UTIL_LOG_H

#include <stdio.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like log_msg, but only the first call with a given key prints. */
void log_once(const char *key, enum log_level level, const char *module,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Sends the log to f (borrowed; NULL restores stderr). */
void log_set_file(FILE *f);
/* Forgets the keys log_once has seen (for tests). */
void log_reset_once(void);

#endif
