/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session in the SDL window; see run.h. */
#include "ui/run.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/commands.h"
#include "audio/audio.h"
#include "audio/listen.h"
#include "history/history.h"
#include "ui/front.h"
#include "ui/home.h"
#include "ui/loop.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/util.h"

struct run {
    struct ui *ui;
    struct session *s;
    struct ui_front f;
    bool dirty;
    /* Audio fd watcher. */
    SDL_Thread *watcher;
    SDL_sem *ack;
    SDL_atomic_t quit;
    int fds[2];         /* the audio's and the microphone's event fds */
    int nfds;
    int listener_slot;  /* index of the microphone's fd in fds, or -1 */
    SDL_atomic_t watch; /* bit i: fds[i] is drained by session_update */
    SDL_atomic_t watcher_failed;    /* an fd or poll failed: tick instead */
    Uint32 audio_event;
    struct listener *listener;
};

static void fe_show(void *user, const struct coach_view *v)
{
    (void)v;
    ((struct run *)user)->dirty = true;
}

static void fe_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)v;
    (void)t_ms;
    struct run *r = user;
    ui_front_asked(&r->f);
    r->dirty = true;
}

static void fe_stop(void *user, const struct coach_action *a, long long t_ms)
{
    (void)t_ms;
    struct run *r = user;
    ui_front_action(&r->f, a);
    r->dirty = true;
}

static void fe_action(void *user, const struct coach_action *a,
                      long long t_ms)
{
    (void)t_ms;
    struct run *r = user;
    if (ui_front_action(&r->f, a))
        r->dirty = true;
}

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    (void)summary;
    struct run *r = user;
    r->f.ended = true;
    r->f.outcome = o;
    r->dirty = true;
}

/*
 * Waits for the audio's (or the microphone's) event fd to become readable
 * and posts one SDL event; then waits until the main thread has handled it
 * (session_update) before looking again, so one readiness is one event.
 *
 * It never re-arms on a descriptor nobody drains: it watches only the fds
 * in r->watch (set by the main thread: none once the session has ended,
 * since session_update then reads neither the audio's done events nor the
 * listener, whose microphone keeps writing its eventfd on the summary
 * screen).  An fd reporting POLLERR, POLLHUP or POLLNVAL is dropped for
 * good (poll would return at once forever), and a failing poll() makes the
 * watcher stop: the main loop then looks every 100 ms instead.
 */
static int watch_audio(void *user)
{
    struct run *r = user;
    int dead = 0;
    while (!SDL_AtomicGet(&r->quit)) {
        int want = SDL_AtomicGet(&r->watch) & ~dead;
        struct pollfd p[2];
        int idx[2], n = 0;
        for (int i = 0; i < r->nfds; i++)
            if (want & (1 << i)) {
                p[n].fd = r->fds[i];
                p[n].events = POLLIN;
                p[n].revents = 0;
                idx[n++] = i;
            }
        if (n == 0) {
            /* Nothing to watch: sleep until told (or quit). */
            SDL_SemWaitTimeout(r->ack, 250);
            continue;
        }
        int rc = poll(p, (nfds_t)n, 250);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0) {
            log_msg(LOG_WARN, "ui", "watching the audio: %s; looking every "
                    "100 ms instead", strerror(errno));
            SDL_AtomicSet(&r->watcher_failed, 1);
            break;
        }
        if (rc == 0)
            continue;
        bool ready = false;
        for (int k = 0; k < n; k++) {
            if (p[k].revents & (POLLERR | POLLHUP | POLLNVAL)) {
                log_msg(LOG_WARN, "ui", "the %s's event fd failed (%s); no "
                        "longer watched", idx[k] == r->listener_slot
                        ? "microphone" : "audio",
                        p[k].revents & POLLNVAL ? "closed" : "error");
                dead |= 1 << idx[k];
                SDL_AtomicSet(&r->watcher_failed, 1);
            } else if (p[k].revents & POLLIN) {
                ready = true;
            }
        }
        if (!ready || !(SDL_AtomicGet(&r->watch) & ~dead))
            continue;
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = r->audio_event;
        if (SDL_PushEvent(&ev) != 1) {
            SDL_Delay(10);      /* the queue is full: no spin */
            continue;
        }
        while (!SDL_AtomicGet(&r->quit) &&
               SDL_SemWaitTimeout(r->ack, 250) != 0)
            ;
    }
    return 0;
}

static struct ui_input hit(void *user, int x, int y)
{
    return ui_hit_test(user, x, y);
}

