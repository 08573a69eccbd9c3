#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# unknot check and unknot list through the real binary: exit codes, the
# one-line summary of a clean file, FILE:LINE errors, and listing with a
# broken user routine.
. tests/cli/lib.sh
M=tests/malformed

# Every bundled routine is clean: one "ok" line each, no warnings.
expect_exit 0 "bundled routines pass" -- "$UNKNOT" check routines/*.ini
expect_out '^routines/full-body-basic\.ini: ok: 6 steps, about [0-9]+ min [0-9]+ s$' "summary line"
expect_no_out 'warning|error' "bundled routines have no warnings"
n=$(grep -c ': ok: ' "$T/out"); total=$(ls routines/*.ini | wc -l)
if [ "$n" -eq "$total" ] && [ "$total" -ge 8 ]; then ok; else
    bad "expected $total ok lines (at least 8), got $n"; fi

# Errors: exit 2, FILE:LINE: error: with the fix.
expect_exit 2 "misspelt stop_if" -- "$UNKNOT" check $M/58-unknown-key-stop-iff.ini
expect_out "^$M/58-unknown-key-stop-iff\.ini:14: error: unknown key 'stop_iff': did you mean 'stop_if'\?$" "error line"
expect_no_out ': ok: ' "no ok line for a broken file"

# Warnings alone still pass, and the ok line counts them.
expect_exit 0 "warning only" -- "$UNKNOT" check $M/28-looser-than-builtin.ini
expect_out "^$M/28-looser-than-builtin\.ini:12: warning: this rule is looser than the built-in rule" "warning line"
expect_out ': ok: 1 step, about [0-9]+ min [0-9]+ s, 1 warning$' "ok line with warning count"

# One bad file among good ones: exit 2, the good ones still reported.
expect_exit 2 "mixed files" -- "$UNKNOT" check routines/jaw-release.ini tests/malformed/64-unterminated-header.ini
expect_out '^routines/jaw-release\.ini: ok: ' "good file reported"
expect_out "^$M/64-unterminated-header\.ini:5: error: section header has no closing" "bad file reported"

# File-level problems.
expect_exit 2 "missing file" -- "$UNKNOT" check "$T/nope.ini"
expect_out "nope\.ini: error: cannot open: No such file or directory" "missing file message"
expect_exit 2 "directory" -- "$UNKNOT" check routines
expect_out '^routines: error: is a folder, not a routine file$' "directory message"
: > "$T/empty.ini"
expect_exit 2 "empty file" -- "$UNKNOT" check "$T/empty.ini"
expect_out 'empty\.ini: error: the file is empty' "empty message"
head -c 2000 /dev/urandom > "$T/garbage.ini"
expect_exit 2 "binary garbage" -- "$UNKNOT" check "$T/garbage.ini"
expect_out 'garbage\.ini: error: this is not a text file' "garbage message"
expect_exit 2 "no arguments" -- "$UNKNOT" check
expect_out '^usage: unknot check FILE' "usage"

# A Windows file with a byte-order mark and German text.
printf '\357\273\277[routine]\r\ntitle = Waden\r\nlanguage = de\r\n\r\n[step waden]\r\nregion = calves\r\nsetup = Setz dich hin, die Rolle unter einer Wade. Füße locker.\r\nhold = 45\r\nsides = left-right\r\n' > "$T/waden.ini"
expect_exit 0 "CRLF, BOM and German" -- "$UNKNOT" check "$T/waden.ini"
expect_out 'waden\.ini: ok: 1 step, about [0-9]+ min [0-9]+ s$' "German routine ok"

# list: grouped by region; a broken user routine is named once on stderr
# and does not stop the listing; a user routine overrides a bundled one.
mkdir -p "$XDG_DATA_HOME/unknot/routines"
cp $M/09-duplicate-key.ini "$XDG_DATA_HOME/unknot/routines/broken.ini"
cp "$T/waden.ini" "$XDG_DATA_HOME/unknot/routines/jaw-release.ini"
"$UNKNOT" list >"$T/out" 2>"$T/err"; rc=$?
if [ "$rc" -eq 0 ]; then ok; else bad "list exit $rc"; cat "$T/err" >&2; fi
expect_out '^Calves$' "region heading"
expect_out '^Upper back$' "region heading"
expect_out '^  runners-legs +[0-9]+ min +[0-9]+ s  moderate  Runners. legs$' "routine line"
expect_out '^  jaw-release +[0-9]+ min +[0-9]+ s  moderate  Waden$' "user routine wins"
if grep -q '^Jaw$' "$T/out"; then bad "bundled jaw routine should be hidden"; else ok; fi
if [ "$(grep -c 'broken\.ini' "$T/err")" -eq 1 ]; then ok; else
    bad "broken routine not reported once on stderr"; cat "$T/err" >&2; fi
if grep -q broken "$T/out"; then bad "broken routine listed"; else ok; fi

finish check.sh
