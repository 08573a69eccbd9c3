/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outputs without a sound card: "null" (discards, paced in real time
 * like a device, can simulate faults), "wav" (writes a WAV file, paced in
 * real time or as fast as the audio is ready) and "capture" (keeps every
 * sample in memory; the caller is its clock, for tests).
 *
 * null and wav have a pacing thread that calls audio_render() once per
 * buffer at absolute deadlines (clock_nanosleep TIMER_ABSTIME), so a slow
 * buffer does not push the later ones back; a buffer finished later than
 * its deadline plus one buffer period counts as late (a device would have
 * run dry).  The fast wav renders only what is ready (pad=false) and sleeps
 * on a semaphore, kicked when there is something new, when there is not. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/internal.h"
#include "util/log.h"
#include "util/util.h"

struct paced {
    pthread_t thread;
    bool thread_started;
    _Atomic bool stop;
    _Atomic bool lost;
    sem_t kick;
    FILE *f;
    uint64_t data_bytes;
    bool write_error;
    bool fast;
    long long lost_after_ns;        /* null fault: stream time, 0 = never */
    int16_t *buf;
    /* capture */
    int16_t *cap;
    size_t cap_len, cap_cap;
};

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_le16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* A 44-byte PCM WAV header: mono, 16-bit, `rate` Hz, `bytes` of data. */
static void wav_header(unsigned char h[44], int rate, uint32_t bytes)
{
    memcpy(h, "RIFF", 4);
    put_le32(h + 4, 36 + bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le32(h + 16, 16);
    put_le16(h + 20, 1);
    put_le16(h + 22, 1);
    put_le32(h + 24, (uint32_t)rate);
    put_le32(h + 28, (uint32_t)rate * 2);
    put_le16(h + 32, 2);
    put_le16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, bytes);
}

static void write_samples(struct paced *p, const int16_t *s, size_t n)
{
    if (!p->f || p->write_error || n == 0)
        return;
    unsigned char b[2 * 512];
    while (n) {
        size_t k = n < 512 ? n : 512;
        for (size_t i = 0; i < k; i++)
            put_le16(b + 2 * i, (uint16_t)s[i]);
        if (fwrite(b, 2, k, p->f) != k)
            p->write_error = true;
        p->data_bytes += 2 * k;
        s += k;
        n -= k;
    }
}

static void add_ns(struct timespec *ts, long long ns)
{
    long long t = ts->tv_nsec + ns;
    ts->tv_sec += t / 1000000000LL;
    ts->tv_nsec = t % 1000000000LL;
}

static void *pace_main(void *arg)
{
    struct audio_out *o = arg;
    struct paced *p = o->priv;
    if (!p->fast) {
        /* Like PortAudio's callback thread on ALSA: ask for real-time
         * scheduling, carry on without it when refused (most users). */
        struct sched_param sp = { .sched_priority = 10 };
        int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
        log_msg(LOG_DEBUG, "audio", "pacing thread real-time priority: %s",
                r ? strerror(r) : "yes");
    }
    size_t frames = (size_t)o->buffer_frames;
    long long real_period = (long long)(1e9 * (double)frames / o->rate);
    long long period = (long long)(real_period / o->pace);
    long long stream_ns = 0;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    bool idle;
    while (!atomic_load(&p->stop)) {
        if (p->fast) {
            size_t n = audio_render(o->a, p->buf, frames, false, &idle,
                                    audio_now_ns());
            write_samples(p, p->buf, n);
            if (n == 0) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                add_ns(&ts, 20000000LL);
                while (sem_timedwait(&p->kick, &ts) < 0 && errno == EINTR)
                    ;
            }
            continue;
        }
        if (atomic_load(&p->lost)) {
            /* A dead device: nothing more is rendered. */
            struct timespec ts = { 0, 10000000L };
            nanosleep(&ts, NULL);
            continue;
        }
        /* Played at its deadline: the clock this output stands for. */
        audio_render(o->a, p->buf, frames, true, &idle,
                     (long long)next.tv_sec * 1000000000LL + next.tv_nsec);
        write_samples(p, p->buf, frames);
        stream_ns += (long long)(1e9 * (double)frames / o->rate);
        if (p->lost_after_ns && stream_ns >= p->lost_after_ns)
            atomic_store(&p->lost, true);
        add_ns(&next, period);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long late = (now.tv_sec - next.tv_sec) * 1000000000LL +
                         (now.tv_nsec - next.tv_nsec);
        if (late > 0)
            audio_note_late(o->a, late, late > period, late > real_period);
        if (late > 8 * period)
            next = now;     /* far behind (suspended?): start afresh */
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL)
               == EINTR)
            ;
    }
    return NULL;
}

