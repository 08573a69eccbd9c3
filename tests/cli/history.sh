# SPDX-License-Identifier: GPL-3.0-or-later
# unknot history: the list, --limit, --csv and --db, read-only, on a file
# laid out as schema version 1 writes it, and the errors for files that
# are missing, not databases or newer than this build.
. tests/cli/lib.sh

export TZ=UTC
DATA="$XDG_DATA_HOME/unknot"

# Nothing recorded yet: a message, and no file or folder created.
expect_exit 0 "history with no history file" -- "$UNKNOT" history
expect_out '^No sessions recorded yet\.$' "says there is nothing yet"
if [ -e "$DATA" ]; then bad "listing created $DATA"; else ok; fi
expect_exit 0 "csv with no history file" -- "$UNKNOT" history --csv
expect_out '^record,session,routine,routine_title,session_start,session_end,' \
    "csv header"

# Usage errors.
expect_exit 2 "bad --limit" -- "$UNKNOT" history --limit many
expect_out "give a number of sessions, or 0 for all" "names the fix"
expect_exit 2 "negative --limit" -- "$UNKNOT" history --limit=-1
expect_exit 2 "--limit without a value" -- "$UNKNOT" history --limit
expect_exit 2 "--csv with --limit" -- "$UNKNOT" history --csv --limit 3
expect_exit 2 "unknown option" -- "$UNKNOT" history --json
expect_exit 0 "--help" -- "$UNKNOT" history --help
expect_out "docs/history.md" "help points at the docs"

# Files that cannot be read are named, explained and left alone.
expect_exit 2 "--db missing file" -- "$UNKNOT" history --db "$T/nope.db"
expect_out "^$T/nope.db: error: no such file" "names the missing file"
printf 'session,notes\n1,"not a database"\n' > "$T/notes.db"
cp "$T/notes.db" "$T/notes.orig"
expect_exit 2 "--db on a text file" -- "$UNKNOT" history --db "$T/notes.db"
expect_out "^$T/notes.db: error: file is not a database; it was left unchanged" \
    "not a database"
if cmp -s "$T/notes.db" "$T/notes.orig"; then ok; else
    bad "text file changed"; fi

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "history.sh: no sqlite3 command; file-content checks skipped"
    finish history
    exit $?
fi

# A history as version 1 of the schema lays it out.  Keeping this fixture
# literal means a schema change that breaks old files fails here.
mkdir -p "$DATA"
sqlite3 "$DATA/history.db" >/dev/null <<'EOF'
PRAGMA journal_mode = WAL;
CREATE TABLE sessions (id INTEGER PRIMARY KEY, routine TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '', start_s INTEGER NOT NULL, end_s INTEGER,
  outcome TEXT NOT NULL DEFAULT 'interrupted' CHECK (outcome IN
  ('interrupted', 'completed', 'stopped', 'quit')), rule TEXT);
CREATE INDEX sessions_by_start ON sessions (start_s);
CREATE TABLE answers (id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  t_s INTEGER NOT NULL, question TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10), step TEXT,
  region TEXT);
CREATE INDEX answers_by_session ON answers (session_id);
CREATE TABLE screenings (id INTEGER PRIMARY KEY, t_s INTEGER NOT NULL);
CREATE TABLE screening_answers (
  screening_id INTEGER NOT NULL REFERENCES screenings (id),
  question TEXT NOT NULL, value INTEGER NOT NULL
  CHECK (value BETWEEN 0 AND 10), PRIMARY KEY (screening_id, question));
PRAGMA application_id = 1433299828;
PRAGMA user_version = 1;
INSERT INTO screenings VALUES (1, 1699990000);
INSERT INTO screening_answers VALUES (1, 'screen-clots', 0);
INSERT INTO sessions VALUES (1, 'lower-body', 'Lower body, "easy"',
  1700000000, 1700000725, 'stopped', 'soreness-high');
INSERT INTO answers VALUES (1, 1, 1700000060, 'soreness', 3, 'calves-1',
  'calves');
INSERT INTO answers VALUES (2, 1, 1700000090, 'soreness', 7, 'quads-1',
  'quadriceps');
INSERT INTO sessions VALUES (2, 'épaules', 'Épaules', 1700086400, NULL,
  'interrupted', NULL);
INSERT INTO answers VALUES (3, 2, 1700086590, 'daily-unwell', 0, NULL, NULL);
INSERT INTO sessions VALUES (3, 'upper-back', '', 1700172800, 1700176461,
  'completed', NULL);
EOF
cp "$DATA/history.db" "$T/history.orig"

