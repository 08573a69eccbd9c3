/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See session.h. */
#include "session/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/exit_status.h"
#include "audio/audio.h"
#include "audio/listen.h"
#include "coach/answers.h"
#include "coach/memory.h"
#include "coach/screening.h"
#include "coach/transcript.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/util.h"

struct spoken {
    uint32_t id;
    long long end;
};

struct session {
    struct coach *c;
    struct coach_options co;
    struct session_options o;
    struct session_frontend fe;
    void *user;
    struct transcript *tr;
    int64_t hid;
    bool started, failed, ended;
    long long t0, now;
    struct spoken *q;
    size_t nq, capq;
    long long q_end;
    struct coach_answer saved[64];
    size_t nsaved;
    struct coach_recent recent[32];
    char recent_region[32][32];
    size_t nrecent;
    struct memory mem;      /* the cross-session memory, for the engine */
    /* The open question and its scripted answer. */
    bool ask_open, pending;
    char ask_q[64];
    int pending_value;
    long long answer_at;
    char voice[64];
    int rate;
    enum coach_outcome outcome;
    long long end_ms;
    /* Utterances given to the audio whose done event has not come. */
    uint32_t *out_ids;
    size_t nout, capout;
    long long idle_since;   /* audio quiet with utterances outstanding */
    /* A voice answer waiting for "yes" or "no" (see the Voice input
     * block); the driver's own prompt has an id the engine never gives. */
    bool confirm_open;
    char confirm_q[64];
    int confirm_value;
    uint32_t next_own_id;
    /* Someone spoke over the coach (barge-in): its speech was cut and the
     * driver listens until barge_until; the cut utterances' done events
     * (barge_ids) are not the engine's to see. */
    bool barge_open;
    long long barge_until;
    uint32_t barge_ids[16];
    size_t nbarge;
    /* A history write failed: the session stops and says why. */
    bool storage_stop;
    bool quit_pending;      /* stop once the current actions are seen */
    bool safety_kept;       /* a rule's message was let through */
    bool safety_ends;       /* ... and that rule ends the session itself */
    char safety_text[512];
    char notice[320];
    bool voice_notice;      /* say once that voice answers are off */
    bool ref_attached;      /* the audio is the listener's echo reference */
};

static void voice_detach(struct session *s);

/* Speech ids of utterances the driver itself speaks (the confirmation
 * prompt): engine ids count up from 1, so these never collide, and their
 * done events are not the engine's to see. */
#define OWN_SPEECH_ID 0x80000000u
#define IS_OWN_SPEECH(id) (((id) & OWN_SPEECH_ID) != 0)

/* How long the audio may be quiet with an utterance not reported done
 * before the session takes it as done: a lost event must never leave a
 * user waiting on a silent coach. */
#define SPEECH_DONE_GRACE_MS 1500

static long long fallback_ms(const char *text)
{
    long long words = 0;
    bool in = false;
    for (const char *p = text; *p; p++) {
        bool sp = *p == ' ' || *p == '\n';
        if (!sp && !in)
            words++;
        in = !sp;
    }
    return words * 60000 / 160 + 300;
}

static long long spoken_ms(const struct session *s, const char *text)
{
    long ms = audio_speech_ms(text, s->voice, s->rate);
    if (ms < 0) {
        log_once("session-speech-ms", LOG_WARN, "session",
                 "cannot measure speech with voice '%s'; estimating from "
                 "word counts", s->voice);
        return fallback_ms(text);
    }
    return ms;
}

static long long engine_speech_ms(const char *text, void *user)
{
    return spoken_ms(user, text);
}

static long long wall_s(const struct session *s, long long t_ms)
{
    return s->o.wall_start_s + (t_ms - s->t0) / 1000;
}

static void note_failure(struct session *s, const char *what)
{
    if (!s->failed)
        log_msg(LOG_ERROR, "session", "%s", what);
    s->failed = true;
}

static long long speak(struct session *s, const struct coach_action *a);

/* A history write failed (rc from history_record_answer & co.): the first
 * time, the session stops (quit_pending: see drain), and at its end the
 * coach says and shows why, so the user does not go on answering into a
 * history that keeps nothing. */
