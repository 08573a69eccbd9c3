/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CPU of the screen during a hold: the step screen counting down
 * BENCH_UI_SECONDS (default 60) under Xvfb, drawn the way the app draws it
 * (only when the number changes), then the same screen in a fixed 60 fps
 * loop, in the same run.  Prints the app's and the X server's CPU as a
 * percentage of one core for each, and the ratio.
 *
 * Needs Xvfb (package xvfb); prints a note and exits 0 without it.
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

#include "ui/loop.h"
#include "ui/ui.h"
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

int main(void)
{
    const char *env = getenv("BENCH_UI_SECONDS");
    int seconds = env && atoi(env) > 0 ? atoi(env) : 60;
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
