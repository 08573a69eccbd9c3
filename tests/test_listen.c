/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Voice answers: the listener on eSpeak NG speech through the WAV input,
 * out-of-vocabulary rejection, half-duplex muting, no microphone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/listen.h"
#include "audio/listen_input.h"
#include "audio/listen_speech.h"
#include "audio/listen_vad.h"
#include "session/session.h"
#include "audio/audio.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "coach/question.h"
#include "coach/screening.h"
#include "tests/check.h"
#include "util/log.h"
#include "util/util.h"

/* Out-of-vocabulary words accepted from the 12 in
 * test_out_of_vocabulary_rejected: 3 to 6 measured with eSpeak NG 1.51
 * and PocketSphinx 0.8 at the default threshold (eSpeak's output shifts a
 * little with what it spoke before; rejection is weak: docs/voice.md),
 * plus a margin of 2.  A change that makes it worse fails here. */
#define OOV_BOUND 8

static long long fake_now;

static long long manual_clock(void *user)
{
    (void)user;
    return fake_now;
}

/* A recording: 600 ms of room, then each word followed by gap_ms, with
 * noise at snr dB.  Returns its path (free it); word start times in
 * starts[] (ms from the start of the file). */
static char *record(const char *name, const char *voice, int rate,
                    const char *const *words, size_t n, int gap_ms,
                    double snr, long long *starts)
{
    struct speech_clip t = { 0 };
    listen_speech_silence(&t, 600);
    for (size_t i = 0; i < n; i++) {
        struct speech_clip c;
        CHECK_INT(listen_speech_say(words[i], voice, rate, &c), ==, 0);
        if (starts)
            starts[i] = (long long)t.n / 16;
        listen_speech_append(&t, &c);
        listen_speech_silence(&t, gap_ms);
        free(c.s);
    }
    listen_speech_add_noise(&t, snr, 7);
    char *path = malloc(strlen(check_tmpdir()) + strlen(name) + 2);
    sprintf(path, "%s/%s", check_tmpdir(), name);
    CHECK_INT(listen_speech_write_wav(path, &t), ==, 0);
    free(t.s);
    return path;
}

/* Everything accepted from a recording, as "w1 w2 ...". */
static void hear_all(const char *path, char *out, size_t cap,
                     struct heard *first)
{
    struct listener_options o = { .backend = "wav", .wav_path = path };
    char *err = NULL;
    struct listener *l = listener_open(&o, &err);
    CHECK(l != NULL);
    out[0] = '\0';
    if (!l) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return;
    }
    struct heard h;
    bool got_first = false;
    for (;;) {
        if (listener_poll(l, &h)) {
            if (first && !got_first)
                *first = h;
            got_first = true;
            if (out[0])
                strncat(out, " ", cap - strlen(out) - 1);
            strncat(out, h.word, cap - strlen(out) - 1);
        } else if (listener_at_end(l)) {
            break;
        }
    }
    listener_close(l);
}

static void test_vocabulary_and_events(void)
{
    CHECK_INT(listen_word_count(), ==, 30);   /* 19 + 11 reason names */
    struct heard h = { 0 };
    CHECK(listen_classify(&h, "eight"));
    CHECK_INT(h.kind, ==, HEARD_NUMBER);
    CHECK_INT(h.value, ==, 8);
    CHECK(!listen_classify(&h, "banana"));
    const struct question *sore = builtin_question_find("soreness");
    struct coach_event ev;
    CHECK(listen_classify(&h, "next"));
    CHECK(listen_to_event(&h, NULL, &ev));
    CHECK_INT(ev.kind, ==, COACH_EV_COMMAND);
    CHECK_INT(ev.command, ==, COACH_CMD_SKIP);
    CHECK(listen_classify(&h, "nine"));
    CHECK(!listen_to_event(&h, NULL, &ev));     /* nothing asked */
    if (sore) {
        CHECK(listen_to_event(&h, sore, &ev));
        CHECK_INT(ev.kind, ==, COACH_EV_ANSWER);
        CHECK_INT(ev.value, ==, 9);
        CHECK_STR(ev.question, sore->id);
        /* Nine fires the soreness rule: confirm before acting. */
        h.low_confidence = false;
        CHECK(listen_needs_confirmation(&h, sore) ==
              stop_rule_fires(&sore->rule, 9));
        CHECK(listen_classify(&h, "yes"));
        CHECK(!listen_to_event(&h, sore, &ev));  /* yes to a scale */
    }
    CHECK(listen_classify(&h, "two"));
    h.low_confidence = true;
    CHECK(listen_needs_confirmation(&h, NULL));
    CHECK(listen_classify(&h, "stop"));
    CHECK(!listen_needs_confirmation(&h, NULL));  /* acted on at once */
}

/* A whole routine's worth of answers and a stop, spoken by two voices
 * with room noise at 20 dB SNR, through the WAV input. */
static void test_answer_sequence(void)
{
    static const char *const words[] = { "three", "yes", "no", "seven",
                                         "two", "repeat", "pause",
                                         "resume", "stop" };
    static const char *const voices[] = { "en-us", "en+m3" };
    static const int rates[] = { 175, 150 };
    for (size_t v = 0; v < 2; v++) {
        char *path = record("seq.wav", voices[v], rates[v], words,
                            ARRAY_LEN(words), 900, 20, NULL);
        char got[256];
        struct heard first;
        hear_all(path, got, sizeof got, &first);
        CHECK_STR(got, "three yes no seven two repeat pause resume stop");
        CHECK(first.end_ms > first.start_ms);
        CHECK(first.ready_ms - first.end_ms < 300);
        free(path);
    }
}

/* The margin over the next word (for measuring): within 0..20 for every
 * result, and read from a real N-best list: not every word at the cap
 * (which is also what no competitor gives), and a clear word of the
 * grammar leads by more than a foreign word does on average. */
static void test_margin_reported(void)
{
    static const char *const words[] = { "seven", "yes", "stop", "hello",
                                         "water", "kitchen" };
    char *path = record("margin.wav", "en-us", 175, words, ARRAY_LEN(words),
                        900, 20, NULL);
    struct listener_options o = { .backend = "wav", .wav_path = path,
                                  .report_rejected = true, .margin = true };
    char *err = NULL;
    struct listener *l = listener_open(&o, &err);
    CHECK(l != NULL);
    if (!l) {
        free(err);
        free(path);
        return;
    }
    struct heard h;
    int n = 0, below_cap = 0;
    double in_sum = 0, out_sum = 0;
    int in_n = 0, out_n = 0;
    for (;;) {
        if (!listener_poll(l, &h)) {
            if (listener_at_end(l))
                break;
            continue;
        }
        CHECK(h.margin >= 0 && h.margin <= 20);
        below_cap += h.margin < 20;
        /* The first three utterances are the vocabulary's. */
        if (n < 3) {
            in_sum += h.margin;
            in_n++;
        } else {
            out_sum += h.margin;
            out_n++;
        }
        n++;
    }
    listener_close(l);
    printf("test_listen: margin %.1f on words of the grammar, %.1f on "
           "others (%d results)\n", in_n ? in_sum / in_n : 0,
           out_n ? out_sum / out_n : 0, n);
    CHECK_INT(n, ==, 6);
    CHECK_INT(below_cap, >, 0);
    CHECK(in_n && out_n && in_sum / in_n > out_sum / out_n);
    free(path);
}

