# SPDX-License-Identifier: GPL-3.0-or-later
# Nothing lost, nothing unsafe shown: a full disk during a real session,
# damaged and foreign history files, read-only listing, FIFOs, a lying WAV
# header, CSV formula injection (read back with Python's csv module) and
# terminal escape sequences from files and the database.
. tests/cli/lib.sh
ROUTINE=full-body-basic
OK='*=no,soreness=2,recent-soreness=2'
DB="$XDG_DATA_HOME/unknot/history.db"
same() { cmp -s "$1" "$2"; }

# --- A full disk during a session (a real 200 KiB tmpfs; CI runs as root) ---
mkdir -p "$T/tiny"
if mount -t tmpfs -o size=200k tmpfs "$T/tiny" 2>/dev/null; then
    trap 'umount -l "$T/tiny" 2>/dev/null; rm -rf "$T"' EXIT
    XDG_DATA_HOME="$T/tiny" "$UNKNOT" run $ROUTINE --headless --virtual-time \
        --answers "$OK" --transcript "$T/full.jsonl" >"$T/out" 2>&1; rc=$?
    if [ $rc -eq 5 ]; then ok; else bad "full disk: exit $rc, expected 5"; sed 's/^/    /' "$T/out" >&2; fi
    # The terminal wraps long lines: compare with line breaks folded.
    tr -s '\n ' '  ' < "$T/out" > "$T/out1"; mv "$T/out1" "$T/out"
    expect_out "I can't save your answers: the storage is full\. We'll stop here; your answers are kept and will be saved next time\." \
        "the coach says why it stops"
    expect_out "Session (quit|stopped by you)\." "the session ends cleanly"
    given=$(grep -c '"event":"answer"' "$T/full.jsonl")
    asked_after=$(sed -n 's/.*storage is full//p' "$T/out" | grep -c "answer:")
    if [ "$asked_after" -eq 0 ]; then ok; else bad "questions asked after the storage failed: $asked_after"; fi
    ls "$T/tiny/unknot/" | grep -q 'history.db-unsaved-' && ok || bad "no journal beside the database"
    # Space returns: the next start saves what was kept.
    mount -o remount,size=16m "$T/tiny"
    XDG_DATA_HOME="$T/tiny" "$UNKNOT" run $ROUTINE --headless --virtual-time \
        --answers "$OK" >"$T/out2" 2>&1
    stored=$(sqlite3 "$T/tiny/unknot/history.db" "SELECT count(*) FROM answers WHERE session_id = 1")
    outcome=$(sqlite3 "$T/tiny/unknot/history.db" "SELECT outcome FROM sessions WHERE id = 1")
    echo "safety: full disk: $given answers given, $stored in the history after the next start, $((given - stored)) lost"
    if [ "$stored" -eq "$given" ] && [ "$given" -gt 0 ]; then ok; else bad "answers lost on a full disk: $((given - stored)) of $given"; fi
    [ "$outcome" = quit ] && ok || bad "the stopped session's outcome: '$outcome'"
    ls "$T/tiny/unknot/" | grep -q 'unsaved' && bad "the journal was not removed after saving" || ok
    umount -l "$T/tiny"
else
    echo "safety: full-disk checks skipped: cannot mount a tmpfs (needs root; CI runs as root)"
fi

# --- A first session to have a real history ---
expect_exit 0 "a first session" -- "$UNKNOT" run $ROUTINE --headless --virtual-time --answers "$OK"
cp "$DB" "$T/good.db"

# --- A damaged page: refused before anything is written ---
python3 - "$T/good.db" "$T/bad.db" <<'PY'
import sqlite3, sys
page = sqlite3.connect(sys.argv[1]).execute(
    "select rootpage from sqlite_master where name = 'answers'").fetchone()[0]
b = bytearray(open(sys.argv[1], 'rb').read())
o = (page - 1) * 4096
b[o:o + 8] = b'\xa5' * 8
open(sys.argv[2], 'wb').write(b)
PY
mkdir -p "$T/d/unknot"; cp "$T/bad.db" "$T/d/unknot/history.db"
XDG_DATA_HOME="$T/d" "$UNKNOT" run $ROUTINE --headless --virtual-time --answers "$OK" >"$T/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || bad "damaged file: exit $rc, expected 1"
expect_out "database disk image is malformed.*left unchanged.*move it aside" "damaged file: the advice"
expect_no_out "history\.db: .*history\.db: " "the file is named once"
changed=0; same "$T/bad.db" "$T/d/unknot/history.db" || changed=1
extra=$(ls "$T/d/unknot" | grep -vc '^history.db$')
echo "safety: damaged file: $changed file(s) changed, $extra file(s) created"
[ $changed -eq 0 ] && [ "$extra" -eq 0 ] && ok || bad "the damaged file was changed or companions created"

