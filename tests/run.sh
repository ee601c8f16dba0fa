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
for t in tests/e2e/*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    start=$(date +%s)
    if sh "$t" >"$log_dir/e2e-$name.log" 2>&1; then
        pass=$((pass + 1)); echo "  PASS  e2e/$name ($(( $(date +%s) - start ))s)"
    else
        fail=$((fail + 1)); failed="$failed e2e/$name"; echo "  FAIL  e2e/$name (log: $log_dir/e2e-$name.log)"
        tail -n 30 "$log_dir/e2e-$name.log" | sed 's/^/        /'
    fi
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
