# SPDX-License-Identifier: GPL-3.0-or-later
# Audio, voice input and a whole session on a real, paced sound server: a
# private PulseAudio with a null sink (tests/pulse.sh), its monitor
# recorded with parec to check what was played, and used as the
# microphone for a paced voice-input test.  Also a clockless capture
# device (ALSA's null plugin): detected and said, without burning a core.
. tests/cli/lib.sh
. tests/pulse.sh
ROOT=$PWD

# budget AWK-CONDITION MESSAGE: a real-time budget (CPU shares, pacing,
# echo cancelling against the clock).  UNKNOT_BUDGETS=report, as the
# emulated arm64 machine runs this (scripts/pi-vm/guest.sh), prints a
# budget it misses instead of failing: software emulation is many times
# slower than a Pi by construction.  Everything else is checked there too.
budget() {
    if awk "BEGIN { exit !($1) }"; then ok
    elif [ "${UNKNOT_BUDGETS:-}" = report ]; then
        echo "pulse: over budget (reported, not held here): $2"; ok
    else bad "$2"; fi
}

# How much longer to wait for what a session does, there.
SLOW=1; [ "${UNKNOT_BUDGETS:-}" != report ] || SLOW=6

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
budget "$cpu < 1.0" "a clockless microphone used $cpu s of CPU in 4 s (a flood)"

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
# Paced: one utterance per word said, stamped about as far apart as the
# words were spoken (which word is recognised is docs/voice.md's matter).
python3 - "$T/heard" <<'PY'; budget "$? == 0" "voice input through the monitor: not one paced utterance per word"
import re, sys
t = [float(m.group(1)) for m in (re.match(r'^ +([0-9.]+) s ', l) for l in open(sys.argv[1])) if m]
gaps = [b - a for a, b in zip(t, t[1:])]
print("pulse: heard %d utterances for 4 words, %s s apart" % (len(t), ", ".join("%.1f" % g for g in gaps)))
sys.exit(0 if 3 <= len(t) <= 5 and all(0.8 < g < 6 for g in gaps) else 1)
PY
pct=$(awk "BEGIN { printf \"%.0f\", 100 * ($c1 - $c0) / $(getconf CLK_TCK) / ($s1 - $s0) }")
echo "pulse: listening on the paced monitor: ${pct}% of a core"
budget "$pct < 60" "listening used ${pct}% of a core"

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
# In the window (SDL's dummy driver: the app's own loop, ui_run_session)
# with voice input on, the microphone being the monitor: after the session
# ends, the summary screen must not spin on the microphone's eventfd.
pulse_record_start "$T/session.raw"
UNKNOT_LOG=debug SDL_VIDEODRIVER=dummy "$UNKNOT" run "$T/tiny.ini" \
    --answers "$OK" --transcript "$T/session.jsonl" >"$T/out" 2>&1 &
W=$!
i=0
while [ $i -lt $((2400 * SLOW)) ] && ! grep -q '"event":"end"' "$T/session.jsonl" 2>/dev/null; do
    kill -0 $W 2>/dev/null || break
    sleep 0.1; i=$((i + 1))
done
pulse_record_stop
if grep -q '"event":"end","outcome":"completed"' "$T/session.jsonl" 2>/dev/null; then ok; else
    bad "the session in the window did not complete"
    grep -v ': debug: ' "$T/out" | sed 's/^/    /' >&2; fi
# The microphone is the sink's monitor: it hears exactly what the coach
# plays, and nobody else.  The echo canceller must converge on that path
# (audio/listen_clock.h: the reference then follows the microphone to the
# sample), and the coach must never take its own voice for someone
# speaking over it (a misaligned reference did, and stopped the session
# on a slower machine).
conv=$(sed -n 's/.*echo canceller converged (\([0-9]*\) dB).*/\1/p' "$T/out" | head -n 1)
echo "pulse: echo canceller converged: ${conv:-never} dB"
budget "${conv:-0} >= 10" "the echo canceller did not converge on the monitor"
n=$(grep -c 'interrupted by voice; listening' "$T/out")
budget "$n == 0" "the coach interrupted itself $n time(s)"
n=$(grep -c 'acting funny' "$T/out")
budget "$n == 0" "the echo canceller diverged (speexdsp reset it)"
sleep 1
# Eight seconds: a clock tick is then 0.125% of a core, so the figure
# is not one or two ticks of noise on a busy machine.
c0=$(proc_ticks $W); w0=$(proc_wakeups $W); s0=$(date +%s.%N)
sleep 8
c1=$(proc_ticks $W); w1=$(proc_wakeups $W); s1=$(date +%s.%N)
wk=$(wakeups_rate "$w0" "$w1" "$(awk "BEGIN { print $s1 - $s0 }")")
echo "pulse: summary screen wakeups: $wk a second"
kill -TERM $W 2>/dev/null; wait $W; rc=$?
if [ -n "$c0" ] && [ -n "$c1" ]; then
    pct=$(awk "BEGIN { printf \"%.1f\", 100 * ($c1 - $c0) / $(getconf CLK_TCK) / ($s1 - $s0) }")
    echo "pulse: summary screen with voice input on: ${pct}% of a core"
    # The spin this guards against cost 3.7-5% here (70% with a real
    # microphone); an idle summary measures 1.2-2.2%, up to 3% while two
    # test suites share the machine.
    budget "$pct < 3.5" "the summary screen spins: ${pct}% of a core"
