/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the coach knows about a question id found in the history, for the
 * report and the FHIR export: the built-in in-session questions, the
 * screening and daily check, the recent-soreness and area checks.  A
 * routine's own questions are not known here (their file may be gone):
 * known_question() returns NULL for them and callers show the id alone.
 * Static tables: thread-safe, nothing to free.
 */
#ifndef UNKNOT_EXPORT_KNOWN_H
#define UNKNOT_EXPORT_KNOWN_H

#include <stdbool.h>

#include "coach/question.h"

const struct question *known_question(const char *id);
/* A pain rating on the 0-10 scale: soreness, soreness-*, recent-soreness. */
bool known_is_pain(const char *id);

/* Writes a string as valid UTF-8: each byte that does not start a valid
 * sequence becomes U+FFFD, control characters (other than tab) a space.
 * Returns a new string the caller frees. */
char *known_clean_utf8(const char *s);

/* ISO 8601 local time with the UTC offset, "2026-11-14T22:13:20+01:00". */
void known_iso_time(char *buf, unsigned size, long long t_s);

#endif
