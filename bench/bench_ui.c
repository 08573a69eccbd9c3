/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CPU of the screen, under Xvfb (the GL renderer, as on a desktop):
 *
 * 1. The app's own session loop, ui_run_session (ui/run.c), as `unknot
 *    run` and the home screen run it: a one-step routine with a 30 s hold
 *    (scripted answers, screening taken as done), speech through a private
 *    paced PulseAudio (tests/pulse.sh, started by this program), once with
 *    voice input off and once on (the microphone is the sink's monitor, so
 *    it hears the coach); then the summary screen left up for
 *    BENCH_UI_SUMMARY seconds (default 10) after the session ended, voice
 *    input off and on: the ratio on/off is the busy-loop check (goal at
 *    most 1.5x).
 * 2. A hold: the step screen counting down BENCH_UI_SECONDS (default 10)
 *    drawn the way the app draws it (only when the number changes), then
 *    the same screen in a fixed 60 fps loop (frame k at k * 1000 / 60 ms:
 *    60 frames a second), in the same run.
 *
 * Prints the app's and the X server's CPU as a percentage of one core.
 * BENCH_UI_SESSION=0 skips part 1 (about two minutes of wall time).
 * Needs Xvfb (package xvfb); prints a note and exits 0 without it; without
 * the sound server part 1 runs with the null audio output, and says so.
 * Figures only, never asserted: `make bench` runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "coach/answers.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "session/session.h"
#include "ui/loop.h"
#include "ui/run.h"
#include "ui/ui.h"
#include "util/diag.h"
#include "util/paths.h"
#include "util/util.h"

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* utime + stime of a process, in seconds. */
static double proc_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long ut = 0, st = 0;
    /* Fields after the name: state(3) ... utime(14) stime(15). */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
               &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static pid_t start_xvfb(int *display)
{
    for (int d = 91; d < 120; d++) {
        char sock[64], lock[64];
        snprintf(sock, sizeof sock, "/tmp/.X11-unix/X%d", d);
        snprintf(lock, sizeof lock, "/tmp/.X%d-lock", d);
        if (access(sock, F_OK) == 0 || access(lock, F_OK) == 0)
            continue;
        pid_t pid = fork();
        if (pid < 0)
            return -1;
        if (pid == 0) {
            char disp[16];
            snprintf(disp, sizeof disp, ":%d", d);
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, 1);
                dup2(null, 2);
            }
            execlp("Xvfb", "Xvfb", disp, "-screen", "0", "1280x720x24",
                   "-nolisten", "tcp", (char *)NULL);
            _exit(127);
        }
        for (int i = 0; i < 100; i++) {
            struct timespec ts = { 0, 50 * 1000 * 1000 };
            nanosleep(&ts, NULL);
            if (access(sock, F_OK) == 0) {
                *display = d;
                return pid;
            }
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid)
                break;      /* it died: try the next number */
        }
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return -1;
}

struct result {
    double app_s, x_s, wall_s;
    unsigned long frames;
};

/* Runs the hold in a child (its own SDL).  The child reports when its
 * window is up, then its own CPU over the hold alone, so start-up (GL
 * context, fonts) is not counted; the X server is sampled over the same
 * span. */
static int measure(pid_t xpid, int seconds, int fps, struct result *out)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        struct ui_options o = { .width = 1280, .height = 720,
                                .text_scale = 1.0 };
        char *err = NULL;
        struct ui *ui = ui_create(&o, &err);
        if (!ui) {
            fprintf(stderr, "bench_ui: %s\n", err);
            _exit(1);
        }
        /* One frame first, so fonts are open and textures made. */
        ui_hold_run(ui, 1, 0);
        char ready = 'R';
        if (write(fds[1], &ready, 1) != 1)
            _exit(1);
        struct rusage r0, r1;
        getrusage(RUSAGE_SELF, &r0);
        long long t0 = util_now_ms();
        struct result res;
        res.frames = ui_hold_run(ui, seconds, fps);
        getrusage(RUSAGE_SELF, &r1);
        res.wall_s = (double)(util_now_ms() - t0) / 1000.0;
        res.app_s = tv_s(r1.ru_utime) + tv_s(r1.ru_stime) -
                    tv_s(r0.ru_utime) - tv_s(r0.ru_stime);
        res.x_s = 0;
        if (write(fds[1], &res, sizeof res) != (ssize_t)sizeof res)
            _exit(1);
        ui_destroy(ui);
        SDL_Quit();
        _exit(0);
    }
    close(fds[1]);
    char ready = 0;
    double x0 = 0;
    bool ok = read(fds[0], &ready, 1) == 1;
    if (ok)
        x0 = proc_cpu_s(xpid);
    ok = ok && read(fds[0], out, sizeof *out) == (ssize_t)sizeof *out;
    double x1 = proc_cpu_s(xpid);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!ok)
        return -1;
    out->x_s = x1 - x0;
    return 0;
}

static void print(const char *what, const struct result *r)
{
    printf("ui hold %-13s %5.0f s: app %6.2f%% of a core, X server "
           "%6.2f%%, %lu frames (%.1f per second)\n", what, r->wall_s,
           100.0 * r->app_s / r->wall_s, 100.0 * r->x_s / r->wall_s,
           r->frames, (double)r->frames / r->wall_s);
}

/* ---- 1. The session loop users run ---- */

static const char tiny_routine[] =
    "[routine]\ntitle = One hold\n\n[step calves]\nregion = calves\n"
    "tool = roller\nsides = both\nhold = 30\nrest = 0\n"
    "setup = Roller under the calves.\n";

static bool file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    bool found = false;
    if (f) {
        char line[4096];
        while (!found && fgets(line, sizeof line, f))
            found = strstr(line, needle) != NULL;
        fclose(f);
    }
    return found;
}

/* The child: one session in the window, ui_run_session_window exactly as
 * `unknot run ROUTINE` calls it; it stays on the summary until SIGTERM
 * (SDL turns it into a quit). */
static void session_child(const char *dir, bool voice, bool paced)
{
    struct settings st;
    settings_defaults(&st);
    struct diag_list dl;
    diag_init(&dl);
    settings_set(&st, "voice_input", voice ? "yes" : "no", &dl);
    settings_set(&st, "lead_in", "3", &dl);
    if (!paced)
        settings_set(&st, "output", "null", &dl);
    char *rpath = path_join(dir, "one-hold.ini");
    FILE *f = fopen(rpath, "w");
    if (!f || fputs(tiny_routine, f) < 0 || fclose(f) != 0)
        _exit(1);
    struct routine *r = routine_load_file(rpath, &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    char *err = NULL;
    struct answer_script *answers =
        answer_script_parse("*=no,soreness=2,recent-soreness=2", &err);
    char *hpath = path_join(dir, "history.db");
    struct history *h = history_open(hpath, &err);
    if (!r || !answers || !h) {
        fprintf(stderr, "bench_ui: %s\n", err ? err : "cannot set up");
        _exit(1);
    }
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.history = h;
    o.answers = answers;
    o.assume_screened = true;
    char *tpath = path_join(dir, "session.jsonl");
    o.transcript_path = tpath;
    int status = ui_run_session_window(&o, &st);
    history_close(h);
    _exit(status < 0 ? 1 : 0);
}

struct session_result {
    double session_s, session_cpu, summary_s, summary_cpu, summary_x;
    bool ok;
};

static void measure_session(pid_t xpid, bool voice, bool paced,
                            int summary_s, struct session_result *out)
{
    memset(out, 0, sizeof *out);
    char tmpl[] = "/tmp/unknot-bench-ui.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir)
        return;
    char *tpath = path_join(dir, "session.jsonl");
    long long t0 = util_now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return;
    if (pid == 0)
        session_child(dir, voice, paced);
    /* The session: until its transcript has the end (5 min at most). */
    while (!file_has(tpath, "\"event\":\"end\"")
           && util_now_ms() - t0 < 300000) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "bench_ui: the session ended early\n");
            free(tpath);
            return;
        }
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    long long t1 = util_now_ms();
    double c1 = proc_cpu_s(pid), x1 = proc_cpu_s(xpid);
    out->session_s = (double)(t1 - t0) / 1000.0;
    out->session_cpu = c1;
    /* The summary screen, left up. */
    struct timespec ts = { summary_s, 0 };
    nanosleep(&ts, NULL);
    double c2 = proc_cpu_s(pid), x2 = proc_cpu_s(xpid);
    out->summary_s = (double)(util_now_ms() - t1) / 1000.0;
    out->summary_cpu = c2 - c1;
    out->summary_x = x2 - x1;
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    out->ok = c1 >= 0 && c2 >= 0;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_ui: could not remove %s\n", dir);
    free(cmd);
    free(tpath);
}

static void sessions(pid_t xpid)
{
    bool paced = getenv("UNKNOT_BENCH_PULSE") != NULL;
    const char *env = getenv("BENCH_UI_SUMMARY");
    int summary_s = env && atoi(env) > 0 ? atoi(env) : 10;
    if (!paced)
        printf("ui session: no private sound server (%s); null audio "
               "output\n", getenv("UNKNOT_BENCH_NO_PULSE")
                            ? getenv("UNKNOT_BENCH_NO_PULSE")
                            : "run through make bench");
    struct session_result r[2];
    for (int v = 0; v < 2; v++) {
        measure_session(xpid, v == 1, paced, summary_s, &r[v]);
        if (!r[v].ok) {
            printf("ui session (voice input %s): failed\n",
                   v ? "on" : "off");
            return;
        }
        printf("ui session in the window (ui_run_session, %s, voice input "
               "%-3s): %5.1f s, app %5.2f%% of a core (start-up included); "
               "summary screen %d s: app %5.2f%%, X server %5.2f%%\n",
               paced ? "paced PulseAudio" : "null audio", v ? "on" : "off",
               r[v].session_s, 100.0 * r[v].session_cpu / r[v].session_s,
               summary_s, 100.0 * r[v].summary_cpu / r[v].summary_s,
               100.0 * r[v].summary_x / r[v].summary_s);
    }
    double off = r[0].summary_cpu / r[0].summary_s;
    double on = r[1].summary_cpu / r[1].summary_s;
    /* Below one tick over the span the ratio means nothing: floor it. */
    double tick = 1.0 / (double)sysconf(_SC_CLK_TCK) / r[0].summary_s;
    printf("ui summary screen: voice input on costs %.2fx the CPU of voice "
           "input off (%.2f%% vs %.2f%% of a core; goal at most 1.5x)\n",
           on / (off > tick ? off : tick), 100.0 * on, 100.0 * off);
}

/* make bench runs this directly: start the private sound server first
 * (tests/pulse.sh) and run again inside it. */
static void reexec_in_pulse(char **argv)
{
    if (getenv("UNKNOT_BENCH_PULSE") || getenv("UNKNOT_BENCH_NO_PULSE")
        || access("tests/pulse.sh", R_OK) != 0)
        return;
    execl("/bin/sh", "sh", "-c",
          ". tests/pulse.sh\n"
          "if pulse_start; then pulse_mic_is_monitor >/dev/null\n"
          "  UNKNOT_BENCH_PULSE=1 \"$0\"; rc=$?; pulse_stop; exit $rc\n"
          "else UNKNOT_BENCH_NO_PULSE=\"$PULSE_WHY\" exec \"$0\"; fi",
          argv[0], (char *)NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    reexec_in_pulse(argv);
    /* Children are forked: nothing buffered may be printed twice. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *env = getenv("BENCH_UI_SECONDS");
    int seconds = env && atoi(env) > 0 ? atoi(env) : 10;
    int display = 0;
    pid_t xpid = start_xvfb(&display);
    if (xpid < 0) {
        printf("bench_ui: Xvfb not available; no figures (install "
               "xvfb)\n");
        return 0;
    }
    char disp[16];
    snprintf(disp, sizeof disp, ":%d", display);
    setenv("DISPLAY", disp, 1);
    unsetenv("SDL_VIDEODRIVER");
    unsetenv("WAYLAND_DISPLAY");
    const char *se = getenv("BENCH_UI_SESSION");
    if (!se || strcmp(se, "0") != 0)
        sessions(xpid);
    struct result ev, fixed;
    int rc = 0;
    if (measure(xpid, seconds, 0, &ev) != 0 ||
        measure(xpid, seconds, 60, &fixed) != 0) {
        printf("bench_ui: the hold loop failed under Xvfb\n");
        rc = 1;
    } else {
        print("event-driven", &ev);
        print("60 fps", &fixed);
        double a = ev.app_s + ev.x_s, b = fixed.app_s + fixed.x_s;
        printf("ui hold: the 60 fps loop costs %.1fx the CPU of the "
               "event-driven one (app + X server); app alone %.1fx\n",
               a > 0 ? b / a : 0.0, ev.app_s > 0 ? fixed.app_s / ev.app_s
                                                  : 0.0);
    }
    kill(xpid, SIGTERM);
    waitpid(xpid, NULL, 0);
    return rc;
}
