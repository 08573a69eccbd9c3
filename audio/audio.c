/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See audio.h for the contract and internal.h for the backend interface.
 *
 * Data flow.  audio_say() queues a request; the synthesis thread turns it
 * into samples in the `speech` ring, then pushes an END marker carrying the
 * utterance id and the ring position where it ends.  The output's clock
 * calls audio_render(), which reads the ring, mixes active cues over it and,
 * once its read position passes an END marker, reports the id through the
 * `done` ring and the eventfd.  So "done" means handed to the device.
 *
 * Interrupt.  audio_interrupt() bumps `gen`.  The renderer sees it on its
 * next buffer and discards speech (and cues) until it meets the FLUSH
 * marker of that generation, which the synthesis thread pushes once it has
 * cut the current synthesis short and turned every queued request into an
 * empty utterance (so each still reports done, in order).
 *
 * Rings: speech (synthesis thread -> render), markers (same), cues
 * (control threads, serialised by `mtx` -> render), done (render ->
 * audio_poll_done, serialised by `done_mtx`).  Each has one writer and one
 * reader at a time, which is all ring.h needs. */
#include "audio/audio.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "audio/cue.h"
#include "audio/internal.h"
#include "audio/listen.h"
#include "audio/mix.h"
#include "audio/ring.h"
#include "audio/speech.h"
#include "audio/tap.h"
#include "util/log.h"
#include "util/util.h"

#define SPEECH_RING_FRAMES (1u << 18)   /* 11.9 s at 22050 Hz */
#define MARKER_RING 1024
#define DONE_RING 1024
#define CUE_RING 64
#define CUE_VOICES 4
#define MAX_QUEUED 256
#define CHUNK 512
#define DEFAULT_RATE_WPM 175
#define DEFAULT_BUFFER_FRAMES 256
#define CHECK_PERIOD_NS 100000000LL     /* device health, 10 times a second */

enum marker_kind { MARK_END, MARK_FLUSH };

struct marker {
    uint64_t pos;           /* speech ring position where it takes effect */
    uint32_t id;            /* END: utterance id */
    uint32_t gen;           /* FLUSH: interrupt generation it closes */
    int kind;
};

struct request {
    struct request *next;
    uint32_t id;
    int rate_wpm;
    char voice[64];
    char text[];
};

struct cue_voice {
    const int16_t *buf;
    size_t len, pos;
};

struct audio {
    /* Options, owned copies. */
    char *backend, *device, *wav_path, *fault;
    int rate;                       /* speech sample rate (eSpeak NG) */

    /* Control side, under mtx. */
    pthread_mutex_t mtx;
    pthread_cond_t cond;
    struct request *head, *tail;
    size_t queued;
    char voice[64];
    int rate_wpm;
    uint64_t said;
    bool quit, working;
    uint32_t acked_gen;             /* synthesis thread's last flush */
    pthread_mutex_t done_mtx;
    pthread_t thread;
    bool thread_started;
    int efd;

    /* Shared without locks. */
    _Atomic uint32_t gen;
    _Atomic int volume;
    _Atomic bool synth_busy;
    _Atomic uint64_t utt_start;
    _Atomic uint64_t done_count;
    _Atomic bool want_start;
    _Atomic bool has_device;
    _Atomic(const char *) out_name; /* backend in use, for the stats */
    _Atomic bool cue_active;
    _Atomic uint64_t st_frames, st_underflows, st_late, st_late_real;
    _Atomic long long st_first_sound_ns;
    _Atomic long long st_worst_late_ns;
    struct ring *speech, *markers, *done, *cues;
    struct audio_tap *tap;          /* what is rendered, for barge-in */

    /* The output; replaced only by the synthesis thread (lost device). */
    struct audio_out out;

    /* Render state: touched only by the output's clock. */
    uint32_t seen_gen, flushed_gen;
    struct cue_voice voices[CUE_VOICES];
    int16_t *cue_buf[3];
    size_t cue_len[3];
    int cue_rate;
    bool in_speech;
    bool starved;
    /* Linear resampler from the speech rate to the output rate: output
     * sample i interpolates between rs_s0 and rs_s1 at rs_frac (Q16). */
    uint32_t rs_step, rs_frac;
    int16_t rs_s0, rs_s1;                   /* the last render ran out of speech */
    _Atomic uint64_t idle_frames;
    int32_t acc[CHUNK];
    int16_t tmp[CHUNK];

