/* sim: the built-in simulated market behind `liqtop --demo`.
 *
 * Not a script of prices: a population of leveraged positions (2x..100x,
 * heavy-tailed sizes) with liquidation prices computed as an exchange does
 * from leverage and a maintenance-margin rate. Price moves by a random walk
 * with volatility regimes plus the impact of market orders over a book whose
 * depth thins when price falls fast. A position whose liquidation price is
 * crossed is force-closed with a market order, which moves price, which can
 * liquidate the next layer: the waterfall comes out of the mechanism. OI is
 * the sum of open positions; funding follows the premium; new positions keep
 * opening, so leverage rebuilds after a flush. A seeded shock (a large market
 * sell) early in the run pushes BTC through a support level visible in the
 * generated candle history.
 *
 * The simulator publishes what real venues would: per venue tickers (price,
 * mark, OI, funding), depth, liquidations (none for hyperliquid, which has no
 * public feed), the current 1h candle; plus Fear & Greed and total market cap.
 * Deterministic for a given seed and sequence of sim_advance times; reads no
 * clock. */
#ifndef LIQTOP_SIM_H
#define LIQTOP_SIM_H

#include "liqtop/record.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

struct sim_cfg {
    uint64_t seed;
    double shock_after_s; /* market seconds after start when the shock sell hits BTC */
    int history_hours;    /* 1h candles generated before the start */
    double step_ms;       /* internal step of the market model */
};

void sim_cfg_default(struct sim_cfg *cfg);

struct sim;

/* Symbols are canonical; BTC, ETH, SOL, XRP, DOGE have realistic prices and
 * volatilities, any other symbol gets generic ones. NULL on out of memory. */
struct sim *sim_new(const struct sim_cfg *cfg, const char *const *syms, size_t n,
                    int64_t start_ms);
void sim_free(struct sim *s);

/* History known at start: 1h candles (cfg.history_hours, with support levels
 * from earlier bounces), plus OI and price history points for the last day.
 * out is indexed by enum venue_id. */
int sim_history(struct sim *s, struct recs out[VENUE_COUNT]);

/* Advance the market to now_ms (> the previous time) and append what each
 * venue publishes into out[venue] (indexed by enum venue_id; the caller
 * clears them). Returns 0, or -1 on out of memory. */
int sim_advance(struct sim *s, int64_t now_ms, struct recs out[VENUE_COUNT]);

/* Introspection for tests and the debug view. */
struct sim_asset_stats {
    double price;            /* the simulator's true price */
    double oi_usd;           /* sum over open positions of size x price */
    double oi_usd_published; /* sum of what the venues last published */
    uint64_t positions_open;
    uint64_t liquidations;        /* positions force-closed so far */
    double liquidated_long_usd;   /* notional of longs force-closed so far */
    double liquidated_short_usd;
};
int sim_asset_stats(const struct sim *s, const char *sym, struct sim_asset_stats *out);
int64_t sim_now(const struct sim *s);

#endif
