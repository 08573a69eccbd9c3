/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The microphone input through PortAudio; see listen_input.h.
 * The callback copies samples into a lock-free ring and signals an
 * eventfd; everything else happens on the listener's thread.
 *
 * Two checks keep a bad device from costing a core or silently ending
 * voice answers, each said once in the log:
 *  - no clock: a device that delivers audio far faster than real time
 *    (ALSA's null and file plugins, some USB or Bluetooth stacks after a
 *    stall) would flood the listener (115-195% CPU measured).  As on the
 *    output side (out_portaudio.c), more than 4x real time after 16
 *    blocks marks it clockless; the callback stops the stream.
 *  - a stall: no block for CAPTURE_STALL_MS while the stream should run
 *    (or the stream stopped by itself).
 * Either ends the input (read returns -1): the listener reports its end,
 * the screen's listening indicator goes off, keys and touch go on.  The
 * callback then never signals the eventfd again, so nothing is left
 * readable that nobody drains. */
#include "audio/listen_input.h"

#include <portaudio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "audio/internal.h"
#include "audio/listen.h"
#include "audio/listen_vad.h"
#include "audio/ring.h"
#include "util/log.h"
#include "util/util.h"

#define CAPTURE_BLOCK 512           /* frames per callback: 32 ms */
#define CAPTURE_STALL_MS 3000

struct pa_in {
    PaStream *stream;
    struct ring *ring;
    int efd;
    bool pa_up;
    char name[96];
    /* Written by the callback, read by the listener's thread. */
    _Atomic long long first_ms, last_ms;   /* callback times, 0 none */
    _Atomic unsigned long long frames;
    /* When the stream's sample 0 was captured (monotonic ns), as the
     * latest callback places it: its own time less every frame so far.
     * A callback is never early, so this is never too early. */
    _Atomic long long zero_ns;
    _Atomic unsigned long long dropped;     /* frames a full ring lost */
    unsigned long long read_frames;         /* listener thread */
    _Atomic bool clockless, dead;
    long long started_ms;           /* listener thread: stream start */
    bool ended;                     /* listener thread: said and over */
};

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long mono_ms(void)
{
    return mono_ns() / 1000000;
}

static int in_callback(const void *input, void *output, unsigned long frames,
                       const PaStreamCallbackTimeInfo *ti,
                       PaStreamCallbackFlags flags, void *user)
{
    (void)output;
    (void)ti;
    (void)flags;
    struct pa_in *p = user;
    if (atomic_load_explicit(&p->dead, memory_order_relaxed))
        return paComplete;
    long long now_ns = mono_ns(), now = now_ns / 1000000;
    long long first = atomic_load_explicit(&p->first_ms,
                                           memory_order_relaxed);
    if (!first)
        atomic_store_explicit(&p->first_ms, first = now,
                              memory_order_relaxed);
    atomic_store_explicit(&p->last_ms, now, memory_order_relaxed);
    unsigned long long total =
        atomic_fetch_add_explicit(&p->frames, frames, memory_order_relaxed)
        + frames;
    atomic_store_explicit(&p->zero_ns, now_ns - (long long)(total *
                          (1000000000ull / LISTEN_RATE)),
                          memory_order_relaxed);
    /* More than 4x real time after 16 blocks: no clock behind us. */
    if (total >= 16ull * CAPTURE_BLOCK
        && (unsigned long long)(now - first) * 4 * LISTEN_RATE
               < total * 1000ull) {
        atomic_store_explicit(&p->clockless, true, memory_order_relaxed);
        atomic_store_explicit(&p->dead, true, memory_order_relaxed);
        uint64_t one = 1;   /* wake the reader once, to say so */
        ssize_t w = write(p->efd, &one, sizeof one);
        (void)w;
        return paComplete;
    }
    if (input) {
        /* A full ring drops the newest audio: the reader is stuck and
         * stale audio is worth nothing anyway. */
        size_t put = ring_write(p->ring, input, frames);
        if (put < frames)
            atomic_fetch_add_explicit(&p->dropped, frames - put,
                                      memory_order_relaxed);
        uint64_t one = 1;
        ssize_t w = write(p->efd, &one, sizeof one);
        (void)w;    /* a full eventfd counter is still readable */
    }
    return paContinue;
}

static PaDeviceIndex pick_input(const char *want, char **err)
{
    PaDeviceIndex count = Pa_GetDeviceCount();
    if (!want || !*want) {
        PaDeviceIndex d = Pa_GetDefaultInputDevice();
        if (d == paNoDevice)
            *err = xstrdup("no microphone (no default input device)");
        return d;
    }
    char *end;
    long i = strtol(want, &end, 10);
    if (*end == '\0') {
        const PaDeviceInfo *di = i >= 0 && i < count ?
                                 Pa_GetDeviceInfo((PaDeviceIndex)i) : NULL;
        if (di && di->maxInputChannels > 0)
            return (PaDeviceIndex)i;
        *err = xasprintf("no input device number %s (unknot devices lists "
                         "them)", want);
        return paNoDevice;
    }
    for (PaDeviceIndex d = 0; d < count; d++) {
        const PaDeviceInfo *di = Pa_GetDeviceInfo(d);
        if (di && di->maxInputChannels > 0 && strstr(di->name, want))
            return d;
    }
    *err = xasprintf("no input device named '%s' (unknot devices lists "
                     "them)", want);
    return paNoDevice;
}

