/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Installing routine files a therapist hands over (a file, a folder, a
 * USB stick) into the user's routine folder, $XDG_DATA_HOME/unknot/routines
 * (where `unknot list` and `unknot run NAME` look first).
 *
 * Each file is checked exactly as `unknot check` checks it (the same
 * routine_load_file and the same FILE:LINE messages); only a file with no
 * error is installed.  A name that a bundled routine has is refused unless
 * replace_bundled is set (the bundled file itself is never touched: the
 * user's copy comes first in the search).  Replacing one of the user's own
 * routines prints what changes (title, steps added, removed or changed).
 * The copy is written to a temporary file in the folder, checked again
 * there, and renamed into place, so a broken or half-written file is never
 * installed.  One thread.
 */
#ifndef UNKNOT_ROUTINES_INSTALL_H
#define UNKNOT_ROUTINES_INSTALL_H

#include <stdbool.h>
#include <stdio.h>

struct dose_speech;

struct install_options {
    bool replace_bundled;   /* --replace */
    /* How spoken lengths are measured for the 20-minute cap check
     * (coach/dose.h): NULL measures with eSpeak NG as `unknot check`
     * does; estimate words the result as the --estimate bound. */
    const struct dose_speech *speech;
    bool estimate;
    bool dry_run;           /* check and say, write nothing */
    const char *user_dir;   /* NULL: paths_data_dir()/routines */
    FILE *out;              /* messages (the check's report); NULL stdout */
};

enum install_result {
    INSTALL_NEW,            /* installed, no routine of that name before */
    INSTALL_REPLACED,       /* replaced the user's own (changes printed) */
    INSTALL_SAME,           /* the same file is already installed */
    INSTALL_BROKEN,         /* the check found errors: not installed */
    INSTALL_BUNDLED,        /* would hide a bundled routine: refused */
    INSTALL_FAILED,         /* could not be written (message printed) */
};

struct diag_list;
struct routine;
/* `unknot check` for one file, the code that command runs: every
 * problem as FILE:LINE: error: ... (the format's rules, the language
 * (an eSpeak NG voice for it, a catalogue for the coach's own words) and the 20-minute
 * cap on the worst-case length, coach/dose.h), then "FILE: ok: N steps,
 * worst case M min S s (...)" when it has no error.  Returns the routine
 * (caller destroys) or NULL; dl is the caller's. */
struct routine *install_check_file(const char *path, FILE *out,
                                   struct diag_list *dl,
                                   const struct dose_speech *speech,
                                   bool estimate);

/* One file.  Prints the check's messages and one line saying what was
 * done ("FILE: installed as NAME", ...). */
enum install_result install_routine_file(const char *path,
                                         const struct install_options *o);

/* The .ini files directly inside dir, sorted; NULL-terminated, free with
 * install_free_list().  An empty list when none or dir is unreadable. */
char **install_list_dir(const char *dir);
void install_free_list(char **list);

/* Folders on removable drives holding routine files: for each root (NULL:
 * $UNKNOT_MEDIA_DIRS, a colon-separated list, else /media and /run/media),
 * the folders ROOT/ * and ROOT/ * / * (udisks mounts at /media/USER/LABEL
 * and /run/media/USER/LABEL) with at least one .ini file directly inside.
 * NULL-terminated and sorted; free with install_free_list(). */
char **install_find_media(const char *roots);

#endif
