/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PortAudio output: a callback stream, started when there is something
 * to play and stopped by its own callback after two seconds (of stream
 * time) of silence.  Stopping when idle saves the Pi's CPU, and it is what
 * makes the clockless ALSA null and file sinks usable: they run as fast as
 * the CPU allows, and would otherwise write hundreds of megabytes of
 * silence (platform notes).  The stream is started once an utterance is
 * fully synthesised (or the ring is full).  When the callback finds it is
 * being called far faster than real time (such a sink), it also stops as
 * soon as it is idle or runs out of speech mid-sentence, and the
 * synthesis thread starts it again when the rest is ready: a file sink
 * then gets the speech without gaps or runaway silence.
 *
 * ALSA and JACK print their device probing to stderr; their error hooks are
 * pointed at the log (debug level) before Pa_Initialize.  libjack is
 * reached through dlsym because PortAudio already loads it: no JACK
 * headers or link flags needed, and nothing happens without it. */
#define _GNU_SOURCE     /* RTLD_DEFAULT */
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <alsa/asoundlib.h>
#include <portaudio.h>

#include "audio/internal.h"
#include "util/log.h"
#include "util/util.h"

#define IDLE_STOP_S 2
#define STALL_NS 2000000000LL

__attribute__((format(printf, 5, 6)))
static void alsa_chatter(const char *file, int line, const char *function,
                         int err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_msg(LOG_DEBUG, "alsa", "%s:%d:(%s) %s%s%s", file, line, function,
            msg, err ? ": " : "", err ? snd_strerror(err) : "");
}

static void jack_chatter(const char *msg)
{
    log_msg(LOG_DEBUG, "jack", "%s", msg);
}

static void route_chatter(void)
{
    snd_lib_error_set_handler(alsa_chatter);
    typedef void (*jack_hook_setter)(void (*)(const char *));
    const char *names[] = { "jack_set_error_function",
                            "jack_set_info_function" };
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        void *sym = dlsym(RTLD_DEFAULT, names[i]);
        if (sym) {
            jack_hook_setter set;
            memcpy(&set, &sym, sizeof set);
            set(jack_chatter);
        }
    }
    /* Probing must not launch a JACK server behind the user's back. */
    setenv("JACK_NO_START_SERVER", "1", 0);
}

static pthread_once_t chatter_once = PTHREAD_ONCE_INIT;

int audio_pa_init(char **err)
{
    pthread_once(&chatter_once, route_chatter);
    PaError e = Pa_Initialize();
    if (e != paNoError) {
        *err = xasprintf("PortAudio: %s", Pa_GetErrorText(e));
        return AUDIO_ERR_DEVICE;
    }
    return 0;
}

void audio_pa_term(void)
{
    Pa_Terminate();
}

struct pa_priv {
    PaStream *stream;
    bool started;
    bool failed;                    /* check or start found it broken */
    _Atomic bool completed;
    _Atomic long long last_cb_ns;
    uint64_t idle_stop_frames;
    char name[128];
    int channels;                   /* 1, or 2 with mono copied to both */
    int16_t *mono;                  /* buffer_frames, for stereo devices */
    /* Callback thread only (reset by pa_start while stopped). */
    long long run_start_ns;
    uint64_t run_frames;
    _Atomic bool clockless;         /* sticky once detected */
    bool told_clockless;
    long long latency_ns;           /* Pa_GetStreamInfo's outputLatency */
};