static void redraw(struct run *r, long long now)
{
    struct coach_view v;
    coach_view(session_engine(r->s), &v);
    /* The microphone is open for answers whenever there is one (the
     * session mutes it only while the coach speaks). */
    r->f.listening = r->listener && listener_has_input(r->listener)
                     && !listener_at_end(r->listener);
    struct ui_screen scr;
    ui_front_screen(&r->f, &v, now, &scr);
    const char *notice = session_notice(r->s);
    if (notice && r->f.ended) {
        /* The history could not be written: say so where the summary
         * would be (the coach speaks it too). */
        memset(&scr, 0, sizeof scr);
        scr.kind = UI_SCREEN_MESSAGE;
        /* TRANSLATORS: the heading over "I can't save your answers: ..."
         * when the history cannot be written (a full disk). */
        scr.u.message.title = _("Your answers could not be saved");
        scr.u.message.text = notice;
    }
    ui_draw(r->ui, &scr);
    r->dirty = false;
}

static void apply_input(struct run *r, struct ui_input in, long long now)
{
    if (in.cmd == UI_CMD_NONE)
        return;
    if (in.cmd == UI_CMD_QUIT) {
        if (!session_ended(r->s))
            session_quit(r->s, now);
        r->f.done = true;
        return;
    }
    struct coach_view v;
    coach_view(session_engine(r->s), &v);
    struct coach_event ev;
    bool changed = false;
    if (ui_front_input(&r->f, &v, in, &ev, &changed)) {
        if (ev.kind == COACH_EV_ANSWER)
            session_answer(r->s, ev.question, ev.value, now);
        else if (ev.kind == COACH_EV_COMMAND)
            session_command(r->s, ev.command, now);
        r->dirty = true;
    }
    if (changed)
        r->dirty = true;
}

static long long earliest(long long a, long long b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

int ui_run_session(struct ui *ui, struct session_options *o,
                   const struct settings *st, struct ui_keymap *km)
{
    struct settings def;
    if (!st) {
        settings_defaults(&def);
        st = &def;
    }
    struct audio_options ao;
    memset(&ao, 0, sizeof ao);
    ao.backend = st->audio_output;
    ao.device = st->output_device;
    ao.wav_path = st->wav_file;
    ao.wav_realtime = true;
    struct i18n_choice lang;
    session_language(o->routine, st, &lang);
    ao.voice = lang.voice;
    ao.rate_wpm = st->rate_wpm;
    ao.volume = st->volume;
    char *err = NULL;
    struct audio *audio = audio_open(&ao, &err);
    if (!audio) {
        log_msg(LOG_WARN, "ui", "no speech (%s); showing text only",
                err ? err : "audio failed");
        free(err);
        err = NULL;
    }
    o->audio = audio;

    struct run r;
    memset(&r, 0, sizeof r);
    r.ui = ui;
    struct listener *own_listener = NULL;
    /* The recogniser is English only: no listener in another language
     * (the session says so once; docs/voice.md). */
    if (st->voice_input && !o->listener && strcmp(lang.catalogue, "en"))
        o->voice_off_for_language = true;
    else if (st->voice_input && !o->listener) {
        struct listener_options lo;
        memset(&lo, 0, sizeof lo);
        lo.device = st->input_device;
        own_listener = listener_open(&lo, &err);
        if (!own_listener) {
            log_msg(LOG_WARN, "ui", "no voice answers (%s); keys and touch "
                    "still work", err ? err : "listener failed");
            free(err);
            err = NULL;
        }
        o->listener = own_listener;
    }
    /* A listener given for a session not in English is not used (the
     * session drops it): no "Listening" on the screen either. */
    r.listener = strcmp(lang.catalogue, "en") ? NULL : o->listener;
    ui_front_init(&r.f, o->routine);
    struct session_frontend fe = {
        .show = fe_show, .ask = fe_ask, .stop = fe_stop,
        .action = fe_action, .end = fe_end,
    };
    r.s = session_create(o, &fe, &r, &err);
    if (!r.s) {
        fprintf(stderr, "unknot: %s\n", err ? err : "cannot start");
        free(err);
        audio_close(audio);
        o->audio = NULL;
        if (own_listener) {
            listener_close(own_listener);
            o->listener = NULL;
        }
        return EXIT_RUNTIME;
    }
    SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER);
    int afd = session_audio_fd(r.s);
    if (afd >= 0)
        r.fds[r.nfds++] = afd;
    int lfd = r.listener ? listener_event_fd(r.listener) : -1;
    r.listener_slot = -1;
    if (lfd >= 0) {
        r.listener_slot = r.nfds;
        r.fds[r.nfds++] = lfd;
    }
    SDL_AtomicSet(&r.watch, (1 << r.nfds) - 1);
    /* A listener without an fd is polled on each tick. */
    bool poll_listener = r.listener && lfd < 0;
    r.audio_event = SDL_RegisterEvents(1);
    if (r.nfds > 0 && r.audio_event != (Uint32)-1) {
        r.ack = SDL_CreateSemaphore(0);
        if (r.ack)
            r.watcher = SDL_CreateThread(watch_audio, "unknot-audio-fd", &r);
    }

    long long now = util_now_ms();
    session_start(r.s, now);
    r.dirty = true;
    bool history_loaded = false;
    while (!r.f.done) {
        now = util_now_ms();
        /* However the session ended, the summary follows. */
        if (session_ended(r.s) && !r.f.ended) {
            r.f.ended = true;
            r.dirty = true;
        }
        /* Ended: session_update drains nothing any more, so nothing may
         * be watched (see watch_audio). */
        if (session_ended(r.s) && SDL_AtomicGet(&r.watch)) {
            SDL_AtomicSet(&r.watch, 0);
            if (r.ack)
                SDL_SemPost(r.ack);
        }
        /* Nobody listens on the summary: close our microphone, so its
         * capture stream costs nothing while the screen stays up. */
        if (session_ended(r.s) && own_listener) {
            session_drop_listener(r.s);
            listener_close(own_listener);
            own_listener = NULL;
            o->listener = NULL;
            r.listener = NULL;
        }
        struct coach_view sv;
        coach_view(session_engine(r.s), &sv);
        if ((r.f.ended || sv.phase == PHASE_SUMMARY ||
             sv.phase == PHASE_STOPPED) && !history_loaded) {
            /* The chart includes this session: its answers are already
             * committed.  Loaded as the summary starts, while the coach
             * says it. */
            if (o->history)
                ui_front_load_history(&r.f, o->history, util_wall_s() + 1);
            history_loaded = true;
            r.dirty = true;
        }
        if (r.dirty)
            redraw(&r, now);
        struct coach_view v;
        coach_view(session_engine(r.s), &v);
        long long wake = session_ended(r.s) ? -1 : session_next_wakeup(r.s);
        long long change = ui_front_next_change(&r.f, &v, now);
        long long deadline = earliest(wake, change);
        /* No fd watcher (no thread, or a listener without an fd): look
         * every 100 ms. */
        if (((r.nfds > 0 && (!r.watcher
                             || SDL_AtomicGet(&r.watcher_failed)))
             || poll_listener) && !session_ended(r.s))
            deadline = earliest(deadline, now + 100);
        SDL_Event ev;
        bool got = ui_wait_event(deadline, &ev);
        while (got) {
            now = util_now_ms();
            if (ev.type == r.audio_event && r.audio_event != 0) {
                if (!session_ended(r.s))
                    session_update(r.s, now);
                SDL_SemPost(r.ack);
            } else if (ev.type == SDL_WINDOWEVENT) {
                if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                    ui_update_size(ui);
                r.dirty = true;
            } else if (ev.type == SDL_CONTROLLERDEVICEADDED) {
                SDL_GameControllerOpen(ev.cdevice.which);
            } else {
                struct ui_input in = ui_input_from_event(
                    km, &ev, hit, ui, ui_width(ui), ui_height(ui));
                apply_input(&r, in, now);
            }
            got = SDL_PollEvent(&ev) == 1;
        }
        now = util_now_ms();
        if (!session_ended(r.s))
            session_update(r.s, now);
        if (change >= 0 && now >= change)
            r.dirty = true;
    }
    if (r.watcher) {
        SDL_AtomicSet(&r.quit, 1);
        SDL_SemPost(r.ack);
        SDL_WaitThread(r.watcher, NULL);
    }
    if (r.ack)
        SDL_DestroySemaphore(r.ack);
    int status = session_exit_status(r.s);
    if (audio)
        audio_wait_idle(audio, 3000);   /* let the last words play */
    session_destroy(r.s);
    audio_close(audio);
    o->audio = NULL;
    if (own_listener) {
        listener_close(own_listener);
        o->listener = NULL;
    }
    return status;
}

