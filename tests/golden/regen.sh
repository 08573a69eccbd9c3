#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the golden transcripts: for every bundled routine, the JSON
# lines `unknot run NAME --virtual-time` writes on a first use (fresh data
# folder, default settings) when every yes-no question is answered no and
# soreness 2.  tests/cli/golden.sh compares against these files.
#
#   sh tests/golden/regen.sh            (uses ./unknot, or $UNKNOT_BIN)
#
# Review the diff before committing: a changed golden is a changed session.
set -e
UNKNOT=${UNKNOT_BIN:-./unknot}
ANSWERS='*=no,soreness=2'
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for f in routines/*.ini; do
    name=$(basename "$f" .ini)
    rm -rf "$T/data"
    XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" HOME="$T" \
        LANGUAGE=en "$UNKNOT" run "$f" --virtual-time --answers "$ANSWERS" \
        --transcript "tests/golden/$name.jsonl" >/dev/null </dev/null
    echo "tests/golden/$name.jsonl: $(wc -l < "tests/golden/$name.jsonl") events"
done
# The routines in other languages (tests/i18n/), as tests/cli/golden.sh
# runs them.
mkdir -p tests/golden/i18n
for f in tests/i18n/*.ini; do
    name=$(basename "$f" .ini)
    rm -rf "$T/data"
    LANGUAGE=en XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" HOME="$T" \
        "$UNKNOT" run "$f" --virtual-time --answers "$ANSWERS" \
        --transcript "tests/golden/i18n/$name.jsonl" >/dev/null </dev/null
    echo "tests/golden/i18n/$name.jsonl: $(wc -l < "tests/golden/i18n/$name.jsonl") events"
done
