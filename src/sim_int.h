/* sim_int: what the sim_*.c files share. Not a public header: only the
 * simulator's own files include it (the public face is liqtop/sim.h).
 *
 *   sim.c         the public API, the step loop and what venues publish
 *   sim_market.c  one asset's market: price, book, flows, positions opening,
 *                 closing and being liquidated, funding
 *   sim_pos.c     the position pool and its trigger heaps
 *   sim_hist.c    the candle history before the start, and the initial
 *                 population of positions that survived it
 *   sim_rng.c     the random number generator
 *
 * Units everywhere: prices USD, quantities base units, notionals USD, times
 * ms of market time (int64_t) or s (double, durations), rates as fractions. */
#ifndef LIQTOP_SIM_INT_H
#define LIQTOP_SIM_INT_H

#include "liqtop/record.h"
#include "liqtop/sim.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

/* ---- random numbers (sim_rng.c) -------------------------------------- */

/* xoshiro256** seeded through splitmix64: fast, good, and the same on every
 * platform. Each asset has its own stream (seed, symbol) so adding an asset
 * does not change another asset's run. */
struct sim_rng {
    uint64_t s[4];
};

void sim_rng_seed(struct sim_rng *r, uint64_t seed, uint64_t stream);
uint64_t sim_rng_u64(struct sim_rng *r);
double sim_rng_unif(struct sim_rng *r);                 /* [0, 1) */
double sim_rng_range(struct sim_rng *r, double lo, double hi);
double sim_rng_norm(struct sim_rng *r);                 /* standard normal */
double sim_rng_exp(struct sim_rng *r);                  /* mean 1 */
uint32_t sim_rng_poisson(struct sim_rng *r, double mean); /* mean small (< 30) */
/* Pareto (heavy tail) with minimum xm and tail index alpha, capped at cap. */
double sim_rng_pareto(struct sim_rng *r, double xm, double alpha, double cap);
uint64_t sim_hash(const char *s);

/* ---- positions (sim_pos.c) -------------------------------------------- */

enum { SIM_LONG = 0, SIM_SHORT = 1 };
enum sim_pos_state { POS_FREE = 0, POS_OPEN, POS_PENDING };

/* One leveraged position (isolated margin, linear USDT contract). */
struct sim_pos {
    double qty;     /* base units, > 0 */
    double entry;   /* USD */
    double liq;     /* liquidation price, see sim_liq_price */
    double trigger; /* price that closes it first: liq, or a stop loss before it */
    uint32_t heap;  /* index in its side's heap; UINT32_MAX when not in one */
    uint8_t side;   /* SIM_LONG / SIM_SHORT */
    uint8_t venue;  /* enum venue_id, a market venue */
    uint8_t lev;    /* leverage, 2..100 */
    uint8_t state;  /* enum sim_pos_state */
    uint8_t stop;   /* trigger is a stop loss (a normal close), not the liquidation */
};

/* The positions of one asset. Open positions sit in one heap per side keyed
 * by trigger price, the nearest to being hit on top (longs: highest trigger;
 * shorts: lowest), so a liquidation check is a peek and each hit a pop. */
struct sim_pop {
    struct sim_pos *pos; /* slots; cap of them */
    uint32_t cap, used;  /* used: slots ever handed out (the rest never touched) */
    uint32_t *free_list;
    uint32_t n_free;
    uint32_t *heap[2];
    uint32_t heap_n[2];
    uint32_t open;         /* OPEN + PENDING positions */
    uint32_t count[VENUE_MARKET_COUNT][2]; /* open positions per venue and side */
    double qty[VENUE_MARKET_COUNT][2];     /* base units, running sums */
    double notional0;      /* sum of qty x entry, all open positions */
};

/* Liquidation price of an isolated-margin position in a linear (USDT-margined)
 * contract, as Binance/Bybit compute it when fees are ignored:
 *   long:  liq = entry * (1 - 1/lev + mmr)
 *   short: liq = entry * (1 + 1/lev - mmr)
 * i.e. the price at which the initial margin (1/lev of the notional) has been
 * lost down to the maintenance margin (mmr, a fraction of the notional). */
