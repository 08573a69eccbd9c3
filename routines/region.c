/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See region.h.  The tables follow the region table and the "areas not to
 * roll directly" list of the safety model; change them together. */
#include "routines/region.h"

#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

#define R REGION_TOOL_ROLLER
#define B REGION_TOOL_BALL
#define H REGION_TOOL_HANDS

/* usual_tool values are enum routine_tool: 0 roller, 1 ball, 2 hands.
 * The names are msgids (po/): region_title() gives them translated. */
static const struct region_info regions[] = {
    { "calves", N_("Calves"), REGION_VIEW_BACK, true, false,
      "Skip a calf that is swollen, warm or painful (possible clot).",
      R | B, 0,
      N_("calves") },
    { "hamstrings", N_("Hamstrings"), REGION_VIEW_BACK, true, false,
      "Below the buttock to above the back of the knee; stop before "
      "the knee.", R | B, 0,
      N_("hamstrings") },
    { "quadriceps", N_("Front of the thighs"), REGION_VIEW_FRONT, true, false,
      "Face down on the forearms; hip to just above the kneecap.", R, 0,
      N_("front of the thighs") },
    { "adductors", N_("Inner thighs"), REGION_VIEW_FRONT, true, false,
      "Mid-thigh only, well away from the groin.", R, 0,
      N_("inner thighs") },
    { "glutes", N_("Buttocks"), REGION_VIEW_BACK, true, false,
      "Stop if pain runs down the leg.", R | B, 0,
      N_("buttocks") },
    { "hip-flexors", N_("Front of the hips"), REGION_VIEW_FRONT, true, false,
      "Below and outside the front hip bone; never press into the belly.",
      R | B, 0,
      N_("front of the hips") },
    { "lateral-thigh", N_("Outside of the thighs"), REGION_VIEW_FRONT, true,
      false, "Optional and of low value: very light pressure only.", R, 0,
      N_("outside of the thighs") },
    { "upper-back", N_("Upper back"), REGION_VIEW_BACK, false, true,
      "Between the shoulder blades only, never the lower back; skipped "
      "with weak bones.", R, 0,
      N_("upper back") },
    { "lats", N_("Sides of the back"), REGION_VIEW_BACK, true, true,
      "Roller behind the armpit, never in it.", R, 0,
      N_("sides of the back") },
    { "pecs", N_("Chest"), REGION_VIEW_FRONT, true, true,
      "Ball against a wall below the collarbone, out of the armpit.",
      B | H, 1,
      N_("chest") },
    { "forearms", N_("Forearms"), REGION_VIEW_FRONT, true, false,
      "Stop if numbness in the hand increases.", H | B | R, 2,
      N_("forearms") },
    { "feet", N_("Soles of the feet"), REGION_VIEW_BACK, true, false,
      "Seated, ball under the foot; skip if the feet are numb.", B | H, 1,
      N_("soles of the feet") },
    { "upper-traps", N_("Tops of the shoulders"), REGION_VIEW_BACK, true, false,
      "Ball held still against a wall; never the front or side of the "
      "neck.", B | H, 1,
      N_("tops of the shoulders") },
    { "jaw", N_("Jaw"), REGION_VIEW_FRONT, true, false,
      "Light fingertip circles on the jaw muscle and temples only.", H, 2,
      N_("jaw") },
};

#undef R
#undef B
#undef H

struct no_roll {
    const char *id;
    const char *reason;
};

#define NO_ROLL_LUMBAR N_( \
    "the lower back is not rolled directly (the spine there has no ribs " \
    "to protect it); work the glutes, hamstrings and hip flexors instead")

#define NO_ROLL_NECK N_( \
    "the front and sides of the neck hold arteries and nerves and are " \
    "never rolled; use upper-traps for the tops of the shoulders")

#define NO_ROLL_KNEE_BACK N_( \
    "the back of the knee holds nerves and blood vessels; stop hamstrings " \
    "and calves short of it")

#define NO_ROLL_GROIN N_( \
    "the groin holds nerves and blood vessels; work the adductors at " \
    "mid-thigh instead")

#define NO_ROLL_ARMPIT N_( \
    "the armpit holds nerves and lymph nodes; use lats (behind the armpit) " \
    "or pecs (below the collarbone)")

