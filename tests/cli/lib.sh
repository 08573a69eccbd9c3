# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for tests/cli/*.sh: each script sources this, calls the
# expect_* helpers, and ends with `finish NAME`, which prints the closing
# "NAME: N passed, N failed" line.
UNKNOT=${UNKNOT_BIN:-./unknot}
PASS=0; FAIL=0
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" HOME="$T/home"
mkdir -p "$HOME"
# The coach's words in English unless a test asks for another language
# (a routine without `language` follows the system's: util/i18n.h).
export LANGUAGE=en

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- COMMAND...   (output kept in $T/out)
expect_exit() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>&1; got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$what: exit $got, expected $want"; sed 's/^/    /' "$T/out" >&2; fi
}
# expect_out PATTERN DESCRIPTION: grep -E on the last command's output
expect_out() {
    if grep -Eq -- "$1" "$T/out"; then ok; else
        bad "$2: no line matching '$1'"; sed 's/^/    /' "$T/out" >&2; fi
}
expect_no_out() {
    if grep -Eq -- "$1" "$T/out"; then
        bad "$2: unexpected line matching '$1'"; sed 's/^/    /' "$T/out" >&2
    else ok; fi
}
finish() { echo "$1: $PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }

# english_left SOURCE LANG TEXTFILE: prints each English part of a msgid
# of SOURCE's catalogue entries (msggrep -N: a file or a glob such as
# 'report/*') found in TEXTFILE: a literal part of six letters or more
# (placeholders, markup and brackets cut out) that is not also in LANG's
# translation.  Needs msggrep (gettext).
english_left() {
    tr -s ' \n' '  ' < "$3" > "$3.flat"
    msggrep --no-wrap -N "$1" "po/$2.po" | awk -v flat="$3.flat" '
        BEGIN { getline text < flat }
        function body(l) { sub(/^[a-z_]+(\[[0-9]\])? "/, "", l); sub(/^"/, "", l);
                           sub(/"$/, "", l); gsub(/\\n/, " ", l);
                           gsub(/\\"/, "\"", l); gsub(/  +/, " ", l)
                           return l }
        function check(   n, i, parts, p) {
            n = split(id, parts, /%[0-9$]*[a-z]+|<[^>]*>|[()=]/)
            for (i = 1; i <= n; i++) {
                p = parts[i]; gsub(/^[ .,;:—-]+|[ .,;:—-]+$/, "", p)
                if (length(p) >= 6 && index(str, p) == 0 &&
                    index(text, p) > 0) print p
            }
        }
        /^msgid "/ { if (id != "") check(); id = body($0); str = ""
                     last = "id" }
        /^msgid_plural "/ { id = id " " body($0); last = "id" }
        /^msgstr/ { str = str " " body($0); last = "str" }
        /^"/ { if (last == "id") id = id body($0)
               else if (last == "str") str = str body($0) }
        /^#/ { last = "" }
        END { if (id != "") check() }'
}
