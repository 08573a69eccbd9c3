/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See dates.h. */
#include "util/dates.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/i18n.h"

/* Month and weekday names in the language in use.  Not strftime's %b:
 * it follows LC_TIME, and a device often has only the C locale generated
 * (util/i18n.h), so the names and the dates' order are in the catalogue. */
static const char *month_name(int mon)
{
    /* TRANSLATORS: month abbreviations in dates ("6 Oct 2025"), as the
     * language writes them in a table (German "Okt.", French "oct."). */
    const char *m[12] = {
        C_("month", "Jan"), C_("month", "Feb"), C_("month", "Mar"),
        C_("month", "Apr"), C_("month", "May"), C_("month", "Jun"),
        C_("month", "Jul"), C_("month", "Aug"), C_("month", "Sep"),
        C_("month", "Oct"), C_("month", "Nov"), C_("month", "Dec"),
    };
    return m[mon >= 0 && mon < 12 ? mon : 0];
}

static const char *weekday_name(int wday)
{
    /* TRANSLATORS: weekday abbreviations in dates ("Mon 6 Oct 2025"). */
    const char *d[7] = {
        C_("weekday", "Sun"), C_("weekday", "Mon"), C_("weekday", "Tue"),
        C_("weekday", "Wed"), C_("weekday", "Thu"), C_("weekday", "Fri"),
        C_("weekday", "Sat"),
    };
    return d[wday >= 0 && wday < 7 ? wday : 0];
}

static struct tm local_tm(long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return tm;
}

void dates_day_label(char *buf, size_t size, long long t)
{
    struct tm tm = local_tm(t);
    /* TRANSLATORS: a day on a chart's axis: %1$d the day of the month,
     * %2$s the month's abbreviation ("6 Oct"; German "6. Okt."). */
    snprintf(buf, size, _("%1$d %2$s"), tm.tm_mday, month_name(tm.tm_mon));
}

void dates_date(char *buf, size_t size, long long t)
{
    struct tm tm = local_tm(t);
    /* TRANSLATORS: a date: %1$s the weekday's abbreviation, %2$d the day
     * of the month, %3$s the month's abbreviation, %4$d the year ("Mon
     * 6 Oct 2025"; German "Mo., 6. Okt. 2025"). */
    snprintf(buf, size, _("%1$s %2$d %3$s %4$d"), weekday_name(tm.tm_wday),
             tm.tm_mday, month_name(tm.tm_mon), tm.tm_year + 1900);
}

void dates_date_time(char *buf, size_t size, long long t)
{
    struct tm tm = local_tm(t);
    /* TRANSLATORS: a date and time: %1$d the day, %2$s the month's
     * abbreviation, %3$d the year, %4$02d:%5$02d hours and minutes on
     * the 24-hour clock ("6 Oct 2025 09:05"). */
    snprintf(buf, size, _("%1$d %2$s %3$d %4$02d:%5$02d"), tm.tm_mday,
             month_name(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour,
             tm.tm_min);
}

void dates_decimal(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.1f", v);
    /* TRANSLATORS: the decimal separator of numbers ("2.5"; German and
     * French "2,5"). */
    const char *sep = C_("decimal separator", ".");
    char *dot = strchr(buf, '.');
    if (dot && strcmp(sep, ".")) {
        char frac[16];
        snprintf(frac, sizeof frac, "%s", dot + 1);
        *dot = '\0';
        size_t k = strlen(buf);
        snprintf(buf + k, size - k, "%s%s", sep, frac);
    }
}