static void storage_failed(struct session *s, int rc, const char *what)
{
    struct history *h = s->o.history;
    log_msg(LOG_ERROR, "session", "%s: %s", what, history_error(h));
    s->failed = true;
    if (s->storage_stop)
        return;
    s->storage_stop = true;
    /* TRANSLATORS: the reason in "I can't save your answers: %s." */
    const char *why = history_storage_full(h) ? _("the storage is full")
                                              : _("the history file cannot be "
                                                  "written");
    if (rc == HISTORY_KEPT)
        /* TRANSLATORS: spoken and shown when the history cannot be
         * written; %s is "the storage is full" or "the history file
         * cannot be written". */
        snprintf(s->notice, sizeof s->notice, _("I can't save your answers: "
                 "%s. We'll stop here; your answers are kept and will be "
                 "saved next time."), why);
    else
        /* TRANSLATORS: as above, when the answers could not be kept. */
        snprintf(s->notice, sizeof s->notice, _("I can't save your answers: "
                 "%s. We'll stop here."), why);
    s->quit_pending = !s->ended;
}

/* While a storage stop is pending, what the engine queued after the
 * failed write is dropped (no new prompt, question or hold starts), except
 * what a safety rule says and shows: a rule that fired on the very answer
 * that could not be written is still said, word for word, and a rule that
 * ends the session ends it itself. */
static bool storage_drop(struct session *s, const struct coach_action *a)
{
    switch (a->kind) {
    case COACH_ACT_STOP:
        s->safety_kept = true;
        snprintf(s->safety_text, sizeof s->safety_text, "%s",
                 a->text ? a->text : "");
        if (a->action == ACTION_STOP || a->action == ACTION_NOT_START
            || a->action == ACTION_URGENT)
            s->safety_ends = true;
        return false;
    case COACH_ACT_SAY:
        return !(s->safety_kept && a->text
                 && !strcmp(a->text, s->safety_text));
    case COACH_ACT_SILENCE:
        return s->safety_kept;      /* let the rule's message play */
    case COACH_ACT_END:
    case COACH_ACT_ANSWER:
    case COACH_ACT_REMEMBER:    /* what a rule remembers is kept too */
    case COACH_ACT_SHOW:
        return false;
    default:
        return true;
    }
}

/* At the end: speaks and shows the notice (after the engine's SILENCE). */
static void storage_announce(struct session *s)
{
    struct coach_action a = { .kind = COACH_ACT_SAY, .text = s->notice,
                              .t_ms = s->now,
                              .speech_id = OWN_SPEECH_ID
                                           | (++s->next_own_id
                                              & ~OWN_SPEECH_ID) };
    long long start = speak(s, &a) - s->t0;
    if (s->fe.say)
        s->fe.say(s->user, s->notice, start);
}

static void recent_cb(const char *region, int value, void *user)
{
    struct session *s = user;
    if (s->nrecent >= ARRAY_LEN(s->recent) || !region)
        return;
    snprintf(s->recent_region[s->nrecent], sizeof s->recent_region[0], "%s",
             region);
    s->recent[s->nrecent].region = s->recent_region[s->nrecent];
    s->recent[s->nrecent].soreness = value;
    s->nrecent++;
}

static void memory_cb(const struct history_region_record *r, void *user)
{
    struct session *s = user;
    struct memory_event e = { .t_s = r->t_s, .session = r->session,
                              .region = r->region, .value = r->value,
                              .until_s = r->until_s };
    if (memory_kind_parse(r->kind, &e.kind))
        memory_add(&s->mem, &e);
}

/* What the history knows, for the engine. */
static void load_history(struct session *s)
{
    struct history *h = s->o.history;
    struct coach_options *co = &s->co;
    co->screening_due = true;
    if (!h)
        return;
    long long now = s->o.wall_start_s;
    long long at = history_screening_time(h);
    bool due = s->o.force_screening || screening_due(at, now);
    for (size_t i = 0; !due && i < screening_count(SCREEN_FULL); i++) {
        const struct screening_item *it = screening_at(SCREEN_FULL, i);
        int v;
        int rc = history_screening_answer(h, it->q.id, &v);
        if (rc < 0 || (rc == 0 && !it->follow_up_of))
            due = true;     /* an item never answered: ask them all */
        else if (rc == 1 && s->nsaved < ARRAY_LEN(s->saved)) {
            s->saved[s->nsaved].question = it->q.id;
            s->saved[s->nsaved++].value = v;
        }
    }
    co->screening_due = due;
    if (!due) {
        co->saved_screening = s->saved;
        co->saved_count = s->nsaved;
    }
    /* The per-region memory across every recent session.  Reading it
     * fails closed: without it the check-in falls back on the last
     * session's soreness, as before the memory existed. */
    memory_init(&s->mem, now);
    bool have_mem = history_region_records(
        h, now - (long long)MEMORY_WINDOW_DAYS * 86400, memory_cb, s) == 0;
    if (have_mem)
        co->memory = &s->mem;
    else
        log_msg(LOG_WARN, "session", "cannot read the region memory: %s",
                history_error(h));
    struct history_session hs;
    /* The last session's soreness, for a history from before the region
     * memory: a session the memory knows is covered by it. */
    if (history_last_session(h, now + 1, &hs) == 1
        && hs.start_s >= now - (long long)RECENT_SESSION_HOURS * 3600
        && !(have_mem && s->mem.last_session > 0
             && hs.id <= s->mem.last_session)) {
        history_session_soreness(h, hs.id, recent_cb, s);
        if (s->nrecent || !strcmp(hs.outcome, "completed")) {
            co->have_recent = true;
            co->recent = s->recent;
            co->recent_count = s->nrecent;
        }
    }
}

