#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Puts measure.sh's figures of this machine and of the emulated arm64 one
# side by side, with their ratio (arm64 / x86-64), and says which of them
# carry over to a Raspberry Pi (docs/pi-bench.md).
#
#   sh compare.sh HOST_DIR GUEST_DIR
awk '
FNR == 1 && FILENAME == ARGV[1] { f = 1 }
FNR == 1 && FILENAME == ARGV[2] { f = 2 }
f == 1 { h[$1] = $2 }
f == 2 { g[$1] = $2 }
END {
    n = split("insn_virtual insn_hold_s insn_session cpu_hold_s cpu_session rss_window rss_virtual first_word", k, " ")
    d["insn_virtual"] = "instructions, jaw-release in virtual time (M)|carries over"
    d["insn_hold_s"]  = "instructions per second of a hold (M)|carries over"
    d["insn_session"] = "instructions, whole 30 s-hold session (M)|carries over"
    d["cpu_hold_s"]   = "CPU time per second of a hold (ms)|emulated: does not"
    d["cpu_session"]  = "CPU time, whole 30 s-hold session (s)|emulated: does not"
    d["rss_window"]   = "peak memory, session in the window (kB)|carries over"
    d["rss_virtual"]  = "peak memory, full-body-basic virtual time (kB)|carries over"
    d["first_word"]   = "start to first spoken word (ms)|emulated: does not"
    printf "%-48s %12s %12s %8s  %s\n", "figure", "x86-64", "arm64 (VM)", "ratio", "on a Pi"
    for (i = 1; i <= n; i++) {
        split(d[k[i]], p, "|")
        a = (k[i] in h) ? h[k[i]] : "-"; b = (k[i] in g) ? g[k[i]] : "-"
        r = (a != "-" && b != "-" && a + 0 > 0) ? sprintf("%.2f", b / a) : "-"
        printf "%-48s %12s %12s %8s  %s\n", p[1], a, b, r, p[2]
    }
}' "$1/figures" "$2/figures"
