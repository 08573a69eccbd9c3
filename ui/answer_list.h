/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The summary's list of today's answers, for the files of ui/ only (drawn
 * by ui/screens.c).
 *
 * A row is a label at the left ("Calves: Any numbness, tingling or
 * shooting pain?") and its answer at the right ("yes", "3 / 10"), in
 * bold, label and answer in the flag colour when the answer fired a rule.
 *
 * A row has the base height, its label at the largest size (from the
 * list's label size down to the smallest size the screens use) at which
 * it fits there, wrapped.  A label that does not fit even at the smallest
 * size (a German or French question after its region) is not cut: it
 * wraps onto as many lines as it needs at that size (three to five at
 * 800x480: the tingling question in French, the daily check's longest
 * questions) and its row grows to hold them.
 * The answer column is as wide as the widest answer of the whole list
 * needs (so it does not move while the list scrolls), at most a quarter
 * of the row: the labels get the rest.  Answers are centred on their
 * row's height (a long one, a stop reason, wraps in its column).  So the answer and the region (the label's first
 * words) stay in view whatever the label's length.  Only a single word
 * wider than the label column, or a row taller than the whole area, is
 * cut, at its end, with "...".
 *
 * Only whole rows are drawn: the rows from `first` that fit in the area,
 * and always the row at `first` (fitted into the area when it is taller
 * than the area), so scrolling a row at a time shows every row.  When the
 * list is scrolled or does not fit whole, Up and Down buttons take a
 * strip at the area's right (UI_CMD_PREV, UI_CMD_NEXT).
 *
 * Same threading as ui.h.
 */
#ifndef UNKNOT_UI_ANSWER_LIST_H
#define UNKNOT_UI_ANSWER_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/draw.h"

struct ui_answer_list_drawn {
    size_t shown;           /* rows drawn, from first */
    bool more_above, more_below;
};

void ui_draw_answer_list(struct ui *ui, SDL_Rect area,
                         const struct ui_answer_row *rows, size_t count,
                         size_t first, struct ui_answer_list_drawn *out);

#endif
