#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every benchmark script bench/*.sh after the bench_* programs
# (make bench); each prints its own figures.  UNKNOT_BIN names the binary.
cd "$(dirname "$0")/.."
rc=0
for s in bench/*.sh; do
    [ "${s##*/}" != run.sh ] || continue
    sh "$s" || rc=1
done
exit $rc