    /* Synthesis thread only. */
    uint32_t job_gen;
    bool job_leading;           /* no sample of this utterance kept yet */
    int16_t *spill;
    size_t spill_len, spill_cap;
    long long next_check_ns;
};

static const struct audio_backend *const backends[] = {
    &audio_out_portaudio, &audio_out_wav, &audio_out_null, &audio_out_capture,
};

long long audio_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

const char *audio_strerror(int err)
{
    switch (err) {
    case 0: return "no error";
    case AUDIO_ERR_ARG: return "invalid argument";
    case AUDIO_ERR_VOICE: return "no such eSpeak NG voice";
    case AUDIO_ERR_SYNTH: return "speech synthesis failed";
    case AUDIO_ERR_DEVICE: return "audio device failure";
    case AUDIO_ERR_QUEUE: return "too many utterances queued";
    default: return "unknown audio error";
    }
}

/* ---- render side (real-time safe) ------------------------------------ */

static void report_done(struct audio *a, uint32_t id)
{
    atomic_fetch_add_explicit(&a->done_count, 1, memory_order_release);
    if (ring_write(a->done, &id, 1) == 1) {
        uint64_t one = 1;
        /* Non-blocking eventfd: never waits, at worst EAGAIN at 2^64-2. */
        ssize_t r = write(a->efd, &one, sizeof one);
        (void)r;
    }
}

static void start_cue(struct audio *a, unsigned cue)
{
    if (cue >= 3)
        return;
    size_t slot = 0, best = 0;
    for (size_t i = 0; i < CUE_VOICES; i++) {
        struct cue_voice *v = &a->voices[i];
        if (v->pos >= v->len) {
            slot = i;
            break;
        }
        /* All busy: replace the one nearest its end. */
        if (v->pos > best) {
            best = v->pos;
            slot = i;
        }
    }
    a->voices[slot] = (struct cue_voice){ a->cue_buf[cue], a->cue_len[cue], 0 };
}

static void resampler_reset(struct audio *a)
{
    a->rs_frac = 65536;
    a->rs_s0 = a->rs_s1 = 0;
}

/* Up to n output samples of speech from the ring, resampled when the
 * output rate differs; returns how many (fewer when the ring ran dry). */
static size_t read_speech(struct audio *a, int16_t *out, size_t n)
{
    if (a->rs_step == 65536)
        return ring_read(a->speech, out, n);
    size_t i = 0;
    while (i < n) {
        while (a->rs_frac >= 65536) {
            int16_t x;
            if (ring_read(a->speech, &x, 1) != 1)
                return i;
            a->rs_s0 = a->rs_s1;
            a->rs_s1 = x;
            a->rs_frac -= 65536;
        }
        int32_t d = (int32_t)a->rs_s1 - a->rs_s0;
        out[i++] = (int16_t)(a->rs_s0 + ((d * (int32_t)a->rs_frac) >> 16));
        a->rs_frac += a->rs_step;
    }
    return i;
}

/* Discards speech that an interrupt made stale; see the file comment. */
static void flush_stale(struct audio *a, uint32_t gen)
{
    uint64_t w = ring_published_pos(a->speech);
    struct marker m;
    while (ring_peek(a->markers, &m, 1) == 1) {
        ring_skip(a->markers, 1);
        if (m.kind == MARK_END) {
            report_done(a, m.id);
            continue;
        }
        if (m.gen > a->flushed_gen)
            a->flushed_gen = m.gen;
        if (m.gen >= gen) {
            uint64_t r = ring_read_pos(a->speech);
            if (m.pos > r)
                ring_skip(a->speech, (size_t)(m.pos - r));
            return;
        }
    }
    /* No flush marker yet: everything written before we looked at the
     * markers is older than it, so all of it goes. */
    uint64_t r = ring_read_pos(a->speech);
    if (w > r)
        ring_skip(a->speech, (size_t)(w - r));
}

/* Reports the utterances whose last sample has been read; returns how
 * many ended. */
static int consume_markers(struct audio *a)
{
    uint64_t r = ring_read_pos(a->speech);
    struct marker m;
    int ended = 0;
    while (ring_peek(a->markers, &m, 1) == 1 && m.pos <= r) {
        ring_skip(a->markers, 1);
        if (m.kind == MARK_END) {
            report_done(a, m.id);
            ended++;
        } else if (m.gen > a->flushed_gen) {
            a->flushed_gen = m.gen;
        }
    }
    return ended;
}

