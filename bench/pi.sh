#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What Unknot costs, in figures that carry over to a Raspberry Pi:
#
# 1. Instructions per second of a hold, with the screen and the audio
#    running: valgrind's callgrind counts every instruction of every thread
#    (the SDL window, the session driver, the engine, speech synthesis and
#    the audio mixer) and the count does not depend on the machine's speed.
#    Method: the same one-step routine is run twice in the window, in real
#    time, once with a 30-second and once with a 60-second hold; everything
#    else (start-up, the daily check, the setup, the summary) is the same in
#    both runs, so the difference divided by 30 is the cost of one second of
#    a hold, cues and countdown included.  The 30 s run's total is shown
#    too, for the cost of a whole short session.
# 2. Peak memory (maximum resident set, /usr/bin/time -v) of a whole
#    session: the same 30-second routine in the window in real time, twice:
#    (a) SDL's dummy video driver with the null audio output (the floor:
#    our own code and libraries), and (b) a real X server (Xvfb, so SDL
#    picks its OpenGL renderer, as on a desktop) with speech through a
#    sound server (a private PulseAudio, tests/pulse.sh) and voice input on
#    (the recogniser loaded, the microphone the sink's monitor): what a
#    desktop or a Pi with a display and PipeWire really holds.  And a
#    bundled routine (full-body-basic, with the health screening) in the
#    terminal in virtual time.
#
# The window uses SDL's dummy video driver (the software renderer, 1280x720,
# no display needed), the audio the null output (mixed and paced in real
# time like a sound card, then discarded), voice input off, scripted
# answers (bench/pi_session.c).  A Pi's GPU renderer and its sound card
# driver are not counted.  The three runs go side by side, so this takes
# about two minutes of wall time whatever the machine.
#
#   sh bench/pi.sh        (make bench runs it, with UNKNOT_BIN set)
#   PI_KEEP=DIR sh bench/pi.sh    also keeps the callgrind files in DIR
#                                 (callgrind_annotate DIR/cg60.out)
set -u
cd "$(dirname "$0")/.."
UNKNOT=${UNKNOT_BIN:-$PWD/build/unknot}
OUT=$(dirname "$UNKNOT")
OUT=${OUT#"$PWD"/}
echo "== bench/pi.sh: one second of a hold, and a session's peak memory"
case $OUT in
*-san) echo "pi: skipped in a sanitizer build"; exit 0 ;;
esac
if ! make --no-print-directory BUILD="$OUT" "$OUT/bench/pi_session" >/dev/null
then
    echo "pi: could not build $OUT/bench/pi_session"
    exit 1
fi
DRIVER=$PWD/$OUT/bench/pi_session

T=$(mktemp -d)
trap 'command -v pulse_stop >/dev/null && pulse_stop; rm -rf "$T"' EXIT
for hold in 30 60; do
    cat > "$T/hold$hold.ini" <<EOF
[routine]
title = One hold of $hold seconds

[step calves]
region = calves
tool = roller
sides = both
hold = $hold
rest = 0
setup = Roller under the calves.
EOF
done

# Each run gets its own home, settings and history.
in_home() {
    h=$T/home-$1
    shift
    mkdir -p "$h"
    (cd "$h" && HOME=$h XDG_DATA_HOME=$h/data XDG_CONFIG_HOME=$h/config \
        SDL_VIDEODRIVER=dummy "$@")
}
SETTINGS="output=null voice_input=no"

have_time=0
[ -x /usr/bin/time ] && have_time=1
have_cg=0
command -v valgrind >/dev/null 2>&1 && have_cg=1

pids=""
if [ $have_cg = 1 ]; then
    for hold in 30 60; do
        in_home cg$hold valgrind --tool=callgrind \
            --callgrind-out-file="$T/cg$hold.out" \
            "$DRIVER" "$T/hold$hold.ini" $SETTINGS \
            >"$T/cg$hold.log" 2>&1 &
        pids="$pids $!"
    done
else
    echo "pi: valgrind not installed (scripts/install-deps); no instruction counts"
