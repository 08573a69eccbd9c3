# SPDX-License-Identifier: GPL-3.0-or-later
# The sanitizer run's leak check (make SAN=1 test): ALSA's dlopen'd plugins
# are kept loaded (tests/san/keep_modules.c) and suppressed by library name
# (tests/san/lsan.supp), and a leak of our own is still caught.
. tests/cli/lib.sh
PROBE=$PWD/${BUILD:-build}/tests/san/leak_probe
case ${BUILD:-build} in
*-san) ;;
*) echo "san: not a sanitizer build; nothing to check here"; finish san; exit ;;
esac
if [ ! -x "$PROBE" ]; then bad "no $PROBE (make SAN=1 test builds it)"; finish san; exit 1; fi
if [ -z "$LSAN_OPTIONS" ]; then
    echo "san: LSAN_OPTIONS unset (run through make SAN=1 test)"
fi

# ALSA loads its plugins, nothing of ours leaks: no report.
expect_exit 0 "ALSA plugins loaded and closed: no leak reported" -- "$PROBE"
expect_no_out "LeakSanitizer" "no leak report without a leak"
# A deliberate leak of ours is reported, named by our file, and only it.
"$PROBE" leak >"$T/out" 2>&1; rc=$?
if [ "$rc" -ne 0 ]; then ok; else bad "a deliberate leak went unreported (exit 0)"; fi
expect_out "detected memory leaks" "the leak check ran"
expect_out "4321 byte\(s\)" "the deliberate 4321-byte block is reported"
expect_out "leak_probe.c" "the report names our file"
expect_no_out "unknown module" "no unnamed frames (modules kept loaded)"
n=$(grep -c "leak of" "$T/out")
if [ "$n" -eq 1 ]; then ok; else bad "expected 1 leak report, got $n"; sed 's/^/    /' "$T/out" >&2; fi
# The unknot binary of this build, on the same ALSA path.
expect_exit 0 "unknot devices under the leak check" -- "$UNKNOT" devices
expect_no_out "LeakSanitizer" "unknot devices: no leak report"
finish san