static int pa_callback(const void *in, void *out, unsigned long frames,
                       const PaStreamCallbackTimeInfo *ti,
                       PaStreamCallbackFlags flags, void *user)
{
    (void)in;
    struct audio_out *o = user;
    struct pa_priv *p = o->priv;
    long long now = audio_now_ns();
    /* When this buffer is heard, on the monotonic clock (the reference
     * for the echo canceller): the host's DAC time when it gives one,
     * else the stream's output latency from now. */
    long long play = now + p->latency_ns;
    if (ti && ti->outputBufferDacTime > 0 && ti->currentTime > 0 &&
        ti->outputBufferDacTime >= ti->currentTime &&
        ti->outputBufferDacTime - ti->currentTime < 1.0)
        play = now + (long long)((ti->outputBufferDacTime - ti->currentTime)
                                 * 1e9);
    atomic_store_explicit(&p->last_cb_ns, now, memory_order_relaxed);
    if (flags & paOutputUnderflow)
        audio_note_underflow(o->a);
    if (p->run_frames == 0)
        p->run_start_ns = now;
    p->run_frames += frames;
    bool clockless = atomic_load_explicit(&p->clockless,
                                          memory_order_relaxed);
    if (!clockless && p->run_frames >= 16 * (uint64_t)frames &&
        (double)(now - p->run_start_ns) * o->rate <
            (double)p->run_frames * 1e9 / 4) {
        /* More than 4x real time after 16 buffers: no clock behind us
         * (a real device's start-up prefill is a few buffers at most). */
        clockless = true;
        atomic_store_explicit(&p->clockless, true, memory_order_relaxed);
    }
    bool idle;
    if (p->channels == 1) {
        audio_render(o->a, out, frames, true, &idle, play);
    } else {
        /* Fixed framesPerBuffer: frames never exceeds buffer_frames, but
         * stay safe if a host API ever passes more. */
        int16_t *o16 = out;
        for (unsigned long done = 0; done < frames;) {
            unsigned long k = frames - done;
            if (k > (unsigned long)o->buffer_frames)
                k = (unsigned long)o->buffer_frames;
            audio_render(o->a, p->mono, k, true, &idle,
                         play + (long long)((double)done * 1e9 / o->rate));
            for (unsigned long i = 0; i < k; i++)
                o16[2 * (done + i)] = o16[2 * (done + i) + 1] = p->mono[i];
            done += k;
        }
    }
    /* While the listener takes the output as its echo reference, the
     * stream runs on through silence: a restarted stream comes back with
     * another latency, the echo path moves by milliseconds, and the
     * canceller has to learn it again before barge-in can work. */
    if ((idle && (clockless ||
                  (!audio_reference_wanted(o->a) &&
                   audio_idle_frames(o->a) >= p->idle_stop_frames))) ||
        (clockless && audio_render_starved(o->a))) {
        atomic_store(&p->completed, true);
        return paComplete;
    }
    return paContinue;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return false;
}

/* The output device for a name or index; paNoDevice with *err. */
static PaDeviceIndex pick_device(const char *want, char **err)
{
    int count = Pa_GetDeviceCount();
    if (count <= 0) {
        *err = xstrdup("no audio devices found");
        return paNoDevice;
    }
    if (!want || !*want) {
        PaDeviceIndex d = Pa_GetDefaultOutputDevice();
        if (d == paNoDevice)
            *err = xstrdup("no default output device");
        return d;
    }
    if (all_digits(want)) {
        long i = strtol(want, NULL, 10);
        const PaDeviceInfo *di = i < count ? Pa_GetDeviceInfo((int)i) : NULL;
        if (di && di->maxOutputChannels > 0)
            return (PaDeviceIndex)i;
        *err = xasprintf("no output device number %s (unknot devices "
                         "lists them)", want);
        return paNoDevice;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < count; i++) {
            const PaDeviceInfo *di = Pa_GetDeviceInfo(i);
            if (!di || di->maxOutputChannels <= 0)
                continue;
            if (pass == 0 ? !strcmp(di->name, want)
                          : contains_nocase(di->name, want))
                return i;
        }
    }
    *err = xasprintf("no output device named '%s' (unknot devices lists "
                     "them)", want);
    return paNoDevice;
}

static void pa_close(struct audio_out *o)
{
    struct pa_priv *p = o->priv;
    if (!p)
        return;
    if (p->stream) {
        /* A healthy stream is stopped, which lets what the device has
         * queued play out (the end of `unknot say`'s sentence); a failed
         * one is aborted, since stopping could wait on a dead device. */
        if (p->started && !atomic_load(&p->completed))
            (p->failed ? Pa_AbortStream : Pa_StopStream)(p->stream);
        Pa_CloseStream(p->stream);
    }
    audio_pa_term();
    free(p->mono);
    free(p);
    o->priv = NULL;
}

