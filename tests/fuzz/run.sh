#!/bin/sh
# Build every libFuzzer target with clang (-fsanitize=fuzzer,address,undefined)
# and fuzz each one for SECONDS (default 10), two at a time, starting from the
# committed corpus tests/fuzz/corpus/TARGET/ (new inputs go to
# build/fuzz/corpus/TARGET/, crashes to build/fuzz/artifacts/). Prints a table
# of executions and findings per target; exits 1 if any target crashed,
# leaked or timed out. Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-10}
[ $# -gt 0 ] && shift
ALL="binance bybit okx gate hyperliquid feargreed coingecko stream config theme journal ws http_header http_url"
TARGETS=${*:-$ALL}
B=build/fuzz
CC_FUZZ=${CC_FUZZ:-clang}
JOBS=${FUZZ_JOBS:-2}

if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
    echo "fuzz: $CC_FUZZ not found; libFuzzer needs clang (Debian: apt-get install clang)"
    exit 1
fi
mkdir -p "$B"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n); int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$B/probe.c"
if ! "$CC_FUZZ" -fsanitize=fuzzer "$B/probe.c" -o "$B/probe" 2>/dev/null; then
    echo "fuzz: $CC_FUZZ has no libFuzzer runtime (-fsanitize=fuzzer); install clang's compiler-rt"
    exit 1
fi

SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
echo "fuzz: building the library with $CC_FUZZ ($SAN, fuzzer coverage)"
make --no-print-directory BUILD=$B CC="$CC_FUZZ" OPT='-O1 -g' \
    SANFLAGS="-fsanitize=fuzzer-no-link $SAN" $B/libliqtop.a >"$B/build.log" 2>&1 || {
    tail -20 "$B/build.log"; echo "fuzz: library build failed"; exit 1; }
LIBS="$(pkg-config --libs ncursesw libcurl libcjson) -lm"
CFL="-std=c11 -O1 -g -Iinclude -Itests $(pkg-config --cflags ncursesw libcurl libcjson)"
for t in $TARGETS; do
    "$CC_FUZZ" $CFL -fsanitize=fuzzer $SAN -DFUZZ_TARGET=fuzz_$t -o "$B/fuzz_$t" \
        tests/fuzz/fuzz_one.c tests/fuzz/targets.c "$B/libliqtop.a" $LIBS 2>"$B/cc_$t.log" || {
        cat "$B/cc_$t.log"; echo "fuzz: cannot build fuzz_$t"; exit 1; }
done

# one target: fuzz, then summarize into $B/result_$t
fuzz_one() {
    t=$1
    mkdir -p "$B/corpus/$t" "$B/artifacts/$t"
    dict=""
    case $t in binance|bybit|okx|gate|hyperliquid|feargreed|coingecko|stream|journal)
        dict="-dict=tests/fuzz/json.dict" ;; esac
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$B/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$B/artifacts/$t/" $dict \
        "$B/corpus/$t" "tests/fuzz/corpus/$t" >"$B/log_$t" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/log_$t" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$B/log_$t" | tail -1 | sed 's/cov: //')
    found=$(ls "$B/artifacts/$t" 2>/dev/null | wc -l)
    ncorp=$(( $(ls "$B/corpus/$t" | wc -l) + $(ls "tests/fuzz/corpus/$t" | wc -l) ))
    if [ "$rc" -eq 0 ]; then res=ok; else res="FOUND (exit $rc)"; fi
    printf '%-12s %6s %12s %8s %7s %9s  %s\n' "$t" "${SECS}s" "${execs:-?}" "${cov:-?}" \
        "$ncorp" "$found" "$res" > "$B/result_$t"
}

echo "fuzz: $SECS s per target, $JOBS at a time"
running=0
for t in $TARGETS; do
    fuzz_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait; running=0; fi
done
wait

printf '%-12s %6s %12s %8s %7s %9s  %s\n' target time executions coverage corpus artifacts result
status=0
total=0
for t in $TARGETS; do
    cat "$B/result_$t"
    grep -q FOUND "$B/result_$t" && { status=1; grep -E 'ERROR|SUMMARY|==[0-9]+==' "$B/log_$t" | head -5 | sed 's/^/    /'; }
    e=$(awk '{print $3}' "$B/result_$t"); case $e in *[!0-9]*|'') ;; *) total=$((total + e)) ;; esac
done
echo "fuzz: $total executions in all; crashing inputs (if any) in $B/artifacts/TARGET/"
[ $status -eq 0 ] && echo "fuzz: no findings" || echo "fuzz: FINDINGS: keep each input as tests/fuzz/corpus/TARGET/crash-NAME and fix"
exit $status
