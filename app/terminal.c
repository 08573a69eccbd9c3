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
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/commands.h"
#include "audio/audio.h"
#include "audio/listen.h"
#include "coach/answers.h"
#include "coach/screening.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/util.h"
#include "util/escape.h"

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
    bool voice;             /* answers may be spoken: keep "say" */
    bool scripted;          /* --answers: echo what was answered */
    char line[256];
    size_t len;
    /* The key hint of the question just asked, printed after it. */
    char hint[160];
    bool hint_pending;
    /* The hold under way, for "time left". */
    bool holding;
    long long hold_end_ms;
    long long next_left_ms; /* the next "N s left" line (real time) */
    size_t holds;           /* holds started: none means nothing rolled */
    const struct routine *routine;
    bool screening_only;
    /* The step, side and phase whose first line carried the lighter
     * tag; -1 none yet. */
    long long tagged;
};

/* The text column after the "[mm:ss] " prefix. */
#define TEXT_INDENT 8

static int terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
        && ws.ws_col >= 40)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    long n;
    if (cols && str_to_int(cols, &n) && n >= 40 && n < 1000)
        return (int)n;
    return 80;
}

void terminal_wrap(FILE *out, const char *text, int indent, int width)
{
    /* Lines break at spaces, never inside a word (a word longer than the
     * line goes on a line of its own); continuation lines are indented
     * under the first line's text. */
    int col = indent, room = width - indent;
    if (room < 20)
        room = 20;
    const char *p = text;
    bool first = true;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        int chars = 0;
        while (*e && *e != ' ' && *e != '\n') {
            if (((unsigned char)*e & 0xc0) != 0x80)
                chars++;     /* count UTF-8 characters, not bytes */
            e++;
        }
        if (!first && col + 1 + chars > indent + room) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            first = true;
        }
        if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, (size_t)(e - p), out);
        col += chars;
        first = false;
        p = e;
        if (*p == '\n') {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            first = true;
            p++;
        }
    }
    fputc('\n', out);
}

/* The coach's spoken sentences that name voice commands, and what a
 * keyboard user reads instead: both msgids, so that the translated spoken
 * sentence maps to the translated typed one in every language.  The keys
 * are the same in every language (p, r, a, s, q; docs/translations.md).
 * The English typed texts are what the word rules below made of the
 * spoken ones. */
static const struct { const char *said, *typed; } keyboard_sentences[] = {
    { N_("You can say pause, resume, repeat, skip or stop at any time."),
      /* TRANSLATORS: the terminal's text instead of "You can say pause,
       * resume, repeat, skip or stop at any time."; the keys stay p, r, a,
       * s and q. */
      N_("You can type p (pause), r (resume), a (repeat), s (skip) or q "
         "(stop), then Enter, at any time.") },
    { N_("Say pause or stop at any time."),
      /* TRANSLATORS: the terminal's text instead of "Say pause or stop at
       * any time."; the keys stay p and q. */
      N_("Type p (pause) or q (stop), then Enter, at any time.") },
    { N_("Paused. Say resume when you're ready."),
      /* TRANSLATORS: the terminal's text instead of "Paused. Say resume
       * when you're ready."; the key stays r. */
      N_("Paused. Type r and Enter when you're ready.") },
    { N_("Say resume to go on with the next area, or stop to finish."),
      /* TRANSLATORS: the terminal's text instead of "Say resume to go on
       * with the next area, or stop to finish."; the keys stay r and q. */
      N_("Type r and Enter to go on with the next area, or stop to "
         "finish.") },
};

/* s with every `from` replaced by `to` (caller frees). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), count = 0;
    for (const char *p = s; lf && (p = strstr(p, from)); p += lf)
        count++;
    if (!count)
        return xstrdup(s);
    char *out = xmalloc(strlen(s) + count * lt + 1);
    char *o = out;
    const char *p = s, *q;
    while ((q = strstr(p, from))) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, lt);
        o += lt;
        p = q + lf;
    }
    strcpy(o, p);
    return out;
}

/* The spoken words, as a keyboard user acts on them.  First the coach's
 * own sentences, whole, in the session's language (keyboard_sentences);
 * then, in English, the words of any other text: "Say pause" becomes
 * "Type p (pause)", "Say 1 for ..." becomes "Type 1 for ...".  With voice
 * answers on, the words stand as spoken. */