static size_t render_chunk(struct audio *a, int16_t *out, size_t frames,
                           bool pad, bool *idle, long long t0,
                           long long play_ns)
{
    uint32_t gen = atomic_load_explicit(&a->gen, memory_order_acquire);
    if (gen != a->seen_gen) {
        a->seen_gen = gen;
        for (size_t i = 0; i < CUE_VOICES; i++)
            a->voices[i].len = 0;
        ring_skip(a->cues, ring_available(a->cues));
    }
    if (gen > a->flushed_gen) {
        flush_stale(a, gen);
        resampler_reset(a);
    }
    bool flushing = gen > a->flushed_gen;

    unsigned char c;
    while (ring_read(a->cues, &c, 1) == 1)
        start_cue(a, c);
    size_t cue_left = 0;
    for (size_t i = 0; i < CUE_VOICES; i++) {
        struct cue_voice *v = &a->voices[i];
        if (v->pos < v->len && v->len - v->pos > cue_left)
            cue_left = v->len - v->pos;
    }

    bool busy = atomic_load_explicit(&a->synth_busy, memory_order_acquire);
    uint64_t start = atomic_load_explicit(&a->utt_start, memory_order_relaxed);
    size_t avail = flushing ? 0 : ring_available(a->speech);
    if (a->rs_step != 65536)      /* in output frames, roughly */
        avail = (size_t)((uint64_t)avail * 65536 / a->rs_step);
    size_t n = frames;
    if (!pad) {
        /* No clock: render only what is ready.  While an utterance is still
         * being synthesised, cues go no further than its speech, so the
         * file never gets a gap the listener would not have heard. */
        size_t ready = avail;
        if (!busy && cue_left > ready)
            ready = cue_left;
        if (ready < n)
            n = ready;
    }
    memset(a->acc, 0, n * sizeof a->acc[0]);
    size_t got = flushing ? 0 : read_speech(a, a->tmp, pad ? n :
                                            avail < n ? avail : n);
    mix_add(a->acc, a->tmp, got);
    if (pad && got < n && busy && !flushing &&
        ring_read_pos(a->speech) > start) {
        atomic_fetch_add_explicit(&a->st_underflows, 1, memory_order_relaxed);
        a->starved = true;
    }
    for (size_t i = 0; i < CUE_VOICES; i++) {
        struct cue_voice *v = &a->voices[i];
        if (v->pos >= v->len)
            continue;
        size_t k = v->len - v->pos < n ? v->len - v->pos : n;
        mix_add(a->acc, v->buf + v->pos, k);
        v->pos += k;
    }
    mix_finish(out, a->acc, n,
               atomic_load_explicit(&a->volume, memory_order_relaxed));
    tap_write(a->tap, out, n, a->out.rate, play_ns);
    int ended = consume_markers(a);

    /* The first sound of each utterance is stamped with the time this
     * buffer was asked for (the latency figure of the benchmark). */
    if (got == 0) {
        a->in_speech = false;
    } else if (!a->in_speech && mix_has_sound(a->tmp, got)) {
        a->in_speech = true;
        atomic_store_explicit(&a->st_first_sound_ns, t0, memory_order_release);
    }
    if (ended)
        a->in_speech = false;
    bool cues_on = cue_left > n;
    atomic_store_explicit(&a->cue_active, cues_on, memory_order_relaxed);
    *idle = !busy && !cues_on && ring_available(a->speech) == 0 &&
            ring_available(a->markers) == 0 && ring_available(a->cues) == 0;
    if (*idle)
        atomic_fetch_add_explicit(&a->idle_frames, n, memory_order_relaxed);
    else
        atomic_store_explicit(&a->idle_frames, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&a->st_frames, n, memory_order_relaxed);
    return n;
}

size_t audio_render(struct audio *a, int16_t *out, size_t frames, bool pad,
                    bool *idle, long long play_ns)
{
    long long t0 = audio_now_ns();
    size_t done = 0;
    bool id = true;
    a->starved = false;
    while (done < frames) {
        size_t want = frames - done < CHUNK ? frames - done : CHUNK;
        long long at = play_ns + (long long)((double)done * 1e9 /
                                             a->out.rate);
        size_t n = render_chunk(a, out + done, want, pad, &id, t0, at);
        done += n;
        if (n < want)
            break;
    }
    if (idle)
        *idle = id;
    return done;
}

bool audio_render_starved(struct audio *a)
{
    return a->starved;
}

bool audio_reference_wanted(struct audio *a)
{
    return tap_enabled(a->tap);
}

uint64_t audio_idle_frames(struct audio *a)
{
    return atomic_load_explicit(&a->idle_frames, memory_order_relaxed);
}

