/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Body regions a routine step may work on, following the region table of
 * the safety model, and the areas that must never be rolled directly.
 * The tables are static and read-only: thread-safe, nothing to free.
 */
#ifndef UNKNOT_ROUTINES_REGION_H
#define UNKNOT_ROUTINES_REGION_H

#include <stdbool.h>
#include <stddef.h>

enum region_view { REGION_VIEW_FRONT, REGION_VIEW_BACK };

struct region_info {
    const char *id;        /* "upper-back": the id used in routine files */
    const char *name;      /* "Upper back": shown and spoken */
    enum region_view view; /* which body figure shows it best */
    bool paired;           /* has a left and a right side */
    bool spine_or_ribs;    /* skipped for osteoporosis (safety rule 6) */
    const char *caution;   /* one line for therapists, or NULL */
    unsigned tools;        /* REGION_TOOL_* bits: tools suited to it */
    int usual_tool;        /* enum routine_tool used when a step names none */
    const char *phrase;    /* "upper back": the name inside a sentence */
};

/* Bits of region_info.tools, one per enum routine_tool (routine.h). */
#define REGION_TOOL_ROLLER 0x1u
#define REGION_TOOL_BALL   0x2u
#define REGION_TOOL_HANDS  0x4u

size_t region_count(void);
const struct region_info *region_at(size_t i);
/* NULL when id is not a region. */
const struct region_info *region_find(const char *id);

/* The name in the session's language (util/i18n.h), for a title or a
 * label ("Upper back", "Oberer Rücken"), and the form used inside a
 * sentence ("upper back"; a translation may add its article: "le haut du
 * dos").  NULL for NULL. */
const char *region_title(const struct region_info *ri);
const char *region_phrase(const struct region_info *ri);

/* Areas not to roll directly ("lumbar-spine", "front-of-neck",
 * "behind-knee", ...).  Returns the reason to give, or NULL when id is not
 * a do-not-roll area. */
const char *region_no_roll_reason(const char *id);

/* The region id closest to a misspelling, or NULL (for "did you mean"). */
const char *region_suggest(const char *id);

#endif