/* Talk that is not a command: a fixed set of words, some close in sound
 * to the vocabulary.  The bound is the rate measured on this set (see
 * docs/voice.md) plus a margin; the result is deterministic for the same
 * eSpeak NG and PocketSphinx. */
static void test_out_of_vocabulary_rejected(void)
{
    static const char *const oov[] = {
        "hello", "water", "banana", "maybe", "thanks", "morning",
        "coffee", "window", "yellow", "kitchen", "tomorrow", "please",
    };
    char *path = record("oov.wav", "en-us", 175, oov, ARRAY_LEN(oov), 900,
                        20, NULL);
    char got[512];
    hear_all(path, got, sizeof got, NULL);
    size_t accepted = 0;
    for (const char *p = got; *p; p++)
        if (p == got || p[-1] == ' ')
            accepted++;
    printf("test_listen: %zu of %zu out-of-vocabulary words accepted "
           "(%s)\n", accepted, ARRAY_LEN(oov), got);
    CHECK_INT(accepted, <=, OOV_BOUND);
    free(path);
}

/* Half duplex: speech during a mute, or within the guard time after it,
 * is never heard; speech after the guard is. */
static void test_muted_ignores_own_speech(void)
{
    static const char *const words[] = { "three", "stop", "two" };
    long long at[3];
    char *path = record("mute.wav", "en-us", 175, words, 3, 1500, 20, at);
    fake_now = 1000;
    struct listener_options o = { .backend = "wav", .wav_path = path,
                                  .wav_realtime = true,
                                  .now_ms = manual_clock, .guard_ms = 400 };
    char *err = NULL;
    struct listener *l = listener_open(&o, &err);
    CHECK(l != NULL);
    if (!l) {
        free(err);
        free(path);
        return;
    }
    /* The coach speaks over "three" and stops just before "stop" starts:
     * "stop" falls in the guard time.  "two" comes after. */
    long long speak_from = 1000 + at[0] - 200;
    long long speak_to = 1000 + at[1] - 100;
    char got[128] = "";
    struct heard h;
    bool muted = false, unmuted = false;
    for (fake_now = 1000; !listener_at_end(l); fake_now += 20) {
        if (!muted && fake_now >= speak_from) {
            listener_set_muted(l, true, fake_now);
            muted = true;
        }
        if (!unmuted && fake_now >= speak_to) {
            listener_set_muted(l, false, fake_now);
            unmuted = true;
        }
        while (listener_poll(l, &h)) {
            CHECK(h.start_ms >= speak_to + 400);
            strncat(got, h.word, sizeof got - strlen(got) - 2);
            strcat(got, " ");
        }
    }
    CHECK_STR(got, "two ");
    listener_close(l);

    /* The same recording unmuted hears all three. */
    char all[128];
    hear_all(path, all, sizeof all, NULL);
    CHECK_STR(all, "three stop two");
    free(path);
}

/* No microphone: one clear message, a listener that hears nothing, and
 * no crash.  ALSA's stock configuration on this card-less machine (and no
 * ~/.asoundrc) stands for a device without a microphone. */
static void test_no_microphone(void)
{
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("HOME", check_tmpdir(), 1);
    setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf", 1);
    char *logp = check_write_file("listen.log", "", 0);
    FILE *lf = fopen(logp, "w");
    log_set_file(lf);
    log_reset_once();
    struct listener_options o = { .backend = "portaudio" };
    for (int i = 0; i < 2; i++) {
        char *err = NULL;
        struct listener *l = listener_open(&o, &err);
        CHECK(l != NULL);
        CHECK(!listener_has_input(l));
        CHECK_INT(listener_event_fd(l), ==, -1);
        struct heard h;
        CHECK(!listener_poll(l, &h));
        listener_set_muted(l, true, 0);
        listener_close(l);
        free(err);
    }
    log_set_file(NULL);
    fclose(lf);
    char *text = check_read_file(logp, NULL);
    CHECK_CONTAINS(text, "voice input off");
    CHECK_CONTAINS(text, "keys or touch");
    /* Said once, not once per open. */
    const char *once = text ? strstr(text, "voice input off") : NULL;
    CHECK(once && !strstr(once + 1, "voice input off"));
    free(text);
    free(logp);
    unsetenv("ALSA_CONFIG_PATH");
    if (home)
        setenv("HOME", home, 1);
    free(home);
}

static void test_bad_inputs(void)
{
    char *junk = check_write_file("junk.wav", "not a wav file", 14);
    struct listener_options o = { .backend = "wav", .wav_path = junk };
    char *err = NULL;
    CHECK(listener_open(&o, &err) == NULL);
    CHECK_CONTAINS(err, "not a WAV file");
    free(err);
    o.backend = "tape";
    err = NULL;
    CHECK(listener_open(&o, &err) == NULL);
    CHECK_CONTAINS(err, "unknown input 'tape'");
    free(err);
    o.backend = "wav";
    o.model_dir = "/nonexistent";
    err = NULL;
    CHECK(listener_open(&o, &err) == NULL);
    CHECK_CONTAINS(err, "pocketsphinx-en-us");
    free(err);
    free(junk);
}

/* The detector: quiet room, then a loud burst, then quiet again. */
static void test_vad_calibrates_to_room(void)
{
    struct vad v;
    vad_init(&v);
    int16_t quiet[LISTEN_FRAME], loud[LISTEN_FRAME];
    for (int i = 0; i < LISTEN_FRAME; i++) {
        quiet[i] = (int16_t)((i * 7919) % 600 - 300);   /* ~48 dB */
        loud[i] = (int16_t)((i % 20 < 10) ? 6000 : -6000);
    }
    for (int i = 0; i < 50; i++)
        CHECK_INT(vad_feed(&v, quiet), ==, VAD_QUIET);
    CHECK(v.floor_db > 40 && v.floor_db < 55);
    CHECK_INT(vad_feed(&v, loud), ==, VAD_QUIET);
    CHECK_INT(vad_feed(&v, loud), ==, VAD_QUIET);
    CHECK_INT(vad_feed(&v, loud), ==, VAD_START);
    for (int i = 0; i < 20; i++)
        CHECK_INT(vad_feed(&v, loud), ==, VAD_SPEECH);
    enum vad_event e = VAD_SPEECH;
    int n = 0;
    while (e == VAD_SPEECH && n++ < 100)
        e = vad_feed(&v, quiet);
    CHECK_INT(e, ==, VAD_END);
    CHECK_INT(n, ==, v.hang_frames);
    /* A click is not a word. */
    for (int i = 0; i < 3; i++)
        vad_feed(&v, loud);
    e = VAD_SPEECH;
    while (e == VAD_SPEECH)
        e = vad_feed(&v, quiet);
    CHECK_INT(e, ==, VAD_DISCARD);
}


