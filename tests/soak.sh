#!/bin/sh
# Soak: memory stays flat over a long run.
#   tests/soak.sh [DAYS] [HOURS]    (defaults 7 and 24)
# 1. DAYS simulated days of `--demo --headless --speed max`; VmRSS sampled
#    from /proc every 50 ms and placed in market time by the latest alert
#    line on stdout. Prints RSS per market day, the first hour after warm-up
#    (market hour 2) against the last hour, and the growth.
# 2. A replay of HOURS of journal (a recording from the mock exchange,
#    repeated with its times shifted) with `--replay --headless --speed max`;
#    RSS by progress through the file.
# Leaks are checked by tests/valgrind.sh and the ASan build of `make asan`
# (tests/e2e/soak_short.sh runs one day under it). Uses $LIQTOP (default
# ./liqtop) and $BUILD (default build); run `make tests` first.
set -u
cd "$(dirname "$0")/.."
DAYS=${1:-7}
HOURS=${2:-24}
LIQTOP=${LIQTOP:-$(pwd)/liqtop}
BUILD=${BUILD:-build}
D="$BUILD/soak"
rm -rf "$D"
mkdir -p "$D"
export XDG_STATE_HOME="$D/state" XDG_CONFIG_HOME="$D/config"

# sample PID OUTFILE SAMPLES: "wall_ms rss_kb last_alert_t" every 50 ms
sample() {
    while kill -0 "$1" 2>/dev/null; do
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null)
        t=$(tail -n 1 "$2" 2>/dev/null | sed -n 's/^{"t":\([0-9]*\),.*/\1/p')
        [ -n "$rss" ] && echo "$(date +%s%3N) $rss ${t:-0}"
        sleep 0.05
    done > "$3"
}

echo "== demo: $DAYS simulated days (--demo --headless --speed max) =="
start=$(date +%s)
"$LIQTOP" --demo --headless --speed max --duration $((DAYS * 86400)) >"$D/demo.out" 2>"$D/demo.err" &
pid=$!
sample $pid "$D/demo.out" "$D/demo.samples"
wait $pid; rc=$?
echo "exit $rc after $(( $(date +%s) - start )) s, $(wc -l < "$D/demo.out") alerts, $(wc -l < "$D/demo.samples") RSS samples"
[ $rc -eq 0 ] || { cat "$D/demo.err"; exit 1; }
# demo market time starts at 2026-01-01T00:00:00Z (APP_DEMO_EPOCH_MS)
awk -v t0=1767225600000 -v days="$DAYS" '
    $3 > 0 { h = int(($3 - t0) / 3600000); if (h >= 0) { if (!(h in mx) || $2 > mx[h]) mx[h] = $2; last = h } }
    { rss_end = $2 }
    END {
        printf "market day   RSS at day end (KiB)\n"
        for (d = 1; d <= days; d++) {
            v = ""; for (h = d * 24 - 1; h >= (d - 1) * 24; h--) if (h in mx) { v = mx[h]; break }
            printf "%10d   %s\n", d, v
        }
        first = ""; for (h = 1; h <= 3; h++) if (h in mx) { first = mx[h]; fh = h; break }
        printf "first hour after warm-up (market hour %d): %s KiB\n", fh + 1, first
        printf "last hour (market hour %d): %s KiB\n", last + 1, mx[last]
        printf "at exit: %s KiB; growth first->last hour: %+d KiB (%+.1f %%)\n", rss_end,
               mx[last] - first, 100 * (mx[last] - first) / first
    }' "$D/demo.samples"

echo "== replay: $HOURS hours of journal (--replay --headless --speed max) =="
. tests/support/mockex.sh
mockex_start "$D" || { kill "$MOCK_PID" 2>/dev/null; echo "FAIL: the mock exchange did not start"; exit 1; }
# shellcheck disable=SC2086
"$LIQTOP" $EP --symbols BTC --once --json --record "$D/base.ndjson" >/dev/null 2>&1
kill $MOCK_PID
lines=$(tests/support/journal_repeat.sh "$D/base.ndjson" "$HOURS" | wc -l)
echo "journal: $lines lines ($HOURS h of market time, a 5 s poll round repeated), fed through a pipe"
start=$(date +%s%3N)
tests/support/journal_repeat.sh "$D/base.ndjson" "$HOURS" |
    "$LIQTOP" --replay - --headless --speed max >"$D/replay.out" 2>"$D/replay.err" &
pid=$!
sample $pid "$D/replay.out" "$D/replay.samples"
wait $pid; rc=$?
end=$(date +%s%3N)
echo "exit $rc after $(( (end - start) / 1000 )) s"
[ $rc -eq 0 ] || { head "$D/replay.err"; exit 1; }
[ -s "$D/replay.err" ] && { echo "replay complained:"; head -3 "$D/replay.err"; }
awk -v s="$start" -v e="$end" '
    { p = int(10 * ($1 - s) / (e - s)); if (p > 9) p = 9; if (!(p in mx) || $2 > mx[p]) mx[p] = $2 }
    END {
        printf "progress   RSS max (KiB)\n"
        for (p = 0; p < 10; p++) if (p in mx) printf "%3d-%3d%%   %s\n", p * 10, p * 10 + 10, mx[p]
        if ((1 in mx) && (9 in mx))
            printf "growth 10-20%% -> 90-100%%: %+d KiB (%+.1f %%)\n", mx[9] - mx[1], 100 * (mx[9] - mx[1]) / mx[1]
    }' "$D/replay.samples"
