#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The screen's commands through the real binary: `unknot screenshots`
# writes every screen at both sizes as real BMP files; bad options exit 2;
# with no display `unknot` says so in one line before running the default
# routine in the terminal.
. tests/cli/lib.sh

expect_exit 0 "screenshots" -- "$UNKNOT" screenshots "$T/shots"
n=$(ls "$T/shots" | grep -c -- '-800x480\.bmp$')
m=$(ls "$T/shots" | grep -c -- '-1920x1080\.bmp$')
if [ "$n" -ge 10 ] && [ "$n" -eq "$m" ]; then ok; else
    bad "screenshots: $n files at 800x480, $m at 1920x1080"; fi
expect_out "^$T/shots/01-first-message-800x480\.bmp$" "each path printed"
# A real BMP: "BM", then the width and height in the header.
f=$(ls "$T/shots"/*-first-hold-1920x1080.bmp | head -n 1)
hdr=$(od -A n -t u4 -j 18 -N 8 "$f" | tr -s ' ')
if [ "$(head -c 2 "$f")" = "BM" ] && [ "$hdr" = " 1920 1080" ]; then ok
else bad "not a 1920x1080 BMP: '$(head -c 2 "$f")' '$hdr'"; fi

expect_exit 0 "one size" -- \
    "$UNKNOT" screenshots --size 1280x720 --text-scale 1.5 "$T/one"
n=$(ls "$T/one" | grep -c -- '-1280x720\.bmp$')
if [ "$n" -ge 10 ] &&
   [ "$n" -eq "$(ls "$T/one" | grep -c -- '\.bmp$')" ]; then ok; else
    bad "--size 1280x720: $n files"; fi

expect_exit 2 "bad size" -- "$UNKNOT" screenshots --size 12by5 "$T/bad"
expect_out "bad --size '12by5'" "bad size named"
expect_exit 2 "no folder" -- "$UNKNOT" screenshots

# No display: one line, then the terminal runner (input closed, so it
# ends at the first question; only the first line is checked here).
(unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER
 timeout 5 "$UNKNOT" </dev/null >"$T/out" 2>&1)
want="unknot: no display; running the default routine 'full-body-basic'"
if [ "$(head -n 1 "$T/out")" = "$want in the terminal" ]; then ok; else
    bad "no display line: $(head -n 1 "$T/out")"; fi

finish screen
