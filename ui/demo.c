/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sample view models for every screen, for the screen tests and the
 * benchmark (layout, contrast, fitting): fixed data, so a drawing change
 * shows.  `unknot screenshots` does not use them: it drives the real
 * engine through a scripted session (ui/shots.h).
 */
#include "ui/demo.h"

#include <string.h>

#include "util/util.h"

static const struct ui_home_entry home_entries[] = {
    { .name = "calves-basic", .title = "Calves and feet",
      .group = "Legs and hips", .seconds = 420, .level = "gentle",
      .description = "A ball under each foot, then the calves.",
      .equipment = "Foam roller, massage ball",
      .steps = "Soles of the feet, Calves", .step_count = 2 },
    { .name = "runner-legs", .title = "After a run: legs",
      .group = "Legs and hips", .seconds = 780, .level = "moderate",
      .step_count = 6 },
    { .name = "hamstrings", .title = "Hamstrings, slow",
      .group = "Legs and hips", .seconds = 540, .level = "gentle",
      .step_count = 2 },
    { .name = "desk-upper-back", .title = "Desk day: upper back",
      .group = "Back, chest and shoulders", .seconds = 600,
      .level = "gentle", .step_count = 4 },
    { .name = "neck-shoulders", .title = "Neck and shoulders (ball)",
      .group = "Back, chest and shoulders", .seconds = 360,
      .level = "gentle", .step_count = 3 },
};

static const struct ui_answer_row answers[] = {
    { "Calves: soreness", "2 / 10", false, "soreness", 2 },
    { "Numbness or tingling?", "no", false, "tingling", 0 },
    { "Hamstrings: soreness", "8 / 10", true, "soreness", 8 },
    { "Dizzy or light-headed?", "no", false, "dizzy", 0 },
};

/* After a stop by tingling, in French (fixed copies of the catalogue's
 * words): the longest labels the summary lists, a flagged one among them,
 * scrolled to it. */
static const struct ui_answer_row answers_fr[] = {
    { "Avez-vous une nouvelle blessure, une zone chaude, rouge ou "
      "gonfl\xc3\xa9""e, ou une grosseur dure apr\xc3\xa8s un bleu ?", "non", false,
      "daily-injury", 0 },
    { "Avez-vous mal au dos avec un engourdissement de l'aine ou des "
      "fesses, de nouveaux troubles de la vessie, des intestins ou de la "
      "sexualit\xc3\xa9, ou une faiblesse nouvelle dans une jambe ?", "non",
      false, "daily-back-nerve", 0 },
    { "Mollets : douleur apr\xc3\xa8s le massage", "2 / 10", false,
      "soreness", 2 },
    { "Mollets : Ressentez-vous un engourdissement, des fourmillements ou "
      "une douleur fulgurante ?", "oui", true, "tingling", 1 },
    { "Mollets : Maintenant que vous avez quitt\xc3\xa9 cet endroit, les "
      "fourmillements ou l'engourdissement sont-ils toujours l\xc3\xa0 ?",
      "oui", true, "tingling-lasts", 1 },
};

static const struct ui_change_row changes_fr[] = {
    { ACTION_SKIP_REGION, "Saut\xc3\xa9 : Mollets",
      "Quittez cet endroit tout de suite. Des fourmillements signifient "
      "qu'un nerf est peut-\xc3\xaatre comprim\xc3\xa9. Nous laissons cette "
      "zone de c\xc3\xb4t\xc3\xa9." },
};

static const struct ui_change_row changes[] = {
    { ACTION_SKIP_REGION, "Hamstrings skipped",
      "That's too sore. We'll skip the hamstrings today." },
};

static const int s_calves[] = { 3, 2, -1, 2, 1, 1 };
static const int s_ham[] = { 6, 5, 5, 4, 8, 3 };
static const int s_back[] = { -1, 4, 3, 3, 2, 2 };
static const struct ui_soreness_series series[] = {
    { "Calves", s_calves },
    { "Hamstrings", s_ham },
    { "Upper back", s_back },
};

