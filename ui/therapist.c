/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See therapist.h. */
#include "ui/therapist.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/settings.h"
#include "export/fhir.h"
#include "history/history.h"
#include "report/report.h"
#include "routines/install.h"
#include "ui/loop.h"
#include "util/atomic_file.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/util.h"

static char **offered;          /* folders offered (process lifetime) */
static size_t noffered, cap_offered;
static long long next_scan = -1;

long long ui_usb_next_scan(void)
{
    if (next_scan < 0)
        next_scan = util_now_ms();
    return next_scan;
}

static bool was_offered(const char *dir)
{
    for (size_t i = 0; i < noffered; i++)
        if (!strcmp(offered[i], dir))
            return true;
    return false;
}

static struct ui_input hit(void *user, int x, int y)
{
    return ui_hit_test(user, x, y);
}

/* Shows a message until OK (1), Escape/stop (0) or the window closes
 * (-1). */
static int message(struct ui *ui, struct ui_keymap *km, const char *title,
                   const char *text)
{
    struct ui_screen s;
    memset(&s, 0, sizeof s);
    s.kind = UI_SCREEN_MESSAGE;
    s.u.message.title = title;
    s.u.message.text = text;
    bool dirty = true;
    for (;;) {
        if (dirty)
            ui_draw(ui, &s);
        dirty = false;
        SDL_Event ev;
        if (!ui_wait_event(-1, &ev))
            continue;
        if (ev.type == SDL_WINDOWEVENT) {
            if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                ui_update_size(ui);
            dirty = true;
            continue;
        }
        struct ui_input in = ui_input_from_event(km, &ev, hit, ui,
                                                 ui_width(ui),
                                                 ui_height(ui));
        if (in.cmd == UI_CMD_QUIT)
            return -1;
        if (in.cmd == UI_CMD_OK || in.cmd == UI_CMD_SELECT)
            return 1;
        if (in.cmd == UI_CMD_STOP)
            return 0;
    }
}

/* Installs every routine file in dir; the summary for the screen. */
static int install_all(const char *dir, char *msg, size_t size)
{
    char **files = install_list_dir(dir);
    int good = 0, broken = 0, refused = 0, failed = 0;
    FILE *quiet = fopen("/dev/null", "w");
    struct install_options o = { .out = quiet ? quiet : stderr };
    for (size_t i = 0; files[i]; i++) {
        switch (install_routine_file(files[i], &o)) {
        case INSTALL_NEW:
        case INSTALL_REPLACED:
        case INSTALL_SAME:
            good++;
            break;
        case INSTALL_BROKEN:
            broken++;
            break;
        case INSTALL_BUNDLED:
            refused++;
            break;
        case INSTALL_FAILED:
            failed++;
            break;
        }
    }
    if (quiet)
        fclose(quiet);
    install_free_list(files);
    /* One sentence per outcome, each whole in the catalogue. */
    size_t k = (size_t)snprintf(msg, size, ngettext("Installed %d routine.",
                                                    "Installed %d routines.",
                                                    (unsigned long)good),
                                good);
    if (broken && k < size)
        k += (size_t)snprintf(msg + k, size - k, " ");
    /* TRANSLATORS: after "Installed 2 routines."; the number counts
     * routine files. */
    if (broken && k < size)
        k += (size_t)snprintf(msg + k, size - k, ngettext(
                "%d had errors and was not installed (unknot check shows "
                "why).", "%d had errors and were not installed (unknot "
                "check shows why).", (unsigned long)broken), broken);
    if (refused && k < size)
        k += (size_t)snprintf(msg + k, size - k, " ");
    if (refused && k < size)
        k += (size_t)snprintf(msg + k, size - k, ngettext(
                "%d has the name of a built-in routine (rename it).",
                "%d have the name of a built-in routine (rename them).",
                (unsigned long)refused), refused);
    if (failed && k < size)
        k += (size_t)snprintf(msg + k, size - k, " ");
    if (failed && k < size)
        snprintf(msg + k, size - k, ngettext("%d could not be written.",
                                             "%d could not be written.",
                                             (unsigned long)failed), failed);
    return good;
}

int ui_usb_poll(struct ui *ui, struct ui_keymap *km)
{
    long long now = util_now_ms();
    if (now < ui_usb_next_scan())
        return 0;
    next_scan = now + UI_USB_SCAN_MS;
    char **dirs = install_find_media(NULL);
    /* A stick that was taken out is forgotten, so plugging it in again
     * offers it again. */
    for (size_t i = 0; i < noffered;) {
        bool still = false;
        for (size_t k = 0; dirs[k] && !still; k++)
            still = !strcmp(dirs[k], offered[i]);
        if (still) {
            i++;
            continue;
        }
        free(offered[i]);
        offered[i] = offered[--noffered];
    }
    int result = 0;
    for (size_t i = 0; dirs[i] && result >= 0; i++) {
        if (was_offered(dirs[i]))
            continue;
        offered = xgrow(offered, &cap_offered, noffered + 1,
                        sizeof *offered);
        offered[noffered++] = xstrdup(dirs[i]);
        char **files = install_list_dir(dirs[i]);
        size_t n = 0;
        while (files[n])
            n++;
        install_free_list(files);
        /* TRANSLATORS: %zu counts the files, %s is the stick's folder. */
        char *text = xasprintf(ngettext("%zu routine file on the USB stick "
                                        "(%s).\nPress OK to check and "
                                        "install it, or Escape for not now.",
                                        "%zu routine files on the USB stick "
                                        "(%s).\nPress OK to check and "
                                        "install them, or Escape for not "
                                        "now.", n), n, dirs[i]);
        int a = message(ui, km, _("Install routines?"), text);
        free(text);
        if (result < 1)
            result = 1;
        if (a < 0) {
            result = -1;
        } else if (a == 1) {
            char msg[512];
            if (install_all(dirs[i], msg, sizeof msg) > 0)
                result = 2;
            if (message(ui, km, _("Routines from the USB stick"), msg) < 0)
                result = -1;
        }
    }
    install_free_list(dirs);
    return result;
}

