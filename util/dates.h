/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Dates and numbers as the language in use writes them (util/i18n.h), in
 * local time: "6 Oct" (a chart's axis), "Mon 6 Oct 2025", "6 Oct 2025
 * 09:05", and a number with one decimal ("2.5", German "2,5").  Not
 * strftime's %b or printf's locale: those follow LC_TIME and LC_NUMERIC,
 * and a device often has only the C locale generated, so the names, the
 * order and the separator are in the catalogue.  The report (PDF) and the
 * window's soreness chart use the same ones.  Each writes a
 * NUL-terminated string of at most size bytes into buf; thread-safe as
 * gettext is.
 */
#ifndef UNKNOT_UTIL_DATES_H
#define UNKNOT_UTIL_DATES_H

#include <stddef.h>

void dates_day_label(char *buf, size_t size, long long t);
void dates_date(char *buf, size_t size, long long t);
void dates_date_time(char *buf, size_t size, long long t);
void dates_decimal(char *buf, size_t size, double v);

#endif
