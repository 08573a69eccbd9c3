# SPDX-License-Identifier: GPL-3.0-or-later
# unknot say and unknot devices, headless: WAV output, the PortAudio path
# into ALSA's file plugin, no device at all, and bad options.
. tests/cli/lib.sh

file_conf() {   # ALSA config whose default PCM writes raw samples to $1
    cat > "$T/file.conf" <<CONF
pcm.!default {
    type file
    slave.pcm { type null }
    file "$1"
    format "raw"
}
CONF
    echo "/usr/share/alsa/alsa.conf:$T/file.conf"
}

expect_exit 0 "say to a wav file" -- "$UNKNOT" say --wav "$T/a.wav" \
    "Place the ball under your calf."
if [ -f "$T/a.wav" ] && [ "$(head -c 4 "$T/a.wav")" = RIFF ] &&
   [ "$(wc -c < "$T/a.wav")" -gt 44100 ]; then ok; else
    bad "say --wav wrote no speech"; fi
expect_no_out "." "say --wav prints nothing"

# Slower speech is longer.
expect_exit 0 "say slowly" -- "$UNKNOT" say --rate 90 --wav "$T/slow.wav" \
    "Place the ball under your calf."
if [ "$(wc -c < "$T/slow.wav")" -gt "$(wc -c < "$T/a.wav")" ]; then ok; else
    bad "--rate 90 did not make the speech longer"; fi

# The real PortAudio path into ALSA's file plugin: no chatter, no text.
conf=$(file_conf "$T/out.raw")
expect_exit 0 "say through PortAudio" -- env ALSA_CONFIG_PATH="$conf" \
    "$UNKNOT" say --output portaudio "Breathe out."
expect_no_out "." "say through PortAudio prints nothing"
if [ -s "$T/out.raw" ] && [ "$(wc -c < "$T/out.raw")" -gt 22050 ]; then ok
else bad "nothing reached the ALSA file sink"; fi

# A default device that cannot open: one clear line, the text, exit 0, and
# none of ALSA's or JACK's own chatter.
cat > "$T/nocard.conf" <<CONF
pcm.!default { type hw card 9 }
CONF
expect_exit 0 "say with no device" -- env \
    ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$T/nocard.conf" \
    "$UNKNOT" say --output portaudio "Breathe out."
expect_out "^Breathe out\.$" "no device: the text is shown"
expect_out "no audio device" "no device: one message"
expect_no_out "ALSA lib|jack|JACK|Cannot connect" "no device: no chatter"
if [ "$(grep -c . "$T/out")" -eq 2 ]; then ok; else
    bad "no device: expected exactly two lines"; sed 's/^/    /' "$T/out" >&2
fi

expect_exit 2 "say nothing" -- "$UNKNOT" say
expect_out "nothing to say" "say nothing: message"
expect_exit 2 "rate out of range" -- "$UNKNOT" say --rate 20 hello
expect_out "--rate needs a number from 80 to 450" "rate message"
expect_exit 2 "volume out of range" -- "$UNKNOT" say --volume 101 hello
expect_exit 2 "unknown voice" -- "$UNKNOT" say --voice xx-nosuch hello
expect_out "no voice 'xx-nosuch'" "unknown voice message"
expect_exit 2 "unknown output" -- "$UNKNOT" say --output speaker hello
expect_out "unknown audio output 'speaker'" "unknown output message"
expect_exit 2 "unknown option" -- "$UNKNOT" say --loud hello
expect_exit 0 "say help" -- "$UNKNOT" say --help
expect_out "usage: unknot say" "say help text"

expect_exit 0 "devices" -- env ALSA_CONFIG_PATH="$conf" "$UNKNOT" devices
expect_out "^Output devices:" "devices: outputs"
expect_out "^Input devices:" "devices: inputs"
expect_out "default .*\(default\)" "devices: the default is marked"
expect_no_out "ALSA lib|jack" "devices: no chatter"

finish say.sh
