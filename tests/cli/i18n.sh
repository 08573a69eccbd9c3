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
# The terminal, with voice answers off outside English (docs/voice.md):
# the coach's "say pause or stop" comes out naming the keys, in the
# session's language.
for l in de fr es; do
    case $l in
    de) keys='Sie können jederzeit p \(Pause\), r \(weiter\), a \(wiederholen\), s \(überspringen\) oder q \(Stopp\) tippen, dann Enter\.'
        said='Sie können jederzeit pausieren' ;;
    fr) keys='Vous pouvez taper à tout moment p \(pause\), r \(reprise\), a \(répéter\), s \(passer\) ou q \(arrêt\), puis Entrée\.'
        said='Vous pouvez à tout moment faire une pause' ;;
    es) keys='Puede teclear en cualquier momento p \(pausa\), r \(reanudar\), a \(repetir\), s \(saltar\) o q \(parar\), y luego Intro\.'
        said='Puede pausar, reanudar' ;;
    esac
    rm -rf "$T/data"
    LANGUAGE=$l expect_exit 0 "the terminal in $l" -- "$UNKNOT" run \
        routines/feet-and-calves.ini --headless --virtual-time \
        --answers "$ANSWERS"
    tr -s ' \n' '  ' < "$T/out" > "$T/flat"
    if grep -Eq "$keys" "$T/flat"; then ok; else
        bad "the terminal in $l: the keys are not named"; fi
    if grep -Eq "$said" "$T/flat"; then
        bad "the terminal in $l: the spoken commands left for a keyboard user"
    else ok; fi
