/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The therapist's side of the home screen (ui/therapist.c), on the real
 * SDL renderer under the dummy video driver, with a fake mount folder
 * ($UNKNOT_MEDIA_DIRS) standing in for /media:
 *   - a stick with routine files plugged in while the home screen is up is
 *     offered; OK installs the good files only and the home screen asks
 *     for its list to be loaded again; the same stick is not offered
 *     twice; a later stick is;
 *   - Escape declines: nothing installed;
 *   - the history screen's "save a report" writes the PDF and the FHIR
 *     file onto the stick, or says there is no stick;
 *   - the history screen shows that S saves a report, as a button a tap
 *     on which gives S's command, in English and in German, whole at
 *     800x480 and at text scale 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/settings.h"
#include "history/history.h"
#include "tests/check.h"
#include "ui/home.h"
#include "ui/therapist.h"
#include "ui/ui.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/util.h"

static const char good[] =
    "[routine]\ntitle = Stick calves\nlevel = gentle\n\n"
    "[step calves]\nregion = calves\ntool = roller\nsides = both\n"
    "hold = 30\nrest = 0\nsetup = Sit with the roller under your calves.\n";
static const char broken[] =
    "[routine]\ntitle = Broken\n\n[step x]\nregion = lower-back\n";

static char media[600], data[600];

static void push_key(SDL_Keycode k)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    SDL_PushEvent(&e);
}

