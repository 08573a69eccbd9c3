/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the settings parser (config/settings.c): any bytes
 * must give either clean settings or errors, never a crash, a leak or
 * undefined behaviour, and the loaded values must stay in their ranges.
 * Built by fuzz/Makefile with clang -fsanitize=fuzzer,address,undefined.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

/* abort() makes libFuzzer save the input as a crash. */
#define REQUIRE(expr) do { \
        if (!(expr)) { \
            fprintf(stderr, "fuzz_config: broken: %s\n", #expr); \
            abort(); \
        } \
    } while (0)

static int count_lines(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    struct settings s;
    struct diag_list dl;
    settings_defaults(&s);
    diag_init(&dl);
    int rc = settings_load_string(&s, (const char *)data, size, "fuzz.ini",
                                  &dl);
    REQUIRE((rc == 0) == (dl.errors == 0));
    REQUIRE(dl.errors <= 21);
    int lines = count_lines(data, size);
    for (size_t i = 0; i < dl.count; i++) {
        REQUIRE(dl.items[i].line >= 1 && dl.items[i].line <= lines);
        REQUIRE(i == 0 || dl.items[i - 1].line <= dl.items[i].line);
    }
    /* Whatever was read, the values stay within their allowed ranges. */
    REQUIRE(s.rate_wpm >= 80 && s.rate_wpm <= 260);
    REQUIRE(s.volume >= 0 && s.volume <= 100);
    REQUIRE(s.lead_in_s >= 3 && s.lead_in_s <= 30);
    REQUIRE(s.soreness_stop >= 3 && s.soreness_stop <= 7);
    REQUIRE(s.text_scale >= 0.75 && s.text_scale <= 2.0);
    REQUIRE(s.detail == DETAIL_CONCISE || s.detail == DETAIL_DETAILED);
    REQUIRE(s.voice[0] != '\0');
    REQUIRE(memchr(s.keymap, '\0', sizeof s.keymap) != NULL);
    REQUIRE(memchr(s.wav_file, '\0', sizeof s.wav_file) != NULL);
    for (int i = 0; i < SETTING_COUNT; i++)
        REQUIRE(s.source[i] != SOURCE_FILE ||
                (s.source_line[i] >= 1 && s.source_line[i] <= lines));
    settings_print(&s, devnull);
    diag_print(&dl, devnull);
    diag_free(&dl);
    return 0;
}
