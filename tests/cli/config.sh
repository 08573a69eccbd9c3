# SPDX-License-Identifier: GPL-3.0-or-later
# unknot config: effective settings with their sources, the default file,
# the docs table, and errors as FILE:LINE with exit status 2.
. tests/cli/lib.sh

CFG="$XDG_CONFIG_HOME/unknot/config.ini"

expect_exit 0 "config with no settings file" -- "$UNKNOT" config
expect_out "File: $CFG \(not found: built-in defaults\)" "names the file it looked for"
expect_out '^rate = 150 +; default$' "default rate"
expect_out '^soreness_stop = 7 +; default$' "default soreness stop"
expect_out '^\[paths\]$' "sections printed"

expect_exit 0 "config --defaults" -- "$UNKNOT" config --defaults
if cmp -s "$T/out" config/unknot.ini; then ok; else
    bad "config/unknot.ini differs from 'unknot config --defaults'"; fi

expect_exit 0 "config --markdown" -- "$UNKNOT" config --markdown
sed -n '/<!-- settings table: begin -->/,/<!-- settings table: end -->/p' \
    docs/settings.md | sed '1d;$d' > "$T/doc-table"
if cmp -s "$T/out" "$T/doc-table"; then ok; else
    bad "docs/settings.md table is stale: paste 'unknot config --markdown'"; fi

# The user's file, written on Windows.
mkdir -p "$XDG_CONFIG_HOME/unknot"
printf '\357\273\277; mine\r\n[speech]\r\nrate = 120\r\n[coach]\r\nsoreness_stop = 4\r\n' > "$CFG"
expect_exit 0 "config with a CRLF file and a BOM" -- "$UNKNOT" config
expect_out "^rate = 120 +; $CFG:3\$" "rate from the file, with its line"
expect_out "^soreness_stop = 4 +; $CFG:5\$" "soreness stop from the file"
expect_out '^volume = 80 +; default$' "untouched key stays default"

expect_exit 0 "command-line override" -- "$UNKNOT" config volume=55 coach.lead_in=9
expect_out '^volume = 55 +; command line$' "override shown as command line"
expect_out '^lead_in = 9 +; command line$' "section.key override"
expect_exit 2 "bad override" -- "$UNKNOT" config volume=500
expect_out '^command line: error: volume = 500: 500 is out of range; allowed 0 to 100' "bad override names the range"
expect_exit 2 "unknown override" -- "$UNKNOT" config volme=5
expect_out "did you mean 'volume'" "unknown override suggests"

# Errors, each at its line, all reported in one run.
cat > "$T/bad.ini" <<'EOF'
[speech]
volme = 50
rate = 90
rate = 100
[coach]
soreness_stop = 8
[sound]
lead_in = 1
[display
EOF
expect_exit 2 "bad settings file" -- "$UNKNOT" --config "$T/bad.ini" config
expect_out "^$T/bad.ini:2: error: unknown key 'volme' in \[speech\]; did you mean 'volume'\?\$" "unknown key"
expect_out "^$T/bad.ini:4: error: 'rate' is set twice \(first on line 3\)" "duplicate key"
expect_out "^$T/bad.ini:6: error: soreness_stop = 8: .*allowed 3 to 7" "looser soreness stop refused"
expect_out "^$T/bad.ini:7: error: unknown section \[sound\]" "unknown section"
expect_out "^$T/bad.ini:9: error: unterminated section header" "unterminated header"
expect_no_out ':8: error' "keys under an unknown section are not reported again"
expect_no_out '^\[speech\]' "nothing printed on stdout when there are errors"

# An over-long line is reported, and later line numbers do not shift.
{ printf '[audio]\nwav_file = '; head -c 250 /dev/zero | tr '\0' a; printf '\n[speech]\nrate = 1\n'; } > "$T/long.ini"
expect_exit 2 "over-long line" -- "$UNKNOT" --config="$T/long.ini" config
expect_out "^$T/long.ini:2: error: line is 261 bytes long; the longest allowed is 197" "long line reported"
expect_out "^$T/long.ini:4: error: rate = 1:" "next error keeps its line"

expect_exit 2 "missing --config file" -- "$UNKNOT" --config "$T/nope.ini" config
expect_out "^$T/nope.ini: error: no such settings file" "missing file named"
expect_exit 2 "a folder as --config" -- "$UNKNOT" --config "$T" config
expect_out "is a folder, not a settings file" "folder refused"
expect_exit 2 "unknown option" -- "$UNKNOT" config --bogus

expect_exit 0 "help lists config" -- "$UNKNOT" help
expect_out '^  config ' "config in the command list"

finish config-cli