else
    bad "the window closed before the summary could be measured"
fi
[ $rc -eq 0 ] && ok || { bad "closing the summary: exit $rc"; tail -20 "$T/out" >&2; }
set -- $(pulse_rms "$T/session.raw")
if [ "$1" -gt 200 ] && awk "BEGIN { exit !($2 > 40) }"; then ok; else
    bad "session audio: RMS $1 over $2 s"; fi
n=$(sqlite3 "$XDG_DATA_HOME/unknot/history.db" "SELECT count(*) FROM answers WHERE session_id = (SELECT max(id) FROM sessions)" 2>/dev/null)
t=$(grep -c '"event":"answer"' "$T/session.jsonl")
if [ -n "$n" ] && [ "$n" -eq "$t" ] && [ "$n" -gt 0 ]; then ok; else
    bad "history holds ${n:-?} answers of the real-time session, transcript $t"; fi

# --- "stop" said over the coach: barge-in through the real server ---
# A second voice in the room: one pacat stream into the same sink, open
# before the session, silent until told to say "stop".  The microphone
# (the monitor) hears the coach and the user; the canceller removes the
# coach; the word must cut the coach at once and stop the session.
espeak-ng -v en-us -w "$T/stop.wav" stop 2>/dev/null
sox "$T/stop.wav" -r 16000 -t raw -e signed -b 16 -c 1 "$T/stop.raw"
python3 "$ROOT/tests/pulse_feed.py" "$T/stop.raw" "$T/go" |
    pacat --playback -d test --format=s16le --rate=16000 --channels=1 \
          --latency-msec=40 &
F=$!
sleep 0.5
rm -f "$T/barge.jsonl"
UNKNOT_LOG=debug "$UNKNOT" run "$T/tiny.ini" --headless --answers "$OK" \
    --transcript "$T/barge.jsonl" >"$T/out" 2>&1 &
W=$!
# Over the second daily-check question (3.5 s long), 1.2 s into it.
i=0
while [ $i -lt $((400 * SLOW)) ] && ! grep -q '"question":"daily-calf"' "$T/barge.jsonl" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
done
sleep 1.2
s0=$(date +%s.%N)
touch "$T/go"
# A person the coach did not understand says it again: once, after 5 s
# (on a loaded machine, three test suites on 2 cores, the word was missed
# once; the coach must still be interrupted, and stop within 5 s of the
# last word).
said=1
i=0
while [ $i -lt $((100 * SLOW)) ] && ! grep -q '"event":"end"' "$T/barge.jsonl" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    if [ $i -eq 50 ]; then touch "$T/go"; said=2; s0=$(date +%s.%N); fi
done
s1=$(date +%s.%N)
kill -INT $W 2>/dev/null; wait $W; rc=$?
kill $F 2>/dev/null; wait $F 2>/dev/null
took=$(awk "BEGIN { printf \"%.1f\", $s1 - $s0 }")
echo "pulse: stop said over the coach ($said time(s)): session ended ${took} s after the last (exit $rc)"
n=$(grep -c 'interrupted by voice; listening' "$T/out")
budget "$n > 0" "stop over the coach did not interrupt it"
[ "$n" -gt 0 ] || grep -v ': debug: ' "$T/out" | tail -n 5 | sed 's/^/    /' >&2
q=0
[ $rc -ne 4 ] || ! grep -q '"event":"end","outcome":"quit"' "$T/barge.jsonl" || q=1
budget "$q == 1 && $took < 5" "stop over the coach did not stop the session (exit $rc, ${took} s)"

# --- The test binaries that play audio, on the paced device ---
for b in test_audio test_session; do
    [ -x "$ROOT/$BUILD/tests/$b" ] || continue
    if TEST_FILTER= "$ROOT/$BUILD/tests/$b" >"$T/out" 2>&1; then ok; else
        bad "$b on the paced server"; tail -n 20 "$T/out" | sed 's/^/    /' >&2; fi
done
finish pulse
