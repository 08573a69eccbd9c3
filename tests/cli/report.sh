# SPDX-License-Identifier: GPL-3.0-or-later
# unknot report: usage errors; a report of four weeks of real virtual-time
# `unknot run` sessions (tests/therapist/make-history.sh) on A4 and Letter,
# with --since and --routine; the PDF appears whole or not at all.  The
# pages themselves (margins, chart points) are checked in
# tests/test_report.c.
. tests/cli/lib.sh
. tests/therapist/make-history.sh

expect_exit 2 "no -o" -- "$UNKNOT" report
expect_out "give the file to write with -o FILE.pdf" "names the fix"
expect_exit 2 "bad --since" -- "$UNKNOT" report --since 3/11/2025 -o "$T/a.pdf"
expect_out "YYYY-MM-DD" "says the date format"
expect_exit 2 "impossible date" -- "$UNKNOT" report --since 2025-02-30 -o "$T/a.pdf"
expect_exit 2 "bad --paper" -- "$UNKNOT" report --paper a5 -o "$T/a.pdf"
expect_exit 2 "unknown option" -- "$UNKNOT" report --pdf "$T/a.pdf"
expect_exit 2 "--db missing" -- "$UNKNOT" report --db "$T/none.db" -o "$T/a.pdf"
[ ! -e "$T/a.pdf" ] && ok || bad "a file was written after an error"
expect_exit 0 "--help" -- "$UNKNOT" report --help
expect_out "docs/report.md" "help names the docs"

if ! command -v pdfinfo >/dev/null 2>&1; then
    bad "pdfinfo (poppler-utils) is not installed"
    finish report
    exit $?
fi

# No history yet: one page that says so; no data folder created.
expect_exit 0 "empty history" -- "$UNKNOT" report -o "$T/empty.pdf"
pdfinfo "$T/empty.pdf" | grep -q '^Pages: *1$' && ok || bad "empty: not 1 page"
[ ! -e "$XDG_DATA_HOME/unknot" ] && ok || bad "report created the data folder"

make_history
NOW=$((HISTORY_T0 + 25 * 86400))
expect_exit 0 "report" -- env UNKNOT_FAKE_NOW=$NOW "$UNKNOT" report -o "$T/r.pdf"
pdfinfo "$T/r.pdf" > "$T/info"
grep -q 'Page size: *595.* x 841.* (A4)' "$T/info" && ok || bad "not A4"
pages=$(sed -n 's/^Pages: *//p' "$T/info")
[ "$pages" -ge 3 ] && [ "$pages" -le 5 ] && ok || bad "$pages pages"
mode=$(stat -c %a "$T/r.pdf")
[ "$mode" = 600 ] && ok || bad "report file mode $mode, expected 600"
pdftotext "$T/r.pdf" "$T/r.txt"
for want in "7 sessions in 4 weeks" "Sessions per week" "Every rule that fired" \
            "Left out Calves" "Stopped the session" "Did not start the session" \
            "Screening answers that change the dose" "Feet and calves" \
            "Soreness by region" "stopped (dizzy)"; do
    grep -qF "$want" "$T/r.txt" && ok || bad "report lacks '$want'"
done

expect_exit 0 "letter" -- env UNKNOT_FAKE_NOW=$NOW "$UNKNOT" report \
    --paper letter --routine desk-upper-back --since 2025-10-13 -o "$T/l.pdf"
pdfinfo "$T/l.pdf" | grep -q 'Page size: *612 x 792' && ok || bad "not Letter"
pdftotext "$T/l.pdf" "$T/l.txt"
grep -qF "2 sessions in" "$T/l.txt" && ok || bad "--routine/--since not applied"
grep -qF "Feet and calves" "$T/l.txt" && bad "other routine in the report" || ok

# In the user's language: the `language` setting of the --config file
# (German), --language (French), the system's (Spanish).  No English
# msgid of the report's catalogue entries may be left in the text: each
# literal part of six letters or more of a msgid (placeholders and markup
# cut out) that is not also in that language's translation
# (english_left, tests/cli/lib.sh).
printf '[speech]\nlanguage = de\n' > "$T/de.ini"
expect_exit 0 "--config with language = de" -- env UNKNOT_FAKE_NOW=$NOW \
    "$UNKNOT" report --config "$T/de.ini" -o "$T/de.pdf"
pdftotext "$T/de.pdf" "$T/de.txt"
tr -s ' \n' '  ' < "$T/de.txt" > "$T/de.flat"     # table cells wrap
for want in "Bericht zur Selbstmassage zu Hause" "7 Einheiten in 4 Wochen" \
            "Einheiten pro Woche" "Waden in dieser Einheit ausgelassen" \
            "Jede ausgelöste Regel" "Mo., 6. Okt. 2025" "Seite 1 von"; do
    grep -qF "$want" "$T/de.flat" && ok || bad "German report lacks '$want'"
done
left=$(english_left 'report/*' de "$T/de.txt")
[ -z "$left" ] && ok || bad "German report holds English: $left"
expect_exit 0 "--language fr" -- env UNKNOT_FAKE_NOW=$NOW "$UNKNOT" report \
    --language fr -o "$T/fr.pdf"
pdftotext "$T/fr.pdf" "$T/fr.txt"
tr -s ' \n' '  ' < "$T/fr.txt" > "$T/fr.flat"
for want in "Rapport d’automassage à domicile" "7 séances en 4 semaines" \
            "1,8 par semaine" "Toutes les règles déclenchées"; do
    grep -qF "$want" "$T/fr.flat" && ok || bad "French report lacks '$want'"
done
left=$(english_left 'report/*' fr "$T/fr.txt")
[ -z "$left" ] && ok || bad "French report holds English: $left"
# The check itself finds the English report's English.
left=$(english_left 'report/*' de "$T/r.txt")
[ -n "$left" ] && ok || bad "the English check finds nothing in English"
# --language wins over the setting; the system's language without either.
expect_exit 0 "--language en over language = de" -- env UNKNOT_FAKE_NOW=$NOW \
    "$UNKNOT" --config "$T/de.ini" report --language en -o "$T/en.pdf"
pdftotext "$T/en.pdf" - | grep -qF "Home self-massage report" && ok ||
    bad "--language en did not win over the setting"
expect_exit 0 "LANGUAGE=es" -- env UNKNOT_FAKE_NOW=$NOW LANGUAGE=es \
    "$UNKNOT" report -o "$T/es.pdf"
pdftotext "$T/es.pdf" - | grep -qF "Informe de automasaje en casa" && ok ||
    bad "the system's language (es) not used"
expect_exit 2 "--config that cannot be read" -- "$UNKNOT" report \
    --config "$T/none.ini" -o "$T/x.pdf"

# An unwritable target: exit 1, nothing left behind.
mkdir -p "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_exit 1 "unwritable folder" -- "$UNKNOT" report -o "$T/ro/r.pdf"
fi
ls -A "$T/ro" | grep -q . && bad "left a file behind" || ok
finish report
