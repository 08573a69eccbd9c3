/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See i18n.h. */
#include "util/i18n.h"

#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/paths.h"
#include "util/util.h"

#ifndef UNKNOT_LOCALEDIR
#define UNKNOT_LOCALEDIR "/usr/local/share/locale"
#endif

static bool inited;
static char localedir[PATH_MAX];
static char system_lang[32];
static char current[16] = "en";
static bool applied;        /* current has been set in the environment */
static char available[256];

static bool has_mo(const char *dir, const char *cat)
{
    char *p = xasprintf("%s/%s/LC_MESSAGES/" UNKNOT_TEXTDOMAIN ".mo", dir,
                        cat);
    bool ok = path_is_file(p);
    free(p);
    return ok;
}

/* A folder of catalogues: one with LANG/LC_MESSAGES/unknot.mo in it. */
static bool is_localedir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = e->d_name[0] != '.' && has_mo(dir, e->d_name);
    closedir(d);
    return found;
}

/* The build tree's locale/ beside (or one above) the running binary:
 * build/unknot, build/tests/test_x and ./unknot (whose build is ./build)
 * all find build/locale without installing. */
static bool find_build_localedir(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    static const char *const rel[] = { "locale", "../locale", "build/locale" };
    for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
        char *p = xasprintf("%s/%s", exe, rel[i]);
        bool ok = is_localedir(p);
        if (ok) {
            char *r = realpath(p, NULL);
            snprintf(out, n, "%s", r ? r : p);
            free(r);
        }
        free(p);
        if (ok)
            return true;
    }
    return false;
}

/* "de_DE.UTF-8@euro" -> "de_DE"; "C", "POSIX" and "C.UTF-8" -> "". */
static void normalise(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (; in[k] && in[k] != '.' && in[k] != '@' && in[k] != ':'
           && k + 1 < n; k++)
        out[k] = in[k];
    out[k] = '\0';
    if (!strcmp(out, "C") || !strcmp(out, "POSIX"))
        out[0] = '\0';
}

static void read_system_language(void)
{
    const char *l = getenv("LANGUAGE");
    if (l && *l) {
        normalise(l, system_lang, sizeof system_lang);
        if (system_lang[0])
            return;
    }
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < ARRAY_LEN(vars); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            normalise(v, system_lang, sizeof system_lang);
            return;     /* the first one set decides, as in POSIX */
        }
    }
    system_lang[0] = '\0';
}

/* The catalogues here, in alphabetical order ("de es fr"). */
static void scan_available(void)
{
    available[0] = '\0';
    struct dirent **names = NULL;
    int n = scandir(localedir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t l = strlen(available), ln = strlen(name);
        if (name[0] != '.' && has_mo(localedir, name)
            && l + ln + 2 <= sizeof available) {
            if (l)
                available[l++] = ' ';
            memcpy(available + l, name, ln + 1);
        }
        free(names[i]);
    }
    free(names);
}

void i18n_init(void)
{
    if (inited)
        return;
    inited = true;
    read_system_language();
    const char *env = getenv("UNKNOT_LOCALEDIR");
    if (env && *env)
        snprintf(localedir, sizeof localedir, "%s", env);
    else if (!find_build_localedir(localedir, sizeof localedir))
        snprintf(localedir, sizeof localedir, "%s", UNKNOT_LOCALEDIR);
    /* The user's message locale when it is a real one; else C.UTF-8, so
     * that LANGUAGE is not ignored (see i18n.h). */
    const char *m = setlocale(LC_MESSAGES, "");
    if (!m || !strcmp(m, "C") || !strcmp(m, "POSIX")) {
        if (!setlocale(LC_MESSAGES, "C.UTF-8"))
            setlocale(LC_MESSAGES, "C.utf8");
    }
    bindtextdomain(UNKNOT_TEXTDOMAIN, localedir);
    bind_textdomain_codeset(UNKNOT_TEXTDOMAIN, "UTF-8");
    textdomain(UNKNOT_TEXTDOMAIN);
    scan_available();
    i18n_use("en");
}

const char *i18n_localedir(void)
{
    i18n_init();
    return localedir;
}

const char *i18n_system_language(void)
{
    i18n_init();
    return system_lang;
}

