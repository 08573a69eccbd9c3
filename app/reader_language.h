/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The language of what a command prints for its reader (usage, errors,
 * `unknot check`'s report): the settings' `language`, else the system's
 * (util/i18n.h), else English.  A session's own words follow the session
 * (session_language) instead; data output (CSV, FHIR) is never translated.
 *
 * main() calls reader_language_use() once the global --config is known,
 * and cmd_opts_next() again when a command's own --config names another
 * file.  The settings file is read quietly here: its errors are the
 * command's to print.  Main thread only (i18n_use).
 */
#ifndef UNKNOT_APP_READER_LANGUAGE_H
#define UNKNOT_APP_READER_LANGUAGE_H

/* Switches the catalogue to the reader's language, reading the settings
 * at config_path (NULL: the default file). */
void reader_language_use(const char *config_path);

#endif