void audio_note_underflow(struct audio *a)
{
    atomic_fetch_add_explicit(&a->st_underflows, 1, memory_order_relaxed);
    tap_mark_gap(a->tap);
}

void audio_note_late(struct audio *a, long long late_ns, bool paced,
                     bool real)
{
    if (paced)
        atomic_fetch_add_explicit(&a->st_late, 1, memory_order_relaxed);
    if (real)
        atomic_fetch_add_explicit(&a->st_late_real, 1, memory_order_relaxed);
    /* Only the output's clock thread writes it. */
    if (late_ns > atomic_load_explicit(&a->st_worst_late_ns,
                                       memory_order_relaxed))
        atomic_store_explicit(&a->st_worst_late_ns, late_ns,
                              memory_order_relaxed);
}

/* ---- synthesis thread ------------------------------------------------ */

static void kick_output(struct audio *a)
{
    if (a->out.be && a->out.be->kick)
        a->out.be->kick(&a->out);
}

static int open_output(struct audio *a, const struct audio_backend *be,
                       char **err)
{
    a->out.be = be;
    a->out.a = a;
    a->out.priv = NULL;
    int r = be->open(&a->out, err);
    if (r < 0) {
        a->out.be = NULL;
        return r;
    }
    atomic_store(&a->has_device, be->is_device);
    atomic_store(&a->out_name, be->name);
    return 0;
}

/* The device failed: say so once, carry on with a silent output paced in
 * real time so done events keep their timing. */
static void replace_output(struct audio *a, const char *why)
{
    log_once("audio-device-lost", LOG_WARN, "audio",
             "the audio device stopped working (%s); carrying on without "
             "sound", why);
    a->out.be->close(&a->out);
    a->out.fault = NULL;
    a->out.realtime = true;
    char *err = NULL;
    if (open_output(a, &audio_out_null, &err) < 0) {
        /* The null output cannot fail without a fault to simulate. */
        log_msg(LOG_ERROR, "audio", "%s", err ? err : "null output failed");
        free(err);
        abort();
    }
    atomic_store(&a->has_device, false);
}

/* Runs on the synthesis thread only, which is what lets it replace the
 * output: nobody else touches a->out.be or its priv after audio_open. */
static void supervise(struct audio *a)
{
    const char *why = NULL;
    if (atomic_exchange(&a->want_start, false)) {
        if (a->out.be->start && a->out.be->start(&a->out) < 0) {
            replace_output(a, "it would not start");
            return;
        }
        kick_output(a);
    }
    long long now = audio_now_ns();
    if (now < a->next_check_ns)
        return;
    a->next_check_ns = now + CHECK_PERIOD_NS;
    if (a->out.be->check && a->out.be->check(&a->out, &why) < 0)
        replace_output(a, why ? why : "unknown failure");
}

static void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Pushes a marker, waiting for room while the output drains; gives up
 * after ~2 s (an output that is not consuming at all). */
static void push_marker(struct audio *a, struct marker m)
{
    for (int tries = 0; ring_write(a->markers, &m, 1) != 1; tries++) {
        if (tries > 1000) {
            log_msg(LOG_ERROR, "audio", "marker queue stuck; event lost");
            return;
        }
        supervise(a);
        nap_ms(2);
    }
    kick_output(a);
}

static int synth_sink(const int16_t *s, size_t n, void *user)
{
    struct audio *a = user;
    if (atomic_load(&a->gen) != a->job_gen)
        return 1;
    if (a->job_leading) {
        /* eSpeak NG opens some words (h, th, f) with up to ~30 ms of
         * digital silence: drop it, so the word starts when asked for. */
        while (n > 0 && *s == 0) {
            s++;
            n--;
        }
        if (n == 0)
            return 0;
        a->job_leading = false;
    }
    if (a->spill_len == 0) {
        size_t w = ring_write(a->speech, s, n);
        s += w;
        n -= w;
        if (w)
            kick_output(a);
    }
    if (n) {
        /* Ring full: keep synthesising into memory (this thread only) so
         * the eSpeak lock is not held while playback catches up. */
        a->spill = xgrow(a->spill, &a->spill_cap, a->spill_len + n,
                         sizeof *a->spill);
        memcpy(a->spill + a->spill_len, s, n * sizeof *s);
        a->spill_len += n;
        atomic_store(&a->want_start, true);
    }
    return 0;
}