void terminal_keyboard_text(const char *spoken, char *buf, size_t n)
{
    char *text = xstrdup(spoken);
    for (size_t i = 0; i < ARRAY_LEN(keyboard_sentences); i++) {
        char *next = replace_all(text, i18n_text(keyboard_sentences[i].said),
                                 i18n_text(keyboard_sentences[i].typed));
        free(text);
        text = next;
    }
    /* English words: a routine's own text in an English session, and the
     * texts with no sentence above.  Other languages' words are not
     * English ones ("Sie können" has no "say"). */
    if (strcmp(i18n_current(), "en")) {
        snprintf(buf, n, "%s", text);
        free(text);
        return;
    }
    static const struct { const char *from, *to; } words[] = {
        { "say pause, resume, repeat, skip or stop",
          "type p (pause), r (resume), a (repeat), s (skip) or q (stop), "
          "then Enter," },
        { "Say pause or stop", "Type p (pause) or q (stop), then Enter," },
        { "Say resume", "Type r and Enter" },
        { "say resume", "type r and Enter" },
        { "Say ", "Type " },
        { "say ", "type " },
    };
    size_t o = 0;
    const char *p = text;
    while (*p && o + 1 < n) {
        bool done = false;
        for (size_t i = 0; i < ARRAY_LEN(words) && !done; i++) {
            size_t l = strlen(words[i].from);
            /* Whole words only: "essay " is not "say ". */
            bool start = p == text || p[-1] == ' ' || p[-1] == '.';
            if (start && !strncmp(p, words[i].from, l)) {
                int w = snprintf(buf + o, n - o, "%s", words[i].to);
                o += w > 0 ? (size_t)w : 0;
                if (o >= n)
                    o = n - 1;
                p += l;
                done = true;
            }
        }
        if (!done)
            buf[o++] = *p++;
    }
    buf[o < n ? o : n - 1] = '\0';
    free(text);
}

static void print_time(long long t_ms)
{
    long long s = t_ms / 1000;
    printf("[%2lld:%02lld] ", s / 60, s % 60);
}

/* "0:25 left" of the hold under way at t_ms, into buf ("" when none). */
static void hold_left(const struct term *t, long long t_ms, char *buf,
                      size_t n)
{
    buf[0] = '\0';
    if (!t->holding || t->hold_end_ms <= t_ms)
        return;
    long long s = (t->hold_end_ms - t_ms + 999) / 1000;
    /* TRANSLATORS: the time left in the hold under way, minutes and
     * seconds ("(0:25 left)"). */
    snprintf(buf, n, _("(%lld:%02lld left)"), s / 60, s % 60);
}

/* "[Lighter: pressure up to 4 of 10]" before the first line of a step's
 * setup and of each hold when a safety rule made its region (or the
 * session) lighter, the window's tag in words; "" otherwise.  The words
 * are the window's (ui/screens.c), so they share one translation. */
static void lighter_tag(struct term *t, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!t->s)
        return;
    struct coach_view v;
    coach_view(session_engine(t->s), &v);
    if ((v.phase != PHASE_SETUP && v.phase != PHASE_HOLD) || !v.step)
        return;
    int cap = v.pressure_cap > 0 && v.pressure_cap <= 10 ? v.pressure_cap
                                                          : 0;
    if (!v.lighter && !cap)
        return;
    long long key = ((long long)v.step_index * 4 + (long long)v.side) * 16 +
                    (long long)v.phase;
    if (key == t->tagged)
        return;
    t->tagged = key;
    char tag[128];
    if (v.lighter && cap)
        snprintf(tag, sizeof tag, _("Lighter: pressure up to %d of 10"), cap);
    else if (cap)
        snprintf(tag, sizeof tag, _("Pressure up to %d of 10"), cap);
    else
        snprintf(tag, sizeof tag, "%s", _("Lighter pressure"));
    snprintf(buf, n, "[%s]", tag);
}

static void print_line(struct term *t, long long t_ms, const char *text)
{
    print_time(t_ms);
    char kb[1024];
    const char *shown = text;
    if (!t->voice) {
        terminal_keyboard_text(text, kb, sizeof kb);
        shown = kb;
    }
    char left[32], tag[160];
    hold_left(t, t_ms, left, sizeof left);
    lighter_tag(t, tag, sizeof tag);
    /* Routine text: escape sequences shown, never obeyed. */
    shown = term_safe_lines(shown);
    /* The tag first, where the eye starts. */
    char *line = xasprintf("%s%s%s%s%s", tag, tag[0] ? " " : "", shown,
                           left[0] ? "  " : "", left);
    terminal_wrap(stdout, line, TEXT_INDENT, terminal_width());
    free(line);
}

static void fe_say(void *user, const char *text, long long t_ms)
{
    struct term *t = user;
    print_line(t, t_ms, text);
    /* The key hint belongs under the question it is for. */
    if (t->hint_pending) {
        printf("%*s", TEXT_INDENT, "");
        terminal_wrap(stdout, t->hint, TEXT_INDENT, terminal_width());
        t->hint_pending = false;
    }
    fflush(stdout);
}

