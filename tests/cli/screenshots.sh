# SPDX-License-Identifier: GPL-3.0-or-later
# unknot screenshots: the pictures come from real scripted sessions, so
# what each summary lists must be what its session's transcript says
# happened: every answer (screening answers aside) as a row, in order, with
# its value; the rows that fired a rule in red; the outcome.
. tests/cli/lib.sh

D="$T/shots"
expect_exit 0 "screenshots at 800x480" -- "$UNKNOT" screenshots \
    --size 800x480 "$D"
for want in first-screening first-daily-check first-hold first-hold-paused \
            first-question first-summary next-day-recent-soreness \
            next-day-summary stopped-stop-reason stopped-stop \
            stopped-summary urgent-stop-urgent urgent-summary after-home \
            after-home-scrolled after-history; do
    ls "$D"/[0-9][0-9]-"$want"-800x480.bmp >/dev/null 2>&1 && ok ||
        bad "no $want screenshot"
done
ls "$D"/*-notice-800x480.bmp >/dev/null 2>&1 && ok ||
    bad "no screenshot shows a rule's notice"
# Every image is a real BMP of that size.
for f in "$D"/*.bmp; do
    [ "$(head -c 2 "$f")" = BM ] || { bad "$f is not a BMP"; break; }
done
ok

if command -v jq >/dev/null 2>&1; then
    for tr in "$D"/[0-9][0-9]-*.jsonl; do
        base=${tr%.jsonl}
        txt="$base-800x480.txt"
        name=${base##*/}
        [ -f "$txt" ] && ok || { bad "$name: no text listing"; continue; }
        # The answers the session gave, in order, as "ID VALUE".
        jq -r 'select(.event == "answer") |
               select(.question | startswith("screen-") | not) |
               "\(.question) \(.value)"' "$tr" > "$T/want"
        sed -n 's/^row \([^ ]*\) \([0-9-]*\) .*/\1 \2/p' "$txt" > "$T/got"
        if cmp -s "$T/want" "$T/got"; then ok; else
            bad "$name: the summary's rows differ from the transcript"
            diff "$T/want" "$T/got" | sed 's/^/    /' >&2
        fi
        [ -s "$T/want" ] && ok || bad "$name: no answers in the transcript"
        # An answer directly followed by a rule's stop event is red.
        flagged=$(jq -r -s '
            [.[] | select(.event == "answer" or .event == "stop"
                   or .event == "ask" or .event == "hold_start")] as $e |
            [range(0; $e | length) | select($e[.].event == "answer"
               and ($e[.].question | startswith("screen-") | not)
               and (. + 1 < ($e | length)) and $e[. + 1].event == "stop")
             | $e[.].question] | join(" ")' "$tr")
        got_flagged=$(sed -n 's/^row \([^ ]*\) [0-9-]* flagged .*/\1/p' \
                      "$txt" | tr '\n' ' ' | sed 's/ $//')
        [ "$flagged" = "$got_flagged" ] && ok ||
            bad "$name: red rows '$got_flagged', transcript fired on '$flagged'"
        # The outcome heading matches the end event.
        outcome=$(jq -r 'select(.event == "end") | .outcome' "$tr")
        sed -n '/summary-800x480.bmp$/,/^==/p' "$txt" > "$T/out"
        case $outcome in
        completed) expect_out '^text #[0-9a-f]+ (Session complete|Nothing was rolled)' \
                       "$name: completed, and the summary says so" ;;
        stopped) expect_out '^text #[0-9a-f]+ (Stopped|Not started)' \
                     "$name: stopped, and the summary says so" ;;
        quit) expect_out '^text #[0-9a-f]+ You stopped' \
                  "$name: the user stopped, and the summary says so" ;;
        *) bad "$name: no end event" ;;
        esac
        expect_no_out 'Well done|Session completed' \
            "$name: the summary says no 'Well done'"
    done
    # The stopped session's summary names the reason; the urgent one
    # repeats the emergency advice.
    sed -n '/stopped-summary-800x480.bmp$/,/^==/p' "$D"/*-stopped-800x480.txt \
        > "$T/out"
    expect_out 'Stopped: you felt dizzy' "the stop reason in plain words"
    sed -n '/urgent-summary-800x480.bmp$/,/^==/p' "$D"/*-urgent-800x480.txt \
        > "$T/out"
    expect_out 'blood clot' "the urgent advice repeated in the summary"
else
    echo "screenshots: jq missing; transcript checks skipped"
fi

# No sample data: nothing drawn that the sessions did not say.
cat "$D"/*.txt > "$T/out"
expect_no_out '112 / 911 / 999|Hamstrings, slow|After a run: legs' \
    "no sample data in the pictures"
finish screenshots
