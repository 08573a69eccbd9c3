#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The check inside the emulated arm64 machine, run as root by its init
# (scripts/pi-vm/init) from the shared folder /mnt/host, which the host's
# scripts/check-pi-vm filled with: unknot_*_arm64.deb, tree.tar (the source
# tree with the cross-built test binaries in build-arm64/), measure.sh, and
# a file "mode" (short, full, tests or bench).
#
# Every check writes its output to results/NAME.log and one line to
# results/summary: "PASS NAME (N s)" or "FAIL NAME (N s)".  The host reads
# the summary; "done" as its last line says the script ran to its end.
H=${PI_VM_SHARE:-/mnt/host}
R=$H/results
SELF=$H/guest.sh
# The installed unknot; another one to try a check on a development
# machine: PI_VM_SHARE=DIR UNKNOT_BIN=./unknot sh guest.sh run FUNCTION.
UNKNOT=${UNKNOT_BIN:-/usr/bin/unknot}
MODE=$(cat "$H/mode" 2>/dev/null || echo full)
export HOME=/root LANG=C.UTF-8
cd /root
# The work folder, the same for every check (each runs in a new shell).
W=${W:-$(mktemp -d)}
export W

say() { echo "pi-vm: $*"; }
# check NAME TIMEOUT FUNCTION: runs FUNCTION of this script in a shell of
# its own with its output in results/NAME.log, killed after TIMEOUT s.
check() {
    name=$1 limit=$2
    shift 2
    s=$(date +%s)
    say "$name ..."
    timeout -k 10 "$limit" sh "$SELF" run "$@" >"$R/$name.log" 2>&1
    rc=$?
    t=$(( $(date +%s) - s ))
    if [ "$rc" -eq 0 ]; then
        echo "PASS $name (${t} s)" >> "$R/summary"
    else
        [ "$rc" -ne 124 ] || echo "check: timed out after $limit s" >> "$R/$name.log"
        echo "FAIL $name (${t} s, exit $rc)" >> "$R/summary"
    fi
    say "$(tail -n 1 "$R/summary")"
    return "$rc"
}
fail() { echo "FAIL: $*"; exit 1; }

# Each command gets a home, settings and history of its own.
fresh_home() {
    rm -rf "$W/home"
    mkdir -p "$W/home"
    export HOME="$W/home" XDG_DATA_HOME="$W/home/data" \
        XDG_CONFIG_HOME="$W/home/config"
}

machine() {
    uname -a
    grep -m1 -i 'model name\|^CPU part' /proc/cpuinfo
    nproc
    grep MemTotal /proc/meminfo
    cat /etc/debian_version
}

install_deb() {
    deb=$(ls "$H"/unknot_*_arm64.deb) || fail "no arm64 .deb in the share"
    cp "$deb" "$W/" && deb=$W/$(basename "$deb")
    # Offline: every dependency is in the image already, so apt resolves
    # them without fetching anything; a missing one fails here.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Acquire::Retries=0 "$deb" || fail "apt-get install"
    dpkg-query -W -f='${Status} ${Version} ${Architecture}\n' unknot
    [ -x /usr/bin/unknot ] || fail "no /usr/bin/unknot"
    file -L /usr/bin/unknot 2>/dev/null || true
}