/* --- A routine answered and stopped by voice through the session --- */

static const char routine_text[] =
    "[routine]\n"
    "title = Voice test\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 20\n"
    "setup = Sit with the roller under your calves.\n"
    "ask = soreness\n"
    "\n"
    "[step hamstrings]\n"
    "region = hamstrings\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 5\n"
    "setup = Sit with the roller under your thighs.\n"
    "ask = soreness\n";

#define MAX_ASKS 8

#define MAX_SAYS 64

struct run_log {
    char say_text[MAX_SAYS][160];   /* everything the coach said, when */
    long long say_ms[MAX_SAYS];
    int says;
    int reason;                     /* the stop reason answered, -1 none */
    long long reason_ask_ms;        /* when the stop reason was asked */
    long long ask_ms[MAX_ASKS];     /* when each question was asked */
    bool yes_no[MAX_ASKS];
    int asks;
    long long answer_ms[MAX_ASKS];  /* when each was answered by key */
    long long hold2_ms, first_say_ms, speech_end_ms;
    int holds, answers, soreness, stops;
    char soreness_step[32];
    long long prompt_ms;            /* "I heard seven. Is that right?" */
    bool ended;
    enum coach_outcome outcome;
};

static void fe_ask(void *user, const struct coach_view *v, long long t)
{
    struct run_log *r = user;
    if (v->question && !strcmp(v->question->id, "stop-reason") &&
        r->reason_ask_ms < 0)
        r->reason_ask_ms = t;
    if (r->asks < MAX_ASKS && v->question) {
        r->yes_no[r->asks] = v->question->kind == ANSWER_YES_NO;
        r->ask_ms[r->asks++] = t;
    }
}

static void fe_say(void *user, const char *text, long long t)
{
    struct run_log *r = user;
    if (getenv("LISTEN_DEBUG"))
        fprintf(stderr, "%lld say: %s\n", t, text);
    if (r->first_say_ms < 0)
        r->first_say_ms = t;
    if (r->says < MAX_SAYS) {
        snprintf(r->say_text[r->says], sizeof r->say_text[0], "%s", text);
        r->say_ms[r->says++] = t;
    }
    if (!strcmp(text, "I heard seven. Is that right?") && r->prompt_ms < 0)
        r->prompt_ms = t;
    struct settings def;
    settings_defaults(&def);
    long ms = audio_speech_ms(text, def.voice, def.rate_wpm);
    if (ms > 0 && t + ms > r->speech_end_ms)
        r->speech_end_ms = t + ms;
}

static void fe_action(void *user, const struct coach_action *a, long long t)
{
    struct run_log *r = user;
    if (a->kind == COACH_ACT_HOLD_START && ++r->holds == 2)
        r->hold2_ms = t;
    if (a->kind == COACH_ACT_ANSWER) {
        r->answers++;
        if (a->question && !strcmp(a->question, "stop-reason"))
            r->reason = a->value;
        if (a->question && !strcmp(a->question, "soreness")) {
            r->soreness = a->value;
            snprintf(r->soreness_step, sizeof r->soreness_step, "%s",
                     a->step ? a->step : "");
        }
    }
}

static void fe_stop(void *user, const struct coach_action *a, long long t)
{
    struct run_log *r = user;
    (void)t;
    if (a->rule)
        r->stops++;
}

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    struct run_log *r = user;
    (void)summary;
    r->ended = true;
    r->outcome = o;
}

static const struct session_frontend run_fe = {
    .ask = fe_ask, .say = fe_say, .action = fe_action, .stop = fe_stop,
    .end = fe_end,
};

/* How long after the coach has finished asking the answer comes. */
#define ANSWER_AFTER_MS 2500

/* Runs the routine on the manual clock for up to limit_ms.  With no
 * listener, answers each question by key ANSWER_AFTER_MS after the coach
 * has finished speaking: no, or 3. */
static void drive(struct routine *rt, struct listener *l, struct run_log *r,
                  long long limit_ms)
{
    memset(r, 0, sizeof *r);
    r->hold2_ms = r->first_say_ms = r->prompt_ms = -1;
    r->reason = -1;
    r->reason_ask_ms = -1;
    r->speech_end_ms = 0;
    struct session_options o = { .routine = rt, .assume_screened = true,
                                 .listener = l };
    char *err = NULL;
    struct session *s = session_create(&o, &run_fe, r, &err);
    CHECK(s != NULL);
    if (!s) {
        free(err);
        return;
    }
    fake_now = 0;
    session_start(s, 0);
    int answered = 0;
    for (fake_now = 0; fake_now < limit_ms && !session_ended(s);
         fake_now += 20) {
        if (!l && answered < r->asks &&
            fake_now >= r->speech_end_ms + ANSWER_AFTER_MS) {
            session_answer(s, NULL, r->yes_no[answered] ? 0 : 3, fake_now);
            r->answer_ms[answered++] = fake_now;
        }
        session_update(s, fake_now);
    }
    if (!session_ended(s))
        session_quit(s, fake_now);
    session_destroy(s);
}

/* The whole loop: the coach speaks (with "skip" said over it, which must
 * not be taken), asks about soreness and hears "three", then "stop"
 * twice during the next hold ends the session as the user's stop. */
static void test_routine_by_voice(void)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *rt = routine_load_string(routine_text,
                                             sizeof routine_text - 1,
                                             "voice.ini", &dl);
    CHECK(rt != NULL);
    diag_free(&dl);
    if (!rt)
        return;
    /* Dry run by key, to learn when the coach asks and holds. */
    struct run_log dry;
    drive(rt, NULL, &dry, 200000);
    /* The daily check (five yes-no questions), soreness twice. */
    CHECK_INT(dry.asks, ==, 7);
    CHECK(dry.hold2_ms > 0);
    CHECK(dry.first_say_ms >= 0);
    if (dry.asks != 7 || dry.hold2_ms <= 0) {
        routine_destroy(rt);
        return;
    }

    /* The recording: "skip" while the coach's first line plays, "no" to
     * the daily check and "three" for soreness once each question has
     * been spoken, "stop" twice in the second hold (the first makes the
     * coach ask why, the second really stops). */
    struct speech_clip t = { 0 }, c;
    struct { const char *word; long long at; } plan[] = {
        { "skip", dry.first_say_ms + 300 },
        /* Spoken so that the listener decides about when the key was
         * pressed in the dry run (the word, then 200 ms of quiet). */
        { "no", dry.answer_ms[0] - 600 },
        { "no", dry.answer_ms[1] - 600 },
        { "no", dry.answer_ms[2] - 600 },
        { "no", dry.answer_ms[3] - 600 },
        { "no", dry.answer_ms[4] - 600 },
        { "three", dry.answer_ms[5] - 600 },
        { "stop", dry.hold2_ms + 5000 },
        { "stop", dry.hold2_ms + 20000 },
    };
    for (size_t i = 0; i < ARRAY_LEN(plan); i++) {
        long long pad = plan[i].at - (long long)t.n / 16;
        if (pad > 0)
            listen_speech_silence(&t, (int)pad);
        CHECK_INT(listen_speech_say(plan[i].word, "en-us", 175, &c), ==, 0);
        listen_speech_append(&t, &c);
        free(c.s);
    }
    listen_speech_silence(&t, 3000);
    listen_speech_add_noise(&t, 30, 11);
    char *path = malloc(strlen(check_tmpdir()) + 16);
    sprintf(path, "%s/routine.wav", check_tmpdir());
    CHECK_INT(listen_speech_write_wav(path, &t), ==, 0);
    long long len_ms = (long long)t.n / 16;
    if (getenv("LISTEN_DEBUG")) {
        for (size_t i = 0; i < ARRAY_LEN(plan); i++)
            fprintf(stderr, "plan: %s at %lld\n", plan[i].word, plan[i].at);
        listen_speech_write_wav("/tmp/listen-debug.wav", &t);
    }
    free(t.s);

    fake_now = 0;
    struct listener_options lo = { .backend = "wav", .wav_path = path,
                                   .wav_realtime = true,
                                   .now_ms = manual_clock };
    char *err = NULL;
    struct listener *l = listener_open(&lo, &err);
    CHECK(l != NULL);
    if (l) {
        struct run_log run;
        drive(rt, l, &run, len_ms);
        CHECK_INT(run.answers, ==, 6);
        CHECK_INT(run.soreness, ==, 3);
        CHECK_STR(run.soreness_step, "calves");   /* "skip" not taken */
        CHECK_INT(run.holds, >=, 2);
        CHECK(run.ended);
        CHECK_INT(run.outcome, ==, OUTCOME_QUIT);
        listener_close(l);
    }
    free(err);
    free(path);
    routine_destroy(rt);
}