static void put(const char *dir, const char *name, const char *text)
{
    paths_mkdir_p(dir);
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static bool installed(const char *name)
{
    char *p = xasprintf("%s/unknot/routines/%s", data, name);
    bool ok = path_is_file(p);
    free(p);
    return ok;
}

static bool drew(struct ui *ui, const char *needle)
{
    for (size_t i = 0; i < ui_text_count(ui); i++)
        if (strstr(ui_text_at(ui, i)->text, needle))
            return true;
    return false;
}

static struct ui *make_ui_scaled(double scale)
{
    struct ui_options uo = { .width = 800, .height = 480, .hidden = true,
                             .text_scale = scale };
    char *err = NULL;
    struct ui *ui = ui_create(&uo, &err);
    CHECK(ui != NULL);
    free(err);
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    return ui;
}

static struct ui *make_ui(void)
{
    return make_ui_scaled(1.0);
}

static void test_usb_offer_on_home(void)
{
    struct ui *ui = make_ui();
    if (!ui)
        return;
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    /* One routine of the user's own, so the home screen has a list. */
    char *own = xasprintf("%s/unknot/routines", data);
    put(own, "own-calves.ini", good);
    free(own);
    struct ui_home_data d;
    CHECK_INT(ui_home_load(&d, NULL, 0), ==, 0);

    /* Plugged in: the home screen offers it at once; OK installs, OK
     * closes the result; the home screen asks for a reload. */
    char *stick = xasprintf("%s/pi/THERAPIST", media);
    put(stick, "stick-calves.ini", good);
    put(stick, "stick-broken.ini", broken);
    push_key(SDLK_RETURN);
    push_key(SDLK_RETURN);
    const char *path = NULL;
    CHECK_INT(ui_home_run(ui, &d, &km, &path), ==, 2);
    CHECK(installed("stick-calves.ini"));
    CHECK(!installed("stick-broken.ini"));
    CHECK(drew(ui, "Installed 1 routine"));
    ui_home_free(&d);

    /* Loaded again, the list has the new routine; the same stick is not
     * offered again: Escape now leaves the home screen itself. */
    CHECK_INT(ui_home_load(&d, NULL, 0), ==, 0);
    bool listed = false;
    for (size_t i = 0; i < d.count; i++)
        listed = listed || !strcmp(d.entries[i].name, "stick-calves");
    CHECK(listed);
    push_key(SDLK_ESCAPE);
    CHECK_INT(ui_home_run(ui, &d, &km, &path), ==, 0);
    CHECK(!drew(ui, "Install routines?"));

    /* A second stick: offered; Escape declines, nothing installed. */
    char *stick2 = xasprintf("%s/pi/OTHER", media);
    put(stick2, "other-calves.ini", good);
    push_key(SDLK_ESCAPE);      /* declines the offer */
    push_key(SDLK_ESCAPE);      /* leaves the home screen */
    CHECK_INT(ui_home_run(ui, &d, &km, &path), ==, 0);
    CHECK(!installed("other-calves.ini"));
    ui_home_free(&d);

    /* The offer's own text, shown when a third stick appears. */
    char *stick3 = xasprintf("%s/THIRD", media);
    put(stick3, "third.ini", good);
    /* The scan runs every UI_USB_SCAN_MS; wait for it. */
    SDL_Delay(UI_USB_SCAN_MS + 50);
    push_key(SDLK_ESCAPE);
    CHECK_INT(ui_usb_poll(ui, &km), ==, 1);
    CHECK(drew(ui, "Install routines?"));
    CHECK(drew(ui, "1 routine file on the USB"));
    CHECK(!installed("third.ini"));

    /* Taken out and plugged in again: offered again. */
    /* Out of the media folder altogether (as an unmount makes it). */
    char *aside = xasprintf("%s/THIRD-unplugged", check_tmpdir());
    char *cmd = xasprintf("mv '%s' '%s'", stick3, aside), *out = NULL;
    CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
    free(cmd);
    free(out);
    SDL_Delay(UI_USB_SCAN_MS + 50);
    CHECK_INT(ui_usb_poll(ui, &km), ==, 0);     /* gone: nothing to offer */
    cmd = xasprintf("mv '%s' '%s'", aside, stick3);
    free(aside);
    CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
    free(cmd);
    free(out);
    SDL_Delay(UI_USB_SCAN_MS + 50);
    push_key(SDLK_RETURN);
    push_key(SDLK_RETURN);
    CHECK_INT(ui_usb_poll(ui, &km), ==, 2);
    CHECK(installed("third.ini"));
    free(stick);
    free(stick2);
    free(stick3);
    ui_destroy(ui);
}

static void test_save_report(void)
{
    struct ui *ui = make_ui();
    if (!ui)
        return;
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    char *db = xasprintf("%s/history.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    int64_t id = history_session_begin(h, "feet-and-calves",
                                       "Feet and calves", 1759741200);
    CHECK(history_record_answer(h, id, 1759741300, "soreness", 4, "calves",
                                "calves") == 0);
    CHECK(history_session_end(h, id, 1759741500, "completed", NULL) == 0);
    history_close(h);

    /* A stick of its own (the fake mounts may hold others already). */
    char *stick = xasprintf("%s/pi/AAA-REPORTS", media);
    paths_mkdir_p(stick);
    char *target = ui_report_target();
    CHECK(target != NULL);      /* the first stick of the fake mounts */
    if (target)
        CHECK_STR(target, stick);
    free(stick);
    /* The patient is the one of the settings the app runs with (say a
     * --config file), not of the default settings file. */
    struct settings st;
    settings_defaults(&st);
    snprintf(st.patient_name, sizeof st.patient_name, "Erika Mustermann");
    snprintf(st.patient_id, sizeof st.patient_id, "HH-4711");
    push_key(SDLK_RETURN);
    CHECK(ui_report_offer(ui, &km, db, &st));
    CHECK(drew(ui, "Saved on the USB stick"));
    bool pdf = false, json = false;
    if (target) {
        char *cmd = xasprintf("ls '%s'", target), *out = NULL;
        check_run_cmd(cmd, &out);
        pdf = out && strstr(out, "unknot-report-") && strstr(out, ".pdf");
        json = out && strstr(out, ".fhir.json");
        free(out);
        free(cmd);
        cmd = xasprintf("pdfinfo '%s'/unknot-report-*.pdf", target);
        CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
        free(out);
        free(cmd);
    }
    CHECK(pdf);
    CHECK(json);
    if (target) {
        char *cmd = xasprintf("cat '%s'/unknot-history-*.fhir.json", target);
        char *out = NULL;
        CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
        CHECK(out && strstr(out, "Erika Mustermann"));
        CHECK(out && strstr(out, "HH-4711"));
        free(out);
        free(cmd);
        cmd = xasprintf("pdftotext '%s'/unknot-report-*.pdf -", target);
        CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
        CHECK(out && strstr(out, "Erika Mustermann"));
        free(out);
        free(cmd);
    }

    /* No stick: says so. */
    setenv("UNKNOT_MEDIA_DIRS", "/nonexistent-unknot-media", 1);
    CHECK(ui_report_target() == NULL);
    push_key(SDLK_RETURN);
    CHECK(ui_report_offer(ui, &km, db, NULL));
    CHECK(drew(ui, "No USB stick found"));
    setenv("UNKNOT_MEDIA_DIRS", media, 1);
    free(target);
    free(db);
    ui_destroy(ui);
}


/* The drawn text holding needle, or NULL. */
static const struct ui_text_item *drawn(struct ui *ui, const char *needle)
{
    for (size_t i = 0; i < ui_text_count(ui); i++)
        if (strstr(ui_text_at(ui, i)->text, needle))
            return ui_text_at(ui, i);
    return NULL;
}

static void test_history_report_hint(void)
{
    static const struct { const char *lang, *hint; } cases[] = {
        { "en", "Save a report (S)" },
        { "de", "Bericht speichern (S)" },
    };
    static const double scales[] = { 1.0, 2.0 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK_INT(i18n_use(cases[c].lang), ==, 0);
        for (size_t k = 0; k < 2; k++) {
            struct ui *ui = make_ui_scaled(scales[k]);
            if (!ui)
                continue;
            struct ui_front *f = xcalloc(1, sizeof *f);
            ui_front_init(f, NULL);
            struct ui_screen s;
            ui_history_screen(f, &s);
            ui_draw(ui, &s);
            const struct ui_text_item *t = drawn(ui, cases[c].hint);
            CHECK(t != NULL);
            if (t) {
                CHECK(!t->cut);
                CHECK(t->box.x >= 0 && t->box.y >= 0
                      && t->box.x + t->box.w <= 800
                      && t->box.y + t->box.h <= 480);
                /* A tap on it is S: save a report. */
                struct ui_input in = ui_hit_test(ui, t->box.x + t->box.w / 2,
                                                 t->box.y + t->box.h / 2);
                CHECK_INT(in.cmd, ==, UI_CMD_SKIP);
                /* Its button overlaps no other (Done beside it). */
                const struct ui_button *mine = NULL;
                for (size_t i = 0; i < ui_button_count(ui); i++)
                    if (ui_button_at(ui, i)->input.cmd == UI_CMD_SKIP)
                        mine = ui_button_at(ui, i);
                CHECK(mine != NULL);
                for (size_t i = 0; mine && i < ui_button_count(ui); i++) {
                    const struct ui_button *o = ui_button_at(ui, i);
                    if (o != mine)
                        CHECK(!SDL_HasIntersection(&o->box, &mine->box));
                }
            }
            if (strcmp(cases[c].lang, "en"))
                CHECK(!drawn(ui, "Save a report"));
            /* Only the history offers it: a session's summary does not. */
            s.u.summary.offer_report = false;
            ui_draw(ui, &s);
            CHECK(!drawn(ui, cases[c].hint));
            free(f);
            ui_destroy(ui);
        }
    }
    i18n_use("en");
}

/* The soreness chart's dates under its columns are written as the
 * session's language writes them, whatever LC_TIME says (often only the C
 * locale is generated): "6 Oct", German "6. Okt.". */
static void test_history_dates_in_language(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    char *db = xasprintf("%s/dates.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    free(err);
    if (!h) {
        free(db);
        return;
    }
    /* Monday 6 and Tuesday 14 October 2025, 09:00 UTC. */
    const long long days[] = { 1759741200, 1759741200 + 8 * 86400 };
    for (size_t i = 0; i < 2; i++) {
        int64_t id = history_session_begin(h, "feet-and-calves",
                                           "Feet and calves", days[i]);
        CHECK(history_record_answer(h, id, days[i] + 60, "soreness", 3,
                                    "calves", "calves") == 0);
        CHECK(history_session_end(h, id, days[i] + 600, "completed",
                                  NULL) == 0);
    }
    static const struct { const char *lang, *first, *second, *not; } cases[] = {
        { "en", "6 Oct", "14 Oct", "06 Oct" },
        { "de", "6. Okt.", "14. Okt.", "Oct" },
        { "fr", "6 oct.", "14 oct.", "Oct" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK_INT(i18n_use(cases[c].lang), ==, 0);
        struct ui *ui = make_ui();
        if (!ui)
            break;
        struct ui_front *f = xcalloc(1, sizeof *f);
        ui_front_init(f, NULL);
        CHECK_INT(ui_front_load_history(f, h, days[1] + 86400), ==, 0);
        struct ui_screen s;
        ui_history_screen(f, &s);
        ui_draw(ui, &s);
        const struct ui_text_item *a = drawn(ui, cases[c].first);
        const struct ui_text_item *b = drawn(ui, cases[c].second);
        CHECK(a != NULL);
        CHECK(b != NULL);
        if (a && b)
            CHECK(a->box.x < b->box.x);     /* the older one first */
        CHECK(!drawn(ui, cases[c].not));
        free(f);
        ui_destroy(ui);
    }
    i18n_use("en");
    history_close(h);
    free(db);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("UNKNOT_LOG", "error", 1);
    snprintf(media, sizeof media, "%s/media", check_tmpdir());
    snprintf(data, sizeof data, "%s/data", check_tmpdir());
    paths_mkdir_p(media);
    setenv("UNKNOT_MEDIA_DIRS", media, 1);
    setenv("XDG_DATA_HOME", data, 1);
    char cfg[700];
    snprintf(cfg, sizeof cfg, "%s/config", check_tmpdir());
    setenv("XDG_CONFIG_HOME", cfg, 1);
    RUN_TEST(test_usb_offer_on_home);
    RUN_TEST(test_save_report);
    RUN_TEST(test_history_report_hint);
    RUN_TEST(test_history_dates_in_language);
    SDL_Quit();
    return check_summary("test_ui_therapist");
}
