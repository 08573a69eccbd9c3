/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The microphone input through PortAudio; see listen_input.h.
 * The callback copies samples into a lock-free ring and signals an
 * eventfd; everything else happens on the listener's thread. */
#include "audio/listen_input.h"

#include <portaudio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "audio/internal.h"
#include "audio/listen.h"
#include "audio/listen_vad.h"
#include "audio/ring.h"
#include "util/util.h"

struct pa_in {
    PaStream *stream;
    struct ring *ring;
    int efd;
    bool pa_up;
};

static int in_callback(const void *input, void *output, unsigned long frames,
                       const PaStreamCallbackTimeInfo *ti,
                       PaStreamCallbackFlags flags, void *user)
{
    (void)output;
    (void)ti;
    (void)flags;
    struct pa_in *p = user;
    if (input) {
        /* A full ring drops the newest audio: the reader is stuck and
         * stale audio is worth nothing anyway. */
        ring_write(p->ring, input, frames);
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
    PaError e = Pa_OpenStream(&p->stream, &ip, NULL, LISTEN_RATE, 512,
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
    return 0;
}

static long pa_read(struct listen_input *in, int16_t *buf, size_t max,
                    long long now_ms, long long *t0_ms)
{
    struct pa_in *p = in->priv;
    uint64_t drain;
    ssize_t r = read(p->efd, &drain, sizeof drain);
    (void)r;
    size_t avail = ring_available(p->ring);
    size_t k = ring_read(p->ring, buf, max);
    /* The newest sample arrived at the last callback, at most one block
     * before now; everything read is stamped back from there. */
    *t0_ms = now_ms - (long long)(avail / (LISTEN_RATE / 1000));
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
