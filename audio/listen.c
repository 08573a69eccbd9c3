/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The listener: input -> VAD -> recogniser -> heard; see listen.h. */
#include "audio/listen.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/listen_input.h"
#include "audio/listen_recognizer.h"
#include "audio/listen_vad.h"
#include "util/log.h"
#include "util/util.h"

#define PREROLL_FRAMES 20       /* 200 ms kept before speech starts */
#define QUEUE_LEN 8

struct listener {
    struct listener_options o;
    char *device, *wav_path, *model_dir;
    struct listen_input in;
    bool has_input, at_end;
    struct recognizer *rec;
    struct vad vad;
    /* Samples not yet making a whole frame, and the time of the first. */
    int16_t part[LISTEN_FRAME];
    size_t part_len;
    long long part_t0;
    /* Pre-roll: the last frames before speech started. */
    int16_t preroll[PREROLL_FRAMES][LISTEN_FRAME];
    size_t pre_count, pre_next;
    long long utt_start_ms;
    long long last_frame_t;     /* time of the last frame processed */
    bool primed;                /* the decoder has heard the room */
    bool in_utt;
    /* Half duplex: frames from mute_from on are dropped while muted, and
     * until guard_until after. */
    bool muted;
    long long mute_from, guard_until;
    struct heard queue[QUEUE_LEN];
    size_t q_head, q_len;
};

static long long default_now(void *user)
{
    (void)user;
    return util_now_ms();
}

