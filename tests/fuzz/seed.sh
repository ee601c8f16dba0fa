#!/bin/sh
# Write the seed inputs of every fuzz target from the fixtures (run once; the
# output is committed under tests/fuzz/corpus/). Layouts: tests/fuzz/targets.h.
set -eu
cd "$(dirname "$0")/../.."
C=tests/fuzz/corpus
F=tests/fixtures
for v in binance bybit okx gate hyperliquid feargreed coingecko; do
    mkdir -p "$C/$v"
    for f in "$F/$v"/*.json; do
        kind=$(basename "$f" .json)
        kind=${kind%_hip3}
        { printf '\000%s\n' "$kind"; cat "$f"; } > "$C/$v/seed-$kind-$(basename "$f" .json)"
        { printf '\007%s\n' "$kind"; cat "$f"; } > "$C/$v/seed-$kind-$(basename "$f" .json)-nosym"
    done
    # error envelopes and odd shapes every venue must refuse cleanly
    printf '\000%s\n%s' "$kind" '{"code":"50011","msg":"Too Many Requests","data":[]}' > "$C/$v/seed-envelope-okx"
    printf '\000%s\n%s' "$kind" '{"retCode":10006,"retMsg":"Too many visits!","result":{}}' > "$C/$v/seed-envelope-bybit"
    printf '\000%s\n%s' "$kind" '<html><body>502 Bad Gateway</body></html>' > "$C/$v/seed-html"
done
mkdir -p "$C/stream"
for s in binance_ws bybit_ws okx_ws; do
    for f in "$F/$s"/*.json; do
        { printf '\000%s\n' "$s"; cat "$f"; } > "$C/stream/seed-$s-$(basename "$f" .json)"
    done
done
mkdir -p "$C/theme" "$C/config" "$C/journal" "$C/ws" "$C/http_header" "$C/http_url"
for t in themes/*.theme; do cp "$t" "$C/theme/seed-$(basename "$t")"; done
cat > "$C/config/seed-full" <<'CONF'
# every section
[general]
interval = 5
symbols = BTC,ETH,SOL
theme = mono
color = yes
utf8 = auto
[fetch]
timeout = 15
connect_timeout = 10
max_body_mib = 8
max_in_flight = 3
budget_scale = 0.5
allow_insecure_http = no
[endpoints]
binance = http://127.0.0.1:8081
binance_ws = ws://127.0.0.1:8082
[keys]
quit = q Q
help = ? F1
CONF
printf '[general]\ninterval = 1e999\n[nosuch]\nx = y\n' > "$C/config/seed-bad"
printf '[alert.btc_low]\nsymbol = BTC\nbelow = 50000\n' > "$C/config/seed-pricealert"
printf '{"t":1718000000123,"venue":"binance","kind":"premiumIndex","status":200,"body":"[{\\"symbol\\":\\"BTCUSDT\\",\\"markPrice\\":\\"67000.1\\"}]","symbol":"BTC"}' > "$C/journal/seed-line"
printf '{"body":"\\u00e9\\udc80\\udcff\\n\\t\\\\","status":503,"kind":"tickers","venue":"okx","t":1}' > "$C/journal/seed-escapes"
printf '{"t":1718000000123,"venue":"binance_ws","kind":"forceOrder","status":200,"body":"{}"' > "$C/journal/seed-cut"
HS='HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n'
printf "\\001$HS"'\201\005hello\211\000\001\003abc\200\002de\212\001x\210\002\003\350' > "$C/ws/seed-handshake-frames"
printf "\\003$HS"'\201\005hello' > "$C/ws/seed-handshake-bytewise"
{ printf '\000\202\176\001\000'; head -c 256 /dev/zero; printf '\210\000'; } > "$C/ws/seed-binary-126"
printf '\000\201\377\000\000\000\000\000\000\020\000' > "$C/ws/seed-len64"
printf 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Type: application/json\r\n\r\n' > "$C/http_header/seed-429"
printf 'HTTP/1.1 503 Service Unavailable\r\nretry-after: Wed, 21 Oct 2015 07:28:00 GMT\r\ncontent-type: text/html; charset=utf-8\r\n' > "$C/http_header/seed-date"
printf '\000https://fapi.binance.com/fapi/v1/premiumIndex' > "$C/http_url/seed-https"
printf '\000http://127.0.0.1:8081/x' > "$C/http_url/seed-loopback"
printf '\000http://[::1]:80/' > "$C/http_url/seed-v6"
printf '\000file:///etc/passwd' > "$C/http_url/seed-file"
printf '\001ftp://example.com/' > "$C/http_url/seed-ftp"
printf '\000wss://ws.okx.com:8443/ws/v5/public' > "$C/http_url/seed-wss"
