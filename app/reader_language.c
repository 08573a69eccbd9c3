/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See reader_language.h. */
#include "app/reader_language.h"

#include "config/settings.h"
#include "util/diag.h"
#include "util/i18n.h"

void reader_language_use(const char *config_path)
{
    struct settings s;
    struct diag_list quiet;
    diag_init(&quiet);
    settings_defaults(&s);
    /* Whatever the file gave for `language` counts, even when another of
     * its lines has an error (which the command then reports). */
    (void)settings_load(&s, config_path, &quiet);
    diag_free(&quiet);
    struct i18n_choice lang;
    i18n_choose(NULL, s.language, s.voice, &lang);
    i18n_use(lang.catalogue);
}
