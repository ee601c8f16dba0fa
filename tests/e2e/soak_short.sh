#!/bin/sh
# A short soak for `make check` / `make asan`: one simulated day of
# `--demo --headless --speed max`, and two hours of journal replayed through
# a pipe. Both must exit 0 with nothing on stderr: under `make asan` the
# binary carries AddressSanitizer, whose leak check runs at exit (a leak is
# exit 1 and a report). Natively, VmRSS after the first market hours must
# stay flat: the last sample at most 10 % above the one at market hour 2.
# tests/soak.sh is the long version (seven days), run by hand.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
D=$(cd "$BUILD" && pwd)/soak_short
rm -rf "$D"
mkdir -p "$D"
export XDG_STATE_HOME="$D/state"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1"
fail() { echo "FAIL: $*"; exit 1; }
asan=0
case $LIQTOP in */asan/*) asan=1 ;; esac

"$LIQTOP" --demo --headless --speed max --duration 86400 >"$D/demo.out" 2>"$D/demo.err" &
pid=$!
while kill -0 $pid 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)
    t=$(tail -n 1 "$D/demo.out" 2>/dev/null | sed -n 's/^{"t":\([0-9]*\),.*/\1/p')
    [ -n "$rss" ] && echo "$rss ${t:-0}"
    sleep 0.05
done > "$D/demo.samples"
wait $pid; rc=$?
[ $rc -eq 0 ] || fail "demo day: exit $rc: $(head -c 2000 "$D/demo.err")"
[ -s "$D/demo.err" ] && fail "demo day: stderr: $(head -c 2000 "$D/demo.err")"
n=$(wc -l < "$D/demo.out")
[ "$n" -gt 10 ] || fail "demo day: only $n alerts"
if [ $asan = 0 ]; then
    # demo time starts at 2026-01-01T00:00:00Z; market hour 2 onwards
    res=$(awk -v t0=1767225600000 '$2 >= t0 + 7200000 && !b { b = $1 } { e = $1 } END { print b + 0, e + 0 }' "$D/demo.samples")
    b=${res% *}; e=${res#* }
    [ "$b" -gt 0 ] || fail "demo day: no RSS sample after market hour 2 ($(wc -l < "$D/demo.samples") samples)"
    [ $((e * 10)) -le $((b * 11)) ] || fail "demo day: RSS grew from $b KiB (hour 2) to $e KiB (end)"
    echo "demo day: $n alerts, RSS $b KiB at market hour 2, $e KiB at the end"
else
    echo "demo day under ASan: $n alerts, exit 0, no leak reported"
fi

# two hours of journal through a pipe
. tests/support/mockex.sh
mockex_start "$D" || { kill "$MOCK_PID" 2>/dev/null; echo "FAIL: the mock exchange did not start"; exit 1; }
trap 'kill $MOCK_PID 2>/dev/null' EXIT
"$LIQTOP" $EP --symbols BTC --once --json --record "$D/base.ndjson" >/dev/null 2>"$D/rec.err" ||
    fail "recording: $(cat "$D/rec.err")"
tests/support/journal_repeat.sh "$D/base.ndjson" 2 |
    "$LIQTOP" --replay - --once --json >"$D/replay.json" 2>"$D/replay.err"
rc=$?
[ $rc -eq 0 ] || fail "replay: exit $rc: $(head -c 2000 "$D/replay.err")"
[ -s "$D/replay.err" ] && fail "replay: stderr: $(head -c 2000 "$D/replay.err")"
grep -q '"mode":"replay"' "$D/replay.json" || fail "replay: no state"
echo "replay of 2 h ($(tests/support/journal_repeat.sh "$D/base.ndjson" 2 | wc -l) lines) through a pipe: exit 0, nothing on stderr"
echo ok
