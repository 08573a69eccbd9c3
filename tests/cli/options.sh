# SPDX-License-Identifier: GPL-3.0-or-later
# The command line as GNU tools take it: options anywhere, `--` ends them,
# --config after the command, --version; [paths] data_dir finds the user's
# routines; `unknot config` checks the key map.
. tests/cli/lib.sh

# --version / -V print the release of debian/changelog.
release=$(sed -n '1s/^unknot (\([^)]*\)).*/\1/p' debian/changelog)
expect_exit 0 "--version" -- "$UNKNOT" --version
expect_out "^unknot $release\$" "--version prints the changelog's release"
expect_exit 0 "-V" -- "$UNKNOT" -V
expect_out "^unknot $release\$" "-V prints the release"

# say: an option after the text is an option, not words to speak.
expect_exit 0 "say TEXT --wav FILE" -- "$UNKNOT" say "Breathe out." \
    --wav "$T/after.wav"
if [ -f "$T/after.wav" ] && [ "$(head -c 4 "$T/after.wav")" = RIFF ]; then ok
else bad "say TEXT --wav FILE wrote no WAV file"; fi
# ... and --wav=FILE is the same option.
expect_exit 0 "say --wav=FILE" -- "$UNKNOT" say --wav="$T/eq.wav" Hello
[ -f "$T/eq.wav" ] && ok || bad "--wav=FILE wrote no file"
# `--` ends the options: what follows is spoken, even "--wav".
expect_exit 0 "say -- --wav" -- "$UNKNOT" say --wav "$T/dash.wav" -- \
    --wav not-a-file.wav
[ ! -e not-a-file.wav ] && [ -f "$T/dash.wav" ] && ok ||
    bad "after --, --wav was taken as an option"

# --config after the command (and the file is really read).
printf '[speech]\nvolume = 130\n' > "$T/bad.ini"
expect_exit 2 "list --config BADFILE" -- "$UNKNOT" list --config "$T/bad.ini"
expect_out "bad.ini:2" "list --config reads the file after the command"
printf '[speech]\nvolume = 40\n' > "$T/good.ini"
expect_exit 0 "list --config FILE" -- "$UNKNOT" list --config "$T/good.ini"
expect_out "full-body-basic" "list --config lists the routines"
expect_exit 0 "config --config=FILE" -- "$UNKNOT" config --config="$T/good.ini"
expect_out "volume *= *40" "config --config=FILE applies it"

# Options after the routine name; unknown options are usage errors.
expect_exit 3 "run ROUTINE --virtual-time --answers (after the name)" -- \
    "$UNKNOT" run runners-legs --virtual-time \
    --answers 'screen-*=no,daily-*=no,daily-calf=yes'
expect_exit 2 "run --bogus" -- "$UNKNOT" run full-body-basic --bogus
expect_out "unknown option '--bogus'" "an unknown option is named"
expect_exit 2 "history --limit with no value" -- "$UNKNOT" history --limit
expect_out "'--limit' needs a value" "a missing value is named"
expect_exit 2 "show with two routines" -- "$UNKNOT" show a b
expect_exit 0 "show ROUTINE --config FILE" -- "$UNKNOT" show \
    neck-shoulders-gentle --config "$T/good.ini"
expect_out "^ *total" "show with --config after the name runs"

# run --help explains --headless.
expect_exit 0 "run --help" -- "$UNKNOT" run --help
expect_out "--headless +in the terminal" "run --help explains --headless"
for c in home run show screen check list history config say devices \
         listen screenshots; do
    expect_exit 0 "$c --help" -- "$UNKNOT" "$c" --help
done

# [paths] data_dir: the routines in data_dir/routines are found by name
# and listed, and the history goes there too.
mkdir -p "$T/elsewhere/routines"
sed 's/^title *=.*/title = My own routine/' routines/full-body-basic.ini \
    > "$T/elsewhere/routines/my-own.ini"
printf '[paths]\ndata_dir = %s\n' "$T/elsewhere" > "$T/paths.ini"
expect_exit 0 "list with data_dir" -- "$UNKNOT" --config "$T/paths.ini" list
expect_out "my-own .*My own routine" "data_dir/routines is listed"
expect_exit 0 "show a data_dir routine by name" -- "$UNKNOT" show my-own \
    --config "$T/paths.ini"
expect_exit 0 "run a data_dir routine by name" -- "$UNKNOT" run my-own \
    --virtual-time --answers '*=no,soreness=2' --config "$T/paths.ini"
[ -f "$T/elsewhere/history.db" ] && ok || bad "no history in data_dir"

# unknot config checks the key map's key names.
printf '[display]\nkeymap = pagedwn=ok, pageup=pause\n' > "$T/keys.ini"
expect_exit 2 "config with a key map typo" -- "$UNKNOT" config \
    --config "$T/keys.ini"
expect_out "keys.ini:2: error: keymap: unknown key 'pagedwn'" \
    "config names the bad key with FILE:LINE"
printf '[display]\nkeymap = pagedown=ok, pageup=pause\n' > "$T/keys.ini"
expect_exit 0 "config with a good key map" -- "$UNKNOT" config \
    --config "$T/keys.ini"

finish options
