/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cost of the 20-minute cap check in `unknot check`: the worst case of
 * every bundled routine (coach/dose.h: four engine runs each at the
 * slowest settings) with eSpeak NG's lengths through the cache the command
 * uses, beside the obvious alternative in the same run, every utterance
 * synthesised afresh, and beside the text bound of --estimate.  The
 * uncached pass covers the first BENCH_DOSE_UNCACHED routines (3; set
 * UNKNOT_BENCH_ALL=1 for all, about 15 s of CPU) and is compared with the
 * cached pass over the same routines.  CPU time of this process, as the
 * machine is shared.  Prints figures; asserts nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/audio.h"
#include "coach/dose.h"
#include "routines/routine.h"
#include "util/util.h"

#define BENCH_DOSE_UNCACHED 3

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long espeak_ms(const char *text, const char *voice, int rate,
                           void *user)
{
    (*(size_t *)user)++;
    return audio_speech_ms(text, voice, rate);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Worst cases of rs[0..n) with sp; returns CPU seconds. */
static double pass(struct routine **rs, size_t n,
                   const struct dose_speech *sp, long long *sum_ms)
{
    double t0 = cpu_s();
    *sum_ms = 0;
    for (size_t i = 0; i < n; i++) {
        struct dose_length len;
        dose_worst_case(rs[i], sp, &len);
        *sum_ms += len.ms;
    }
    return cpu_s() - t0;
}

int main(void)
{
    DIR *d = opendir("routines");
    if (!d) {
        fprintf(stderr, "bench_dose: run from the source tree\n");
        return 1;
    }
    char *names[64];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 64)
        if (str_ends_with(e->d_name, ".ini"))
            names[nn++] = xasprintf("routines/%s", e->d_name);
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str);
    struct routine *rs[64];
    size_t n = 0;
    for (size_t i = 0; i < nn; i++) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(names[i], &dl);
        if (r)
            rs[n++] = r;
        diag_free(&dl);
        free(names[i]);
    }
    /* eSpeak NG's first call loads its data: not part of either pass. */
    audio_speech_ms("Ready.", "en", 80);

    size_t calls = 0;
    struct dose_speech espeak = { espeak_ms, &calls };
    size_t nu = getenv("UNKNOT_BENCH_ALL") ? n
                : n < BENCH_DOSE_UNCACHED ? n : BENCH_DOSE_UNCACHED;
    long long ms_u, ms_c, ms_all, ms_b;

    calls = 0;
    double t_u = pass(rs, nu, &espeak, &ms_u);
    size_t calls_u = calls;

    struct dose_cache *c = dose_cache_create(&espeak);
    struct dose_speech cached = dose_cache_speech(c);
    calls = 0;
    double t_c = pass(rs, nu, &cached, &ms_c);
    size_t calls_c = calls;
    dose_cache_destroy(c);

    c = dose_cache_create(&espeak);
    cached = dose_cache_speech(c);
    calls = 0;
    double t_all = pass(rs, n, &cached, &ms_all);
    size_t measured, lookups;
    dose_cache_counts(c, &measured, &lookups);
    dose_cache_destroy(c);

    struct dose_speech bound = dose_speech_bound();
    double t_b = pass(rs, n, &bound, &ms_b);

    printf("dose: worst case of %zu routine%s, uncached: %.2f s CPU, %zu "
           "syntheses\n", nu, nu == 1 ? "" : "s", t_u, calls_u);
    printf("dose: same routines through the cache: %.2f s CPU, %zu "
           "syntheses (%.1fx faster)\n", t_c, calls_c,
           t_c > 0 ? t_u / t_c : 0.0);
    printf("dose: all %zu bundled routines through the cache: %.2f s CPU, "
           "%zu lookups, %zu texts synthesised\n", n, t_all, lookups,
           measured);
    printf("dose: all %zu with the --estimate bound: %.3f s CPU; bound "
           "total %.1f min vs eSpeak NG %.1f min (%.2fx)\n", n, t_b,
           ms_b / 60000.0, ms_all / 60000.0,
           ms_all > 0 ? (double)ms_b / (double)ms_all : 0.0);
    if (ms_u != ms_c)
        printf("dose: (eSpeak NG lengths moved by %lld ms between the "
               "passes)\n", ms_u - ms_c);
    for (size_t i = 0; i < n; i++)
        routine_destroy(rs[i]);
    return 0;
}