static void fe_ask(void *user, const struct coach_view *v, long long t_ms)
{
    struct term *t = user;
    (void)t_ms;
    if (!v->question)
        return;
    if (v->question->kind == ANSWER_YES_NO)
        /* TRANSLATORS: the terminal's hint under a yes-no question; the
         * keys stay y and n; %s is the question's id, as written. */
        snprintf(t->hint, sizeof t->hint, _("answer: y or n, then Enter  "
                 "[%s]"), term_safe(v->question->id));
    else
        /* TRANSLATORS: under a 0 to N question; %s is its id. */
        snprintf(t->hint, sizeof t->hint, _("answer: 0 to %d, then Enter  "
                 "[%s]"), v->answer_max, term_safe(v->question->id));
    /* Printed after the question's words (the next say). */
    t->hint_pending = true;
}

static void fe_action(void *user, const struct coach_action *a,
                      long long t_ms)
{
    struct term *t = user;
    switch (a->kind) {
    case COACH_ACT_HOLD_START: {
        struct coach_view v;
        coach_view(session_engine(t->s), &v);
        t->holding = true;
        t->holds++;
        t->hold_end_ms = v.phase_end_ms > 0 ? v.phase_end_ms : -1;
        /* A line every 10 s of a hold (real time); the spoken cues carry
         * the time left as well. */
        t->next_left_ms = t->hold_end_ms > 0
            ? t->hold_end_ms - ((t->hold_end_ms - t_ms - 1) / 10000) * 10000
            : -1;
        break;
    }
    case COACH_ACT_HOLD_END:
        t->holding = false;
        break;
    case COACH_ACT_ANSWER:
        if (t->hint_pending) {
            printf("%*s", TEXT_INDENT, "");
            terminal_wrap(stdout, t->hint, TEXT_INDENT, terminal_width());
            t->hint_pending = false;
        }
        /* Scripted answers are shown, so the printout says what was
         * answered. */
        if (t->scripted) {
            const struct screening_item *it = a->question
                ? screening_find(a->question) : NULL;
            const struct question *q = it ? &it->q
                : a->question && t->routine
                    ? routine_question_find(t->routine, a->question)
                : a->question ? builtin_question_find(a->question) : NULL;
            bool yn = q && q->kind == ANSWER_YES_NO;
            print_time(t_ms);
            char *line = yn && (a->value == 0 || a->value == 1)
                /* TRANSLATORS: an answer given by --answers; the first %s
                 * is y or n (kept as typed), the second the question's
                 * id. */
                ? xasprintf(_("> %s (scripted answer to %s)"),
                            a->value ? "y" : "n", a->question)
                : xasprintf(_("> %d (scripted answer to %s)"), a->value,
                            a->question ? a->question : "?");
            terminal_wrap(stdout, line, TEXT_INDENT, terminal_width());
            free(line);
        }
        break;
    default:
        break;
    }
    fflush(stdout);
}

static void fe_stop(void *user, const struct coach_action *a, long long t_ms)
{
    (void)user;
    print_time(t_ms);
    char *line = xasprintf("** %s (%s): %s", a->rule ? a->rule : "rule",
                           rule_action_name(a->action),
                           a->text ? a->text : "");
    terminal_wrap(stdout, line, TEXT_INDENT, terminal_width());
    free(line);
    fflush(stdout);
}

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    struct term *t = user;
    (void)summary;      /* already spoken and printed */
    struct coach_view v;
    coach_view(session_engine(t->s), &v);
    bool keeps_off = rule_action_rank(v.stop_action) >=
                     rule_action_rank(ACTION_NOT_START);
    /* What happened, in words: never "completed" after a stop, when
     * nothing was rolled, or for a screening that keeps sessions off. */
    if (t->screening_only)
        printf("%s\n", o == OUTCOME_QUIT ? _("Screening not finished.")
               : keeps_off ? _("Screening saved: no sessions until you have "
                               "the all-clear (then run unknot screen "
                               "again).")
               : _("Screening saved."));
    else if (o == OUTCOME_COMPLETED && t->holds == 0)
        printf("%s\n", _("Session over: nothing was rolled today."));
    else if (o == OUTCOME_COMPLETED)
        printf("%s\n", _("Session complete."));
    else if (o == OUTCOME_STOPPED)
        /* TRANSLATORS: the terminal's last line; %s is the rule's action
         * as routine files name it (stop, urgent, not-start): keep it. */
        printf(_("Session stopped by a safety rule (%s).\n"),
               rule_action_name(v.stop_action));
    else
        printf("%s\n", _("Session stopped by you."));
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
            /* TRANSLATORS: after a line the terminal did not understand;
             * the keys stay as they are. */
            printf("        %s\n", _("(type 0-10, y or n to answer; p "
                   "pause, r resume, a repeat, s skip, q stop)"));
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
        printf("        %s\n", _("(not now)"));
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
            fprintf(stderr, _("unknot: no answer to '%s' and no keyboard "
                              "to wait on: the session ends here (script it "
                              "with --answers %s=VALUE)\n"), q, q);
        else
            fprintf(stderr, "%s", _("unknot: the session waits and there "
                                    "is no keyboard: it ends here\n"));
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