const char *i18n_catalogue_for(const char *lang, char *buf, size_t n)
{
    i18n_init();
    if (!lang || !*lang || n < 2)
        return NULL;
    size_t k = 0;
    for (; lang[k] && lang[k] != '-' && lang[k] != '_' && lang[k] != '.'
           && k + 1 < n; k++)
        buf[k] = (char)(lang[k] >= 'A' && lang[k] <= 'Z'
                        ? lang[k] - 'A' + 'a' : lang[k]);
    buf[k] = '\0';
    if (!strcmp(buf, "en"))
        return buf;
    if (!k || !has_mo(localedir, buf))
        return NULL;
    return buf;
}

/* The language part of a voice id: "en-us" -> "en", "gmw/de" -> "de". */
static void voice_language(const char *voice, char *buf, size_t n)
{
    const char *slash = strrchr(voice, '/');
    const char *v = slash ? slash + 1 : voice;
    size_t k = 0;
    for (; v[k] && v[k] != '-' && v[k] != '_' && v[k] != '+' && k + 1 < n;
         k++)
        buf[k] = v[k];
    buf[k] = '\0';
}

void i18n_choose(const char *routine_lang, const char *setting_lang,
                 const char *voice_setting, struct i18n_choice *out)
{
    i18n_init();
    memset(out, 0, sizeof *out);
    const char *asked;
    if (routine_lang && *routine_lang) {
        asked = routine_lang;
        out->source = I18N_FROM_ROUTINE;
    } else if (setting_lang && *setting_lang
               && strcmp(setting_lang, "system")) {
        asked = setting_lang;
        out->source = I18N_FROM_SETTING;
    } else if (system_lang[0]) {
        asked = system_lang;
        out->source = I18N_FROM_SYSTEM;
    } else {
        asked = "en";
        out->source = I18N_DEFAULT;
    }
    snprintf(out->asked, sizeof out->asked, "%s", asked);
    char cat[16];
    out->has_catalogue = i18n_catalogue_for(asked, cat, sizeof cat) != NULL;
    snprintf(out->catalogue, sizeof out->catalogue, "%s",
             out->has_catalogue ? cat : "en");
    /* The voice: the routine's own language id (a voice id the checker
     * accepted) when it has a catalogue, else the `voice` setting when it
     * speaks the session's language (en-us for English), else the
     * catalogue's language ("de"; "en" when there is none). */
    char vl[16] = "";
    if (voice_setting && *voice_setting)
        voice_language(voice_setting, vl, sizeof vl);
    if (out->has_catalogue && out->source == I18N_FROM_ROUTINE)
        snprintf(out->voice, sizeof out->voice, "%s", asked);
    else if (vl[0] && !strcmp(vl, out->catalogue))
        snprintf(out->voice, sizeof out->voice, "%s", voice_setting);
    else
        snprintf(out->voice, sizeof out->voice, "%s", out->catalogue);
}

int i18n_use(const char *catalogue)
{
    i18n_init();
    char cat[16];
    int rc = 0;
    const char *c = catalogue ? i18n_catalogue_for(catalogue, cat, sizeof cat)
                              : "en";
    if (!c) {
        c = "en";
        rc = -1;
    }
    /* Already in use: leave the environment alone (setenv is not safe
     * while other threads, such as an audio library's, read it; the
     * session asks again after its front end opened the audio). */
    if (applied && !strcmp(current, c))
        return rc;
    applied = true;
    /* "en" has no catalogue: every lookup misses and gives the msgid. */
    setenv("LANGUAGE", c, 1);
    snprintf(current, sizeof current, "%s", c);
    /* gettext caches translations; a new text domain call makes it look
     * again (it bumps _nl_msg_cat_cntr, as the gettext manual says to do
     * after changing LANGUAGE). */
    textdomain(UNKNOT_TEXTDOMAIN);
    return rc;
}

const char *i18n_current(void)
{
    return current;
}

const char *i18n_available(void)
{
    i18n_init();
    return available;
}

const char *i18n_text(const char *msgid)
{
    return msgid && *msgid ? gettext(msgid) : msgid;
}

const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
    /* gettext keys a msgctxt entry as "context\004msgid" and gives the
     * key back when the catalogue has none. */
    const char *t = gettext(ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}
