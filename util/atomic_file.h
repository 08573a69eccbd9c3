/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing a file so that it is either the old one or the complete new
 * one, never half of either: write to a temporary file beside it, flush
 * and fsync, then rename over the name.  A full disk or a killed process
 * leaves the old file (or none) and removes nothing else.
 *
 *   struct atomic_file af;
 *   FILE *f = atomic_file_open(&af, "report.pdf", 0644, &err);
 *   ... write to f ...
 *   if (atomic_file_commit(&af, &err) != 0) ...   // or atomic_file_abort
 *
 * The path "-" writes to stdout (commit flushes it).  Errors come back as
 * "PATH: WHAT" in *err (caller frees).  One thread per atomic_file.
 */
#ifndef UNKNOT_UTIL_ATOMIC_FILE_H
#define UNKNOT_UTIL_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
    FILE *f;
    char *path;     /* the final name */
    char *tmp;      /* the temporary file, NULL for stdout */
};

FILE *atomic_file_open(struct atomic_file *af, const char *path, mode_t mode,
                       char **err);
int atomic_file_commit(struct atomic_file *af, char **err);
void atomic_file_abort(struct atomic_file *af);

#endif
