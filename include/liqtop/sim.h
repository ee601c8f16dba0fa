/* sim: the built-in simulated market behind `liqtop --demo`.
 *
 * Not a script of prices: a population of leveraged positions (2x..100x,
 * heavy-tailed sizes, 45/22/18/7/8 % on binance/bybit/okx/gate/hyperliquid)
 * with liquidation prices computed as an exchange does from leverage and a
 * maintenance-margin rate. Price moves by a random walk with volatility
 * regimes plus the impact of market orders over a book whose depth thins
 * when price falls fast and refills with time. A position whose liquidation
 * price is crossed is force-closed by a liquidation engine that sells into
 * the book in bursts (pausing while the book refills), which moves price,
 * which liquidates the next layer: the waterfall, in waves, comes out of the
 * mechanism. OI is the sum of open positions; funding follows the premium;
 * new positions keep opening, more after a flush, so leverage rebuilds while
 * a calmer market goes nowhere. A seeded shock (a market sell) early in the
 * run pushes BTC through the support visible in the generated candle history.
 *
 * The simulator publishes what real venues would: per venue tickers (price,
 * mark, index, OI, funding, 24 h change, long/short account ratio), depth,
 * liquidations (none for hyperliquid, which has no public feed), the 1h
 * candle (binance); plus Fear & Greed and total market cap. Deterministic for
 * a given seed and start, whatever the sequence of sim_advance times; reads
 * no clock, holds no global state. Cost: 6 market hours of 5 assets in about
 * 0.3 s (tests/test_sim.c prints the figure). */
#ifndef LIQTOP_SIM_H
#define LIQTOP_SIM_H

#include "liqtop/record.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

struct sim_cfg {
    uint64_t seed;
    double shock_after_s; /* market seconds after start when the shock sell hits BTC
                           * (the first asset without BTC); < 0: no shock */
    int history_hours;    /* 1h candles generated before the start (48..2000) */
    double step_ms;       /* internal step of the market model: a whole number of ms
                           * dividing 1000, else 250 is used */
};

/* seed 7, shock after 18 s, 500 h of history, 250 ms steps. */
void sim_cfg_default(struct sim_cfg *cfg);

struct sim;

/* Symbols are canonical; BTC, ETH, SOL, XRP, DOGE have realistic prices and
 * volatilities (alts follow BTC with a beta), any other symbol gets generic
 * ones; duplicates and empty names are dropped. start_ms is the market time
 * the run starts at (the demo passes a fixed epoch so runs are reproducible).
 * Builds the history and the positions open at the start (a few MB per
 * asset, owned by the sim). NULL on out of memory, or if cfg is NULL or
 * syms is NULL with n > 0. */
struct sim *sim_new(const struct sim_cfg *cfg, const char *const *syms, size_t n,
                    int64_t start_ms);
void sim_free(struct sim *s);

/* History known at start: 1h candles (cfg.history_hours, with support levels
 * from earlier bounces) for binance, plus OI, price and long/short ratio
 * points (rec_point, every 5 min for the last day) for each market venue,
 * then what every venue shows at the start (tickers, depth, the current
 * candle, Fear & Greed, market cap), all stamped at or before start_ms.
 * out is indexed by enum venue_id; the caller clears it. Only the first call
 * produces anything; it does not change the run that follows. */
int sim_history(struct sim *s, struct recs out[VENUE_COUNT]);

/* Advance the market to now_ms and append what each venue publishes into
 * out[venue] (indexed by enum venue_id; the caller clears them). A time not
 * after the previous one does nothing. Records carry their own market time
 * (t_ms) on the publication grid: tickers every 1 s, depth every 5 s, the
 * 1h candle (binance) and market cap every 60 s, Fear & Greed every 10 min,
 * liquidations when they happen (none for hyperliquid, which has no public
 * feed). The records do not depend on how time is chunked; a caller that
 * stamps snapshots with now_ms should advance in steps of 1 s or less.
 * Returns 0, or -1 on out of memory (records may then be missing). */
int sim_advance(struct sim *s, int64_t now_ms, struct recs out[VENUE_COUNT]);

/* Introspection for tests and the debug view. */
struct sim_asset_stats {
    double price;            /* the simulator's true (trade) price */
    double mark;             /* mark price, before venue differences */
    double oi_usd;           /* sum over open positions of size x price */
    double oi_usd_published; /* sum of what the venues last published (at their mark);
                              * NAN before the first publication */
    double oi_base;          /* sum over open positions of size, base units */
    double oi_base_published;
    uint64_t positions_open;
    uint64_t liquidations;        /* positions force-closed so far */
    uint64_t liquidations_unpublished; /* of which on hyperliquid (no public feed) */
    double liquidated_long_usd;   /* notional of longs force-closed so far */
    double liquidated_short_usd;
    double support;          /* the support level S the history bounced from */
    double funding;          /* per 8 h, fraction */
    double depth_bid_usd;    /* USD within 1 % under mid, all venues */
};
/* 0, or -1 when the symbol is not simulated. */
int sim_asset_stats(const struct sim *s, const char *sym, struct sim_asset_stats *out);
/* The last time advanced to (start_ms before the first advance). */
int64_t sim_now(const struct sim *s);
/* Consistency of one asset's positions (for tests): 0 when every open
 * position is in its trigger heap in order, every position being liquidated
 * is queued exactly once, and counts and sums agree; -1 otherwise. */
int sim_check(const struct sim *s, const char *sym);

#endif
