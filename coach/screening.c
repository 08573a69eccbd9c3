/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See screening.h.  Texts and messages follow the rule table of the safety
 * model (the row is in each item); the PAR-Q+ items keep its wording as
 * closely as speech allows.  Change docs/questions.md with this table. */
#include "coach/screening.h"

#include <string.h>

#include "util/util.h"

#define YES(action, say, id) { RULE_YES, 0, action, say, id }
#define NO(action, say, id) { RULE_NO, 0, action, say, id }
#define NONE { RULE_NONE, 0, ACTION_NONE, NULL, NULL }

static const char see_doctor[] =
    "Based on that answer, please check with your doctor before using this "
    "routine. We'll stop for today.";

static const struct screening_item full[] = {
    /* PAR-Q+ (2023), the seven general items. */
    { { "screen-heart",
        "Has a doctor ever said you have a heart condition or high blood "
        "pressure?", ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-heart-cleared",
        "Has your doctor said physical activity is fine for you?",
        ANSWER_YES_NO,
        NO(ACTION_NOT_START, see_doctor, "screen-heart") },
      "screen-heart", SCREEN_EFFECT_NONE, 1 },
    { { "screen-chest-pain",
        "Do you feel pain in your chest at rest, in daily activities, or "
        "when you are active?", ANSWER_YES_NO,
        YES(ACTION_NOT_START, see_doctor, "screen-chest-pain") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-dizzy",
        "In the past 12 months, have you lost your balance because of "
        "dizziness, or lost consciousness?", ANSWER_YES_NO,
        YES(ACTION_NOT_START, see_doctor, "screen-dizzy") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    { { "screen-chronic",
        "Do you have any other long-term medical condition?",
        ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 0 },
    { { "screen-medication",
        "Do you take medicine for a long-term condition?",
        ANSWER_YES_NO, NONE }, NULL, SCREEN_EFFECT_NONE, 0 },
    { { "screen-bone-joint",
        "Do you have a bone, joint or muscle problem that activity could "
        "make worse?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "We'll leave that area alone. I'll ask which one as we go.",
            "screen-bone-joint") }, NULL, SCREEN_EFFECT_AREA, 9 },
    { { "screen-supervised",
        "Has your doctor said you should only be active under medical "
        "supervision?", ANSWER_YES_NO,
        YES(ACTION_NOT_START, see_doctor, "screen-supervised") },
      NULL, SCREEN_EFFECT_NONE, 1 },
    /* Foam-rolling items, rows 2 to 14 of the rule table. */
    { { "screen-clot",
        "Do you have a known or suspected blood clot, or were you treated "
        "for one in the last 6 months?", ANSWER_YES_NO,
        YES(ACTION_NOT_START,
            "Rolling could disturb a clot. Please get your doctor's OK "
            "before any rolling.", "screen-clot") },
      NULL, SCREEN_EFFECT_NONE, 2 },
    { { "screen-blood-thinners",
        "Do you take blood thinners, or have a bleeding disorder or low "
        "platelets?", ANSWER_YES_NO,
        YES(ACTION_LIGHTER,
            "Blood thinners raise bruising risk. We'll keep pressure light "
            "and use a soft roller.", "screen-blood-thinners") },
      NULL, SCREEN_EFFECT_LIGHTER, 4 },
    { { "screen-blood-thinners-cleared",
        "Has your provider said rolling is OK for you?", ANSWER_YES_NO,
        NO(ACTION_NOT_START,
           "Blood thinners raise bruising risk. Please get your provider's "
           "OK first; after that we'll keep pressure light.",
           "screen-blood-thinners") },
      "screen-blood-thinners", SCREEN_EFFECT_NONE, 4 },
    { { "screen-fracture",
        "Do you have a broken bone, or a possible break?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "We won't roll near a broken or possibly broken bone.",
            "screen-fracture") }, NULL, SCREEN_EFFECT_AREA, 5 },
    { { "screen-fracture-checked",
        "Has a doctor checked it?", ANSWER_YES_NO,
        NO(ACTION_NOT_START,
           "We won't roll near a broken or possibly broken bone. Please get "
           "it checked first.", "screen-fracture") },
      "screen-fracture", SCREEN_EFFECT_NONE, 5 },
    { { "screen-osteoporosis",
        "Do you have osteoporosis, a past break from a minor fall, or take "
        "steroid tablets long-term?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "With weaker bones we'll skip your back and ribs and keep "
            "pressure gentle.", "screen-osteoporosis") },
      NULL, SCREEN_EFFECT_SPINE_RIBS, 6 },
    { { "screen-skin",
        "Do you have a wound, stitches, a rash, a burn or a skin "
        "infection?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "We'll skip that area until the skin has healed.",
            "screen-skin") }, NULL, SCREEN_EFFECT_AREA, 7 },
    { { "screen-cancer",
        "Are you being treated for cancer, or do you have a tumour, bone "
        "spread, a radiation area or lymphoedema?", ANSWER_YES_NO,
        YES(ACTION_LIGHTER, "We'll keep pressure light.",
            "screen-cancer") }, NULL, SCREEN_EFFECT_LIGHTER, 10 },
    { { "screen-cancer-cleared",
        "Has your cancer care team said rolling is OK for you?",
        ANSWER_YES_NO,
        NO(ACTION_NOT_START,
           "Please check with your cancer care team first.",
           "screen-cancer") },
      "screen-cancer", SCREEN_EFFECT_NONE, 10 },
    { { "screen-pregnant",
        "Are you pregnant?", ANSWER_YES_NO,
        YES(ACTION_LIGHTER,
            "Please check with your maternity provider. We'll avoid lying "
            "on your back and keep leg pressure light.",
            "screen-pregnant") }, NULL, SCREEN_EFFECT_PREGNANT, 11 },
    { { "screen-surgery",
        "Have you had surgery in the last 6 weeks, or not yet been cleared "
        "after surgery?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "We'll avoid the area around your surgery.", "screen-surgery") },
      NULL, SCREEN_EFFECT_AREA, 12 },
    { { "screen-varicose",
        "Do you have varicose veins?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "We'll avoid rolling over those veins.",
            "screen-varicose") }, NULL, SCREEN_EFFECT_AREA, 13 },
    { { "screen-numb",
        "Do you have numb areas, nerve damage, or diabetes with numb "
        "feet?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "If you can't feel an area well, it's safer not to roll it.",
            "screen-numb") }, NULL, SCREEN_EFFECT_AREA, 14 },
    { { "screen-numb-feet",
        "Are your feet numb?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION, "We'll skip your feet.",
            "screen-numb-feet") }, "screen-numb", SCREEN_EFFECT_FEET, 14 },
};

