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

static const struct safety_rule table[] = {
    /* Row 1 and the PAR-Q+ follow-ups. */
    { "screen-heart-cleared", 1, "screen-heart, screen-heart-cleared",
      WHERE_SCREENING, ACTION_NOT_START, see_doctor },
    { "screen-chest-pain", 1, "screen-chest-pain", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor },
    { "screen-dizzy", 1, "screen-dizzy", WHERE_SCREENING, ACTION_NOT_START,
      see_doctor },
    { "screen-supervised", 1, "screen-supervised", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor },
    { "screen-chronic-cleared", 0, "screen-chronic, screen-chronic-cleared",
      WHERE_SCREENING, ACTION_NOT_START, see_doctor },
    { "screen-medication-cleared", 0,
      "screen-medication, screen-medication-cleared", WHERE_SCREENING,
      ACTION_NOT_START, see_doctor },
    /* Rows 2 to 14: the foam-rolling screening. */
    { "screen-clot", 2, "screen-clot", WHERE_SCREENING, ACTION_NOT_START,
      N_("Rolling could disturb a clot. Please get your doctor's OK before any "
         "rolling.") },
    { "daily-calf", 3, "daily-calf", WHERE_DAILY, ACTION_URGENT,
      N_("Those can be signs of a blood clot. Don't roll. Please contact a "
         "doctor or urgent care today.") },
    { "screen-blood-thinners", 4, "screen-blood-thinners", WHERE_SCREENING,
      ACTION_LIGHTER,
      N_("Blood thinners raise bruising risk. We'll keep pressure light, no "
         "more than 3 out of 10, and use a soft roller.") },
    { "screen-blood-thinners-cleared", 4, "screen-blood-thinners-cleared",
      WHERE_SCREENING, ACTION_NOT_START,
      N_("Blood thinners raise bruising risk. Please get your provider's OK "
         "first; after that we'll keep pressure light.") },
    { "screen-fracture", 5, "screen-fracture", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("We won't roll near a broken or possibly broken bone.") },
    { "screen-fracture-checked", 5, "screen-fracture-checked",
      WHERE_SCREENING, ACTION_NOT_START,
      N_("We won't roll near a broken or possibly broken bone. Please get it "
         "checked first.") },
    { "screen-osteoporosis", 6, "screen-osteoporosis", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("With weaker bones we'll skip your back and ribs and keep pressure "
         "gentle.") },
    { "screen-skin", 7, "screen-skin", WHERE_SCREENING, ACTION_SKIP_REGION,
      N_("We'll skip that area until the skin has healed.") },
    { "daily-unwell", 8, "daily-unwell", WHERE_DAILY, ACTION_NOT_START,
      N_("Let's wait until you feel better.") },
    { "daily-injury", 9, "daily-injury", WHERE_DAILY, ACTION_SKIP_REGION,
      N_("We'll leave that area alone while it's inflamed or injured. I'll ask "
         "which one as we go.") },
    { "screen-bone-joint", 9, "screen-bone-joint", WHERE_SCREENING,
      ACTION_SKIP_REGION,
      N_("We'll leave that area alone. I'll ask which one as we go.") },
    { "screen-cancer", 10, "screen-cancer", WHERE_SCREENING, ACTION_LIGHTER,
      N_("We'll keep pressure light.") },
    { "screen-cancer-cleared", 10, "screen-cancer-cleared", WHERE_SCREENING,
      ACTION_NOT_START, N_("Please check with your cancer care team first.") },
    { "screen-pregnant", 11, "screen-pregnant", WHERE_SCREENING,
      ACTION_LIGHTER,
      N_("Please check with your maternity provider. We'll avoid lying on your "
         "back and keep leg pressure light.") },
    { "screen-surgery", 12, "screen-surgery", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll avoid the area around your surgery.") },
    { "screen-varicose", 13, "screen-varicose", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll avoid rolling over those veins.") },
    { "screen-numb", 14, "screen-numb", WHERE_SCREENING, ACTION_SKIP_REGION,
      N_("If you can't feel an area well, it's safer not to roll it.") },
    { "screen-numb-feet", 14, "screen-numb-feet", WHERE_SCREENING,
      ACTION_SKIP_REGION, N_("We'll skip your feet.") },
    { "area-check", 0, "area-check", WHERE_STEP, ACTION_SKIP_REGION,
      N_("Then we'll skip the {region}.") },
    /* Rows 15 to 22: in-session signals and the red flags. */
    { "tingling", 15, "tingling, stop-reason=1", WHERE_STEP,
      ACTION_SKIP_REGION,
      N_("Move off that spot now. Tingling means a nerve may be pressed. "
         "We'll skip this area.") },
    { "tingling-lasts", 15, "tingling-lasts", WHERE_FOLLOW_UP, ACTION_STOP,
      N_("The tingling hasn't gone, so let's stop for today. Sit up slowly and "
         "rest. If it doesn't go away within the hour, please see a doctor.") },
    { "sharp-pain", 16, "sharp-pain, stop-reason=2", WHERE_STEP,
      ACTION_SKIP_REGION,
      N_("Ease off. It should feel like strong pressure, never sharp. We'll "
         "skip this area.") },
    { "soreness-high", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("Ease off. It should feel like strong pressure, never sharp. We'll "
         "leave this area for today.") },
    { "soreness-setting", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("That's more than it should be. We'll leave this area for today.") },
    { "soreness-lighter", 16, "soreness", WHERE_STEP, ACTION_SKIP_REGION,
      N_("That's more than we want with light pressure. We'll leave this area "
         "for today.") },
    { "dizzy", 17, "dizzy, stop-reason=3", WHERE_STEP, ACTION_STOP,
      N_("Let's stop. Sit or lie on your side and rest.") },
    { "chest-pain", 18, "chest-pain, stop-reason=4", WHERE_STEP,
      ACTION_URGENT, N_("Stop now and call emergency services.") },
    { "back-nerve", 19, "daily-back-nerve", WHERE_DAILY, ACTION_URGENT,
      N_("These need checking urgently. Please go to an emergency department "
         "now.") },
    { "headache", 20, "daily-headache, headache", WHERE_DAILY,
      ACTION_URGENT, N_("Stop and call emergency services now.") },
    { "pregnancy-signs", 21, "daily-pregnancy", WHERE_CHECK_IN,
      ACTION_URGENT, N_("Stop and contact your maternity unit now.") },
    { "bruise", 22, "bruise", WHERE_STEP, ACTION_SKIP_REGION,
      N_("We'll skip that area until it's fully healed. I'll ask about it next "
         "time.") },
    { "bruise-thinners", 22, "bruise", WHERE_STEP, ACTION_SKIP_REGION,
      N_("We'll skip that area until it's fully healed. As you take blood "
         "thinners, please tell your provider about this bruise.") },
    { "bruise-large", 22, "bruise-large", WHERE_FOLLOW_UP,
      ACTION_SKIP_REGION,
      N_("A large bruise or a hard lump should be checked. Please see your "
         "provider about it.") },
    { "bruise-not-gone", 22, "bruise-gone", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("We'll skip the {region} until the bruise has fully healed.") },
    /* The dose notes: next-day soreness (pain-monitoring model) and
     * frequency. */
    { "recent-soreness-lighter", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_LIGHTER,
      N_("We'll go lighter on the {region} today: shorter holds and pressure "
         "no more than 4 out of 10.") },
    { "recent-soreness-high", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("That's still quite sore. We'll leave the {region} for two days to "
         "settle.") },
    { "recent-soreness-all", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_SKIP_REGION,
      N_("That's still quite sore. We'll let every area rest for two days to "
         "settle.") },
    { "recent-soreness-provider", 0, "recent-soreness", WHERE_CHECK_IN,
      ACTION_NONE,
      N_("It was sore last time too. If it keeps coming back, please see a "
         "physiotherapist or doctor.") },
    { "region-resting", 0, "", WHERE_START, ACTION_SKIP_REGION,
      N_("The {region} still need rest after last time, so we'll leave them "
         "out until the two days are up.") },
    { "rest-all", 0, "", WHERE_START, ACTION_NOT_START,
      N_("Every area still needs rest after last time, so let's leave rolling "
         "until the two days are up.") },
    { "frequency", 0, "", WHERE_START, ACTION_NOT_START,
      N_("You have rolled three times in the last week. Two or three times a "
         "week is the right start, so let's rest today. Once next-day soreness "
         "stays at 3 or below, daily sessions are fine.") },
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