static void do_say(struct audio *a, struct request *rq)
{
    atomic_store_explicit(&a->utt_start, ring_write_pos(a->speech),
                          memory_order_relaxed);
    atomic_store_explicit(&a->synth_busy, true, memory_order_release);
    a->job_leading = true;
    int r = speech_synth(rq->text, rq->voice, rq->rate_wpm, synth_sink, a);
    if (r < 0)
        log_msg(LOG_ERROR, "audio", "could not speak \"%.40s\": %s",
                rq->text, audio_strerror(r));
    size_t pos = 0;
    while (pos < a->spill_len && atomic_load(&a->gen) == a->job_gen) {
        size_t w = ring_write(a->speech, a->spill + pos, a->spill_len - pos);
        pos += w;
        if (w)
            kick_output(a);
        if (pos < a->spill_len) {
            supervise(a);
            nap_ms(5);
        }
    }
    a->spill_len = 0;
    /* Every sample is in the ring: from here an empty ring is the end of
     * the utterance, not an underflow, even before its marker lands. */
    atomic_store_explicit(&a->synth_busy, false, memory_order_release);
    push_marker(a, (struct marker){ .pos = ring_write_pos(a->speech),
                                    .id = rq->id, .kind = MARK_END });
    atomic_store(&a->want_start, true);
}

static void *synth_main(void *arg)
{
    struct audio *a = arg;
    pthread_mutex_lock(&a->mtx);
    while (!a->quit) {
        uint32_t gen = atomic_load(&a->gen);
        if (gen != a->acked_gen) {
            /* Every dropped request becomes an empty utterance before the
             * flush point, so it still reports done, in order. */
            while (a->head) {
                struct request *rq = a->head;
                a->head = rq->next;
                a->queued--;
                push_marker(a, (struct marker){
                    .pos = ring_write_pos(a->speech), .id = rq->id,
                    .kind = MARK_END });
                free(rq);
            }
            a->tail = NULL;
            push_marker(a, (struct marker){ .pos = ring_write_pos(a->speech),
                                            .gen = gen, .kind = MARK_FLUSH });
            a->acked_gen = gen;
            atomic_store(&a->want_start, true);
        }
        if (a->head) {
            struct request *rq = a->head;
            a->head = rq->next;
            if (!a->head)
                a->tail = NULL;
            a->queued--;
            a->working = true;
            a->job_gen = gen;
            pthread_mutex_unlock(&a->mtx);
            do_say(a, rq);
            free(rq);
            supervise(a);
            pthread_mutex_lock(&a->mtx);
            a->working = false;
            pthread_cond_broadcast(&a->cond);
            continue;
        }
        pthread_mutex_unlock(&a->mtx);
        supervise(a);
        pthread_mutex_lock(&a->mtx);
        if (a->quit || a->head || atomic_load(&a->gen) != a->acked_gen ||
            atomic_load(&a->want_start))
            continue;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 50000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&a->cond, &a->mtx, &ts);
    }
    pthread_mutex_unlock(&a->mtx);
    return NULL;
}

/* ---- control side ---------------------------------------------------- */

/* Cues are made at the output rate and speech is resampled to it.  Called
 * before the output renders (PortAudio renders only once started by the
 * synthesis thread, so its rate may still change during its open). */
static void setup_rate(struct audio *a)
{
    a->rs_step = (uint32_t)(((uint64_t)a->rate << 16) /
                            (uint64_t)a->out.rate);
    resampler_reset(a);
    for (int c = 0; c < 3; c++) {
        free(a->cue_buf[c]);
        a->cue_len[c] = cue_length((enum audio_cue)c, a->out.rate);
        a->cue_buf[c] = xmalloc(a->cue_len[c] * sizeof(int16_t));
        cue_render((enum audio_cue)c, a->out.rate, a->cue_buf[c]);
    }
    a->cue_rate = a->out.rate;
}

static const struct audio_backend *find_backend(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(backends); i++)
        if (!strcmp(backends[i]->name, name))
            return backends[i];
    return NULL;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