void session_language(const struct routine *r, const struct settings *st,
                      struct i18n_choice *out)
{
    struct settings def;
    if (!st) {
        settings_defaults(&def);
        st = &def;
    }
    i18n_choose(r && r->language_set ? r->language : NULL, st->language,
                st->voice, out);
    i18n_use(out->catalogue);
    if (!out->has_catalogue)
        log_once("session-no-catalogue", LOG_INFO, "session",
                 "no translation for language '%s': the coach speaks "
                 "English", out->asked);
}

struct session *session_create(const struct session_options *o,
                               const struct session_frontend *fe,
                               void *user, char **err)
{
    struct session *s = xcalloc(1, sizeof *s);
    s->o = *o;
    if (fe)
        s->fe = *fe;
    s->user = user;
    if (!s->o.wall_start_s)
        s->o.wall_start_s = util_wall_s();
    if (s->o.answer_delay_ms <= 0)
        s->o.answer_delay_ms = 1000;
    struct settings def;
    const struct settings *st = o->settings;
    if (!st) {
        settings_defaults(&def);
        st = &def;
    }
    struct i18n_choice lang;
    session_language(o->routine, st, &lang);
    snprintf(s->voice, sizeof s->voice, "%s", lang.voice);
    if (strcmp(lang.catalogue, "en")
        && (o->listener || o->voice_off_for_language)) {
        s->o.listener = NULL;
        s->voice_notice = true;
    }
    s->rate = st->rate_wpm > 0 ? st->rate_wpm : 160;
    s->co.lead_in_s = st->lead_in_s > 0 ? st->lead_in_s : -1;
    s->co.detail = st->detail;
    s->co.soreness_stop = st->soreness_stop;
    s->co.answer_wait_ms = o->answer_wait_ms;
    s->co.speech_ms = engine_speech_ms;
    s->co.speech_user = s;
    s->co.screening_only = o->screening_only;
    if (!o->screening_only)
        load_history(s);
    if (o->assume_screened) {
        s->co.screening_due = false;
        s->co.saved_count = 0;
        s->co.have_recent = false;
        s->co.memory = NULL;
    }
    if (o->transcript_path) {
        s->tr = transcript_open(o->transcript_path, err);
        if (!s->tr) {
            memory_free(&s->mem);
            free(s);
            return NULL;
        }
    }
    if (o->history && o->routine && !o->screening_only) {
        s->hid = history_session_begin(o->history, o->routine->name,
                                       o->routine->title, s->o.wall_start_s);
        if (s->hid < 0) {
            *err = xasprintf(_("cannot record the session: %s"),
                             history_error(o->history));
            transcript_close(s->tr);
            memory_free(&s->mem);
            free(s);
            return NULL;
        }
    }
    s->c = coach_create(o->routine, &s->co);
    s->outcome = OUTCOME_QUIT;
    s->idle_since = -1;
    return s;
}

void session_destroy(struct session *s)
{
    if (!s)
        return;
    voice_detach(s);
    coach_destroy(s->c);
    memory_free(&s->mem);
    if (transcript_close(s->tr) < 0)
        log_msg(LOG_ERROR, "session", "the transcript could not be "
                "written completely");
    free(s->q);
    free(s->out_ids);
    free(s);
}

void session_drop_listener(struct session *s)
{
    if (!s)
        return;
    voice_detach(s);
    s->o.listener = NULL;
}

/* Speaks a->text; returns when it starts (ms on the session clock): the
 * end of what is queued before it, or now with real audio. */
static long long speak(struct session *s, const struct coach_action *a)
{
    if (s->o.audio) {
        int rc = audio_say(s->o.audio, a->text, a->speech_id);
        if (rc == 0) {
            s->out_ids = xgrow(s->out_ids, &s->capout, s->nout + 1,
                               sizeof *s->out_ids);
            s->out_ids[s->nout++] = a->speech_id;
            return s->now;
        }
        log_once("session-say", LOG_WARN, "session", "speech failed (%s); "
                 "showing text only", audio_strerror(rc));
    }
    long long start = s->q_end > s->now ? s->q_end : s->now;
    s->q = xgrow(s->q, &s->capq, s->nq + 1, sizeof *s->q);
    s->q[s->nq].id = a->speech_id;
    s->q[s->nq++].end = s->q_end = start + spoken_ms(s, a->text);
    return start;
}

