# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests/cli/fhir.sh and tests/cli/report.sh (after lib.sh):
# records a four-week history through real `unknot run --virtual-time`
# sessions, each started at a past date with UNKNOT_FAKE_NOW (the wall
# clock of that process starts there).  Times are UTC (TZ=UTC).
#
#   day  0  feet-and-calves   full screening (cancer: lighter), soreness 3
#   day  2  feet-and-calves   recent soreness 5: lighter; soreness 4
#   day  7  feet-and-calves   soreness 8: both regions skipped
#   day  9  desk-upper-back   dizzy: stopped
#   day 14  desk-upper-back   no answer to a question: quit
#   day 21  feet-and-calves   unwell today: not started
#   day 23  feet-and-calves   soreness 2, completed
#
# HISTORY_T0 is the first session's start (2025-10-06 09:00 UTC, a Monday).
export TZ=UTC
HISTORY_T0=1759741200
history_run() {    # DAY ROUTINE ANSWERS
    UNKNOT_FAKE_NOW=$((HISTORY_T0 + $1 * 86400)) \
        "$UNKNOT" run "$2" --virtual-time --answers "$3" >>"$T/runs.log" 2>&1
    echo "$1 $2 exit $?" >>"$T/runs.log"
}
make_history() {
    history_run 0 feet-and-calves \
        'screen-cancer=yes,screen-cancer-cleared=yes,screen-*=no,daily-*=no,feel-feet=yes,soreness=3'
    history_run 2 feet-and-calves \
        'daily-*=no,recent-soreness=5,feel-feet=yes,soreness=4'
    history_run 7 feet-and-calves 'daily-*=no,feel-feet=yes,soreness=8'
    history_run 9 desk-upper-back \
        'daily-*=no,soreness=5,tingling=no,dizzy=yes'
    history_run 14 desk-upper-back 'daily-*=no,tingling=no'
    history_run 21 feet-and-calves 'daily-unwell=yes,daily-*=no'
    history_run 23 feet-and-calves \
        'daily-*=no,recent-soreness=1,feel-feet=yes,soreness=2'
}