struct audio *audio_open(const struct audio_options *o, char **err)
{
    const char *msg = NULL;
    *err = NULL;
    if (!o) {
        *err = xstrdup("no audio options");
        return NULL;
    }
    const char *bname = o->backend && *o->backend ? o->backend : "portaudio";
    const struct audio_backend *be = find_backend(bname);
    if (!be) {
        *err = xasprintf("unknown audio output '%s' (use portaudio, wav or "
                         "null)", bname);
        return NULL;
    }
    int rate_wpm = o->rate_wpm ? o->rate_wpm : DEFAULT_RATE_WPM;
    if (rate_wpm < 80 || rate_wpm > 450) {
        *err = xasprintf("speech rate %d is out of range (80 to 450 words "
                         "per minute)", o->rate_wpm);
        return NULL;
    }
    if (o->volume < 0 || o->volume > 100) {
        *err = xasprintf("volume %d is out of range (0 to 100)", o->volume);
        return NULL;
    }
    int frames = o->buffer_frames ? o->buffer_frames : DEFAULT_BUFFER_FRAMES;
    if (o->sample_rate && (o->sample_rate < 8000 || o->sample_rate > 192000)) {
        *err = xasprintf("sample rate %d is out of range (8000 to 192000)",
                         o->sample_rate);
        return NULL;
    }
    if (frames < 32 || frames > 8192) {
        *err = xasprintf("buffer of %d frames is out of range (32 to 8192)",
                         frames);
        return NULL;
    }
    if (be == &audio_out_wav && (!o->wav_path || !*o->wav_path)) {
        *err = xstrdup("the wav output needs a file name");
        return NULL;
    }
    int rate = speech_init(&msg);
    if (rate <= 0) {
        *err = xstrdup(msg);
        return NULL;
    }
    const char *voice = o->voice && *o->voice ? o->voice : "en";
    if (strlen(voice) >= sizeof ((struct audio *)0)->voice ||
        speech_check_voice(voice) < 0) {
        *err = xasprintf("eSpeak NG has no voice '%s' (try en, en-us, de, "
                         "fr or es; espeak-ng --voices lists them)", voice);
        return NULL;
    }

    struct audio *a = xcalloc(1, sizeof *a);
    a->efd = -1;
    a->backend = xstrdup(be->name);
    a->device = dup_or_null(o->device);
    a->wav_path = dup_or_null(o->wav_path);
    a->fault = dup_or_null(o->fault);
    a->rate = rate;
    a->rate_wpm = rate_wpm;
    strcpy(a->voice, voice);
    pthread_mutex_init(&a->mtx, NULL);
    pthread_mutex_init(&a->done_mtx, NULL);
    /* Timed waits on the monotonic clock: a wall-clock jump (NTP on a Pi
     * that booted without network) must not stall the thread. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->cond, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&a->volume, o->volume);
    a->speech = ring_create(SPEECH_RING_FRAMES, sizeof(int16_t));
    a->markers = ring_create(MARKER_RING, sizeof(struct marker));
    a->done = ring_create(DONE_RING, sizeof(uint32_t));
    a->cues = ring_create(CUE_RING, 1);
    a->tap = tap_open();
    a->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (a->efd < 0) {
        *err = xasprintf("eventfd: %s", strerror(errno));
        audio_close(a);
        return NULL;
    }

    a->out.rate = o->sample_rate > 0 ? o->sample_rate : rate;
    a->out.rate_fixed = o->sample_rate > 0;
    a->out.buffer_frames = frames;
    a->out.device = a->device;
    a->out.wav_path = a->wav_path;
    a->out.realtime = be == &audio_out_wav ? o->wav_realtime : true;
    a->out.pace = o->pace > 0 ? o->pace : 1.0;
    a->out.fault = a->fault;
    setup_rate(a);
    char *oerr = NULL;
    if (open_output(a, be, &oerr) < 0) {
        if (be == &audio_out_wav) {
            *err = oerr;
            audio_close(a);
            return NULL;
        }
        log_once("audio-no-device", LOG_WARN, "audio",
                 "no audio device (%s); carrying on without sound",
                 oerr ? oerr : "unknown error");
        free(oerr);
        a->out.fault = NULL;
        a->out.realtime = true;
        if (open_output(a, &audio_out_null, err) < 0) {
            audio_close(a);
            return NULL;
        }
        atomic_store(&a->has_device, false);
    }
    if (a->out.rate != a->cue_rate)
        setup_rate(a);      /* PortAudio picked the device's own rate */
    if (pthread_create(&a->thread, NULL, synth_main, a) != 0) {
        *err = xstrdup("could not start the speech thread");
        audio_close(a);
        return NULL;
    }
    a->thread_started = true;
    return a;
}

