#!/bin/sh
# Replay end to end: a journal of real-shaped bodies through a sharp drop
# (tests/support/crash_journal.py) gives the same alerts at the same times on
# every run, at any speed; the break of support comes before the cascade; a
# bad line is reported with its number on stderr and skipped.
set -u
: "${LIQTOP:?}" "${BUILD:?}"
tmp="$BUILD/test-tmp/replay_crash"
rm -rf "$tmp"; mkdir -p "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
python3 tests/support/crash_journal.py "$tmp/j.ndjson" || fail "cannot write the journal"

"$LIQTOP" --replay "$tmp/j.ndjson" --speed max --headless --symbols BTC >"$tmp/a" 2>"$tmp/a.err" ||
    fail "replay exited $?"
"$LIQTOP" --replay "$tmp/j.ndjson" --speed max --headless --symbols BTC >"$tmp/b" 2>/dev/null
cmp -s "$tmp/a" "$tmp/b" || fail "two replays differ"
# in (scaled) real time the model clock still comes from the journal
"$LIQTOP" --replay "$tmp/j.ndjson" --speed 2500 --headless --symbols BTC >"$tmp/c" 2>/dev/null
cmp -s "$tmp/a" "$tmp/c" || { diff "$tmp/a" "$tmp/c" | head; fail "--speed 2500 differs from --speed max"; }
[ -s "$tmp/a.err" ] && fail "unexpected diagnostics: $(cat "$tmp/a.err")"

python3 - "$tmp/a" <<'PY' || exit 1
import json, sys
al = [json.loads(l) for l in open(sys.argv[1])]
btc = [a for a in al if a["symbol"] == "BTC"]
kinds = [a["kind"] for a in btc]
print("BTC:", ", ".join(f'{a["kind"]}@{(a["t"] - 1760112000000) // 1000}s' for a in btc))
assert "support_break" in kinds and "liq_cascade" in kinds, kinds
assert kinds.index("support_break") < kinds.index("liq_cascade"), kinds
brk = btc[kinds.index("support_break")]
assert 3600 <= (brk["t"] - 1760112000000) // 1000 <= 3720, "the break should be seen during the first step down"
cas = btc[kinds.index("liq_cascade")]
assert "2 waves" in cas["msg"] or "3 waves" in cas["msg"], cas["msg"]
PY

# a broken line in the middle: reported with its number, the rest replays
sed '100s/.*/{"t":oops/' "$tmp/j.ndjson" >"$tmp/bad.ndjson"
"$LIQTOP" --replay "$tmp/bad.ndjson" --speed max --headless --symbols BTC >"$tmp/d" 2>"$tmp/d.err" ||
    fail "a bad line stopped the replay"
grep -q "bad.ndjson:100:" "$tmp/d.err" || fail "bad line not reported with its number: $(cat "$tmp/d.err")"
grep -q '"kind":"liq_cascade"' "$tmp/d" || fail "the replay did not go on after the bad line"

# the state at the end, and a frame of it
"$LIQTOP" --replay "$tmp/j.ndjson" --symbols BTC --once --json >"$tmp/state.json" || fail "--once"
python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); b=d['symbols'][0]
assert d['mode']=='replay' and b['symbol']=='BTC' and 107000<b['price']<109000, b['price']
assert b['liquidations']['24h']['long_count'] > 0 and b['venues']['binance']['liquidation_source']=='reported'
" "$tmp/state.json" || fail "state after replay"
"$LIQTOP" --replay "$tmp/j.ndjson" --symbols BTC --dump-frame 120x30 >"$tmp/frame.txt" || fail "--dump-frame"
grep -q "REPLAY" "$tmp/frame.txt" && grep -q "BTC" "$tmp/frame.txt" || { cat "$tmp/frame.txt"; fail "frame"; }
echo ok