routines() { ls /usr/share/unknot/routines/*.ini; }

check_all() {
    fresh_home
    n=$(routines | wc -l)
    [ "$n" -gt 0 ] || fail "no bundled routines"
    # The ": ok: " counted below is the English line (check speaks the
    # reader's language).
    LANGUAGE=en "$UNKNOT" check $(routines) > "$W/out" 2>&1
    rc=$?
    cat "$W/out"
    [ "$rc" -eq 0 ] || fail "unknot check exit $rc"
    [ "$(grep -c ': ok: ' "$W/out")" -eq "$n" ] ||
        fail "unknot check did not pass all $n routines"
}

# show times every prompt with eSpeak NG's real spoken lengths: the first
# thing here that initialises eSpeak NG.
show_all() {
    fresh_home
    f=0
    for r in $(routines); do
        name=$(basename "$r" .ini)
        if "$UNKNOT" show "$name" > "$W/out" 2>&1 &&
           grep -qi 'total' "$W/out"; then
            echo "ok: show $name: $(grep -i total "$W/out" | tail -n 1)"
        else
            echo "FAIL: show $name"; sed 's/^/    /' "$W/out"; f=1
        fi
    done
    return $f
}

virtual_session() {
    fresh_home
    "$UNKNOT" run full-body-basic --virtual-time --screening \
        --answers '*=no,soreness=2,recent-soreness=2' --transcript "$R/virtual.jsonl" \
        > "$W/out" 2>&1
    rc=$?
    tail -n 30 "$W/out"
    [ "$rc" -eq 0 ] || fail "exit $rc"
    grep -q '^Session complete\.' "$W/out" || fail "no 'Session complete.'"
    tail -n 1 "$R/virtual.jsonl" | grep -q '"outcome":"completed"' ||
        fail "the transcript does not end completed"
    echo "holds: $(grep -c '"event":"hold_start"' "$R/virtual.jsonl")"
}

# A private PulseAudio with a null sink (platform-notes.md, "A paced
# sound server for tests"), ALSA's default sent to it, so PortAudio plays
# through it in real time and parec records what was played.
PA=$W/pulse
start_pulse() {
    mkdir -p "$PA/home"
    export XDG_RUNTIME_DIR=$PA PULSE_RUNTIME_PATH=$PA/pulse \
        PULSE_SERVER=unix:$PA/pulse/native PULSE_CLIENTCONFIG=$PA/client.conf
    mkdir -p "$PA/pulse"
    echo "autospawn = no" > "$PA/client.conf"
    printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' \
        > "$PA/alsa.conf"
    cat /usr/share/alsa/alsa.conf "$PA/alsa.conf" > "$PA/alsa-all.conf"
    export ALSA_CONFIG_PATH=$PA/alsa-all.conf
    HOME=$PA/home pulseaudio -n --daemonize=no --exit-idle-time=-1 \
        --use-pid-file=no --system=no --disallow-exit \
        -L "module-native-protocol-unix socket=$PA/pulse/native auth-anonymous=1" \
        -L "module-null-sink sink_name=test rate=48000 channels=2" \
        -L module-always-sink > "$R/pulseaudio.log" 2>&1 &
    PA_PID=$!
    i=0
    while ! pactl info >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -lt 120 ] || { echo "pulseaudio did not start"; return 1; }
        sleep 0.5
    done
    pactl set-default-sink test
    pactl set-default-source test.monitor
    echo "pulseaudio $PA_PID up after $i tries"
}
stop_pulse() {
    [ -n "${PA_PID:-}" ] || return 0
    kill "$PA_PID" 2>/dev/null
    wait "$PA_PID" 2>/dev/null
    PA_PID=
}

# rec_start FILE / rec_stop: record the sink's monitor, 48 kHz mono s16.
# The recording takes a moment to start (seconds, emulated): rec_start
# returns once it holds half a second of the silence before anything plays
# (which the recogniser's noise floor needs too).
rec_start() {
    : > "$1"
    parec -d test.monitor --format=s16le --rate=48000 --channels=1 --raw \
        --latency-msec=20 > "$1" &
    REC_PID=$!
    i=0
    while [ "$(stat -c %s "$1")" -lt 48000 ] && [ "$i" -lt 300 ]; do
        i=$((i + 1)); sleep 0.1
    done
}
rec_stop() { kill "$REC_PID" 2>/dev/null; wait "$REC_PID" 2>/dev/null; }
# sound FILE: sox's figures of a recording; fails when it is silent.
sound() {
    sox -t raw -r 48000 -e signed -b 16 -c 1 "$1" -n stats 2> "$1.stats"
    cat "$1.stats"
    pk=$(sed -n 's/^Pk lev dB *//p' "$1.stats")
    rms=$(sed -n 's/^RMS lev dB *//p' "$1.stats")
    echo "peak $pk dB, RMS $rms dB"
    awk -v p="$pk" -v r="$rms" 'BEGIN { exit !(p != "-inf" && p + 0 > -20 && r + 0 > -60) }' ||
        fail "the recording is silent"
}

SHORT=$W/short.ini
cat > "$SHORT" <<'EOF'
[routine]
title = One short hold

