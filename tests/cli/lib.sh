# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for tests/cli/*.sh: each script sources this, calls the
# expect_* helpers, and ends with `finish NAME`, which prints the closing
# "NAME: N passed, N failed" line.
UNKNOT=${UNKNOT_BIN:-./unknot}
PASS=0; FAIL=0
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" HOME="$T/home"
mkdir -p "$HOME"
# The coach's words in English unless a test asks for another language
# (a routine without `language` follows the system's: util/i18n.h).
export LANGUAGE=en

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- COMMAND...   (output kept in $T/out)
expect_exit() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>&1; got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$what: exit $got, expected $want"; sed 's/^/    /' "$T/out" >&2; fi
}
# expect_out PATTERN DESCRIPTION: grep -E on the last command's output
expect_out() {
    if grep -Eq -- "$1" "$T/out"; then ok; else
        bad "$2: no line matching '$1'"; sed 's/^/    /' "$T/out" >&2; fi
}
expect_no_out() {
    if grep -Eq -- "$1" "$T/out"; then
        bad "$2: unexpected line matching '$1'"; sed 's/^/    /' "$T/out" >&2
    else ok; fi
}
finish() { echo "$1: $PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }
