/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A routine as a physical therapist wrote it: parsed, checked and held in
 * memory.  The file format is described for therapists in
 * docs/routine-format.md.
 *
 * Ownership: routine_load_* return a routine the caller frees with
 * routine_destroy(); every string inside belongs to the routine.
 * A loaded routine is read-only and may be shared between threads.
 */
#ifndef UNKNOT_ROUTINES_ROUTINE_H
#define UNKNOT_ROUTINES_ROUTINE_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/question.h"
#include "routines/region.h"
#include "util/diag.h"

enum routine_level { LEVEL_GENTLE, LEVEL_MODERATE, LEVEL_FIRM };
enum routine_sides { SIDES_BOTH, SIDES_LEFT_RIGHT };
enum routine_tool { TOOL_ROLLER, TOOL_BALL, TOOL_HANDS };

struct routine_step {
    char *id;
    const struct region_info *region;
    char *setup;
    int hold_s;             /* per side */
    enum routine_sides sides;
    int rest_s;
    char *cue;              /* NULL when none */
    enum routine_tool tool;
    char **ask;             /* question ids, asked after the step */
    size_t ask_count;
    int line;               /* line of the [step] header */
    int hold_line, setup_line, cue_line;    /* 0 when not given */
};

/* A routine's own question.  `q` borrows strings owned by the routine. */
struct routine_question {
    struct question q;
    int line;
};

struct routine {
    char *path;             /* as given to routine_load_file, or "(string)" */
    char *name;             /* file name without folder and ".ini" */
    char *title;
    char *description;      /* NULL when none */
    enum routine_level level;
    char *language;         /* eSpeak NG voice, default "en" */
    int line;               /* line of the [routine] header */
    int description_line;   /* 0 when none */
    bool language_set;      /* the file names it (else the session's
                               language comes from the settings or the
                               system: util/i18n.h) */
    struct routine_step *steps;
    size_t step_count;
    struct routine_question *questions;
    size_t question_count;
};

/* Parses and checks a file.  Every problem found is added to diags (which
 * the caller owns and initialised).  Returns the routine when there was no
 * error (warnings allowed), else NULL. */
struct routine *routine_load_file(const char *path, struct diag_list *diags);
/* Same for text in memory; `name` is used in diagnostics. */
struct routine *routine_load_string(const char *text, size_t len,
                                    const char *name,
                                    struct diag_list *diags);
void routine_destroy(struct routine *r);

/* The question an id names for this routine: the routine's own first, then
 * the built-in ones; NULL when none. */
const struct question *routine_question_find(const struct routine *r,
                                             const char *id);

/* Estimated length in seconds of the whole routine as run with default
 * settings (speech estimated from word counts, lead-ins, holds per side,
 * rests); used by `list` and the home screen.  The 20-minute cap is
 * checked on the engine's own timeline instead (coach/dose.h). */
int routine_estimate_seconds(const struct routine *r);

const char *routine_level_name(enum routine_level l);
const char *routine_sides_name(enum routine_sides s);
const char *routine_tool_name(enum routine_tool t);

/* Finding routines: a path, or the name of an installed routine searched in
 * $XDG_DATA_HOME/unknot/routines, then the installed folder, then the
 * source tree's routines/.  Returns the path (caller frees) or NULL. */
char *routine_resolve(const char *name_or_path);
/* All routine files in those folders, first occurrence of a name wins.
 * Returns a NULL-terminated array of paths; free with
 * routine_free_paths(). */
char **routine_list_paths(void);
void routine_free_paths(char **paths);

#endif