[step calves]
region = calves
tool = roller
sides = both
hold = 30
rest = 0
setup = Roller under the calves.
EOF

# A fresh home whose health screening is done (a quick virtual-time run
# with --screening saves it), so that a real-time session is the daily
# check, the hold and the summary, as on every day but the first.
screened_home() {
    fresh_home
    "$UNKNOT" run "$SHORT" --virtual-time --screening \
        --answers '*=no,soreness=2,recent-soreness=2' > /dev/null 2>&1 ||
        fail "the screening run failed"
}

# A real-time session of the short routine in the terminal: every prompt
# spoken through PortAudio into the sink, recorded from its monitor.
speech_to_sink() {
    screened_home
    # Speech out, not voice in: the sound server's default source here is
    # the sink's monitor, which carries nothing but the coach's own voice,
    # and under emulation it arrives so late that the half-duplex listener
    # took the tail of "...repeat, skip or stop at any time" for answers
    # (once, in CI).  The window session below keeps voice input on.
    mkdir -p "$XDG_CONFIG_HOME/unknot"
    printf '[input]\nvoice_input = no\n' > "$XDG_CONFIG_HOME/unknot/config.ini"
    rec_start "$R/speech.raw"
    "$UNKNOT" run "$SHORT" --headless --answers '*=no,soreness=2,recent-soreness=2' \
        --transcript "$R/speech.jsonl" > "$W/out" 2>&1
    rc=$?
    sleep 1
    rec_stop
    tail -n 20 "$W/out"
    [ "$rc" -eq 0 ] || fail "unknot run exit $rc"
    tail -n 1 "$R/speech.jsonl" | grep -q '"outcome":"completed"' ||
        fail "the transcript does not end completed"
    sound "$R/speech.raw"
}

# The short routine in real time in the SDL window on Xvfb, with speech
# to the sink.  A snapshot of the screen is taken during the hold.
window_session() {
    screened_home
    mkdir -p "$W/fb"
    Xvfb :7 -screen 0 1280x720x24 -nolisten tcp -fbdir "$W/fb" \
        > "$R/xvfb.log" 2>&1 &
    X_PID=$!
    i=0
    while [ ! -e /tmp/.X11-unix/X7 ]; do
        i=$((i + 1)); [ "$i" -lt 120 ] || fail "Xvfb did not start"; sleep 0.5
    done
    rec_start "$R/window.raw"
    DISPLAY=:7 "$UNKNOT" run "$SHORT" --answers '*=no,soreness=2,recent-soreness=2' \
        --transcript "$R/window.jsonl" > "$W/out" 2>&1 &
    U=$!
    # The screen while the hold counts down.
    i=0
    while ! grep -q '"event":"hold_start"' "$R/window.jsonl" 2>/dev/null; do
        i=$((i + 1)); [ "$i" -lt 1200 ] || break; sleep 0.5
        kill -0 "$U" 2>/dev/null || break
    done
    sleep 3
    cp "$W/fb/Xvfb_screen0" "$R/window-hold.xwd" 2>/dev/null
    # The window stays on the summary until someone leaves it: once the
    # session has ended, close it as the window manager would (SDL turns
    # SIGTERM into a quit event), and unknot exits with the session's status.
    i=0
    while ! grep -q '"event":"end"' "$R/window.jsonl" 2>/dev/null; do
        i=$((i + 1)); [ "$i" -lt 1200 ] || break; sleep 0.5
        kill -0 "$U" 2>/dev/null || break
    done
    sleep 2
    cp "$W/fb/Xvfb_screen0" "$R/window-summary.xwd" 2>/dev/null
    kill -TERM "$U" 2>/dev/null
    wait "$U"
    rc=$?
    rec_stop
    kill "$X_PID" 2>/dev/null
    cat "$W/out"
    [ "$rc" -eq 0 ] || fail "unknot run exit $rc"
    ! grep -q 'no display' "$W/out" || fail "no window: ran in the terminal"
    tail -n 1 "$R/window.jsonl" | grep -q '"outcome":"completed"' ||
        fail "the transcript does not end completed"
    [ -s "$R/window-hold.xwd" ] || fail "no screen snapshot"
    # A drawn screen, not a black one: count the bytes that are not zero.
    lit=$(tr -d '\000' < "$R/window-hold.xwd" | wc -c)
    echo "screen during the hold: $lit of $(wc -c < "$R/window-hold.xwd") bytes lit"
    [ "$lit" -gt 100000 ] || fail "the screen was black during the hold"
    sound "$R/window.raw"
}

