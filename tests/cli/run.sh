#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# unknot run, show and screen through the real binary in virtual time:
# exit statuses, transcript events, scripted answers, the history.
. tests/cli/lib.sh
R=routines/full-body-basic.ini
TR="$T/t.jsonl"
OK='*=no,soreness=3'

# Fresh data folder for one scenario.
fresh() { rm -rf "$T/data"; }
# Transcript checks with grep and awk (the writer puts fields in a fixed
# order: t, event, then the event's fields).
tr_has() {
    if grep -Eq -- "$1" "$TR"; then ok; else
        bad "$2: no transcript line matching '$1'"; tail -20 "$TR" >&2; fi
}
tr_none() {
    if grep -Eq -- "$1" "$TR"; then
        bad "$2: unexpected transcript line matching '$1'"
        grep -E -- "$1" "$TR" | head -5 >&2
    else ok; fi
}
tr_count() {
    n=$(grep -Ec -- "$1" "$TR")
    if [ "$n" -eq "$2" ]; then ok; else
        bad "$3: $n lines matching '$1', expected $2"; fi
}
tr_last() {
    if tail -n 1 "$TR" | grep -Eq -- "$1"; then ok; else
        bad "$2: last line is $(tail -n 1 "$TR")"; fi
}
# tr_none_after A B: no line matching B after the first line matching A
# (and A is there).
tr_none_after() {
    if awk -v a="$1" -v b="$2" '$0 ~ a { s = 1; next } s && $0 ~ b { x = 1 }
        END { exit !(s && !x) }' "$TR"; then ok; else
        bad "$3: '$2' after '$1' (or no '$1')"; fi
}
# t of the first line matching a pattern
tr_time() { grep -E -- "$1" "$TR" | head -n 1 | sed -E 's/^\{"t":([0-9.]+),.*/\1/'; }
# A whole session, completed.
fresh
expect_exit 0 "completed run" -- timeout 120 "$UNKNOT" run $R --headless \
    --virtual-time --answers "$OK" --transcript "$TR"
expect_out '^Session complete\.$' "completed message"
expect_out 'Well done\. That took' "spoken summary printed"
tr_none '^([^{]|\{[^"]|\{"[^t]|\{"t":[^0-9])' "every line starts with t"
tr_count '^\{"t":[0-9]+\.[0-9]{3},"event":"[a-z_]+"' "$(wc -l < "$TR")" "every line has t and event"
if command -v python3 >/dev/null; then
    if python3 -c 'import json, sys
for line in open(sys.argv[1]): json.loads(line)' "$TR"; then ok; else
        bad "a transcript line is not JSON"; fi
fi
tr_count '"event":"hold_start"' 9 "9 holds"
tr_count '"event":"hold_end"' 9 "holds end"
tr_count '"event":"rest_start"' 4 "4 rests"
tr_has '"event":"hold_start","step":"calves","region":"calves","side":"left"' "hold step and side"
tr_has '"event":"answer","question":"soreness","value":3,' "soreness answered"
tr_has '"event":"ask","question":"screen-clot"' "screening asked first time"
tr_last '"event":"end","outcome":"completed"' "ends completed"
if awk -F'[:,]' '{ if ($2 + 0 < last) exit 1; last = $2 + 0 }' "$TR"; then ok; else bad "times go back"; fi
a=$(tr_time '"event":"hold_start","step":"calves"'); b=$(tr_time '"event":"hold_end","step":"calves"')
if [ "$(awk -v a="$a" -v b="$b" 'BEGIN { print b - a }')" = 40 ]; then ok; else bad "hold from $a to $b is not 40 s"; fi
tr_has '"event":"say","text":"[^"]*tingling, numbness, sharp pain or dizziness' "intro says what means stop"

# The history has every answer; the next run skips the screening and
# asks how the soreness settled.
expect_exit 0 "history csv" -- "$UNKNOT" history --csv
expect_out 'soreness' "answers in the csv"
expect_exit 0 "second run" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers "$OK,recent-soreness=1" --transcript "$TR"
tr_none '"question":"screen-' "no screening the second time"
tr_has '"event":"ask","question":"recent-soreness","step":null,"region":"calves"' "recent soreness per region"

# Recent soreness 7: the regions of the last session are skipped.
expect_exit 0 "sore from last time" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers "$OK,recent-soreness=7" --transcript "$TR"
tr_has '"event":"stop","rule":"recent-soreness-high","action":"skip-region"' "skip for 48 h"
tr_none '"event":"hold_start"' "no hold in a skipped region"

