/* record: normalized market records, what venue parsers and the simulator
 * produce and the store consumes.
 *
 * Units are fixed here so no consumer has to know a venue: prices in USD
 * (USDT treated as USD), quantities in base-asset units (coins, never
 * contracts), notionals in USD, funding as a fraction per funding interval,
 * times in ms since the epoch (UTC). A field the venue did not send is NAN
 * (doubles) or 0 (times), never a made-up zero. Symbols are canonical base
 * assets: "BTC", "ETH", ... */
#ifndef LIQTOP_RECORD_H
#define LIQTOP_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define SYM_MAX 16 /* canonical symbol incl. NUL */

/* Which side of the market was liquidated (not the side of the closing order). */
enum liq_side { LIQ_LONG = 0, LIQ_SHORT = 1 };

/* One instrument snapshot: any subset of fields, the rest NAN. Several
 * endpoints of one venue each fill a few (premiumIndex: mark, index, funding;
 * ticker/24hr: price, change; openInterest: oi_base) and the store merges. */
struct rec_ticker {
    char sym[SYM_MAX];
    int64_t t_ms;              /* venue time of the snapshot, 0 if not sent */
    double price;              /* last trade */
    double mark;               /* mark price */
    double index;              /* index price */
    double oi_base;            /* open interest, base units, one side */
    double oi_usd;             /* open interest, USD notional */
    double funding;            /* current/predicted rate per interval, fraction */
    double funding_interval_h; /* hours between fundings */
    double change_24h;         /* fraction, e.g. -0.034 */
    double open_24h;           /* price 24 h ago */
    double volume_24h_usd;
    double ls_ratio;           /* long/short account ratio (longs / shorts) */
};

/* One liquidation (forced close) as reported by a venue. */
struct rec_liq {
    char sym[SYM_MAX];
    int64_t t_ms;
    enum liq_side side;
    double price; /* fill or bankruptcy price, USD */
    double qty;   /* base units */
    double usd;   /* notional, USD */
};

/* One candle; t_ms is the open time. */
struct rec_candle {
    char sym[SYM_MAX];
    int64_t t_ms;
    int32_t interval_s; /* 3600 for 1h */
    double open, high, low, close;
    double volume; /* base units, NAN if unknown */
};

/* Order-book depth summary: USD notional resting within 1 % and 2 % of mid. */
struct rec_depth {
    char sym[SYM_MAX];
    int64_t t_ms;
    double mid;
    double bid_1pct, ask_1pct, bid_2pct, ask_2pct;
    double coverage_pct; /* how far from mid the book snapshot reached, % (NAN if unknown) */
};

/* A historical sample of one series (OI history, long/short ratio history). */
enum rec_series { RS_OI_USD, RS_OI_BASE, RS_LS_RATIO, RS_FUNDING, RS_PRICE };
struct rec_point {
    char sym[SYM_MAX];
    int64_t t_ms;
    enum rec_series series;
    double value;
};

/* Contract size: base units per contract (OKX ctVal, Gate quanto_multiplier). */
struct rec_contract {
    char sym[SYM_MAX];
    double base_per_contract;
};

struct rec_fear_greed {
    int64_t t_ms;
    int value;       /* 0..100 */
    char label[24];  /* as sent: "Extreme Fear", ... */
};

struct rec_market_cap {
    int64_t t_ms;
    double usd;
    double change_24h; /* fraction */
    double btc_dominance; /* fraction */
};

/* A batch of records from one response (or one simulator step). Arrays grow
 * on demand; recs_clear keeps their storage for reuse. */
struct recs {
    struct rec_ticker *tickers;
    size_t n_tickers, cap_tickers;
    struct rec_liq *liqs;
    size_t n_liqs, cap_liqs;
    struct rec_candle *candles;
    size_t n_candles, cap_candles;
    struct rec_depth *depths;
    size_t n_depths, cap_depths;
    struct rec_point *points;
    size_t n_points, cap_points;
    struct rec_contract *contracts;
    size_t n_contracts, cap_contracts;
    int has_fear_greed;
    struct rec_fear_greed fear_greed;
    int has_market_cap;
    struct rec_market_cap market_cap;
    /* Set by parsers that know their liquidation list is complete for the
     * period they cover (vs a sample): informational. */
    int liqs_partial;
};

void recs_init(struct recs *r);
void recs_clear(struct recs *r); /* empty, keep storage */
void recs_done(struct recs *r);  /* free storage */
/* Append a record with every double NAN and every other field zero; NULL if
 * out of memory. The pointer is valid until the next add of the same kind. */
struct rec_ticker *recs_add_ticker(struct recs *r, const char *sym);
struct rec_liq *recs_add_liq(struct recs *r, const char *sym);
struct rec_candle *recs_add_candle(struct recs *r, const char *sym);
struct rec_depth *recs_add_depth(struct recs *r, const char *sym);
struct rec_point *recs_add_point(struct recs *r, const char *sym);
struct rec_contract *recs_add_contract(struct recs *r, const char *sym);
/* Total records held. */
size_t recs_count(const struct recs *r);

#endif
