# SPDX-License-Identifier: GPL-3.0-or-later
# The terminal front end as a user reads it: the key hint under the
# question it belongs to, prompts for the keyboard ("type p", not "say
# pause"), lines wrapped at word boundaries, the time left during a hold,
# the scripted answers echoed, and an end line that says what happened.
. tests/cli/lib.sh

R=neck-shoulders-gentle
OK='screen-*=no,daily-*=no,soreness=3,*=no'
COLUMNS=50 "$UNKNOT" run $R --virtual-time --answers "$OK" \
    --transcript "$T/tr.jsonl" > "$T/run" 2>&1
[ $? -eq 0 ] && ok || bad "the scripted run did not complete"
cp "$T/run" "$T/out"

# The hint comes right after the question's words, never before them.
awk '/answer: (y or n|0 to [0-9]+), then Enter/ {
         if (prev !~ /answer:|scripted answer|^$/) good++; else badn++ }
     { prev = $0 } END { exit !(good > 5 && badn == 0) }' "$T/run" && ok ||
    bad "a key hint is not under its question"
grep -n -B1 'answer: y or n' "$T/run" | head -n 2 | grep -q 'heart' && ok ||
    bad "the first hint does not follow the first question"

# Keyboard words where the user types.
expect_out 'type p \(pause\)' "the introduction says which key pauses"
expect_no_out '[Ss]ay pause' "no 'say pause' for a keyboard user"

# Word wrap: no line over the width, and every word of what was said is
# printed whole.
awk 'length($0) > 50 { n++ } END { exit n > 0 }' "$T/run" && ok ||
    bad "lines longer than COLUMNS=50"
if command -v jq >/dev/null 2>&1; then
    jq -r 'select(.event == "say") | .text' "$T/tr.jsonl" |
        tr ' ' '\n' | grep -E '^[A-Za-z]{6,}[.,]?$' | sort -u |
        sed 's/[.,]$//' | head -n 60 > "$T/words"
    missing=0
    while read -r w; do
        grep -qw -- "$w" "$T/run" || { missing=$((missing + 1));
            echo "  split or missing: $w" >&2; }
    done < "$T/words"
    [ "$missing" -eq 0 ] && [ -s "$T/words" ] && ok ||
        bad "$missing words split across lines"
fi

# The time left during a hold.
expect_out '\(0:40 left\)' "time left at the start of a hold"
expect_out '\(0:05 left\)' "time left near its end"
# The scripted answers are in the printout.
expect_out '^\[ *[0-9]+:[0-9]{2}\] > n \(scripted answer to' \
    "a scripted yes-no answer echoed"
expect_out '> 3 \(scripted answer to' "a scripted number echoed"
expect_out '^Session complete\.$' "the end line"

# Nothing rolled (soreness 8 skips the region after every step... and
# still sore from last time skips all): never "complete".
"$UNKNOT" run $R --virtual-time \
    --answers 'daily-*=no,recent-soreness=8,*=no' > "$T/out" 2>&1
expect_out '^Session over: nothing was rolled today\.$' \
    "everything skipped: not 'complete'"
expect_no_out 'Well done' "everything skipped: no 'Well done'"
expect_no_out 'Session complete' "everything skipped: no 'Session complete'"

# unknot screen with an answer that keeps sessions from starting: exit 3,
# and it says so.
expect_exit 3 "screen with a not-start answer" -- "$UNKNOT" screen \
    --virtual-time \
    --answers 'screen-*=no,screen-heart=yes,screen-heart-cleared=no'
expect_out '^Screening saved: no sessions until' "screen: what it means"
expect_no_out 'Session complete' "screen: no 'Session complete'"
expect_exit 0 "screen, all clear" -- "$UNKNOT" screen --virtual-time \
    --answers 'screen-*=no'
expect_out '^Screening saved\.$' "screen: saved"

# A region a rule made lighter: its setup line and each hold's first line
# start with the tag the window shows; a region not made lighter has none.
cat > "$T/calves.ini" <<'EOF'
[routine]
title = Calves only
level = gentle

[step calves]
region = calves
tool = roller
sides = left-right
hold = 30
rest = 0
setup = Sit with the roller under one calf.
EOF
cat > "$T/legs.ini" <<'EOF'
[routine]
title = Calves and thighs
level = gentle

[step calves]
region = calves
tool = roller
sides = left-right
hold = 30
rest = 10
setup = Sit with the roller under one calf.
ask = soreness

[step quads]
region = quadriceps
tool = roller
sides = both
hold = 30
rest = 0
setup = Lie face down on your forearms.
EOF
COLUMNS=300 XDG_DATA_HOME="$T/light" "$UNKNOT" run "$T/calves.ini" \
    --virtual-time --answers "$OK" > "$T/out" 2>&1
expect_no_out 'Lighter' "nothing lighter yet: no tag"
COLUMNS=300 XDG_DATA_HOME="$T/light" "$UNKNOT" run "$T/legs.ini" \
    --virtual-time --answers 'daily-*=no,recent-soreness=5,soreness=3,*=no' \
    > "$T/out" 2>&1
TAG='^\[ *[0-9]+:[0-9]{2}\] \[Lighter: pressure up to 4 of 10\] '
expect_out "${TAG}Calves, with the roller" "the lighter step's setup tagged"
expect_out "${TAG}Left side\." "the lighter region's left hold tagged"
expect_out "${TAG}Right side\." "the lighter region's right hold tagged"
expect_no_out 'Lighter.*(Front of the thighs|Lie face down|for 30 seconds)' \
    "a region not made lighter: no tag"
[ "$(grep -c 'Lighter: pressure' "$T/out")" -eq 3 ] && ok ||
    bad "the tag once per setup and hold, not on every line"
finish terminal
