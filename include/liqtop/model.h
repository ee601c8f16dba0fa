/* model: what liqtop concludes from the store, and when it says so.
 *
 * model_update runs after each store change with the model time `now`; it
 * refreshes per-asset figures (changes, OI, funding, levels, liquidation
 * totals, depth), writes estimated liquidations for venues that do not
 * report theirs (estimate.h), runs the detectors (detect.h), the stress index
 * (stress.h) and the user's price alerts (pricealert.h), and raises alerts
 * through alerts_raise. Pure: no clock, no I/O, no globals; live, replay,
 * demo and tests agree exactly for the same store contents and times.
 *
 * The state below is read-only for the UI and `--once --json`; pointers
 * stay valid until model_free. Fractions are plain (0.012 = 1.2 %), USD are
 * USD, times are ms since the epoch, unknown is NAN.
 *
 * Configuration: struct model_cfg holds every setting with a default
 * (model_cfg_default). The [levels], [detect], [stress] and [alerts] tables
 * below take the struct model_cfg itself as their cfg_section base (all
 * offsets are into struct model_cfg); [alert.NAME] sections go to
 * model_cfg_alert with the struct model_cfg as user. model_cfg_sections
 * fills all five sections. After loading, call model_cfg_check. */
#ifndef LIQTOP_MODEL_H
#define LIQTOP_MODEL_H

#include "liqtop/alert.h"
#include "liqtop/alertsink.h"
#include "liqtop/config.h"
#include "liqtop/detect.h"
#include "liqtop/estimate.h"
#include "liqtop/levels.h"
#include "liqtop/pricealert.h"
#include "liqtop/store.h"
#include "liqtop/stress.h"

#include <stddef.h>
#include <stdint.h>

struct model_cfg {
    struct level_cfg levels;     /* [levels] */
    struct detect_cfg detect;    /* [detect] */
    struct estimate_cfg estimate; /* [detect], keys est_* */
    struct stress_cfg stress;    /* [stress] */
    struct alerts_cfg alerts;    /* [alerts] */
    struct alertsink_cfg sink;   /* [alerts] */
    struct pricealert_cfg prices; /* [alert.NAME] */
};

void model_cfg_default(struct model_cfg *cfg);

extern const struct cfg_key model_levels_keys[];
extern const size_t model_levels_nkeys;
extern const struct cfg_key model_detect_keys[];
extern const size_t model_detect_nkeys;
extern const struct cfg_key model_stress_keys[];
extern const size_t model_stress_nkeys;
extern const struct cfg_key model_alerts_keys[];
extern const size_t model_alerts_nkeys;

/* cfg_dynamic_fn for [alert.NAME]; model_cfg is a struct model_cfg *. */
int model_cfg_alert(void *model_cfg, const char *sub, const char *key, const char *value,
                    char *err, size_t errn);
/* Cross-key checks after loading (price alerts complete, weights not all
 * zero, bands ordered). 0, or -1 with err. */
int model_cfg_check(const struct model_cfg *cfg, char *err, size_t errn);
/* Fill out[] with the sections levels, detect, stress, alerts and the
 * dynamic alert section, all pointing into cfg. Returns how many were
 * written (5), or 0 if max is too small. */
size_t model_cfg_sections(struct model_cfg *cfg, struct cfg_section *out, size_t max);

/* Changes over 5 min, 1 h, 4 h, 24 h; fractions, NAN when the series does
 * not reach back that far. */
struct model_change {
    double m5, h1, h4, h24;
};

struct model_venue {
    int present;          /* has had data */
    int fresh;            /* updated within the store's stale_after_s */
    double price;         /* mark, else last trade, USD */
    double oi_usd;        /* latest (fresh or not), USD */
    struct model_change oi_change; /* of oi_usd */
    double funding;       /* per interval, fraction */
    double funding_interval_h; /* as reported, else 8 (1 for hyperliquid) */
    double funding_apr;   /* annualized, fraction per year (1.0 = 100 %/yr) */
    double ls_ratio;      /* long/short account ratio, NAN where not given */
    double change_24h;    /* the venue's own 24h figure, fraction */
    double depth_bid1, depth_ask1, depth_bid2, depth_ask2; /* USD within 1 %, 2 % of mid */
    struct liq_totals liq_1h, liq_4h, liq_24h;
    enum liq_origin liq_origin;
    int liq_estimating;   /* liquidations are being estimated for this venue now */
};

