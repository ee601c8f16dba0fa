/* store: everything liqtop knows about the market, as bounded time series.
 *
 * Per canonical asset (BTC, ETH, ...) and market venue: series of price,
 * mark, index, OI (USD and base), funding, long/short ratio and book depth;
 * per-minute liquidation buckets; per asset: a reference price, aggregated
 * OI, 1h candles (for levels) and the most recent liquidation events. Plus
 * market-wide figures (Fear & Greed, total market cap) and the health of
 * every source. Memory is fixed by struct store_cfg at creation; series
 * allocate on first use, so an untouched venue costs nothing.
 *
 * Time: every function takes the model time `now_ms` from the caller; the
 * store never reads a clock. Snapshot fields are stamped with now_ms (the
 * time we observed them), historical records (candles, history points,
 * liquidations) with their own time.
 *
 * Readers (model, UI, headless) may read the structs directly; only the
 * functions below write. */
#ifndef LIQTOP_STORE_H
#define LIQTOP_STORE_H

#include "liqtop/record.h"
#include "liqtop/ring.h"
#include "liqtop/venue.h"

#include <stdint.h>

struct store_cfg {
    struct series_cfg series; /* per series capacities */
    uint32_t liq_events;      /* recent liquidation events kept per asset (the feed) */
    uint32_t liq_minutes;     /* per-minute liquidation buckets per asset and venue (1500 = 25 h) */
    uint32_t candles;         /* 1h candles per asset */
    uint32_t stale_after_s;   /* venue data older than this leaves the aggregates */
};

void store_cfg_default(struct store_cfg *cfg);

/* Where a venue's liquidation figures come from. */
enum liq_origin {
    LIQ_ORIGIN_NONE = 0,
    LIQ_ORIGIN_REPORTED,  /* the venue reported each liquidation */
    LIQ_ORIGIN_ESTIMATED, /* inferred from an OI drop during an adverse move */
};

struct liq_event {
    int64_t t_ms;
    enum venue_id venue;
    enum liq_side side;
    double price, qty, usd;
    int estimated;
};

struct liq_minute {
    int64_t minute; /* t_ms / 60000 */
    double usd[2];  /* indexed by enum liq_side */
    uint32_t count[2];
    uint8_t estimated; /* some of this bucket is estimated */
};

struct venue_data {
    int present;        /* has received data */
    int64_t updated_ms; /* last snapshot applied */
    struct series price, mark, index, oi_usd, oi_base, funding, ls_ratio;
    struct series depth_bid1, depth_ask1, depth_bid2, depth_ask2;
    double funding_interval_h; /* latest known, NAN if unknown */
    double change_24h;         /* venue-reported, fraction, NAN */
    double volume_24h_usd;     /* NAN */
    double base_per_contract;  /* OKX/Gate contract size, NAN */
    enum liq_origin liq_origin;
    /* Time wheel of cfg.liq_minutes buckets, slot = minute % liq_minutes; a
     * slot holding an older minute is reused. Allocated on the first liquidation. */
    struct liq_minute *liq_min;
};

struct asset {
    char sym[SYM_MAX];
    struct venue_data venue[VENUE_MARKET_COUNT];
    struct series price;  /* reference: first fresh venue in venue order, mark else last */
    struct series oi_usd; /* sum over venues with fresh OI */
    enum venue_id price_venue; /* venue the reference price came from last */
    struct rec_candle *candles; /* 1h, sorted by open time, oldest first */
    uint32_t n_candles;
    enum venue_id candle_venue; /* VENUE_COUNT until candles arrive */
    struct liq_event *liqs;     /* ring of recent events, all venues */
    uint32_t liq_head, liq_len;
    /* Hashes of recent events, to drop repeats (venues resend the same
     * liquidation on every poll): two generations of an open-addressing set,
     * the older one dropped when the newer fills. */
    uint64_t *liq_seen;
    uint32_t liq_seen_slots; /* per generation, power of two */
    uint32_t liq_seen_count[2];
    int liq_seen_gen;
    uint64_t version; /* bumped on every change */
};

enum health_state {
    HEALTH_UNKNOWN = 0, /* not asked yet */
    HEALTH_OK,
    HEALTH_STALE,   /* answered before, but not recently */
    HEALTH_DOWN,    /* failing */
    HEALTH_DISABLED /* not used in this mode or configuration */
};

struct source_health {
    enum health_state state;
    char last_error[160]; /* plain words, sanitized: "HTTP 429, retry in 30 s" */
    char note[96];        /* standing remark: "liquidations: best effort (undocumented endpoint)" */
    int64_t last_ok_ms, last_err_ms, retry_at_ms;
    double latency_ms; /* last successful request */
    uint64_t bytes, requests, errors;
    double requests_per_min; /* over the last minute */
};

struct store {
    struct store_cfg cfg;
    struct asset *assets;
    size_t n_assets;
    struct source_health health[SRC_COUNT];
    int has_fear_greed;
    struct rec_fear_greed fear_greed;
    int has_market_cap;
    struct rec_market_cap market_cap;
    struct series market_cap_usd; /* history of total market cap */
    struct series fear_greed_hist;
    int64_t now_ms;   /* model time of the latest apply */
    uint64_t version; /* bumped on every change */
    /* store_find's index (store.c only): open addressing on a hash of the
     * symbol, each slot an asset index + 1 (0 = empty); sym_slots is a
     * power of two at least twice the assets */
    uint32_t *sym_index;
    uint32_t sym_slots;
};

/* Symbols are canonical ("BTC"); duplicates are dropped. NULL if out of memory. */
struct store *store_new(const struct store_cfg *cfg, const char *const *syms, size_t n);
void store_free(struct store *s);

/* Index of an asset, or -1. */
int store_find(const struct store *s, const char *sym);

/* Apply a parsed batch from `venue`, observed at model time now_ms. Records
 * for untracked symbols are ignored. Returns the number of records used. */
size_t store_apply(struct store *s, enum venue_id venue, const struct recs *r, int64_t now_ms);

/* Add one liquidation (also used by the estimator with estimated = 1).
 * Returns 1 if added, 0 if it repeats one already held, -1 on bad input. */
int store_add_liq(struct store *s, int asset, enum venue_id venue, const struct rec_liq *l,
                  int estimated);

struct liq_totals {
    double usd[2]; /* by enum liq_side */
    uint32_t count[2];
    int estimated; /* some of it is estimated */
};
/* Sum liquidations with from_ms <= t < to_ms (minute resolution). venue < 0
 * means all market venues. asset < 0 means all assets. */
void store_liq_totals(const struct store *s, int asset, int venue, int64_t from_ms, int64_t to_ms,
                      struct liq_totals *out);
/* i-th most recent liquidation event of an asset (0 = newest); NULL past the end. */
const struct liq_event *store_liq_recent(const struct store *s, int asset, uint32_t i);

/* Reference price at a time (NAN if unknown); falls back to 1h candle closes
 * when the series does not reach back that far. */
double store_price_at(const struct store *s, int asset, int64_t at_ms);
/* Latest reference price (NAN if none). */
double store_price(const struct store *s, int asset);

/* Heap bytes held (for the sources view and benchmarks). */
size_t store_bytes(const struct store *s);

#endif
