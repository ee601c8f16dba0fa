#!/bin/sh
# Run every unit test binary given as arguments, then every end-to-end script
# in tests/e2e/ (each gets $LIQTOP, the binary under test, and $BUILD).
# Prints one line per test and a summary; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.."
: "${LIQTOP:?LIQTOP must name the liqtop binary}"
: "${BUILD:?BUILD must name the build directory}"
export LIQTOP BUILD
# tests never read or write the user's config, themes or alert log
export XDG_CONFIG_HOME="$BUILD/test-home/config" XDG_STATE_HOME="$BUILD/test-home/state" HOME="$BUILD/test-home"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
pass=0; fail=0; failed=""
log_dir="$BUILD/test-logs"
mkdir -p "$log_dir"
for t in "$@"; do
    name=$(basename "$t")
    if "$t" >"$log_dir/$name.log" 2>&1; then
        pass=$((pass + 1)); echo "  PASS  $name"
    else
        fail=$((fail + 1)); failed="$failed $name"; echo "  FAIL  $name (log: $log_dir/$name.log)"
        tail -n 30 "$log_dir/$name.log" | sed 's/^/        /'
    fi
done
# Processes a script left behind (a mock server, liqtop itself): the pids of
# programs under $BUILD and of $LIQTOP that were not running before it.
ours() { pgrep -f "^($BUILD/|$LIQTOP( |$))" 2>/dev/null | sort; }
for t in tests/e2e/*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    start=$(date +%s)
    before=$(ours)
    sh "$t" >"$log_dir/e2e-$name.log" 2>&1
    rc=$?
    sleep 0.2
    left=$(ours | while read -r p; do echo "$before" | grep -qx "$p" || ps -o pid=,args= -p "$p"; done)
    if [ $rc -eq 0 ] && [ -n "$left" ]; then
        echo "left running after the test:" >>"$log_dir/e2e-$name.log"
        echo "$left" >>"$log_dir/e2e-$name.log"
        echo "$left" | awk '{print $1}' | xargs kill 2>/dev/null
        rc=1
    fi
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1)); echo "  PASS  e2e/$name ($(( $(date +%s) - start ))s)"
    else
        fail=$((fail + 1)); failed="$failed e2e/$name"; echo "  FAIL  e2e/$name (log: $log_dir/e2e-$name.log)"
        tail -n 30 "$log_dir/e2e-$name.log" | sed 's/^/        /'
    fi
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
