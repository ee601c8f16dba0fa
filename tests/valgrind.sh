#!/bin/sh
# valgrind (memcheck) over liqtop and the unit tests: no invalid access, no
# use of uninitialised memory, no definite or indirect leak.
#   tests/valgrind.sh LIQTOP [BUILD]
#   - the demo: 6 simulated hours headless, and a 200x50 --dump-frame;
#   - live --once --json against the mock exchange (libcurl, the streams);
#   - a replay of an hour of journal;
#   - every unit test binary in BUILD/tests (two at a time).
# Prints one line per run and a summary; exits 1 on any error.
set -u
cd "$(dirname "$0")/.."
LIQTOP=${1:?usage: tests/valgrind.sh LIQTOP [BUILD]}
BUILD=${2:-build}
command -v valgrind >/dev/null 2>&1 || {
    echo "valgrind: not installed (Debian: apt-get install valgrind)"; exit 1; }
D="$BUILD/valgrind"
rm -rf "$D"
mkdir -p "$D/state" "$D/config"
export XDG_STATE_HOME="$D/state" XDG_CONFIG_HOME="$D/config" HOME="$D"
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --track-origins=yes --trace-children=no"
pass=0; failn=0; failed=""

vg() { # NAME CMD...: run under valgrind, log to $D/NAME.log
    name=$1; shift
    start=$(date +%s)
    # shellcheck disable=SC2086
    if $VG --log-file="$D/$name.vg" "$@" >"$D/$name.out" 2>"$D/$name.err" </dev/null; then
        if [ -s "$D/$name.vg" ]; then
            failn=$((failn + 1)); failed="$failed $name"; echo "  FAIL  $name (valgrind report: $D/$name.vg)"
            head -20 "$D/$name.vg" | sed 's/^/        /'
        else
            pass=$((pass + 1)); echo "  ok    $name ($(( $(date +%s) - start )) s)"
        fi
    else
        rc=$?
        failn=$((failn + 1)); failed="$failed $name"
        echo "  FAIL  $name (exit $rc; $D/$name.vg, $D/$name.err)"
        { head -20 "$D/$name.vg"; tail -5 "$D/$name.err"; tail -5 "$D/$name.out"; } | sed 's/^/        /'
    fi
}

vg demo-6h "$LIQTOP" --demo --headless --speed max --duration 21600
vg demo-frame "$LIQTOP" --demo --duration 7200 --dump-frame 200x50

. tests/support/mockex.sh
mockex_start "$D" || { kill "$MOCK_PID" 2>/dev/null; echo "FAIL: the mock exchange did not start"; exit 1; }
trap 'kill $MOCK_PID 2>/dev/null' EXIT
# shellcheck disable=SC2086
vg live-once "$LIQTOP" $EP --symbols BTC --once --json --record "$D/base.ndjson"
tests/support/journal_repeat.sh "$D/base.ndjson" 1 > "$D/hour.ndjson"
vg replay-1h "$LIQTOP" --replay "$D/hour.ndjson" --once --json

# the unit tests, two at a time (they find their fixtures from the repo root)
export LIQTOP BUILD
set --
for t in "$BUILD"/tests/test_*; do
    case $t in *.d) continue ;; esac
    [ -x "$t" ] && set -- "$@" "$t"
done
while [ $# -gt 0 ]; do
    t1=$1; shift
    t2=${1:-}; [ $# -gt 0 ] && shift
    ( vg "$(basename "$t1")" "$t1" ) &
    p1=$!
    if [ -n "$t2" ]; then ( vg "$(basename "$t2")" "$t2" ) & p2=$!; else p2=""; fi
    wait $p1; [ -n "$p2" ] && wait $p2
done > "$D/units.txt"
cat "$D/units.txt"
upass=$(grep -c '^  ok' "$D/units.txt"); ufail=$(grep -c '^  FAIL' "$D/units.txt")
pass=$((pass + upass)); failn=$((failn + ufail))
echo "valgrind: $pass passed, $failn failed"
[ $failn -eq 0 ]