done
# Command output a user reads, in the user's language: english_left
# (tests/cli/lib.sh) finds any English msgid left in the text.
if command -v msggrep >/dev/null; then
    # unknot show: the timeline in the session's language, here the
    # system's (the bundled routine names none).
    LANGUAGE=de expect_exit 0 "show feet-and-calves with LANGUAGE=de" -- \
        "$UNKNOT" show feet-and-calves
    cp "$T/out" "$T/show-de.txt"
    expect_out '^  1:[0-9]{2},[0-9]  Halten   feet, linke Seite$' \
        "show in German: kind, side and decimal comma"
    expect_out '^Feet and calves \(feet-and-calves\): 2 Schritte, ausführliche Ansagen, Vorlauf 5 s$' \
        "show in German: the header, plural"
    expect_out 'Frage    soreness \(0 bis 10\)' "show in German: questions"
    expect_out 'Noch fünf Sekunden\.' "show in German: the spoken texts"
    left=$(english_left app/cmd_show.c de "$T/show-de.txt")
    [ -z "$left" ] && ok || bad "German show holds English: $left"
    # The check itself finds the English of an English show.
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$UNKNOT" show \
        feet-and-calves > "$T/show-en.txt" 2>&1
    grep -q '^  1:[0-9][0-9]\.[0-9]  hold      feet, left side$' \
        "$T/show-en.txt" && ok || bad "show in English changed"
    left=$(english_left app/cmd_show.c de "$T/show-en.txt")
    [ -n "$left" ] && ok || bad "the English check finds nothing in English"
    # A French routine's show is French whatever the system's language.
    for sys in LANGUAGE=de LANGUAGE=en LC_ALL=es_ES.UTF-8; do
        env -u LANGUAGE $sys "$UNKNOT" show tests/i18n/fr.ini \
            > "$T/show-fr.txt" 2>&1
        grep -Eq '^ +[0-9]+:[0-9]{2},[0-9]  maintien +[a-z-]+, côté gauche$' \
            "$T/show-fr.txt" && ok ||
            bad "French routine's show under $sys: not French"
        left=$(english_left app/cmd_show.c fr "$T/show-fr.txt")
        [ -z "$left" ] && ok ||
            bad "French routine's show under $sys holds English: $left"
        if grep -Eq 'Ansage|Halten|pregunta' "$T/show-fr.txt"; then
            bad "French routine's show under $sys: the system's words"
        else ok; fi
    done

    # unknot history: the list in the user's language (the system's, or
    # the `language` setting); the CSV is data and stays as it is.
    rm -rf "$T/data"
    expect_exit 0 "a session for the history" -- "$UNKNOT" run \
        routines/feet-and-calves.ini --virtual-time --answers "$ANSWERS"
    LANGUAGE=de expect_exit 0 "history with LANGUAGE=de" -- "$UNKNOT" history
    cp "$T/out" "$T/hist-de.txt"
    expect_out '^Datum +Übungsfolge +Dauer +Ergebnis +Stopp-Regel +Angepasst durch +Max\. Schmerz$' \
        "history in German: the headings"
    expect_out '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5}  feet-and-calves +[0-9:]+ +abgeschlossen ' \
        "history in German: the outcome"
    left=$(english_left history/history.c de "$T/hist-de.txt")
    [ -z "$left" ] && ok || bad "German history holds English: $left"
    "$UNKNOT" history > "$T/hist-en.txt" 2>&1
    grep -q '^Date  *Routine  *Duration  *Outcome  *Stop rule  *Adjusted by  *Max soreness$' \
        "$T/hist-en.txt" && ok || bad "history in English changed"
    left=$(english_left history/history.c de "$T/hist-en.txt")
    [ -n "$left" ] && ok || bad "the English check finds nothing in English history"
    printf '[speech]\nlanguage = es\n' > "$T/es.ini"
    expect_exit 0 "history with language = es" -- "$UNKNOT" --config \
        "$T/es.ini" history --limit 1 \
        --db "$T/data/unknot/history.db"
    cp "$T/out" "$T/hist-es.txt"
    expect_out '^Fecha +Rutina +Duración +Resultado ' "history: the language setting"
    left=$(english_left history/history.c es "$T/hist-es.txt")
    [ -z "$left" ] && ok || bad "Spanish history holds English: $left"
    "$UNKNOT" history --csv > "$T/en.csv"
    LANGUAGE=fr "$UNKNOT" history --csv > "$T/fr.csv"
    cmp -s "$T/en.csv" "$T/fr.csv" && ok || bad "history --csv changed with the language"
    rm -rf "$T/data"
    LANGUAGE=fr expect_exit 0 "an empty history in French" -- "$UNKNOT" history
    expect_out '^Aucune séance enregistrée pour le moment\.$' "empty history in French"

    # unknot config: its comments in the language the settings give
    # (a language=fr on the command line counts); keys and values as is.
    LANGUAGE=de expect_exit 0 "config with LANGUAGE=de" -- "$UNKNOT" \
        config volume=60
    cp "$T/out" "$T/config-de.txt"
    expect_out '^; Geltende Einstellungen\.  Datei: ' "config in German: the header"
    expect_out '^volume = 60 +; Befehlszeile$' "config in German: command line"
    expect_out '^rate = 150 +; Vorgabe$' "config in German: default"
    left=$(english_left config/settings.c de "$T/config-de.txt")
    [ -z "$left" ] && ok || bad "German config holds English: $left"
    expect_exit 0 "config language=fr" -- "$UNKNOT" config language=fr
    expect_out '^language = fr +; ligne de commande$' \
        "config: the language setting given there"
    expect_no_out '; (default|command line)$' "config in French: no English"

    # unknot check and the usage and error lines: in the reader's language
    # (the settings' `language`, else the system's), whatever the
    # routine's own; FILE:LINE: and the exit statuses as in English.
    cat > "$T/bad.ini" <<'INI'
[routine]
title = Test
levl = gentle

[question warm]
text = Is it warm?
answer = yes-no