static int pa_open(struct audio_out *o, char **err)
{
    if (audio_pa_init(err) < 0)
        return AUDIO_ERR_DEVICE;
    struct pa_priv *p = xcalloc(1, sizeof *p);
    o->priv = p;
    p->idle_stop_frames = (uint64_t)IDLE_STOP_S * (uint64_t)o->rate;
    PaDeviceIndex dev = pick_device(o->device, err);
    if (dev == paNoDevice) {
        pa_close(o);
        return AUDIO_ERR_DEVICE;
    }
    const PaDeviceInfo *di = Pa_GetDeviceInfo(dev);
    snprintf(p->name, sizeof p->name, "%s", di->name);
    /* Mono at the speech rate when the device takes it (ALSA's default
     * and plug devices take anything); else stereo and/or the device's
     * own rate, as raw hw devices (HDMI, some USB) need. */
    PaStreamParameters op = {
        .device = dev,
        .sampleFormat = paInt16,
        .suggestedLatency = di->defaultLowOutputLatency,
    };
    double rates[2] = { o->rate, di->defaultSampleRate };
    int nrates = o->rate_fixed || (int)di->defaultSampleRate == o->rate ||
                 di->defaultSampleRate <= 0 ? 1 : 2;
    PaError e = paInvalidSampleRate;
    for (int r = 0; r < nrates && e != paFormatIsSupported; r++) {
        for (int ch = 1; ch <= 2 && e != paFormatIsSupported; ch++) {
            if (ch > di->maxOutputChannels)
                break;
            op.channelCount = ch;
            e = Pa_IsFormatSupported(NULL, &op, rates[r]);
            if (e == paFormatIsSupported)
                o->rate = (int)rates[r];
        }
    }
    if (e != paFormatIsSupported) {
        *err = xasprintf("%s: %s", p->name, Pa_GetErrorText(e));
        pa_close(o);
        return AUDIO_ERR_DEVICE;
    }
    p->channels = op.channelCount;
    p->mono = xmalloc((size_t)o->buffer_frames * sizeof *p->mono);
    e = Pa_OpenStream(&p->stream, NULL, &op, o->rate,
                      (unsigned long)o->buffer_frames,
                      paClipOff | paDitherOff, pa_callback, o);
    if (e != paNoError) {
        p->stream = NULL;
        *err = xasprintf("%s: %s", p->name, Pa_GetErrorText(e));
        pa_close(o);
        return AUDIO_ERR_DEVICE;
    }
    const PaStreamInfo *si = Pa_GetStreamInfo(p->stream);
    p->latency_ns = si ? (long long)(si->outputLatency * 1e9) : 0;
    log_msg(LOG_INFO, "audio", "output: %s, %d Hz, %d channel(s), %d frames "
            "per buffer, %.1f ms latency", p->name, o->rate, p->channels,
            o->buffer_frames, (double)p->latency_ns / 1e6);
    return 0;
}

static int pa_start(struct audio_out *o)
{
    struct pa_priv *p = o->priv;
    if (p->started && !atomic_load(&p->completed))
        return 0;
    if (p->started) {
        Pa_StopStream(p->stream);   /* finished by its callback */
        p->started = false;
    }
    atomic_store(&p->completed, false);
    atomic_store(&p->last_cb_ns, audio_now_ns());
    p->run_frames = 0;
    PaError e = Pa_StartStream(p->stream);
    if (e != paNoError) {
        log_msg(LOG_DEBUG, "audio", "%s: %s", p->name, Pa_GetErrorText(e));
        p->failed = true;
        return AUDIO_ERR_DEVICE;
    }
    p->started = true;
    return 0;
}

static int pa_check(struct audio_out *o, const char **why)
{
    struct pa_priv *p = o->priv;
    if (atomic_load(&p->clockless) && !p->told_clockless) {
        p->told_clockless = true;
        log_msg(LOG_DEBUG, "audio", "%s has no clock (it takes audio far "
                "faster than real time): stopping it whenever idle",
                p->name);
    }
    if (!p->started || atomic_load(&p->completed))
        return 0;
    if (Pa_IsStreamActive(p->stream) != 1) {
        *why = "the output stream stopped";
        p->failed = true;
        return AUDIO_ERR_DEVICE;
    }
    long long last = atomic_load(&p->last_cb_ns);
    if (audio_now_ns() - last > STALL_NS) {
        *why = "the output device stopped asking for audio";
        p->failed = true;
        return AUDIO_ERR_DEVICE;
    }
    return 0;
}

const struct audio_backend audio_out_portaudio = {
    .name = "portaudio",
    .is_device = true,
    .open = pa_open,
    .close = pa_close,
    .start = pa_start,
    .check = pa_check,
};

int audio_list_devices(struct audio_device **list, size_t *count, char **err)
{
    *list = NULL;
    *count = 0;
    *err = NULL;
    if (audio_pa_init(err) < 0)
        return AUDIO_ERR_DEVICE;
    int n = Pa_GetDeviceCount();
    if (n < 0) {
        *err = xasprintf("PortAudio: %s", Pa_GetErrorText(n));
        audio_pa_term();
        return AUDIO_ERR_DEVICE;
    }
    struct audio_device *d = xcalloc((size_t)n + 1, sizeof *d);
    PaDeviceIndex def_out = Pa_GetDefaultOutputDevice();
    PaDeviceIndex def_in = Pa_GetDefaultInputDevice();
    for (int i = 0; i < n; i++) {
        const PaDeviceInfo *di = Pa_GetDeviceInfo(i);
        const PaHostApiInfo *hi = di ? Pa_GetHostApiInfo(di->hostApi) : NULL;
        d[i].index = i;
        snprintf(d[i].name, sizeof d[i].name, "%s", di ? di->name : "?");
        snprintf(d[i].host_api, sizeof d[i].host_api, "%s",
                 hi ? hi->name : "?");
        d[i].max_output = di ? di->maxOutputChannels : 0;
        d[i].max_input = di ? di->maxInputChannels : 0;
        d[i].default_rate = di ? di->defaultSampleRate : 0;
        d[i].default_output = i == def_out;
        d[i].default_input = i == def_in;
    }
    audio_pa_term();
    *list = d;
    *count = (size_t)n;
    return 0;
}