static void save_screening(struct session *s)
{
    size_t n = 0;
    const struct coach_answer *ans = coach_screening_answers(s->c, &n);
    if (!s->o.history || !n)
        return;
    const char **ids = xcalloc(n, sizeof *ids);
    int *vals = xcalloc(n, sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        ids[i] = ans[i].question;
        vals[i] = ans[i].value;
    }
    int rc = history_save_screening(s->o.history, wall_s(s, s->now), ids,
                                    vals, n);
    if (rc != 0)
        storage_failed(s, rc, "cannot save the screening to the history");
    free(ids);
    free(vals);
}

static void drain(struct session *s)
{
    struct coach_action a;
    struct coach_view v;
    while (coach_next_action(s->c, &a)) {
        if (s->quit_pending && !s->ended && storage_drop(s, &a))
            continue;
        long long t = a.t_ms - s->t0;
        if (t < 0)
            t = 0;
        /* An answer reaches the history before the transcript, so a
         * transcript line never names an answer the history lacks. */
        if (s->tr && a.kind != COACH_ACT_ANSWER
            && transcript_write(s->tr, &a, t) < 0)
            note_failure(s, "cannot write the transcript");
        switch (a.kind) {
        case COACH_ACT_SAY: {
            long long start = speak(s, &a) - s->t0;
            if (s->fe.say)
                s->fe.say(s->user, a.text, start > t ? start : t);
            break;
        }
        case COACH_ACT_SILENCE:
            if (s->storage_stop && s->safety_kept)
                break;      /* the rule's message plays to its end */
            if (s->o.audio)
                audio_interrupt(s->o.audio);
            s->nq = 0;
            s->q_end = s->now;
            break;
        case COACH_ACT_CUE:
            if (s->o.audio)
                audio_cue(s->o.audio, a.cue == CUE_HOLD_START
                                          ? AUDIO_CUE_HOLD_START
                                      : a.cue == CUE_HOLD_END
                                          ? AUDIO_CUE_HOLD_END
                                          : AUDIO_CUE_TICK);
            if (s->fe.action)
                s->fe.action(s->user, &a, t);
            break;
        case COACH_ACT_SHOW:
            if (s->fe.show) {
                coach_view(s->c, &v);
                s->fe.show(s->user, &v);
            }
            break;
        case COACH_ACT_ASK: {
            coach_view(s->c, &v);
            s->ask_open = true;
            s->confirm_open = false;    /* asked again: start over */
            snprintf(s->ask_q, sizeof s->ask_q, "%s", a.question);
            s->pending = false;
            const struct question *q = v.question;
            int val;
            if (q && answer_script_find(s->o.answers, q->id, q->kind,
                                        v.answer_max, &val)) {
                s->pending = true;
                s->pending_value = val;
                s->answer_at = -1;
            }
            if (s->fe.ask)
                s->fe.ask(s->user, &v, t);
            break;
        }
        case COACH_ACT_ANSWER:
            s->ask_open = s->pending = s->confirm_open = false;
            if (s->o.history && s->hid > 0) {
                int rc = history_record_answer(s->o.history, s->hid,
                                               wall_s(s, a.t_ms), a.question,
                                               a.value, a.step, a.region);
                if (rc != 0)
                    storage_failed(s, rc, "cannot record an answer in the "
                                   "history");
            }
            if (s->tr && transcript_write(s->tr, &a, t) < 0)
                note_failure(s, "cannot write the transcript");
            if (a.save_screening)
                save_screening(s);
            if (s->fe.action)
                s->fe.action(s->user, &a, t);
            break;
        case COACH_ACT_STOP:
            if (s->o.history && s->hid > 0 && a.rule
                && history_record_rule(s->o.history, s->hid,
                                       wall_s(s, a.t_ms), a.rule,
                                       rule_action_name(a.action),
                                       a.region) < 0)
                note_failure(s, "cannot record a rule in the history");
            if (s->fe.stop)
                s->fe.stop(s->user, &a, t);
            break;
        case COACH_ACT_REMEMBER:
            /* Committed before the coach moves on, like an answer. */
            if (s->o.history && s->hid > 0) {
                int rc = history_record_region(
                    s->o.history, s->hid, wall_s(s, a.t_ms), a.mem.region,
                    memory_kind_name(a.mem.kind), a.mem.value,
                    a.mem.until_s > 0 ? wall_s(s, a.t_ms) + a.mem.until_s
                                      : 0);
                if (rc != 0)
                    storage_failed(s, rc, "cannot record the region memory "
                                   "in the history");
            }
            break;
        case COACH_ACT_HOLD_START:
        case COACH_ACT_HOLD_END:
        case COACH_ACT_REST_START:
            if (s->fe.action)
                s->fe.action(s->user, &a, t);
            break;
        case COACH_ACT_END:
            s->ended = true;
            s->outcome = a.outcome;
            s->end_ms = a.t_ms;
            s->ask_open = s->pending = s->confirm_open = false;
            if (s->o.history && s->hid > 0) {
                int rc = history_session_end(s->o.history, s->hid,
                                             wall_s(s, a.t_ms),
                                             coach_outcome_name(a.outcome),
                                             a.rule);
                if (rc != 0)
                    storage_failed(s, rc, "cannot record the end of the "
                                   "session");
            }
            if (s->storage_stop)
                storage_announce(s);
            if (s->fe.end)
                s->fe.end(s->user, a.outcome,
                          s->storage_stop ? s->notice : a.text);
            break;
        }
    }
    if (s->quit_pending && !s->ended && !s->safety_ends) {
        /* Everything queued has been seen: stop now (coach_quit queues
         * the engine's SILENCE and END, drained here). */
        s->quit_pending = false;
        coach_quit(s->c, s->now);
        drain(s);
    }
}