void ui_options_from_settings(const struct settings *st,
                              struct ui_options *o)
{
    memset(o, 0, sizeof *o);
    o->fullscreen = st->fullscreen;
    o->text_scale = st->text_scale > 0 ? st->text_scale : 1.0;
}

int ui_keymap_from_settings(const struct settings *st,
                            struct ui_keymap *km)
{
    ui_keymap_defaults(km);
    if (!st->keymap[0])
        return 0;
    struct diag_list dl;
    diag_init(&dl);
    const char *file = st->source[SETTING_keymap] == SOURCE_FILE
                       ? st->source_file : "keymap";
    int line = st->source[SETTING_keymap] == SOURCE_FILE
               ? st->source_line[SETTING_keymap] : 0;
    int rc = ui_keymap_parse(km, st->keymap, file, line, &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    return rc < 0 ? -1 : 0;
}

int ui_run_session_window(struct session_options *o,
                          const struct settings *st)
{
    struct ui_options uo;
    ui_options_from_settings(st, &uo);
    char *err = NULL;
    struct ui *ui = ui_create(&uo, &err);
    if (!ui) {
        fprintf(stderr, "unknot: %s\n", err ? err : "no window");
        free(err);
        return -1;
    }
    struct ui_keymap km;
    ui_keymap_from_settings(st, &km);
    int status = ui_run_session(ui, o, st, &km);
    ui_destroy(ui);
    SDL_Quit();
    return status;
}