[step calf]
region = calfs
hold = 30
setup = Sit down.
INI
    printf '[routine]\ntitle = Calves\n\n[question warm]\ntext = Warm?\nanswer = yes-no\n\n[step calves]\nregion = calves\nhold = 30\nsetup = Sit down.\n' \
        > "$T/warn.ini"
    for l in de fr es; do
        case $l in
        de) err='Fehler'; warn='Warnung'
            key="unbekannter Schlüssel 'levl': meinten Sie 'level'\?"
            unused="Frage 'warm' ist festgelegt, aber kein Schritt fragt sie"
            okline='ok: 1 Schritt, längstenfalls [0-9]+ min [0-9]+ s \(erste Nutzung, [0-9]+ Wörter pro Minute, [0-9]+ s Vorlauf\), 1 Warnung$'
            use='^Aufruf: unknot check \[--estimate\] DATEI\.\.\.$'
            opt="^unknot check: unbekannte Option '--bogus'$"
            top='^Aufruf: unknot \[--config DATEI\]'
            cmd="^  check +Programmdateien prüfen"
            unk="^unknot: unbekannter Befehl 'chek'$" ;;
        fr) err='erreur'; warn='avertissement'
            key="clé inconnue 'levl' : vouliez-vous dire 'level' \?"
            unused="la question 'warm' est définie mais aucune étape ne la pose"
            okline='ok : 1 étape, au pire [0-9]+ min [0-9]+ s \(première utilisation, [0-9]+ mots par minute, mise en place de [0-9]+ s\), 1 avertissement$'
            use='^utilisation : unknot check \[--estimate\] FICHIER\.\.\.$'
            opt="^unknot check : option inconnue '--bogus'$"
            top='^utilisation : unknot \[--config FICHIER\]'
            cmd="^  check +vérifier des fichiers de programme"
            unk="^unknot : commande inconnue 'chek'$" ;;
        es) err='error'; warn='aviso'
            key="clave desconocida 'levl': ¿quería decir 'level'\?"
            unused="la pregunta 'warm' está definida pero ningún paso la hace"
            okline='ok: 1 paso, en el peor caso [0-9]+ min [0-9]+ s \(primer uso, [0-9]+ palabras por minuto, [0-9]+ s de preparación\), 1 aviso$'
            use='^uso: unknot check \[--estimate\] ARCHIVO\.\.\.$'
            opt="^unknot check: opción desconocida '--bogus'$"
            top='^uso: unknot \[--config ARCHIVO\]'
            cmd="^  check +comprobar archivos de rutina"
            unk="^unknot: orden desconocida 'chek'$" ;;
        esac
        LANGUAGE=$l expect_exit 2 "check with errors, LANGUAGE=$l" -- \
            "$UNKNOT" check "$T/bad.ini"
        cp "$T/out" "$T/check-$l.txt"
        expect_out "^$T/bad.ini:3: $err: $key$" "check in $l: an error, FILE:LINE: kept"
        expect_out "^$T/bad.ini:10: $err: " "check in $l: the region's line"
        expect_out "^$T/bad.ini:5: $warn: $unused" "check in $l: a warning"
        for src in routines/routine.c util/diag.c; do
            left=$(english_left $src $l "$T/check-$l.txt")
            [ -z "$left" ] && ok || bad "check in $l holds English ($src): $left"
        done
        LANGUAGE=$l expect_exit 0 "check with a warning, LANGUAGE=$l" -- \
            "$UNKNOT" check --estimate "$T/warn.ini"
        expect_out "^$T/warn.ini: $(echo "$okline" | sed 's/au pire/au plus/;s/längstenfalls/höchstens/;s/en el peor caso/como mucho/')" \
            "check --estimate in $l: the ok line, plural of warnings"
        left=$(english_left routines/install.c $l "$T/out")
        [ -z "$left" ] && ok || bad "check's ok line in $l holds English: $left"
        # Usage and option errors.
        LANGUAGE=$l expect_exit 2 "check without a file, LANGUAGE=$l" -- \
            "$UNKNOT" check
        expect_out "$use" "check's usage in $l"
        cp "$T/out" "$T/use-$l.txt"
        left=$(english_left app/cmd_check.c $l "$T/use-$l.txt")
        [ -z "$left" ] && ok || bad "check's usage in $l holds English: $left"
        LANGUAGE=$l expect_exit 2 "check --bogus, LANGUAGE=$l" -- \
            "$UNKNOT" check --bogus
        expect_out "$opt" "an unknown option in $l"
        LANGUAGE=$l expect_exit 0 "unknot --help, LANGUAGE=$l" -- "$UNKNOT" --help
        expect_out "$top" "unknot's usage in $l"
        expect_out "$cmd" "the command list in $l"
        cp "$T/out" "$T/help-$l.txt"
        for src in app/main.c app/commands.c; do
            left=$(english_left $src $l "$T/help-$l.txt")
            [ -z "$left" ] && ok || bad "unknot --help in $l holds English ($src): $left"
        done
        LANGUAGE=$l expect_exit 2 "an unknown command, LANGUAGE=$l" -- \
            "$UNKNOT" chek
        expect_out "$unk" "an unknown command in $l"
        # The settings' errors: a KEY=VALUE and a file's line.
        LANGUAGE=$l expect_exit 2 "a bad setting, LANGUAGE=$l" -- \
            "$UNKNOT" config volume=300
        expect_out ": $err: volume = 300: 300 " "a setting's error in $l"
        cp "$T/out" "$T/set-$l.txt"
        printf '[speech]\nrat = 150\n' > "$T/bad-set.ini"
        LANGUAGE=$l expect_exit 2 "a bad settings file, LANGUAGE=$l" -- \
            "$UNKNOT" --config "$T/bad-set.ini" list
        expect_out "^$T/bad-set.ini:2: $err: " "a settings file's error in $l"
        cat "$T/out" >> "$T/set-$l.txt"
        left=$(english_left config/settings.c $l "$T/set-$l.txt")
        [ -z "$left" ] && ok || bad "settings errors in $l hold English: $left"
        # A bad --answers, and a session with no input left.
        LANGUAGE=$l expect_exit 2 "a bad --answers, LANGUAGE=$l" -- \
            "$UNKNOT" run routines/feet-and-calves.ini --answers x
        expect_out "^unknot run: --answers ?: 'x' " "--answers error in $l"
        left=$(english_left coach/answers.c $l "$T/out")
        [ -z "$left" ] && ok || bad "--answers error in $l holds English: $left"
        rm -rf "$T/data"
        LANGUAGE=$l "$UNKNOT" run routines/feet-and-calves.ini --headless \
            < /dev/null > "$T/out" 2>&1
        expect_out "^unknot ?: .*'screen-heart'" "closed input in $l"
        left=$(english_left app/terminal.c $l "$T/out")
        [ -z "$left" ] && ok || bad "closed input in $l holds English: $left"
        # Every command's usage.
        for c in run show screen config check list history report export \
                 install-routine say devices listen screenshots; do
            LANGUAGE=$l "$UNKNOT" $c --help > "$T/out" 2>&1
            case $l in de) u='Aufruf:' ;; fr) u='utilisation :' ;; es) u='uso:' ;; esac
            head -n 1 "$T/out" | grep -q "^$u unknot" && ok ||
                bad "unknot $c --help in $l: no '$u' first line"
            f=app/cmd_$(echo $c | tr - _).c
            left=$(english_left $f $l "$T/out")
            [ -z "$left" ] && ok || bad "unknot $c --help in $l holds English: $left"
        done
    done
    # The English check finds the English.
    "$UNKNOT" check "$T/bad.ini" > "$T/check-en.txt" 2>&1
    left=$(english_left routines/routine.c de "$T/check-en.txt")
    [ -n "$left" ] && ok || bad "the English check finds nothing in English check output"
    # The settings' language wins over the system's; the routine's does
    # not count (the reader of a check is its author).
    printf '[speech]\nlanguage = es\n' > "$T/es.ini"
    LANGUAGE=de expect_exit 2 "check with language = es under LANGUAGE=de" -- \
        "$UNKNOT" --config "$T/es.ini" check "$T/bad.ini"
    expect_out "^$T/bad.ini:3: error: clave desconocida" "check: the language setting"
    LANGUAGE=de expect_exit 2 "check --config after the command" -- \
        "$UNKNOT" check "$T/bad.ini" --config "$T/es.ini"
    expect_out "^$T/bad.ini:3: error: clave desconocida" "check: a command's own --config"
    LANGUAGE=de expect_exit 0 "check a French routine under LANGUAGE=de" -- \
        "$UNKNOT" check tests/i18n/fr.ini
    expect_out '^tests/i18n/fr\.ini: ok: 3 Schritte, längstenfalls ' \
        "check of a French routine: the reader's language"
    LANGUAGE=fr expect_exit 2 "check a routine with no voice, LANGUAGE=fr" -- \
        "$UNKNOT" check "$T/xx.ini"
    expect_out "xx.ini:3: erreur: language = 'xx' : eSpeak NG n’a pas de voix" \
        "the language checks in French"
    # Data stays data: the CSV is the same in every language (above), and
    # so is the FHIR export.
    rm -rf "$T/data"
    "$UNKNOT" run routines/feet-and-calves.ini --virtual-time \
        --answers "$ANSWERS" > /dev/null 2>&1
    "$UNKNOT" export --fhir "$T/en.json" > /dev/null 2>&1
    LANGUAGE=de "$UNKNOT" export --fhir "$T/de.json" > /dev/null 2>&1
    if [ -s "$T/en.json" ] &&
       [ "$(sed 's/"20[0-9-]*T[0-9:.+Z-]*"//g;s/"urn:uuid:[0-9a-f-]*"//g' "$T/en.json")" = \
         "$(sed 's/"20[0-9-]*T[0-9:.+Z-]*"//g;s/"urn:uuid:[0-9a-f-]*"//g' "$T/de.json")" ]; then
        ok; else bad "the FHIR export changed with the language"; fi
else
    echo "i18n: msggrep not installed; command output checks skipped"
fi
finish cli-i18n
