/* detect: the detectors, pure functions over the store with `now` passed in.
 *
 * One file per family:
 *   detect_levels.c    support_break, resistance_break
 *   detect_leverage.c  leverage_spike, oi_divergence, funding_extreme, ls_extreme
 *   detect_liq.c       liq_cascade (and the per-minute liquidation baseline)
 *   detect_depth.c     liquidity_drain (and the depth baselines)
 *   detect.c           shared helpers (episodes, messages, OI changes)
 * model.c calls them once per asset per update, after it has refreshed the
 * asset's figures (struct model_asset). A detector keeps its state in
 * struct detect_asset (part of the model's read-only asset state, so the UI
 * can show "support broken", "cascade: 3 waves", ...) and raises alerts
 * through alerts_raise. Ongoing conditions are episodes: one alert, updated
 * when it grows, never one per tick; a condition re-arms only after it has
 * cleared (hysteresis), so a value hovering at a threshold does not flap.
 * Every threshold is in struct detect_cfg ([detect] in the config). */
#ifndef LIQTOP_DETECT_H
#define LIQTOP_DETECT_H

#include "liqtop/alert.h"
#include "liqtop/levels.h"
#include "liqtop/store.h"

#include <stddef.h>
#include <stdint.h>

struct detect_cfg {
    /* support_break / resistance_break */
    int break_obs;              /* consecutive price observations beyond the zone */
    double break_margin_pct;    /* beyond the zone edge by at least this % of price ... */
    double break_margin_atr;    /* ... or this many 1h ATRs, whichever is larger */
    double break_min_strength;  /* weaker zones never alert (0..1) */
    double break_warn_strength; /* severity warn from this strength, info below */
    double break_crit_strength; /* severity crit from this strength */
    double break_episode_min;   /* a break this long after the previous one is a new alert */
    /* leverage_spike */
    double spike_z;             /* z-score of the OI change against its own history */
    double spike_window_s;      /* the change the z-score looks at, s */
    double spike_history_h;     /* rolling history of that change, h */
    int spike_min_samples;      /* history samples needed before z-scores count */
    double spike_min_pct;       /* a z-score spike must also be at least this %, */
    double spike_std_floor_pct; /* and the history's std is taken as at least this % */
    double spike_pct;           /* fixed threshold: OI up this % ... */
    double spike_pct_window_s;  /* ... within this window, s */
    /* oi_divergence */
    double div_oi_pct;          /* OI up more than this % ... */
    double div_price_pct;       /* ... while |price change| stays under this % ... */
    double div_window_s;        /* ... over this window, s */
    /* funding_extreme, ls_extreme */
    double funding_max_apr;     /* annualized funding above this %/yr ... */
    double funding_min_apr;     /* ... or below this %/yr (negative) */
    double ls_max;              /* long/short account ratio above this ... */
    double ls_min;              /* ... or below this */
    /* liq_cascade */
    double cascade_ratio;       /* a burst minute: liquidations >= ratio x baseline per minute */
    double cascade_min_usd;     /* and at least this many USD in the minute */
    double cascade_min_oi_pct;  /* and at least this % of the asset's OI in the minute */
    double cascade_min_move_pct; /* price must move this % the liquidated side's way */
    int cascade_gap_min;        /* quiet minutes that end a wave */
    int cascade_end_min;        /* quiet minutes that end the cascade */
    int cascade_min_waves;      /* raise the alert from this many waves (steps) */
    int cascade_crit_waves;     /* crit from this many waves ... */
    double cascade_crit_oi_pct; /* ... or this % of OI liquidated in the cascade */
    double cascade_baseline_h;  /* half-life of the per-minute baseline, h */
    /* liquidity_drain */
    double drain_pct;           /* bid depth this % below its baseline */
    int drain_band_pct;         /* depth band used: 1 or 2 (% from mid) */
    double drain_baseline_min;  /* baseline time constant, minutes */
    int drain_obs;              /* consecutive depth observations below */
    double drain_warmup_min;    /* depth history needed before alerting, minutes */
    /* re-arming of latched conditions */
    double rearm_frac;          /* a condition clears below this fraction of its threshold ... */
    double rearm_s;             /* ... held for this long, s */
};

void detect_cfg_default(struct detect_cfg *cfg);

/* An ongoing condition. */
struct detect_latch {
    int on;
    uint64_t episode;
    enum alert_sev sev;  /* severity last raised */
    double peak;         /* largest value raised so far */
    int64_t since_ms;    /* when it turned on */
    int64_t clear_ms;    /* when the condition started to clear, 0 if not clearing */
    char venue[16];      /* venue the episode was raised with */
};

#define DETECT_DISARMED_MAX 8
#define DETECT_Z_HIST 512

/* A zone that broke; it stays disarmed until price recovers across it. */
struct detect_broken {
    double lo, hi, strength;
    int64_t t_ms; /* when it broke */
};

struct detect_cascade {
    int active;              /* a cascade is under way on this side */
    uint64_t episode;
    int waves;               /* waves counted */
    int in_wave;             /* inside a burst run */
    int wave_counted;        /* the current burst run has been counted as a wave */
    int pending;             /* a burst is under way but has not (yet) met the price rule */
    int64_t start_ms;        /* first burst minute */
    int64_t last_burst_min;  /* minute index of the newest burst */
    int64_t wave_start_min;
    double ref_px;           /* price before the first burst */
    double wave_ref_px;      /* price before the current burst */
    double prev_extreme;     /* lowest (longs) / highest (shorts) price of the previous wave */
    double extreme;          /* lowest / highest price so far in this wave */
    double usd;              /* liquidated on this side since start, USD */
    double peak_ratio;       /* largest minute / baseline */
    double threshold;        /* USD per minute a burst needed, latest */
    enum alert_sev sev;
    int waves_raised;
};