static long long now_ms(const struct listener *l)
{
    return l->o.now_ms(l->o.clock_user);
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const struct listen_input_backend *backends[] = {
    &listen_in_portaudio,
    &listen_in_wav,
};

struct listener *listener_open(const struct listener_options *opt,
                               char **err)
{
    *err = NULL;
    struct listener_options o = opt ? *opt : (struct listener_options){ 0 };
    const char *bname = o.backend && *o.backend ? o.backend : "portaudio";
    const struct listen_input_backend *be = NULL;
    for (size_t i = 0; i < ARRAY_LEN(backends); i++)
        if (!strcmp(backends[i]->name, bname))
            be = backends[i];
    if (!be && strcmp(bname, "none") != 0) {
        *err = xasprintf("unknown input '%s' (portaudio, wav or none)",
                         bname);
        return NULL;
    }
    if (!o.now_ms)
        o.now_ms = default_now;
    if (o.guard_ms <= 0)
        o.guard_ms = 400;
    if (o.reject_below <= 0)
        o.reject_below = LISTEN_REJECT_BELOW;
    if (o.confirm_below <= 0)
        o.confirm_below = LISTEN_CONFIRM_BELOW;
    if (o.stop_reject_below <= 0)
        o.stop_reject_below = LISTEN_STOP_REJECT_BELOW;
    struct listener *l = xcalloc(1, sizeof *l);
    l->device = o.device ? xstrdup(o.device) : NULL;
    l->wav_path = o.wav_path ? xstrdup(o.wav_path) : NULL;
    l->model_dir = o.model_dir ? xstrdup(o.model_dir) : NULL;
    o.device = l->device;
    o.wav_path = l->wav_path;
    o.model_dir = l->model_dir;
    o.backend = be ? be->name : "none";
    l->o = o;
    vad_init(&l->vad);
    l->mute_from = l->guard_until = 0;

    l->rec = recognizer_open(l->model_dir, err);
    if (!l->rec) {
        listener_close(l);
        return NULL;
    }
    if (be) {
        l->in.be = be;
        l->in.device = l->device;
        l->in.wav_path = l->wav_path;
        l->in.realtime = o.wav_realtime;
        l->in.open_ms = now_ms(l);
        char *e = NULL;
        int rc = be->open(&l->in, &e);
        if (rc == LISTEN_ERR_DEVICE) {
            /* No microphone is a normal state: keys and touch work. */
            log_once("listen-no-mic", LOG_WARN, "listen",
                     "voice input off: %s; answer with keys or touch", e);
            free(e);
            l->in.be = NULL;
        } else if (rc < 0) {
            *err = e;
            listener_close(l);
            return NULL;
        } else {
            l->has_input = true;
        }
    }
    return l;
}

void listener_close(struct listener *l)
{
    if (!l)
        return;
    if (l->in.be)
        l->in.be->close(&l->in);
    recognizer_close(l->rec);
    free(l->device);
    free(l->wav_path);
    free(l->model_dir);
    free(l);
}

bool listener_has_input(const struct listener *l)
{
    return l && l->has_input;
}

bool listener_at_end(const struct listener *l)
{
    return !l || !l->has_input || l->at_end;
}

int listener_event_fd(const struct listener *l)
{
    if (!l || !l->in.be)
        return -1;
    return l->in.be->event_fd(&l->in);
}

void listener_set_muted(struct listener *l, bool muted, long long t)
{
    if (!l || muted == l->muted)
        return;
    l->muted = muted;
    if (muted)
        l->mute_from = t;
    else
        l->guard_until = t + l->o.guard_ms;
}

/* Frames from the moment of muting until the guard after unmuting may
 * hold the coach's own voice (or its echo in the room). */
static bool frame_blocked(const struct listener *l, long long t)
{
    if (l->muted)
        return t + LISTEN_FRAME / (LISTEN_RATE / 1000) > l->mute_from;
    return t < l->guard_until &&
           t + LISTEN_FRAME / (LISTEN_RATE / 1000) > l->mute_from;
}

static void push(struct listener *l, const struct heard *h)
{
    if (l->q_len == QUEUE_LEN) {   /* the caller is not polling: keep new */
        l->q_head = (l->q_head + 1) % QUEUE_LEN;
        l->q_len--;
    }
    l->queue[(l->q_head + l->q_len) % QUEUE_LEN] = *h;
    l->q_len++;
}

static void finish_utterance(struct listener *l, long long frame_t)
{
    double t0 = cpu_ms();
    struct recognizer_result res;
    int rc = recognizer_end(l->rec, &res);
    l->in_utt = false;
    if (rc < 0 || !res.word[0])
        return;
    struct heard h;
    memset(&h, 0, sizeof h);
    if (!listen_classify(&h, res.word))
        return;
    h.confidence = res.confidence;
    bool is_stop = h.kind == HEARD_COMMAND && h.command == COACH_CMD_STOP;
    h.rejected = res.confidence < (is_stop ? l->o.stop_reject_below
                                           : l->o.reject_below);
    h.low_confidence = res.confidence < l->o.confirm_below;
    h.start_ms = l->utt_start_ms;
    h.end_ms = frame_t + 10 - 10LL * l->vad.tail;
    h.ready_ms = frame_t + 10;
    h.decode_ms = cpu_ms() - t0;
    log_msg(LOG_DEBUG, "listen", "heard '%s' confidence %.2f (%.1f/frame)%s",
            h.word, h.confidence, res.score_per_frame,
            h.rejected ? ", rejected" : "");
    if (!h.rejected || l->o.report_rejected)
        push(l, &h);
}

static void abort_utterance(struct listener *l)
{
    if (l->in_utt)
        recognizer_abort(l->rec);
    l->in_utt = false;
    vad_reset(&l->vad);
    /* The pre-roll is kept: it holds only quiet frames from before the
     * mute (the room), and an answer right after the guard time then
     * gets the same lead-in of quiet as any other.  The confidence
     * (score per frame) depends on it. */
}

/* The decoder's noise estimate and cepstral means carry over from one
 * utterance to the next; left at their defaults, the first word after
 * opening scored far lower than the same word later.  So the first quiet
 * pre-roll (the room) is decoded once and thrown away. */
static void prime(struct listener *l)
{
    l->primed = true;
    if (recognizer_begin(l->rec) < 0)
        return;
    for (size_t i = 0; i < l->pre_count; i++)
        recognizer_feed(l->rec, l->preroll[i], LISTEN_FRAME);
    recognizer_abort(l->rec);
}

static void process_frame(struct listener *l, const int16_t *f, long long t)
{
    if (frame_blocked(l, t)) {
        if (l->in_utt)
            log_msg(LOG_DEBUG, "listen", "utterance at %lld ms dropped: "
                    "the coach is speaking", l->utt_start_ms);
        abort_utterance(l);
        return;
    }
    enum vad_event ev = vad_feed(&l->vad, f);
    switch (ev) {
    case VAD_QUIET:
        memcpy(l->preroll[l->pre_next], f, sizeof l->preroll[0]);
        l->pre_next = (l->pre_next + 1) % PREROLL_FRAMES;
        if (l->pre_count < PREROLL_FRAMES)
            l->pre_count++;
        if (!l->primed && l->pre_count == PREROLL_FRAMES)
            prime(l);
        break;
    case VAD_START:
        if (recognizer_begin(l->rec) < 0)
            break;
        l->in_utt = true;
        l->utt_start_ms = t - 10LL * (LISTEN_VAD_START_FRAMES - 1);
        /* The pre-roll gives the recogniser the silence before the word
         * and the word's weak onset the detector did not catch. */
        for (size_t i = 0; i < l->pre_count; i++) {
            size_t k = (l->pre_next + PREROLL_FRAMES - l->pre_count + i) %
                       PREROLL_FRAMES;
            recognizer_feed(l->rec, l->preroll[k], LISTEN_FRAME);
        }
        l->pre_count = 0;
        recognizer_feed(l->rec, f, LISTEN_FRAME);
        break;
    case VAD_SPEECH:
        if (l->in_utt)
            recognizer_feed(l->rec, f, LISTEN_FRAME);
        break;
    case VAD_END:
        if (l->in_utt) {
            recognizer_feed(l->rec, f, LISTEN_FRAME);
            finish_utterance(l, t);
        }
        break;
    case VAD_DISCARD:
        log_msg(LOG_DEBUG, "listen", "sound at %lld ms ignored: too short "
                "or too long for a word", l->utt_start_ms);
        if (l->in_utt)
            recognizer_abort(l->rec);
        l->in_utt = false;
        break;
    }
}

bool listener_poll(struct listener *l, struct heard *out)
{
    if (!l)
        return false;
    /* Stop reading once something is queued, so one poll decides at
     * most one utterance beyond those already waiting. */
    while (l->has_input && !l->at_end && l->q_len == 0) {
        int16_t buf[LISTEN_RATE / 10];
        long long t0 = 0;
        long n = l->in.be->read(&l->in, buf, ARRAY_LEN(buf), now_ms(l), &t0);
        if (n < 0) {
            l->at_end = true;
            if (l->in_utt) {    /* a recording may end right after a word */
                l->vad.tail = 0;
                finish_utterance(l, l->last_frame_t);
            }
            break;
        }
        if (n == 0)
            break;
        size_t i = 0;
        while (i < (size_t)n) {
            if (l->part_len == 0)
                l->part_t0 = t0 + (long long)(i / (LISTEN_RATE / 1000));
            size_t k = LISTEN_FRAME - l->part_len;
            if (k > (size_t)n - i)
                k = (size_t)n - i;
            memcpy(l->part + l->part_len, buf + i, k * sizeof *buf);
            l->part_len += k;
            i += k;
            if (l->part_len == LISTEN_FRAME) {
                l->last_frame_t = l->part_t0;
                process_frame(l, l->part, l->part_t0);
                l->part_len = 0;
            }
        }
    }
    if (l->q_len == 0)
        return false;
    *out = l->queue[l->q_head];
    l->q_head = (l->q_head + 1) % QUEUE_LEN;
    l->q_len--;
    return true;
}