fi
if [ $have_time = 1 ]; then
    in_home rt /usr/bin/time -v -o "$T/rt.time" \
        "$DRIVER" "$T/hold30.ini" $SETTINGS >"$T/rt.log" 2>&1 &
    pids="$pids $!"
    in_home vt /usr/bin/time -v -o "$T/vt.time" \
        "$UNKNOT" run full-body-basic --virtual-time \
        --answers '*=no,soreness=2' >"$T/vt.log" 2>&1
    echo $? > "$T/vt.rc"
else
    echo "pi: /usr/bin/time not installed (package time); no peak memory"
fi
# (b) the real X server, GL renderer and sound server, one after the
# other runs above finish their share of the CPU (it is not timed).
have_real=0
if [ $have_time = 1 ] && command -v xvfb-run >/dev/null 2>&1; then
    . tests/pulse.sh
    if pulse_start; then
        pulse_mic_is_monitor >/dev/null 2>&1
        have_real=1
        h=$T/home-gl; mkdir -p "$h"
        (cd "$h" && HOME=$h XDG_DATA_HOME=$h/data XDG_CONFIG_HOME=$h/config \
            xvfb-run -a -s "-screen 0 1280x720x24" /usr/bin/time -v -o "$T/gl.time" \
            "$DRIVER" "$T/hold30.ini" output=portaudio voice_input=yes \
            >"$T/gl.log" 2>&1)
        pulse_stop
    else
        echo "pi: no private sound server ($PULSE_WHY); no desktop peak memory"
    fi
fi
for p in $pids; do
    wait "$p"
done

[ -z "${PI_KEEP:-}" ] || { mkdir -p "$PI_KEEP" && cp "$T"/cg*.out "$PI_KEEP"/; }

# callgrind's total: the "summary:" (or older "totals:") line.
cg_total() {
    sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" 2>/dev/null |
        head -n 1
}
max_rss() { sed -n 's/.*Maximum resident set size (kbytes): *//p' "$1"; }
cpu_s() {
    awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"
}
ran_ok() { grep -q '^pi_session: exit 0 ' "$1"; }

if [ $have_cg = 1 ]; then
    i30=$(cg_total "$T/cg30.out")
    i60=$(cg_total "$T/cg60.out")
    if [ -n "$i30" ] && [ -n "$i60" ] && ran_ok "$T/cg30.log" &&
       ran_ok "$T/cg60.log"; then
        awk -v a="$i30" -v b="$i60" 'BEGIN {
            printf "pi: one second of a hold, screen and audio running: %.1f M instructions (callgrind; (%.0f M - %.0f M) / 30 s)\n", (b - a) / 30 / 1e6, b / 1e6, a / 1e6
            printf "pi: a whole 30 s-hold session (start-up, daily check, hold, summary): %.0f M instructions\n", a / 1e6
        }'
    else
        echo "pi: a callgrind run failed:"
        sed 's/^/    /' "$T/cg30.log" "$T/cg60.log" | tail -n 20
    fi
fi
if [ $have_time = 1 ]; then
    if ran_ok "$T/rt.log"; then
        echo "pi: peak memory, 30 s-hold session in the window, real time, SDL dummy driver + null audio, voice input off: $(max_rss "$T/rt.time") kB (CPU $(cpu_s "$T/rt.time") s over $(sed -n 's/.*exit 0 after \(.*\)/\1/p' "$T/rt.log"))"
    else
        echo "pi: the real-time window session failed:"
        sed 's/^/    /' "$T/rt.log" | tail -n 10
    fi
    if [ $have_real = 1 ]; then
        if ran_ok "$T/gl.log"; then
            echo "pi: peak memory, the same session under a real X server (Xvfb, OpenGL renderer) + PulseAudio, voice input on: $(max_rss "$T/gl.time") kB (CPU $(cpu_s "$T/gl.time") s over $(sed -n 's/.*exit 0 after \(.*\)/\1/p' "$T/gl.log"))"
        else
            echo "pi: the session under Xvfb with the sound server failed:"
            sed 's/^/    /' "$T/gl.log" | tail -n 10
        fi
    fi
    if [ "$(cat "$T/vt.rc")" = 0 ]; then
        echo "pi: peak memory, full-body-basic in the terminal, virtual time: $(max_rss "$T/vt.time") kB (CPU $(cpu_s "$T/vt.time") s)"
    else
        echo "pi: the virtual-time session failed (exit $(cat "$T/vt.rc")):"
        sed 's/^/    /' "$T/vt.log" | tail -n 10
    fi
fi
