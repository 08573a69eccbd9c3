/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The summary's list of today's answers, for the files of ui/ only (drawn
 * by ui/screens.c).
 *
 * A row is a label at the left ("Calves: Any numbness, tingling or
 * shooting pain?") and its answer at the right ("yes", "3 / 10"), in
 * bold, label and answer in the flag colour when the answer fired a rule.
 *
 * Long labels (a German or French question after its region) wrap onto a
 * second or a third line rather than being cut: each label gets the
 * largest size, from the list's label size down to the smallest size the
 * screens use, at which it fits in three lines, and its row is as tall as
 * those lines (never less than the base row height).  The answer column
 * is as wide as the widest answer of the whole list needs (so it does
 * not move while the list scrolls), at most 40% of the row: the labels
 * get the rest.  Answers are one line, centred on their row's height, so
 * the answer and the region (the label's first words) stay in view.
 * Only a label that does not fit in three lines even at the smallest
 * size is cut, at its end, with "...".
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