# Daily check: calf signs are urgent; nothing is rolled.  Exact id beats
# the prefix.
fresh
expect_exit 3 "calf signs" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers 'screen-*=no,daily-*=no,daily-calf=yes' --transcript "$TR"
expect_out 'urgent care today' "urgent message printed"
tr_has '"event":"stop","rule":"daily-calf","action":"urgent"' "stop event"
tr_none '"event":"hold_start"' "no hold"
tr_last '"event":"end","outcome":"stopped","rule":"daily-calf"' "ends stopped with the rule"
tr_has '"event":"say","text":"[^"]*blood clot' "message spoken"

# Longer prefix beats '*': screen-* no, every other yes-no question yes;
# glutes asks tingling (skip the region), upper-back asks dizzy (stop).
fresh
expect_exit 3 "prefix specificity" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers '*=yes,screen-*=no,daily-*=no,soreness=2,tingling-lasts=no' \
    --transcript "$TR"
tr_has '"event":"answer","question":"screen-heart","value":0' "screen-* beats *"
tr_has '"event":"answer","question":"tingling","value":1' "* answers the rest"
tr_has '"event":"stop","rule":"tingling","action":"skip-region"' "tingling skips"
tr_none_after '"event":"stop","rule":"dizzy"' '"event":"hold_start"' "no hold after dizzy"

# Soreness 8: the built-in rule skips the region; the session goes on.
fresh
expect_exit 0 "soreness 8" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers '*=no,soreness=8' --transcript "$TR"
tr_has '"event":"stop","rule":"soreness-high","action":"skip-region"' "soreness rule"

# An unscripted question with no keyboard: asked again, then the session
# ends cleanly (never hangs, never taken as fine).
fresh
expect_exit 4 "unanswered, no keyboard" -- timeout 60 "$UNKNOT" run $R \
    --virtual-time --answers 'screen-*=no' --transcript "$TR" </dev/null
expect_out "no answer to 'daily-unwell'" "names the question"
tr_has '"event":"say","text":"I didn.t catch that' "asked again"
tr_last '"event":"end","outcome":"quit"' "ends as quit"
tr_none '"event":"hold_start"' "no hold"

# Bad input.
expect_exit 2 "bad answers" -- "$UNKNOT" run $R --answers 'soreness=eleven'
expect_out 'number from 0 to 10' "names the fix"
expect_exit 2 "star inside an id" -- "$UNKNOT" run $R --answers 's*x=1'
expect_exit 2 "no routine" -- "$UNKNOT" run
expect_exit 2 "unknown routine" -- "$UNKNOT" run no-such-routine
expect_out "no routine 'no-such-routine'" "says which"
expect_exit 2 "unknown option" -- "$UNKNOT" run $R --fast
expect_exit 2 "broken routine" -- "$UNKNOT" run tests/malformed/58-unknown-key-stop-iff.ini
expect_exit 0 "run help" -- "$UNKNOT" run --help

# screen: every item, saved; the next run uses it.
fresh
expect_exit 0 "screen" -- timeout 60 "$UNKNOT" screen --virtual-time \
    --answers '*=no'
expect_out 'Your answers are saved' "saved"
expect_exit 0 "run after screen" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers "$OK" --transcript "$TR"
tr_none '"question":"screen-' "screening not asked again"
expect_exit 3 "screen says clot (and exits 3: no sessions)" -- timeout 60 "$UNKNOT" screen \
    --virtual-time --answers '*=no,screen-clot=yes'
expect_out 'disturb a clot' "message"
expect_exit 3 "run after a clot answer" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers "$OK" --transcript "$TR"
tr_has '"event":"stop","rule":"screen-clot","action":"not-start"' "saved answer applies"
# (The first run's regions were worked in the last 48 hours, whatever the
# sessions since: recent-soreness is asked.)
expect_exit 0 "forced screening" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --screening --answers "$OK,recent-soreness=1" \
    --transcript "$TR"
tr_has '"event":"ask","question":"screen-clot"' "--screening asks again"

# show: the timeline with times and a total.
expect_exit 0 "show" -- "$UNKNOT" show full-body-basic
expect_out '^ +0:00\.0  say ' "timed lines"
expect_out 'hold      calves, left side' "holds with sides"
expect_out 'rest      10 s' "rests"
expect_out 'question  soreness \(0 to 10\)' "questions"
expect_out '^total +[0-9]+:[0-9]{2} \([0-9]+ s\)$' "total"
expect_exit 2 "show unknown" -- "$UNKNOT" show nothing-here
expect_exit 2 "show usage" -- "$UNKNOT" show

finish cli-run
