/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The audio path, measured (figures printed, nothing asserted):
 *
 * 1. Latency from audio_say() to the start of the output buffer that
 *    carries the first non-silent sample of that utterance, over 20
 *    utterances, median and worst:
 *      a. the null output paced in real time with 256-frame buffers, which
 *         behaves as a sound card's callback does (one buffer every
 *         11.6 ms, always running);
 *      b. the real PortAudio callback through ALSA's file plugin (no clock;
 *         includes starting the stream, which stops itself when idle);
 *    beside the time the `espeak-ng --stdout` command takes to its first
 *    byte, in the same run, with the ratio.  Target: one buffer + 5 ms.
 * 2. Underflows over a 10-minute coaching session (speech, hold chimes,
 *    countdown ticks, some interrupts) on the null output paced at 4x real
 *    time: every buffer's deadline is 4x tighter than a device's (2.9 ms
 *    instead of 11.6 ms), so a clean run here is a stricter result than a
 *    clean run in real time.  Session time is the output's own frame
 *    count, so the script is exactly 600 s of audio.
 * 3. CPU of the audio path (synthesis thread, pacing thread, mixing) while
 *    speaking continuously and while idle, 10 s each, real time.
 * 4. The reference tap for barge-in: alignment and CPU (below).
 */
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio/audio.h"
#include "audio/listen_input.h"
#include "util/log.h"
#include "util/util.h"

#define RUNS 20

/* The ALSA file-sink set-up made by bench_latency, removed at the end. */
static char *bench_dir, *bench_raw, *bench_conf;