# --- A negative schema version ---
cp "$T/good.db" "$T/neg.db"; sqlite3 "$T/neg.db" "PRAGMA journal_mode=DELETE; PRAGMA user_version=-1" >/dev/null
mkdir -p "$T/n/unknot"; cp "$T/neg.db" "$T/n/unknot/history.db"
XDG_DATA_HOME="$T/n" "$UNKNOT" run $ROUTINE --headless --virtual-time --answers "$OK" >"$T/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || bad "negative version: exit $rc"
expect_out "schema version unknot never wrote \(-1\)" "negative version: refused"
same "$T/neg.db" "$T/n/unknot/history.db" && ok || bad "negative version: the file changed"
[ "$(ls "$T/n/unknot" | wc -l)" -eq 1 ] && ok || bad "negative version: files created (WAL switch?)"

# --- history --db on a copy: read-only media, and a writable copy ---
mkdir -p "$T/w"; cp "$T/good.db" "$T/w/copy.db"
expect_exit 0 "history --db on a writable copy" -- "$UNKNOT" history --db "$T/w/copy.db"
expect_out "$ROUTINE" "the copy is listed"
expect_exit 0 "history --csv --db on a writable copy" -- "$UNKNOT" history --csv --db "$T/w/copy.db"
[ "$(ls "$T/w")" = copy.db ] && ok || bad "listing created files beside the copy: $(ls "$T/w")"
same "$T/good.db" "$T/w/copy.db" && ok || bad "listing changed the copy"
mkdir -p "$T/ro"
if mount -t tmpfs -o size=2m tmpfs "$T/ro" 2>/dev/null; then
    cp "$T/good.db" "$T/ro/copy.db"; mount -o remount,ro "$T/ro"
    expect_exit 0 "history --db on read-only media" -- "$UNKNOT" history --db "$T/ro/copy.db"
    expect_no_out "readonly|read-only" "no read-only error"
    expect_out "$ROUTINE" "the read-only copy is listed"
    umount -l "$T/ro"
else
    chmod 444 "$T/w/copy.db"
    expect_exit 0 "history --db on a read-only file" -- "$UNKNOT" history --db "$T/w/copy.db"
fi

# --- FIFOs ---
mkfifo "$T/fifo.db" "$T/fifo.ini"
expect_exit 2 "history --db FIFO" -- timeout 10 "$UNKNOT" history --db "$T/fifo.db"
expect_out "FIFO" "history --db FIFO: named"
expect_exit 2 "--config FIFO" -- timeout 10 "$UNKNOT" --config "$T/fifo.ini" list
expect_out "FIFO" "--config FIFO: named"
mkdir -p "$T/c/unknot"; mkfifo "$T/c/unknot/config.ini"
XDG_CONFIG_HOME="$T/c" timeout 10 "$UNKNOT" config >"$T/out" 2>&1; rc=$?
[ $rc -ne 124 ] && ok || bad "a FIFO at the default settings path hangs"
expect_out "FIFO" "default settings FIFO: named"
mkdir -p "$T/f/unknot"; mkfifo "$T/f/unknot/history.db"
XDG_DATA_HOME="$T/f" timeout 20 "$UNKNOT" run $ROUTINE --headless --virtual-time --answers "$OK" >"$T/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || bad "FIFO database: exit $rc"
expect_out "FIFO \(named pipe\), not a history file" "FIFO database: named"
expect_no_out "disk I/O error" "FIFO database: no disk I/O error"
for cmd in list "check routines/$ROUTINE.ini" devices; do
    expect_exit 2 "--config missing: $cmd" -- "$UNKNOT" --config "$T/nonexistent.ini" $cmd
    expect_out "no such settings file" "--config missing: $cmd says so"
done

# --- Paths that cannot be read ---
ln -s loop "$T/loop.ini" 2>/dev/null; ln -sf "$T/loop.ini" "$T/loop.ini" 2>/dev/null
expect_exit 2 "run a missing path" -- "$UNKNOT" run "$T/missing.ini" --virtual-time
expect_out "missing.ini: cannot read the routine: No such file" "missing path: says why"
expect_no_out "no routine" "missing path: not 'no routine'"

# --- A WAV header that lies about its length ---
python3 - "$T/lie.wav" <<'PY'
import struct, sys
fmt = struct.pack('<HHIIHH', 1, 1, 16000, 32000, 2, 16)
b = b'RIFF' + struct.pack('<I', 100) + b'WAVE' + b'fmt ' + struct.pack('<I', 16) + fmt \
    + b'data' + struct.pack('<I', 0xffffffff) + b'\0\1' * 32