struct detect_asset {
    /* breaks */
    struct detect_broken broken_sup[DETECT_DISARMED_MAX], broken_res[DETECT_DISARMED_MAX];
    int n_broken_sup, n_broken_res;
    uint64_t sup_episode, res_episode;
    char sup_venue[16], res_venue[16];
    int64_t sup_last_ms, res_last_ms; /* newest break of each kind */
    int64_t last_px_t;       /* newest price observation processed */
    /* leverage */
    double z_hist[DETECT_Z_HIST]; /* OI changes (coins, fraction) sampled every spike_window_s */
    int z_len, z_head;
    int64_t z_slot;          /* last sampled slot (t / window) */
    double oi_z;             /* latest z-score of the OI change, NAN if unknown */
    double oi_spike_chg;     /* latest OI change over spike_window_s (coins, fraction) */
    double oi_div_chg, px_div_chg; /* OI and price change over div_window_s (fractions) */
    struct detect_latch spike, divergence, funding, ls;
    /* liquidations */
    double liq_base;         /* baseline USD per minute (both sides), NAN until known */
    int64_t liq_base_min;    /* last completed minute folded into it */
    int liq_base_n;          /* minutes folded in */
    double liq_min_usd[2];   /* the current minute's liquidations so far, by side */
    double liq_ratio;        /* current minute / baseline (larger side) */
    int64_t liq_eval_min;    /* oldest minute still evaluated for bursts */
    struct detect_cascade cascade[2]; /* by enum liq_side */
    /* depth */
    double depth_base[VENUE_MARKET_COUNT][4]; /* EWMA of bid1, ask1, bid2, ask2 per venue, USD */
    int64_t depth_t[VENUE_MARKET_COUNT];       /* last depth sample folded in */
    int64_t depth_since[VENUE_MARKET_COUNT];   /* first sample */
    double depth_ratio;      /* bid depth / baseline over fresh venues, NAN if unknown */
    int drain_below;         /* consecutive observations below */
    struct detect_latch drain;
};

/* What every detector gets. */
struct detect_ctx {
    const struct detect_cfg *cfg;
    const struct store *store;
    struct alerts *alerts;  /* may be NULL: state is kept, nothing raised */
    uint64_t *episode_seq;  /* the model's counter for fresh episode ids */
    int64_t now_ms;
};

struct model_asset;

/* Run each family for asset index ai (as in the store). ma holds the
 * figures model.c computed this update; each writes its part of ma->det and
 * the figures derived from it. */
void detect_breaks(const struct detect_ctx *ctx, int ai, struct model_asset *ma);
void detect_leverage(const struct detect_ctx *ctx, int ai, struct model_asset *ma);
void detect_cascade(const struct detect_ctx *ctx, int ai, struct model_asset *ma);
void detect_liquidity(const struct detect_ctx *ctx, int ai, struct model_asset *ma);

/* Initialise an asset's detector state (NANs where unknown). */
void detect_asset_init(struct detect_asset *d);

/* --- helpers shared by the detectors (detect.c) --- */

/* Price with thousands separators and sensible decimals: "94,610",
 * "3,412.5", "0.5123". NAN gives "-". */
char *detect_fmt_price(char *buf, size_t n, double price);
/* Fresh episode id. */
uint64_t detect_episode(const struct detect_ctx *ctx);
/* Fill and raise an alert (no-op without ctx->alerts). Returns alerts_raise's
 * result, 0 without alerts. msg is printf-style. */
int detect_raise(const struct detect_ctx *ctx, const char *kind, enum alert_sev sev,
                 const char *sym, const char *venue, double value, double threshold,
                 uint64_t episode, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 9, 10)))
#endif
    ;

/* Latch step: cond = the condition holds now, relaxed = it still holds at
 * the re-arm level. Returns 1 when it just turned on (caller raises with a
 * fresh episode), 0 otherwise; turns off once !relaxed has held for
 * cfg->rearm_s. */
int detect_latch_step(const struct detect_ctx *ctx, struct detect_latch *l, int cond, int relaxed);

/* Change of an OI sum over [now - window_ms, now], over the venues that have
 * a fresh value now and a value at the start (within the store's staleness
 * window): sum_now / sum_then - 1. With coins != 0 each end is divided by
 * the asset's reference price at that time, so a price move alone is not an
 * OI change. venue >= 0 restricts it to one venue. NAN if no venue
 * qualifies. */
double detect_oi_change(const struct store *s, int ai, int venue, int64_t now_ms,
                        int64_t window_ms, int coins);
/* One venue's two ends of that change: 1 with the OI in USD now and at the
 * start when the venue qualifies (as detect_oi_change decides), else 0.
 * detect_oi_change(venue v, coins 0) is *x_now / *x_then - 1, and with
 * venue -1 the sums of both ends over the venues in venue order. */
int detect_oi_ends(const struct store *s, int ai, int venue, int64_t now_ms, int64_t window_ms,
                   double *x_now, double *x_then);

/* Value of a series at `at`, with the time of that sample; 0 if none. */
int detect_series_sample(const struct series *se, int64_t at, int64_t *t, double *v);

#endif
