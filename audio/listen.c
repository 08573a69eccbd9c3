/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The listener: input -> VAD -> recogniser -> heard; see listen.h. */
#include "audio/listen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/listen_clock.h"
#include "audio/listen_echo.h"
#include "audio/listen_input.h"
#include "audio/listen_recognizer.h"
#include "audio/listen_vad.h"
#include "util/log.h"
#include "util/util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define PREROLL_FRAMES 20       /* 200 ms kept before speech starts */
#define QUEUE_LEN 8
#define BARGE_HIST 32           /* frames kept while the coach speaks */

/* Rejection thresholds per context, chosen on the tuning halves only
 * (`BENCH_SWEEP=1 build/bench/bench_listen`: the human set's tuning
 * speakers, flite/festival's tuning voices and eSpeak NG's at 40 and
 * 20 dB) as the lowest that accepts at most about 10% of foreign words
 * in that context; docs/voice.md has the trade-off. */
static const double ctx_reject[LISTEN_CTX_COUNT] = {
    [LISTEN_CTX_ALL] = LISTEN_REJECT_BELOW,
    [LISTEN_CTX_YES_NO] = 0.75,
    [LISTEN_CTX_SCALE] = 0.70,
    [LISTEN_CTX_REASON] = 0.65,
    [LISTEN_CTX_COMMAND] = 0.70,
};

/* Barge-in: the echo-cancelled signal must stand this far above both the
 * room's floor and the coach's residual echo, for BARGE_FRAMES (net) of
 * 10 ms, while the coach speaks. */
#define BARGE_OVER_FLOOR_DB 12.0
#define BARGE_OVER_ECHO_DB 10.0
#define BARGE_FRAMES 12
/* The canceller's convergence (see barge_in): the reference counts as
 * sound above ECHO_REF_ON_DB; its echo lasts ECHO_RECENT_FRAMES (the
 * tail); converged after ECHO_CONVERGE_FRAMES of it with the residual
 * ECHO_CONVERGED_DB under the prediction (23 dB measured on a monitor
 * source, 10 dB is a poor speaker's); lost when the prediction falls
 * ECHO_LOST_DB under what the path's gain gives. */
#define ECHO_REF_ON_DB 30.0
#define ECHO_RECENT_FRAMES (LISTEN_ECHO_TAIL_MS / 10)
#define ECHO_CONVERGE_FRAMES 50
#define ECHO_CONVERGED_DB 10.0
#define ECHO_LOST_DB 15.0
#define ECHO_LOST_FRAMES 20
/* A canceller's average leak of -27 dB still left onsets at -1 to -11
 * dB over a session on a monitor source (count reached 11 of 12). */
#define ECHO_LEAK_FLOOR_DB 12.0

/* The canceller models echo paths from 0 to LISTEN_ECHO_TAIL_MS after
 * its reference, never before.  The two clocks that place the
 * microphone and the output can disagree by a few ms either way (a
 * monitor source measured its echo 8 ms *before* the output's DAC
 * time), so the reference is taken this much ahead of the frame: echo
 * paths from -ECHO_REF_LEAD_MS to the tail less it are modelled. */
#define ECHO_REF_LEAD_MS 30
/* How long a frame may wait for its reference to be played (ms after it
 * began), and how many frames may wait. */
#define ECHO_WAIT_MS 120
#define PEND_FRAMES 16

/* Narrowband: speech with less energy above 4.5 kHz than this (dB
 * relative to its whole energy) came through an 8 kHz channel. */
#define NARROWBAND_BELOW_DB (-50.0)
/* Narrowband speech scores lower for the same words (the model's upper
 * filters see nothing): its thresholds are this much lower, chosen on
 * FSDD's tuning speakers and the other engines through an 8 kHz channel
 * (BENCH_SWEEP=nb). */