open(sys.argv[1], 'wb').write(b)
PY
[ "$(wc -c < "$T/lie.wav")" -eq 108 ] && ok || bad "the test WAV is not 108 bytes"
# At most 1 GB of address space: a 4 GiB allocation would fail (not in the
# sanitizer build, whose shadow memory needs terabytes of address space).
case ${BUILD:-build} in
*-san) "$UNKNOT" listen --wav "$T/lie.wav" >"$T/out" 2>&1; rc=$? ;;
*) (ulimit -v 1000000; "$UNKNOT" listen --wav "$T/lie.wav") >"$T/out" 2>&1; rc=$? ;;
esac
[ $rc -eq 0 ] && ok || bad "listen --wav 108-byte file: exit $rc"
expect_out "truncated" "the lying header is said"

# --- Transcript is private ---
(umask 022; "$UNKNOT" run $ROUTINE --headless --virtual-time --answers "$OK" --transcript "$T/tr.jsonl" >/dev/null 2>&1)
[ "$(stat -c %a "$T/tr.jsonl")" = 600 ] && ok || bad "transcript mode $(stat -c %a "$T/tr.jsonl"), expected 600"

# --- CSV formula injection, read back with a real CSV parser ---
cp "routines/$ROUTINE.ini" "$T/=HYPERLINK(1).ini"
sed -i 's/^title = .*/title = +SUM(1,2)/; s/^\[step calves\]/[step -calves]/' "$T/=HYPERLINK(1).ini"
"$UNKNOT" check "$T/=HYPERLINK(1).ini" >"$T/out" 2>&1 || sed -i 's/^\[step -calves\]/[step calves]/' "$T/=HYPERLINK(1).ini"
"$UNKNOT" run "$T/=HYPERLINK(1).ini" --headless --virtual-time --answers "$OK" >/dev/null 2>&1
sqlite3 "$DB" "INSERT INTO sessions (routine, title, start_s, outcome) VALUES ('@cmd', '	tab', 5, 'quit');
  INSERT INTO answers (session_id, t_s, question, value, step, region) VALUES (last_insert_rowid(), 6, '-q', 1, '=1+1', '
cr')"
expect_exit 0 "history --csv" -- "$UNKNOT" history --csv
python3 - "$T/out" <<'PY' >"$T/csvcheck" 2>&1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
head, body = rows[0], rows[1:]
bad = [c for r in body for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
sus = [c for r in body for c in r if c[:1] == "'" and c[1:2] in ('=', '+', '-', '@', '\t', '\r')]
print(len(body), "rows;", len(bad), "formula cells;", len(sus), "neutralised")
sys.exit(1 if bad or len(sus) < 4 or any(len(r) != len(head) for r in body) else 0)
PY
rc=$?; cat "$T/csvcheck"
[ $rc -eq 0 ] && ok || bad "CSV cells that a spreadsheet would run: $(cat "$T/csvcheck")"

# --- Terminal escapes from files and the database ---
ESC=$(printf '\033')
mkdir -p "$T/r" "$XDG_DATA_HOME/unknot/routines"
cp "routines/$ROUTINE.ini" "$XDG_DATA_HOME/unknot/routines/x${ESC}]0;pwned${ESC}\\x.ini"
expect_exit 0 "list with an escape in a file name" -- "$UNKNOT" list
expect_out 'x\\e\]0;pwned' "list shows the name visibly"
if grep -q "$ESC" "$T/out"; then bad "list printed a raw ESC"; else ok; fi
printf 'junk\n' > "$T/r/y${ESC}[2J.ini"
"$UNKNOT" check "$T/r/y${ESC}[2J.ini" >"$T/out" 2>&1
if grep -q "$ESC" "$T/out"; then bad "check printed a raw ESC"; else ok; fi
expect_out 'y\\e\[2J\.ini' "check shows the escape visibly"
for cp in 'c29b' 'e280ae' 'e2808b'; do
    python3 -c "
import sys
s = open('routines/$ROUTINE.ini', 'rb').read()
open('$T/h.ini', 'wb').write(s.replace(b'title = ', b'title = A' + bytes.fromhex('$cp') + b'B', 1))"
    expect_exit 2 "routine text with U+$cp refused" -- "$UNKNOT" check "$T/h.ini"
    expect_out "h\.ini:[0-9]+: error: .*(C1 control|bidirectional|zero-width)" "U+$cp: FILE:LINE"
done
sqlite3 "$DB" "INSERT INTO sessions (routine, title, start_s, outcome) VALUES ('x${ESC}[31mred', 'y', 7, 'quit')"
expect_exit 0 "history with escapes in the data" -- "$UNKNOT" history --limit 0
if grep -q "$ESC" "$T/out"; then bad "history printed a raw ESC"; else ok; fi
expect_out 'x\\e\[31mred' "history shows it visibly"
finish safety
