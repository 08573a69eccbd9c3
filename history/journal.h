/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The unsaved-answers journal: where the history puts what SQLite could
 * not write (a full disk, an I/O error), so nothing a user answered is
 * lost.  One small file per writing process beside the database,
 * DB-unsaved-PID, mode 0600, holding one text record per line.
 *
 * Why it survives a full disk: journal_open() reserves JOURNAL_RESERVE
 * bytes of disk blocks for the file when the history is opened (Linux
 * fallocate with FALLOC_FL_KEEP_SIZE: the blocks belong to the file, its
 * size stays 0), while there is still room.  Records are appended with
 * O_APPEND into those blocks, one write() and one fdatasync() each, so a
 * later "no space left on device" for the database does not stop them.  A
 * new file created only when the disk is already full could not grow.
 *
 * Each process holds an exclusive flock() on its own journal for its
 * life; the next process to open the history for writing replays every
 * journal nobody holds (a crashed or finished process) and removes it.
 * A journal with nothing in it is removed at close.
 *
 * Internal to history/; one thread per handle.
 */
#ifndef UNKNOT_HISTORY_JOURNAL_H
#define UNKNOT_HISTORY_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

/* Room for about 150 answer records: a session stops at its first failed
 * write, so it writes a few records at most (the answer, the end). */
#define JOURNAL_RESERVE (32 * 1024)

struct journal;

/* Creates (0600) and locks DB_PATH-unsaved-PID and reserves its blocks.
 * NULL with errno on failure.  *reserved says whether the reservation
 * worked (false on a file system without fallocate, or already full). */
struct journal *journal_open(const char *db_path, bool *reserved);
/* Appends one record (a line ending in '\n') with a single write(), then
 * fdatasync().  0, or -1 with errno. */
int journal_append(struct journal *j, const char *line, size_t len);
const char *journal_path(const struct journal *j);
/* Closes; removes the file when nothing was ever appended. */
void journal_close(struct journal *j);

/* For every journal of DB_PATH that no live process holds (it takes the
 * lock itself, so two replays never take the same file): reads it whole
 * and calls fn; when fn returns 0 the file is removed, otherwise kept for
 * the next time.  Returns the number of journals replayed, or -1. */
int journal_replay_leftovers(const char *db_path,
                             int (*fn)(void *user, const char *path,
                                       char *data, size_t len),
                             void *user);

/* Record fields: tab-separated; a field escapes backslash, tab, CR and
 * LF (\\ \t \r \n); NULL is written \N.  journal_field appends one field
 * (with a leading tab unless first) to buf, growing it. */
void journal_field(char **buf, size_t *len, size_t *cap, const char *s,
                   bool first);
/* Splits one line (modified in place) into at most max fields, decoding
 * escapes; NULL fields come back as NULL.  Returns the field count. */
size_t journal_split(char *line, char **fields, size_t max);

#endif