void audio_close(struct audio *a)
{
    if (!a)
        return;
    if (a->thread_started) {
        pthread_mutex_lock(&a->mtx);
        a->quit = true;
        atomic_fetch_add(&a->gen, 1);   /* cut a long synthesis short */
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->mtx);
        pthread_join(a->thread, NULL);
    }
    if (a->out.be)
        a->out.be->close(&a->out);
    while (a->head) {
        struct request *rq = a->head;
        a->head = rq->next;
        free(rq);
    }
    ring_destroy(a->speech);
    ring_destroy(a->markers);
    ring_destroy(a->done);
    ring_destroy(a->cues);
    tap_close(a->tap);
    for (int c = 0; c < 3; c++)
        free(a->cue_buf[c]);
    if (a->efd >= 0)
        close(a->efd);
    free(a->spill);
    pthread_mutex_destroy(&a->mtx);
    pthread_mutex_destroy(&a->done_mtx);
    pthread_cond_destroy(&a->cond);
    free(a->backend);
    free(a->device);
    free(a->wav_path);
    free(a->fault);
    free(a);
}

int audio_say(struct audio *a, const char *text, uint32_t id)
{
    if (!a || !text)
        return AUDIO_ERR_ARG;
    size_t len = strlen(text);
    struct request *rq = xmalloc(sizeof *rq + len + 1);
    rq->next = NULL;
    rq->id = id;
    memcpy(rq->text, text, len + 1);
    pthread_mutex_lock(&a->mtx);
    if (a->queued >= MAX_QUEUED) {
        pthread_mutex_unlock(&a->mtx);
        free(rq);
        return AUDIO_ERR_QUEUE;
    }
    rq->rate_wpm = a->rate_wpm;
    strcpy(rq->voice, a->voice);
    if (a->tail)
        a->tail->next = rq;
    else
        a->head = rq;
    a->tail = rq;
    a->queued++;
    a->said++;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->mtx);
    return 0;
}

int audio_set_voice(struct audio *a, const char *voice)
{
    if (!a || !voice || !*voice)
        return AUDIO_ERR_ARG;
    if (strlen(voice) >= sizeof a->voice || speech_check_voice(voice) < 0)
        return AUDIO_ERR_VOICE;
    pthread_mutex_lock(&a->mtx);
    strcpy(a->voice, voice);
    pthread_mutex_unlock(&a->mtx);
    return 0;
}

int audio_set_rate(struct audio *a, int rate_wpm)
{
    if (!a || rate_wpm < 80 || rate_wpm > 450)
        return AUDIO_ERR_ARG;
    pthread_mutex_lock(&a->mtx);
    a->rate_wpm = rate_wpm;
    pthread_mutex_unlock(&a->mtx);
    return 0;
}

int audio_set_volume(struct audio *a, int volume)
{
    if (!a || volume < 0 || volume > 100)
        return AUDIO_ERR_ARG;
    atomic_store(&a->volume, volume);
    return 0;
}

int audio_cue(struct audio *a, enum audio_cue cue)
{
    if (!a || (unsigned)cue > AUDIO_CUE_TICK)
        return AUDIO_ERR_ARG;
    unsigned char c = (unsigned char)cue;
    pthread_mutex_lock(&a->mtx);
    size_t w = ring_write(a->cues, &c, 1);
    atomic_store(&a->want_start, true);
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->mtx);
    return w == 1 ? 0 : AUDIO_ERR_QUEUE;
}

void audio_interrupt(struct audio *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->mtx);
    atomic_fetch_add(&a->gen, 1);
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->mtx);
}

bool audio_poll_done(struct audio *a, uint32_t *id)
{
    if (!a)
        return false;
    uint32_t v;
    pthread_mutex_lock(&a->done_mtx);
    bool got = ring_read(a->done, &v, 1) == 1;
    if (ring_available(a->done) == 0) {
        /* Reset the eventfd, then look again: an id pushed in between has
         * its own write still to come, or is seen here and re-armed. */
        uint64_t cnt;
        ssize_t r = read(a->efd, &cnt, sizeof cnt);
        (void)r;
        if (ring_available(a->done) > 0) {
            uint64_t one = 1;
            r = write(a->efd, &one, sizeof one);
            (void)r;
        }
    }
    pthread_mutex_unlock(&a->done_mtx);
    if (got && id)
        *id = v;
    return got;
}

int audio_event_fd(struct audio *a)
{
    return a ? a->efd : -1;
}

bool audio_is_speaking(struct audio *a)
{
    if (!a)
        return false;
    pthread_mutex_lock(&a->mtx);
    bool r = a->said > atomic_load(&a->done_count);
    pthread_mutex_unlock(&a->mtx);
    return r;
}

bool audio_has_device(const struct audio *a)
{
    return a && atomic_load(&((struct audio *)a)->has_device);
}

struct count_ctx {
    size_t n;
};

static int count_sink(const int16_t *s, size_t n, void *user)
{
    (void)s;
    ((struct count_ctx *)user)->n += n;
    return 0;
}

