#!/bin/sh
# Transport policy, end to end with the binary (tests/test_http.c covers the
# same rules at the http layer): file://, ftp://, plain http or ws to a
# non-loopback host without allow_insecure_http are refused at start (exit 2,
# a message naming the venue); redirects to another protocol, to a remote
# plain-http host, or more than 3 hops mark the venue down with the reason;
# a self-signed TLS certificate (https and wss) is refused. The TLS case
# needs openssl (s_server plays the server); without it that case is skipped
# with a message. Nothing here leaves the machine: refused URLs are refused
# before any connection.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
D="$BUILD/transport"
rm -rf "$D"
mkdir -p "$D"
fail() { echo "FAIL: $*"; exit 1; }

"$BUILD/tests/mockex" -m tests/fixtures/mockex.map --port-file "$D/port" >/dev/null 2>&1 &
MOCK_PID=$!
SRV_PID=""
trap 'kill $MOCK_PID $SRV_PID 2>/dev/null' EXIT
i=0
while [ ! -s "$D/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$D/port")
[ -n "$PORT" ] || fail "mock did not start"
M="http://127.0.0.1:$PORT"

# every venue on the mock; $1 replaces binance's (or binance_ws') URL
eps() {
    for v in binance bybit okx gate hyperliquid feargreed coingecko; do
        printf ' --endpoint %s=%s' "$v" "$M"
    done
    for v in binance_ws bybit_ws okx_ws; do printf ' --endpoint %s=ws://127.0.0.1:%s' "$v" "$PORT"; done
    printf ' --endpoint %s' "$1"
}

refused_at_start() { # VENUE=URL WANT: exit 2, message contains WANT
    # shellcheck disable=SC2046
    "$LIQTOP" $(eps "$1") --symbols BTC --once --json >"$D/out" 2>"$D/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$1: exit $rc (want 2), stderr: $(cat "$D/err")"
    grep -Eq -- "$2" "$D/err" || fail "$1: message '$(cat "$D/err")' lacks '$2'"
    [ -s "$D/out" ] && fail "$1: printed a state"
    echo "refused at start: $1 -> $(head -c 150 "$D/err")"
}
HTTPONLY="only http and https|must start with http:// or https://"
refused_at_start "binance=file:///etc/passwd" "$HTTPONLY"
refused_at_start "binance=ftp://127.0.0.1:21" "$HTTPONLY"
refused_at_start "binance=gopher://127.0.0.1" "$HTTPONLY"
refused_at_start "binance=http://example.com" "refusing plain http to non-loopback host example.com"
refused_at_start "binance=http://10.1.2.3:8080" "refusing plain http to non-loopback host 10.1.2.3"
refused_at_start "binance_ws=ws://example.com" "plain ws:// is only allowed to loopback"
refused_at_start "binance_ws=http://127.0.0.1:1" "ws:// (and|or) wss://"

down_with() { # MOCKMODE WANT: binance's premiumIndex answers MOCKMODE; binance down with WANT
    "$BUILD/tests/mockget" "$PORT" "/_mock/fault?route=/fapi/v1/premiumIndex&mode=$1" >/dev/null ||
        fail "cannot set fault $1"
    # shellcheck disable=SC2046
    "$LIQTOP" $(eps "binance=$M") --symbols BTC --once --json >"$D/out" 2>"$D/err"
    rc=$?
    [ $rc -eq 0 ] || fail "$1: exit $rc: $(cat "$D/err")"
    le=$(grep -o '{"venue":"binance","state":"down","last_error":"[^"]*"' "$D/out")
    [ -n "$le" ] || fail "$1: binance not down: $(grep -o '{"venue":"binance"[^}]*' "$D/out")"
    echo "$le" | grep -q -- "$2" || fail "$1: reason $le lacks '$2'"
    echo "refused: $1 -> ${le#*last_error\":}"
    "$BUILD/tests/mockget" "$PORT" "/_mock/fault?route=/fapi/v1/premiumIndex&mode=ok" >/dev/null
}
down_with "redirect:file:///etc/passwd" "redirect refused"
down_with "redirect:ftp://127.0.0.1:1/x" "redirect refused"
down_with "redirect:http://192.0.2.1/steal" "refusing plain http to non-loopback address 192.0.2.1"
down_with "redirect:/fapi/v1/premiumIndex" "too many redirects (more than 3)"
# 3 hops are fine: /a -> /b -> /c -> the endpoint
"$BUILD/tests/mockget" "$PORT" "/_mock/fault?route=/fapi/v1/premiumIndex&mode=redirect:/r1&n=1" >/dev/null
"$BUILD/tests/mockget" "$PORT" "/_mock/fault?route=/r1&mode=redirect:/r2" >/dev/null
"$BUILD/tests/mockget" "$PORT" "/_mock/fault?route=/r2&mode=redirect:/fapi/v1/premiumIndex" >/dev/null
# shellcheck disable=SC2046
"$LIQTOP" $(eps "binance=$M") --symbols BTC --once --json >"$D/out" 2>"$D/err"
grep -q '{"venue":"binance","state":"ok"' "$D/out" || fail "3 redirects: binance not ok: $(grep -o '{"venue":"binance"[^}]*' "$D/out")"
echo "followed: 3 redirects on loopback http"

# ---- a self-signed certificate ----
if ! command -v openssl >/dev/null 2>&1; then
    echo "SKIP: bad TLS certificate case (openssl not installed)"
    echo ok
    exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
    -keyout "$D/key.pem" -out "$D/cert.pem" >/dev/null 2>&1 || { echo "SKIP: openssl cannot make a certificate"; echo ok; exit 0; }
# a free port: the kernel picks one for a short-lived mock, then s_server takes it
"$BUILD/tests/mockex" -m tests/fixtures/mockex.map --port-file "$D/tport" >/dev/null 2>&1 &
p=$!
i=0
while [ ! -s "$D/tport" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
TPORT=$(cat "$D/tport")
kill $p; wait $p 2>/dev/null
openssl s_server -accept "127.0.0.1:$TPORT" -cert "$D/cert.pem" -key "$D/key.pem" -www -quiet \
    >"$D/s_server.log" 2>&1 &
SRV_PID=$!
sleep 0.5
kill -0 $SRV_PID 2>/dev/null || { echo "SKIP: openssl s_server did not start: $(head -2 "$D/s_server.log")"; echo ok; exit 0; }
T="https://127.0.0.1:$TPORT"
# shellcheck disable=SC2046
"$LIQTOP" $(eps "binance=$T") --endpoint "binance_ws=wss://127.0.0.1:$TPORT" --symbols BTC --once --json >"$D/out" 2>"$D/err"
rc=$?
[ $rc -eq 0 ] || fail "TLS: exit $rc: $(cat "$D/err")"
le=$(grep -o '{"venue":"binance","state":"down","last_error":"[^"]*"' "$D/out")
echo "$le" | grep -q 'certificate' || fail "TLS: binance not refused for its certificate: $(grep -o '{"venue":"binance"[^}]*' "$D/out")"
echo "refused: self-signed certificate (https) -> ${le#*last_error\":}"
lw=$(grep -o '{"venue":"binance_ws","state":"down","last_error":"[^"]*"' "$D/out")
echo "$lw" | grep -qi 'certificate' || fail "TLS: binance_ws not refused for its certificate: $(grep -o '{"venue":"binance_ws"[^}]*' "$D/out")"
echo "refused: self-signed certificate (wss) -> ${lw#*last_error\":}"
echo ok