expect_exit 0 "history lists sessions" -- "$UNKNOT" history
cat > "$T/want" <<'EOF'
Date              Routine     Duration  Outcome      Stop rule      Adjusted by  Max soreness
2023-11-16 22:13  upper-back  1:01:01   completed    -              -            -
2023-11-15 22:13  épaules     3:10+     interrupted  -              -            -
2023-11-14 22:13  lower-body  12:05     stopped      soreness-high  -            7
EOF
if cmp -s "$T/out" "$T/want"; then ok; else
    bad "history list differs:"; diff "$T/want" "$T/out" >&2; fi
# A rule that made a session lighter is an adjustment, not a stop rule.
if command -v sqlite3 >/dev/null 2>&1; then
    cp "$T/history.orig" "$T/adjusted.db"
    sqlite3 "$T/adjusted.db" "INSERT INTO sessions VALUES (9, 'calves', '',
      1700259200, 1700259500, 'completed', 'recent-soreness-lighter');"
    expect_exit 0 "history with an adjusted session" -- "$UNKNOT" history \
        --db "$T/adjusted.db" --limit 1
    expect_out '^2023-11-17 22:13  calves +5:00 +completed +- +recent-soreness-lighter +-$' \
        "a lighter rule is under 'Adjusted by', not 'Stop rule'"
fi

expect_exit 0 "history --limit 1" -- "$UNKNOT" history --limit 1
expect_out '^2023-11-16 22:13  upper-back' "newest first"
expect_no_out 'lower-body' "older sessions left out"
expect_out '^\(1 of 3 sessions; --limit 0 lists all\)$' \
    "says how many are left out"
expect_exit 0 "history --limit 0" -- "$UNKNOT" history --limit 0
expect_out 'lower-body' "all sessions"

expect_exit 0 "history --csv" -- "$UNKNOT" history --csv
tr -d '\r' < "$T/out" > "$T/csv"
if [ "$(grep -c '' "$T/out")" -eq "$(tr -cd '\r' < "$T/out" | wc -c)" ]; then
    ok; else bad "csv lines must end with CRLF"; fi
# The whole export, exactly (CRs removed above).  No field here holds a
# line break, so one record is one line; long lines are folded with a
# trailing backslash and joined before comparing.
# Text cells are always quoted (formula neutralisation: docs/history.md).
cat > "$T/want.csv" <<'EOF'
record,session,routine,routine_title,session_start,session_end,duration_s,\
outcome,stop_rule,answer_time,elapsed_s,question,value,step,region
screening,,,,,,,,,2023-11-14T19:26:40+00:00,,"screen-clots",0,,
session,1,"lower-body","Lower body, ""easy""",2023-11-14T22:13:20+00:00,\
2023-11-14T22:25:25+00:00,725,"stopped","soreness-high",\
2023-11-14T22:14:20+00:00,60,"soreness",3,"calves-1","calves"
session,1,"lower-body","Lower body, ""easy""",2023-11-14T22:13:20+00:00,\
2023-11-14T22:25:25+00:00,725,"stopped","soreness-high",\
2023-11-14T22:14:50+00:00,90,"soreness",7,"quads-1","quadriceps"
session,2,"épaules","Épaules",2023-11-15T22:13:20+00:00,,,"interrupted",,\
2023-11-15T22:16:30+00:00,190,"daily-unwell",0,,
session,3,"upper-back","",2023-11-16T22:13:20+00:00,2023-11-16T23:14:21+00:00,\
3661,"completed",,,,,,,
EOF
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$T/want.csv" > "$T/want1.csv"
if cmp -s "$T/csv" "$T/want1.csv"; then ok; else
    bad "csv export differs:"; diff "$T/want1.csv" "$T/csv" >&2; fi

# Reading never changes the file.
if cmp -s "$DATA/history.db" "$T/history.orig"; then ok; else
    bad "listing changed history.db"; fi

# --db reads another file; the data folder comes from the settings.
mv "$DATA/history.db" "$T/moved.db"
expect_exit 0 "--db another file" -- "$UNKNOT" history --db "$T/moved.db"
expect_out 'lower-body' "reads the named file"
mkdir -p "$XDG_CONFIG_HOME/unknot" "$T/elsewhere"
printf '[paths]\ndata_dir = %s\n' "$T/elsewhere" \
    > "$XDG_CONFIG_HOME/unknot/config.ini"
cp "$T/moved.db" "$T/elsewhere/history.db"
expect_exit 0 "data_dir setting" -- "$UNKNOT" history --limit 1
expect_out 'upper-back' "reads history.db in the configured data folder"

# A file from a newer unknot is refused, not rewritten.
sqlite3 "$T/elsewhere/history.db" 'PRAGMA user_version = 9;' >/dev/null
cp "$T/elsewhere/history.db" "$T/newer.orig"
expect_exit 1 "newer schema" -- "$UNKNOT" history
expect_out 'newer version of unknot \(history schema 9; this one reads up to [0-9]+\)' \
    "explains the newer file"
