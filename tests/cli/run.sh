#!/bin/sh
# unknot run, show and screen through the real binary in virtual time:
# exit statuses, transcript events, scripted answers, the history.
. tests/cli/lib.sh
R=routines/full-body-basic.ini
TR="$T/t.jsonl"
OK='*=no,soreness=3'

# Fresh data folder for one scenario.
fresh() { rm -rf "$T/data"; }
# expect_tr JQ-FILTER DESCRIPTION: the filter must be true on the transcript
expect_tr() {
    if jq -e -s "$1" "$TR" >/dev/null 2>&1; then ok; else
        bad "$2: transcript fails '$1'"; sed 's/^/    /' "$TR" | tail -20 >&2; fi
}

# A whole session, completed.
fresh
expect_exit 0 "completed run" -- timeout 120 "$UNKNOT" run $R --headless \
    --virtual-time --answers "$OK" --transcript "$TR"
expect_out 'Session completed\.' "completed message"
expect_out 'Well done\. That took' "spoken summary printed"
expect_tr 'all(.[]; has("t") and has("event"))' "every line has t and event"
expect_tr '[.[] | select(.event == "hold_start")] | length == 11' "11 holds"
expect_tr '[.[] | select(.event == "hold_end")] | length == 11' "holds end"
expect_tr '[.[] | select(.event == "rest_start")] | length == 5' "5 rests"
expect_tr 'any(.[]; .event == "hold_start" and .step == "calves" and .side == "left")' "hold step and side"
expect_tr 'any(.[]; .event == "answer" and .question == "soreness" and .value == 3)' "soreness answered"
expect_tr 'any(.[]; .event == "ask" and .question == "screen-clot")' "screening asked first time"
expect_tr '.[-1].event == "end" and .[-1].outcome == "completed"' "ends completed"
expect_tr '[.[].t] | . == sort' "times never go back"
expect_tr '[.[] | select(.event == "hold_start" and .step == "calves")][0].t as $a | [.[] | select(.event == "hold_end" and .step == "calves")][0].t - $a == 45' "a hold lasts its length"
expect_tr 'map(select(.event == "say")) | any(.text | test("tingling, numbness, sharp pain or dizziness"))' "intro says what means stop"

# The history has every answer; the next run skips the screening and
# asks how the soreness settled.
expect_exit 0 "history csv" -- "$UNKNOT" history --csv
expect_out 'soreness' "answers in the csv"
expect_exit 0 "second run" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers "$OK,recent-soreness=1" --transcript "$TR"
expect_tr 'all(.[]; .event != "ask" or (.question | startswith("screen-") | not))' "no screening the second time"
expect_tr 'any(.[]; .event == "ask" and .question == "recent-soreness" and .region == "calves")' "recent soreness per region"

# Recent soreness 7: the regions of the last session are skipped.
expect_exit 0 "sore from last time" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers "$OK,recent-soreness=7" --transcript "$TR"
expect_tr 'any(.[]; .event == "stop" and .rule == "recent-soreness-high" and .action == "skip-region")' "skip for 48 h"
expect_tr '[.[] | select(.event == "hold_start")] | length == 0' "no hold in a skipped region"

# Daily check: calf signs are urgent; nothing is rolled.  Exact id beats
# the prefix.
fresh
expect_exit 3 "calf signs" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers 'screen-*=no,daily-*=no,daily-calf=yes' --transcript "$TR"
expect_out 'urgent care today' "urgent message printed"
expect_tr 'any(.[]; .event == "stop" and .rule == "daily-calf" and .action == "urgent")' "stop event"
expect_tr 'all(.[]; .event != "hold_start")' "no hold"
expect_tr '.[-1].event == "end" and .[-1].outcome == "stopped" and .[-1].rule == "daily-calf"' "ends stopped with the rule"
expect_tr 'any(.[]; .event == "say" and (.text | test("blood clot")))' "message spoken"

# Longer prefix beats '*': screen-* no, every other yes-no question yes;
# glutes asks tingling (skip the region), lats asks dizzy (stop).
fresh
expect_exit 3 "prefix specificity" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers '*=yes,screen-*=no,daily-*=no,soreness=2' \
    --transcript "$TR"
expect_tr 'any(.[]; .event == "answer" and .question == "screen-heart" and .value == 0)' "screen-* beats *"
expect_tr 'any(.[]; .event == "answer" and .question == "tingling" and .value == 1)' "* answers the rest"
expect_tr 'any(.[]; .event == "stop" and .rule == "tingling" and .action == "skip-region")' "tingling skips"
expect_tr '(map(.event == "stop" and .rule == "dizzy") | index(true)) as $i | $i != null and ([.[$i:][] | select(.event == "hold_start")] | length == 0)' "no hold after dizzy"

# Soreness 8: the built-in rule skips the region; the session goes on.
fresh
expect_exit 0 "soreness 8" -- timeout 120 "$UNKNOT" run $R --virtual-time \
    --answers '*=no,soreness=8' --transcript "$TR"
expect_tr 'any(.[]; .event == "stop" and .rule == "soreness-high" and .action == "skip-region")' "soreness rule"

# An unscripted question with no keyboard: asked again, then the session
# ends cleanly (never hangs, never taken as fine).
fresh
expect_exit 4 "unanswered, no keyboard" -- timeout 60 "$UNKNOT" run $R \
    --virtual-time --answers 'screen-*=no' --transcript "$TR" </dev/null
expect_out "no answer to 'daily-unwell'" "names the question"
expect_tr 'any(.[]; .event == "say" and (.text | test("catch that")))' "asked again"
expect_tr '.[-1].event == "end" and .[-1].outcome == "quit"' "ends as quit"
expect_tr 'all(.[]; .event != "hold_start")' "no hold"

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
expect_tr 'all(.[]; .event != "ask" or (.question | startswith("screen-") | not))' "screening not asked again"
expect_exit 0 "screen says clot" -- timeout 60 "$UNKNOT" screen \
    --virtual-time --answers '*=no,screen-clot=yes'
expect_out 'disturb a clot' "message"
expect_exit 3 "run after a clot answer" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --answers "$OK" --transcript "$TR"
expect_tr 'any(.[]; .event == "stop" and .rule == "screen-clot" and .action == "not-start")' "saved answer applies"
expect_exit 0 "forced screening" -- timeout 120 "$UNKNOT" run $R \
    --virtual-time --screening --answers "$OK" --transcript "$TR"
expect_tr 'any(.[]; .event == "ask" and .question == "screen-clot")' "--screening asks again"

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
