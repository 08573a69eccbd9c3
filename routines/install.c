/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See install.h. */
#include "routines/install.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audio/audio.h"
#include "audio/voices.h"
#include "coach/dose.h"
#include "routines/routine.h"
#include "util/atomic_file.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/util.h"

/* Bigger than any routine file the checker accepts. */
#define INSTALL_MAX_BYTES (1024 * 1024)

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_ini_name(const char *n)
{
    return n[0] != '.' && strlen(n) > 4 && str_ends_with(n, ".ini");
}

char **install_list_dir(const char *dir)
{
    char **list = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!is_ini_name(e->d_name))
                continue;
            char *p = path_join(dir, e->d_name);
            if (!path_is_file(p)) {
                free(p);
                continue;
            }
            list = xgrow(list, &cap, n + 2, sizeof *list);
            list[n++] = p;
        }
        closedir(d);
    }
    if (n)
        qsort(list, n, sizeof *list, cmp_str);
    if (!list)
        list = xcalloc(1, sizeof *list);
    list[n] = NULL;
    return list;
}

void install_free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

static bool has_ini(const char *dir)
{
    char **l = install_list_dir(dir);
    bool any = l[0] != NULL;
    install_free_list(l);
    return any;
}

/* Adds the sub-folders of dir (depth 1) holding .ini files, and, one level
 * deeper, theirs. */
static void scan(const char *dir, int depth, char ***list, size_t *n,
                 size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        if (path_is_dir(p)) {
            if (has_ini(p)) {
                *list = xgrow(*list, cap, *n + 2, sizeof **list);
                (*list)[(*n)++] = xstrdup(p);
            }
            if (depth < 2)
                scan(p, depth + 1, list, n, cap);
        }
        free(p);
    }
    closedir(d);
}

char **install_find_media(const char *roots)
{
    if (!roots)
        roots = getenv("UNKNOT_MEDIA_DIRS");
    if (!roots || !*roots)
        roots = "/media:/run/media";
    char **list = NULL;
    size_t n = 0, cap = 0;
    char *copy = xstrdup(roots), *save = NULL;
    for (char *r = strtok_r(copy, ":", &save); r;
         r = strtok_r(NULL, ":", &save))
        scan(r, 1, &list, &n, &cap);
    free(copy);
    if (n)
        qsort(list, n, sizeof *list, cmp_str);
    if (!list)
        list = xcalloc(1, sizeof *list);
    list[n] = NULL;
    return list;
}

/* The whole file, or NULL with errno set. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xmalloc(INSTALL_MAX_BYTES + 1);
    size_t n = fread(buf, 1, INSTALL_MAX_BYTES + 1, f);
    int failed = ferror(f) || n > INSTALL_MAX_BYTES;
    fclose(f);
    if (failed) {
        free(buf);
        errno = errno ? errno : EFBIG;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The bundled routine of this file name (the installed data folder, then
 * the source tree), or NULL. */
static char *bundled_path(const char *file)
{
    char *dirs[2] = { path_join(paths_install_data_dir(), "routines"),
                      NULL };
    char *tree = paths_source_tree();
    if (tree) {
        dirs[1] = path_join(tree, "routines");
        free(tree);
    }
    char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        if (!dirs[i])
            continue;
        char *p = path_join(dirs[i], file);
        if (path_is_file(p))
            found = p;
        else
            free(p);
    }
    free(dirs[0]);
    free(dirs[1]);
    return found;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static const struct routine_step *find_step(const struct routine *r,
                                            const char *id)
{
    for (size_t i = 0; i < r->step_count; i++)
        if (!strcmp(r->steps[i].id, id))
            return &r->steps[i];
    return NULL;
}

/* What replacing old with new changes, one line each, as a therapist
 * would check it: the title, steps added and removed, and per step the
 * region, tool, sides, hold and rest. */
