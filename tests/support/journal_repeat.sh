#!/bin/sh
# journal_repeat.sh FILE HOURS [GAP_MS]: FILE's lines again and again, each
# copy's "t" shifted past the previous one by at least GAP_MS (default 5000,
# the live poll interval), until HOURS of market time are covered
# (a long journal for soak and leak runs from a short recording). Bodies are
# kept byte for byte; stdout.
set -eu
awk -v hours="$2" -v gap="${3:-5000}" '
    { line[NR] = $0
      if (match($0, /^\{"t":[0-9]+/)) { t = substr($0, 6, RLENGTH - 5) + 0
          if (NR == 1 || t < lo) lo = t; if (NR == 1 || t > hi) hi = t } }
    END {
        span = hi - lo + 1000; if (span < gap) span = gap; lim = hours * 3600000
        for (k = 0; k * span < lim; k++)
            for (i = 1; i <= NR; i++) {
                s = line[i]
                if (!match(s, /^\{"t":[0-9]+/)) { print s; continue }
                t = substr(s, 6, RLENGTH - 5) + 0 + k * span
                if (t - lo >= lim) continue
                printf "{\"t\":%.0f%s\n", t, substr(s, RLENGTH + 1)
            }
    }' "$1"
