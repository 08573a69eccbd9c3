# SPDX-License-Identifier: GPL-3.0-or-later
# unknot export --fhir: a history of real virtual-time sessions over four
# weeks, exported and checked with the FHIR R4 validator of the `fhir` npm
# package and against `unknot history --csv` (tests/therapist/fhir-check.js);
# the Patient carries only what the settings hold; text from the database
# that is not valid UTF-8 or holds quotes and control characters comes out
# as valid JSON; usage errors.
. tests/cli/lib.sh
. tests/therapist/make-history.sh
. tests/therapist/node-deps.sh

expect_exit 2 "no --fhir" -- "$UNKNOT" export
expect_exit 2 "unknown option" -- "$UNKNOT" export --xml a.xml
expect_exit 2 "--db missing" -- "$UNKNOT" export --fhir "$T/x.json" --db "$T/none.db"
if [ -e "$T/x.json" ]; then bad "wrote a file for a missing --db"; else ok; fi
expect_exit 0 "--help" -- "$UNKNOT" export --help
expect_out "docs/fhir.md" "help names the docs"

# An empty history: a valid bundle with the Patient and Questionnaire only.
expect_exit 0 "export of no history" -- "$UNKNOT" export --fhir "$T/empty.json"
if [ -e "$XDG_DATA_HOME/unknot" ]; then bad "export created the data folder"
else ok; fi

if ! fhir_deps; then
    # A Debian package build has no network (policy 4.9): the validator
    # cannot be fetched there.  Everywhere else (development, CI) its
    # absence is a failure, never a silent skip.
    if [ -n "${DEB_BUILD_OPTIONS+set}" ]; then
        echo "fhir.sh: no network in a package build; validator checks skipped"
    else
        bad "the FHIR validator is not available"
    fi
    finish fhir
    exit $?
fi

make_history
"$UNKNOT" history --csv > "$T/h.csv"
expect_exit 0 "export" -- "$UNKNOT" export --fhir "$T/b.json"
NODE_PATH="$FHIR_NODE_PATH" node tests/therapist/fhir-check.js "$T/b.json" \
    "$T/h.csv" > "$T/out" 2>&1 && ok || bad "fhir-check on the history"
grep -q '^ok: validator' "$T/out" && ok || bad "validator did not pass"
grep '^FAIL' "$T/out" >&2
mode=$(stat -c %a "$T/b.json")
[ "$mode" = 600 ] && ok || bad "export file mode $mode, expected 600"

# The same history twice gives the same resource ids (stable references).
"$UNKNOT" export --fhir "$T/b2.json"
grep fullUrl "$T/b.json" > "$T/ids1"; grep fullUrl "$T/b2.json" > "$T/ids2"
if [ "$(wc -l < "$T/ids1")" -gt 40 ] && cmp -s "$T/ids1" "$T/ids2"
then ok; else bad "resource ids differ between two exports"; fi

# The settings' name and id, and nothing else, in the Patient.
mkdir -p "$XDG_CONFIG_HOME/unknot"
printf '[therapist]\npatient_name = Ana "Zoë" O\\Brien\npatient_id = MRN-0042\n' \
    > "$XDG_CONFIG_HOME/unknot/config.ini"
expect_exit 0 "export with a patient" -- "$UNKNOT" export --fhir "$T/p.json"
WANT_PATIENT_NAME='Ana "Zoë" O\Brien' WANT_PATIENT_ID=MRN-0042 \
NODE_PATH="$FHIR_NODE_PATH" node tests/therapist/fhir-check.js "$T/p.json" \
    "$T/h.csv" > "$T/out" 2>&1 && ok || { bad "patient from the settings";
    grep FAIL "$T/out" >&2; }
rm "$XDG_CONFIG_HOME/unknot/config.ini"

# Text that is not valid UTF-8, with quotes, backslashes and a newline.
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$XDG_DATA_HOME/unknot/history.db" \
        "UPDATE sessions SET title = CAST(X'43616c7665732022ff5c0a0709' AS TEXT) WHERE id = 1" \
        >/dev/null
    expect_exit 0 "export with odd text" -- "$UNKNOT" export --fhir "$T/u.json"
    iconv -f UTF-8 -t UTF-8 "$T/u.json" >/dev/null 2>&1 && ok ||
        bad "export is not valid UTF-8"
    NODE_PATH="$FHIR_NODE_PATH" node -e '
        const b = JSON.parse(require("fs").readFileSync(process.argv[1]));
        const p = b.entry.map(e => e.resource).find(r =>
            r.resourceType === "Procedure" && r.identifier[0].value === "1");
        process.exit(p.code.text.includes("Calves \"\ufffd\\") ? 0 : 1);' \
        "$T/u.json" && ok || bad "odd title not kept as text"
fi

# Writing fails cleanly: nothing half-written is left.
mkdir -p "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_exit 1 "unwritable folder" -- "$UNKNOT" export --fhir "$T/ro/b.json"
    expect_out "cannot write" "says why"
fi
ls -A "$T/ro" | grep -q . && bad "left a file behind" || ok
finish fhir
