# Sourced by test scripts (run from the repository root, with $BUILD set):
# start the loopback mock exchange and point every source at it.
#
# mockex_start DIR   starts $BUILD/tests/mockex on the committed fixtures
#                    (port file DIR/port), waits up to 5 s for its port and
#                    sets MOCK_PID, PORT and EP (the --endpoint flags of every
#                    REST venue and stream). Returns 1 when no port appeared.
mockex_start() {
    "$BUILD/tests/mockex" -m tests/fixtures/mockex.map --port-file "$1/port" >/dev/null 2>&1 &
    MOCK_PID=$!
    _i=0
    while [ ! -s "$1/port" ] && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
    [ -s "$1/port" ] || return 1
    PORT=$(cat "$1/port")
    EP=""
    for _v in binance bybit okx gate hyperliquid feargreed coingecko; do
        EP="$EP --endpoint $_v=http://127.0.0.1:$PORT"
    done
    for _v in binance_ws bybit_ws okx_ws; do EP="$EP --endpoint $_v=ws://127.0.0.1:$PORT"; done
}