/* Confirmation: "seven" for soreness fires the stop rule (7 or more), so
 * the coach asks "I heard seven. Is that right?" and takes nothing yet.
 * (Seven rather than eight: eSpeak NG's en-us "eight" is hardly
 * recognised at all here.)  With
 * confirm "yes" the answer is recorded and the rule fires; with "no" it
 * is dropped and the soreness question is asked again. */
static void confirm_by_voice(struct routine *rt, const struct run_log *dry,
                             bool confirm)
{
    struct settings def;
    settings_defaults(&def);
    const char *prompt = "I heard seven. Is that right?";
    long prompt_len = audio_speech_ms(prompt, def.voice, def.rate_wpm);
    CHECK_INT(prompt_len, >, 0);
    /* "seven" is decided about when the key was pressed in the dry run;
     * the reply comes well after the prompt and the guard time. */
    long long reply_at = dry->answer_ms[5] + prompt_len + 1500;
    struct speech_clip t = { 0 }, c;
    struct { const char *word; long long at; } plan[] = {
        { "no", dry->answer_ms[0] - 600 },
        { "no", dry->answer_ms[1] - 600 },
        { "no", dry->answer_ms[2] - 600 },
        { "no", dry->answer_ms[3] - 600 },
        { "no", dry->answer_ms[4] - 600 },
        { "seven", dry->answer_ms[5] - 600 },
        { confirm ? "yes" : "no", reply_at },
    };
    for (size_t i = 0; i < ARRAY_LEN(plan); i++) {
        long long pad = plan[i].at - (long long)t.n / 16;
        if (pad > 0)
            listen_speech_silence(&t, (int)pad);
        CHECK_INT(listen_speech_say(plan[i].word, "en-us", 175, &c), ==, 0);
        listen_speech_append(&t, &c);
        free(c.s);
    }
    listen_speech_silence(&t, 3000);
    listen_speech_add_noise(&t, 30, 13);
    char *path = malloc(strlen(check_tmpdir()) + 16);
    sprintf(path, "%s/confirm.wav", check_tmpdir());
    CHECK_INT(listen_speech_write_wav(path, &t), ==, 0);
    long long len_ms = (long long)t.n / 16;
    free(t.s);

    fake_now = 0;
    /* eSpeak NG's lone "seven" after a long quiet scores about 0.3 here,
     * under the default rejection threshold: take it (it is low
     * confidence as well as a stop-rule answer, confirmed either way). */
    struct listener_options lo = { .backend = "wav", .wav_path = path,
                                   .wav_realtime = true,
                                   .now_ms = manual_clock,
                                   .reject_below = 0.1 };
    char *err = NULL;
    struct listener *l = listener_open(&lo, &err);
    CHECK(l != NULL);
    if (l) {
        struct run_log run;
        drive(rt, l, &run, len_ms);
        /* Asked after "seven" was heard, before the reply. */
        CHECK(run.prompt_ms >= dry->answer_ms[5] - 600);
        CHECK(run.prompt_ms < reply_at);
        if (confirm) {
            CHECK_INT(run.answers, ==, 6);
            CHECK_INT(run.soreness, ==, 7);
            CHECK_STR(run.soreness_step, "calves");
            CHECK_INT(run.stops, ==, 1);
        } else {
            /* Not recorded, no rule, and soreness asked a second time
             * right after the "no". */
            CHECK_INT(run.answers, ==, 5);
            CHECK_INT(run.soreness, ==, 0);
            CHECK_INT(run.stops, ==, 0);
            CHECK_INT(run.asks, ==, 7);
            CHECK(!run.yes_no[6]);
            CHECK(run.ask_ms[6] > reply_at);
            CHECK(run.ask_ms[6] < reply_at + 2000);
        }
        listener_close(l);
    }
    free(err);
    free(path);
}

static void test_confirm_by_voice(void)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *rt = routine_load_string(routine_text,
                                             sizeof routine_text - 1,
                                             "voice.ini", &dl);
    CHECK(rt != NULL);
    diag_free(&dl);
    if (!rt)
        return;
    struct run_log dry;
    drive(rt, NULL, &dry, 200000);
    CHECK_INT(dry.asks, ==, 7);
    CHECK_INT(dry.prompt_ms, ==, -1);   /* keys are never confirmed */
    if (dry.asks == 7) {
        confirm_by_voice(rt, &dry, true);
        confirm_by_voice(rt, &dry, false);
    }
    routine_destroy(rt);
}

/* `unknot listen`: a recording through the same pipeline, a missing file,
 * and a machine with no microphone. */
static void test_listen_command(void)
{
    static const char *const words[] = { "seven", "stop" };
    char *path = record("cmd.wav", "en-us", 175, words, 2, 900, 20, NULL);
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' listen --wav '%s'", check_unknot_bin(),
             path);
    CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
    CHECK_CONTAINS(out, "seven");
    CHECK_CONTAINS(out, "stop");
    CHECK_CONTAINS(out, "confidence 0.");
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' listen --wav '%s/none.wav'",
             check_unknot_bin(), check_tmpdir());
    CHECK_INT(check_run_cmd(cmd, &out), ==, 2);
    CHECK_CONTAINS(out, "none.wav: cannot open");
    free(out);
    snprintf(cmd, sizeof cmd, "HOME='%s' ALSA_CONFIG_PATH="
             "/usr/share/alsa/alsa.conf '%s' listen", check_tmpdir(),
             check_unknot_bin());
    CHECK_INT(check_run_cmd(cmd, &out), ==, 1);
    CHECK_CONTAINS(out, "voice input off");
    CHECK_CONTAINS(out, "no microphone");
    free(out);
    free(path);
}