long audio_speech_ms(const char *text, const char *voice, int rate_wpm)
{
    if (!text)
        return AUDIO_ERR_ARG;
    if (!rate_wpm)
        rate_wpm = DEFAULT_RATE_WPM;
    if (rate_wpm < 80 || rate_wpm > 450)
        return AUDIO_ERR_ARG;
    int rate = speech_init(NULL);
    if (rate <= 0)
        return AUDIO_ERR_SYNTH;
    struct count_ctx c = { 0 };
    int r = speech_synth(text, voice && *voice ? voice : "en", rate_wpm,
                         count_sink, &c);
    if (r < 0)
        return r;
    return (long)((c.n * 1000 + (size_t)rate / 2) / (size_t)rate);
}

void audio_get_stats(const struct audio *ca, struct audio_stats *st)
{
    struct audio *a = (struct audio *)ca;
    memset(st, 0, sizeof *st);
    st->frames = atomic_load(&a->st_frames);
    st->underflows = atomic_load(&a->st_underflows);
    st->late_buffers = atomic_load(&a->st_late);
    st->late_realtime_buffers = atomic_load(&a->st_late_real);
    st->utterances_done = atomic_load(&a->done_count);
    st->first_sound_ns = atomic_load(&a->st_first_sound_ns);
    st->worst_late_ns = atomic_load(&a->st_worst_late_ns);
    st->sample_rate = a->out.rate;
    st->buffer_frames = a->out.buffer_frames;
    st->backend = atomic_load(&a->out_name);
    if (!st->backend)
        st->backend = "none";
}

static bool synth_idle(struct audio *a)
{
    pthread_mutex_lock(&a->mtx);
    bool idle = !a->head && !a->working &&
                atomic_load(&a->gen) == a->acked_gen;
    pthread_mutex_unlock(&a->mtx);
    return idle;
}

int audio_wait_idle(struct audio *a, long timeout_ms)
{
    long long end = audio_now_ns() + (long long)timeout_ms * 1000000LL;
    bool clockless = a->out.be == &audio_out_capture;
    for (;;) {
        if (synth_idle(a) &&
            (clockless || (ring_available(a->speech) == 0 &&
                           ring_available(a->markers) == 0 &&
                           ring_available(a->cues) == 0 &&
                           !atomic_load(&a->cue_active))))
            return 0;
        if (audio_now_ns() > end)
            return -1;
        nap_ms(1);
    }
}

long audio_capture_pump(struct audio *a, size_t frames, bool pad)
{
    return audio_capture_pump_at(a, frames, pad, audio_now_ns() / 1000000);
}

long audio_capture_pump_at(struct audio *a, size_t frames, bool pad,
                           long long play_ms)
{
    if (!a || a->out.be != &audio_out_capture)
        return -1;
    return audio_out_capture_pump(&a->out, frames, pad, play_ms * 1000000);
}

/* ---- the reference for the listener's echo canceller ----------------- */

bool audio_reference_available(const struct audio *a)
{
    /* A speaker a person hears, or the capture output (the caller is the
     * device: tests).  A null or WAV output echoes into no room. */
    return a && (audio_has_device(a) || a->out.be == &audio_out_capture);
}

int audio_reference_enable(struct audio *a, bool on)
{
    if (!a)
        return AUDIO_ERR_ARG;
    tap_enable(a->tap, on);
    return 0;
}

int audio_reference(void *audio, int16_t *buf, size_t n, long long at16)
{
    struct audio *a = audio;
    if (!a || !tap_enabled(a->tap)) {
        memset(buf, 0, n * sizeof *buf);
        return 0;
    }
    int r = tap_read(a->tap, buf, n, at16);
    return ((r & TAP_MOVED) ? LISTEN_REF_MOVED : 0) |
           ((r & TAP_NOT_YET) ? LISTEN_REF_NOT_YET : 0);
}

void audio_reference_stats(const struct audio *a, uint64_t *blocks,
                           uint64_t *dropped, uint64_t *anchors,
                           uint64_t *slews)
{
    struct tap_stats st = { 0 };
    if (a)
        tap_get_stats(a->tap, &st);
    *blocks = st.blocks;
    *dropped = st.dropped;
    *anchors = st.anchors;
    *slews = st.slews;
}

const int16_t *audio_capture_samples(struct audio *a, size_t *count)
{
    *count = 0;
    if (!a || a->out.be != &audio_out_capture)
        return NULL;
    return audio_out_capture_data(&a->out, count);
}