double sim_liq_price(int side, double entry, double lev, double mmr);

int sim_pop_init(struct sim_pop *p, uint32_t cap);
void sim_pop_done(struct sim_pop *p);
/* Add an open position (copied); returns its slot, or -1 on out of memory. */
int64_t sim_pop_add(struct sim_pop *p, const struct sim_pos *pos);
/* Take a position out for good (closed or liquidated): heap, sums, slot. */
void sim_pop_remove(struct sim_pop *p, uint32_t slot);
/* The open position nearest to its trigger on one side, or -1. */
int64_t sim_pop_top(const struct sim_pop *p, int side);
/* Take the top out of its heap and mark it PENDING (its close is queued);
 * it still counts in OI until sim_pop_remove. */
void sim_pop_take_top(struct sim_pop *p, int side);
/* Recompute the running sums from the slots (they drift by rounding). */
void sim_pop_resum(struct sim_pop *p);
/* 0 if every invariant holds (heap order and indexes, counts, sums). */
int sim_pop_check(const struct sim_pop *p);

/* ---- assets ----------------------------------------------------------- */

/* Fixed parameters of an asset. */
struct sim_params {
    const char *sym;
    double price;    /* USD at the start */
    double vol_h;    /* hourly volatility of log price, normal regime */
    double beta;     /* to the leader's (BTC's) moves */
    double oi_usd;   /* open interest at the start, all venues */
    double depth;    /* USD resting per 1 % from mid, all venues, full book */
    double supply;   /* circulating supply, for the market cap */
    double mmr;      /* maintenance margin rate, fraction */
    int max_lev;
    int n_pos;       /* rough number of open positions at the start */
};

/* A queued forced close (liquidation or stop), executed at t_ms. */
struct sim_exec {
    int64_t t_ms;
    uint32_t slot;
};

/* FIFO ring of forced closes. */
struct sim_queue {
    struct sim_exec *v;
    uint32_t head, len, cap;
};
int sim_queue_push(struct sim_queue *q, int64_t t_ms, uint32_t slot);
const struct sim_exec *sim_queue_at(const struct sim_queue *q, uint32_t i); /* 0 = oldest */
void sim_queue_pop(struct sim_queue *q);

#define SIM_HIST_MAX 2000   /* candles of history held */
#define SIM_RING24 289      /* 5-min samples covering 24 h (+1) */

struct sim_candle {
    int64_t t_ms;
    double open, high, low, close, volume;
};

struct sim_asset {
    struct sim_params prm;
    char sym[SYM_MAX];
    struct sim_rng rng;   /* market dynamics */
    struct sim_rng hrng;  /* history and initial population */

    /* price: p = exp(lf + tr) */
    double lf;        /* log of the efficient price */
    double tr;        /* transient impact (log), decays as liquidity comes back */
    double anchor;    /* log value level the price reverts to, slowly following it */
    double home;      /* log price at the start (the guard rail below is relative to it) */
    double p;         /* trade price now */
    double ret;       /* log return of the last step (the leader's drives the alts) */
    double h[2];      /* book fullness, [HMIN, 1]: [0] bids, [1] asks */
    double presence;  /* market makers quoting, [PRESENCE_MIN, 1]: falls when price runs */
    double prem;      /* perp premium over index (fraction) */
    double prem_ema;  /* EMA of prem (30 s), for the mark */
    double fund_ema;  /* EMA of prem (10 min), for the funding rate */
    double regime;    /* log volatility regime, OU around 0 */
    double stress;    /* extra volatility after liquidations, decays */
    double flush;     /* memory of the OI flushed by liquidations (drives rebuilding) */
    double e1[2], e2[2]; /* delayed response to liquidations [side liquidated], USD/s */
    double open_base; /* USD/s of new positions that keeps OI steady */
    double pos_xm, pos_cap; /* Pareto minimum and cap of a new position's size, USD */
    double open_mean; /* mean USD of a new position */
    double idio_vol;  /* hourly volatility not explained by the leader */
    double drift;     /* log return per s, averaged over ~10 s */
    double slow;      /* log price averaged over ~5 min */
    double value;     /* log price averaged over ~30 min */
    double turnover_s; /* background USD traded per s, all venues */
    double hour_usd;  /* USD traded in the current hour */
    double vb[VENUE_MARKET_COUNT]; /* venue basis (fraction) */