/* A recording that ends right after its last word (cut where the voice
 * stops, so the detector never sees the quiet after it) still gives it. */
static void test_word_at_end_of_recording(void)
{
    struct speech_clip t = { 0 }, c;
    listen_speech_silence(&t, 600);
    CHECK_INT(listen_speech_say("yes", "en-us", 175, &c), ==, 0);
    while (c.n > 0 && abs(c.s[c.n - 1]) < 300)
        c.n--;
    listen_speech_append(&t, &c);
    free(c.s);
    listen_speech_add_noise(&t, 30, 3);
    char *path = malloc(strlen(check_tmpdir()) + 16);
    sprintf(path, "%s/end.wav", check_tmpdir());
    CHECK_INT(listen_speech_write_wav(path, &t), ==, 0);
    free(t.s);
    char got[64];
    hear_all(path, got, sizeof got, NULL);
    CHECK_STR(got, "yes");
    free(path);
}

/* --- Interrupting the coach by voice ---------------------------------- */

/* What the coach plays (16 kHz), for the echo canceller's reference and,
 * through a simulated speaker and room, the microphone. */
static struct speech_clip coach_track;
static long long coach_cut_ms = -1;     /* the coach stopped here */

static int coach_reference(void *user, int16_t *buf, size_t n,
                            long long at16)
{
    (void)user;
    for (size_t i = 0; i < n; i++) {
        long long k = at16 + (long long)i;
        bool cut = coach_cut_ms >= 0 && k >= coach_cut_ms * 16;
        buf[i] = !cut && k >= 0 && (size_t)k < coach_track.n
                 ? coach_track.s[k] : 0;
    }
    return 0;
}

/* The routine answered in context (no five times to the daily check,
 * "three" for soreness), then "stop" said over the coach's setup line of
 * the second step at the level of the coach's voice in the room: the
 * coach stops at once, hears the stop, asks why, and "zero" (simply
 * done, heard in the stop reason's grammar) ends it.  The microphone hears the coach through a
 * speaker and room the whole time; the echo canceller has what it plays.
 * Without barge-in nothing said while the coach speaks is heard at all
 * (test_routine_by_voice), so the stop being taken before the line ends
 * is the interruption. */
static void test_routine_barge_in(void)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *rt = routine_load_string(routine_text,
                                             sizeof routine_text - 1,
                                             "voice.ini", &dl);
    CHECK(rt != NULL);
    diag_free(&dl);
    if (!rt)
        return;
    struct run_log *dry = calloc(1, sizeof *dry);
    drive(rt, NULL, dry, 200000);
    int line = -1;
    for (int i = 0; i < dry->says && line < 0; i++)
        if (strstr(dry->say_text[i], "thighs"))
            line = i;
    CHECK_INT(dry->asks, ==, 7);
    CHECK(line >= 0);
    if (dry->asks != 7 || line < 0) {
        free(dry);
        routine_destroy(rt);
        return;
    }
    struct settings def;
    settings_defaults(&def);
    long line_ms = audio_speech_ms(dry->say_text[line], def.voice,
                                   def.rate_wpm);
    CHECK_INT(line_ms, >, 1500);
    long long stop_at = dry->say_ms[line] + 300;

    /* The coach's speech as the dry run played it, up to the stop. */
    free(coach_track.s);
    coach_track = (struct speech_clip){ 0 };
    for (int i = 0; i < dry->says && dry->say_ms[i] <= stop_at; i++) {
        struct speech_clip c;
        CHECK_INT(listen_speech_say(dry->say_text[i], def.voice,
                                    def.rate_wpm, &c), ==, 0);
        long long pad = dry->say_ms[i] - (long long)coach_track.n / 16;
        if (pad > 0)
            listen_speech_silence(&coach_track, (int)pad);
        listen_speech_append(&coach_track, &c);
        free(c.s);
    }
    /* The coach stops (the test asserts it did by then). */
    coach_cut_ms = stop_at + 600;
    if ((long long)coach_track.n > coach_cut_ms * 16)
        coach_track.n = (size_t)coach_cut_ms * 16;

    /* The user, placed as in test_routine_by_voice; then "zero" once
     * the stop reason has been asked. */
    struct { const char *word; long long at; } plan[] = {
        { "no", dry->answer_ms[0] - 600 },
        { "no", dry->answer_ms[1] - 600 },
        { "no", dry->answer_ms[2] - 600 },
        { "no", dry->answer_ms[3] - 600 },
        { "no", dry->answer_ms[4] - 600 },
        { "three", dry->answer_ms[5] - 600 },
        { "stop", stop_at },
        { "zero", 0 },
    };
    const struct question *why = screening_stop_reason();
    long why_ms = audio_speech_ms(why->text, def.voice, def.rate_wpm);
    CHECK_INT(why_ms, >, 0);
    plan[7].at = stop_at + 1200 + why_ms + 1500;
    struct speech_clip user = { 0 }, c;
    double coach_power = 0;
    size_t active = 0;
    for (size_t i = 0; i < coach_track.n; i++)
        if (abs(coach_track.s[i]) > 300) {
            coach_power += (double)coach_track.s[i] * coach_track.s[i];
            active++;
        }
    coach_power /= active ? (double)active : 1;
    for (size_t i = 0; i < ARRAY_LEN(plan); i++) {
        long long pad = plan[i].at - (long long)user.n / 16;
        if (pad > 0)
            listen_speech_silence(&user, (int)pad);
        CHECK_INT(listen_speech_say(plan[i].word, "en-us", 175, &c), ==, 0);
        if (!strcmp(plan[i].word, "stop")) {
            /* At the coach's level in the room (the room below halves
             * the coach). */
            double p = 0;
            size_t k = 0;
            for (size_t j = 0; j < c.n; j++)
                if (abs(c.s[j]) > 300) {
                    p += (double)c.s[j] * c.s[j];
                    k++;
                }
            double g = 0.5 * sqrt(coach_power / (k ? p / (double)k : 1));
            for (size_t j = 0; j < c.n; j++)
                c.s[j] = (int16_t)lrint(c.s[j] * g);
        }
        listen_speech_append(&user, &c);
        free(c.s);
    }
    listen_speech_silence(&user, 3000);
    /* The microphone: the user plus the coach through the speaker and the
     * room (60 ms of output and air delay, a direct path at half level,
     * three reflections). */
    static const struct { int delay_ms; double gain; } room[] = {
        { 60, 0.5 }, { 67, 0.2 }, { 81, -0.15 }, { 110, 0.08 },
    };
    for (size_t i = 0; i < user.n; i++) {
        double v = user.s[i];
        for (size_t r = 0; r < ARRAY_LEN(room); r++) {
            long long k = (long long)i - room[r].delay_ms * 16;
            if (k >= 0 && (size_t)k < coach_track.n)
                v += room[r].gain * coach_track.s[k];
        }
        user.s[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768
                                                            : lrint(v));
    }
    listen_speech_add_noise(&user, 35, 17);
    char *path = malloc(strlen(check_tmpdir()) + 16);
    sprintf(path, "%s/barge.wav", check_tmpdir());
    CHECK_INT(listen_speech_write_wav(path, &user), ==, 0);
    long long len_ms = (long long)user.n / 16;
    if (getenv("LISTEN_DEBUG"))
        listen_speech_write_wav("/tmp/listen-barge.wav", &user);
    free(user.s);

    fake_now = 0;
    /* eSpeak NG's lone "zero" after the long stop-reason prompt scores
     * about 0.62 here, just under the reason context's 0.65 (as "seven"
     * in test_confirm_by_voice), and 0.59 after other speech was
     * synthesised before it (eSpeak NG's noise comes from rand()), under
     * the confirmation threshold: one threshold of 0.5 for every context
     * and for confirming, so the test is about the interruption, not
     * that margin. */
    struct listener_options lo = { .backend = "wav", .wav_path = path,
                                   .wav_realtime = true,
                                   .now_ms = manual_clock,
                                   .reject_below = 0.5,
                                   .confirm_below = 0.5,
                                   .reference = coach_reference };
    char *err = NULL;
    struct listener *l = listener_open(&lo, &err);
    CHECK(l != NULL);
    if (l) {
        struct run_log *run = calloc(1, sizeof *run);
        drive(rt, l, run, len_ms);
        /* Answered in context: the daily check, soreness. */
        CHECK_INT(run->soreness, ==, 3);
        CHECK_STR(run->soreness_step, "calves");
        /* The stop taken over the coach's line, before it would have
         * ended, and "zero" as the stop reason. */
        CHECK(run->reason_ask_ms > stop_at);
        CHECK(run->reason_ask_ms < dry->say_ms[line] + line_ms);
        CHECK_INT(run->reason, ==, 0);
        CHECK_INT(run->answers, ==, 7);
        CHECK(run->ended);
        CHECK_INT(run->outcome, ==, OUTCOME_QUIT);
        if (getenv("LISTEN_DEBUG"))
            fprintf(stderr, "barge: stop at %lld, line %lld+%ld, reason "
                    "asked %lld\n", stop_at, dry->say_ms[line], line_ms,
                    run->reason_ask_ms);
        free(run);
        listener_close(l);
    }
    free(err);
    free(path);
    free(coach_track.s);
    coach_track = (struct speech_clip){ 0 };
    coach_cut_ms = -1;
    free(dry);
    routine_destroy(rt);
}

