/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Exit statuses, shared by every command and by the session driver
 * (documented in docs/usage.md):
 *   0 done / completed          1 runtime failure
 *   2 bad input or usage        3 not started or stopped by a safety rule
 *   4 stopped by the user        5 stopped: the history could not be
 *                                  written (answers kept, saved next time)
 */
#ifndef UNKNOT_UTIL_EXIT_STATUS_H
#define UNKNOT_UTIL_EXIT_STATUS_H

enum {
    EXIT_DONE = 0,
    EXIT_RUNTIME = 1,
    EXIT_USAGE = 2,
    EXIT_SAFETY = 3,
    EXIT_USER_STOP = 4,
    EXIT_STORAGE = 5,
};

#endif
