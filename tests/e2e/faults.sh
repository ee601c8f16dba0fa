#!/bin/sh
# Fault matrix against the loopback mock exchange: for each REST venue and
# each fault, a live liqtop (--headless, 1 s polls, 1 s timeouts) must
#   - keep running,
#   - mark that source down, with a readable reason (headless source_down
#     alert; and a --once --json run during the fault shows that source
#     "down" with last_error set and every other REST source "ok"),
#   - raise no source_down for any other REST source,
#   - come back (source_up) within one retry period after the fault clears:
#     the backoff a job can have reached (retry_base 1 s doubling, +-25 %
#     jitter: at most 2 x the fault's duration + 1 s), or the venue's request
#     budget when that is slower (coingecko 2/min, feargreed 6/min); after a
#     rate limit, the hold (Retry-After, else 30 s) or, when longer, one
#     request at the halved budget, plus 10 s to pay the queued requests at
#     half rate; 3 s of slack on top,
#   - exit 0 on SIGTERM afterwards.
# Every venue but the one under test is served by one shared mock; the venue
# under test has its own mock, so "connection refused" is that mock stopped.
# Cases run in parallel (FAULT_JOBS lanes, default 20): each has its own liqtop.
# Prints a table of every case. FAULT_VENUES / FAULT_LIST narrow the run.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
D="$BUILD/faults"
rm -rf "$D"
mkdir -p "$D"
MOCK="$BUILD/tests/mockex"
GET="$BUILD/tests/mockget"
MAP=tests/fixtures/mockex.map
VENUES=${FAULT_VENUES:-"binance bybit okx gate hyperliquid feargreed coingecko"}
FAULTS=${FAULT_LIST:-"timeout drip 429 429ra 500 502 503 truncated malformed oversized empty html html200 ctype refused reset resetmid"}
JOBS=${FAULT_JOBS:-20}
REST="binance bybit okx gate hyperliquid feargreed coingecko"

now_ms() { date +%s%3N; }

