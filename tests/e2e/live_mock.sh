#!/bin/sh
# Live mode end to end against the loopback mock exchange and three mock
# WebSocket servers (never the internet):
#  1. `--once --json --duration 3` gives the fixtures' numbers for every venue
#     (prices, OI, funding, Fear & Greed, market cap) and the liquidation totals
#     the REST fixtures and the streams carried, per venue and side;
#  2. the session recorded with --record replays to the same state;
#  3. a fault on one endpoint marks only that source down, with the reason;
#  4. a headless run reports source_down, then source_up once the fault clears.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
tmp="$BUILD/test-tmp/live_mock"
rm -rf "$tmp"
mkdir -p "$tmp"
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

now=$(($(date +%s) * 1000))
# Fixtures, with the liquidation times moved to a few minutes ago (totals are
# per 1h/4h/24h window; the committed fixtures carry fixed dates).
cp -r tests/fixtures/. "$tmp/fx"
python3 - "$tmp/fx" "$now" <<'PY' || fail "cannot prepare fixtures"
import json, sys
fx, now = sys.argv[1], int(sys.argv[2])
p = f"{fx}/okx/liquidation-orders.json"
d = json.load(open(p))
ts = [int(x["ts"]) for e in d["data"] for x in e["details"]]
shift = now - 300000 - max(ts)
for e in d["data"]:
    for x in e["details"]:
        x["ts"] = str(int(x["ts"]) + shift)
json.dump(d, open(p, "w"), separators=(",", ":"))
p = f"{fx}/gate/liq_orders.json"
d = json.load(open(p))
shift = now // 1000 - 240 - max(e["time"] for e in d)
for e in d:
    e["time"] += shift
json.dump(d, open(p, "w"), indent=1)
PY

"$BUILD/tests/mockex" -m "$tmp/fx/mockex.map" --port-file "$tmp/mx.port" >/dev/null 2>"$tmp/mx.err" &
pids="$pids $!"

cat >"$tmp/bn.ws" <<EOS
accept
text {"e":"forceOrder","E":$now,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.5","p":"60010","ap":"60000","X":"FILLED","l":"0.5","z":"0.5","T":$now}}
text {"e":"forceOrder","E":$now,"o":{"s":"BTCUSDT","S":"BUY","o":"LIMIT","f":"IOC","q":"0.1","p":"64000","ap":"64100","X":"FILLED","l":"0.1","z":"0.1","T":$((now + 1))}}
wait 15000
EOS
cat >"$tmp/by.ws" <<EOS
accept
expect-text
text {"success":true,"ret_msg":"","conn_id":"e2e","req_id":"1","op":"subscribe"}
text {"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":$now,"data":[{"T":$now,"s":"BTCUSDT","S":"Buy","v":"0.25","p":"64000"}]}
wait 15000
EOS
cat >"$tmp/ok.ws" <<EOS
accept
expect-text
text {"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"e2e"}
wait 1500
text {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"63000","ccy":"","posSide":"long","side":"sell","sz":"100","ts":"$now"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}
wait 15000
EOS
for w in bn by ok; do
    "$BUILD/tests/mockws" --port 0 --log "$tmp/$w.log" --script "$tmp/$w.ws" >"$tmp/$w.port" &
    pids="$pids $!"
done
i=0
while [ $i -lt 50 ]; do
    [ -s "$tmp/mx.port" ] && [ -s "$tmp/bn.port" ] && [ -s "$tmp/by.port" ] && [ -s "$tmp/ok.port" ] && break
    sleep 0.1; i=$((i + 1))
done
mx=$(cat "$tmp/mx.port")
wsport() { sed -n 's/^PORT //p' "$tmp/$1.port"; }
ENDPOINTS=""
for v in binance bybit okx gate hyperliquid feargreed coingecko; do
    ENDPOINTS="$ENDPOINTS --endpoint $v=http://127.0.0.1:$mx"
done
ENDPOINTS="$ENDPOINTS --endpoint binance_ws=ws://127.0.0.1:$(wsport bn)"
ENDPOINTS="$ENDPOINTS --endpoint bybit_ws=ws://127.0.0.1:$(wsport by)"
ENDPOINTS="$ENDPOINTS --endpoint okx_ws=ws://127.0.0.1:$(wsport ok)"

# ---- 1. the fixtures' numbers -------------------------------------------
# shellcheck disable=SC2086
"$LIQTOP" $ENDPOINTS --symbols BTC --record "$tmp/j.ndjson" --once --json --duration 3 \
    >"$tmp/live.json" 2>"$tmp/live.err" || fail "live --once exited $? ($(cat "$tmp/live.err"))"

python3 - "$tmp/live.json" "$tmp/fx" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1])); fx = sys.argv[2]
def load(p): return json.load(open(f"{fx}/{p}"))
def close(a, b, what):
    assert a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b)), f"{what}: got {a}, want {b}"
