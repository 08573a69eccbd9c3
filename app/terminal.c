/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See terminal.h. */
#include "app/terminal.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/commands.h"
#include "audio/audio.h"
#include "audio/listen.h"
#include "coach/answers.h"
#include "coach/screening.h"
#include "config/settings.h"
#include "util/log.h"
#include "util/util.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct term {
    struct session *s;
    struct listener *listener;      /* voice input, or NULL */
    bool input_closed;
    bool tty;
    char line[256];
    size_t len;
};

static void print_time(long long t_ms)
{
    long long s = t_ms / 1000;
    printf("[%2lld:%02lld] ", s / 60, s % 60);
}

static void fe_say(void *user, const char *text, long long t_ms)
{
    (void)user;
    print_time(t_ms);
    printf("%s\n", text);
    fflush(stdout);
}

static void fe_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)user;
    (void)t_ms;
    if (!v->question)
        return;
    if (v->question->kind == ANSWER_YES_NO)
        printf("        answer: y or n, then Enter  [%s]\n",
               v->question->id);
    else
        printf("        answer: 0 to %d, then Enter  [%s]\n",
               v->answer_max, v->question->id);
    fflush(stdout);
}

static void fe_stop(void *user, const struct coach_action *a, long long t_ms)
{
    (void)user;
    print_time(t_ms);
    printf("** %s (%s): %s\n", a->rule ? a->rule : "rule",
           rule_action_name(a->action), a->text ? a->text : "");
    fflush(stdout);
}

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    (void)user;
    (void)summary;      /* already spoken and printed */
    printf("Session %s.\n", coach_outcome_name(o));
    fflush(stdout);
}

bool terminal_parse_line(const char *line, bool *is_cmd,
                         enum coach_command *cmd, int *value)
{
    static const struct { const char *w; enum coach_command c; } cmds[] = {
        { "p", COACH_CMD_PAUSE }, { "pause", COACH_CMD_PAUSE },
        { "r", COACH_CMD_RESUME }, { "resume", COACH_CMD_RESUME },
        { "a", COACH_CMD_REPEAT }, { "again", COACH_CMD_REPEAT },
        { "repeat", COACH_CMD_REPEAT },
        { "s", COACH_CMD_SKIP }, { "skip", COACH_CMD_SKIP },
        { "q", COACH_CMD_STOP }, { "x", COACH_CMD_STOP },
        { "stop", COACH_CMD_STOP }, { "quit", COACH_CMD_STOP },
    };
    char buf[64];
    snprintf(buf, sizeof buf, "%s", line);
    str_trim(buf);
    for (size_t i = 0; i < ARRAY_LEN(cmds); i++)
        if (!strcasecmp(buf, cmds[i].w)) {
            *is_cmd = true;
            *cmd = cmds[i].c;
            return true;
        }
    *is_cmd = false;
    return answer_parse_value(buf, value, NULL);
}

static void apply_line(struct term *t, const char *line, long long now)
{
    bool is_cmd;
    enum coach_command cmd;
    int value;
    if (!terminal_parse_line(line, &is_cmd, &cmd, &value)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", line);
        if (*str_trim(buf))
            printf("        (type 0-10, y or n to answer; p pause, r "
                   "resume, a repeat, s skip, q stop)\n");
        return;
    }
    if (!is_cmd) {
        /* The one answer check: "n" on a scale, or "1" on a yes-no
         * question, is refused and asked again (-1). */
        struct coach_view v;
        coach_view(session_engine(t->s), &v);
        bool word = false;
        int again;
        answer_parse_value(line, &again, &word);
        if (v.question && !answer_fits(v.question->kind, v.answer_max,
                                       value, word))
            value = -1;
    }
    int rc = is_cmd ? session_command(t->s, cmd, now)
                    : session_answer(t->s, NULL, value, now);
    if (rc < 0 && is_cmd)
        printf("        (not now)\n");
    fflush(stdout);
}

/* Reads what is available on stdin; calls apply_line per full line. */
static void read_input(struct term *t, long long now)
{
    char buf[256];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) {
        if (n == 0 || (errno != EINTR && errno != EAGAIN))
            t->input_closed = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            t->line[t->len] = '\0';
            apply_line(t, t->line, now);
            t->len = 0;
        } else if (t->len + 1 < sizeof t->line) {
            t->line[t->len++] = buf[i];
        }
    }
}

