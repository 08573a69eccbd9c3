# SPDX-License-Identifier: GPL-3.0-or-later
# Audio, voice input and a whole session on a real, paced sound server: a
# private PulseAudio with a null sink (tests/pulse.sh), its monitor
# recorded with parec to check what was played, and used as the
# microphone for a paced voice-input test.  Also a clockless capture
# device (ALSA's null plugin): detected and said, without burning a core.
. tests/cli/lib.sh
. tests/pulse.sh
ROOT=$PWD

# utime+stime of a finished child, from GNU time's output: seconds.
cpu_of() { awk '/^cpu / { print $2 + $3 }' "$1"; }

# --- A capture device with no clock (no server needed) ---
printf 'pcm.!default { type null }\n' > "$T/null.conf"
ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$T/null.conf" \
    /usr/bin/time -f 'cpu %U %S' -o "$T/time" timeout -s INT 4 "$UNKNOT" listen >"$T/out" 2>&1
expect_out "has no clock" "a clockless microphone is said"
n=$(grep -c "has no clock" "$T/out")
if [ "$n" -eq 1 ]; then ok; else bad "said $n times, expected once"; fi
cpu=$(cpu_of "$T/time")
if awk "BEGIN { exit !($cpu < 1.0) }"; then ok; else
    bad "a clockless microphone used $cpu s of CPU in 4 s (a flood)"; fi

if ! pulse_start; then
    echo "pulse: skipped the sound-server checks: $PULSE_WHY"
    finish pulse; exit
fi
trap 'pulse_stop; rm -rf "$T"' EXIT

# --- What is played reaches the server, paced ---
pulse_record_start "$T/say.raw"
/usr/bin/time -f 'cpu %U %S real %e' -o "$T/time" \
    "$UNKNOT" say "Roll slowly along the outside of your thigh, then rest." >"$T/out" 2>&1
rc=$?
pulse_record_stop
if [ $rc -eq 0 ]; then ok; else bad "say through pulse: exit $rc"; sed 's/^/    /' "$T/out" >&2; fi
set -- $(pulse_rms "$T/say.raw")
if [ "$1" -gt 300 ]; then ok; else bad "say: recorded RMS $1, expected speech"; fi
# eSpeak speaks this in about 3.5 s; a paced device takes that long.
real=$(awk '/^cpu/ { print $5 }' "$T/time")
if awk "BEGIN { exit !($real > 2.5 && $2 > 2.5) }"; then ok; else
    bad "say took ${real}s, recorded ${2}s: not paced"; fi

# --- Voice input on a paced microphone: the monitor hears the coach ---
pulse_mic_is_monitor
"$UNKNOT" listen >"$T/heard" 2>&1 &
L=$!
sleep 1.5
c0=$(proc_ticks $L); s0=$(date +%s.%N)
for w in ten yes no stop; do "$UNKNOT" say "$w" >/dev/null 2>&1; sleep 1.2; done
sleep 1
c1=$(proc_ticks $L); s1=$(date +%s.%N)
kill -INT $L 2>/dev/null; wait $L
sed 's/^/    heard: /' "$T/heard"
if grep -Eq '^ +[0-9.]+ s +yes ' "$T/heard" && grep -Eq '^ +[0-9.]+ s +no ' "$T/heard" \
   && grep -Eq '^ +[0-9.]+ s +stop ' "$T/heard"; then ok; else
    bad "voice input through the monitor: yes, no and stop not all heard"; fi
pct=$(awk "BEGIN { printf \"%.0f\", 100 * ($c1 - $c0) / $(getconf CLK_TCK) / ($s1 - $s0) }")
echo "pulse: listening on the paced monitor: ${pct}% of a core"
if [ "$pct" -lt 60 ]; then ok; else bad "listening used ${pct}% of a core"; fi

# --- A whole real-time session through the server ---
cat > "$T/tiny.ini" <<'INI'
[routine]
title = Tiny
description = One short hold.
level = gentle

[step calves]
region = calves
tool = roller
sides = both
hold = 30
rest = 0
setup = Roller under both calves.
INI
OK='*=no,soreness=2,recent-soreness=2'
# The screening once, in virtual time, so the real-time run is short.
expect_exit 0 "virtual session saves the screening" -- "$UNKNOT" run "$T/tiny.ini" \
    --virtual-time --answers "$OK"
pulse_record_start "$T/session.raw"
printf '[input]\nvoice_input = no\n' > "$T/noinput.ini"
expect_exit 0 "a real-time session through the paced server" -- timeout 240 \
    "$UNKNOT" --config "$T/noinput.ini" run "$T/tiny.ini" --headless --answers "$OK" \
    --transcript "$T/session.jsonl"
pulse_record_stop
expect_out 'Session completed\.' "the session completed"
set -- $(pulse_rms "$T/session.raw")
if [ "$1" -gt 200 ] && awk "BEGIN { exit !($2 > 40) }"; then ok; else
    bad "session audio: RMS $1 over $2 s"; fi
n=$(sqlite3 "$XDG_DATA_HOME/unknot/history.db" "SELECT count(*) FROM answers WHERE session_id = (SELECT max(id) FROM sessions)" 2>/dev/null)
t=$(grep -c '"event":"answer"' "$T/session.jsonl")
if [ -n "$n" ] && [ "$n" -eq "$t" ] && [ "$n" -gt 0 ]; then ok; else
    bad "history holds ${n:-?} answers of the real-time session, transcript $t"; fi

# --- The test binaries that play audio, on the paced device ---
for b in test_audio test_session; do
    [ -x "$ROOT/$BUILD/tests/$b" ] || continue
    if TEST_FILTER= "$ROOT/$BUILD/tests/$b" >"$T/out" 2>&1; then ok; else
        bad "$b on the paced server"; tail -n 20 "$T/out" | sed 's/^/    /' >&2; fi
done
finish pulse
