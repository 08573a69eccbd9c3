#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The figures of docs/pi-bench.md, measured the same way wherever it runs:
# inside the emulated arm64 machine (guest.sh, mode bench) and on the host
# beside it (scripts/check-pi-vm --bench), so the two go side by side.
#
#   sh measure.sh OUTDIR      (UNKNOT_BIN, PI_SESSION_BIN: the binaries)
#
# Writes OUTDIR/figures, one "key value" a line:
#   insn_hold_s   instructions per second of a hold, window and audio
#                 running (callgrind: (60 s hold - 30 s hold) / 30), M
#   insn_session  instructions of the whole 30 s-hold session, M
#   cpu_hold_s    CPU time per second of a hold ((60 s - 30 s run) / 30), ms
#   cpu_session   CPU time of the whole 30 s-hold session, s
#   rss_window    peak memory of that session in the window, kB
#   rss_virtual   peak memory of full-body-basic in virtual time, kB
#   first_word    start of `unknot run` in the window to the first sound
#                 of its first prompt at a PulseAudio null sink, ms
#                 (median of 3)
#   insn_virtual  instructions of jaw-release in virtual time, M
# MEASURE=first_word or MEASURE=virtual measures only that one.
# The sessions run as bench/pi.sh runs them (bench/pi_session: the SDL
# window on the dummy driver, the null audio output, voice input off,
# scripted answers); first_word runs the installed unknot on Xvfb with
# PortAudio playing into a private PulseAudio.
set -u
OUT=$1
mkdir -p "$OUT"
UNKNOT=${UNKNOT_BIN:-/usr/bin/unknot}
DRIVER=${PI_SESSION_BIN:-}
[ -n "$DRIVER" ] || DRIVER=${W:-.}/src/build-arm64/bench/pi_session
F=$OUT/figures
: > "$F"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "measure: $(uname -m), $UNKNOT, $DRIVER"

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
in_home() {
    h=$T/home-$1
    shift
    mkdir -p "$h"
    (cd "$h" && HOME=$h XDG_DATA_HOME=$h/data XDG_CONFIG_HOME=$h/config \
        SDL_VIDEODRIVER=dummy "$@")
}
SETTINGS="output=null voice_input=no"
cg_total() {
    sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" 2>/dev/null | head -n 1
}
max_rss() { sed -n 's/.*Maximum resident set size (kbytes): *//p' "$1"; }
cpu_s() {
    awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.3f", s }' "$1"
}
ran_ok() { grep -q '^pi_session: exit 0 ' "$1"; }

M=${MEASURE:-all}
# 0. Instructions of a whole session that does not depend on the clock:
#    jaw-release in virtual time (the engine, every prompt synthesised by
#    eSpeak NG for its length, the history), so that the count is the
#    same however slowly the machine runs, emulated or under callgrind.
if [ "$M" = all ] || [ "$M" = virtual ]; then
    if in_home cgv valgrind --tool=callgrind --callgrind-out-file="$T/cgv.out" \
           "$UNKNOT" run jaw-release --virtual-time --answers '*=no,soreness=2' \
           > "$T/cgv.log" 2>&1; then
        awk -v a="$(cg_total "$T/cgv.out")" 'BEGIN { printf "insn_virtual %.0f\n", a / 1e6 }' >> "$F"
    else
        echo "measure: the virtual-time callgrind run failed"; tail -n 5 "$T/cgv.log"
    fi
fi

# MEASURE=first_word: only the last figure (make check-pi-vm runs it).
if [ "$M" = all ]; then
# 1. Instructions: both callgrind runs side by side.
for hold in 30 60; do
    in_home cg$hold valgrind --tool=callgrind --callgrind-out-file="$T/cg$hold.out" \
        "$DRIVER" "$T/hold$hold.ini" $SETTINGS > "$T/cg$hold.log" 2>&1 &
done
wait
if ran_ok "$T/cg30.log" && ran_ok "$T/cg60.log"; then
    awk -v a="$(cg_total "$T/cg30.out")" -v b="$(cg_total "$T/cg60.out")" 'BEGIN {
        printf "insn_hold_s %.2f\ninsn_session %.0f\n", (b - a) / 30 / 1e6, a / 1e6 }' >> "$F"
else
    echo "measure: a callgrind run failed"; tail -n 5 "$T"/cg*.log
fi
cat "$T/cg30.log" "$T/cg60.log"

# 2. CPU time and peak memory: both real-time runs side by side.
for hold in 30 60; do
    in_home rt$hold /usr/bin/time -v -o "$T/rt$hold.time" \
        "$DRIVER" "$T/hold$hold.ini" $SETTINGS > "$T/rt$hold.log" 2>&1 &
done
wait
if ran_ok "$T/rt30.log" && ran_ok "$T/rt60.log"; then
    awk -v a="$(cpu_s "$T/rt30.time")" -v b="$(cpu_s "$T/rt60.time")" 'BEGIN {
        printf "cpu_hold_s %.1f\ncpu_session %.2f\n", (b - a) / 30 * 1000, a }' >> "$F"
    echo "rss_window $(max_rss "$T/rt30.time")" >> "$F"
