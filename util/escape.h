/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Text from a file or the database, made safe for a terminal.  Such text
 * can carry escape sequences (C0 and C1 controls: CSI, OSC...), bidi
 * overrides and isolates that reorder what is shown, and zero-width
 * characters that hide part of it.  term_escape() writes every such
 * character, and every byte that is not valid UTF-8, visibly: \e, \t,
 * \n, \r, \xHH for other bytes, \u{XXXX} for other code points.
 * Printable text (any script) passes unchanged.  Thread-safe.
 */
#ifndef UNKNOT_UTIL_ESCAPE_H
#define UNKNOT_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A new string (caller frees); NULL gives "".  keep_lines: '\n' passes
 * (for multi-line text such as instructions). */
char *term_escape_ex(const char *s, bool keep_lines);
char *term_escape(const char *s);
/* For printf arguments: the escaped text in one of 8 buffers of the
 * calling thread, reused in turn (valid until 8 more calls). */
const char *term_safe(const char *s);
const char *term_safe_lines(const char *s);     /* keeps '\n' */
/* fputs of the escaped text. */
void term_fputs(const char *s, FILE *f);

/* Why code point cp must not be in routine text, or NULL when it may:
 * "a C1 control character", "a bidirectional control character",
 * "an invisible (zero-width) character".  C0 controls are the caller's. */
const char *text_forbidden_char(uint32_t cp);

/* Decodes one UTF-8 character at s (n bytes available); returns its
 * length, or 0 when the bytes are not valid UTF-8. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Columns a UTF-8 string takes on a terminal, counted in characters (the
 * catalogues' scripts have no wide or combining characters). */
size_t utf8_width(const char *s);

#endif
