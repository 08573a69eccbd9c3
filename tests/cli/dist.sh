# SPDX-License-Identifier: GPL-3.0-or-later
# What `make install` adds for desktops and Pi kiosks: the man pages (every
# command documented, no roff warnings), the .desktop entries, the icon and
# the unknot-kiosk helper.
. tests/cli/lib.sh

# Every command `unknot help` lists has its entry in unknot(1).
"$UNKNOT" help > "$T/help" 2>&1
cmds=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$T/help")
[ -n "$cmds" ] && ok || bad "no commands in 'unknot help'"
for c in $cmds; do
    if grep -Eq "^\.BI? \"?$c( |\"|$)" docs/unknot.1; then ok; else
        bad "command '$c' is not documented in docs/unknot.1"; fi
done

# The man pages point to the installed documentation, never to a source
# tree an installed system does not have; exit 1 is not "no sound device"
# (the coach carries on with text, exit 0).
for m in docs/unknot.1 docs/unknot-kiosk.1 docs/unknot-routine.5; do
    grep -n 'docs/[a-z]' "$m" | grep -v 'in the source tree' > "$T/out"
    expect_no_out . "$m names no docs/ path of the source tree"
done
sed -n '/^\.SH EXIT STATUS/,/^\.SH FILES/p' docs/unknot.1 > "$T/out"
expect_out 'No sound device, no display or no microphone is not a failure' \
    "unknot(1): no sound device is not exit 1"
expect_no_out 'Runtime failure \(no sound device' "unknot(1): old exit 1 text"
# (That the coach carries on with no device, exit 0, is tests/cli/say.sh.)

if command -v groff >/dev/null 2>&1; then
    for m in docs/unknot.1 docs/unknot-routine.5; do
        expect_exit 0 "$m renders" -- groff -man -ww -z "$m"
        expect_no_out . "$m renders without warnings"
    done
fi

for d in dist/unknot.desktop dist/unknot-kiosk.desktop; do
    head -n 1 "$d" > "$T/out"
    expect_out '^\[Desktop Entry\]$' "$d starts with its group"
    cp "$d" "$T/out"
    expect_out '^Type=Application$' "$d type"
    expect_out '^Name=.' "$d name"
    expect_out '^Exec=unknot( |$)' "$d runs the installed binary"
    expect_out '^Icon=unknot$' "$d icon name matches the installed icon"
    expect_no_out ' +$' "$d has no trailing blanks"
done
cp dist/unknot.svg "$T/out"
expect_out '^<svg ' "icon is an SVG"
expect_out '</svg>' "icon is complete"
expect_out 'viewBox=' "icon scales"

# unknot-kiosk, with this build's unknot.
KIOSK="sh dist/unknot-kiosk"
export UNKNOT_BIN="$UNKNOT"
CFG="$XDG_CONFIG_HOME/unknot/config.ini"
ENTRY="$XDG_CONFIG_HOME/autostart/unknot-kiosk.desktop"
expect_exit 0 "kiosk status" -- $KIOSK status
expect_out '^off$' "off at first"
expect_exit 0 "kiosk enable with no settings file" -- $KIOSK enable
[ -f "$ENTRY" ] && ok || bad "autostart entry not written"
expect_exit 0 "settings after enable" -- "$UNKNOT" config
expect_out "^fullscreen = yes +; $CFG:2\$" "fullscreen set in a new settings file"
expect_exit 0 "kiosk status" -- $KIOSK status
expect_out "^on: $ENTRY\$" "on after enable"

printf '[speech]\r\nrate = 120\r\n[display]\r\nfullscreen = no\r\ntext_scale = 1.5\r\n' > "$CFG"
expect_exit 0 "kiosk enable over existing settings" -- $KIOSK enable
expect_exit 0 "settings after enable" -- "$UNKNOT" config
expect_out '^fullscreen = yes ' "fullscreen switched on"
expect_out '^rate = 120 ' "other settings kept"
expect_out '^text_scale = 1.5 ' "other display settings kept"

printf '[speech]\nrate = 120\n' > "$CFG"
expect_exit 0 "kiosk enable without a [display] section" -- $KIOSK enable
expect_exit 0 "settings after enable" -- "$UNKNOT" config
expect_out '^fullscreen = yes ' "fullscreen added in a new section"

expect_exit 0 "kiosk disable" -- $KIOSK disable
[ ! -e "$ENTRY" ] && ok || bad "autostart entry left after disable"

printf '[speech]\nrate = 1\n' > "$CFG"
expect_exit 1 "kiosk enable with broken settings" -- $KIOSK enable
expect_out "config.ini:2: error: rate = 1" "the settings error is shown"
[ ! -e "$ENTRY" ] && ok || bad "autostart entry written despite bad settings"
expect_exit 2 "kiosk bad usage" -- $KIOSK sideways

finish dist-cli
