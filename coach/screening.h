/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The check-in questions asked before any rolling: the health screening
 * (the seven PAR-Q+ items plus the foam-rolling items of the safety model,
 * rows 1 to 14 of its rule table), the short daily check, the recent-session
 * soreness check, the per-region "is this the area to avoid?" question and
 * the question asked after the user stops ("why did you stop?").
 *
 * Every item is a yes-no question whose stop rule maps the answer to an
 * action code of the safety model: not start (NS), skip regions (SR),
 * lighter pressure, urgent care (URG).  Some SR answers cannot say which
 * area is affected ("a wound", "recent surgery"); those set
 * SCREEN_EFFECT_AREA and the engine then asks, before the first step of
 * each region, whether that region is the one to avoid.
 *
 * The tables are static and read-only: thread-safe, nothing to free.
 * Question ids are documented for therapists in docs/questions.md.
 */
#ifndef UNKNOT_COACH_SCREENING_H
#define UNKNOT_COACH_SCREENING_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/question.h"

enum screening_set {
    SCREEN_FULL,    /* first use, every 30 days, and `unknot screen` */
    SCREEN_DAILY,   /* before every session */
};

/* What a fired screening rule changes besides its action code. */
enum screening_effect {
    SCREEN_EFFECT_NONE,
    SCREEN_EFFECT_AREA,       /* ask per region whether it is affected */
    SCREEN_EFFECT_SPINE_RIBS, /* never spine or ribs; limbs light (rule 6) */
    SCREEN_EFFECT_FEET,       /* skip the feet (numb feet, rule 14) */
    SCREEN_EFFECT_PREGNANT,   /* no lying on the back, legs light (11) */
    SCREEN_EFFECT_LIGHTER,    /* light pressure everywhere */
};

struct screening_item {
    struct question q;          /* yes-no; q.rule maps the answer */
    const char *follow_up_of;   /* asked only after "yes" to this id */
    enum screening_effect effect;   /* applied when q.rule fires */
    int safety_rule;            /* row of the safety model's rule table */
};

/* Screening answers are valid this long; then the screening is due. */
#define SCREENING_VALID_DAYS 30
/* The recent-session soreness check covers sessions this recent. */
#define RECENT_SESSION_HOURS 48

size_t screening_count(enum screening_set set);
const struct screening_item *screening_at(enum screening_set set, size_t i);
/* Any screening or daily-check item by id; NULL when none. */
const struct screening_item *screening_find(const char *id);

/* True when a screening done at last_s (0 = never) is due again at now_s. */
bool screening_due(long long last_s, long long now_s);

/* "area-check": yes -> skip the region (text names no region; the engine
 * says which). */
const struct question *screening_area_check(void);
/* "recent-soreness": 0..10, how the last session's soreness has settled.
 * Its rules are applied by screening_recent_action(), not q->rule. */
const struct question *screening_recent_soreness(void);

/* The pain-monitoring rules for one region: `now` is today's answer,
 * `last` the highest soreness answered for that region when it was last
 * worked (-1 unknown), `prev` the region's previous next-day answer (-1
 * none).  Returns ACTION_NONE (as planned), ACTION_LIGHTER (4-5, or 2+
 * above last time) or ACTION_SKIP_REGION (6 or more: 48 hours off).
 * *see_provider is set when that region's soreness has not settled twice
 * in a row (its previous next-day answer 4 or more, and again now). */
enum rule_action screening_recent_action(int now, int last, int prev,
                                         bool *see_provider);
/* How long a region rests after recent-soreness 6 or more. */
#define REGION_REST_HOURS 48

/* Follow-ups and the check-in questions the history asks for (all
 * yes-no; docs/questions.md):
 *  "tingling-lasts": after a tingling rule, yes -> stop (rule 15);
 *  "bruise-large":   after the bruise rule, yes -> see a provider (22);
 *  "bruise-gone":    at the next session per bruised region, no -> the
 *                    region stays skipped (rule 22, "until gone"). */
const struct question *screening_tingling_lasts(void);
const struct question *screening_bruise_large(void);
const struct question *screening_bruise_gone(void);

/* After the user stops: "stop-reason", answered 0..STOP_REASON_MAX. */
enum stop_reason {
    STOP_REASON_DONE,       /* simply done */
    STOP_REASON_TINGLING,   /* tingling or numbness (rule 15) */
    STOP_REASON_SHARP,      /* sharp pain (rule 16) */
    STOP_REASON_DIZZY,      /* dizzy or light-headed (rule 17) */
    STOP_REASON_CHEST,      /* chest pain, breathless, coughing blood,
                               fainting (rule 18) */
};
#define STOP_REASON_MAX STOP_REASON_CHEST
const struct question *screening_stop_reason(void);
/* The rule for a stop reason; NULL for STOP_REASON_DONE or out of range. */
const struct stop_rule *screening_stop_rule(int reason);

/* The highest answer a question takes: 10 for scale questions, 1 for
 * yes-no, STOP_REASON_MAX for the stop reason. */
int screening_answer_max(const struct question *q);

#endif
