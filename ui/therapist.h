/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The therapist's side of the home screen: routine files on a USB stick
 * plugged in while the home screen is up are offered for installing
 * (routines/install.h: checked, only good files installed), and the
 * history screen saves the report (PDF) and the FHIR export onto a
 * mounted stick.
 *
 * Sticks: udisks mounts them at /media/USER/LABEL or /run/media/USER/LABEL
 * (or /media/LABEL).  A folder there counts when it is a mount point (its
 * device differs from its parent's).  $UNKNOT_MEDIA_DIRS (colon-separated)
 * replaces those roots, and there every folder counts, mounted or not:
 * for tests, and for devices that mount sticks elsewhere.
 *
 * State: the folders already offered are remembered for the process, so a
 * stick is offered once per plugging in.  SDL's thread, one at a time.
 */
#ifndef UNKNOT_UI_THERAPIST_H
#define UNKNOT_UI_THERAPIST_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/input.h"
#include "ui/ui.h"

struct settings;

/* How often the home screen looks for a new stick. */
#define UI_USB_SCAN_MS 2000

/* When the home screen's wait must end for the next scan (util_now_ms()
 * clock): now for the first call. */
long long ui_usb_next_scan(void);

/* Scans when due.  A stick with routine files not offered before: asks
 * "Install the routines from the USB stick?", on OK checks and installs
 * them and shows what happened until OK.  Returns 2 when a routine was
 * installed (reload the list), 1 when something was shown (redraw), 0
 * nothing new, -1 the window was closed. */
int ui_usb_poll(struct ui *ui, struct ui_keymap *km);

/* The history screen's "save a report": the first mounted stick, or NULL
 * (caller frees). */
char *ui_report_target(void);
/* Writes unknot-report-DATE.pdf and unknot-history-DATE.fhir.json from
 * the history at history_path into dir; msg says what was done or why
 * not.  The patient's name and id come from st (borrowed: the settings
 * the app runs with, --config included), or with st NULL from the
 * default settings file.  0 or -1. */
int ui_report_save(const char *history_path, const struct settings *st,
                   const char *dir, char *msg, size_t msg_size);
/* On the history screen: saves to the stick (or says there is none) and
 * shows the result until OK.  st as for ui_report_save.  false when the
 * window was closed. */
bool ui_report_offer(struct ui *ui, struct ui_keymap *km,
                     const char *history_path, const struct settings *st);

#endif