#define NO_ROLL_BELLY N_( \
    "the belly has no bone to press against and holds organs; never press " \
    "a tool into it")

#define NO_ROLL_JOINT N_( \
    "joints and bony points are not rolled; work the muscles around them")

#define NO_ROLL_SPINE N_( \
    "the spine is not rolled directly; use upper-back for the muscles " \
    "between the shoulder blades")

static const struct no_roll no_roll_areas[] = {
    { "lumbar-spine", NO_ROLL_LUMBAR }, { "lower-back", NO_ROLL_LUMBAR },
    { "low-back", NO_ROLL_LUMBAR }, { "lumbar", NO_ROLL_LUMBAR },
    { "front-of-neck", NO_ROLL_NECK }, { "neck", NO_ROLL_NECK },
    { "side-of-neck", NO_ROLL_NECK }, { "throat", NO_ROLL_NECK },
    { "behind-knee", NO_ROLL_KNEE_BACK },
    { "back-of-knee", NO_ROLL_KNEE_BACK },
    { "groin", NO_ROLL_GROIN },
    { "armpit", NO_ROLL_ARMPIT }, { "armpits", NO_ROLL_ARMPIT },
    { "abdomen", NO_ROLL_BELLY }, { "belly", NO_ROLL_BELLY },
    { "stomach", NO_ROLL_BELLY },
    { "knee", NO_ROLL_JOINT }, { "knees", NO_ROLL_JOINT },
    { "kneecap", NO_ROLL_JOINT }, { "elbow", NO_ROLL_JOINT },
    { "ankle", NO_ROLL_JOINT }, { "wrist", NO_ROLL_JOINT },
    { "shin", NO_ROLL_JOINT }, { "shins", NO_ROLL_JOINT },
    { "spine", NO_ROLL_SPINE }, { "tailbone", NO_ROLL_SPINE },
};

/* Common names therapists use for a region, for "did you mean". */
static const struct no_roll aliases[] = {
    { "calf", "calves" }, { "hamstring", "hamstrings" },
    { "quads", "quadriceps" }, { "quad", "quadriceps" },
    { "inner-thigh", "adductors" }, { "inner-thighs", "adductors" },
    { "glute", "glutes" }, { "piriformis", "glutes" },
    { "buttocks", "glutes" },
    { "tfl", "hip-flexors" }, { "hip-flexor", "hip-flexors" },
    { "it-band", "lateral-thigh" }, { "itb", "lateral-thigh" },
    { "thoracic", "upper-back" }, { "thoracic-spine", "upper-back" },
    { "mid-back", "upper-back" },
    { "lat", "lats" }, { "pec", "pecs" }, { "chest", "pecs" },
    { "forearm", "forearms" }, { "foot", "feet" },
    { "plantar-fascia", "feet" }, { "soles", "feet" },
    { "traps", "upper-traps" }, { "trapezius", "upper-traps" },
    { "shoulders", "upper-traps" }, { "masseter", "jaw" },
    { "temples", "jaw" },
};

size_t region_count(void)
{
    return ARRAY_LEN(regions);
}

const struct region_info *region_at(size_t i)
{
    return i < ARRAY_LEN(regions) ? &regions[i] : NULL;
}

const struct region_info *region_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(regions); i++)
        if (!strcmp(regions[i].id, id))
            return &regions[i];
    return NULL;
}

const char *region_no_roll_reason(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(no_roll_areas); i++)
        if (!strcmp(no_roll_areas[i].id, id))
            return no_roll_areas[i].reason;
    return NULL;
}

const char *region_suggest(const char *id)
{
    if (!id || !*id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(aliases); i++)
        if (!strcmp(aliases[i].id, id))
            return aliases[i].reason;
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < ARRAY_LEN(regions); i++) {
        size_t d = str_edit_distance(id, regions[i].id, 2);
        if (d < best_d) {
            best_d = d;
            best = regions[i].id;
        }
    }
    return best;
}

const char *region_title(const struct region_info *ri)
{
    return ri ? i18n_text(ri->name) : NULL;
}

const char *region_phrase(const struct region_info *ri)
{
    return ri ? i18n_text(ri->phrase) : NULL;
}
