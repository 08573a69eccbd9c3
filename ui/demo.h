/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sample view models for every screen (ui/demo.c): what `unknot
 * screenshots` writes and what tests/test_ui.c checks.  Static data; the
 * filled screen borrows it.  Thread-safe.
 */
#ifndef UNKNOT_UI_DEMO_H
#define UNKNOT_UI_DEMO_H

#include <stddef.h>

#include "ui/ui.h"

size_t ui_demo_count(void);
/* Short file-name-safe name: "home", "step-hold", ... (NULL past the end) */
const char *ui_demo_name(size_t i);
/* Fills *s with sample screen i; 0, or -1 past the end. */
int ui_demo_screen(size_t i, struct ui_screen *s);

#endif