else
    echo "measure: a real-time run failed"; tail -n 5 "$T"/rt*.log
fi
cat "$T/rt30.log" "$T/rt60.log"
if in_home vt /usr/bin/time -v -o "$T/vt.time" "$UNKNOT" run full-body-basic \
       --virtual-time --answers '*=no,soreness=2' > "$T/vt.log" 2>&1; then
    echo "rss_virtual $(max_rss "$T/vt.time")" >> "$F"
else
    echo "measure: the virtual-time session failed"; tail -n 5 "$T/vt.log"
fi

fi

[ "$M" = all ] || [ "$M" = first_word ] || { cat "$F"; exit 0; }
# 3. Start to the first spoken word, through a private PulseAudio null
#    sink recorded from its monitor: the recording's length when unknot
#    starts, then the offset of its first sound (sox's silence effect,
#    above 1% of full scale), in samples at 48 kHz.
PA=$T/pulse
mkdir -p "$PA/pulse" "$PA/home"
export XDG_RUNTIME_DIR=$PA PULSE_RUNTIME_PATH=$PA/pulse \
    PULSE_SERVER=unix:$PA/pulse/native PULSE_CLIENTCONFIG=$PA/client.conf
echo "autospawn = no" > "$PA/client.conf"
printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' > "$PA/alsa.conf"
cat /usr/share/alsa/alsa.conf "$PA/alsa.conf" > "$PA/alsa-all.conf"
export ALSA_CONFIG_PATH=$PA/alsa-all.conf
HOME=$PA/home pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
    -L "module-native-protocol-unix socket=$PA/pulse/native auth-anonymous=1" \
    -L "module-null-sink sink_name=test rate=48000 channels=2" \
    -L module-always-sink > "$T/pulse.log" 2>&1 &
pa=$!
i=0
while ! pactl info >/dev/null 2>&1 && [ "$i" -lt 120 ]; do i=$((i + 1)); sleep 0.5; done
pactl set-default-sink test
# Stops a process and everything it started (xvfb-run, Xvfb, unknot), so
# that no unknot of one run speaks into the next one's recording.
tree_kill() {
    for c in $(pgrep -P "$2"); do tree_kill "$1" "$c"; done
    kill "-$1" "$2" 2>/dev/null
}
: > "$T/fw"
for k in 1 2 3; do
    : > "$T/fw.raw"
    parec -d test.monitor --format=s16le --rate=48000 --channels=1 --raw \
        --latency-msec=10 > "$T/fw.raw" &
    rec=$!
    # Once the recording runs (it takes a moment to start).
    i=0
    while [ "$(stat -c %s "$T/fw.raw")" -lt 48000 ] && [ "$i" -lt 300 ]; do
        i=$((i + 1)); sleep 0.1
    done
    # One shell does both: the size is read the moment before exec.
    in_home fw$k sh -c 'stat -c %s "$1" > "$2"; shift 2; exec "$@"' sh \
        "$T/fw.raw" "$T/fw.start" env -u SDL_VIDEODRIVER xvfb-run -a \
        "$UNKNOT" run "$T/hold30.ini" --answers '*=no,soreness=2' \
        > "$T/fw$k.log" 2>&1 &
    u=$!
    # Stop once something has been heard (or after two minutes).
    j=0
    while [ "$j" -lt 240 ]; do
        sleep 0.5; j=$((j + 1))
        s0=$(cat "$T/fw.start" 2>/dev/null)
        sox -t raw -r 48000 -e signed -b 16 -c 1 "$T/fw.raw" -t raw "$T/fw.cut" \
            trim "$(( ${s0:-0} / 2 ))s" silence 1 1s 1% 2>/dev/null
        [ ! -s "$T/fw.cut" ] || break
    done
    tree_kill TERM "$u"
    sleep 1
    tree_kill KILL "$u"
    wait "$u" 2>/dev/null
    kill "$rec"; wait "$rec" 2>/dev/null
    s0=$(cat "$T/fw.start" 2>/dev/null)
    s0=${s0:-0}
    : > "$T/fw.start"
    sox -t raw -r 48000 -e signed -b 16 -c 1 "$T/fw.raw" -t raw "$T/fw.cut" \
        trim "$((s0 / 2))s" silence 1 1s 1%
    total=$(( ($(wc -c < "$T/fw.raw") - s0) / 2 ))
    left=$(( $(wc -c < "$T/fw.cut") / 2 ))
    if [ "$left" -gt 0 ]; then
        echo $(( (total - left) * 1000 / 48000 )) >> "$T/fw"
    else
        echo "measure: no sound in run $k"; tail -n 5 "$T/fw$k.log"
    fi
done
kill "$pa" 2>/dev/null
echo "first word, each run (ms): $(tr '\n' ' ' < "$T/fw")"
[ "$(wc -l < "$T/fw")" -lt 3 ] || echo "first_word $(sort -n "$T/fw" | sed -n 2p)" >> "$F"
cat "$F"