# start_mock NAME [PORT]: a mock on PORT (0: any); sets $mock_pid, $mock_port
start_mock() {
    rm -f "$D/$1.port"
    "$MOCK" -m "$MAP" -p "${2:-0}" --port-file "$D/$1.port" >/dev/null 2>"$D/$1.mocklog" &
    mock_pid=$!
    i=0
    while [ ! -s "$D/$1.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    mock_port=$(cat "$D/$1.port" 2>/dev/null)
    [ -n "$mock_port" ] || { echo "mock $1 did not start"; return 1; }
}

cat > "$D/liqtop.conf" <<EOF
[fetch]
timeout = 1
connect_timeout = 1
max_body_mib = 1
EOF

start_mock shared || exit 1
SHARED_PID=$mock_pid
SHARED_PORT=$mock_port
cleanup() {
    kill "$SHARED_PID" 2>/dev/null
    for f in "$D"/*.pids; do [ -e "$f" ] && kill $(cat "$f") 2>/dev/null; done
}
trap cleanup EXIT INT TERM

# The mock fault mode of each case; the venue's expected reason (ERE).
fault_mode() {
    case $1 in
    timeout) echo "delay:4000" ;; drip) echo "drip:300" ;; 429) echo "429" ;;
    429ra) echo "429:2" ;; 500|502|503) echo "$1" ;; truncated) echo truncated ;;
    malformed) echo malformed ;; oversized) echo "oversized:2000000" ;; empty) echo empty ;;
    html) echo "html:502" ;; html200) echo "html:200" ;; ctype) echo "ctype:text/html" ;;
    reset) echo reset ;; resetmid) echo resetmid ;; refused) echo "" ;;
    esac
}
fault_reason() {
    case $1 in
    timeout|drip) echo "tim(e|ed) ?out" ;; 429|429ra) echo "HTTP 429" ;;
    500|502|503) echo "HTTP $1" ;; truncated|resetmid) echo "closed|cut|truncat|reset|incomplete|partial" ;;
    oversized) echo "over 1 MiB" ;; empty) echo "empty" ;; html) echo "HTTP 502" ;;
    html200) echo "HTML page" ;; refused) echo "connect|refused" ;;
    reset) echo "closed|reset|empty reply|no answer" ;; *) echo "." ;;
    esac
}

# budget period of a venue, s: 60 / weight_per_min (one request) where that is slow
budget_s() {
    case $1 in coingecko) echo 30 ;; feargreed) echo 10 ;; *) echo 0 ;; esac
}

endpoints() { # VENUE PORT: --endpoint arguments, VENUE on PORT, the rest on the shared mock
    for v in $REST; do
        if [ "$v" = "$1" ]; then printf ' --endpoint %s=http://127.0.0.1:%s' "$v" "$2"
        else printf ' --endpoint %s=http://127.0.0.1:%s' "$v" "$SHARED_PORT"; fi
    done
    for v in binance_ws bybit_ws okx_ws; do # streams: the shared mock answers 404 (down)
        printf ' --endpoint %s=ws://127.0.0.1:%s' "$v" "$SHARED_PORT"
    done
}

readable() { # the text has only printable ASCII, no escape
    ! printf '%s' "$1" | LC_ALL=C grep -q '[^ -~]'
}

wait_line() { # FILE ERE SECONDS: wait for a matching line
    i=0; lim=$(( $3 * 10 ))
    while [ $i -lt $lim ]; do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# run_case VENUE FAULT: writes one table row to $D/VENUE-FAULT.row; 0 pass
run_case() {
    v=$1; f=$2; c="$D/$v-$f"
    mode=$(fault_mode "$f")
    start_mock "$v-$f" || { echo "$v $f: mock failed" > "$c.row"; return 1; }
    vp=$mock_pid; port=$mock_port
    echo "$vp" > "$c.pids"
    if [ "$f" = refused ]; then
        kill "$vp"; wait "$vp" 2>/dev/null
    else
        "$GET" "$port" "/_mock/fault?route=*&mode=$mode" >/dev/null
    fi
    eps=$(endpoints "$v" "$port")
    t0=$(now_ms)
    # shellcheck disable=SC2086
    "$LIQTOP" --config "$D/liqtop.conf" $eps --symbols BTC --interval 1 --headless \
        >"$c.out" 2>"$c.err" &
    lp=$!
    echo "$vp $lp" > "$c.pids"
    res=ok; why=""; down_s="-"; up_s="-"; reason="-"; once="-"
    want_down=1
    [ "$f" = ctype ] && want_down=0
    if [ $want_down = 1 ]; then
        if wait_line "$c.out" "\"source_down\".*\"venue\":\"$v\"" 10; then
            down_s=$(awk "BEGIN{printf \"%.1f\", ($(now_ms) - $t0) / 1000}")
            reason=$(grep -E "\"source_down\".*\"venue\":\"$v\"" "$c.out" | head -1 |
                     sed 's/.*"msg":"\(.*\)"}$/\1/')
            readable "$reason" || { res=FAIL; why="$why unreadable-reason"; }
            echo "$reason" | grep -Eiq -- "$(fault_reason "$f")" ||
                { res=FAIL; why="$why reason-not-/$(fault_reason "$f")/"; }
        else
            res=FAIL; why="$why no-source_down"
        fi
    else
        sleep 3
        grep -q "\"source_down\".*\"venue\":\"$v\"" "$c.out" && { res=FAIL; why="$why went-down"; }
    fi
    # during the fault: a --once --json run sees only this venue down
    # shellcheck disable=SC2086
    "$LIQTOP" --config "$D/liqtop.conf" $eps --symbols BTC --once --json >"$c.json" 2>"$c.once.err"
    orc=$?
    once=ok
    [ $orc -eq 0 ] || { once="exit$orc"; res=FAIL; }
    for w in $REST; do
        st=$(grep -o "{\"venue\":\"$w\",\"state\":\"[a-z]*\"" "$c.json" | sed 's/.*"state":"//; s/"//')
        if [ "$w" = "$v" ] && [ $want_down = 1 ]; then
            [ "$st" = down ] || { once="$w:$st"; res=FAIL; }
            le=$(grep -oE "\{\"venue\":\"$w\",\"state\":\"[a-z]*\",\"last_error\":(null|\"([^\"\\\\]|\\\\.)*\")" "$c.json" |
                 sed 's/.*"last_error"://')
            { [ -n "$le" ] && [ "$le" != null ] && readable "$le"; } || { once="$w:no-reason"; res=FAIL; }
        else
            [ "$st" = ok ] || { once="$w:$st"; res=FAIL; }
        fi
    done
    # clear the fault and time the recovery
    if [ "$f" = refused ]; then
        start_mock "$v-$f" "$port" || { res=FAIL; why="$why mock-restart"; }
        vp=$mock_pid
        echo "$vp $lp" > "$c.pids"
    else
        "$GET" "$port" "/_mock/fault?route=*&mode=ok" >/dev/null
    fi
    t1=$(now_ms)
    dur=$(( (t1 - t0 + 999) / 1000 ))
    b=$(budget_s "$v")
    case $f in
    429|429ra) # the hold, then the queued requests paid at half the budget
        hold=30; [ "$f" = 429ra ] && hold=2
        pace=10; [ "$b" -gt 0 ] && pace=$((2 * b))
        [ $pace -gt $hold ] && hold=$pace
        bound=$((hold + 10 + 3)) ;;
    *)  bound=$(( 2 * dur + 1 + 3 ))
        [ "$b" -gt 0 ] && [ $((b + 3)) -gt $bound ] && bound=$((b + 3)) ;;
    esac
    if [ $want_down = 1 ]; then
        if wait_line "$c.out" "\"source_up\".*\"venue\":\"$v\"" "$bound"; then
            up_s=$(awk "BEGIN{printf \"%.1f\", ($(now_ms) - $t1) / 1000}")
        else
            res=FAIL; why="$why no-recovery-within-${bound}s"
        fi
    fi
    # nothing else went down, the process is alive and ends cleanly
    if grep '"source_down"' "$c.out" | grep -v "\"venue\":\"$v\"" | grep -vq '"venue":"[a-z]*_ws"'; then
        res=FAIL; why="$why other-source-down"
    fi
    if kill -0 "$lp" 2>/dev/null; then
        kill -TERM "$lp"; wait "$lp"; rc=$?
        [ $rc -eq 0 ] || { res=FAIL; why="$why exit$rc"; }
    else
        wait "$lp"; res=FAIL; why="$why died($?)"
    fi
    kill "$vp" 2>/dev/null; wait "$vp" 2>/dev/null
    rm -f "$c.pids"
    grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$c.err" "$c.once.err" &&
        { res=FAIL; why="$why sanitizer"; }
    readable "$(cat "$c.err" "$c.once.err")" || { res=FAIL; why="$why unreadable-stderr"; }
    printf '%-11s %-9s %-5s %6s %9s %8s  %-5s %s%s\n' "$v" "$f" "$res" "$down_s" "$up_s" \
        "<${bound}s" "$once" "$(printf '%.60s' "$reason")" "${why:+  [$why ]}" > "$c.row"
    [ "$res" = ok ]
}

# A pool of FAULT_JOBS lanes, each taking the next case from a shared
# counter; the slow venues (their budget paces the retries) go first.
ordered=""
for v in coingecko feargreed $VENUES; do
    case " $VENUES " in *" $v "*) ;; *) continue ;; esac
    case " $ordered " in *" $v:"*) continue ;; esac
    for f in $FAULTS; do ordered="$ordered $v:$f"; done
done
printf '%s\n' $ordered > "$D/cases"
ncases=$(wc -l < "$D/cases")
echo 0 > "$D/next"
take() { # the next case number (1-based), or nothing when all are taken
    until mkdir "$D/lock" 2>/dev/null; do sleep 0.01; done
    i=$(cat "$D/next"); echo $((i + 1)) > "$D/next"
    rmdir "$D/lock"
    [ "$i" -lt "$ncases" ] && echo $((i + 1))
}
lane() {
    while k=$(take); do
        cs=$(sed -n "${k}p" "$D/cases")
        run_case "${cs%%:*}" "${cs#*:}"
    done
}
start=$(date +%s)
lanes=""
l=0
while [ $l -lt "$JOBS" ]; do lane & lanes="$lanes $!"; l=$((l + 1)); done
for p in $lanes; do wait "$p"; done

printf '%-11s %-9s %-5s %6s %9s %8s  %-5s %s\n' venue fault res down_s recover_s bound once "reason (headless source_down msg)"
pass=0; failn=0
for f in $FAULTS; do
    for v in $VENUES; do
        row="$D/$v-$f.row"
        if [ -s "$row" ]; then cat "$row"; else echo "$v $f: no result"; fi
        if [ -s "$row" ] && awk '{exit !($3 == "ok")}' "$row"; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
    done
done
echo "faults: $pass cases survived, $failn failed ($(( $(date +%s) - start )) s)"
[ $failn -eq 0 ]
