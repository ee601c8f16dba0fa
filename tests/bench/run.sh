#!/bin/sh
# make bench: performance figures for liqtop, printed as one table.
#
#   tests/bench/run.sh BIN BUILDDIR
#
# BIN is the liqtop users run (make all); BUILDDIR holds libliqtop.a and
# tests/mockex built with the same flags (make BUILD=build/bench tests). The
# benchmark programs in tests/bench/ are compiled here against that library.
# Benchmarks report; they never fail on a timing. Knobs (environment):
#   BENCH_SECONDS   length of the pseudo-terminal runs (default 60)
#   BENCH_NET_S     length of each network run (default 120: two minutes)
#   BENCH_UNIVERSE  instruments per all-symbol body in the 24 h journal (20)
#   BENCH_QUICK=1   shorter everything (a smoke run, figures less steady)
set -u
cd "$(dirname "$0")/../.."
BIN=${1:?usage: run.sh BIN BUILDDIR}
BUILD=${2:?usage: run.sh BIN BUILDDIR}
SECS=${BENCH_SECONDS:-60}
NET_S=${BENCH_NET_S:-120}
UNIVERSE=${BENCH_UNIVERSE:-20}
JOURNAL_H=24
MODEL_H=2
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    SECS=${BENCH_SECONDS:-15}; NET_S=${BENCH_NET_S:-30}; JOURNAL_H=2; MODEL_H=0.25
fi
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

OUT="$BUILD/bench-out"
BB="$BUILD/bench-bin"
DATA="$BUILD/bench-data"
rm -rf "$OUT"
mkdir -p "$OUT" "$BB" "$DATA"
# never touch the user's config, themes, alert log or htoprc
export HOME="$OUT/home" XDG_CONFIG_HOME="$OUT/home/config" XDG_STATE_HOME="$OUT/home/state"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"

say() { echo "bench: $*" >&2; }
# value of key=... in a file of key=value words
kv() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1" | head -n 1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
http_get() {
    if command -v curl >/dev/null 2>&1; then curl -s --max-time 5 "$1"
    else python3 -c "import sys,urllib.request;print(urllib.request.urlopen(sys.argv[1],timeout=5).read().decode())" "$1"
    fi
}

# ---- compile the benchmark programs -----------------------------------------
WARN="-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
-Wformat=2 -Wcast-qual -Wpointer-arith -Wundef -Wwrite-strings"
PKG_CF=$($PKG_CONFIG --cflags ncursesw libcurl libcjson)
PKG_LIBS=$($PKG_CONFIG --libs ncursesw libcurl libcjson)
build() { # NAME SOURCES...
    name=$1; shift
    # shellcheck disable=SC2086
    $CC $WARN -O2 -g -Iinclude -Itests $PKG_CF -o "$BB/$name" "$@" "$BUILD/libliqtop.a" \
        $PKG_LIBS -lm || { say "cannot build $name"; exit 1; }
}
say "compiling tests/bench/*.c"
build bench_parse tests/bench/bench_parse.c tests/bench/bodies.c
build bench_model tests/bench/bench_model.c
build bench_render tests/bench/bench_render.c
build gen_journal tests/bench/gen_journal.c tests/bench/bodies.c
# shellcheck disable=SC2086
$CC $WARN -O2 -o "$BB/ptydrive" tests/bench/ptydrive.c -lutil || { say "cannot build ptydrive"; exit 1; }
MOCKEX="$BUILD/tests/mockex"
[ -x "$MOCKEX" ] || { say "no $MOCKEX (make BUILD=$BUILD tests)"; exit 1; }

# ---- htop, for the comparison ----------------------------------------------
HTOP=$(command -v htop || true)
if [ -z "$HTOP" ] && command -v apt-get >/dev/null 2>&1; then
    say "htop is missing: installing it with apt-get (as make deps does)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
    if [ "$SUDO" != none ]; then
        { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq htop; } \
            >"$OUT/apt.log" 2>&1
    fi
    HTOP=$(command -v htop || true)
fi
[ -n "$HTOP" ] || say "htop not installed and cannot be installed here: the htop column is SKIPPED"

# ---- 1. parsers -------------------------------------------------------------
say "parsers (6 bodies x 2 contexts)"
"$BB/bench_parse" --check >"$OUT/parse_check.txt" 2>&1 || say "some generated bodies do not parse: $OUT/parse_check.txt"
"$BB/bench_parse" 300 0.4 >"$OUT/parse.txt" 2>&1 || say "bench_parse failed (see $OUT/parse.txt)"