#define MODEL_TOP_LIQS 10

struct model_asset {
    char sym[SYM_MAX];
    int64_t updated_ms;           /* model time of the last refresh */
    double price;                 /* store_price (the mark of the first fresh venue) */
    enum venue_id price_venue;    /* VENUE_COUNT if none */
    double change_1h, change_24h; /* fractions */
    double change_24h_lo, change_24h_hi; /* range of the venues' own 24h figures */
    double oi_usd;                /* fresh venues summed, USD */
    struct model_change oi_change; /* USD, over venues present at both ends */
    double funding_apr;           /* OI-weighted mean over fresh venues, fraction/yr */
    double ls_ratio;              /* first venue (in venue order) that reports it */
    enum venue_id ls_venue;       /* VENUE_COUNT if none */
    struct model_venue venue[VENUE_MARKET_COUNT];

    /* levels, from closed 1h candles */
    struct level_set levels;      /* zones for the chart */
    int has_support, has_resistance;
    struct level_zone support;    /* nearest below price */
    struct level_zone resistance; /* nearest above */
    double support_dist_pct, resistance_dist_pct; /* % of price to the zone's near edge */

    /* liquidations, all venues; estimated flags inside */
    struct liq_totals liq_1h, liq_4h, liq_24h;
    struct liq_event top_liqs[MODEL_TOP_LIQS]; /* largest of the last 24 h held, largest first */
    size_t n_top_liqs;

    /* depth, fresh venues summed, USD; baselines summed over the same venues */
    double depth_bid1, depth_ask1, depth_bid2, depth_ask2;
    double depth_bid1_base, depth_ask1_base, depth_bid2_base, depth_ask2_base;

    /* detector state and derived figures (oi_z, cascade waves, broken zones...) */
    struct detect_asset det;
    struct estimate_asset est;

    /* change detection (internal) */
    uint64_t seen_version;
    uint64_t candle_sig;
    int64_t seen_step;
    int64_t liq_min_seen;
    uint32_t liq_head_seen, liq_len_seen;
};

struct model_market {
    int64_t updated_ms;
    double stress;                /* 0..100, NAN if no component has data */
    int stress_band;              /* 0 calm, 1 warn, 2 crit */
    struct stress_comp comp[STRESS_NCOMP];
    double oi_usd;                /* all assets, fresh venues */
    double oi_change_1h;          /* coins, venues present at both ends, fraction */
    struct liq_totals liq_1h, liq_4h, liq_24h; /* all assets, all venues */
    int has_fear_greed;
    int fear_greed;
    char fear_greed_label[24];    /* sanitized */
    double market_cap_usd, market_cap_change_24h, btc_dominance; /* NAN if unknown */
};

struct model;

/* The store must outlive the model. NULL if out of memory. */
struct model *model_new(const struct model_cfg *cfg, struct store *s);
void model_free(struct model *m);

/* Run after each store change (and periodically; time-based conditions need
 * it). Cheap when neither the store nor the 1 s time step changed. `al` may
 * be NULL (state only). */
void model_update(struct model *m, int64_t now_ms, struct alerts *al);

size_t model_n_assets(const struct model *m);
/* i as in the store; NULL past the end. */
const struct model_asset *model_asset(const struct model *m, size_t i);
const struct model_market *model_market(const struct model *m);
const struct model_cfg *model_config(const struct model *m);
/* Price alert states (model_config(m)->prices.n of them). */
const struct pricealert_state *model_price_alerts(const struct model *m);

/* Counters for benchmarks and the debug view. */
struct model_stats {
    uint64_t updates;        /* model_update calls that did work */
    uint64_t asset_refreshes;
    uint64_t level_computes;
    uint64_t estimated_liqs; /* written to the store */
};
void model_stats(const struct model *m, struct model_stats *out);

#endif
