# SPDX-License-Identifier: GPL-3.0-or-later
# A private, paced sound server for tests and benchmarks: PulseAudio with a
# null sink, its own runtime folder and socket, started and stopped by the
# script that sources this file, never touching anyone else's audio.
# ALSA's default device (and so PortAudio's) goes to it through
# ALSA_CONFIG_PATH.  Unlike ALSA's null and file plugins, it has a clock.
#
#   . tests/pulse.sh
#   pulse_start || { echo "skipped: $PULSE_WHY"; exit 0; }
#   pulse_record_start "$T/played.raw"      # what the sink plays (parec)
#   ... run unknot ...
#   pulse_record_stop
#   pulse_rms "$T/played.raw"               # loudness, 0..32767
#   pulse_mic_is_monitor                    # the "microphone" hears the sink
#   proc_ticks PID                          # CPU ticks so far (getconf CLK_TCK)
#   pulse_stop                              # also run from an EXIT trap
#
# Needs pulseaudio, pulseaudio-utils and libasound2-plugins (scripts/
# install-deps); pulse_start returns 1 with $PULSE_WHY when they are
# missing or the server does not come up.  Recorded audio is 48 kHz mono
# s16le.  POSIX sh.

PULSE_DIR=""; PULSE_PID=""; PULSE_REC_PID=""

pulse_start() {
    PULSE_WHY=""
    for c in pulseaudio parec pactl; do
        command -v $c >/dev/null 2>&1 || { PULSE_WHY="no $c (apt install pulseaudio pulseaudio-utils)"; return 1; }
    done
    if ! ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1; then
        PULSE_WHY="no ALSA pulse plugin (apt install libasound2-plugins)"; return 1
    fi
    PULSE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/unknot-pulse.XXXXXX") || return 1
    mkdir -p "$PULSE_DIR/home" "$PULSE_DIR/pulse"
    chmod 700 "$PULSE_DIR"
    printf 'autospawn = no\n' > "$PULSE_DIR/client.conf"
    printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' > "$PULSE_DIR/asound.conf"
    export XDG_RUNTIME_DIR="$PULSE_DIR"
    export PULSE_RUNTIME_PATH="$PULSE_DIR/pulse"
    export PULSE_SERVER="unix:$PULSE_DIR/pulse/native"
    export PULSE_CLIENTCONFIG="$PULSE_DIR/client.conf"
    export ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$PULSE_DIR/asound.conf"
    HOME="$PULSE_DIR/home" pulseaudio -n --daemonize=no --exit-idle-time=-1 \
        --use-pid-file=no --disallow-exit=no --log-target=file:"$PULSE_DIR/log" \
        -L "module-native-protocol-unix socket=$PULSE_DIR/pulse/native auth-anonymous=1" \
        -L "module-null-sink sink_name=test rate=48000 channels=2" \
        -L module-always-sink >/dev/null 2>&1 &
    PULSE_PID=$!
    i=0
    while [ $i -lt 50 ]; do
        if pactl info >/dev/null 2>&1; then
            pactl set-default-sink test >/dev/null 2>&1
            return 0
        fi
        if ! kill -0 "$PULSE_PID" 2>/dev/null; then break; fi
        sleep 0.1; i=$((i + 1))
    done
    PULSE_WHY="the private PulseAudio did not start ($(tail -n 1 "$PULSE_DIR/log" 2>/dev/null))"
    pulse_stop
    return 1
}

# The default source becomes the sink's monitor: a "microphone" that hears
# exactly what the coach plays, on the server's clock.
pulse_mic_is_monitor() {
    pactl set-default-source test.monitor
}

pulse_record_start() {
    parec -d test.monitor --format=s16le --rate=48000 --channels=1 --raw \
        > "$1" 2>/dev/null &
    PULSE_REC_PID=$!
    sleep 0.2       # the stream is connected before anything plays
}

pulse_record_stop() {
    [ -n "$PULSE_REC_PID" ] || return 0
    kill "$PULSE_REC_PID" 2>/dev/null
    wait "$PULSE_REC_PID" 2>/dev/null
    PULSE_REC_PID=""
}

# RMS of a raw s16le recording and, second field, its length in seconds.
pulse_rms() {
    python3 - "$1" <<'PY'
import array, math, sys
a = array.array('h'); a.frombytes(open(sys.argv[1], 'rb').read() or b'\0\0')
print(int(math.sqrt(sum(x * x for x in a) / len(a))), round(len(a) / 48000, 2))
PY
}

# CPU time (user + system) of a running process, in clock ticks.
proc_ticks() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
# proc_wakeups PID: "TID SWITCHES" for each of its threads (a thread that
# wakes and sleeps again counts one each time); wakeups_rate A B SECONDS:
# the switches a second between two such lists, over the threads in both
# (threads that end in between would make a sum go backwards).
proc_wakeups() {
    for t in /proc/"$1"/task/*; do
        awk -v t="${t##*/}" '/^(non)?voluntary_ctxt_switches:/ { n += $2 }
            END { print t, n + 0 }' "$t/status" 2>/dev/null
    done
}
wakeups_rate() {
    echo "$1" > "$T/w0"; echo "$2" > "$T/w1"
    awk -v s="$3" 'NR == FNR { a[$1] = $2; next }
        ($1 in a) { n += $2 - a[$1] } END { printf "%.0f", n / s }' "$T/w0" "$T/w1"
}

pulse_stop() {
    pulse_record_stop
    if [ -n "$PULSE_PID" ]; then
        kill "$PULSE_PID" 2>/dev/null
        wait "$PULSE_PID" 2>/dev/null
        PULSE_PID=""
    fi
    if [ -n "$PULSE_DIR" ]; then rm -rf "$PULSE_DIR"; PULSE_DIR=""; fi
}