# ---- 2. model ---------------------------------------------------------------
say "model: 300 symbols x 4 venues, $MODEL_H market hours after a warm-up hour"
"$BB/bench_model" 300 "$MODEL_H" >"$OUT/model.txt" 2>&1 || say "bench_model failed"

# ---- 3. replay --------------------------------------------------------------
# The journal is generated once per generator build and universe, then reused.
J="$DATA/journal-${JOURNAL_H}h-u$UNIVERSE.ndjson"
if [ ! -s "$J" ] || ! cmp -s "$BB/gen_journal" "$DATA/gen_journal.used"; then
    say "generating a $JOURNAL_H h journal ($UNIVERSE instruments per all-symbol body; kept in $DATA for next time)"
    rm -f "$DATA"/journal-*.ndjson "$DATA/gen_journal.used"
    if "$BB/gen_journal" "$J" "$JOURNAL_H" "$UNIVERSE" >"$DATA/journal.info" 2>&1; then
        cp "$BB/gen_journal" "$DATA/gen_journal.used"
    else
        say "gen_journal failed"
    fi
fi
cp "$DATA/journal.info" "$OUT/journal.info" 2>/dev/null
J1="$OUT/journal-1h-u300.ndjson"
"$BB/gen_journal" "$J1" 1 300 >"$OUT/journal1.info" 2>&1 || say "gen_journal (1 h) failed"
replay_time() { # FILE OUTFILE -> wall seconds; CPU seconds in OUTFILE.cpu when GNU time exists
    s0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$2.time" "$BIN" --replay "$1" --speed max --once --json >"$2" 2>"$2.err"
        awk '{printf "%.2f", $1 + $2}' "$2.time" >"$2.cpu"
    else
        "$BIN" --replay "$1" --speed max --once --json >"$2" 2>"$2.err"
        echo "-" >"$2.cpu"
    fi
    s1=$(date +%s.%N)
    calc "%.2f" "$s1 - $s0"
}
say "replay of the $JOURNAL_H h journal"
cat "$J" >/dev/null 2>&1 # from the page cache, as the other runs: we time parsing, not the disk
T24=$(replay_time "$J" "$OUT/replay24.json")
say "replay of the 1 h journal with 300 instruments per body"
cat "$J1" >/dev/null 2>&1
T1=$(replay_time "$J1" "$OUT/replay1.json")
rm -f "$J1" # 700 MB; the 24 h journal is the one kept

# ---- 4. rendering -----------------------------------------------------------
say "rendering into memory"
"$BB/bench_render" 5 >"$OUT/render.txt" 2>&1
"$BB/bench_render" 50 >>"$OUT/render.txt" 2>&1

# ---- 5 and 6: whole process in a pty (with htop) and the network, together ---
say "pseudo-terminal runs, ${SECS} s: liqtop --demo and htop -d 10 side by side at 200x50"
PTYENV="TERM=xterm-256color LANG=C.UTF-8"
# shellcheck disable=SC2086
env $PTYENV "$BB/ptydrive" -s 200x50 -t "$SECS" -w 10 -m tTheme -- \
    "$BIN" --demo --interval 1 >"$OUT/pty_liqtop.txt" 2>&1 &
# the runs start a second apart: each start-up is timed on an otherwise idle machine
sleep 1
if [ -n "$HTOP" ]; then
    # shellcheck disable=SC2086
    env $PTYENV "$BB/ptydrive" -s 200x50 -t "$SECS" -w 10 -m F10Quit -- \
        "$HTOP" -d 10 >"$OUT/pty_htop.txt" 2>&1 &
    sleep 1
