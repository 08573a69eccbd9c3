/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See rules.h.  Rows follow the safety model's rule table; the messages
 * keep its spoken gist.  Change docs/questions.md with this table. */
#include "coach/rules.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

#define see_doctor N_( \
    "Based on that answer, please check with your doctor before using this " \
    "routine. We'll stop for today.")

/* The rows whose message already says what to do now (rest, see a doctor,
 * call emergency services, get urgent care): the summary gives their
 * words alone.  The others get their action's general advice after them
 * (ui_stop_advice), as does a routine's own message, whose words the app
 * cannot judge in every language. */
#define SAYS_WHAT_TO_DO true
#define ADD_ADVICE false

static const struct safety_rule table[] = {
    /* Row 1 and the PAR-Q+ follow-ups. */
    { "screen-heart-cleared", 1, "screen-heart, screen-heart-cleared",
      WHERE_SCREENING, ACTION_NOT_START, see_doctor, SAYS_WHAT_TO_DO },
    { "screen-chest-pain", 1, "screen-chest-pain", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor, SAYS_WHAT_TO_DO },
    { "screen-dizzy", 1, "screen-dizzy", WHERE_SCREENING, ACTION_NOT_START,
      see_doctor, SAYS_WHAT_TO_DO },
    { "screen-supervised", 1, "screen-supervised", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor, SAYS_WHAT_TO_DO },
    { "screen-chronic-cleared", 0, "screen-chronic, screen-chronic-cleared",
      WHERE_SCREENING, ACTION_NOT_START, see_doctor, SAYS_WHAT_TO_DO },
    { "screen-medication-cleared", 0,
      "screen-medication, screen-medication-cleared", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor, SAYS_WHAT_TO_DO },
    /* Rows 2 to 14: the foam-rolling screening. */
    { "screen-clot", 2, "screen-clot", WHERE_SCREENING, ACTION_NOT_START,
      N_("Rolling could disturb a clot. Please get your doctor's OK before any "
         "rolling."), SAYS_WHAT_TO_DO },
    { "daily-calf", 3, "daily-calf", WHERE_DAILY, ACTION_URGENT,
      N_("Those can be signs of a blood clot. Don't roll. Please contact a "
         "doctor or urgent care today."), SAYS_WHAT_TO_DO },
    { "screen-blood-thinners", 4, "screen-blood-thinners", WHERE_SCREENING,
      ACTION_LIGHTER,
      N_("Blood thinners raise bruising risk. We'll keep pressure light, no "
         "more than 3 out of 10, and use a soft roller."), ADD_ADVICE },
    { "screen-blood-thinners-cleared", 4, "screen-blood-thinners-cleared",
      WHERE_SCREENING, ACTION_NOT_START,
      N_("Blood thinners raise bruising risk. Please get your provider's OK "
         "first; after that we'll keep pressure light."), ADD_ADVICE },
    { "screen-fracture", 5, "screen-fracture", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("We won't roll near a broken or possibly broken bone."), ADD_ADVICE },
    { "screen-fracture-checked", 5, "screen-fracture-checked",
      WHERE_SCREENING, ACTION_NOT_START,
      N_("We won't roll near a broken or possibly broken bone. Please get it "
         "checked first."), ADD_ADVICE },
    { "screen-osteoporosis", 6, "screen-osteoporosis", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("With weaker bones we'll skip your back and ribs and keep pressure "
         "gentle."), ADD_ADVICE },
    { "screen-skin", 7, "screen-skin", WHERE_SCREENING, ACTION_SKIP_REGION,
      N_("We'll skip that area until the skin has healed."), ADD_ADVICE },
    { "daily-unwell", 8, "daily-unwell", WHERE_DAILY, ACTION_NOT_START,
      N_("Let's wait until you feel better."), ADD_ADVICE },
    { "daily-injury", 9, "daily-injury", WHERE_DAILY, ACTION_SKIP_REGION,
      N_("We'll leave that area alone while it's inflamed or injured. I'll ask "
         "which one as we go."), ADD_ADVICE },
    { "screen-bone-joint", 9, "screen-bone-joint", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("We'll leave that area alone. I'll ask which one as we go."),
      ADD_ADVICE },
    { "screen-cancer", 10, "screen-cancer", WHERE_SCREENING, ACTION_LIGHTER,
      N_("We'll keep pressure light."), ADD_ADVICE },
    { "screen-cancer-cleared", 10, "screen-cancer-cleared", WHERE_SCREENING,
      ACTION_NOT_START, N_("Please check with your cancer care team first."),
      ADD_ADVICE },
    { "screen-pregnant", 11, "screen-pregnant", WHERE_SCREENING,
      ACTION_LIGHTER,
      N_("Please check with your maternity provider. We'll avoid lying on your "
         "back and keep leg pressure light."), ADD_ADVICE },
    { "screen-surgery", 12, "screen-surgery", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll avoid the area around your surgery."),
      ADD_ADVICE },
    { "screen-varicose", 13, "screen-varicose", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll avoid rolling over those veins."),
      ADD_ADVICE },
    { "screen-numb", 14, "screen-numb", WHERE_SCREENING, ACTION_SKIP_REGION,
      N_("If you can't feel an area well, it's safer not to roll it."),
      ADD_ADVICE },
    { "screen-numb-feet", 14, "screen-numb-feet", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll skip your feet."), ADD_ADVICE },
    { "area-check", 0, "area-check", WHERE_STEP, ACTION_SKIP_REGION,
      N_("Then we'll skip the {region}."), ADD_ADVICE },
    /* Rows 15 to 22: in-session signals and the red flags. */
    { "tingling", 15, "tingling, stop-reason=1", WHERE_STEP,
      ACTION_SKIP_REGION,
      N_("Move off that spot now. Tingling means a nerve may be pressed. "
         "We'll skip this area."), ADD_ADVICE },
    { "tingling-lasts", 15, "tingling-lasts", WHERE_FOLLOW_UP, ACTION_STOP,
      N_("The tingling hasn't gone, so let's stop for today. Sit up slowly and "
         "rest. If it doesn't go away within the hour, please see a doctor."),
      SAYS_WHAT_TO_DO },
    { "sharp-pain", 16, "sharp-pain, stop-reason=2", WHERE_STEP,
      ACTION_SKIP_REGION,
      N_("Ease off. It should feel like strong pressure, never sharp. We'll "
         "skip this area."), ADD_ADVICE },
    { "soreness-high", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("Ease off. It should feel like strong pressure, never sharp. We'll "
         "leave this area for today."), ADD_ADVICE },
    { "soreness-setting", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("That's more than it should be. We'll leave this area for today."),
      ADD_ADVICE },
    { "soreness-lighter", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("That's more than we want with light pressure. We'll leave this area "
         "for today."), ADD_ADVICE },
    { "dizzy", 17, "dizzy, stop-reason=3", WHERE_STEP, ACTION_STOP,
      N_("Let's stop. Sit or lie on your side and rest."), SAYS_WHAT_TO_DO },
    { "chest-pain", 18, "chest-pain, stop-reason=4", WHERE_STEP,
      ACTION_URGENT, N_("Stop now and call emergency services."),
      SAYS_WHAT_TO_DO },
    { "back-nerve", 19, "daily-back-nerve", WHERE_DAILY, ACTION_URGENT,
      N_("These need checking urgently. Please go to an emergency department "
         "now."), SAYS_WHAT_TO_DO },
    { "headache", 20, "daily-headache, headache", WHERE_DAILY,
      ACTION_URGENT, N_("Stop and call emergency services now."),
      SAYS_WHAT_TO_DO },
    { "pregnancy-signs", 21, "daily-pregnancy", WHERE_CHECK_IN,
      ACTION_URGENT, N_("Stop and contact your maternity unit now."),
      ADD_ADVICE },
    { "bruise", 22, "bruise", WHERE_STEP, ACTION_SKIP_REGION,
      N_("We'll skip that area until it's fully healed. I'll ask about it next "
         "time."), ADD_ADVICE },
    { "bruise-thinners", 22, "bruise", WHERE_STEP, ACTION_SKIP_REGION,
      N_("We'll skip that area until it's fully healed. As you take blood "
         "thinners, please tell your provider about this bruise."),
      ADD_ADVICE },
    { "bruise-large", 22, "bruise-large", WHERE_FOLLOW_UP,
      ACTION_SKIP_REGION,
      N_("A large bruise or a hard lump should be checked. Please see your "
         "provider about it."), ADD_ADVICE },
    { "bruise-not-gone", 22, "bruise-gone", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("We'll skip the {region} until the bruise has fully healed."),
      ADD_ADVICE },
    /* The dose notes: next-day soreness (pain-monitoring model) and
     * frequency. */
    { "recent-soreness-lighter", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_LIGHTER,
      N_("We'll go lighter on the {region} today: shorter holds and pressure "
         "no more than 4 out of 10."), ADD_ADVICE },
    { "recent-soreness-high", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("That's still quite sore. We'll leave the {region} for two days to "
         "settle."), ADD_ADVICE },
    { "recent-soreness-all", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("That's still quite sore. We'll let every area rest for two days to "
         "settle."), ADD_ADVICE },
    { "recent-soreness-provider", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_NONE,
      N_("It was sore last time too. If it keeps coming back, please see a "
         "physiotherapist or doctor."), ADD_ADVICE },
    { "region-resting", 0, "", WHERE_START, ACTION_SKIP_REGION,
      N_("The {region} still need rest after last time, so we'll leave them "
         "out until the two days are up."), ADD_ADVICE },
    { "rest-all", 0, "", WHERE_START, ACTION_NOT_START,
      N_("Every area still needs rest after last time, so let's leave rolling "
         "until the two days are up."), SAYS_WHAT_TO_DO },
    { "frequency", 0, "", WHERE_START, ACTION_NOT_START,
      N_("You have rolled three times in the last week. Two or three times a "
         "week is the right start, so let's rest today. Once next-day soreness "
         "stays at 3 or below, daily sessions are fine."), SAYS_WHAT_TO_DO },
};

size_t rules_count(void)
{
    return ARRAY_LEN(table);
}

const struct safety_rule *rules_at(size_t i)
{
    return i < ARRAY_LEN(table) ? &table[i] : NULL;
}

const struct safety_rule *rules_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(table); i++)
        if (!strcmp(table[i].id, id))
            return &table[i];
    return NULL;
}

