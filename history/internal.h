/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside history/: what history_read.c needs from history.c's handle.
 * Not for use outside history/.
 */
#ifndef UNKNOT_HISTORY_INTERNAL_H
#define UNKNOT_HISTORY_INTERNAL_H

#include <stdbool.h>

#include <sqlite3.h>

struct history;

/* The connection (NULL for a read-only view of a missing or empty file,
 * then *empty is true) and how the handle was opened. */
sqlite3 *history_internal_db(struct history *h, bool *empty,
                             bool *read_only);
/* Sets history_error() to "what: SQLite's message". */
void history_internal_error(struct history *h, const char *what);

#endif
