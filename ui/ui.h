/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SDL2 screen: a window (or an offscreen surface), its fonts, and one
 * function per screen that draws it from a plain view model.
 *
 * The screens never read the engine directly: a caller (ui/session.c, the
 * screenshots command, the tests) fills a struct ui_screen and calls
 * ui_draw().  Every string in a model is borrowed for the call.
 *
 * Layout scales from 800x480 to 1920x1080: sizes are fractions of the
 * window, text is fitted into its box (shrunk, never spilled), and the
 * countdown's digits are at least a quarter of the window height.  Colours
 * give main text a contrast of at least 7:1 against its background.
 *
 * For tests, ui_draw() also records what it drew: every text box with its
 * colours and role, every button (for touch and mouse hit tests), and the
 * body figure's highlighted region.
 *
 * Threading: SDL's video functions belong to the thread that called
 * ui_create(); one struct ui per thread.
 */
#ifndef UNKNOT_UI_H
#define UNKNOT_UI_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "coach/question.h"
#include "ui/input.h"

struct ui;

struct ui_options {
    int width, height;      /* 0: 1280x720, or the desktop when fullscreen;
                               a visible window never exceeds the display's
                               usable area (ui_fit_window) */
    bool fullscreen;        /* kiosk: borderless fullscreen */
    bool hidden;            /* no visible window (tests, screenshots) */
    double text_scale;      /* 1.0 normal; settings' text_scale */
    const char *title;      /* window title; NULL for "Unknot" */
};

/* Initialises SDL video and SDL_ttf as needed and opens the window.
 * Returns NULL with a one-line reason in *err (caller frees) when there is
 * no display or no font. */
struct ui *ui_create(const struct ui_options *o, char **err);
void ui_destroy(struct ui *ui);     /* NULL is fine */
/* Shrinks *w x *h to fit avail_w x avail_h (the display's usable area);
 * true when it had to. */
bool ui_fit_window(int *w, int *h, int avail_w, int avail_h);

/* True when SDL can open a window here (a display or a console video
 * driver); false with no display.  Cheap enough to call once at start. */
bool ui_display_available(void);

int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
SDL_Renderer *ui_renderer(struct ui *ui);
SDL_Window *ui_window(struct ui *ui);
/* Re-reads the output size after a window resize. */
void ui_update_size(struct ui *ui);

/* ---- View models ---------------------------------------------------- */

enum ui_screen_kind {
    UI_SCREEN_HOME,
    UI_SCREEN_QUESTION,     /* screening, daily check, in-session question */
    UI_SCREEN_STEP,         /* setup, lead-in, hold, switch */
    UI_SCREEN_REST,         /* what comes next */
    UI_SCREEN_STOP,         /* a safety rule fired; held until acknowledged */
    UI_SCREEN_SUMMARY,      /* answers and the soreness chart */
    UI_SCREEN_MESSAGE,      /* intro and other spoken text */
};

enum ui_side { UI_SIDE_NONE, UI_SIDE_LEFT, UI_SIDE_RIGHT };

struct ui_home_entry {
    const char *name;       /* routine file name, passed to `run` */
    const char *title;
    const char *group;      /* "Full body", or the body area it works */
    int seconds;            /* estimated length */
    const char *level;      /* "gentle", "moderate", "firm" */
    /* The preview of the highlighted routine (any may be NULL): */
    const char *description;
    const char *equipment;  /* "Foam roller, massage ball" */
    const char *steps;      /* "Calves, Hamstrings, ..." in order */
    int step_count;
};

/* The list scrolls as little as it can: only far enough to show the
 * highlighted row, so a tap never moves the row under the finger (the
 * offset is kept in struct ui between frames). */
struct ui_home_model {
    const struct ui_home_entry *entries;   /* sorted by group */
    size_t count;
    size_t selected;
    const char *last_session;   /* "Last session: ..." or NULL */
    const char *next_due;       /* "Next session: due today" or NULL */
};

