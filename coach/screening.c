/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See screening.h.  Texts and messages follow the rule table of the safety
 * model (the row is in each item); the PAR-Q+ items keep its wording as
 * closely as speech allows.  Change docs/questions.md with this table. */
#include "coach/screening.h"

#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

/* A rule's message is in coach/rules.c, found by its id: the say field of
 * a built-in rule stays NULL (it is a routine's add-on text). */
#define YES(action, id) { RULE_YES, 0, action, NULL, id }
#define NO(action, id) { RULE_NO, 0, action, NULL, id }
#define NONE { RULE_NONE, 0, ACTION_NONE, NULL, NULL }

static const struct screening_item full[] = {
    /* PAR-Q+ (2023), the seven general items. */
    { { "screen-heart",
        N_("Has a doctor ever said you have a heart condition or high blood "
           "pressure?"), ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-heart-cleared",
        N_("Has your doctor said physical activity is fine for you?"),
        ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-heart-cleared") },
      "screen-heart", SCREEN_EFFECT_NONE, 1 },
    { { "screen-chest-pain",
        N_("Do you feel pain in your chest at rest, in daily activities, or "
           "when you are active?"), ANSWER_YES_NO,
        YES(ACTION_NOT_START, "screen-chest-pain") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-dizzy",
        N_("In the past 12 months, have you lost your balance because of "
           "dizziness, or lost consciousness?"), ANSWER_YES_NO,
        YES(ACTION_NOT_START, "screen-dizzy") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-chronic",
        N_("Do you have any other long-term medical condition?"),
        ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 0 },
    /* PAR-Q+ follows a "yes" up; its follow-up pages come down to whether
     * a doctor has cleared activity with that condition or medicine. */
    { { "screen-chronic-cleared",
        N_("Has your doctor said physical activity is fine with that "
           "condition?"), ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-chronic-cleared") },
      "screen-chronic", SCREEN_EFFECT_NONE, 0 },
    { { "screen-medication",
        N_("Do you take medicine for a long-term condition?"),
        ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 0 },
    { { "screen-medication-cleared",
        N_("Has your doctor or pharmacist said physical activity is fine with "
           "that medicine?"), ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-medication-cleared") },
      "screen-medication", SCREEN_EFFECT_NONE, 0 },
    { { "screen-bone-joint",
        N_("Do you have a bone, joint or muscle problem that activity could "
           "make worse?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-bone-joint") },
      NULL, SCREEN_EFFECT_AREA, 9 },
    { { "screen-supervised",
        N_("Has your doctor said you should only be active under medical "
           "supervision?"), ANSWER_YES_NO,
        YES(ACTION_NOT_START, "screen-supervised") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    /* Foam-rolling items, rows 2 to 14 of the rule table. */
    { { "screen-clot",
        N_("Do you have a known or suspected blood clot, or were you treated "
           "for one in the last 6 months?"), ANSWER_YES_NO,
        YES(ACTION_NOT_START, "screen-clot") },
      NULL, SCREEN_EFFECT_NONE, 2 },
    { { "screen-blood-thinners",
        N_("Do you take blood thinners, or have a bleeding disorder or low "
           "platelets?"), ANSWER_YES_NO,
        YES(ACTION_LIGHTER, "screen-blood-thinners") },
      NULL, SCREEN_EFFECT_LIGHTER, 4 },
    { { "screen-blood-thinners-cleared",
        N_("Has your provider said rolling is OK for you?"), ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-blood-thinners-cleared") },
      "screen-blood-thinners", SCREEN_EFFECT_NONE, 4 },
    { { "screen-fracture",
        N_("Do you have a broken bone, or a possible break?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-fracture") },
      NULL, SCREEN_EFFECT_AREA, 5 },
    { { "screen-fracture-checked",
        N_("Has a doctor checked it?"), ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-fracture-checked") },
      "screen-fracture", SCREEN_EFFECT_NONE, 5 },
    { { "screen-osteoporosis",
        N_("Do you have osteoporosis, a past break from a minor fall, or take "
           "steroid tablets long-term?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-osteoporosis") },
      NULL, SCREEN_EFFECT_SPINE_RIBS, 6 },
    { { "screen-skin",
        N_("Do you have a wound, stitches, a rash, a burn or a skin "
           "infection?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-skin") },
      NULL, SCREEN_EFFECT_AREA, 7 },
    { { "screen-cancer",
        N_("Are you being treated for cancer, or do you have a tumour, bone "
           "spread, a radiation area or lymphoedema?"), ANSWER_YES_NO,
        YES(ACTION_LIGHTER, "screen-cancer") },
      NULL, SCREEN_EFFECT_LIGHTER, 10 },
    { { "screen-cancer-cleared",
        N_("Has your cancer care team said rolling is OK for you?"),
        ANSWER_YES_NO,
        NO(ACTION_NOT_START, "screen-cancer-cleared") },
      "screen-cancer", SCREEN_EFFECT_NONE, 10 },
    { { "screen-pregnant",
        N_("Are you pregnant?"), ANSWER_YES_NO,
        YES(ACTION_LIGHTER, "screen-pregnant") },
      NULL, SCREEN_EFFECT_PREGNANT, 11 },
    { { "screen-surgery",
        N_("Have you had surgery in the last 6 weeks, or not yet been cleared "
           "after surgery?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-surgery") },
      NULL, SCREEN_EFFECT_AREA, 12 },
    { { "screen-varicose",
        N_("Do you have varicose veins?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-varicose") },
      NULL, SCREEN_EFFECT_AREA, 13 },
    { { "screen-numb",
        N_("Do you have numb areas, nerve damage, or diabetes with numb "
           "feet?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-numb") },
      NULL, SCREEN_EFFECT_AREA, 14 },
    { { "screen-numb-feet",
        N_("Are your feet numb?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "screen-numb-feet") },
      "screen-numb", SCREEN_EFFECT_FEET, 14 },
};

static const struct screening_item daily[] = {
    { { "daily-unwell", N_("Are you feverish or unwell today?"), ANSWER_YES_NO,
        YES(ACTION_NOT_START, "daily-unwell") }, NULL, SCREEN_EFFECT_NONE, 8 },
    { { "daily-calf",
        N_("Is one leg newly swollen, warm or red, or is a calf painful?"),
        ANSWER_YES_NO,
        YES(ACTION_URGENT, "daily-calf") },
      NULL, SCREEN_EFFECT_NONE, 3 },
    { { "daily-back-nerve",
        N_("Do you have back pain together with numbness in the groin or "
           "buttocks, new trouble with your bladder, bowels or sex, or new "
           "weakness in a leg?"), ANSWER_YES_NO,
        YES(ACTION_URGENT, "back-nerve") }, NULL, SCREEN_EFFECT_NONE, 19 },
    { { "daily-headache",
        N_("Have you had a sudden, very bad headache, or new weakness, or "
           "trouble speaking or seeing?"), ANSWER_YES_NO,
        YES(ACTION_URGENT, "headache") }, NULL, SCREEN_EFFECT_NONE, 20 },
    /* Asked only when the screening says pregnant (rule 21). */
    { { "daily-pregnancy",
        N_("Any bleeding, fluid leaking, contractions, calf swelling, or is "
           "the baby moving less than usual?"), ANSWER_YES_NO,
        YES(ACTION_URGENT, "pregnancy-signs") },
      "screen-pregnant", SCREEN_EFFECT_NONE, 21 },
    { { "daily-injury",
        N_("Do you have a new injury, an area that is hot, red or swollen, or "
           "a hard lump after a bruise?"), ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "daily-injury") },
      NULL, SCREEN_EFFECT_AREA, 9 },
};

static const struct question area_check = {
    "area-check", N_("Is this the area to avoid?"), ANSWER_YES_NO,
    YES(ACTION_SKIP_REGION, "area-check"),
};

static const struct question recent_soreness = {
    "recent-soreness",
    N_("How sore is it now from your last session, from 0, none, to 10, the "
       "worst?"), ANSWER_SCALE, NONE,
};

static const struct question tingling_lasts = {
    "tingling-lasts",
    N_("Now that you've moved off that spot, is the tingling or numbness "
       "still there?"), ANSWER_YES_NO, YES(ACTION_STOP, "tingling-lasts"),
};

static const struct question bruise_large = {
    "bruise-large",
    N_("Is the bruise larger than the palm of your hand, or is there a hard "
       "lump under it?"), ANSWER_YES_NO, YES(ACTION_SKIP_REGION, "bruise-large"),
};

static const struct question bruise_gone = {
    "bruise-gone",
    N_("Last time you had a bruise there. Is it fully gone?"), ANSWER_YES_NO,
    NO(ACTION_SKIP_REGION, "bruise-not-gone"),
};

static const struct question stop_reason = {
    "stop-reason",
    N_("Why did you stop? Say 1 for tingling or numbness, 2 for sharp pain, "
       "3 for dizzy, 4 for chest pain, trouble breathing, coughing blood or "
       "fainting, or 0 if you're simply done."), ANSWER_SCALE, NONE,
};

static const struct stop_rule stop_rules[] = {
    [STOP_REASON_TINGLING] = YES(ACTION_SKIP_REGION, "tingling"),
    [STOP_REASON_SHARP] = YES(ACTION_SKIP_REGION, "sharp-pain"),
    [STOP_REASON_DIZZY] = YES(ACTION_STOP, "dizzy"),
    [STOP_REASON_CHEST] = YES(ACTION_URGENT, "chest-pain"),
};

size_t screening_count(enum screening_set set)
{
    return set == SCREEN_FULL ? ARRAY_LEN(full) : ARRAY_LEN(daily);
}

const struct screening_item *screening_at(enum screening_set set, size_t i)
{
    if (i >= screening_count(set))
        return NULL;
    return set == SCREEN_FULL ? &full[i] : &daily[i];
}

const struct screening_item *screening_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(full); i++)
        if (!strcmp(full[i].q.id, id))
            return &full[i];
    for (size_t i = 0; i < ARRAY_LEN(daily); i++)
        if (!strcmp(daily[i].q.id, id))
            return &daily[i];
    return NULL;
}

bool screening_due(long long last_s, long long now_s)
{
    if (last_s <= 0)
        return true;
    /* A time a little ahead of now is a session run in virtual time (its
     * records are stamped start + virtual elapsed); far off either way,
     * the clock was wrong: ask again. */
    long long d = now_s > last_s ? now_s - last_s : last_s - now_s;
    return d > (long long)SCREENING_VALID_DAYS * 86400;
}

const struct question *screening_area_check(void)
{
    return &area_check;
}

const struct question *screening_recent_soreness(void)
{
    return &recent_soreness;
}

enum rule_action screening_recent_action(int now, int last, int prev,
                                         bool *see_provider)
{
    if (see_provider)
        *see_provider = prev >= 4 && now >= 4;
    if (now >= 6)
        return ACTION_SKIP_REGION;
    if (now >= 4 || (last >= 0 && now >= last + 2))
        return ACTION_LIGHTER;
    return ACTION_NONE;
}

const struct question *screening_tingling_lasts(void)
{
    return &tingling_lasts;
}

const struct question *screening_bruise_large(void)
{
    return &bruise_large;
}

const struct question *screening_bruise_gone(void)
{
    return &bruise_gone;
}

const struct question *screening_stop_reason(void)
{
    return &stop_reason;
}

const struct stop_rule *screening_stop_rule(int reason)
{
    if (reason <= STOP_REASON_DONE || reason > STOP_REASON_MAX)
        return NULL;
    return &stop_rules[reason];
}

int screening_answer_max(const struct question *q)
{
    if (q == &stop_reason)
        return STOP_REASON_MAX;
    return q->kind == ANSWER_SCALE ? 10 : 1;
}