/* During a hold in real time: "0:20 left" every 10 s; paused, the end
 * moves and the lines wait. */
static void print_time_left(struct term *t, long long now)
{
    if (!t->holding || t->next_left_ms < 0)
        return;
    struct coach_view v;
    coach_view(session_engine(t->s), &v);
    if (v.phase != PHASE_HOLD || v.paused || v.phase_end_ms <= 0)
        return;
    if (v.phase_end_ms != t->hold_end_ms) {   /* resumed: moved on */
        t->next_left_ms += v.phase_end_ms - t->hold_end_ms;
        t->hold_end_ms = v.phase_end_ms;
    }
    if (now < t->next_left_ms || t->hold_end_ms - now < 5000)
        return;
    long long s = (t->hold_end_ms - now + 999) / 1000;
    printf("%*s", TEXT_INDENT, "");
    /* TRANSLATORS: every 10 s of a hold, minutes and seconds left. */
    printf(_("%lld:%02lld left\n"), s / 60, s % 60);
    fflush(stdout);
    t->next_left_ms += 10000;
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
            if (q)
                fprintf(stderr, _("unknot: no answer to '%s' and the input "
                                  "is closed: the session ends here\n"), q);
            else
                fprintf(stderr, "%s", _("unknot: the session waits and the "
                                        "input is closed: the session ends "
                                        "here\n"));
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
        if (t->holding && t->next_left_ms > now &&
            (timeout < 0 || t->next_left_ms - now < timeout))
            timeout = (int)(t->next_left_ms - now);
        int rc = poll(p, (nfds_t)n, timeout);
        now = util_now_ms();
        if (rc > 0 && !t->input_closed && (p[0].revents & (POLLIN | POLLHUP)))
            read_input(t, now);
        session_update(s, util_now_ms());
        print_time_left(t, util_now_ms());
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
        struct i18n_choice lang;
        session_language(o->routine, st, &lang);
        ao.voice = lang.voice;
        ao.rate_wpm = st->rate_wpm;
        ao.volume = st->volume;
        char *err = NULL;
        audio = audio_open(&ao, &err);
        if (!audio) {
            fprintf(stderr, _("unknot: no speech (%s); showing text "
                              "only\n"), err ? err : _("audio failed"));
            free(err);
        }
        o->audio = audio;
    }
    struct session_frontend fe = {
        .say = fe_say, .ask = fe_ask, .stop = fe_stop, .action = fe_action,
        .end = fe_end,
    };
    struct term t = {
        .tty = isatty(STDIN_FILENO), .voice = o->listener != NULL,
        .scripted = o->answers != NULL, .routine = o->routine,
        .screening_only = o->screening_only, .hold_end_ms = -1,
        .next_left_ms = -1, .tagged = -1,
    };
    char *err = NULL;
    /* Voice answers as in the window, when the settings ask for them;
     * the recogniser is English only, so none in another language (the
     * session says so once; docs/voice.md). */
    struct listener *own_listener = NULL;
    struct i18n_choice slang;
    session_language(o->routine, st, &slang);
    bool english = !strcmp(slang.catalogue, "en");
    if (!virtual_time && st->voice_input && !o->listener && !english)
        o->voice_off_for_language = true;
    else if (!virtual_time && st->voice_input && !o->listener) {
        struct listener_options lo;
        memset(&lo, 0, sizeof lo);
        lo.device = st->input_device;
        own_listener = listener_open(&lo, &err);
        if (!own_listener) {
            fprintf(stderr, _("unknot: no voice answers (%s); keys still "
                              "work\n"), err ? err : _("listener failed"));
            free(err);
            err = NULL;
        }
        o->listener = own_listener;
    }
    t.listener = english ? o->listener : NULL;
    /* With voice answers on, "say pause" is right as spoken. */
    t.voice = t.listener != NULL;
    t.s = session_create(o, &fe, &t, &err);
    if (!t.s) {
        fprintf(stderr, "unknot: %s\n", err ? err : _("cannot start"));
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