struct ui_question_model {
    const char *heading;    /* "Health check 3 of 14" */
    const char *text;       /* the question as the coach says it */
    bool yes_no;            /* else a 0..10 scale, or the choices */
    /* Labelled answers 0..choice_count-1 ("why did you stop?"), drawn as
     * buttons that answer at a tap; NULL: yes-no or 0..10. */
    const char *const *choices;
    int choice_count;
    int selected;           /* highlighted answer, -1 none */
    bool listening;         /* the microphone is open */
    bool paused;            /* PAUSE shows RESUME */
    const char *hint;       /* NULL: the default key hint */
    /* The rest that runs on while the question is asked: time left (ms)
     * and its length; none when rest_total_ms is 0. */
    long long rest_ms, rest_total_ms;
    const char *rest_next;  /* "Next: Hamstrings", or NULL */
};

struct ui_step_model {
    const char *region_id;  /* body figure; unknown ids draw no highlight */
    const char *region_name;
    bool back_view;
    enum ui_side side;
    const char *phase_label;    /* "HOLD", "GET INTO POSITION", ... */
    const char *setup;          /* instructions, or NULL */
    int step_number, step_count;    /* 1-based */
    long long countdown_ms;     /* time left in the phase, < 0: none */
    long long phase_ms;         /* the phase's length, for the ring */
    long long routine_left_ms;  /* < 0: unknown */
    bool paused;
    /* A safety rule made this region (or the whole session) lighter:
     * drawn as a black-on-yellow tag ("Lighter: pressure up to 4 of 10")
     * beside the countdown for the whole step, so it is seen long after
     * the notice has gone.  pressure_cap: 1..10, 0 when none; a cap
     * without `lighter` (blood thinners) is shown too. */
    bool lighter;
    int pressure_cap;
};

struct ui_stop_model {
    enum rule_action action;    /* URGENT is drawn as an emergency */
    const char *message;        /* the rule's message */
    const char *todo;           /* what to do now, or NULL */
};

struct ui_answer_row {
    const char *question;       /* in plain words: "Calves: soreness" */
    const char *answer;         /* "7 / 10", "no", "Dizzy" */
    bool flagged;               /* the answer fired a rule: drawn red */
    const char *question_id;    /* "soreness" (tests, screenshot lists) */
    int value;                  /* as answered: 0..10, yes 1 / no 0 */
};

/* Soreness per region over the last sessions, oldest first. */
struct ui_soreness_series {
    const char *region_name;
    const int *values;          /* 0..10, or -1 when not asked */
};

/* What a rule changed today, for the summary: "Calves skipped" and why. */
struct ui_change_row {
    enum rule_action action;    /* LIGHTER, SKIP_REGION, ... */
    const char *what;           /* "Lighter", "Calves skipped" */
    const char *why;            /* the rule's message, as it was said */
};

struct ui_summary_model {
    const char *title;          /* the routine's title */
    /* The outcome in plain words: "Session complete", "Stopped: you felt
     * dizzy", "Not started today"; drawn as the heading. */
    const char *outcome;
    enum rule_action outcome_action;    /* STOP / URGENT / NOT_START
                                           colour it; NONE otherwise */
    const char *advice;         /* what to do now, repeated after a stop
                                   (the emergency advice after an urgent
                                   one), or NULL */
    const struct ui_change_row *changes;    /* skipped or made lighter */
    size_t change_count;
    /* Today's answers, in the order given (screening answers are not
     * among them: screening_count says how many were saved). */
    const struct ui_answer_row *answers;
    size_t answer_count;
    size_t first_row;           /* scrolled to this row (Up / Down) */
    size_t screening_count;
    const struct ui_soreness_series *series;
    size_t series_count;
    size_t session_count;       /* values per series */
    const long long *session_dates; /* wall clock of each session's start
                                       (oldest first), or NULL */
    /* The home screen's history: S saves a report for the therapist
     * (ui/therapist.h); drawn as a button beside Done, which taps as S. */
    bool offer_report;
};