static void print_changes(FILE *out, const struct routine *old,
                          const struct routine *new)
{
    int n = 0;
    if (strcmp(old->title, new->title)) {
        fprintf(out, "  title: %s -> %s\n", term_safe(old->title),
                term_safe(new->title));
        n++;
    }
    for (size_t i = 0; i < old->step_count; i++)
        if (!find_step(new, old->steps[i].id)) {
            fprintf(out, "  - step %s (%s, hold %d s)\n", term_safe(old->steps[i].id),
                    old->steps[i].region ? old->steps[i].region->id : "-",
                    old->steps[i].hold_s);
            n++;
        }
    for (size_t i = 0; i < new->step_count; i++) {
        const struct routine_step *b = &new->steps[i];
        const struct routine_step *a = find_step(old, b->id);
        if (!a) {
            fprintf(out, "  + step %s (%s, hold %d s)\n", term_safe(b->id),
                    b->region ? b->region->id : "-", b->hold_s);
            n++;
            continue;
        }
        char line[512];
        size_t k = 0;
        line[0] = '\0';
#define CHANGE(...) \
        k += (size_t)snprintf(line + k, k < sizeof line ? sizeof line - k : 0, \
                              __VA_ARGS__)
        if (a->region != b->region)
            CHANGE(", region %s -> %s", a->region ? a->region->id : "-",
                   b->region ? b->region->id : "-");
        if (a->tool != b->tool)
            CHANGE(", tool %s -> %s", routine_tool_name(a->tool),
                   routine_tool_name(b->tool));
        if (a->sides != b->sides)
            CHANGE(", sides %s -> %s", routine_sides_name(a->sides),
                   routine_sides_name(b->sides));
        if (a->hold_s != b->hold_s)
            CHANGE(", hold %d s -> %d s", a->hold_s, b->hold_s);
        if (a->rest_s != b->rest_s)
            CHANGE(", rest %d s -> %d s", a->rest_s, b->rest_s);
        if (strcmp(a->setup, b->setup)
            || strcmp(a->cue ? a->cue : "", b->cue ? b->cue : ""))
            CHANGE(", instructions reworded");
#undef CHANGE
        if (k) {
            fprintf(out, _("  ~ step %s:%s\n"), term_safe(b->id), line + 1);
            n++;
        }
    }
    int so = routine_estimate_seconds(old), sn = routine_estimate_seconds(new);
    if (so != sn)
        fprintf(out, _("  length: about %d min %d s -> %d min %d s\n"),
                so / 60, so % 60, sn / 60, sn % 60);
    else if (!n)
        fprintf(out, _("  (no change to the steps or holds; other text "
                "differs)\n"));
}

/* Writes text to dir/file through a temporary file that is checked again
 * before it takes the name.  0, or -1 with a message printed. */
static int write_checked(FILE *out, const char *src, const char *dest,
                         const char *text, size_t len)
{
    struct atomic_file af;
    char *err = NULL;
    FILE *f = atomic_file_open(&af, dest, 0644, &err);
    if (!f) {
        fprintf(out, _("%s: not installed: %s\n"), term_safe(src), term_safe(err));
        free(err);
        return -1;
    }
    if (fwrite(text, 1, len, f) != len || fflush(f) != 0) {
        fprintf(out, _("%s: not installed: %s: cannot write: %s\n"), term_safe(src), term_safe(dest),
                strerror(errno));
        atomic_file_abort(&af);
        return -1;
    }
    /* The copy must pass the check too (the source could have changed
     * between reading and checking, or the write gone wrong). */
    struct diag_list dl;
    diag_init(&dl);
    struct routine *again = routine_load_file(af.tmp, &dl);
    bool ok = again != NULL;
    routine_destroy(again);
    diag_free(&dl);
    if (!ok) {
        fprintf(out, _("%s: not installed: the copy did not pass the check "
                "(did the file change while it was read?)\n"), term_safe(src));
        atomic_file_abort(&af);
        return -1;
    }
    if (atomic_file_commit(&af, &err) != 0) {
        fprintf(out, _("%s: not installed: %s\n"), term_safe(src), term_safe(err));
        free(err);
        return -1;
    }
    return 0;
}

/* The line of the [routine] section's language key, for the report; 0
 * (the whole file) when it cannot be told. */
static int language_line(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char buf[512];
    int line = 0, found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        line++;
        const char *p = buf;
        if (line == 1 && !strncmp(p, "\xef\xbb\xbf", 3))
            p += 3;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, "language", 8)) {
            p += 8;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '=' || *p == ':')
                found = line;
        }
    }
    fclose(f);
    return found;
}

