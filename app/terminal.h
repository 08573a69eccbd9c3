/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The terminal front end shared by `unknot run --headless` and
 * `unknot screen`: prints every prompt, takes answers and commands typed
 * on the keyboard (one per line, then Enter), and drives a session in
 * real time (speaking through audio/) or in virtual time.
 *
 * Keys (docs/usage.md): a number 0-10, y or n answers the open question;
 * p pause, r resume, a repeat, s skip the step, q or x stop.
 *
 * Without a keyboard (stdin closed, or in virtual time not a terminal) a
 * session that waits for an answer ends as quit instead of hanging.
 */
#ifndef UNKNOT_APP_TERMINAL_H
#define UNKNOT_APP_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "session/session.h"

/* Runs the session described by o (audio is opened here in real time from
 * the settings; o->audio is ignored).  Returns the exit status of
 * app/commands.h. */
int terminal_run_session(struct session_options *o, bool virtual_time);

struct history;
struct routine;
struct settings;

/* For the commands (defined in app/cmd_run.c): loads ROUTINE (a path or
 * an installed name), printing diagnostics; NULL on error (exit 2). */
struct routine *cmd_load_routine(const char *name);
/* Opens the history of the settings' data folder; NULL after printing
 * why (exit 1). */
struct history *cmd_open_history(const struct settings *st);
/* For run and the home screen (defined in app/cmd_check.c): true when a
 * session of r at these settings stays within the 20-minute cap, on the
 * engine's timeline (coach/dose.h), first use included; else prints why
 * and false (exit 2).  Bounds speech from the text first and measures with
 * eSpeak NG only when the bound is over the cap, so it is quick. */
bool cmd_session_within_cap(const struct routine *r,
                            const struct settings *st);
struct answer_script;
/* Parses a --answers LIST for command `cmd` ("run", "screen") into *out
 * (NULL when list is NULL; free with answer_script_free).  Returns 0, or
 * -1 after printing "unknot CMD: why" (exit 2). */
int cmd_parse_answers(const char *cmd, const char *list,
                      struct answer_script **out);

/* Prints text word-wrapped to width columns, continuation lines indented
 * by indent (the first line starts where the cursor is, at indent). */
void terminal_wrap(FILE *out, const char *text, int indent, int width);
/* The spoken text as a keyboard user acts on it ("Say pause" -> "Type p
 * (pause)"), into buf. */
void terminal_keyboard_text(const char *spoken, char *buf, size_t n);

/* Parses a typed line: true and *cmd for a command, or *value for an
 * answer; *is_cmd tells which.  False when it is neither. */
bool terminal_parse_line(const char *line, bool *is_cmd,
                         enum coach_command *cmd, int *value);

#endif
