/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The home screen's data (ui/home.c): routines grouped by main region with
 * length and level, the last session and when the next is due, and the
 * summary's soreness chart read back from a real SQLite history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history/history.h"
#include "tests/check.h"
#include "ui/front.h"
#include "ui/home.h"

static void test_due_text(void)
{
    char last[192], next[128];
    ui_home_due_text(NULL, 1000000, last, sizeof last, next, sizeof next);
    CHECK_STR(last, "No sessions yet");
    struct history_session s;
    memset(&s, 0, sizeof s);
    snprintf(s.routine, sizeof s.routine, "runners-legs");
    snprintf(s.outcome, sizeof s.outcome, "completed");
    long long now = 10 * 86400;
    s.start_s = now - 3600;
    ui_home_due_text(&s, now, last, sizeof last, next, sizeof next);
    CHECK_STR(last, "Last session: today, runners-legs (completed)");
    CHECK_STR(next, "Next session: tomorrow or later");
    s.start_s = now - 2 * 86400 - 60;
    ui_home_due_text(&s, now, last, sizeof last, next, sizeof next);
    CHECK_STR(last, "Last session: 2 days ago, runners-legs (completed)");
    CHECK_STR(next, "Next session: due today");
    s.start_s = now - 5 * 86400;
    s.outcome[0] = '\0';
    ui_home_due_text(&s, now, last, sizeof last, next, sizeof next);
    CHECK_CONTAINS(last, "(interrupted)");
    CHECK_CONTAINS(next, "overdue");
}

static int64_t session_with(struct history *h, long long t,
                            const char *region1, int v1,
                            const char *region2, int v2)
{
    int64_t id = history_session_begin(h, "runners-legs", "Runners' legs",
                                       t);
    CHECK(id > 0);
    if (region1)
        CHECK_INT(history_record_answer(h, id, t + 60, "soreness", v1,
                                        "s1", region1), ==, 0);
    if (region2)
        CHECK_INT(history_record_answer(h, id, t + 120, "soreness", v2,
                                        "s2", region2), ==, 0);
    CHECK_INT(history_session_end(h, id, t + 600, "completed", NULL), ==, 0);
    return id;
}

static void test_routines_and_history(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/history.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    if (!h)
        return;
    long long now = 1700000000;
    session_with(h, now - 5 * 86400, "calves", 6, "hamstrings", 4);
    session_with(h, now - 3 * 86400, "calves", 3, NULL, 0);
    session_with(h, now - 2 * 86400, "calves", 2, "hamstrings", 8);

    struct ui_home_data d;
    CHECK_INT(ui_home_load(&d, path, now), ==, 0);
    CHECK(d.count >= 5);
    for (size_t i = 0; i < d.count; i++) {
        const struct ui_home_entry *e = &d.entries[i];
        CHECK(e->seconds > 60);
        CHECK(e->level && *e->level);
        CHECK(e->title && *e->title);
        /* Grouped: a group's routines together, never interleaved. */
        for (size_t k = 0; k + 1 < i; k++)
            if (!strcmp(d.entries[k].group, e->group))
                CHECK_STR(d.entries[i - 1].group, e->group);
        CHECK(d.paths[i] != NULL);
        /* The preview: what it needs and its steps. */
        CHECK(e->equipment && *e->equipment);
        CHECK(e->steps && *e->steps);
        CHECK(e->step_count > 0);
        /* A routine over the legs and the upper body is "Full body", not
         * under its first region; the desk routine is with the back. */
        if (!strcmp(e->name, "full-body-basic"))
            CHECK_STR(e->group, "Full body");
        if (!strcmp(e->name, "desk-upper-back"))
            CHECK_STR(e->group, "Back, chest and shoulders");
        if (!strcmp(e->name, "runners-legs"))
            CHECK_STR(e->group, "Legs and hips");
        if (!strcmp(e->name, "feet-and-calves")) {
            CHECK_STR(e->equipment, "Massage ball, foam roller");
            CHECK_CONTAINS(e->steps, "Soles of the feet");
        }
    }
    CHECK_STR(d.entries[0].group, "Full body");
    /* The last session by its title, not its file name. */
    CHECK_STR(d.last, "Last session: 2 days ago, Runners' legs (completed)");
    CHECK_STR(d.next, "Next session: due today");
    struct ui_screen s;
    ui_home_screen(&d, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_HOME);
    CHECK_INT(s.u.home.count, ==, d.count);
    ui_home_free(&d);

    /* The chart: oldest session first, -1 where a region was not
     * asked. */
    struct ui_front f;
    ui_front_init(&f, NULL);
    CHECK_INT(ui_front_load_history(&f, h, now), ==, 0);
    CHECK_INT(f.session_count, ==, 3);
    CHECK_INT(f.series_count, ==, 2);
    int calves = strcmp(f.series_name[0], "Calves") == 0 ? 0 : 1;
    int ham = 1 - calves;
    CHECK_STR(f.series_name[calves], "Calves");
    CHECK_STR(f.series_name[ham], "Hamstrings");
    CHECK_INT(f.series_values[calves][0], ==, 6);
    CHECK_INT(f.series_values[calves][1], ==, 3);
    CHECK_INT(f.series_values[calves][2], ==, 2);
    CHECK_INT(f.series_values[ham][0], ==, 4);
    CHECK_INT(f.series_values[ham][1], ==, -1);
    CHECK_INT(f.series_values[ham][2], ==, 8);
    history_close(h);

    /* No history file: nothing is created just to show the home. */
    snprintf(path, sizeof path, "%s/none.db", check_tmpdir());
    CHECK_INT(ui_home_load(&d, path, now), ==, 0);
    CHECK_STR(d.last, "No sessions yet");
    FILE *fp = fopen(path, "r");
    CHECK(fp == NULL);
    if (fp)
        fclose(fp);
    ui_home_free(&d);
}

int main(void)
{
    /* The bundled routines (tests run from the top of the tree) as the
     * user's own folder, so nothing installed elsewhere is read. */
    const char *tmp = check_tmpdir();
    char data[600], dir[700], link[800], top[512];
    snprintf(data, sizeof data, "%s/data", tmp);
    snprintf(dir, sizeof dir, "%s/unknot", data);
    snprintf(link, sizeof link, "%s/routines", dir);
    if (!getcwd(top, sizeof top - 16))
        return 2;
    strcat(top, "/routines");
    if (mkdir(data, 0700) != 0 || mkdir(dir, 0700) != 0 ||
        symlink(top, link) != 0) {
        perror(link);
        return 2;
    }
    setenv("XDG_DATA_HOME", data, 1);
    RUN_TEST(test_due_text);
    RUN_TEST(test_routines_and_history);
    return check_summary("test_ui_home");
}
