# SPDX-License-Identifier: GPL-3.0-or-later
# `make install DESTDIR=... PREFIX=/usr` into a temporary folder: every file
# lands under DESTDIR where the package and the Pi expect it, the installed
# binary finds the installed routines, and `make uninstall` removes them.
# Also that the data folder compiled into util/paths.o follows PREFIX (the
# stamp in the Makefile).  Installs this build's binary (INSTALL_BIN), so
# nothing is rebuilt; the arm64 build's runs under $TEST_WRAP.
. tests/cli/lib.sh

# The binary itself, not the qemu wrapper script.
BIN=$UNKNOT
[ -z "$TEST_WRAP" ] || BIN=$(dirname "$UNKNOT")/unknot
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "install.sh: no built binary at $BIN (run through 'make test', or" \
         "set UNKNOT_BIN); skipped"
    finish install
    exit
fi

# A make of its own: not the jobserver or the sanitizer build of the make
# running us (command-line variables reach us in the environment too).
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory SAN= "$@"; }

R=$T/root
expect_exit 0 "make install" -- \
    mk install DESTDIR="$R" PREFIX=/usr INSTALL_BIN="$BIN"
expect_no_out '^  (CC|LINK|AR) ' "make install builds nothing"

# Everything under DESTDIR/usr, nothing beside it.
top=$(cd "$R" && ls -A)
[ "$top" = usr ] && ok || bad "DESTDIR holds '$top', expected only usr"
for f in bin/unknot bin/unknot-kiosk; do
    [ -x "$R/usr/$f" ] && ok || bad "usr/$f missing or not executable"
done
for f in share/unknot/config.ini.example share/unknot/unknot-kiosk.desktop \
         share/man/man1/unknot.1 share/man/man1/unknot-kiosk.1 \
         share/man/man5/unknot-routine.5 share/applications/unknot.desktop \
         share/icons/hicolor/scalable/apps/unknot.svg \
         share/doc/unknot/README.md share/doc/unknot/usage.md \
         share/doc/unknot/screen.md share/doc/unknot/routine-format.md; do
    [ -s "$R/usr/$f" ] && ok || bad "usr/$f missing or empty"
done
# Every document the man pages name is installed where they say.
for d in $(cat docs/unknot.1 docs/unknot-kiosk.1 docs/unknot-routine.5 |
           grep -o '[a-z\\-]*\.md' | sed 's/\\//g' | sort -u); do
    [ -s "$R/usr/share/doc/unknot/$d" ] && ok ||
        bad "the man pages name $d, not installed in share/doc/unknot"
done
n_src=$(ls routines/*.ini | wc -l)
n_inst=$(ls "$R"/usr/share/unknot/routines/*.ini 2>/dev/null | wc -l)
[ "$n_src" -gt 0 ] && [ "$n_src" -eq "$n_inst" ] && ok ||
    bad "$n_inst routines installed, $n_src in routines/"
cmp -s "$BIN" "$R/usr/bin/unknot" && ok || bad "installed binary differs"
cp "$R/usr/bin/unknot-kiosk" "$T/out"
expect_out '"/usr/share/unknot/unknot-kiosk.desktop"' \
    "unknot-kiosk looks for its entry under PREFIX"
expect_no_out '@UNKNOT_DATADIR@' "unknot-kiosk has no placeholder left"

if command -v groff >/dev/null 2>&1; then
    expect_exit 0 "unknot-kiosk.1 renders" -- \
        groff -man -ww -z docs/unknot-kiosk.1
    expect_no_out . "unknot-kiosk.1 renders without warnings"
fi

# The installed binary, outside the source tree, finds the installed
# routines.  It was built for this tree's PREFIX, so the installed data
# folder is shown to it as the user's data folder: the same layout
# (DATADIR/unknot/routines).
INST="$TEST_WRAP $R/usr/bin/unknot"
cd "$T"
XDG_DATA_HOME=$R/usr/share
export XDG_DATA_HOME
expect_exit 0 "installed unknot list" -- $INST list
for f in "$R"/usr/share/unknot/routines/*.ini; do
    name=$(basename "$f" .ini)
    expect_out "^  $name " "installed unknot list shows $name"
done
if [ -z "$TEST_WRAP" ]; then
    expect_exit 0 "installed unknot check" -- \
        $INST check "$R"/usr/share/unknot/routines/*.ini
    n_ok=$(grep -c ': ok: ' "$T/out")
else
    # eSpeak NG cannot run under emulation: lengths are bounded from the
    # text (--estimate), which may put a routine over the 20-minute cap
    # that eSpeak NG's own lengths keep within it (tests/cli/check.sh).
    $INST check --estimate "$R"/usr/share/unknot/routines/*.ini > "$T/out"
    n_ok=$(grep -c -e ': ok: ' -e 'over the 20-minute cap' "$T/out")
fi
[ "$n_ok" -eq "$n_inst" ] && ok || bad "check said ok for $n_ok of $n_inst"

# Without that folder and with nothing installed system-wide, nothing is
# found: the routines above came from the temporary install.
if [ ! -d /usr/local/share/unknot/routines ] &&
   [ ! -d /usr/share/unknot/routines ]; then
    XDG_DATA_HOME=$T/empty
    expect_exit 0 "installed unknot list with no routines" -- $INST list
    expect_out 'no routines found' "nothing found outside the install"
fi
cd "$OLDPWD"

expect_exit 0 "make uninstall" -- mk uninstall DESTDIR="$R" PREFIX=/usr
left=$(find "$R" -type f)
[ -z "$left" ] && ok || bad "left after uninstall: $left"

# The data folder is compiled into util/paths.o: it must follow PREFIX, and
# an unchanged PREFIX must not recompile it.
B=$T/b
expect_exit 0 "paths.o for /usr" -- mk BUILD="$B" PREFIX=/usr "$B/util/paths.o"
grep -aq '/usr/share/unknot' "$B/util/paths.o" && ok ||
    bad "paths.o built with PREFIX=/usr lacks /usr/share/unknot"
expect_exit 0 "paths.o again" -- mk BUILD="$B" PREFIX=/usr "$B/util/paths.o"
expect_no_out 'CC ' "same PREFIX: paths.o not recompiled"
expect_exit 0 "paths.o for /opt/unknot" -- \
    mk BUILD="$B" PREFIX=/opt/unknot "$B/util/paths.o"
expect_out "CC +$B/util/paths.o" "new PREFIX: paths.o recompiled"
grep -aq '/opt/unknot/share/unknot' "$B/util/paths.o" && ok ||
    bad "paths.o built with PREFIX=/opt/unknot lacks /opt/unknot/share/unknot"

finish install
