# SPDX-License-Identifier: GPL-3.0-or-later
# unknot install-routine: good, broken and mixed folders; the messages are
# the checker's own; a bundled routine's name is refused without
# --replace; replacing one's own routine shows the changes; a read-only
# source; nothing broken or half-written is ever installed.
. tests/cli/lib.sh

DEST="$XDG_DATA_HOME/unknot/routines"
good() {    # FILE TITLE HOLD: a small valid routine
    cat > "$1" <<EOI
[routine]
title = $2
level = gentle

[step calves]
region = calves
tool = roller
sides = left-right
hold = $3
rest = 10
setup = Sit with the roller under one calf.
ask = soreness
EOI
}

mkdir -p "$T/good" "$T/broken" "$T/mixed"
good "$T/good/calf-one.ini" "Calf one" 40
good "$T/good/calf-two.ini" "Calf two" 45
printf '[routine]\ntitle = Broken\n\n[step x]\nregion = lower-back\nhold = 30\n' \
    > "$T/broken/bad-back.ini"
cp "$T/good/calf-one.ini" "$T/mixed/m-good.ini"
cp "$T/broken/bad-back.ini" "$T/mixed/m-bad.ini"
printf 'not a routine\n' > "$T/mixed/readme.txt"

expect_exit 2 "no arguments" -- "$UNKNOT" install-routine
expect_exit 2 "unknown option" -- "$UNKNOT" install-routine --force "$T/good"
expect_exit 0 "--help" -- "$UNKNOT" install-routine --help

# A good folder: both installed, byte for byte, listed by `unknot list`.
expect_exit 0 "good folder" -- "$UNKNOT" install-routine "$T/good"
expect_out "calf-one.ini: ok: 1 step" "the check's own ok line"
expect_out "installed as $DEST/calf-one.ini" "says where"
cmp -s "$T/good/calf-one.ini" "$DEST/calf-one.ini" && ok || bad "copy differs"
cmp -s "$T/good/calf-two.ini" "$DEST/calf-two.ini" && ok || bad "copy differs"
expect_exit 0 "list" -- "$UNKNOT" list
expect_out "calf-two .*Calf two" "installed routine is listed"
expect_exit 0 "again" -- "$UNKNOT" install-routine "$T/good/calf-one.ini"
expect_out "already installed" "same file: nothing to do"

# A broken folder: the checker's FILE:LINE messages, nothing installed.
"$UNKNOT" check "$T/broken/bad-back.ini" > "$T/check.out"
expect_exit 2 "broken folder" -- "$UNKNOT" install-routine "$T/broken"
grep -F "$(grep ': error:' "$T/check.out" | head -n 1)" "$T/out" >/dev/null \
    && ok || bad "not the same message as unknot check"
expect_out "bad-back.ini: not installed: [0-9]+ error" "says not installed"
[ ! -e "$DEST/bad-back.ini" ] && ok || bad "broken file installed"

# Mixed: the good one goes in, the broken one not; exit 2.
expect_exit 2 "mixed folder" -- "$UNKNOT" install-routine "$T/mixed"
[ -f "$DEST/m-good.ini" ] && ok || bad "good file of a mixed folder missing"
[ ! -e "$DEST/m-bad.ini" ] && ok || bad "broken file of a mixed folder installed"
expect_no_out "readme" "only .ini files are looked at"
ls -A "$DEST" | grep -q '^\.' && bad "temporary file left behind" || ok

# The name of a bundled routine: refused, unless --replace.
good "$T/feet-and-calves.ini" "My feet" 30
expect_exit 2 "bundled name" -- "$UNKNOT" install-routine "$T/feet-and-calves.ini"
expect_out "comes with Unknot" "explains"
expect_out "--replace" "names the way out"
[ ! -e "$DEST/feet-and-calves.ini" ] && ok || bad "bundled name installed"
expect_exit 0 "bundled name with --replace" -- \
    "$UNKNOT" install-routine --replace "$T/feet-and-calves.ini"
expect_out "used instead of the bundled" "says it shadows the bundled one"
expect_exit 0 "show" -- "$UNKNOT" show feet-and-calves
expect_out "My feet|Sit with the roller under one calf" "the user's copy is used"

# Replacing one's own: the changes are shown.
good "$T/calf-one.ini" "Calf one, longer" 60
cat >> "$T/calf-one.ini" <<'EOI'

[step feet]
region = feet
tool = ball
hold = 30
setup = Sit on a chair with a ball under one foot.
EOI
expect_exit 0 "replace own" -- "$UNKNOT" install-routine "$T/calf-one.ini"
expect_out "replacing your routine" "says it replaces"
expect_out "title: Calf one -> Calf one, longer" "title change"
expect_out "~ step calves: hold 40 s -> 60 s" "hold change"
expect_out "\+ step feet" "added step"
cmp -s "$T/calf-one.ini" "$DEST/calf-one.ini" && ok || bad "not replaced"

# Over the 20-minute cap (the check's dose rule): not installed, with the
# same message as `unknot check`.
cp tests/malformed/66-over-cap-engine-timeline.ini "$T/long-one.ini"
expect_exit 2 "over the cap" -- "$UNKNOT" install-routine "$T/long-one.ini"
expect_out "long-one\.ini:3: error: this routine runs .* over the 20-minute cap" \
    "the cap error of unknot check"
[ ! -e "$DEST/long-one.ini" ] && ok || bad "routine over the cap installed"

# A broken file never replaces a good one.
cp "$DEST/calf-one.ini" "$T/before.ini"
cp "$T/broken/bad-back.ini" "$T/broken/calf-one.ini"
expect_exit 2 "broken over good" -- "$UNKNOT" install-routine "$T/broken/calf-one.ini"
cmp -s "$T/before.ini" "$DEST/calf-one.ini" && ok || bad "good file overwritten"

# --dry-run changes nothing.
good "$T/dry.ini" "Dry" 30
expect_exit 0 "dry run" -- "$UNKNOT" install-routine --dry-run "$T/dry.ini"
expect_out "would be installed" "says what it would do"
[ ! -e "$DEST/dry.ini" ] && ok || bad "dry run installed"

# A read-only source (a write-protected stick): read and installed, and
# the source left as it was.
mkdir -p "$T/ro"
good "$T/ro/ro-calf.ini" "Read-only" 30
chmod 444 "$T/ro/ro-calf.ini"; chmod 555 "$T/ro"
expect_exit 0 "read-only source" -- "$UNKNOT" install-routine "$T/ro"
[ -f "$DEST/ro-calf.ini" ] && ok || bad "read-only source not installed"
mode=$(stat -c %a "$DEST/ro-calf.ini")
[ "$mode" = 644 ] && ok || bad "installed file mode $mode, expected 644"
ls -A "$T/ro" | grep -vq '^ro-calf.ini$' && bad "wrote into the source" || ok
chmod 755 "$T/ro"

# A missing file and an empty folder.
expect_exit 2 "missing file" -- "$UNKNOT" install-routine "$T/nope.ini"
expect_out "nope.ini.*cannot open" "the check's message"
mkdir -p "$T/empty"
expect_exit 2 "empty folder" -- "$UNKNOT" install-routine "$T/empty"
expect_out "no routine files" "says so"

# The routine folder cannot be written: exit 1, the old file kept.
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$DEST"
    good "$T/late.ini" "Late" 30
    expect_exit 1 "unwritable routine folder" -- "$UNKNOT" install-routine "$T/late.ini"
    expect_out "cannot write" "says why"
    chmod 755 "$DEST"
fi
finish install_routine