#define NARROWBAND_REJECT_OFFSET 0.0  /* measured: same OOV rate as wideband
                                        at the same threshold */

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
    long long part_t0, part_t16;    /* ms; 16 kHz samples (listen_clock) */
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
    /* Contexts: the one set, and the current utterance's. */
    enum listen_context ctx, utt_ctx;
    double reject[LISTEN_CTX_COUNT];
    /* Comfort noise for the decoder: brown noise state and scale. */
    double cn_scale, cn_state, nb_scale;
    double nb_offset;           /* thresholds lowered by this if narrow */
    uint64_t cn_seed;
    /* Narrowband detection: high-pass FIR history and the energies of
     * speech frames (whole and above 4.5 kHz). */
    double hp_hist[32];
    double nb_total, nb_high;
    int nb_frames;
    bool narrowband;
    /* Echo cancellation and barge-in. */
    struct listen_echo *echo;
    int16_t barge_hist[BARGE_HIST][LISTEN_FRAME];
    size_t barge_n, barge_next;
    double leak_db;             /* residual less predicted echo, dB */
    double gain_db;             /* predicted echo less reference, dB */
    int conv_frames, ref_idle, lost_frames;
    double ref_pow[ECHO_RECENT_FRAMES], ref_sum;    /* over the tail */
    size_t ref_next;
    bool converged;             /* the canceller models the echo path */
    int barge_count;
    bool barge_utt;             /* the utterance began over the coach */
    struct listen_clock clock;  /* the frames' time stamps */
    /* Frames waiting for their echo reference (drain_frames). */
    struct pending_frame {
        int16_t s[LISTEN_FRAME];
        long long t, t16;
    } pend[PEND_FRAMES];
    size_t pend_head, pend_len;
};

static void abort_utterance(struct listener *l);

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
    &listen_in_push,
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
        *err = xasprintf("unknown input '%s' (portaudio, wav, push or "
                         "none)",
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
    if ((unsigned)o.context >= LISTEN_CTX_COUNT) {
        *err = xasprintf("unknown listening context %d", (int)o.context);
        listener_close(l);
        return NULL;
    }
    l->ctx = l->utt_ctx = o.context;
    for (int c = 0; c < LISTEN_CTX_COUNT; c++)
        l->reject[c] = opt && opt->reject_below > 0 ? opt->reject_below
                                                    : ctx_reject[c];
    /* UNKNOT_LISTEN_REJECT=ctx:value,...: thresholds for measuring. */
    const char *rj = getenv("UNKNOT_LISTEN_REJECT");
    if (rj && *rj) {
        char *copy = xstrdup(rj), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            char *colon = strchr(tok, ':');
            enum listen_context c;
            if (colon) {
                *colon = '\0';
                if (listen_context_parse(tok, &c))
                    l->reject[c] = atof(colon + 1);
            }
        }
        free(copy);
    }
    double cdb = o.comfort_dbfs == 0 ? LISTEN_COMFORT_DBFS : o.comfort_dbfs;
    const char *ce = getenv("UNKNOT_LISTEN_COMFORT");
    if (ce && *ce)
        cdb = !strcmp(ce, "off") ? LISTEN_COMFORT_OFF : atof(ce);
    /* Leaky-integrated unit white noise has an RMS of 1/sqrt(1-a^2). */
    l->cn_scale = cdb >= 0 ? 0 : 32768.0 * pow(10, cdb / 20) *
                                  sqrt(1 - 0.98 * 0.98);
    const char *nb = getenv("UNKNOT_LISTEN_NB_FILL");
    l->nb_scale = nb && *nb && atof(nb) < 0 ? 32768.0 * pow(10, atof(nb) / 20)
                                              : 0;
    l->cn_seed = 0x9e3779b97f4a7c15ull;
    const char *nbo = getenv("UNKNOT_LISTEN_NB_OFFSET");
    l->nb_offset = nbo && *nbo ? atof(nbo) : NARROWBAND_REJECT_OFFSET;
    if (o.reference) {
        l->echo = echo_open(LISTEN_FRAME, LISTEN_RATE);
        if (!l->echo) {
            *err = xasprintf("the echo canceller did not start");
            listener_close(l);
            return NULL;
        }
    }

    l->rec = recognizer_open(l->model_dir, err);
    if (l->rec)
        recognizer_want_margin(l->rec, o.margin);
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
    echo_close(l->echo);
    free(l->device);
    free(l->wav_path);
    free(l->model_dir);
    free(l);
}