static const char *const names[] = {
    "home", "screening", "daily-check", "step-setup", "step-hold",
    "step-paused", "switch", "rest", "question-scale", "question-listening",
    "stop", "stop-urgent", "not-today", "summary", "history", "intro",
    "summary-stopped-fr", "step-lighter", "step-setup-lighter",
};

size_t ui_demo_count(void)
{
    return ARRAY_LEN(names);
}

const char *ui_demo_name(size_t i)
{
    return i < ARRAY_LEN(names) ? names[i] : NULL;
}

static const char calves_setup[] =
    "Sit with the roller under your left calf, hands behind you. Lift "
    "your hips and roll slowly from below the knee to above the ankle.";

int ui_demo_screen(size_t i, struct ui_screen *s)
{
    memset(s, 0, sizeof *s);
    if (i >= ARRAY_LEN(names))
        return -1;
    const char *n = names[i];
    struct ui_step_model step = {
        .region_id = "calves", .region_name = "Calves", .back_view = true,
        .side = UI_SIDE_LEFT, .phase_label = "HOLD", .setup = calves_setup,
        .step_number = 2, .step_count = 6, .countdown_ms = 44200,
        .phase_ms = 60000, .routine_left_ms = 512000, .paused = false,
    };
    if (!strcmp(n, "home")) {
        s->kind = UI_SCREEN_HOME;
        s->u.home.entries = home_entries;
        s->u.home.count = ARRAY_LEN(home_entries);
        s->u.home.selected = 1;
        s->u.home.last_session = "Last session: yesterday, After a run: "
                                 "legs (completed)";
        s->u.home.next_due = "Next session: due today";
    } else if (!strcmp(n, "screening")) {
        s->kind = UI_SCREEN_QUESTION;
        s->u.question.heading = "Health check 3 of 14";
        s->u.question.text = "In the past 12 months, have you lost your "
                             "balance because of dizziness, or fainted?";
        s->u.question.yes_no = true;
        s->u.question.selected = -1;
    } else if (!strcmp(n, "daily-check")) {
        s->kind = UI_SCREEN_QUESTION;
        s->u.question.heading = "Today's check";
        s->u.question.text = "Do you feel feverish or unwell today?";
        s->u.question.yes_no = true;
        s->u.question.selected = 0;
    } else if (!strcmp(n, "step-setup")) {
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
        s->u.step.region_id = "quadriceps";
        s->u.step.region_name = "Front of the thighs";
        s->u.step.back_view = false;
        s->u.step.setup = "Lie face down on your forearms with the roller "
                          "under your left thigh, just above the knee.";
        s->u.step.phase_label = "GET READY";
        s->u.step.countdown_ms = -1;
    } else if (!strcmp(n, "step-hold")) {
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
    } else if (!strcmp(n, "step-lighter")) {
        /* Still sore from last time: this region lighter, its tag beside
         * the countdown. */
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
        s->u.step.lighter = true;
        s->u.step.pressure_cap = 4;
    } else if (!strcmp(n, "step-setup-lighter")) {
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
        s->u.step.setup = "Lie face down on your forearms with the roller "
                          "under your left thigh, just above the knee.";
        s->u.step.phase_label = "GET READY";
        s->u.step.countdown_ms = -1;
        s->u.step.lighter = true;
        s->u.step.pressure_cap = 3;
    } else if (!strcmp(n, "step-paused")) {
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
        s->u.step.paused = true;
        s->u.step.countdown_ms = 118000;
        s->u.step.phase_ms = 120000;
    } else if (!strcmp(n, "switch")) {
        s->kind = UI_SCREEN_STEP;
        s->u.step = step;
        s->u.step.side = UI_SIDE_RIGHT;
        s->u.step.phase_label = "SWITCH SIDES";
        s->u.step.countdown_ms = 5000;
        s->u.step.phase_ms = 5000;
    } else if (!strcmp(n, "rest")) {
        s->kind = UI_SCREEN_REST;
        s->u.step = step;
        s->u.step.region_id = "hamstrings";
        s->u.step.region_name = "Hamstrings";
        s->u.step.phase_label = "REST";
        s->u.step.setup = "Next: roller under the back of your thighs, "
                          "from below the buttock to above the knee.";
        s->u.step.step_number = 3;
        s->u.step.countdown_ms = 12000;
        s->u.step.phase_ms = 15000;
        s->u.step.side = UI_SIDE_NONE;
    } else if (!strcmp(n, "question-scale")) {
        s->kind = UI_SCREEN_QUESTION;
        s->u.question.heading = "After step 2: calves";
        s->u.question.text = "How strong was the pressure, from 0 to 10?";
        s->u.question.selected = 5;
    } else if (!strcmp(n, "question-listening")) {
        s->kind = UI_SCREEN_QUESTION;
        s->u.question.heading = "After step 2: calves";
        s->u.question.text = "Any numbness, tingling or shooting pain?";
        s->u.question.yes_no = true;
        s->u.question.selected = -1;
        s->u.question.listening = true;
    } else if (!strcmp(n, "stop")) {
        s->kind = UI_SCREEN_STOP;
        s->u.stop.action = ACTION_STOP;
        s->u.stop.message = "Let's stop. Dizziness is a sign to rest.";
        s->u.stop.todo = "Sit or lie on your side and rest until it "
                         "passes.";
    } else if (!strcmp(n, "stop-urgent")) {
        s->kind = UI_SCREEN_STOP;
        s->u.stop.action = ACTION_URGENT;
        s->u.stop.message = "Chest pain or sudden breathlessness needs "
                            "help now.";
        s->u.stop.todo = "Stop and call emergency services now (112 / "
                         "911 / 999).";
    } else if (!strcmp(n, "not-today")) {
        s->kind = UI_SCREEN_STOP;
        s->u.stop.action = ACTION_NOT_START;
        s->u.stop.message = "Let's wait until you feel better.";
        s->u.stop.todo = NULL;
    } else if (!strcmp(n, "summary")) {
        s->kind = UI_SCREEN_SUMMARY;
        s->u.summary.title = "After a run: legs";
        s->u.summary.outcome = "Session complete, with one change";
        s->u.summary.changes = changes;
        s->u.summary.change_count = ARRAY_LEN(changes);
        s->u.summary.answers = answers;
        s->u.summary.answer_count = ARRAY_LEN(answers);
        s->u.summary.series = series;
        s->u.summary.series_count = ARRAY_LEN(series);
        s->u.summary.session_count = 6;
    } else if (!strcmp(n, "summary-stopped-fr")) {
        s->kind = UI_SCREEN_SUMMARY;
        s->u.summary.title = "Pieds, mollets et avant-bras";
        s->u.summary.outcome = "Arr\xc3\xaat par une r\xc3\xa8gle de "
                               "s\xc3\xa9""curit\xc3\xa9";
        s->u.summary.outcome_action = ACTION_STOP;
        s->u.summary.advice = "Les fourmillements n'ont pas disparu, "
            "arr\xc3\xaatons-nous pour aujourd'hui. Redressez-vous lentement "
            "et reposez-vous.";
        s->u.summary.changes = changes_fr;
        s->u.summary.change_count = ARRAY_LEN(changes_fr);
        s->u.summary.answers = answers_fr;
        s->u.summary.answer_count = ARRAY_LEN(answers_fr);
        s->u.summary.first_row = 3;
        s->u.summary.screening_count = 17;
        s->u.summary.series = series;
        s->u.summary.series_count = ARRAY_LEN(series);
        s->u.summary.session_count = 6;
    } else if (!strcmp(n, "history")) {
        s->kind = UI_SCREEN_SUMMARY;
        s->u.summary.title = "Your soreness history";
        s->u.summary.series = series;
        s->u.summary.series_count = ARRAY_LEN(series);
        s->u.summary.session_count = 6;
    } else if (!strcmp(n, "intro")) {
        s->kind = UI_SCREEN_MESSAGE;
        s->u.message.title = "After a run: legs";
        s->u.message.text = "Six steps, about thirteen minutes. Keep the "
                            "pressure moderate, never sharp.";
    }
    return 0;
}