/* The routine's language: an eSpeak NG voice must speak it (an error:
 * the session could not say a word), and the coach's own words need a
 * catalogue (a warning: the session runs in English). */
static void check_language(const char *path, const struct routine *r,
                           struct diag_list *dl)
{
    if (!r->language_set)
        return;
    int line = language_line(path);
    int have = voices_have(r->language);
    if (have == 0)
        diag_add(dl, DIAG_ERROR, path, line, _("language = '%s': eSpeak NG "
                 "has no voice for it (`espeak-ng --voices` lists them; "
                 "use its code, such as de, fr, es or en-us)"), r->language);
    else if (have < 0)
        diag_add(dl, DIAG_WARNING, path, line, _("language = '%s': no "
                 "eSpeak NG voice data found to check it against (is "
                 "espeak-ng-data installed?)"), r->language);
    char cat[16];
    if (have != 0 && !i18n_catalogue_for(r->language, cat, sizeof cat))
        /* TRANSLATORS: the second %s lists the catalogues: "de es fr" */
        diag_add(dl, DIAG_WARNING, path, line, _("language = '%s': the "
                 "coach's own words have no translation in it yet (there "
                 "are: en %s), so the session speaks and shows them in "
                 "English, all in an English voice"), r->language,
                 i18n_available());
}

struct routine *install_check_file(const char *path, FILE *out,
                                   struct diag_list *dl,
                                   const struct dose_speech *speech,
                                   bool estimate)
{
    struct routine *r = routine_load_file(path, dl);
    struct dose_length len = { -1, { 0 } };
    if (r) {
        check_language(path, r, dl);
        /* The session's words are in its language: measure those.  The
         * report itself stays in the reader's language (the therapist's:
         * the settings' or the system's, docs/routine-format.md). */
        char reader[16];
        snprintf(reader, sizeof reader, "%s", i18n_current());
        struct i18n_choice lang;
        i18n_choose(r->language_set ? r->language : NULL, NULL, NULL,
                    &lang);
        i18n_use(lang.catalogue);
        if (!dl->errors)
            dose_worst_case(r, speech, &len);
        i18n_use(reader);
        if (dl->errors || !dose_check_length(r, &len, estimate, path, dl)) {
            routine_destroy(r);
            r = NULL;
        }
    }
    diag_print(dl, out);
    if (r) {
        long long s = (len.ms + 999) / 1000;
        unsigned long n = (unsigned long)r->step_count;
        fprintf(out, "%s: ", term_safe(path));
        /* TRANSLATORS: "ok" is the status word of a file with no error
         * (as "error" and "warning" are of a problem); the third %s is
         * "first use" or "a later session" (msgctxt "session length"). */
        fprintf(out, estimate
                ? ngettext("ok: %lu step, at most %lld min %lld s (%s, %d "
                           "words a minute, %d s lead-in)",
                           "ok: %lu steps, at most %lld min %lld s (%s, %d "
                           "words a minute, %d s lead-in)", n)
                : ngettext("ok: %lu step, worst case %lld min %lld s (%s, "
                           "%d words a minute, %d s lead-in)",
                           "ok: %lu steps, worst case %lld min %lld s (%s, "
                           "%d words a minute, %d s lead-in)", n),
                n, s / 60, s % 60, dose_worst_run_name(&len.worst),
                len.worst.rate_wpm, len.worst.lead_in_s);
        if (dl->warnings)
            fprintf(out, ngettext(", %lu warning", ", %lu warnings",
                                  (unsigned long)dl->warnings),
                    (unsigned long)dl->warnings);
        fputc('\n', out);
    }
    return r;
}

static long long espeak_ms(const char *text, const char *voice, int rate,
                           void *user)
{
    (void)user;
    return audio_speech_ms(text, voice, rate);
}

