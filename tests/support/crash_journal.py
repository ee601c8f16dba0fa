#!/usr/bin/env python3
"""Write a journal (liqtop --record format) of a sharp BTC drop, for replay tests.

Deterministic: the same bytes on every run. Bodies are shaped exactly as the
venues send them (see tests/fixtures/README.md for the doc pages):
  binance klines            GET /fapi/v1/klines (array of 12-element arrays, strings)
  binance premiumIndex      GET /fapi/v1/premiumIndex (all symbols, strings, ms)
  binance openInterest      GET /fapi/v1/openInterest?symbol=BTCUSDT
  binance_ws forceOrder     !forceOrder@arr stream messages (S=SELL: a long liquidated)

The story, modelled on 2025-10-10 (numbers are our own): BTC ranges above a
support zone near 110,000 that held three times in the last two weeks; an
hour into the journal it breaks, and forced sells take it down in three steps
(each a burst of liquidations, a lower low, a pause); OI falls 12 %; price
then steadies near 108,000.

usage: crash_journal.py OUT.ndjson
"""
import json
import random
import sys

T0 = 1760112000000          # 2025-10-10 16:00:00 UTC
STEP = 5000                 # polling cadence, ms
HOURS = 3


def line(t, venue, kind, body, symbol=None):
    d = {"t": t, "venue": venue, "kind": kind, "status": 200,
         "body": json.dumps(body, separators=(",", ":"))}
    if symbol:
        d["symbol"] = symbol
    return json.dumps(d, separators=(",", ":"))


def klines(rng):
    """500 closed 1h candles ending at T0, with pivot lows at the support."""
    rows, price = [], 116000.0
    support_hours = {500 - 300, 500 - 200, 500 - 90}   # bounces off ~110,000
    for i in range(500):
        t = T0 - (500 - i) * 3600000
        o = price
        if i in support_hours:
            low = 110000 + rng.uniform(-60, 60)
            c = low + 900
            h = max(o, c) + 150
        else:
            drift = (113500 - price) * 0.04 + rng.gauss(0, 350)
            c = max(price + drift, 110600 + rng.uniform(0, 300))
            h = max(o, c) + abs(rng.gauss(0, 120))
            low = min(o, c) - abs(rng.gauss(0, 120))
            low = max(low, 110450 + rng.uniform(0, 100))
        price = c
        vol = 900 + rng.uniform(0, 600)
        rows.append([t, f"{o:.1f}", f"{h:.1f}", f"{low:.1f}", f"{c:.1f}", f"{vol:.3f}",
                     t + 3599999, f"{vol * c:.2f}", 40000, f"{vol / 2:.3f}",
                     f"{vol * c / 2:.2f}", "0"])
    return rows, price


def price_at(s, base):
    """Price path by second: range, the three-step waterfall, the drift after."""
    if s < 3600:
        return base
    steps = [(3600, 3690, base, 109300), (3690, 3810, 109300, 109600),
             (3810, 3900, 109600, 108100), (3900, 4020, 108100, 108500),
             (4020, 4110, 108500, 106900), (4110, 4400, 106900, 107800)]
    for a, b, pa, pb in steps:
        if a <= s < b:
            return pa + (pb - pa) * (s - a) / (b - a)
    return 107800.0


def main():
    rng = random.Random(20251010)
    rows, last_close = klines(rng)
    base = 112800.0
    out = [line(T0, "binance", "klines", rows, "BTC")]
    oi = 92000.0
    for k in range(HOURS * 3600 * 1000 // STEP):
        t = T0 + k * STEP
        s = k * STEP // 1000
        p = price_at(s, base) + rng.gauss(0, 25)
        mark = round(p, 1)
        # OI falls with each forced sell, rebuilds slowly later
        if 3600 <= s < 4110:
            oi *= 0.9988 if (s % 210) < 90 else 1.0
        elif s >= 4400:
            oi *= 1.00004
        funding = 0.0001 if s < 3600 else -0.00005
        pi = [{"symbol": "BTCUSDT", "markPrice": f"{mark:.1f}", "indexPrice": f"{mark - 3:.1f}",
               "estimatedSettlePrice": f"{mark:.1f}", "lastFundingRate": f"{funding:.8f}",
               "interestRate": "0.00010000", "nextFundingTime": T0 + 8 * 3600000,
               "time": t},
              {"symbol": "ETHUSDT", "markPrice": "4010.10", "indexPrice": "4009.50",
               "estimatedSettlePrice": "4010.10", "lastFundingRate": "0.00010000",
               "interestRate": "0.00010000", "nextFundingTime": T0 + 8 * 3600000,
               "time": t}]
        out.append(line(t, "binance", "premiumIndex", pi))
        out.append(line(t + 40, "binance", "openInterest",
                        {"symbol": "BTCUSDT", "openInterest": f"{oi:.3f}", "time": t}, "BTC"))
        # liquidations: a trickle always, bursts while price steps down
        bursting = 3600 <= s < 4110 and (s % 210) < 90
        n = 2 if bursting else (1 if k % 24 == 0 else 0)
        for j in range(n):
            qty = round((2 + rng.uniform(0, 6)) if bursting else rng.uniform(0.05, 0.4), 3)
            tt = t + 100 + j * 700
            msg = {"e": "forceOrder", "E": tt, "o": {
                "s": "BTCUSDT", "S": "SELL", "o": "LIMIT", "f": "IOC", "q": f"{qty}",
                "p": f"{mark - 50:.1f}", "ap": f"{mark - 20:.1f}", "X": "FILLED",
                "l": f"{qty}", "z": f"{qty}", "T": tt}}
            out.append(json.dumps({"t": tt, "venue": "binance_ws", "kind": "forceOrder",
                                   "status": 200,
                                   "body": json.dumps(msg, separators=(",", ":"))},
                                  separators=(",", ":")))
    out.sort(key=lambda l: json.loads(l)["t"])   # arrival order
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