fi
# and liqtop live (the default configuration, 5 s polling) against a mock exchange
LD="$OUT/pty_live"
mkdir -p "$LD"
"$MOCKEX" -p 0 --port-file "$LD/port" -S -m tests/fixtures/mockex.map >/dev/null 2>"$LD/mockex.err" &
LIVE_MOCK=$!
i=0
while [ ! -s "$LD/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
LIVE_EPS=""
for v in binance bybit okx gate hyperliquid feargreed coingecko; do
    LIVE_EPS="$LIVE_EPS --endpoint $v=http://127.0.0.1:$(cat "$LD/port")"
done
# the liquidation streams point at a closed port: they retry with backoff
for v in binance_ws bybit_ws okx_ws; do LIVE_EPS="$LIVE_EPS --endpoint $v=ws://127.0.0.1:1"; done
# shellcheck disable=SC2086
env $PTYENV "$BB/ptydrive" -s 200x50 -t "$SECS" -w 10 -m tTheme -- \
    "$BIN" $LIVE_EPS >"$OUT/pty_live.txt" 2>&1 &
PTY_LIVE=$!
sleep 2 # start-up times are measured without the network runs competing

NAMES="BTC ETH SOL XRP DOGE BNB ADA AVAX LINK TRX DOT LTC BCH NEAR UNI APT ARB OP SUI FIL \
ATOM ETC INJ TIA SEI WLD AAVE MKR LDO RUNE PEPE SHIB WIF BONK FET RNDR IMX STX HBAR ICP \
XLM VET ALGO EGLD SAND MANA AXS GALA APE CRV"
net_run() { # N -> $OUT/net_N.txt
    n=$1 d="$OUT/net_$1"
    mkdir -p "$d"
    syms=$(echo $NAMES | tr ' ' '\n' | head -n "$n" | paste -sd, -)
    "$MOCKEX" -p 0 --port-file "$d/port" -S -m tests/fixtures/mockex.map >/dev/null 2>"$d/mockex.err" &
    mpid=$!
    i=0
    while [ ! -s "$d/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    port=$(cat "$d/port")
    base="http://127.0.0.1:$port"
    eps=""
    for v in binance bybit okx gate hyperliquid feargreed coingecko; do eps="$eps --endpoint $v=$base"; done
    # the liquidation streams point at a closed port: they retry with backoff
    for v in binance_ws bybit_ws okx_ws; do eps="$eps --endpoint $v=ws://127.0.0.1:1"; done
    # shellcheck disable=SC2086
    "$BIN" --headless --symbols "$syms" $eps >/dev/null 2>"$d/liqtop.err" &
    lpid=$!
    half=$((NET_S / 2))
    sleep "$half"
    http_get "$base/_mock/stats" >"$d/stats1.json"
    sleep "$((NET_S - half))"
    http_get "$base/_mock/stats" >"$d/stats2.json"
    cpu=$(awk '{print ($14 + $15) / 100}' "/proc/$lpid/stat" 2>/dev/null)
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$lpid/status" 2>/dev/null)
    kill "$lpid" 2>/dev/null
    i=0
    while kill -0 "$lpid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$lpid" 2>/dev/null
    wait "$lpid" 2>/dev/null
    http_get "$base/_mock/quit" >/dev/null 2>&1
    wait "$mpid" 2>/dev/null
    r1=$(sed -n 's/^{"total":\([0-9]*\),"bytes":\([0-9]*\).*/\1/p' "$d/stats1.json")
    b1=$(sed -n 's/^{"total":\([0-9]*\),"bytes":\([0-9]*\).*/\2/p' "$d/stats1.json")
    r2=$(sed -n 's/^{"total":\([0-9]*\),"bytes":\([0-9]*\).*/\1/p' "$d/stats2.json")
    b2=$(sed -n 's/^{"total":\([0-9]*\),"bytes":\([0-9]*\).*/\2/p' "$d/stats2.json")
    echo "net symbols=$n half_s=$half r1=${r1:-0} b1=${b1:-0} r2=${r2:-0} b2=${b2:-0} cpu=${cpu:-0} hwm=${rss:-0} s=$NET_S" \
        >"$OUT/net_$n.txt"
}
say "network runs, ${NET_S} s each: 1, 5, 20, 50 symbols, live against one mockex each"
for n in 1 5 20 50; do net_run "$n" & done
wait "$PTY_LIVE"
http_get "http://127.0.0.1:$(cat "$LD/port")/_mock/quit" >/dev/null 2>&1
wait

# ---- the table --------------------------------------------------------------
CPU=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
CCV=$($CC --version 2>/dev/null | head -n 1)
HTOPV=$([ -n "$HTOP" ] && "$HTOP" --version 2>/dev/null | head -n 1 || echo "not installed")
{
echo "liqtop benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'); figures, never pass/fail)"
echo "machine  ${CPU:-unknown CPU}, $NCPU cores, $(uname -sr); $CCV"
echo "binary   $BIN ($("$BIN" --version 2>/dev/null)); $HTOPV"
echo
echo "1. Parsers: one all-symbol body, 300 instruments, compact JSON; CPU time of adapter->parse"
printf '   %-30s %8s %9s %11s %14s\n' "venue endpoint" "body KB" "MB/s" "records/s" "MB/s 5 tracked"
while read -r _ v k rest; do
    f="$OUT/.row"; echo "$rest" >"$f"
    printf '   %-30s %8.1f %9.1f %11.0f %14.1f\n' "$v $k" "$(calc %.1f "$(kv "$f" bytes) / 1024")" \
        "$(kv "$f" mbs_all)" "$(kv "$f" recs_s)" "$(kv "$f" mbs_5)"
done <<EOF_P
$(grep '^parse ' "$OUT/parse.txt")
EOF_P
echo "   (every symbol tracked: 300 records per body; '5 tracked': the default symbols, other rows skipped)"
echo
M="$OUT/model.txt"
echo "2. Model: store + detectors, $(kv "$M" symbols) symbols x 4 venues, 5 s polling, $(kv "$M" hours) market hours (bench_model)"
echo "   update = one symbol-venue observation applied by store_apply + the model_update work it triggers"
printf '   %-44s %14s   %s\n' "updates per second (one core)" "$(kv "$M" updates_per_s)" "target >= 5000000"
printf '   %-44s %14s\n' "CPU seconds for $(kv "$M" updates) updates" "$(kv "$M" cpu_s)"
printf '   %-44s %14s\n' "share in store_apply" "$(kv "$M" store_share)"
printf '   %-44s %14s\n' "alerts raised / estimated liquidations" "$(kv "$M" alerts) / $(kv "$M" est_liqs)"
printf '   %-44s %14s\n' "store heap, MB" "$(kv "$M" store_mb)"
JB=$(kv "$OUT/journal.info" bytes); JL=$(kv "$OUT/journal.info" lines)
J1B=$(kv "$OUT/journal1.info" bytes)
echo "   replay (liqtop --replay FILE --speed max --once --json, wall time, file in page cache):"
printf '   %-44s %8s s  = %s s per simulated hour (target < 1); CPU %s s\n' \
    "$JOURNAL_H h, $UNIVERSE/body, $(calc %.0f "${JB:-0} / 1048576") MB, $JL lines" "$T24" \
    "$(calc %.2f "$T24 / $JOURNAL_H")" "$(cat "$OUT/replay24.json.cpu")"
printf '   %-44s %8s s  = %s MB/s of journal; CPU %s s\n' "1 h, 300/body, $(calc %.0f "${J1B:-0} / 1048576") MB" "$T1" \
    "$(calc %.0f "${J1B:-0} / 1048576 / ($T1 + 0.0001)")" "$(cat "$OUT/replay1.json.cpu")"
echo
echo "3. Rendering"
while read -r _ size rest; do
    f="$OUT/.row"; echo "$rest" >"$f"
    printf '   ui_render %-8s %2s symbols, %-13s %14s us per frame\n' "$size" "$(kv "$f" symbols)" \
        "$(kv "$f" tab) view" "$(kv "$f" us_per_frame)"
done <<EOF_R
$(grep '^render ' "$OUT/render.txt")
EOF_R
echo "   (target under 1000 us at 220x60)"
PL="$OUT/pty_liqtop.txt"; PH="$OUT/pty_htop.txt"
printf '   %-44s %14s   %s\n' "pty 200x50, 1 s refresh: demo bytes per frame" \
    "$(kv "$PL" steady_bytes_per_frame_mean)" "median $(kv "$PL" steady_bytes_per_frame_median), max $(kv "$PL" steady_bytes_per_frame_max); target < 2048"
echo
echo "4. Whole process: pty 200x50, ${SECS} s, 1 s refresh, run side by side"
PV="$OUT/pty_live.txt"
col() { # FILE KEY: value, or - when that run is missing
    if [ -s "$1" ]; then kv "$1" "$2"; else echo "-"; fi
}
cpu() { if [ -s "$1" ]; then calc %.3f "$(kv "$1" cpu_user_s) + $(kv "$1" cpu_sys_s)"; else echo "-"; fi; }
ratio() { if [ "$2" = "-" ] || [ -z "$2" ] || [ "$1" = "-" ] || [ "$(calc %d "($2 > 0)")" = 0 ]; then echo "-"; else calc %.2f "$1 / $2"; fi; }
[ -n "$HTOP" ] || PH=/nonexistent
LC=$(cpu "$PL"); HC=$(cpu "$PH"); VC=$(cpu "$PV")
row() { # LABEL KEY TARGET
    printf '   %-34s %14s %14s %8s %14s   %s\n' "$1" "$(col "$PL" "$2")" "$(col "$PH" "$2")" \
        "$(ratio "$(col "$PL" "$2")" "$(col "$PH" "$2")")" "$(col "$PV" "$2")" "$3"
}
printf '   %-34s %14s %14s %8s %14s   %s\n' "" "liqtop --demo" "htop -d 10" "ratio" "liqtop live" "target (demo)"
printf '   %-34s %14s %14s %8s %14s   %s\n' "CPU user+sys, s" "$LC" "$HC" "$(ratio "$LC" "$HC")" "$VC" "<= htop"
printf '   %-34s %14s %14s %8s %14s\n' "CPU, % of one core" "$(calc %.3f "$LC / $SECS * 100")" \
    "$([ "$HC" = - ] && echo - || calc %.3f "$HC / $SECS * 100")" "" "$([ "$VC" = - ] && echo - || calc %.3f "$VC / $SECS * 100")"
row "peak RSS (VmHWM), KB" peak_rss_kb "<= htop, < 8192"
row "RSS at the end: private, KB" rss_anon_kb ""
row "  shared files (libraries), KB" rss_file_kb ""
row "first complete frame, ms" first_frame_ms "< 50"
row "bytes per frame, steady (mean)" steady_bytes_per_frame_mean "< 2048"
row "bytes per frame, steady (max)" steady_bytes_per_frame_max ""
row "frames drawn" frames ""
echo "   (first frame: from fork to the end of the bottom line; CPU from wait4, whole run;"
echo "    peak RSS from /proc; 'private' is RssAnon, 'shared files' RssFile. liqtop live: the"
echo "    default configuration (5 s polling, 5 symbols) against one mockex -S.)"
echo
echo "5. Network: live, default config (--interval 5), every endpoint at one mockex -S, ${NET_S} s"
printf '   %-8s %14s %14s %14s %14s %10s %12s\n' "symbols" "req/min first" "req/min then" "KB/min first" "KB/min then" "CPU s" "peak RSS KB"
for n in 1 5 20 50; do
    f="$OUT/net_$n.txt"
    [ -s "$f" ] || continue
    h=$(kv "$f" half_s); s=$(kv "$f" s)
    r1=$(kv "$f" r1); b1=$(kv "$f" b1); r2=$(kv "$f" r2); b2=$(kv "$f" b2)
    printf '   %-8s %14.0f %14.0f %14.0f %14.0f %10s %12s\n' "$n" "$(calc %f "$r1 * 60 / $h")" \
        "$(calc %f "($r2 - $r1) * 60 / ($s - $h)")" "$(calc %f "$b1 / 1024 * 60 / $h")" \
        "$(calc %f "($b2 - $b1) / 1024 * 60 / ($s - $h)")" "$(kv "$f" cpu)" "$(kv "$f" hwm)"
done
# per-venue requests per minute in the second half, from the mock's route counters
by_venue() { # N
    d="$OUT/net_$1"
    [ -s "$d/stats1.json" ] && [ -s "$d/stats2.json" ] || return
    routes() { sed 's/.*"routes":{//; s/}}[[:space:]]*$//' "$1" | tr ',' '\n' | sed 's/^"\(.*\)":\([0-9]*\)$/\1 \2/'; }
    routes "$d/stats1.json" >"$d/r1"; routes "$d/stats2.json" >"$d/r2"
    f="$OUT/net_$1.txt"; h=$(kv "$f" half_s); s=$(kv "$f" s)
    awk -v span="$((s - h))" '
        NR == FNR { a[$1] = $2; next }
        { id = $1; v = "other"
          if (id ~ /^\/fapi|^\/futures/) v = "binance"; else if (id ~ /^\/v5\//) v = "bybit";
          else if (id ~ /^\/api\/v5/) v = "okx"; else if (id ~ /^\/api\/v4/) v = "gate";
          else if (id ~ /^\/info/) v = "hyperliquid"; else if (id ~ /^\/fng/) v = "feargreed";
          else if (id ~ /^\/api\/v3/) v = "coingecko"
          n[v] += ($2 - a[id]) * 60 / span }
        END { out = ""; split("binance bybit okx gate hyperliquid", order, " ")
              for (i = 1; i <= 5; i++) out = out sprintf("%s %.0f  ", order[i], n[order[i]])
              print out }' "$d/r1" "$d/r2"
}
for n in 5 50; do
    bv=$(by_venue "$n")
    [ -n "$bv" ] && echo "   $n symbols, then, req/min by venue: $bv"
done
echo "   (first: the first half of the run, start-up round included; then: the second half."
echo "    mockex -S answers per-symbol requests with BTC's fixture renamed to the symbol;"
echo "    all-symbol fixtures list a handful of instruments, so bytes are the mock's, not a venue's.)"
echo
echo "raw outputs: $OUT"
} >"$OUT/table.txt"
cat "$OUT/table.txt"
exit 0