/* The first writable folder at depth 1 or 2 of a root that is a mount
 * point (any folder when the roots came from $UNKNOT_MEDIA_DIRS). */
/* Keeps the alphabetically first candidate, so the choice does not depend
 * on the order folders are listed in. */
static void keep_first(char **found, char *p)
{
    if (!*found || strcmp(p, *found) < 0) {
        free(*found);
        *found = p;
    } else {
        free(p);
    }
}

/* A writable folder at depth 2 (/media/USER/LABEL), else depth 1
 * (/media/LABEL), of a root, that is a mount point (any folder when the
 * roots came from $UNKNOT_MEDIA_DIRS); the first by name. */
char *ui_report_target(void)
{
    const char *env = getenv("UNKNOT_MEDIA_DIRS");
    bool any = env && *env;
    char *roots = xstrdup(any ? env : "/media:/run/media"), *save = NULL;
    char *found = NULL, *shallow = NULL;
    for (char *r = strtok_r(roots, ":", &save); r && !found;
         r = strtok_r(NULL, ":", &save)) {
        struct stat rs;
        DIR *d = stat(r, &rs) == 0 ? opendir(r) : NULL;
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char *p1 = path_join(r, e->d_name);
            struct stat s1;
            if (stat(p1, &s1) != 0 || !S_ISDIR(s1.st_mode)) {
                free(p1);
                continue;
            }
            DIR *d2 = opendir(p1);
            struct dirent *e2;
            while (d2 && (e2 = readdir(d2))) {
                if (e2->d_name[0] == '.')
                    continue;
                char *p2 = path_join(p1, e2->d_name);
                struct stat s2;
                if (stat(p2, &s2) == 0 && S_ISDIR(s2.st_mode)
                    && (any || s2.st_dev != s1.st_dev)
                    && access(p2, W_OK) == 0)
                    keep_first(&found, p2);
                else
                    free(p2);
            }
            if (d2)
                closedir(d2);
            if (!any && s1.st_dev != rs.st_dev && access(p1, W_OK) == 0)
                keep_first(&shallow, p1);
            else
                free(p1);
        }
        closedir(d);
    }
    free(roots);
    if (found) {
        free(shallow);
        return found;
    }
    return shallow;
}

int ui_report_save(const char *history_path, const struct settings *given,
                   const char *dir, char *msg, size_t msg_size)
{
    /* The patient named in the report is the one of the settings the app
     * was started with: another file (--config) may name another one. */
    struct settings st;
    if (given)
        st = *given;
    else if (settings_load_for_app(&st, NULL) != 0)
        settings_defaults(&st);
    struct history_options ro = { .read_only = true, .missing_ok = true };
    char *err = NULL;
    struct history *h = history_open_with(history_path, &ro, &err);
    if (!h) {
        /* TRANSLATORS: %s is the error, as the system says it. */
        snprintf(msg, msg_size, _("The history cannot be read: %s"),
                 err ? err : "?");
        free(err);
        return -1;
    }
    char day[16];
    time_t now = (time_t)util_wall_s();
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    char *pdf_name = xasprintf("unknot-report-%s.pdf", day);
    char *json_name = xasprintf("unknot-history-%s.fhir.json", day);
    char *pdf = path_join(dir, pdf_name);
    char *json = path_join(dir, json_name);
    struct atomic_file af;
    int rc = -1;
    FILE *f = atomic_file_open(&af, pdf, 0600, &err);
    if (f) {
        struct report_options o = { .patient_name = st.patient_name,
                                    .patient_id = st.patient_id };
        if (report_write_pdf(h, &o, f, NULL, &err) != 0)
            atomic_file_abort(&af);
        else if (atomic_file_commit(&af, &err) == 0)
            rc = 0;
    }
    if (rc == 0 && (f = atomic_file_open(&af, json, 0600, &err))) {
        struct fhir_options fo = { .patient_name = st.patient_name,
                                   .patient_id = st.patient_id };
        rc = -1;
        if (fhir_export(h, &fo, f, &err) != 0)
            atomic_file_abort(&af);
        else if (atomic_file_commit(&af, &err) == 0)
            rc = 0;
    } else if (rc == 0) {
        rc = -1;
    }
    if (rc == 0)
        /* TRANSLATORS: the two file names saved, one a line. */
        snprintf(msg, msg_size, _("Saved on the USB stick:\n%s\n%s\nIt is "
                 "health information: give it only to your therapist."),
                 pdf_name, json_name);
    else
        /* TRANSLATORS: %s is the error, as the system says it. */
        snprintf(msg, msg_size, _("The report could not be saved: %s"),
                 err ? err : "?");
    free(err);
    history_close(h);
    free(pdf_name);
    free(json_name);
    free(pdf);
    free(json);
    return rc;
}

bool ui_report_offer(struct ui *ui, struct ui_keymap *km,
                     const char *history_path, const struct settings *st)
{
    char *dir = ui_report_target();
    char msg[512];
    if (!dir)
        snprintf(msg, sizeof msg, "%s", _("No USB stick found. Plug one in, "
                 "wait a moment, and try again."));
    else if (!history_path)
        snprintf(msg, sizeof msg, "%s", _("There is no history to report "
                 "yet."));
    else
        ui_report_save(history_path, st, dir, msg, sizeof msg);
    free(dir);
    return message(ui, km, _("Report for your therapist"), msg) >= 0;
}