    struct sim_pop pop;
    struct sim_queue liq_q;  /* liquidations waiting for the engine, in trigger order */
    struct sim_queue stop_q; /* stop losses triggered, sent at the next step */
    struct sim_exec *due;    /* scratch: forced closes executed this step */
    uint32_t cap_due;
    int engine_on[2];      /* liquidation engine working, per side liquidated */
    double load[2];        /* USD it sent lately (decaying), per side */
    double engine_max[2], engine_min[2]; /* its pause and resume loads now, x depth */

    /* shock (leader only) */
    double shock_left;   /* USD still to sell */
    double shock_rate;   /* USD per s */
    double shock_target; /* price at which the seller stops */

    /* current 1h candle */
    struct sim_candle cur;
    /* 5-min price samples for 24 h changes, ring */
    double r24[SIM_RING24];
    uint32_t r24_head;
    /* hourly traded USD, 24 h ring */
    double vol24[24];
    uint32_t vol24_head;

    /* history */
    struct sim_candle *hist;
    int n_hist;
    double support;      /* the level S the history bounced from */

    /* statistics */
    uint64_t liquidations;
    uint64_t liq_hidden; /* of which on hyperliquid (not published) */
    double liq_usd[2];
    double oi_pub_usd[VENUE_MARKET_COUNT]; /* last published, NAN before */
    double oi_pub_base[VENUE_MARKET_COUNT];
    double liq_minute_usd[2]; /* liquidated this minute (for Fear & Greed) */
};

/* sim_market.c */
void sim_params_for(const char *sym, struct sim_params *out);
/* Leverage a trader picks (discrete, as exchange sliders and habits make
 * it); size_ratio is the position's size over the minimum size. */
int sim_draw_lev(struct sim_rng *r, int max_lev, double size_ratio);
/* Mean of a Pareto(xm, ALPHA) size capped at cap. */
double sim_pareto_mean(double xm, double cap);
/* USD size of a new position on one side (uses a->pos_xm, a->pos_cap). */
double sim_new_size(struct sim_rng *r, const struct sim_asset *a, int side);
/* After the initial population: the opening rate that keeps OI steady, etc. */
void sim_asset_init_flows(struct sim_asset *a);
/* One step of dt_s ending at t_ms. lead_ret is the leader's log return this
 * step (0 for the leader itself). Liquidations go into out (NULL: dropped). */
int sim_asset_step(struct sim_asset *a, int64_t t_ms, double dt_s, double lead_ret, int leader,
                   struct recs out[VENUE_COUNT]);
/* Start a shock: sell up to `usd` at `rate` USD/s until price is at or
 * under `target`. */
void sim_asset_shock(struct sim_asset *a, double usd, double rate, double target);
/* USD per 1 % the book holds now on one side (0 bids, 1 asks), all venues. */
double sim_asset_depth(const struct sim_asset *a, int side);
double sim_asset_funding(const struct sim_asset *a); /* per 8 h, fraction */
double sim_asset_mark(const struct sim_asset *a);
double sim_asset_index(const struct sim_asset *a);
double sim_asset_oi_base(const struct sim_asset *a);

/* sim_hist.c: history candles ending at start_ms (closing at the asset's
 * start price), the support level, then the positions open at the start. */
int sim_hist_build(struct sim_asset *a, int hours, int64_t start_ms);
int sim_hist_population(struct sim_asset *a);

/* Share of positions (and book depth, volume) each market venue holds. */
extern const double sim_venue_share[VENUE_MARKET_COUNT];
int sim_pick_venue(struct sim_rng *r);

/* Share of positions (accounts) that are long: longs are crowded. Long
 * positions are smaller on average, so notionals are about balanced. */
#define SIM_LONG_SHARE 0.64

#endif