static int virtual_input(void *user, struct session *s, long long now)
{
    struct term *t = user;
    const char *q = session_waiting_question(s);
    if (!t->tty || t->input_closed) {
        if (q)
            fprintf(stderr, "unknot: no answer to '%s' and no keyboard to "
                    "wait on: the session ends here (script it with "
                    "--answers %s=VALUE)\n", q, q);
        else
            fprintf(stderr, "unknot: the session waits and there is no "
                    "keyboard: it ends here\n");
        return -1;
    }
    printf("        > ");
    fflush(stdout);
    char line[256];
    if (!fgets(line, sizeof line, stdin)) {
        t->input_closed = true;
        return -1;
    }
    apply_line(t, line, now);
    return 0;
}

static int run_real_time(struct term *t)
{
    struct session *s = t->s;
    session_start(s, util_now_ms());
    while (!session_ended(s)) {
        if (interrupted) {
            session_quit(s, util_now_ms());
            break;
        }
        long long now = util_now_ms();
        long long wake = session_next_wakeup(s);
        int afd = session_audio_fd(s);
        /* Nothing scheduled (speech still playing would be: the session
         * wakes to look for its end) and no input can come: waiting
         * would be forever. */
        if (wake < 0 && t->input_closed) {
            const char *q = session_waiting_question(s);
            fprintf(stderr, "unknot: %s%s%s and the input is closed: the "
                    "session ends here\n", q ? "no answer to '" : "",
                    q ? q : "the session waits", q ? "'" : "");
            session_quit(s, now);
            break;
        }
        struct pollfd p[3];
        int n = 0;
        if (!t->input_closed)
            p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
        if (afd >= 0)
            p[n++] = (struct pollfd){ .fd = afd, .events = POLLIN };
        int timeout = session_poll_timeout(s, now);
        /* Voice input: its fd wakes the loop; session_update reads it. */
        int lfd = listener_event_fd(t->listener);
        if (lfd >= 0)
            p[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
        else if (listener_has_input(t->listener) &&
                 (timeout < 0 || timeout > 20))
            timeout = 20;
        int rc = poll(p, (nfds_t)n, timeout);
        now = util_now_ms();
        if (rc > 0 && !t->input_closed && (p[0].revents & (POLLIN | POLLHUP)))
            read_input(t, now);
        session_update(s, util_now_ms());
    }
    return session_exit_status(s);
}

int terminal_run_session(struct session_options *o, bool virtual_time)
{
    struct settings def;
    const struct settings *st = o->settings;
    if (!st) {
        settings_defaults(&def);
        st = &def;
    }
    struct audio *audio = NULL;
    o->audio = NULL;
    if (!virtual_time) {
        struct audio_options ao;
        memset(&ao, 0, sizeof ao);
        ao.backend = st->audio_output;
        ao.device = st->output_device;
        ao.wav_path = st->wav_file;
        ao.wav_realtime = true;
        ao.voice = o->routine && o->routine->language
                   && *o->routine->language ? o->routine->language
                                            : st->voice;
        ao.rate_wpm = st->rate_wpm;
        ao.volume = st->volume;
        char *err = NULL;
        audio = audio_open(&ao, &err);
        if (!audio) {
            fprintf(stderr, "unknot: no speech (%s); showing text only\n",
                    err ? err : "audio failed");
            free(err);
        }
        o->audio = audio;
    }
    struct session_frontend fe = {
        .say = fe_say, .ask = fe_ask, .stop = fe_stop, .end = fe_end,
    };
    struct term t = { .tty = isatty(STDIN_FILENO) };
    char *err = NULL;
    /* Voice answers as in the window, when the settings ask for them. */
    struct listener *own_listener = NULL;
    if (!virtual_time && st->voice_input && !o->listener) {
        struct listener_options lo;
        memset(&lo, 0, sizeof lo);
        lo.device = st->input_device;
        own_listener = listener_open(&lo, &err);
        if (!own_listener) {
            fprintf(stderr, "unknot: no voice answers (%s); keys still "
                    "work\n", err ? err : "listener failed");
            free(err);
            err = NULL;
        }
        o->listener = own_listener;
    }
    t.listener = o->listener;
    t.s = session_create(o, &fe, &t, &err);
    if (!t.s) {
        fprintf(stderr, "unknot: %s\n", err ? err : "cannot start");
        free(err);
        audio_close(audio);
        listener_close(own_listener);
        if (own_listener)
            o->listener = NULL;
        return EXIT_RUNTIME;
    }
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    interrupted = 0;
    int status = virtual_time ? session_run_virtual(t.s, virtual_input, &t)
                              : run_real_time(&t);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (audio && !virtual_time)
        audio_wait_idle(audio, 3000);   /* let the last words play */
    session_destroy(t.s);
    audio_close(audio);
    if (own_listener) {
        listener_close(own_listener);
        o->listener = NULL;
    }
    return status;
}