static int handle(struct session *s, const struct coach_event *ev,
                  long long now_ms)
{
    if (now_ms > s->now)
        s->now = now_ms;
    int rc = coach_handle(s->c, ev, now_ms);
    drain(s);
    return rc;
}

static void say_own(struct session *s, const char *text, long long now_ms);

int session_start(struct session *s, long long now_ms)
{
    if (s->started)
        return -1;
    s->started = true;
    s->t0 = s->now = s->q_end = now_ms;
    if (s->voice_notice)
        say_own(s, _("Voice answers work in English only, so they are off "
                     "today. Answer with the keys or the screen."), now_ms);
    struct coach_event ev = { .kind = COACH_EV_START };
    return handle(s, &ev, now_ms);
}

int session_answer(struct session *s, const char *question, int value,
                   long long now_ms)
{
    /* Any answer (a key or touch given while a voice answer waits for its
     * confirmation, or the confirmed one itself) settles the question. */
    s->confirm_open = false;
    struct coach_event ev = { .kind = COACH_EV_ANSWER, .question = question,
                              .value = value };
    return handle(s, &ev, now_ms);
}

int session_command(struct session *s, enum coach_command cmd,
                    long long now_ms)
{
    struct coach_event ev = { .kind = COACH_EV_COMMAND, .command = cmd };
    return handle(s, &ev, now_ms);
}

void session_quit(struct session *s, long long now_ms)
{
    if (now_ms > s->now)
        s->now = now_ms;
    coach_quit(s->c, now_ms);
    drain(s);
}

static void forget_utterance(struct session *s, uint32_t id)
{
    for (size_t i = 0; i < s->nout; i++)
        if (s->out_ids[i] == id) {
            memmove(s->out_ids + i, s->out_ids + i + 1,
                    (s->nout - i - 1) * sizeof *s->out_ids);
            s->nout--;
            break;
        }
    s->idle_since = -1;
}

/* Paused by the user (not waiting for an answer): a scripted answer waits
 * for the resume, as a person would. */
static bool user_paused(const struct session *s)
{
    struct coach_view v;
    coach_view(s->c, &v);
    return v.paused && !v.waiting;
}

static bool barge_cut(const struct session *s, uint32_t id)
{
    for (size_t i = 0; i < s->nbarge; i++)
        if (s->barge_ids[i] == id)
            return true;
    return false;
}

static bool speaking(const struct session *s)
{
    if (s->nq)
        return true;
    return s->o.audio && audio_is_speaking(s->o.audio);
}

/* --- Voice input: begin (audio/listen.h) --- */
/* Barge-in needs what the coach plays as the echo canceller's reference.
 * With an output a microphone can hear (audio_reference_available: a
 * sound device), the audio's reference tap is connected to the listener,
 * which then listens through the canceller while muted and reports
 * someone speaking over the coach.  Without one (no output device, a
 * lost one, a null or WAV output, timed speech with no audio) the
 * listener stays half duplex: deaf while the coach speaks.  Checked on
 * every update, so a device lost mid-session falls back to half duplex.
 * A listener opened with a reference of its own is left alone. */