static int parse_fault(struct audio_out *o, struct paced *p, char **err)
{
    const char *f = o->fault;
    if (!f || !*f)
        return 0;
    if (!strcmp(f, "open")) {
        *err = xstrdup("simulated failure to open the device");
        return -1;
    }
    long ms;
    if (str_starts_with(f, "lost-after-ms=") &&
        str_to_int(f + strlen("lost-after-ms="), &ms) && ms > 0) {
        p->lost_after_ns = ms * 1000000LL;
        return 0;
    }
    *err = xasprintf("unknown simulated fault '%s' (use open or "
                     "lost-after-ms=N)", f);
    return -1;
}

static void paced_close(struct audio_out *o)
{
    struct paced *p = o->priv;
    if (!p)
        return;
    if (p->thread_started) {
        atomic_store(&p->stop, true);
        sem_post(&p->kick);
        pthread_join(p->thread, NULL);
    }
    if (p->f) {
        unsigned char h[44];
        uint32_t bytes = p->data_bytes > 0xffffffd0u ? 0xffffffd0u
                                                     : (uint32_t)p->data_bytes;
        wav_header(h, o->rate, bytes);
        if (fseek(p->f, 0, SEEK_SET) == 0)
            fwrite(h, 1, sizeof h, p->f);
        fclose(p->f);
    }
    sem_destroy(&p->kick);
    free(p->buf);
    free(p->cap);
    free(p);
    o->priv = NULL;
}

static int paced_open(struct audio_out *o, bool to_file, char **err)
{
    struct paced *p = xcalloc(1, sizeof *p);
    o->priv = p;
    sem_init(&p->kick, 0, 0);
    if (parse_fault(o, p, err) < 0) {
        paced_close(o);
        return AUDIO_ERR_DEVICE;
    }
    p->buf = xmalloc((size_t)o->buffer_frames * sizeof *p->buf);
    if (to_file) {
        p->fast = !o->realtime;
        p->f = fopen(o->wav_path, "wb");
        unsigned char h[44];
        wav_header(h, o->rate, 0);
        if (!p->f || fwrite(h, 1, sizeof h, p->f) != sizeof h) {
            *err = xasprintf("%s: cannot write: %s", o->wav_path,
                             strerror(errno));
            paced_close(o);
            return AUDIO_ERR_DEVICE;
        }
    }
    if (pthread_create(&p->thread, NULL, pace_main, o) != 0) {
        *err = xstrdup("could not start the output thread");
        paced_close(o);
        return AUDIO_ERR_DEVICE;
    }
    p->thread_started = true;
    return 0;
}

static int null_open(struct audio_out *o, char **err)
{
    return paced_open(o, false, err);
}

static int wav_open(struct audio_out *o, char **err)
{
    return paced_open(o, true, err);
}

static int paced_check(struct audio_out *o, const char **why)
{
    struct paced *p = o->priv;
    if (atomic_load(&p->lost)) {
        *why = "simulated device loss";
        return AUDIO_ERR_DEVICE;
    }
    if (p->write_error) {
        *why = "the WAV file could not be written";
        return AUDIO_ERR_DEVICE;
    }
    return 0;
}

static void paced_kick(struct audio_out *o)
{
    struct paced *p = o->priv;
    if (p && p->fast)
        sem_post(&p->kick);
}

const struct audio_backend audio_out_null = {
    .name = "null",
    .is_device = false,
    .open = null_open,
    .close = paced_close,
    .check = paced_check,
};

const struct audio_backend audio_out_wav = {
    .name = "wav",
    .is_device = false,
    .open = wav_open,
    .close = paced_close,
    .check = paced_check,
    .kick = paced_kick,
};

/* ---- capture: no thread, the caller pumps ---------------------------- */

static int capture_open(struct audio_out *o, char **err)
{
    (void)err;
    o->priv = xcalloc(1, sizeof(struct paced));
    return 0;
}

static void capture_close(struct audio_out *o)
{
    struct paced *p = o->priv;
    if (p)
        free(p->cap);
    free(p);
    o->priv = NULL;
}

long audio_out_capture_pump(struct audio_out *o, size_t frames, bool pad,
                            long long play_ns)
{
    struct paced *p = o->priv;
    p->cap = xgrow(p->cap, &p->cap_cap, p->cap_len + frames, sizeof *p->cap);
    bool idle;
    size_t n = audio_render(o->a, p->cap + p->cap_len, frames, pad, &idle,
                            play_ns);
    p->cap_len += n;
    return (long)n;
}

const int16_t *audio_out_capture_data(struct audio_out *o, size_t *n)
{
    struct paced *p = o->priv;
    *n = p->cap_len;
    return p->cap;
}

const struct audio_backend audio_out_capture = {
    .name = "capture",
    .is_device = false,
    .open = capture_open,
    .close = capture_close,
};
