/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session driver when the history stops taking answers (a real tmpfs
 * filled up after the session started): the session stops at the first
 * failed write and says why, a safety rule fired by that very answer is
 * still said word for word, and every answer is in the history at the
 * next start.  Needs root for the mount (CI runs as root); says so and
 * passes nothing otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coach/answers.h"
#include "history/history.h"
#include "routines/routine.h"
#include "session/session.h"
#include "tests/check.h"
#include "util/diag.h"
#include "util/exit_status.h"
#include "util/util.h"

static const char routine_text[] =
    "[routine]\ntitle = Storage test\n"
    "[step calves]\nregion = calves\nsetup = Sit with the roller under "
    "one calf.\nhold = 30\nsides = left-right\nrest = 10\nask = soreness\n";

struct seen {
    char says[32][512];
    int nsay, asks_after, stops;
    bool noticed;
    char stop_text[512];
    char end_summary[512];
};

static void on_say(void *u, const char *text, long long t)
{
    struct seen *s = u;
    (void)t;
    if (s->nsay < 32)
        snprintf(s->says[s->nsay++], sizeof s->says[0], "%s", text);
    if (strstr(text, "I can't save your answers"))
        s->noticed = true;
}

static void on_ask(void *u, const struct coach_view *v, long long t)
{
    struct seen *s = u;
    (void)v;
    (void)t;
    if (s->noticed)
        s->asks_after++;
}

static void on_stop(void *u, const struct coach_action *a, long long t)
{
    struct seen *s = u;
    (void)t;
    s->stops++;
    snprintf(s->stop_text, sizeof s->stop_text, "%s", a->text ? a->text : "");
}

static void on_end(void *u, enum coach_outcome o, const char *summary)
{
    struct seen *s = u;
    (void)o;
    snprintf(s->end_summary, sizeof s->end_summary, "%s",
             summary ? summary : "");
}

static const struct session_frontend fe = {
    .say = on_say, .ask = on_ask, .stop = on_stop, .end = on_end,
};

static char *tiny_dir(void)
{
    char *dir = xasprintf("%s/tiny%d", check_tmpdir(), rand());
    CHECK(mkdir(dir, 0700) == 0);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=1m") != 0) {
        printf("session storage: skipped: cannot mount a tmpfs (%s); run "
               "as root (CI does)\n", strerror(errno));
        rmdir(dir);
        free(dir);
        return NULL;
    }
    return dir;
}

/* Fills the file system with a file of zeros until it is full. */
static void fill(const char *dir)
{
    char *p = xasprintf("%s/filler", dir);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    char block[4096] = { 0 };
    while (fd >= 0 && write(fd, block, sizeof block) > 0)
        ;
    if (fd >= 0)
        close(fd);
    free(p);
}

static void unfill(const char *dir)
{
    char *p = xasprintf("%s/filler", dir);
    unlink(p);
    free(p);
}

static int run_full(const char *dir, const char *answers, struct seen *seen,
                    long long *stored, const char *outcome)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(routine_text,
                                            strlen(routine_text),
                                            "storage.ini", &dl);
    diag_free(&dl);
    CHECK(r != NULL);
    char *path = xasprintf("%s/history.db", dir);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    struct answer_script *sc = answer_script_parse(answers, &err);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.history = h;
    o.answers = sc;
    o.assume_screened = true;
    struct session *s = session_create(&o, &fe, seen, &err);
    CHECK(s != NULL);
    fill(dir);                      /* the card fills up now */
    int status = s ? session_run_virtual(s, NULL, NULL) : -1;
    session_destroy(s);
    history_close(h);
    unfill(dir);                    /* space returns */
    h = history_open(path, &err);   /* the next start */
    CHECK(h != NULL);
    *stored = 0;
    if (h) {
        struct history_session last;
        if (history_last_session(h, 1LL << 40, &last) == 1)
            *stored = history_session_answers(h, last.id, NULL, NULL);
        CHECK_STR(last.outcome, outcome);
    }
    history_close(h);
    answer_script_free(sc);
    routine_destroy(r);
    free(path);
    return status;
}

static void test_full_disk_stops_and_keeps_the_answer(void)
{
    char *dir = tiny_dir();
    if (!dir)
        return;
    struct seen seen = { 0 };
    long long stored = 0;
    int status = run_full(dir, "*=no,soreness=2", &seen, &stored,
                          "quit");
    CHECK_INT(status, ==, EXIT_STORAGE);
    CHECK(seen.noticed);
    CHECK_INT(seen.asks_after, ==, 0);
    CHECK_CONTAINS(seen.end_summary, "the storage is full");
    CHECK_CONTAINS(seen.end_summary, "your answers are kept");
    CHECK_INT(stored, ==, 1);       /* the first answer, from the journal */
    umount2(dir, MNT_DETACH);
    rmdir(dir);
    free(dir);
}

static void test_safety_message_still_said_when_storage_fails(void)
{
    char *dir = tiny_dir();
    if (!dir)
        return;
    struct seen seen = { 0 };
    long long stored = 0;
    /* The first daily-check answer fires a not-start rule, and it is the
     * write that fails. */
    int status = run_full(dir, "daily-unwell=yes,*=no", &seen, &stored,
                          "stopped");     /* the rule ended it, as always */
    CHECK_INT(status, ==, EXIT_STORAGE);
    CHECK_INT(seen.stops, >=, 1);
    CHECK_CONTAINS(seen.stop_text, "Let's wait until you feel better.");
    bool said = false;
    for (int i = 0; i < seen.nsay; i++)
        said |= !strcmp(seen.says[i], seen.stop_text);
    CHECK(said);
    CHECK(seen.noticed);
    CHECK_INT(stored, ==, 1);
    umount2(dir, MNT_DETACH);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    RUN_TEST(test_full_disk_stops_and_keeps_the_answer);
    RUN_TEST(test_safety_message_still_said_when_storage_fails);
    return check_summary("test_session_storage");
}
