/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the routine parser (routines/routine.c): any bytes
 * must give either a routine and no error, or no routine and at least one
 * error, never a crash, a leak or undefined behaviour.  A routine that is
 * returned must hold what the rest of the program relies on.
 * Built by fuzz/Makefile with clang -fsanitize=fuzzer,address,undefined.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "coach/question.h"
#include "routines/routine.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

#define REQUIRE(expr) do { \
        if (!(expr)) { \
            fprintf(stderr, "fuzz_routine: broken: %s\n", #expr); \
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
    struct diag_list dl;
    diag_init(&dl);
    /* The text is not NUL-terminated: the parser must keep to `size`. */
    struct routine *r = routine_load_string((const char *)data, size,
                                            "fuzz.ini", &dl);
    REQUIRE((r != NULL) == (dl.errors == 0));
    int lines = count_lines(data, size);
    for (size_t i = 0; i < dl.count; i++)
        REQUIRE(dl.items[i].line >= 0 && dl.items[i].line <= lines);
    if (r) {
        REQUIRE(r->title != NULL);
        REQUIRE(r->language != NULL);
        REQUIRE(r->step_count >= 1);
        for (size_t i = 0; i < r->step_count; i++) {
            const struct routine_step *st = &r->steps[i];
            REQUIRE(st->id != NULL && st->region != NULL);
            REQUIRE(st->setup != NULL);
            REQUIRE(st->hold_s > 0 && st->rest_s >= 0);
            REQUIRE(st->line >= 1 && st->line <= lines);
            for (size_t k = 0; k < st->ask_count; k++)
                REQUIRE(routine_question_find(r, st->ask[k]) != NULL);
        }
        for (size_t i = 0; i < r->question_count; i++) {
            const struct question *q = &r->questions[i].q;
            REQUIRE(q->id != NULL && q->text != NULL);
            REQUIRE(q->rule.op == RULE_NONE ||
                    stop_rule_valid_for(&q->rule, q->kind));
        }
        REQUIRE(routine_estimate_seconds(r) > 0);
        fprintf(devnull, "%s %s %s\n", routine_level_name(r->level),
                r->title, r->description ? r->description : "");
        routine_destroy(r);
    }
    diag_print(&dl, devnull);
    diag_free(&dl);
    return 0;
}