btc = next(s for s in d["symbols"] if s["symbol"] == "BTC")
v = btc["venues"]
pi = next(x for x in load("binance/premiumIndex.json") if x["symbol"] == "BTCUSDT")
close(v["binance"]["mark"], float(pi["markPrice"]), "binance mark")
close(v["binance"]["funding"], float(pi["lastFundingRate"]), "binance funding")
t24 = next(x for x in load("binance/24hr.json") if x["symbol"] == "BTCUSDT")
close(v["binance"]["price"], float(t24["lastPrice"]), "binance price")
oi = load("binance/openInterest.json")
close(v["binance"]["oi_usd"], float(oi["openInterest"]) * float(pi["markPrice"]), "binance oi_usd")
by = next(x for x in load("bybit/tickers.json")["result"]["list"] if x["symbol"] == "BTCUSDT")
close(v["bybit"]["price"], float(by["lastPrice"]), "bybit price")
close(v["bybit"]["mark"], float(by["markPrice"]), "bybit mark")
close(v["bybit"]["funding"], float(by["fundingRate"]), "bybit funding")
close(v["bybit"]["oi_usd"], float(by.get("singleOpenInterestValue") or by["openInterestValue"]), "bybit oi_usd")
ok_mark = next(x for x in load("okx/mark-price.json")["data"] if x["instId"] == "BTC-USDT-SWAP")
close(v["okx"]["mark"], float(ok_mark["markPx"]), "okx mark")
ok_oi = next(x for x in load("okx/open-interest.json")["data"] if x["instId"] == "BTC-USDT-SWAP")
close(v["okx"]["oi_usd"], float(ok_oi["oiUsd"]), "okx oi_usd")
ok_f = next(x for x in load("okx/funding-rate.json")["data"] if x["instId"] == "BTC-USDT-SWAP")
close(v["okx"]["funding"], float(ok_f["fundingRate"]), "okx funding")
gt = next(x for x in load("gate/tickers.json") if x["contract"] == "BTC_USDT")
close(v["gate"]["mark"], float(gt["mark_price"]), "gate mark")
close(v["gate"]["funding"], float(gt["funding_rate"]), "gate funding")
meta, ctxs = load("hyperliquid/metaAndAssetCtxs.json")
i = [u["name"] for u in meta["universe"]].index("BTC")
close(v["hyperliquid"]["mark"], float(ctxs[i]["markPx"]), "hyperliquid mark")
close(v["hyperliquid"]["oi_usd"], float(ctxs[i]["openInterest"]) * float(ctxs[i]["markPx"]), "hyperliquid oi_usd")
close(v["hyperliquid"]["funding"], float(ctxs[i]["funding"]), "hyperliquid funding")
fng = load("feargreed/fng.json")["data"][0]
assert d["fear_greed"] == {"value": int(fng["value"]), "label": fng["value_classification"]}, d["fear_greed"]
cg = load("coingecko/global.json")["data"]
close(d["market_cap"]["usd"], float(cg["total_market_cap"]["usd"]), "market cap")
close(d["market_cap"]["change_24h_pct"], float(cg["market_cap_change_percentage_24h_usd"]), "market cap change")

# liquidations, per venue and side (long = a long was liquidated)
ct = next(float(x["ctVal"]) for x in load("okx/instruments.json")["data"] if x["instId"] == "BTC-USDT-SWAP")
want = {"okx": [0.0, 0.0], "gate": [0.0, 0.0], "binance": [0.0, 0.0], "bybit": [0.0, 0.0]}
seen = set()
for e in load("okx/liquidation-orders.json")["data"]:
    for x in e["details"]:
        key = (x["ts"], x["sz"], x["bkPx"])
        if key in seen: continue
        seen.add(key)
        want["okx"][0 if x["side"] == "sell" else 1] += float(x["sz"]) * ct * float(x["bkPx"])
want["okx"][0] += 100 * ct * 63000          # the okx_ws message
q = next(float(x["quanto_multiplier"]) for x in load("gate/contracts.json") if x["name"] == "BTC_USDT")
for e in load("gate/liq_orders.json"):
    if e["contract"] != "BTC_USDT": continue
    o = float(e["order_size"]); px = float(e["fill_price"]) or float(e["order_price"])
    want["gate"][1 if o > 0 else 0] += abs(o) * q * px
