#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Adds up the summaries of the plain and the sanitizer passes of make check.
passed=0; failed=0
for d in build build-san; do
    [ -f "$d/test-summary" ] || { echo "$d: no test summary"; exit 1; }
    read p f < "$d/test-summary"
    passed=$((passed + p)); failed=$((failed + f))
done
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