/* --- Interrupting the coach through the real audio output ------------- */

/* The microphone as the room hears the real output: the coach's speech
 * rendered by audio/ (the capture output, this test being the device, on
 * the manual clock), through the speaker and room of
 * test_routine_barge_in, plus the user and a fan.  The echo reference is
 * the one audio/ itself hands the listener (the session connects it):
 * nothing here gives the canceller the coach's speech. */
struct mic_clip {
    const struct speech_clip *c;
    long long at_k;             /* 16 kHz sample index of its start */
};

static int count_in_file(FILE *f, const char *needle)
{
    fflush(f);
    rewind(f);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    fseek(f, 0, SEEK_END);
    return n;
}

static void test_barge_in_real_output(void)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *rt = routine_load_string(routine_text,
                                             sizeof routine_text - 1,
                                             "voice.ini", &dl);
    CHECK(rt != NULL);
    diag_free(&dl);
    if (!rt)
        return;
    struct settings def;
    settings_defaults(&def);
    struct audio_options ao = { .backend = "capture", .voice = def.voice,
                                .rate_wpm = def.rate_wpm,
                                .volume = def.volume };
    char *err = NULL;
    struct audio *a = audio_open(&ao, &err);
    CHECK(a != NULL);
    if (!a) {
        free(err);
        routine_destroy(rt);
        return;
    }
    CHECK(audio_reference_available(a));
    struct audio_stats ast;
    audio_get_stats(a, &ast);
    int rate = ast.sample_rate;
    CHECK_INT(rate, ==, 22050);     /* 441 frames are exactly 20 ms */
    fake_now = 0;
    struct listener_options lo = { .backend = "push",
                                   .now_ms = manual_clock,
                                   .reject_below = 0.5 };
    struct listener *l = listener_open(&lo, &err);
    CHECK(l != NULL);
    if (!l) {
        free(err);
        audio_close(a);
        routine_destroy(rt);
        return;
    }
    CHECK(!listener_has_reference(l));
    FILE *logf = tmpfile();
    enum log_level old_level = log_get_level();
    log_set_file(logf);
    log_set_level(LOG_INFO);

    struct run_log *run = calloc(1, sizeof *run);
    run->hold2_ms = run->first_say_ms = run->prompt_ms = -1;
    run->reason = -1;
    run->reason_ask_ms = -1;
    struct session_options so = { .routine = rt, .assume_screened = true,
                                  .audio = a, .listener = l };
    struct session *s = session_create(&so, &run_fe, run, &err);
    CHECK(s != NULL);

    /* The user's words, "stop" at the coach's level in the room. */
    struct speech_clip stop_c, zero_c, yes_c;
    CHECK_INT(listen_speech_say("stop", "en-us", 175, &stop_c), ==, 0);
    CHECK_INT(listen_speech_say("zero", "en-us", 175, &zero_c), ==, 0);
    CHECK_INT(listen_speech_say("yes", "en-us", 175, &yes_c), ==, 0);
    struct mic_clip said[3];
    size_t nsaid = 0;

    enum { STEP_MS = 20, STEP_FRAMES = 441, STEP_K = 320, DELAY_MS = 60 };
    const long long limit = 240000;
    size_t cap16 = (size_t)(limit / 1000 + 2) * 16000;
    int16_t *out16 = calloc(cap16, sizeof *out16);
    double coach_power = 0;
    size_t active = 0;
    static const struct { int delay_ms; double gain; } room[] = {
        { DELAY_MS, 0.5 }, { 67, 0.2 }, { 81, -0.15 }, { 110, 0.08 },
    };
    uint64_t noise = 0x243f6a8885a308d3ull;
    int says_seen = 0, answered = 0;
    long long quiet_since = -1, line_q = -1, stop_at = -1, zero_at = -1;
    long long cut_at = -1, yes_at = -1;
    int false_interrupts = -1;
    if (s)
        session_start(s, 0);
    for (long long t = 0; s && t < limit && !session_ended(s);
         t += STEP_MS) {
        fake_now = t;
        /* Synthesis runs on its own thread: let it finish what was just
         * queued, so the device (this loop) never runs dry. */
        if (run->says != says_seen) {
            says_seen = run->says;
            /* (Bounded: with more than the ring holds queued, the rest
             * waits for this loop to play.) */
            audio_wait_idle(a, 500);
        }
        /* The device plays 20 ms heard from t. */
        CHECK_INT(audio_capture_pump_at(a, STEP_FRAMES, true, t), ==,
                  STEP_FRAMES);
        long long m = t / STEP_MS;      /* the chunk just rendered */
        if (m >= 2) {
            /* What the room heard, at 16 kHz: chunk m-1, resampled with
             * its neighbours (the filter's reach) and cut out exactly. */
            size_t ncap;
            const int16_t *cap = audio_capture_samples(a, &ncap);
            size_t n16;
            int16_t *r = listen_resample(cap + (m - 2) * STEP_FRAMES,
                                         3 * STEP_FRAMES, rate, 16000, &n16);
            memcpy(out16 + (m - 1) * STEP_K, r + STEP_K,
                   STEP_K * sizeof *r);
            free(r);
            /* The microphone for [t - 20, t). */
            int16_t mic[STEP_K];
            for (int i = 0; i < STEP_K; i++) {
                long long k = (m - 1) * STEP_K + i;
                double v = 0;
                for (size_t j = 0; j < ARRAY_LEN(room); j++) {
                    long long e = k - room[j].delay_ms * 16;
                    if (e >= 0)
                        v += room[j].gain * out16[e];
                }
                for (size_t j = 0; j < nsaid; j++) {
                    long long u = k - said[j].at_k;
                    if (u >= 0 && (size_t)u < said[j].c->n)
                        v += said[j].c->s[u];
                }
                /* A fan far below the coach (white, ~-60 dBFS). */
                noise ^= noise << 13;
                noise ^= noise >> 7;
                noise ^= noise << 17;
                v += ((double)(noise >> 11) / 9007199254740992.0 - 0.5) * 60;
                mic[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768
                                                                 : lrint(v));
                if (abs(out16[(m - 1) * STEP_K + i]) > 300) {
                    coach_power += (double)out16[(m - 1) * STEP_K + i] *
                                   out16[(m - 1) * STEP_K + i];
                    active++;
                }
            }
            CHECK_INT(listener_push(l, mic, STEP_K, t - STEP_MS), ==, 0);
        }
        session_update(s, t);
        if (getenv("LISTEN_DEBUG")) {
            static int seen_int;
            int ni = count_in_file(logf, "interrupted by voice;");
            if (ni != seen_int)
                fprintf(stderr, "%lld: interrupted by voice\n", t);
            seen_int = ni;
        }
        if (t == 1000)
            CHECK(listener_has_reference(l));   /* the session's doing */
        /* Questions answered by key once the coach has asked (no, 3). */
        bool talking = audio_is_speaking(a);
        quiet_since = talking ? -1 : quiet_since < 0 ? t : quiet_since;
        const char *q = session_waiting_question(s);
        if (q && strcmp(q, "stop-reason") && !talking &&
            t - quiet_since >= ANSWER_AFTER_MS && answered < run->asks) {
            session_answer(s, NULL, run->yes_no[answered] ? 0 : 3, t);
            answered++;
        }
        /* "stop" over the second step's setup line, once it plays. */
        if (line_q < 0)
            for (int i = 0; i < run->says; i++)
                if (strstr(run->say_text[i], "thighs"))
                    line_q = t;
        if (line_q >= 0 && stop_at < 0 && talking && t >= line_q + 700 &&
            active > 0) {
            stop_at = t;
            false_interrupts = count_in_file(logf, "interrupted by voice;");
            double p = 0;
            size_t k = 0;
            for (size_t j = 0; j < stop_c.n; j++)
                if (abs(stop_c.s[j]) > 300) {
                    p += (double)stop_c.s[j] * stop_c.s[j];
                    k++;
                }
            double g = 0.5 * sqrt(coach_power / (double)active /
                                  (k ? p / (double)k : 1));
            for (size_t j = 0; j < stop_c.n; j++)
                stop_c.s[j] = (int16_t)lrint(stop_c.s[j] * g);
            said[nsaid++] = (struct mic_clip){ &stop_c, (t + 40) * 16 };
        }
        if (stop_at >= 0 && cut_at < 0 &&
            count_in_file(logf, "interrupted by voice;") > false_interrupts)
            cut_at = t;
        /* "zero" once the stop reason has been asked and said. */
        if (q && !strcmp(q, "stop-reason") && zero_at < 0 && !talking &&
            t - quiet_since >= 1500) {
            zero_at = t;
            said[nsaid++] = (struct mic_clip){ &zero_c, (t + 40) * 16 };
        }
        /* "yes" if the coach asks "I heard zero. Is that right?". */
        if (zero_at >= 0 && yes_at < 0 && run->says > 0 && !talking &&
            t - quiet_since >= 1500 &&
            str_starts_with(run->say_text[run->says - 1], "I heard zero")) {
            yes_at = t;
            said[nsaid++] = (struct mic_clip){ &yes_c, (t + 40) * 16 };
        }
    }
    if (s && !session_ended(s))
        session_quit(s, fake_now);
    session_destroy(s);
    CHECK(!listener_has_reference(l));  /* detached with the session */
    log_set_file(NULL);
    log_set_level(old_level);
    if (getenv("LISTEN_DEBUG")) {
        fprintf(stderr, "real output: line queued %lld, stop %lld, cut "
                "%lld, reason asked %lld, zero %lld, false %d\n", line_q,
                stop_at, cut_at, run->reason_ask_ms, zero_at,
                false_interrupts);
        struct speech_clip dump = { out16, (size_t)(fake_now * 16) };
        listen_speech_write_wav("/tmp/listen-real-out.wav", &dump);
    }
    /* No false interruption over the prompts before the stop ... */
    CHECK(stop_at > 0);
    CHECK_INT(false_interrupts, ==, 0);
    /* ... the coach cut within half a second of the word ... */
    CHECK(cut_at > stop_at);
    CHECK(cut_at - stop_at < 600);
    /* ... and silent from then on until it asks why. */
    if (cut_at > 0 && run->reason_ask_ms > cut_at) {
        double e = 0;
        long long from = (cut_at + 100) * 16, to = run->reason_ask_ms * 16;
        for (long long k = from; k < to; k++)
            e += (double)out16[k] * out16[k];
        CHECK(e / (double)(to - from > 0 ? to - from : 1) < 100.0);
    }
    CHECK(run->reason_ask_ms > stop_at);
    CHECK_INT(run->reason, ==, 0);
    CHECK(run->ended);
    CHECK_INT(run->outcome, ==, OUTCOME_QUIT);
    uint64_t blocks, dropped, anchors, slews;
    audio_reference_stats(a, &blocks, &dropped, &anchors, &slews);
    CHECK(blocks > 0);
    CHECK_INT(dropped, ==, 0);
    CHECK_INT(slews, ==, 0);        /* the capture clock is exact */
    free(stop_c.s);
    free(zero_c.s);
    free(yes_c.s);
    free(out16);
    free(run);
    free(err);
    fclose(logf);
    listener_close(l);
    audio_close(a);
    routine_destroy(rt);
}