want["binance"] = [0.5 * 60000, 0.1 * 64100]   # binance_ws: SELL = long liquidated
want["bybit"] = [0.25 * 64000, 0.0]            # bybit_ws: Buy = long liquidated
for venue, (lo, sh) in want.items():
    got = v[venue]["liquidations"]["24h"]
    close(got["long_usd"], lo, f"{venue} long liquidations")
    close(got["short_usd"], sh, f"{venue} short liquidations")
    assert v[venue]["liquidation_source"] == "reported", f"{venue} liquidations not reported"
total = btc["liquidations"]["24h"]
close(total["long_usd"] + total["short_usd"], sum(a + b for a, b in want.values()) + 0.0
      + v["hyperliquid"]["liquidations"]["24h"]["long_usd"] + v["hyperliquid"]["liquidations"]["24h"]["short_usd"],
      "all venues")
states = {s["venue"]: s["state"] for s in d["sources"]}
for name in ("binance", "bybit", "okx", "gate", "hyperliquid", "feargreed", "coingecko",
             "binance_ws", "bybit_ws", "okx_ws"):
    assert states[name] == "ok", f"{name} is {states[name]}"
print("fixture numbers ok")
PY

# ---- 2. record, then replay gives the same state -------------------------
[ -s "$tmp/j.ndjson" ] || fail "nothing recorded"
"$LIQTOP" --replay "$tmp/j.ndjson" --symbols BTC --once --json >"$tmp/replay.json" 2>"$tmp/replay.err" ||
    fail "replay exited $? ($(cat "$tmp/replay.err"))"
python3 - "$tmp/live.json" "$tmp/replay.json" <<'PY' || exit 1
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def strip(d):
    # what only a live process knows: its clock at exit and request latencies
    d = dict(d); d.pop("t"); d.pop("mode")
    d["sources"] = [{k: s[k] for k in ("venue", "state", "last_error")} for s in d["sources"]]
    return d
sa, sb = strip(a), strip(b)
for k in sa:
    assert sa[k] == sb[k], f"replay differs in {k}:\n live   {json.dumps(sa[k])[:400]}\n replay {json.dumps(sb[k])[:400]}"
print("replay matches the live state")
PY

# ---- 3. one faulty endpoint marks only its source down -------------------

python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" \
        "http://127.0.0.1:$mx/_mock/fault?route=/fapi/v1/premiumIndex&mode=500"
# shellcheck disable=SC2086
"$LIQTOP" $ENDPOINTS --symbols BTC --once --json >"$tmp/fault.json" 2>/dev/null || fail "fault run exited $?"
python3 - "$tmp/fault.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["venue"]: x for x in d["sources"]}
assert s["binance"]["state"] == "down", s["binance"]
assert "premiumIndex" in s["binance"]["last_error"] and "500" in s["binance"]["last_error"], s["binance"]
for name in ("bybit", "okx", "gate", "hyperliquid", "feargreed", "coingecko"):
    assert s[name]["state"] == "ok", s[name]
btc = d["symbols"][0]
assert btc["venues"]["bybit"]["mark"] is not None, "the others must keep working"
print("only binance down:", s["binance"]["last_error"])
PY
python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" \
    "http://127.0.0.1:$mx/_mock/fault?route=/fapi/v1/premiumIndex&mode=ok"

# ---- 4. headless: down, then up after the fault clears -------------------
python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" \
    "http://127.0.0.1:$mx/_mock/fault?route=/v5/market/tickers&mode=503"
# shellcheck disable=SC2086
"$LIQTOP" $ENDPOINTS --symbols BTC --headless --interval 1 --duration 25 >"$tmp/headless.ndjson" 2>/dev/null &
hl=$!
pids="$pids $hl"
i=0
while [ $i -lt 100 ] && ! grep -q '"kind":"source_down".*"venue":"bybit"' "$tmp/headless.ndjson"; do
    sleep 0.1; i=$((i + 1))
done
grep -q '"kind":"source_down".*"venue":"bybit"' "$tmp/headless.ndjson" || fail "no source_down for bybit"
python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" \
    "http://127.0.0.1:$mx/_mock/fault?route=/v5/market/tickers&mode=ok"
i=0
while [ $i -lt 150 ] && ! grep -q '"kind":"source_up".*"venue":"bybit"' "$tmp/headless.ndjson"; do
    sleep 0.1; i=$((i + 1))
done
grep -q '"kind":"source_up".*"venue":"bybit"' "$tmp/headless.ndjson" || fail "bybit did not recover within 15 s"
kill "$hl" 2>/dev/null
wait "$hl" 2>/dev/null
# the stream mocks have finished their scripts by now: only REST sources count
grep '"kind":"source_down"' "$tmp/headless.ndjson" | grep -v '_ws"' | grep -c . | grep -qx 1 ||
    { cat "$tmp/headless.ndjson"; fail "only bybit should have gone down"; }
echo ok
