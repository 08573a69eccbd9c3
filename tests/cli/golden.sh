#!/bin/sh
# Golden transcripts: every bundled routine, run in virtual time with the
# answers of tests/golden/regen.sh, must give exactly its golden file.
# After an intended change: sh tests/golden/regen.sh, review, commit.
. tests/cli/lib.sh
ANSWERS='*=no,soreness=2'
for f in routines/*.ini; do
    name=$(basename "$f" .ini)
    g=tests/golden/$name.jsonl
    if [ ! -f "$g" ]; then
        bad "$name: no golden file $g (run sh tests/golden/regen.sh)"
        continue
    fi
    rm -rf "$T/data"
    expect_exit 0 "$name runs to its end" -- "$UNKNOT" run "$f" \
        --virtual-time --answers "$ANSWERS" --transcript "$T/$name.jsonl"
    if diff -u "$g" "$T/$name.jsonl" >"$T/diff"; then ok; else
        bad "$name: transcript differs from $g"; head -40 "$T/diff" >&2; fi
done
finish cli-golden
