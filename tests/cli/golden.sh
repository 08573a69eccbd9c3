#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden transcripts: every bundled routine, run in virtual time with the
# answers of tests/golden/regen.sh, must give its golden file: the same
# events with the same texts and fields, in the same order.  The times are
# kept in the files for readers but not compared: they come from eSpeak
# NG's spoken lengths, which move by milliseconds with its version, the
# CPU (the arm64 build) and even what was synthesised before; exact timing
# is tested elsewhere (tests/cli/run.sh, tests/test_engine.c).
# After an intended change: sh tests/golden/regen.sh, review, commit.
. tests/cli/lib.sh
ANSWERS='*=no,soreness=2'
# Drops the times, also the elapsed time the summary speaks.
norm() {
    sed -E -e 's/^\{"t":[0-9.]+,/{/' \
        -e 's/(That took|We stopped after) [0-9a-z ]+\./\1 (time)./' \
        -e 's/(Das hat|Wir haben nach|Cela a duré|Nous avons arrêté après|Ha durado|Hemos parado después de) [^.]+\./\1 (time)./' "$1"
}
mkdir -p "$T/i18n"
for f in routines/*.ini tests/i18n/*.ini; do
    name=$(basename "$f" .ini)
    case $f in tests/i18n/*) name=i18n/$name ;; esac
    g=tests/golden/$name.jsonl
    if [ ! -f "$g" ]; then
        bad "$name: no golden file $g (run sh tests/golden/regen.sh)"
        continue
    fi
    rm -rf "$T/data"
    expect_exit 0 "$name runs to its end" -- "$UNKNOT" run "$f" \
        --virtual-time --answers "$ANSWERS" --transcript "$T/$name.jsonl"
    norm "$g" > "$T/want"
    norm "$T/$name.jsonl" > "$T/got"
    if diff -u "$T/want" "$T/got" >"$T/diff"; then ok; else
        bad "$name: transcript differs from $g"; head -40 "$T/diff" >&2; fi
done
finish cli-golden