static const struct screening_item daily[] = {
    { { "daily-unwell", "Are you feverish or unwell today?", ANSWER_YES_NO,
        YES(ACTION_NOT_START, "Let's wait until you feel better.",
            "daily-unwell") }, NULL, SCREEN_EFFECT_NONE, 8 },
    { { "daily-calf",
        "Is one leg newly swollen, warm or red, or is a calf painful?",
        ANSWER_YES_NO,
        YES(ACTION_URGENT,
            "Those can be signs of a blood clot. Don't roll. Please contact "
            "a doctor or urgent care today.", "daily-calf") },
      NULL, SCREEN_EFFECT_NONE, 3 },
    { { "daily-injury",
        "Do you have a new injury, or an area that is hot, red or "
        "swollen?", ANSWER_YES_NO,
        YES(ACTION_SKIP_REGION,
            "We'll leave that area alone while it's inflamed or injured. "
            "I'll ask which one as we go.", "daily-injury") },
      NULL, SCREEN_EFFECT_AREA, 9 },
};

static const struct question area_check = {
    "area-check", "Is this the area to avoid?", ANSWER_YES_NO,
    YES(ACTION_SKIP_REGION, "Then we'll skip it.", "area-check"),
};

static const struct question recent_soreness = {
    "recent-soreness",
    "How sore is it now from your last session, from 0, none, to 10, the "
    "worst?", ANSWER_SCALE, NONE,
};

static const struct question stop_reason = {
    "stop-reason",
    "Why did you stop? Say 1 for tingling or numbness, 2 for sharp pain, "
    "3 for dizzy, 4 for chest pain or breathless, or 0 if you're simply "
    "done.", ANSWER_SCALE, NONE,
};

static const struct stop_rule stop_rules[] = {
    [STOP_REASON_TINGLING] = YES(ACTION_SKIP_REGION,
        "Move off that spot now. Tingling means a nerve may be pressed. "
        "We'll skip this area.", "tingling"),
    [STOP_REASON_SHARP] = YES(ACTION_SKIP_REGION,
        "Ease off. It should feel like strong pressure, never sharp. "
        "We'll skip this area.", "sharp-pain"),
    [STOP_REASON_DIZZY] = YES(ACTION_STOP,
        "Let's stop. Sit or lie on your side and rest.", "dizzy"),
    [STOP_REASON_CHEST] = YES(ACTION_URGENT,
        "Stop now and call emergency services.", "chest-pain"),
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

enum rule_action screening_recent_action(int now, int last,
                                         bool *see_provider)
{
    if (see_provider)
        *see_provider = last >= 4 && now >= 4;
    if (now >= 6)
        return ACTION_SKIP_REGION;
    if (now >= 4 || (last >= 0 && now >= last + 2))
        return ACTION_LIGHTER;
    return ACTION_NONE;
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
