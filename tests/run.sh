#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every test binary given as arguments, then every tests/cli/*.sh
# script, and adds up their closing "N passed, N failed" lines.  Writes the
# sum to $BUILD/test-summary for tests/total.sh and exits non-zero when
# anything failed (or a binary died before its closing line).
BUILD=${BUILD:-build}
# English unless a test asks for another language (util/i18n.h).
LANGUAGE=en; export LANGUAGE
passed=0; failed=0; crashed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {
    line=$(grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ] || [ "$1" -gt 1 ]; then
        echo "$2: died without a summary (exit $1)"
        crashed=$((crashed + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
    f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
    passed=$((passed + p)); failed=$((failed + f))
}

for t in "$@"; do
    $TEST_WRAP "$t" >"$log" 2>&1; rc=$?
    cat "$log"
    count $rc "$t"
done
for s in ${CLI_TESTS:-tests/cli/*.sh}; do
    [ -f "$s" ] && [ "${s##*/}" != lib.sh ] || continue
    sh "$s" >"$log" 2>&1; rc=$?
    cat "$log"
    count $rc "$s"
done
failed=$((failed + crashed))
echo "$passed $failed" > "$BUILD/test-summary"
echo "$BUILD: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