struct ui_message_model {
    const char *title;
    const char *text;
};

struct ui_screen {
    enum ui_screen_kind kind;
    /* A rule that just fired and changed the session (lighter, a region
     * skipped): shown as a band on the step, rest, question and message
     * screens, so it is read as well as heard.  NULL: none. */
    const char *notice;
    enum rule_action notice_action;
    union {
        struct ui_home_model home;
        struct ui_question_model question;
        struct ui_step_model step;      /* STEP and REST */
        struct ui_stop_model stop;
        struct ui_summary_model summary;
        struct ui_message_model message;
    } u;
};

/* The notice a screen shows (s->notice where the screen has room for
 * one), or NULL. */
const char *ui_screen_notice(const struct ui_screen *s);

/* Draws the screen and presents it; also records the drawn items below. */
void ui_draw(struct ui *ui, const struct ui_screen *s);
/* Draws without presenting (for SDL_RenderReadPixels in tests). */
void ui_render(struct ui *ui, const struct ui_screen *s);
/* How many times ui_draw/ui_render drew a frame. */
unsigned long ui_frame_count(const struct ui *ui);

/* ---- What the last frame drew (tests, hit testing) ------------------ */

enum ui_text_role {
    UI_TEXT_MAIN,       /* titles, questions, region names */
    UI_TEXT_SECONDARY,  /* setup text, hints */
    UI_TEXT_BUTTON,
    UI_TEXT_COUNTDOWN,
    UI_TEXT_CHART,      /* labels in the chart */
};

struct ui_text_item {
    SDL_Rect box;       /* where the text was placed (ink fits inside) */
    SDL_Color fg, bg;   /* bg: the colour the text sits on */
    enum ui_text_role role;
    int px;             /* font size in pixels */
    bool cut;           /* did not fit even at its smallest size: cut
                           with "..." */
    char text[512];     /* the text (its first 511 bytes), for tests */
};
size_t ui_text_count(const struct ui *ui);
const struct ui_text_item *ui_text_at(const struct ui *ui, size_t i);

struct ui_button {
    SDL_Rect box;
    struct ui_input input;  /* what a tap on it does */
};
size_t ui_button_count(const struct ui *ui);
const struct ui_button *ui_button_at(const struct ui *ui, size_t i);
/* The input a tap at (x, y) gives, or UI_CMD_NONE. */
struct ui_input ui_hit_test(const struct ui *ui, int x, int y);

/* The body figure's highlighted region in the last frame: false when none
 * was drawn.  *box bounds the highlighted parts; *color is their colour. */
bool ui_highlight(const struct ui *ui, SDL_Rect *box, SDL_Color *color);
/* The countdown ring's bounding box in the last frame (false when none). */
bool ui_countdown_box(const struct ui *ui, SDL_Rect *box);

/* True when the body figure has a place for region_id (a region id or a
 * common alias); *back (may be NULL) says which view shows it best. */
bool ui_body_knows(const char *region_id, bool *back);

/* WCAG contrast ratio of two colours (1.0 .. 21.0). */
double ui_contrast(SDL_Color a, SDL_Color b);

/* The lighter tag of a step screen, in the session's language, into buf:
 * "Lighter: pressure up to 4 of 10", "Lighter pressure" (no cap), or
 * "Pressure up to 3 of 10" (a cap alone); "" when neither applies. */
void ui_lighter_tag(bool lighter, int pressure_cap, char *buf, size_t n);

/* Seconds shown by a countdown with `ms` left (rounded up, so "1" shows
 * until the very end). */
int ui_countdown_seconds(long long ms);
/* "1:05" / "45 s" style durations, into buf. */
void ui_format_duration(char *buf, size_t n, long long ms);

/* Saves the last rendered frame as a BMP file; 0 or -1 with *err. */
int ui_save_bmp(struct ui *ui, const char *path, char **err);

#endif
