#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Languages: the catalogues are complete and say they await a clinical
# review; the system's language alone switches the built-in texts of a
# routine that names none (LANGUAGE, or an LC_ALL locale this machine has
# not generated); a routine's language wins; `unknot check` wants an
# eSpeak NG voice for it and warns when the coach's words have no
# translation.
. tests/cli/lib.sh
ANSWERS='*=no,soreness=2'
echo "locales here: $(locale -a 2>/dev/null | tr '\n' ' ')"

if command -v msgfmt >/dev/null; then
    for l in $(sed -e 's/#.*//' po/LINGUAS); do
        expect_exit 0 "$l.po passes msgfmt --check" -- \
            msgfmt --check --statistics -o /dev/null "po/$l.po"
        expect_out '^[0-9]+ translated messages\.$' "$l.po: all translated"
        expect_no_out 'untranslated|fuzzy' "$l.po: none untranslated or fuzzy"
        if grep -q 'not yet been reviewed by' "po/$l.po" &&
           grep -q 'X-Clinical-Review: none' "po/$l.po"; then ok; else
            bad "$l.po: no note that no clinician has reviewed it"; fi
    done
    # Every msgid in the sources is in po/unknot.pot (after a text
    # changes: make update-po, then translate what comes back).
    if command -v xgettext >/dev/null; then
        xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
            --keyword=ngettext:1,2 --keyword=C_:1c,2 \
            --add-comments=TRANSLATORS: \
            -f po/POTFILES.in -o "$T/fresh.pot" 2>"$T/out"
        if msgcmp --use-untranslated po/unknot.pot "$T/fresh.pot" \
                >"$T/out" 2>&1 &&
           msgcmp --use-untranslated "$T/fresh.pot" po/unknot.pot \
                >>"$T/out" 2>&1; then ok; else
            bad "po/unknot.pot is not up to date with the sources (make update-po)"
            head -20 "$T/out" >&2; fi
    fi
else
    echo "i18n: msgfmt not installed; catalogue checks skipped"
fi

# A bundled routine without `language`: English by default...
expect_exit 0 "feet-and-calves in English" -- "$UNKNOT" run \
    routines/feet-and-calves.ini --virtual-time --answers "$ANSWERS"
expect_out 'Five seconds\.' "English built-in texts"
# ...German with LANGUAGE=de alone, the routine's own text unchanged.
rm -rf "$T/data"
LANGUAGE=de expect_exit 0 "feet-and-calves with LANGUAGE=de" -- \
    "$UNKNOT" run routines/feet-and-calves.ini --virtual-time \
    --answers "$ANSWERS"
expect_out 'Noch fünf Sekunden\.' "LANGUAGE=de: German built-in texts"
expect_out 'Sit on a chair and put a ball under one foot' \
    "LANGUAGE=de: the routine's own text as written"
expect_no_out 'Five seconds\.' "LANGUAGE=de: no English built-in text"
# A locale that is not generated here still gives its language.
rm -rf "$T/data"
env -u LANGUAGE LC_ALL=fr_FR.UTF-8 "$UNKNOT" run routines/feet-and-calves.ini \
    --virtual-time --answers "$ANSWERS" >"$T/out" 2>&1
expect_out 'Encore cinq secondes\.' "LC_ALL=fr_FR.UTF-8: French texts"
# The routine's language wins over the system's.
rm -rf "$T/data"
LANGUAGE=fr expect_exit 0 "Spanish routine under LANGUAGE=fr" -- \
    "$UNKNOT" run tests/i18n/es.ini --virtual-time --answers \
    "$ANSWERS,sentir-pie=yes"
expect_out 'Quedan cinco segundos\.' "the routine's language wins"
# The language setting, for a routine without one.
rm -rf "$T/data"
printf '[speech]\nlanguage = es\n' > "$T/es.ini"
expect_exit 0 "language setting" -- "$UNKNOT" --config "$T/es.ini" run \
    routines/feet-and-calves.ini --virtual-time --answers "$ANSWERS"
expect_out 'Quedan cinco segundos\.' "language = es setting"

# A German routine's own rule without a say gets the default message in
# German; its add-on for a built-in rule follows the built-in message
# (said on its own), which is German too.
cat > "$T/de-rules.ini" <<'INI'
[routine]
title = Waden
language = de

[question warm]
text = Ist die Wade warm?
answer = yes-no
stop_if = yes
action = skip-region

[question soreness]
say = Bitte notieren Sie es für Ihre Therapeutin.

[step waden]
region = calves
tool = roller
sides = both
hold = 30
rest = 0
setup = Die Rolle unter beide Waden.
ask = warm, soreness

[step oberschenkel]
region = quadriceps
tool = roller
sides = both
hold = 30
rest = 0
setup = Bauchlage, die Rolle unter beide Oberschenkel.
ask = soreness
INI
rm -rf "$T/data"
expect_exit 0 "German routine with its own rules" -- "$UNKNOT" run \
    "$T/de-rules.ini" --virtual-time --answers "$ANSWERS,warm=yes,soreness=8"
expect_out 'Diesen Bereich lassen wir für heute\.' \
    "a routine rule without say: the default message in German"
expect_out 'Nehmen Sie Druck weg\. Es soll sich wie' \
    "the built-in message in German"
expect_out 'Bitte notieren Sie es für Ihre Therapeutin\.' \
    "then the routine's add-on"
expect_no_out "Let's leave|Ease off" "no English rule message"

# unknot check: a voice eSpeak NG has, and a catalogue.
for l in de fr es; do
    expect_exit 0 "check tests/i18n/$l.ini" -- "$UNKNOT" check \
        "tests/i18n/$l.ini"
    expect_no_out 'warning|error' "tests/i18n/$l.ini: no warning"
done
printf '[routine]\ntitle = Polpacci\nlanguage = it\n\n[step a]\nregion = calves\nsetup = Siediti con il rullo sotto un polpaccio.\nhold = 30\n' \
    > "$T/it.ini"
expect_exit 0 "check an Italian routine" -- "$UNKNOT" check "$T/it.ini"
expect_out "it.ini:3: warning: language = 'it': the coach's own words have no translation" \
    "no catalogue: a warning naming the line"
rm -rf "$T/data"
expect_exit 0 "an Italian routine runs" -- "$UNKNOT" run "$T/it.ini" \
    --virtual-time --answers "$ANSWERS"
expect_out 'Five seconds\.' "no catalogue: English built-in texts"
sed 's/= it/= xx/' "$T/it.ini" > "$T/xx.ini"
expect_exit 2 "check a language eSpeak NG has no voice for" -- \
    "$UNKNOT" check "$T/xx.ini"
expect_out "xx.ini:3: error: language = 'xx': eSpeak NG has no voice" \
    "no voice: an error naming the line"
finish cli-i18n