if cmp -s "$T/elsewhere/history.db" "$T/newer.orig"; then ok; else
    bad "newer file changed"; fi

# A real session killed with SIGKILL at random moments, a dozen times, all
# into one history file: it must open, pass integrity_check, and hold every
# answer the transcript shows as given.  An answer is committed to the
# history before its transcript line is written (session/session.c), so the
# history may hold one answer more than the transcript, never fewer.
# Checks run on a copy of the files, so that each next run, not a checker,
# is the first to open the file the kill left behind (with its -wal).
if command -v jq >/dev/null 2>&1; then
    export XDG_DATA_HOME="$T/killdata"
    rm -f "$XDG_CONFIG_HOME/unknot/config.ini"
    KDB="$XDG_DATA_HOME/unknot/history.db"
    C="$T/copy/history.db"
    seed=${KILL_SEED:-$$}
    killed=0; before=0
    # How long one such run takes here (a sanitizer build is slower): the
    # kills are placed within it, so that most land mid-run.
    t0=$(date +%s.%N)
    XDG_DATA_HOME="$T/timing" "$UNKNOT" run routines/full-body-basic.ini \
        --headless --virtual-time --answers '*=no,soreness=3,recent-soreness=1' \
        >/dev/null 2>&1
    span=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", (b - a) * 0.9 }')
    for run in 1 2 3 4 5 6 7 8 9 10 11 12; do
        # The random delay places the kill; it waits for no timer.
        delay=$(awk -v s="$seed" -v r="$run" -v span="$span" 'BEGIN {
            srand(s * 100 + r); printf "%.3f", rand() * span }')
        : > "$T/k.jsonl"    # no stale lines if killed before it opens it
        # Four days apart, oldest first: the frequency limit (three
        # sessions in seven days) must not refuse the later runs, which
        # would then end before the kill and prove nothing.
        UNKNOT_FAKE_NOW=$(( $(date +%s) - (13 - run) * 4 * 86400 )) \
        "$UNKNOT" run routines/full-body-basic.ini --headless --virtual-time \
            --answers '*=no,soreness=3,recent-soreness=1' --transcript "$T/k.jsonl" \
            >/dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        [ $? -eq 137 ] && killed=$((killed + 1))    # 128 + SIGKILL
        [ -f "$KDB" ] || continue    # killed before the file was made
        rm -rf "$T/copy"; mkdir "$T/copy"; cp "$KDB"* "$T/copy/"
        if "$UNKNOT" history --db "$C" >/dev/null 2>&1; then ok; else
            bad "run $run (seed $seed): history does not open"; fi
        if [ "$(sqlite3 "$C" 'PRAGMA integrity_check')" = ok ]; then ok; else
            bad "run $run (seed $seed): integrity_check failed"; fi
        # Answers the transcript shows (a torn last line is dropped).  A
        # run killed in its first open leaves a file with no tables yet.
        jq -R -r 'fromjson? | select(.event == "answer") |
            "\(.question)=\(.value)"' "$T/k.jsonl" > "$T/k.given"
        sqlite3 "$C" "SELECT question || '=' || value FROM answers
            WHERE session_id > $before ORDER BY id" > "$T/k.stored" 2>/dev/null
        given=$(grep -c '' "$T/k.given"); stored=$(grep -c '' "$T/k.stored")
        if [ "$stored" -ge "$given" ] && [ "$stored" -le $((given + 1)) ] &&
           head -n "$given" "$T/k.stored" | cmp -s - "$T/k.given"; then ok
        else
            bad "run $run (seed $seed): $given answers in the transcript," \
                "$stored in the history"
            diff "$T/k.given" "$T/k.stored" >&2
        fi
        # A session cut off before its end reads as interrupted.
        if ! grep -q '"event": *"end"' "$T/k.jsonl"; then
            out=$(sqlite3 "$C" "SELECT group_concat(DISTINCT outcome)
                FROM sessions WHERE id > $before" 2>/dev/null)
            if [ -z "$out" ] || [ "$out" = interrupted ]; then ok; else
                bad "run $run: unfinished session has outcome '$out'"; fi
        fi
        b=$(sqlite3 "$C" 'SELECT coalesce(max(id), 0) FROM sessions' \
            2>/dev/null)
        [ -z "$b" ] || before=$b
    done
    echo "history.sh: $killed of 12 sessions killed mid-run (seed $seed)"
    if [ "$killed" -ge 6 ]; then ok; else
        bad "only $killed runs were killed mid-run; the test proved little"; fi
else
    echo "history.sh: jq not installed; kill test of a real session skipped"
fi

finish history