char *rules_say(const char *id, const char *region_name)
{
    const struct safety_rule *r = rules_find(id);
    if (!r)
        return NULL;
    /* The message in the session's language; {region} stays {region} in
     * every translation. */
    const char *msg = i18n_text(r->message);
    const char *name = region_name ? region_name : _("that area");
    const char *at = strstr(msg, "{region}");
    if (!at)
        return xstrdup(msg);
    return xasprintf("%.*s%s%s", (int)(at - msg), msg, name,
                     at + strlen("{region}"));
}

char *rules_say_saved(const char *id)
{
    char *said = rules_say(id, NULL);
    if (!said)
        return NULL;
    char *m = xasprintf(_("Your last health screening said: %s When you "
                          "have the all-clear, run unknot screen to update "
                          "it."), said);
    free(said);
    return m;
}

const char *rule_where_name(enum rule_where w)
{
    switch (w) {
    case WHERE_SCREENING:   return "screening";
    case WHERE_DAILY:       return "daily check";
    case WHERE_CHECK_IN:    return "check-in";
    case WHERE_STEP:        return "after a step";
    case WHERE_STOP_REASON: return "after a stop";
    case WHERE_FOLLOW_UP:   return "follow-up";
    case WHERE_START:       return "at the start";
    }
    return "?";
}

const char *rules_pressure_advice(int cap, int gentle)
{
    if (cap > 0 && cap <= PRESSURE_CAP_THINNERS)
        return _("Keep the pressure light, no more than 3 out of 10.");
    if (cap > 0)
        return _("Keep the pressure light, no more than 4 out of 10.");
    if (gentle)
        return _("Aim for gentle pressure, no more than 4 out of 10.");
    return _("Aim for moderate to strong pressure, never very strong.");
}