static void voice_reference(struct session *s)
{
    struct listener *l = s->o.listener;
    bool want = l && listener_has_input(l) && s->o.audio && !s->ended &&
                audio_reference_available(s->o.audio);
    if (want == s->ref_attached || (want && listener_has_reference(l)))
        return;
    if (s->ended && s->ref_attached) {
        /* Nothing left to interrupt: the output may stop when idle again
         * (it runs on through silence only while it is the reference). */
        voice_detach(s);
        return;
    }
    if (!want) {
        voice_detach(s);
        log_msg(LOG_INFO, "session", "no echo reference (no output "
                "device): the coach cannot be interrupted by voice while "
                "it speaks");
        return;
    }
    audio_reference_enable(s->o.audio, true);
    if (listener_set_reference(l, audio_reference, s->o.audio) < 0) {
        audio_reference_enable(s->o.audio, false);
        log_once("session-no-echo", LOG_WARN, "session", "the echo "
                 "canceller did not start: the coach cannot be "
                 "interrupted by voice while it speaks");
        return;
    }
    s->ref_attached = true;
    log_msg(LOG_INFO, "session", "echo reference from the audio output: "
            "the coach can be interrupted by voice");
}

static void voice_detach(struct session *s)
{
    if (!s->ref_attached)
        return;
    s->ref_attached = false;
    listener_set_reference(s->o.listener, NULL, NULL);
    audio_reference_enable(s->o.audio, false);
}

/* Half duplex: muted whenever the coach is speaking, checked on every
 * update and again after the actions it caused, so the listener never
 * takes the coach's voice for an answer (with the echo reference, the
 * muted listener still detects someone speaking over the coach). */
static void voice_mute(struct session *s, long long now_ms)
{
    if (!s->o.listener)
        return;
    voice_reference(s);
    listener_set_muted(s->o.listener, speaking(s), now_ms);
    /* Listen for what the coach waits for: the answers of the open
     * question (yes or no while a confirmation is asked) and the
     * commands, which are always heard. */
    const struct question *q = NULL;
    const char *qid = session_waiting_question(s);
    if (qid) {
        struct coach_view v;
        coach_view(s->c, &v);
        q = v.question && !strcmp(v.question->id, qid) ? v.question : NULL;
    }
    listener_set_context(s->o.listener, s->confirm_open ? LISTEN_CTX_YES_NO
                                                        : listen_context_for(q));
}

/* How long the coach stays quiet listening after someone spoke over it,
 * before it says the cut line again. */
#define BARGE_LISTEN_MS 3000

/* Someone spoke over the coach: stop talking at once (as the engine's
 * SILENCE does) and listen for the command in the quiet. */
static void voice_barge_in(struct session *s, long long now_ms)
{
    if (!speaking(s))
        return;
    s->nbarge = 0;
    for (size_t i = 0; i < s->nout && s->nbarge < ARRAY_LEN(s->barge_ids);
         i++)
        s->barge_ids[s->nbarge++] = s->out_ids[i];
    for (size_t i = 0; i < s->nq && s->nbarge < ARRAY_LEN(s->barge_ids); i++)
        s->barge_ids[s->nbarge++] = s->q[i].id;
    if (s->o.audio)
        audio_interrupt(s->o.audio);
    s->nq = 0;
    s->q_end = now_ms;
    s->barge_open = true;
    s->barge_until = now_ms + BARGE_LISTEN_MS;
    log_msg(LOG_INFO, "session", "interrupted by voice; listening");
}

/* The listening after a barge-in ends: with a word acted on, or with
 * nothing, when the cut line is said again. */
static void voice_barge_close(struct session *s, bool heard, long long now_ms)
{
    if (!s->barge_open)
        return;
    s->barge_open = false;
    if (!heard && !s->ended)
        session_command(s, COACH_CMD_REPEAT, now_ms);
}

/* Speaks a text of the driver's own (not the engine's), under a
 * driver-own speech id, and shows it like the engine's SAY actions. */
static void say_own(struct session *s, const char *text, long long now_ms)
{
    struct coach_action a = { .kind = COACH_ACT_SAY, .text = text,
                              .t_ms = now_ms,
                              .speech_id = OWN_SPEECH_ID
                                           | (++s->next_own_id
                                              & ~OWN_SPEECH_ID) };
    long long start = speak(s, &a) - s->t0;
    if (s->fe.say)
        s->fe.say(s->user, text, start);
}

/* Asks "I heard eight. Is that right?" for an answer that needs
 * confirming, through speak() like the engine's SAY actions (so the
 * listener is muted and the front end shows it), under a driver-own
 * speech id.  The answer is kept until "yes" or "no" is heard. */
static void voice_confirm_ask(struct session *s, const char *qid, int value,
                              const char *word, long long now_ms)
{
    char text[96];
    snprintf(text, sizeof text, "I heard %s. Is that right?", word);
    s->confirm_open = true;
    snprintf(s->confirm_q, sizeof s->confirm_q, "%s", qid);
    s->confirm_value = value;
    say_own(s, text, now_ms);
}