static void pa_close(struct listen_input *in)
{
    struct pa_in *p = in->priv;
    if (!p)
        return;
    if (p->stream) {
        Pa_StopStream(p->stream);
        Pa_CloseStream(p->stream);
    }
    if (p->pa_up)
        audio_pa_term();
    ring_destroy(p->ring);
    if (p->efd >= 0)
        close(p->efd);
    free(p);
    in->priv = NULL;
}

static int pa_open(struct listen_input *in, char **err)
{
    struct pa_in *p = xcalloc(1, sizeof *p);
    in->priv = p;
    p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    p->ring = ring_create(LISTEN_RATE * 4, sizeof(int16_t));
    if (p->efd < 0) {
        *err = xstrdup("cannot create an eventfd");
        pa_close(in);
        return LISTEN_ERR_DEVICE;
    }
    if (audio_pa_init(err) < 0) {
        pa_close(in);
        return LISTEN_ERR_DEVICE;
    }
    p->pa_up = true;
    PaDeviceIndex dev = pick_input(in->device, err);
    if (dev == paNoDevice) {
        pa_close(in);
        return LISTEN_ERR_DEVICE;
    }
    const PaDeviceInfo *di = Pa_GetDeviceInfo(dev);
    PaStreamParameters ip = {
        .device = dev,
        .channelCount = 1,
        .sampleFormat = paInt16,
        .suggestedLatency = di ? di->defaultLowInputLatency : 0.05,
    };
    /* 512 frames = 32 ms per callback: the listener's time stamps are
     * never more than one block off. */
    snprintf(p->name, sizeof p->name, "%s", di ? di->name : "?");
    PaError e = Pa_OpenStream(&p->stream, &ip, NULL, LISTEN_RATE,
                              CAPTURE_BLOCK,
                              paClipOff, in_callback, p);
    if (e == paNoError)
        e = Pa_StartStream(p->stream);
    if (e != paNoError) {
        *err = xasprintf("microphone '%s': %s", di ? di->name : "?",
                         Pa_GetErrorText(e));
        if (p->stream)
            Pa_CloseStream(p->stream);
        p->stream = NULL;
        pa_close(in);
        return LISTEN_ERR_DEVICE;
    }
    p->started_ms = mono_ms();
    return 0;
}

/* The health check: -1 (said once) when the input must end. */
static int pa_health(struct pa_in *p)
{
    if (atomic_load(&p->clockless)) {
        log_msg(LOG_WARN, "listen", "the microphone '%s' has no clock (it "
                "delivers sound far faster than real time, as ALSA's null "
                "and file devices do); voice input off, keys and touch "
                "still work", p->name);
        return -1;
    }
    long long now = mono_ms(), last = atomic_load(&p->last_ms);
    long long since = last ? now - last : now - p->started_ms;
    bool stopped = p->stream && Pa_IsStreamActive(p->stream) != 1;
    if (since > CAPTURE_STALL_MS || stopped) {
        atomic_store(&p->dead, true);
        log_msg(LOG_WARN, "listen", "the microphone '%s' %s; voice input "
                "off, keys and touch still work", p->name,
                stopped ? "stopped" : "sends no sound any more (stalled)");
        return -1;
    }
    return 0;
}

static long pa_read(struct listen_input *in, int16_t *buf, size_t max,
                    long long now_ms, long long *t0_ms)
{
    struct pa_in *p = in->priv;
    uint64_t drain;
    ssize_t r = read(p->efd, &drain, sizeof drain);
    (void)r;
    (void)now_ms;
    if (p->ended)
        return -1;
    if (pa_health(p) != 0) {
        p->ended = true;
        atomic_store(&p->dead, true);
        return -1;
    }
    size_t avail = ring_available(p->ring);
    size_t k = ring_read(p->ring, buf, max);
    /* Stamped by the callbacks' clock and the frame count (lost frames
     * counted as if read just before), not by when this read happens:
     * the listener's stream clock (listen_clock.h) smooths the rest. */
    long long zero = atomic_load_explicit(&p->zero_ns, memory_order_relaxed);
    unsigned long long at = p->read_frames +
        atomic_load_explicit(&p->dropped, memory_order_relaxed);
    *t0_ms = zero ? (zero + (long long)(at * (1000000000ull / LISTEN_RATE)))
                    / 1000000
                  : now_ms - (long long)(avail / (LISTEN_RATE / 1000));
    p->read_frames += k;
    if (k < avail) {
        uint64_t one = 1;   /* more to read: stay readable */
        ssize_t w = write(p->efd, &one, sizeof one);
        (void)w;
    }
    return (long)k;
}

static int pa_fd(const struct listen_input *in)
{
    const struct pa_in *p = in->priv;
    return p->efd;
}

const struct listen_input_backend listen_in_portaudio = {
    .name = "portaudio",
    .open = pa_open,
    .close = pa_close,
    .read = pa_read,
    .event_fd = pa_fd,
};