# The recogniser on a recording, from the sink's monitor, of the coach's
# voice saying "yes" (played with paplay, which waits until the sound
# server has played it all).
listen_wav() {
    fresh_home
    "$UNKNOT" say --wav "$W/yes-voice.wav" "yes" || fail "unknot say --wav"
    rec_start "$W/yes.raw"
    paplay "$W/yes-voice.wav" || fail "paplay"
    sleep 1
    rec_stop
    sox -t raw -r 48000 -e signed -b 16 -c 1 "$W/yes.raw" -r 16000 "$R/yes.wav" ||
        fail "sox"
    "$UNKNOT" listen --wav "$R/yes.wav" > "$W/out" 2>&1
    rc=$?
    cat "$W/out"
    [ "$rc" -eq 0 ] || fail "unknot listen exit $rc"
    grep -qw yes "$W/out" || fail "the recogniser did not hear 'yes'"
}

unpack_tree() {
    [ -d "$W/src/build-arm64" ] && return 0
    mkdir -p "$W/src" && tar -xf "$H/tree.tar" -C "$W/src" || fail "tree.tar"
}
measure() {
    unpack_tree
    MEASURE=$(cat "$H/measure" 2>/dev/null || echo all) sh "$H/measure.sh" "$R/measure"
}
# The test binaries that need eSpeak NG or SDL (left out of make
# check-arm64 under qemu-user) and their command-line scripts.
left_out_tests() {
    unpack_tree
    cd "$W/src" || fail "cd"
    tests=$(cat build-arm64/pi-vm-tests)
    clis=$(cat build-arm64/pi-vm-cli-tests)
    # Only some of them (PI_VM_TESTS on the host: "test_i18n i18n.sh").
    only=$(cat "$H/only-tests" 2>/dev/null)
    if [ -n "$only" ]; then
        keep() { for f in $1; do
            for o in $only; do [ "${f##*/}" != "$o" ] || echo "$f"; done
        done; }
        tests=$(keep "$tests"); clis=$(keep "$clis")
        echo "only: ${tests:-no binaries} / ${clis:-no scripts}"
        [ -n "$clis" ] || clis=/dev/null
    fi
    # As make check runs them: no sound server (the tests make their own
    # ALSA set-ups, which a running PulseAudio would take over).
    env -u ALSA_CONFIG_PATH -u PULSE_SERVER -u PULSE_CLIENTCONFIG \
        -u PULSE_RUNTIME_PATH -u XDG_RUNTIME_DIR \
        UNKNOT_BIN=$PWD/build-arm64/unknot BUILD=build-arm64 \
        TEST_WRAP="timeout 900" CLI_TESTS="$clis" UNKNOT_BUDGETS=report \
        sh tests/run.sh $tests
}

# guest.sh run FUNCTION...: only those functions, in order (check uses it).
if [ "${1:-}" = run ]; then
    shift
    for fn; do "$fn" || exit $?; done
    exit 0
fi

mkdir -p "$R"
: > "$R/summary"
say "mode $MODE"
check machine 60 machine
check install 600 install_deb || { echo done >> "$R/summary"; exit 1; }
if [ "$MODE" = bench ]; then
    # Only the figures: the machine otherwise idle, nothing else running.
    check measure 5400 measure
elif [ "$MODE" = tests ]; then
    check arm64-tests 3600 left_out_tests
else
    check virtual-session 1200 virtual_session
    start_pulse > "$R/pulse.log" 2>&1 && echo "PASS pulse" >> "$R/summary" ||
        echo "FAIL pulse (see pulse.log)" >> "$R/summary"
    check speech-to-sink 900 speech_to_sink
    if [ "$MODE" = full ]; then
        check check-routines 600 check_all
        check show-routines 1800 show_all
        check window-session 1200 window_session
        check listen-wav 600 listen_wav
    fi
    stop_pulse
    [ "$MODE" != full ] || check arm64-tests 3600 left_out_tests
fi
echo done >> "$R/summary"