/* A word heard while a confirmation is open: "yes" gives the kept answer
 * to the engine, "no" drops it and has the question asked again.  False
 * when the word is not a yes or no (it is then taken as usual, and a new
 * answer or a command such as "stop" replaces the confirmation). */
static bool voice_confirm_reply(struct session *s, const struct heard *h,
                                long long now_ms)
{
    const char *qid = session_waiting_question(s);
    if (!s->confirm_open || !qid || strcmp(qid, s->confirm_q)) {
        s->confirm_open = false;
        return false;
    }
    if (h->kind != HEARD_YES && h->kind != HEARD_NO)
        return false;
    s->confirm_open = false;
    if (h->kind == HEARD_YES)
        session_answer(s, s->confirm_q, s->confirm_value, now_ms);
    else
        session_command(s, COACH_CMD_REPEAT, now_ms);
    return true;
}

static void voice_input(struct session *s, long long now_ms)
{
    if (!s->o.listener)
        return;
    voice_mute(s, now_ms);
    struct heard h;
    while (!s->ended && listener_poll(s->o.listener, &h)) {
        if (h.kind == HEARD_INTERRUPT) {
            voice_barge_in(s, now_ms);
            voice_mute(s, now_ms);
            continue;
        }
        if (voice_confirm_reply(s, &h, now_ms)) {
            voice_barge_close(s, true, now_ms);
            voice_mute(s, now_ms);
            continue;
        }
        s->confirm_open = false;    /* anything else replaces it */
        const char *qid = session_waiting_question(s);
        const struct question *q = NULL;
        if (qid) {
            /* The open question as the engine holds it: a routine's own,
             * a built-in one or a screening item alike. */
            struct coach_view v;
            coach_view(s->c, &v);
            q = v.question && !strcmp(v.question->id, qid) ? v.question
                                                            : NULL;
        }
        struct coach_event ev;
        if (!listen_to_event(&h, q, &ev)) {
            voice_barge_close(s, false, now_ms);
            voice_mute(s, now_ms);
            continue;
        }
        bool barged = s->barge_open;
        s->barge_open = false;
        int rc = 0;
        if (ev.kind == COACH_EV_COMMAND)
            rc = session_command(s, ev.command, now_ms);
        else if (!listen_needs_confirmation(&h, q))
            rc = session_answer(s, qid, ev.value, now_ms);
        else
            voice_confirm_ask(s, qid, ev.value, h.word, now_ms);
        if (barged && rc < 0 && !s->ended)     /* it meant nothing now */
            session_command(s, COACH_CMD_REPEAT, now_ms);
        voice_mute(s, now_ms);
    }
    if (s->barge_open && now_ms >= s->barge_until)
        voice_barge_close(s, false, now_ms);
}
/* --- Voice input: end --- */

int session_update(struct session *s, long long now_ms)
{
    if (!s->started)
        return -1;
    if (now_ms > s->now)
        s->now = now_ms;
    voice_input(s, now_ms);
    for (int guard = 0; guard < 100000 && !s->ended; guard++) {
        bool changed = false;
        uint32_t id;
        if (s->o.audio) {
            while (!s->ended && audio_poll_done(s->o.audio, &id)) {
                forget_utterance(s, id);
                if (IS_OWN_SPEECH(id) || barge_cut(s, id))
                    continue;       /* the driver's own prompt, or cut */
                struct coach_event ev = { .kind = COACH_EV_SPEECH_DONE,
                                          .speech_id = id };
                handle(s, &ev, now_ms);
                changed = true;
            }
            if (!s->ended && s->nout && !audio_is_speaking(s->o.audio)) {
                if (s->idle_since < 0)
                    s->idle_since = now_ms;
                if (now_ms - s->idle_since >= SPEECH_DONE_GRACE_MS) {
                    log_once("session-lost-done", LOG_WARN, "session",
                             "the audio went quiet without reporting %zu "
                             "utterance(s) done; going on", s->nout);
                    uint32_t lost = s->out_ids[0];
                    forget_utterance(s, lost);
                    if (!IS_OWN_SPEECH(lost)) {
                        struct coach_event ev = {
                            .kind = COACH_EV_SPEECH_DONE,
                            .speech_id = lost };
                        handle(s, &ev, now_ms);
                    }
                    changed = true;
                }
            } else {
                s->idle_since = -1;
            }
        }
        while (!s->ended && s->nq && s->q[0].end <= now_ms) {
            struct coach_event ev = { .kind = COACH_EV_SPEECH_DONE,
                                      .speech_id = s->q[0].id };
            long long at = s->q[0].end;
            memmove(s->q, s->q + 1, --s->nq * sizeof *s->q);
            if (!IS_OWN_SPEECH(ev.speech_id))
                handle(s, &ev, at);
            changed = true;
        }
        if (!s->ended && s->pending && !speaking(s) && !user_paused(s)) {
            if (s->answer_at < 0)
                s->answer_at = s->now + s->o.answer_delay_ms;
            if (s->answer_at <= now_ms) {
                s->pending = false;
                session_answer(s, s->ask_q, s->pending_value, s->answer_at);
                changed = true;
            }
        }
        long long d = coach_next_deadline(s->c);
        if (!s->ended && d >= 0 && d <= now_ms) {
            struct coach_event ev = { .kind = COACH_EV_TICK };
            handle(s, &ev, now_ms);
            changed = true;
        }
        if (!changed)
            break;
    }
    voice_mute(s, now_ms);      /* speech the update just started */
    return s->failed ? -1 : 0;
}

