#!/bin/sh
# The demo end to end, headless: six simulated hours with seed 7 print, for
# BTC, a support_break, then a liq_cascade, and later an oi_divergence, in
# that order, each once per episode; the same seed gives the same bytes; the
# lines are the fixed NDJSON format; nothing else reaches stdout.
set -u
out=$BUILD/test-tmp/demo_headless
mkdir -p "$out"
"$LIQTOP" --demo --seed 7 --headless --speed max --duration 21600 >"$out/a.ndjson" 2>"$out/a.err" || {
    echo "FAIL: exit status $?"; cat "$out/a.err"; exit 1; }
"$LIQTOP" --demo --seed 7 --headless --speed max --duration 21600 >"$out/b.ndjson" 2>/dev/null
cmp -s "$out/a.ndjson" "$out/b.ndjson" || { echo "FAIL: same seed, different output"; exit 1; }
[ -s "$out/a.err" ] && { echo "FAIL: diagnostics on stderr:"; cat "$out/a.err"; exit 1; }

python3 - "$out/a.ndjson" <<'PY' || exit 1
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no alerts at all"
keys = ["t", "kind", "severity", "symbol", "venue", "value", "threshold", "msg"]
for n, l in enumerate(lines, 1):
    a = json.loads(l)
    assert list(a.keys()) == keys, f"line {n}: keys {list(a.keys())}"
    assert a["severity"] in ("info", "warn", "crit"), f"line {n}: severity"
    assert isinstance(a["t"], int) and a["t"] >= 1767225600000, f"line {n}: t"
btc = [json.loads(l) for l in lines if json.loads(l)["symbol"] == "BTC"]
kinds = [a["kind"] for a in btc]
print("BTC alerts:", ", ".join(f'{a["kind"]}@{(a["t"]-1767225600000)//1000}s' for a in btc))
for k in ("support_break", "liq_cascade", "oi_divergence"):
    assert kinds.count(k) == 1, f"{k} printed {kinds.count(k)} times for BTC (want once per episode)"
i = [kinds.index(k) for k in ("support_break", "liq_cascade", "oi_divergence")]
assert i == sorted(i), f"order was {kinds}"
t = {a["kind"]: a["t"] for a in btc}
assert t["support_break"] - 1767225600000 < 60000, "support break not within the first minute"
assert t["oi_divergence"] - t["liq_cascade"] > 3600000, "oi_divergence should come hours later"
PY
echo ok
