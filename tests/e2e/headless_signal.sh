#!/bin/sh
# Without the terminal UI (--headless, demo and live), SIGTERM and SIGINT end
# the run within a second with status 0 (nothing else watches the quit flag).
set -u
fail() { echo "FAIL: $*"; exit 1; }

closed=""
for v in binance bybit okx gate hyperliquid feargreed coingecko; do
    closed="$closed --endpoint $v=http://127.0.0.1:1"
done
for v in binance_ws bybit_ws okx_ws; do
    closed="$closed --endpoint $v=ws://127.0.0.1:1"
done

stop_case() {
    sig=$1; shift
    "$LIQTOP" "$@" >/dev/null 2>&1 &
    pid=$!
    sleep 0.5
    kill -"$sig" "$pid" || fail "liqtop $* died before SIG$sig"
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        if [ "$i" -gt 20 ]; then
            kill -9 "$pid"
            fail "liqtop $* still running 2 s after SIG$sig"
        fi
        sleep 0.1
    done
    wait "$pid"
    st=$?
    [ "$st" = 0 ] || fail "liqtop $*: exit status $st after SIG$sig"
}

stop_case TERM --headless --demo
stop_case INT --headless --demo
# shellcheck disable=SC2086
stop_case TERM --headless $closed
echo ok
