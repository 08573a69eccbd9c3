/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The user's language: GNU gettext catalogues (po/, text domain "unknot")
 * for every built-in text a user hears or reads, and the choice of one
 * language per session.
 *
 *   _("text")            the translation of a msgid in the current language
 *   N_("text")           marks a msgid for xgettext in a static table;
 *                        translate it with i18n_text() where it is used
 *   ngettext(s, p, n)    plurals (libintl), with the number as placeholder
 *   C_("context", "text") a msgid that means different things in different
 *                        places (a month's "May", a weekday's "Mon"):
 *                        msgctxt in the catalogue (xgettext --keyword=C_:1c,2)
 *
 * Sentences are whole msgids with their placeholders ("Rest for %d
 * seconds. Next: %s."), never glued from fragments, so a translation can
 * change the word order (use %1$s %2$s where it must).
 *
 * The language of a session (i18n_choose): the routine's `language` when
 * it has one, else the `language` setting, else the system's (LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG), else English.  A language with no
 * catalogue gives English texts (and an English voice).
 *
 * How the catalogue is switched, and why this way: glibc's gettext looks
 * the catalogue up by the LANGUAGE variable, but ignores it while the
 * LC_MESSAGES locale is "C" or "POSIX", and setlocale() to de_DE.UTF-8
 * fails where that locale is not generated (a fresh Pi or CI machine has
 * only C.UTF-8).  So i18n_init() keeps the user's LC_MESSAGES locale when
 * it is a real one and otherwise sets "C.UTF-8" (built into glibc 2.35+,
 * whose name is not "C", so LANGUAGE counts), and i18n_use() sets LANGUAGE
 * to the one catalogue wanted and flushes gettext's cache.  The output
 * codeset is fixed to UTF-8 (bind_textdomain_codeset), whatever LC_CTYPE
 * is.  Numbers, dates and the rest of the C locale are left alone: the
 * parsers read "2.5" the same in every language.
 *
 * Catalogues are found in $UNKNOT_LOCALEDIR, else beside the running
 * binary in a build tree (build/locale, made by `make`), else the
 * installed $(DATADIR)/locale.
 *
 * Threading: i18n_init() and i18n_use() change process-wide state (the
 * environment and gettext's cache): call them on the main thread, before
 * a session starts and while no other thread translates or reads the
 * environment.  i18n_use() of the catalogue already in use changes
 * nothing, so asking again once the audio threads run is safe.  _()
 * itself may be called from any thread.  One language per process at a
 * time, which is one session.
 */
#ifndef UNKNOT_UTIL_I18N_H
#define UNKNOT_UTIL_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define UNKNOT_TEXTDOMAIN "unknot"

#define _(s) gettext(s)
#define N_(s) (s)

/* _() for a text from a table (marked N_()) that may be NULL or empty:
 * gettext("") would give the catalogue's header. */
const char *i18n_text(const char *msgid);

/* pgettext: the translation of msgid in context ctx, or msgid.  As for
 * gettext, printf(C_("ctx", "%d s"), n) has its arguments checked against
 * the msgid (format_arg). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)
const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
    __attribute__((format_arg(2)));

/* Binds the text domain and makes LANGUAGE count (see above).  Safe to
 * call more than once; the first call records the system language. */
void i18n_init(void);

/* The folder the catalogues are read from (borrowed). */
const char *i18n_localedir(void);

/* The system's language as the environment said at i18n_init(): the
 * first entry of LANGUAGE, else LC_ALL, LC_MESSAGES or LANG with codeset
 * and modifier cut ("de_DE.UTF-8" -> "de_DE"); "" for none, C or POSIX. */
const char *i18n_system_language(void);

/* The catalogue a language code maps to: its primary subtag in lower case
 * ("de-at", "de_DE" -> "de") when a catalogue for it is installed, "en"
 * for English, else NULL (no catalogue). */
const char *i18n_catalogue_for(const char *lang, char *buf, size_t n);

enum i18n_source {
    I18N_FROM_ROUTINE, I18N_FROM_SETTING, I18N_FROM_SYSTEM, I18N_DEFAULT
};

struct i18n_choice {
    char asked[32];         /* the language asked for ("de", "it", "en") */
    char catalogue[16];     /* the catalogue used ("de"; "en": built-in) */
    bool has_catalogue;     /* false: asked has none, texts are English */
    enum i18n_source source;
    char voice[64];         /* eSpeak NG voice that speaks the session */
};

/* Chooses a session's language.  routine_lang: the routine's `language`
 * key, NULL or "" when it has none; setting_lang: the `language` setting,
 * NULL, "" or "system" for the system's; voice_setting: the `voice`
 * setting.  The voice: the routine's language when it names one with a
 * catalogue (a voice id the checker accepted), else the voice setting
 * when it speaks the session's language (such as en-us for English),
 * else the catalogue's language ("de"; "en" when the language has no
 * catalogue). */
void i18n_choose(const char *routine_lang, const char *setting_lang,
                 const char *voice_setting, struct i18n_choice *out);

/* Switches the catalogue: "en" (or NULL) for the built-in English texts,
 * else a catalogue name from i18n_catalogue_for().  0, or -1 when there
 * is no such catalogue (English is used then). */
int i18n_use(const char *catalogue);

/* The catalogue in use ("en" until i18n_use says otherwise). */
const char *i18n_current(void);

/* Languages with a catalogue here, besides English: "de fr es" order of
 * po/LINGUAS as found on disk, space separated (borrowed). */
const char *i18n_available(void);

#endif
