/* estimate: liquidations inferred where a venue does not report them.
 *
 * For a venue with OI but no working liquidation feed (hyperliquid, which
 * has none; binance or bybit while their WebSocket is down), forced closes
 * show up as OI falling during an adverse price move: OI down while price
 * falls means longs were closed; while price rises, shorts. Every step_s of
 * model time the estimator compares the venue's OI in coins (oi_base, else
 * oi_usd / price, so a price move alone is no OI change) and price with the
 * previous step; when OI fell by at least min_oi_drop_pct and price moved at
 * least min_move_pct against the side, it writes share x the OI drop (USD)
 * to the store with store_add_liq(..., estimated = 1), so the figure is
 * flagged estimated everywhere it is summed or shown.
 *
 * A venue is skipped while its liquidations are reported: liq_origin is
 * REPORTED and either one of its reported (not estimated) liquidations is
 * younger than reported_recent_min or its liquidation stream (binance_ws,
 * bybit_ws, okx_ws) is healthy. Pure: store and now in, store_add_liq out. */
#ifndef LIQTOP_ESTIMATE_H
#define LIQTOP_ESTIMATE_H

#include "liqtop/store.h"

#include <stdint.h>

struct estimate_cfg {
    int enable;
    double step_s;            /* comparison step, s */
    double min_oi_drop_pct;   /* OI (coins) drop within one step, % */
    double min_move_pct;      /* adverse price move within the same step, % */
    double share;             /* fraction of the OI drop counted as forced closes */
    double reported_recent_min; /* a reported liquidation this recent means the feed works */
};

void estimate_cfg_default(struct estimate_cfg *cfg);

/* Per asset and venue. */
struct estimate_venue {
    int64_t step;        /* index of the step last sampled (t / step_ms), -1 if none */
    double oi_coins, px; /* at that step */
    int active;          /* estimating now (the venue is not reported) */
    double usd_total;    /* estimated so far, USD */
};

struct estimate_asset {
    struct estimate_venue v[VENUE_MARKET_COUNT];
};

void estimate_asset_init(struct estimate_asset *e);

/* 1 if venue's liquidations count as reported at now_ms. last_reported_ms
 * is the time of the venue's newest reported liquidation on any asset (0 if
 * none seen). */
int estimate_venue_reported(const struct store *s, const struct estimate_cfg *cfg,
                            enum venue_id venue, int64_t last_reported_ms, int64_t now_ms);

/* Run one asset. reported[v] is estimate_venue_reported for each venue.
 * Returns the number of estimated liquidations written. */
int estimate_run(struct store *s, const struct estimate_cfg *cfg, int ai,
                 struct estimate_asset *e, const int reported[VENUE_MARKET_COUNT], int64_t now_ms);

#endif