int listener_push(struct listener *l, const int16_t *s, size_t n,
                  long long t0_ms)
{
    if (!l || !l->in.be)
        return LISTEN_ERR_ARG;
    return listen_push_samples(&l->in, s, n, t0_ms);
}

bool listener_has_input(const struct listener *l)
{
    return l && l->has_input;
}

bool listener_at_end(const struct listener *l)
{
    return !l || !l->has_input || l->at_end;
}

void listener_set_context(struct listener *l, enum listen_context c)
{
    if (l && (unsigned)c < LISTEN_CTX_COUNT)
        l->ctx = c;
}

double listener_reject_below(const struct listener *l, enum listen_context c)
{
    return l && (unsigned)c < LISTEN_CTX_COUNT ? l->reject[c] : 1;
}

bool listener_narrowband(const struct listener *l)
{
    return l && l->narrowband;
}

int listener_event_fd(const struct listener *l)
{
    if (!l || !l->in.be)
        return -1;
    return l->in.be->event_fd(&l->in);
}

int listener_set_reference(struct listener *l,
                           int (*fn)(void *user, int16_t *buf, size_t n,
                                      long long at16),
                           void *user)
{
    if (!l)
        return -1;
    if (!fn) {
        if (l->echo && l->in_utt && l->barge_utt)
            abort_utterance(l);
        echo_close(l->echo);
        l->echo = NULL;
        l->o.reference = NULL;
        l->o.reference_user = NULL;
        l->barge_n = 0;
        l->barge_count = 0;
        return 0;
    }
    if (!l->echo) {
        l->echo = echo_open(LISTEN_FRAME, LISTEN_RATE);
        if (!l->echo) {
            l->o.reference = NULL;
            return -1;
        }
        l->leak_db = 0;
        l->converged = false;
        l->conv_frames = 0;
        l->ref_idle = ECHO_RECENT_FRAMES;
    }
    l->o.reference = fn;
    l->o.reference_user = user;
    return 0;
}

bool listener_has_reference(const struct listener *l)
{
    return l && l->echo && l->o.reference;
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
    h.score_per_frame = res.score_per_frame;
    h.snr_db = l->vad.last_peak_db - vad_floor_db(&l->vad);
    h.margin = res.margin;
    bool is_stop = h.kind == HEARD_COMMAND && h.command == COACH_CMD_STOP;
    double th = l->reject[l->utt_ctx];
    if (l->narrowband)
        th -= l->nb_offset;
    if (is_stop && l->o.stop_reject_below < th)
        th = l->o.stop_reject_below;
    h.rejected = res.confidence < th;
    h.low_confidence = res.confidence < l->o.confirm_below;
    h.start_ms = l->utt_start_ms;
    h.end_ms = frame_t + 10 - 10LL * l->vad.tail;
    h.ready_ms = frame_t + 10;
    h.decode_ms = cpu_ms() - t0;
    log_msg(LOG_DEBUG, "listen", "heard '%s' (%s) confidence %.2f "
            "(%.1f/frame, margin %.1f)%s", h.word,
            listen_context_name(l->utt_ctx), h.confidence,
            res.score_per_frame, res.margin,
            h.rejected ? ", rejected" : "");
    if (!h.rejected || l->o.report_rejected)
        push(l, &h);
}