long long session_next_wakeup(const struct session *s)
{
    if (s->ended || !s->started)
        return -1;
    long long w = coach_next_deadline(s->c);
    if (s->nq && (w < 0 || s->q[0].end < w))
        w = s->q[0].end;
    if (s->barge_open && (w < 0 || s->barge_until < w))
        w = s->barge_until;     /* voice input: the listening ends */
    if (s->pending && !speaking(s) && !user_paused(s)) {
        long long a = s->answer_at >= 0 ? s->answer_at
                                        : s->now + s->o.answer_delay_ms;
        if (w < 0 || a < w)
            w = a;
    }
    if (s->o.audio && s->nout) {
        /* Look again for a lost done event. */
        long long g = (s->idle_since >= 0 ? s->idle_since : s->now)
                      + SPEECH_DONE_GRACE_MS;
        if (w < 0 || g < w)
            w = g;
    }
    return w;
}

int session_poll_timeout(const struct session *s, long long now_ms)
{
    long long wake = session_next_wakeup(s);
    if (wake < 0)
        return -1;
    long long rem = wake - now_ms;
    if (rem <= 0)
        return 0;
    /* Linux lets poll() return up to 0.1% of its timeout late (5 ms on a
     * 5 s lead-in).  Wake a little early instead; the short wait that
     * follows is then late by microseconds. */
    if (rem > 30)
        rem -= 20 + rem / 500;
    return rem > 1000000 ? 1000000 : (int)rem;
}

int session_audio_fd(const struct session *s)
{
    return s->o.audio ? audio_event_fd(s->o.audio) : -1;
}

int session_run_virtual(struct session *s,
                        int (*input)(void *user, struct session *s,
                                     long long now_ms),
                        void *user)
{
    long long now = 0;
    if (!s->started)
        session_start(s, now);
    while (!s->ended) {
        long long w = session_next_wakeup(s);
        if (w < 0) {
            /* Speech in the audio layer is not used in virtual time. */
            if (input && input(user, s, s->now) == 0) {
                session_update(s, s->now);
                continue;
            }
            session_quit(s, s->now);
            break;
        }
        if (w > now)
            now = w;
        session_update(s, now);
    }
    return session_exit_status(s);
}

bool session_ended(const struct session *s)
{
    return s->ended;
}

bool session_failed(const struct session *s)
{
    return s->failed;
}

const char *session_waiting_question(const struct session *s)
{
    return s->ask_open ? s->ask_q : NULL;
}

struct coach *session_engine(struct session *s)
{
    return s->c;
}

const char *session_notice(const struct session *s)
{
    return s->storage_stop ? s->notice : NULL;
}

int session_exit_status(const struct session *s)
{
    if (s->storage_stop)
        return EXIT_STORAGE;
    if (s->failed)
        return EXIT_RUNTIME;
    if (!s->ended)
        return EXIT_RUNTIME;
    switch (s->outcome) {
    case OUTCOME_COMPLETED:
        if (s->o.screening_only) {
            /* `unknot screen` asks every item; an answer that keeps
             * sessions from starting is not "done". */
            struct coach_view v;
            coach_view(s->c, &v);
            if (rule_action_rank(v.stop_action) >=
                rule_action_rank(ACTION_NOT_START))
                return EXIT_SAFETY;
        }
        return EXIT_DONE;
    case OUTCOME_STOPPED:   return EXIT_SAFETY;
    case OUTCOME_QUIT:      return EXIT_USER_STOP;
    }
    return EXIT_RUNTIME;
}

long long session_elapsed_ms(const struct session *s)
{
    return (s->ended ? s->end_ms : s->now) - s->t0;
}