/* Contexts: the grammar follows what is expected, and a word outside it
 * is not heard as one inside ("yes" is not a number). */
static void test_contexts(void)
{
    enum listen_context c;
    CHECK(listen_context_parse("yes-no", &c) && c == LISTEN_CTX_YES_NO);
    CHECK(listen_context_parse("reason", &c) && c == LISTEN_CTX_REASON);
    CHECK(!listen_context_parse("numbers", &c));
    CHECK_INT(listen_context_for(NULL), ==, LISTEN_CTX_COMMAND);
    CHECK_INT(listen_context_for(screening_stop_reason()), ==,
              LISTEN_CTX_REASON);
    const struct question *sore = builtin_question_find("soreness");
    if (sore)
        CHECK_INT(listen_context_for(sore), ==, LISTEN_CTX_SCALE);
    /* Reason names only in the reason context, and only as answers to
     * the stop reason; a number above 4 is no stop reason. */
    struct heard h = { 0 };
    struct coach_event ev;
    CHECK(listen_classify(&h, "dizzy"));
    CHECK_INT(h.kind, ==, HEARD_REASON);
    CHECK(listen_to_event(&h, screening_stop_reason(), &ev));
    CHECK_INT(ev.value, ==, 3);
    if (sore)
        CHECK(!listen_to_event(&h, sore, &ev));
    CHECK(listen_classify(&h, "seven"));
    CHECK(!listen_to_event(&h, screening_stop_reason(), &ev));
    /* A rule-firing reason is confirmed; "done" is not. */
    CHECK(listen_classify(&h, "chest"));
    h.low_confidence = false;
    CHECK(listen_needs_confirmation(&h, screening_stop_reason()));
    CHECK(listen_classify(&h, "done"));
    CHECK(!listen_needs_confirmation(&h, screening_stop_reason()));
    /* What the stop reason's prompt names for 4 can be said: breathing,
     * coughing, blood, fainting (reason 4, confirmed: it fires rule 18). */
    static const char *const signs[] = { "breathing", "coughing", "blood",
                                         "fainting" };
    for (size_t i = 0; i < ARRAY_LEN(signs); i++) {
        CHECK_CONTAINS(screening_stop_reason()->text, signs[i]);
        CHECK(listen_classify(&h, signs[i]));
        CHECK_INT(h.kind, ==, HEARD_REASON);
        CHECK_INT(h.value, ==, 4);
        h.low_confidence = false;
        CHECK(listen_to_event(&h, screening_stop_reason(), &ev));
        CHECK_INT(ev.value, ==, 4);
        CHECK(listen_needs_confirmation(&h, screening_stop_reason()));
        size_t k = 0;
        while (k < listen_word_count() && strcmp(listen_word_at(k), signs[i]))
            k++;
        CHECK(listen_word_in_context(k, LISTEN_CTX_REASON));
        CHECK(!listen_word_in_context(k, LISTEN_CTX_SCALE));
    }
    {
        /* ... and are recognised in the reason grammar (eSpeak NG). */
        char *sp = record("signs.wav", "en-us", 175, signs, 4, 900, 30, NULL);
        struct listener_options so = { .backend = "wav", .wav_path = sp,
                                       .context = LISTEN_CTX_REASON,
                                       .report_rejected = true };
        char *serr = NULL;
        struct listener *sl = listener_open(&so, &serr);
        CHECK(sl != NULL);
        int got = 0, taken = 0;
        while (sl) {
            struct heard x;
            if (listener_poll(sl, &x)) {
                if (getenv("LISTEN_DEBUG"))
                    fprintf(stderr, "sign heard %s %.2f\n", x.word,
                            x.confidence);
                for (size_t i = 0; i < ARRAY_LEN(signs); i++) {
                    got += !strcmp(x.word, signs[i]);
                    taken += !strcmp(x.word, signs[i]) && !x.rejected;
                }
            } else if (listener_at_end(sl)) {
                break;
            }
        }
        /* All four named right; "blood" and "fainting" score 0.56-0.59
         * here, under the reason context's 0.65 (docs/voice.md): the
         * number 4 stays the sure way. */
        CHECK_INT(got, ==, 4);
        CHECK_INT(taken, >=, 2);
        listener_close(sl);
        free(serr);
        free(sp);
    }
    size_t yn = 0, cmd = 0;
    for (size_t i = 0; i < listen_word_count(); i++) {
        yn += listen_word_in_context(i, LISTEN_CTX_YES_NO);
        cmd += listen_word_in_context(i, LISTEN_CTX_COMMAND);
    }
    CHECK_INT(yn, ==, 8);       /* yes, no + 6 commands */
    CHECK_INT(cmd, ==, 6);
    /* "three" in the yes-no grammar cannot come out as "three". */
    static const char *const words[] = { "three", "yes" };
    char *path = record("ctx.wav", "en-us", 175, words, 2, 900, 30, NULL);
    struct listener_options o = { .backend = "wav", .wav_path = path,
                                  .context = LISTEN_CTX_YES_NO,
                                  .report_rejected = true };
    char *err = NULL;
    struct listener *l = listener_open(&o, &err);
    CHECK(l != NULL);
    int n = 0;
    bool heard_yes = false;
    while (l) {
        struct heard x;
        if (listener_poll(l, &x)) {
            n++;
            CHECK(x.kind == HEARD_YES || x.kind == HEARD_NO ||
                  x.kind == HEARD_COMMAND);
            heard_yes |= x.kind == HEARD_YES && !x.rejected;
        } else if (listener_at_end(l)) {
            break;
        }
    }
    CHECK(heard_yes);
    CHECK_INT(n, >=, 1);
    listener_close(l);
    free(err);
    /* unknot listen --expect */
    char cmdline[1024], *out = NULL;
    snprintf(cmdline, sizeof cmdline, "'%s' listen --expect scale --wav "
             "'%s'", check_unknot_bin(), path);
    CHECK_INT(check_run_cmd(cmdline, &out), ==, 0);
    CHECK_CONTAINS(out, "three");
    free(out);
    snprintf(cmdline, sizeof cmdline, "'%s' listen --expect numbers --wav "
             "'%s'", check_unknot_bin(), path);
    CHECK_INT(check_run_cmd(cmdline, &out), ==, 2);
    CHECK_CONTAINS(out, "use yes-no, scale, reason, command or all");
    free(out);
    free(path);
}

int main(void)
{
    RUN_TEST(test_vocabulary_and_events);
    RUN_TEST(test_vad_calibrates_to_room);
    RUN_TEST(test_no_microphone);
    RUN_TEST(test_bad_inputs);
    RUN_TEST(test_answer_sequence);
    RUN_TEST(test_word_at_end_of_recording);
    RUN_TEST(test_out_of_vocabulary_rejected);
    RUN_TEST(test_muted_ignores_own_speech);
    RUN_TEST(test_routine_by_voice);
    RUN_TEST(test_confirm_by_voice);
    RUN_TEST(test_listen_command);
    RUN_TEST(test_contexts);
    RUN_TEST(test_routine_barge_in);
    RUN_TEST(test_barge_in_real_output);
    RUN_TEST(test_margin_reported);
    return check_summary("test_listen");
}