enum install_result install_routine_file(const char *path,
                                         const struct install_options *o)
{
    FILE *out = o && o->out ? o->out : stdout;
    /* The text first, then the check on the file as `unknot check` does
     * it; the copy is checked again before it is installed. */
    size_t len = 0;
    char *text = read_all(path, &len);
    struct diag_list dl;
    diag_init(&dl);
    /* Spoken lengths measured with eSpeak NG, as `unknot check` does,
     * unless the caller brings its own (a cache shared over many files,
     * or the bound of --estimate). */
    struct dose_speech espeak = { espeak_ms, NULL };
    struct dose_cache *cache = o && o->speech ? NULL
                                              : dose_cache_create(&espeak);
    struct dose_speech own = cache ? dose_cache_speech(cache)
                                   : *o->speech;
    struct routine *r = install_check_file(path, out, &dl, &own,
                                           o && o->estimate);
    dose_cache_destroy(cache);
    if (!r || !text) {
        if (r || dl.errors == 0)
            fprintf(out, _("%s: not installed: cannot read: %s\n"), term_safe(path),
                    strerror(errno));
        else
            fprintf(out, ngettext("%s: not installed: %lu error (fix it "
                                  "and try again)\n",
                                  "%s: not installed: %lu errors (fix them "
                                  "and try again)\n",
                                  (unsigned long)dl.errors),
                    term_safe(path), (unsigned long)dl.errors);
        routine_destroy(r);
        diag_free(&dl);
        free(text);
        return INSTALL_BROKEN;
    }
    diag_free(&dl);

    const char *file = base_name(path);
    char *user_dir = o && o->user_dir ? xstrdup(o->user_dir) : NULL;
    if (!user_dir) {
        char *data = paths_data_dir();
        user_dir = path_join(data, "routines");
        free(data);
    }
    char *dest = path_join(user_dir, file);
    enum install_result res = INSTALL_NEW;
    char *bundled = bundled_path(file);
    size_t old_len = 0;
    char *old_text = path_is_file(dest) ? read_all(dest, &old_len) : NULL;

    if (old_text && old_len == len && !memcmp(old_text, text, len)) {
        fprintf(out, _("%s: already installed as %s (same file)\n"), term_safe(path),
                term_safe(r->name));
        res = INSTALL_SAME;
    } else if (bundled && !old_text && !(o && o->replace_bundled)) {
        fprintf(out, _("%s: not installed: '%s' is the name of a routine "
                "that comes with Unknot (%s); rename the file, or use "
                "--replace to use this one instead\n"), term_safe(path),
                term_safe(r->name), term_safe(bundled));
        res = INSTALL_BUNDLED;
    } else {
        struct routine *old = NULL;
        if (old_text) {
            struct diag_list od;
            diag_init(&od);
            old = routine_load_file(dest, &od);
            diag_free(&od);
            res = INSTALL_REPLACED;
        }
        if (!o || !o->dry_run) {
            if (paths_mkdir_p(user_dir) != 0) {
                fprintf(out, _("%s: not installed: cannot create %s: %s\n"),
                        term_safe(path), term_safe(user_dir), strerror(errno));
                res = INSTALL_FAILED;
            } else if (write_checked(out, path, dest, text, len) != 0) {
                res = INSTALL_FAILED;
            }
        }
        if (res != INSTALL_FAILED) {
            bool dry = o && o->dry_run;
            const char *src = term_safe(path);
            char *to = xstrdup(term_safe(dest));
            if (res == INSTALL_REPLACED && old)
                fprintf(out, dry ? _("%s: would be installed as %s, "
                                     "replacing your routine:\n")
                                 : _("%s: installed as %s, replacing your "
                                     "routine:\n"), src, to);
            else if (res == INSTALL_REPLACED)
                fprintf(out, dry ? _("%s: would be installed as %s, "
                                     "replacing your file (which did not "
                                     "pass the check):\n")
                                 : _("%s: installed as %s, replacing your "
                                     "file (which did not pass the "
                                     "check):\n"), src, to);
            else if (bundled)
                fprintf(out, dry ? _("%s: would be installed as %s, used "
                                     "instead of the bundled %s\n")
                                 : _("%s: installed as %s, used instead of "
                                     "the bundled %s\n"), src, to,
                        term_safe(r->name));
            else
                fprintf(out, dry ? _("%s: would be installed as %s\n")
                                 : _("%s: installed as %s\n"), src, to);
            free(to);
            if (res == INSTALL_REPLACED && old)
                print_changes(out, old, r);
        }
        routine_destroy(old);
    }
    free(old_text);
    free(bundled);
    free(dest);
    free(user_dir);
    free(text);
    routine_destroy(r);
    return res;
}