static const char *phrases[] = {
    "Lie on your side with the roller under your hip.",
    "Roll slowly down towards the knee.",
    "Hold on the tender spot and breathe out.",
    "Thirty seconds.",
    "How sore is that, from zero to ten?",
    "Switch to the other side.",
    "Rest for a moment.",
    "Place the ball under your calf.",
    "Keep your breathing slow and even.",
    "Ease off if it feels sharp.",
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void nap_us(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void summarise(long long *v, int n, double *median, double *worst)
{
    qsort(v, (size_t)n, sizeof *v, cmp_ll);
    *median = (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) / 1e6;
    *worst = v[n - 1] / 1e6;
}

/* Time from fork to the first byte of `espeak-ng --stdout TEXT`. */
static long long espeak_cmd_ttfb(const char *text)
{
    int fd[2];
    if (pipe(fd) < 0)
        return -1;
    long long t0 = now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execlp("espeak-ng", "espeak-ng", "--stdout", text, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char c;
    ssize_t r = read(fd[0], &c, 1);
    long long t = now_ns() - t0;
    char buf[65536];
    while (read(fd[0], buf, sizeof buf) > 0)
        ;
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    return r == 1 ? t : -1;
}

static bool wait_id(struct audio *a, uint32_t want, long timeout_ms)
{
    uint32_t id;
    struct pollfd p = { audio_event_fd(a), POLLIN, 0 };
    long long end = now_ns() + timeout_ms * 1000000LL;
    while (now_ns() < end) {
        poll(&p, 1, 5);
        while (audio_poll_done(a, &id))
            if (id == want)
                return true;
    }
    return false;
}

/* Latency over RUNS utterances on one output; 0 or -1. */
static int measure_latency(const struct audio_options *o, long long *lat)
{
    char *err = NULL;
    struct audio *a = audio_open(o, &err);
    if (!a) {
        fprintf(stderr, "bench_audio: %s\n", err);
        free(err);
        return -1;
    }
    /* Warm up: eSpeak NG loads its voice data on first use. */
    audio_say(a, "Ready.", 1000);
    wait_id(a, 1000, 10000);
    audio_wait_idle(a, 10000);
    int got = 0;
    for (int i = 0; i < RUNS; i++) {
        /* Start at a random phase of the output's buffer clock, as a
         * request from the coach would. */
        nap_us(rand() % 12000);
        struct audio_stats st;
        long long t0 = now_ns();
        audio_say(a, phrases[i % 10], (uint32_t)i);
        for (;;) {
            audio_get_stats(a, &st);
            if (st.first_sound_ns >= t0 || now_ns() - t0 > 5000000000LL)
                break;
            nap_us(200);
        }
        if (st.first_sound_ns >= t0)
            lat[got++] = st.first_sound_ns - t0;
        audio_interrupt(a);
        wait_id(a, (uint32_t)i, 10000);
        audio_wait_idle(a, 10000);
    }
    audio_close(a);
    if (got != RUNS)
        fprintf(stderr, "bench_audio: %s: only %d of %d utterances were "
                "heard within 5 s\n", o->backend, got, RUNS);
    return got == RUNS ? 0 : -1;
}

static void bench_latency(void)
{
    long long cmd[RUNS], nul[RUNS], pa[RUNS];
    for (int i = 0; i < RUNS; i++)
        cmd[i] = espeak_cmd_ttfb(phrases[i % 10]);
    double cmd_med, cmd_max;
    summarise(cmd, RUNS, &cmd_med, &cmd_max);

    struct audio_options o = { .backend = "null", .volume = 80,
                               .rate_wpm = 175, .buffer_frames = 256 };
    double buf_ms = 256 * 1000.0 / 22050;
    printf("latency, speak request -> first non-silent sample handed to the "
           "output (%d utterances):\n", RUNS);
    printf("  espeak-ng command, time to first byte: median %6.2f ms, worst "
           "%6.2f ms\n", cmd_med, cmd_max);
    if (measure_latency(&o, nul) == 0) {
        double med, max;
        summarise(nul, RUNS, &med, &max);
        printf("  in-process, device-paced output (256 frames = %.1f ms "
               "buffers): median %6.2f ms, worst %6.2f ms; target %.1f ms; "
               "espeak-ng command / this = %.1fx\n", buf_ms, med, max,
               buf_ms + 5, cmd_med / med);
    }
    /* The real PortAudio callback, through ALSA's file plugin. */
    char dir[] = "/tmp/unknot-bench-XXXXXX";
    if (!mkdtemp(dir))
        return;
    char *raw = xasprintf("%s/out.raw", dir);
    char *conf = xasprintf("%s/asound.conf", dir);
    FILE *f = fopen(conf, "w");
    if (f) {
        fprintf(f, "pcm.!default { type file slave.pcm { type null } "
                   "file \"%s\" format \"raw\" }\n", raw);
        fclose(f);
        char *path = xasprintf("/usr/share/alsa/alsa.conf:%s", conf);
        setenv("ALSA_CONFIG_PATH", path, 1);
        o.backend = "portaudio";
        if (measure_latency(&o, pa) == 0) {
            double med, max;
            summarise(pa, RUNS, &med, &max);
            printf("  in-process, PortAudio callback via the ALSA file sink "
                   "(stream started on demand): median %6.2f ms, worst %6.2f "
                   "ms; espeak-ng command / this = %.1fx\n", med, max,
                   cmd_med / med);
        }
        free(path);
    }
    bench_dir = xstrdup(dir);
    bench_raw = raw;
    bench_conf = conf;
}

static void bench_cleanup(void)
{
    if (!bench_dir)
        return;
    remove(bench_raw);
    remove(bench_conf);
    rmdir(bench_dir);
    free(bench_raw);
    free(bench_conf);
    free(bench_dir);
}

/* Waits until the output has rendered `frames` frames in total. */
static void wait_frames(struct audio *a, uint64_t frames)
{
    struct audio_stats st;
    for (;;) {
        audio_get_stats(a, &st);
        if (st.frames >= frames)
            return;
        nap_us(500);
    }
}

static void bench_session(void)
{
    const double pace = 4.0;
    const int rate = 22050;
    const uint64_t end = (uint64_t)600 * rate;
    struct audio_options o = { .backend = "null", .volume = 80,
                               .rate_wpm = 175, .buffer_frames = 256,
                               .pace = pace };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    if (!a) {
        fprintf(stderr, "bench_audio: %s\n", err);
        free(err);
        return;
    }
    long long w0 = now_ns();
    uint32_t id = 0;
    unsigned said = 0, cues = 0, interrupts = 0;
    struct audio_stats st;
    audio_get_stats(a, &st);
    while (st.frames < end) {
        /* Instructions, then a hold with a chime at each end and ticks in
         * its last three seconds; every fifth instruction is cut short. */
        audio_say(a, phrases[id % 10], id);
        said++;
        if (id % 5 == 4) {
            wait_frames(a, st.frames + (uint64_t)rate / 2);
            audio_interrupt(a);
            interrupts++;
        }
        wait_id(a, id, 60000);
        id++;
        audio_get_stats(a, &st);
        uint64_t t = st.frames;
        audio_cue(a, AUDIO_CUE_HOLD_START);
        cues++;
        uint64_t hold = (uint64_t)(8 + id % 5) * rate;
        audio_say(a, "Breathe out.", id++);
        said++;
        for (int k = 3; k >= 1; k--) {
            wait_frames(a, t + hold - (uint64_t)k * rate);
            audio_cue(a, AUDIO_CUE_TICK);
            cues++;
        }
        wait_frames(a, t + hold);
        audio_cue(a, AUDIO_CUE_HOLD_END);
        cues++;
        wait_frames(a, t + hold + rate);
        audio_get_stats(a, &st);
    }
    double wall = (now_ns() - w0) / 1e9;
    audio_get_stats(a, &st);
    audio_close(a);
    printf("paced session: %.0f s of audio in %.0f s (null output paced at "
           "%.0fx real time, 256-frame buffers, deadline %.2f ms each): "
           "%u utterances, %u interrupted, %u cues\n",
           (double)st.frames / rate, wall, pace,
           256 * 1000.0 / rate / pace, said, interrupts, cues);
    printf("  underflows (speech owed, ring empty): %llu; buffers finished "
           "more than one (paced) buffer past their deadline: %llu; target "
           "0\n", (unsigned long long)st.underflows,
           (unsigned long long)st.late_buffers);
    printf("  later than a real-time buffer (%.1f ms, what a device with "
           "two buffers queued tolerates): %llu; worst lateness %.2f ms\n",
           256 * 1000.0 / rate, (unsigned long long)st.late_realtime_buffers,
           st.worst_late_ns / 1e6);
}

static void bench_cpu(void)
{
    struct audio_options o = { .backend = "null", .volume = 80,
                               .rate_wpm = 175, .buffer_frames = 256 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    if (!a) {
        fprintf(stderr, "bench_audio: %s\n", err);
        free(err);
        return;
    }
    const double secs = 10.0;
    /* Speaking: keep the queue non-empty for the whole window. */
    long long c0 = cpu_ns(), w0 = now_ns();
    uint32_t id = 0;
    while (now_ns() - w0 < (long long)(secs * 1e9)) {
        if (!audio_is_speaking(a) || id < 3) {
            audio_say(a, phrases[id % 10], id);
            id++;
        }
        uint32_t d;
        while (audio_poll_done(a, &d))
            ;
        nap_us(20000);
    }
    double speak = (cpu_ns() - c0) / ((now_ns() - w0) / 100.0);
    audio_interrupt(a);
    audio_wait_idle(a, 10000);
    c0 = cpu_ns();
    w0 = now_ns();
    nap_us((long)(secs * 1e6));
    double idle = (cpu_ns() - c0) / ((now_ns() - w0) / 100.0);
    audio_close(a);
    printf("CPU of the audio path, %% of one core over %.0f s each (null "
           "output paced in real time, this process): speaking %.2f%%, "
           "idle %.2f%%\n", secs, speak, idle);

    /* PortAudio idle: the stream has stopped itself, only the synthesis
     * thread's checks remain.  (Speaking through the clockless file sink
     * would measure the sink, not us, so it is not reported.) */
    if (!getenv("ALSA_CONFIG_PATH"))
        return;
    o.backend = "portaudio";
    a = audio_open(&o, &err);
    if (!a) {
        free(err);
        return;
    }
    audio_say(a, "Ready.", 1);
    wait_id(a, 1, 10000);
    audio_wait_idle(a, 10000);
    nap_us(500000);
    c0 = cpu_ns();
    w0 = now_ns();
    nap_us((long)(secs * 1e6 / 2));
    idle = (cpu_ns() - c0) / ((now_ns() - w0) / 100.0);
    audio_close(a);
    printf("  PortAudio output idle (stream stopped by itself), %.0f s: "
           "%.2f%%\n", secs / 2, idle);
}

/* 4. The reference tap for barge-in (audio_reference): the capture output
 *    is the device, on an exact clock, at 22050 Hz (the speech rate) and
 *    48000 Hz (a raw device's own rate).  What the tap hands the listener
 *    (audio_reference every 10 ms, as the listener asks) is compared with
 *    what the device played, resampled to 16 kHz by the listener's own
 *    windowed-sinc resampler: the lag of the best cross-correlation is the
 *    alignment error, and the residual after it how exactly the two
 *    agree.  CPU: rendering 60 s of speech with the tap off and on (the
 *    render side's cost), and the consumer's draining and resampling. */
static double corr_at(const int16_t *x, const int16_t *y, size_t n, int lag)
{
    double s = 0, xx = 0, yy = 0;
    for (size_t i = 320; i + 320 < n; i++) {
        double a = x[i], b = y[(long)i + lag];
        s += a * b;
        xx += a * a;
        yy += b * b;
    }
    return xx > 0 && yy > 0 ? s / sqrt(xx * yy) : 0;
}

static void bench_reference_at(int rate, const char *text)
{
    struct audio_options o = { .backend = "capture", .voice = "en",
                               .volume = 80, .sample_rate = rate };
    char *err = NULL;
    double render_ms[2] = { 0, 0 }, read_ms = 0;
    size_t n16 = 0;
    int16_t *ref = NULL, *dev = NULL;
    for (int on = 0; on < 2; on++) {
        struct audio *a = audio_open(&o, &err);
        if (!a) {
            printf("reference: %s\n", err);
            free(err);
            return;
        }
        audio_reference_enable(a, on);
        audio_say(a, text, 1);
        audio_wait_idle(a, 1000);   /* the ring holds 11.9 s of it */
        /* 10 ms steps of the device's clock (at 22050 Hz, alternately
         * 220 and 221 frames). */
        size_t total = (size_t)rate * 60;
        size_t cap16 = 60 * 16000;
        if (on)
            ref = calloc(cap16, sizeof *ref);
        size_t done = 0;
        for (long long t = 0; done < total; t += 10) {
            size_t want = (size_t)((t + 10) * rate / 1000) - done;
            long long c0 = cpu_ns();
            audio_capture_pump_at(a, want, true, t);
            render_ms[on] += (double)(cpu_ns() - c0) / 1e6;
            done += want;
            if (on && t >= 10 && (size_t)(t - 10) * 16 + 160 <= cap16) {
                c0 = cpu_ns();
                audio_reference(a, ref + (t - 10) * 16, 160, (t - 10) * 16);
                read_ms += (double)(cpu_ns() - c0) / 1e6;
            }
        }
        if (on) {
            size_t n;
            const int16_t *cap = audio_capture_samples(a, &n);
            dev = listen_resample(cap, n, rate, 16000, &n16);
            if (n16 > cap16)
                n16 = cap16;
        }
        audio_close(a);
    }
    int best = 0;
    double bc = -2;
    for (int lag = -320; lag <= 320; lag++) {
        double c = corr_at(ref, dev, n16 - 320, lag);
        if (c > bc) {
            bc = c;
            best = lag;
        }
    }
    double e = 0, p = 0;
    for (size_t i = 320; i + 640 < n16; i++) {
        double d = (double)ref[i] - dev[(long)i + best];
        e += d * d;
        p += (double)dev[(long)i + best] * dev[(long)i + best];
    }
    printf("reference tap at %d Hz: alignment error %.3f ms (lag %d of "
           "1/16 ms), correlation %.5f, residual %.1f dB\n", rate,
           best / 16.0, best, bc, 10 * log10(e / (p > 0 ? p : 1) + 1e-12));
    printf("  CPU over 60 s of audio: render %.1f ms tap off, %.1f ms tap "
           "on (+%.1f ms, %.3f%% of one core); consumer (drain, resample "
           "to 16 kHz) %.1f ms (%.3f%%)\n", render_ms[0], render_ms[1],
           render_ms[1] - render_ms[0],
           (render_ms[1] - render_ms[0]) / 600.0, read_ms, read_ms / 600.0);
    free(ref);
    free(dev);
}

static void bench_reference(void)
{
    const char *text =
        "Hamstrings, with the roller. Sit with the roller under your "
        "thighs. Aim for gentle pressure, no more than 4 out of 10. Roll "
        "slowly, two to four seconds a pass, for 30 seconds. Halfway. "
        "Keep breathing slowly. Rest for 20 seconds. Next: calves. How "
        "strong is the pain there now, from 0, none, to 10, the worst? "
        "Moderate is 3, strong is 5, very strong is 7. Let's begin. You "
        "can say pause, resume, repeat, skip or stop at any time.";
    bench_reference_at(22050, text);
    bench_reference_at(48000, text);
}

int main(int argc, char **argv)
{
    /* `bench_audio latency` runs only the first part (quick checks). */
    bool quick = argc > 1 && !strcmp(argv[1], "latency");
    log_set_level(LOG_ERROR);
    srand(1);
    if (argc > 1 && !strcmp(argv[1], "reference")) {
        bench_reference();      /* `bench_audio reference`: part 4 only */
        return 0;
    }
    bench_latency();
    if (!quick) {
        bench_cpu();
        bench_session();
        bench_reference();
    }
    bench_cleanup();
    return 0;
}