static void abort_utterance(struct listener *l)
{
    if (l->in_utt)
        recognizer_abort(l->rec);
    l->in_utt = false;
    l->barge_utt = false;
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
static double cn_uniform(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (double)(*x >> 11) * (1.0 / 9007199254740992.0) - 0.5;
}

/* The decoder's input: the frame plus a fixed low-level brown noise.
 * With faint or no noise the acoustic model's per-frame scores collapse
 * on near-silent frames (its features were trained on noisy speech), and
 * the same word scores far lower in a quiet room than at 20 dB SNR; a
 * constant floor under every utterance makes the score depend on the
 * word, not on the room.  The detector never sees it. */
static void feed(struct listener *l, const int16_t *f)
{
    if (l->cn_scale <= 0 && l->nb_scale <= 0) {
        recognizer_feed(l->rec, f, LISTEN_FRAME);
        return;
    }
    int16_t buf[LISTEN_FRAME];
    double prev = 0;
    for (size_t i = 0; i < LISTEN_FRAME; i++) {
        double w = cn_uniform(&l->cn_seed) * 3.4641;   /* unit variance */
        l->cn_state = 0.98 * l->cn_state + w;
        double v = f[i] + l->cn_scale * l->cn_state;
        if (l->narrowband && l->nb_scale > 0) {
            /* The band an 8 kHz channel lost, filled with noise. */
            v += l->nb_scale * 0.5 * (w - prev);
        }
        prev = w;
        buf[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768
                                                         : lrint(v));
    }
    recognizer_feed(l->rec, buf, LISTEN_FRAME);
}

static void prime(struct listener *l)
{
    l->primed = true;
    if (recognizer_begin(l->rec, l->ctx) < 0)
        return;
    for (size_t i = 0; i < l->pre_count; i++)
        feed(l, l->preroll[i]);
    recognizer_abort(l->rec);
}

/* Energy above 4.5 kHz in speech: a 31-tap windowed-sinc high-pass. */
static void narrowband_update(struct listener *l, const int16_t *f)
{
    static double taps[31];
    if (taps[15] == 0) {
        const double fc = 4500.0 / LISTEN_RATE;
        for (int k = 0; k < 31; k++) {
            int d = k - 15;
            double lp = d == 0 ? 2 * fc : sin(2 * M_PI * fc * d) / (M_PI * d);
            double w = 0.54 - 0.46 * cos(2 * M_PI * k / 30.0);
            taps[k] = ((d == 0) - lp) * w;
        }
    }
    double tot = 0, high = 0;
    for (size_t i = 0; i < LISTEN_FRAME; i++) {
        memmove(l->hp_hist + 1, l->hp_hist, 30 * sizeof *l->hp_hist);
        l->hp_hist[0] = f[i];
        double y = 0;
        for (int k = 0; k < 31; k++)
            y += taps[k] * l->hp_hist[k];
        tot += (double)f[i] * f[i];
        high += y * y;
    }
    l->nb_total += tot;
    l->nb_high += high;
    l->nb_frames++;
}

/* At the end of each utterance: decide on the speech heard so far (the
 * last few utterances' worth), so a headset plugged in later is found. */
static void narrowband_decide(struct listener *l)
{
    if (l->nb_frames < 30 || l->nb_total <= 0)
        return;
    double db = 10 * log10(l->nb_high / l->nb_total + 1e-12);
    bool nb = db < NARROWBAND_BELOW_DB;
    if (nb && !l->narrowband)
        log_once("listen-narrowband", LOG_WARN, "listen", "the microphone "
                 "is narrowband (%.0f dB above 4.5 kHz: an 8 kHz headset "
                 "or telephone line); voice answers will be less reliable "
                 "than with a 16 kHz microphone", db);
    l->narrowband = nb;
    if (l->nb_frames > 300) {   /* a running window of ~3 s of speech */
        l->nb_total *= 0.5;
        l->nb_high *= 0.5;
        l->nb_frames /= 2;
    }
}

/* While the coach speaks, with the echo cancelled: has someone started
 * speaking over it?  What the canceller leaves (resid_db) is compared
 * with the echo it predicted (echo_db): with the coach alone the residual
 * stays about the canceller's echo return loss enhancement below it
 * (followed as leak_db); a voice over the coach lifts it well above that
 * level, and above the room's floor.
 *
 * That comparison means something only once the canceller has converged
 * on the echo path.  Before (the first second of the coach's voice), and
 * after speexdsp resets a filter that diverged, the residual is the
 * coach's own voice at full level, and taking it for barge-in stopped a
 * session on the coach's own words.  So while the coach is audible
 * (its reference within the last ECHO_RECENT_FRAMES), barge-in waits for
 * ECHO_CONVERGE_FRAMES of reference with the residual at least
 * ECHO_CONVERGED_DB below the prediction; a prediction that falls far
 * below what the reference level and the learnt gain of the echo path
 * give (a reset) puts it back to converging.  A canceller that never
 * gets there (a distorting speaker) leaves the listener half duplex, as
 * with no reference at all: no barge-in rather than false ones. */
static bool barge_in(struct listener *l, double echo_db, double resid_db,
                     double ref_db)
{
    double floor = vad_floor_db(&l->vad);
    bool ref_on = ref_db > ECHO_REF_ON_DB;
    l->ref_idle = ref_on ? 0 : l->ref_idle + 1;
    /* The echo heard now comes from the reference over the tail, not
     * from this frame's: the path's gain is measured against the
     * reference's mean power over the tail. */
    double p = pow(10, ref_db / 10) - 1;
    l->ref_sum += p - l->ref_pow[l->ref_next];
    l->ref_pow[l->ref_next] = p;
    l->ref_next = (l->ref_next + 1) % ECHO_RECENT_FRAMES;
    double win_db = 10 * log10((l->ref_sum > 0 ? l->ref_sum : 0) /
                               ECHO_RECENT_FRAMES + 1);
    bool over;
    if (l->ref_idle >= ECHO_RECENT_FRAMES) {
        over = resid_db > floor + BARGE_OVER_FLOOR_DB;     /* coach silent */
    } else if (!l->converged) {
        if (ref_on) {
            l->leak_db += 0.05 * ((resid_db - echo_db) - l->leak_db);
            if (++l->conv_frames >= ECHO_CONVERGE_FRAMES &&
                l->leak_db <= -ECHO_CONVERGED_DB) {
                l->converged = true;
                l->gain_db = echo_db - win_db;
                l->lost_frames = 0;
                log_msg(LOG_DEBUG, "listen", "echo canceller converged "
                        "(%.0f dB)", -l->leak_db);
            }
        }
        over = false;
    } else if (win_db > ECHO_REF_ON_DB &&
               echo_db - win_db < l->gain_db - ECHO_LOST_DB &&
               resid_db > floor + BARGE_OVER_FLOOR_DB &&
               ++l->lost_frames >= ECHO_LOST_FRAMES) {
        log_msg(LOG_DEBUG, "listen", "echo canceller lost the echo path "
                "(reset?); barge-in waits for it again");
        l->converged = false;
        l->conv_frames = 0;
        l->leak_db = 0;
        over = false;
    } else {
        /* The residual at the onset of a word after a pause stands well
         * above the average leak (the filter lags the new sound): the
         * leak counted is never lower than ECHO_LEAK_FLOOR_DB. */
        double leak = l->leak_db > -ECHO_LEAK_FLOOR_DB ? l->leak_db
                                                        : -ECHO_LEAK_FLOOR_DB;
        over = resid_db > floor + BARGE_OVER_FLOOR_DB &&
               resid_db > echo_db + leak + BARGE_OVER_ECHO_DB;
        if (!over) {
            l->leak_db += 0.05 * ((resid_db - echo_db) - l->leak_db);
            if (win_db > ECHO_REF_ON_DB && echo_db > floor)
                l->gain_db += 0.02 * ((echo_db - win_db) - l->gain_db);
        }
        if (echo_db - win_db >= l->gain_db - ECHO_LOST_DB)
            l->lost_frames = 0;
    }
    if (getenv("UNKNOT_BARGE_DEBUG"))
        fprintf(stderr, "barge floor %.1f echo %.1f resid %.1f leak %.1f "
                "over %d count %d ref %.1f conv %d\n", floor, echo_db,
                resid_db, l->leak_db, over, l->barge_count, ref_db,
                l->converged);
    if (over)
        l->barge_count++;
    else if (l->barge_count > 0)
        l->barge_count--;
    return l->barge_count >= BARGE_FRAMES;
}

/* Someone spoke over the coach: tell the caller (it stops the coach) and
 * decode the utterance from its onset, kept in the barge-in history. */
static void start_barge_utterance(struct listener *l, long long t)
{
    struct heard h;
    memset(&h, 0, sizeof h);
    h.kind = HEARD_INTERRUPT;
    h.value = -1;
    h.start_ms = h.end_ms = h.ready_ms = t + 10;
    push(l, &h);
    log_msg(LOG_DEBUG, "listen", "someone spoke over the coach at %lld ms",
            t);
    l->barge_count = 0;
    l->utt_ctx = l->ctx;
    if (recognizer_begin(l->rec, l->utt_ctx) < 0)
        return;
    l->in_utt = true;
    l->barge_utt = true;
    size_t n = l->barge_n;
    l->utt_start_ms = t + 10 - 10LL * BARGE_FRAMES;
    for (size_t i = 0; i < n; i++) {
        size_t k = (l->barge_next + BARGE_HIST - n + i) % BARGE_HIST;
        feed(l, l->barge_hist[k]);
    }
    l->barge_n = 0;
    vad_begin(&l->vad, BARGE_FRAMES);
}

/* The reference for a frame starting at t16: fills ref and returns
 * false when part of it has not been played yet (the caller may wait). */
static bool fetch_reference(struct listener *l, long long t16, int16_t *ref)
{
    int r = l->o.reference(l->o.reference_user, ref, LISTEN_FRAME,
                           t16 + ECHO_REF_LEAD_MS * (LISTEN_RATE / 1000));
    if ((r & LISTEN_REF_MOVED) && l->converged) {
        /* The output's stream was placed afresh: the echo path may have
         * moved by milliseconds; no barge-in until the canceller has it
         * again. */
        log_msg(LOG_DEBUG, "listen", "echo reference restarted; barge-in "
                "waits for the canceller");
        l->converged = false;
        l->conv_frames = 0;
        l->leak_db = 0;
    }
    return !(r & LISTEN_REF_NOT_YET);
}

/* ref: the frame's echo reference when the canceller runs, else NULL. */
static void process_frame(struct listener *l, const int16_t *f, long long t,
                          const int16_t *ref)
{
    int16_t clean[LISTEN_FRAME];
    if (l->echo && ref) {
        double echo_db, resid_db;
        echo_cancel(l->echo, f, ref, clean, &echo_db, &resid_db);
        f = clean;
        if (l->muted && !l->barge_utt) {
            if (l->in_utt)
                abort_utterance(l);
            memcpy(l->barge_hist[l->barge_next], f, sizeof clean);
            l->barge_next = (l->barge_next + 1) % BARGE_HIST;
            if (l->barge_n < BARGE_HIST)
                l->barge_n++;
            if (barge_in(l, echo_db, resid_db,
                         vad_frame_db(ref, LISTEN_FRAME)))
                start_barge_utterance(l, t);
            return;
        }
        l->barge_n = 0;
        l->barge_count = 0;
    }
    if (frame_blocked(l, t) && !l->barge_utt) {
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
        l->utt_ctx = l->ctx;
        if (recognizer_begin(l->rec, l->utt_ctx) < 0)
            break;
        l->in_utt = true;
        l->utt_start_ms = t - 10LL * (LISTEN_VAD_START_FRAMES - 1);
        /* The pre-roll gives the recogniser the silence before the word
         * and the word's weak onset the detector did not catch. */
        for (size_t i = 0; i < l->pre_count; i++) {
            size_t k = (l->pre_next + PREROLL_FRAMES - l->pre_count + i) %
                       PREROLL_FRAMES;
            feed(l, l->preroll[k]);
        }
        l->pre_count = 0;
        feed(l, f);
        narrowband_update(l, f);
        break;
    case VAD_SPEECH:
        if (l->in_utt) {
            feed(l, f);
            narrowband_update(l, f);
        }
        break;
    case VAD_END:
        if (l->in_utt) {
            feed(l, f);
            narrowband_decide(l);
            finish_utterance(l, t);
        }
        l->barge_utt = false;
        break;
    case VAD_DISCARD:
        log_msg(LOG_DEBUG, "listen", "sound at %lld ms ignored: too short "
                "or too long for a word", l->utt_start_ms);
        if (l->in_utt)
            recognizer_abort(l->rec);
        l->in_utt = false;
        l->barge_utt = false;
        break;
    }
}

/* Frames wait here, in order, for their echo reference: the reference
 * is taken ECHO_REF_LEAD_MS ahead, and an output that renders only just
 * ahead of the microphone (little latency on either side) has not played
 * that far when the frame arrives.  A frame waits at most ECHO_WAIT_MS
 * after it began; without a canceller frames go straight through. */
static void run_frame(struct listener *l, const struct pending_frame *p,
                      const int16_t *ref)
{
    l->last_frame_t = p->t;
    process_frame(l, p->s, p->t, ref);
}

static void drain_frames(struct listener *l, bool force)
{
    while (l->pend_len) {
        struct pending_frame *p = &l->pend[l->pend_head];
        int16_t ref[LISTEN_FRAME];
        if (l->echo && l->o.reference) {
            if (!fetch_reference(l, p->t16, ref) && !force &&
                now_ms(l) - p->t < ECHO_WAIT_MS)
                return;
            run_frame(l, p, ref);
        } else {
            run_frame(l, p, NULL);
        }
        l->pend_head = (l->pend_head + 1) % PEND_FRAMES;
        l->pend_len--;
    }
}

static void queue_frame(struct listener *l)
{
    if (l->pend_len == PEND_FRAMES)
        drain_frames(l, true);      /* never more than PEND_FRAMES late */
    struct pending_frame *p =
        &l->pend[(l->pend_head + l->pend_len) % PEND_FRAMES];
    memcpy(p->s, l->part, sizeof p->s);
    p->t = l->part_t0;
    p->t16 = l->part_t16;
    l->pend_len++;
    if (!l->echo)
        drain_frames(l, true);
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
            drain_frames(l, true);
            if (l->in_utt) {    /* a recording may end right after a word */
                l->vad.tail = 0;
                finish_utterance(l, l->last_frame_t);
            }
            break;
        }
        if (n == 0)
            break;
        long long at = listen_clock_feed(&l->clock, t0, (size_t)n,
                                         LISTEN_RATE);
        size_t i = 0;
        while (i < (size_t)n) {
            if (l->part_len == 0) {
                l->part_t16 = at + (long long)i;
                l->part_t0 = l->part_t16 / (LISTEN_RATE / 1000);
            }
            size_t k = LISTEN_FRAME - l->part_len;
            if (k > (size_t)n - i)
                k = (size_t)n - i;
            memcpy(l->part + l->part_len, buf + i, k * sizeof *buf);
            l->part_len += k;
            i += k;
            if (l->part_len == LISTEN_FRAME) {
                queue_frame(l);
                l->part_len = 0;
            }
        }
        drain_frames(l, false);
    }
    drain_frames(l, l->at_end);
    if (l->q_len == 0)
        return false;
    *out = l->queue[l->q_head];
    l->q_head = (l->q_head + 1) % QUEUE_LEN;
    l->q_len--;
    return true;
}
