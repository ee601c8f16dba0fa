/* stress: one market-wide 0-100 figure from documented components.
 *
 * Each component has a raw value (unit below), a normalized value 0..1 (0 =
 * calm, 1 = as stressed as it gets) and a weight from the config ([stress]).
 * The index is 100 x sum(weight x norm) / sum(weight) over the components
 * that have data (a missing one drops out, its weight with it); NAN when
 * the components with data carry less than min_coverage of the total
 * weight, so one lone figure cannot claim the whole scale. Components:
 *   liquidations  % of the total OI liquidated in the last hour, all assets;
 *                 norm = raw / liq_full_pct
 *   drawdown      % fall of the lead asset (BTC) over the last hour (rises
 *                 count 0); norm = raw / drawdown_full_pct
 *   oi_change     % change of the total OI over the last hour (coins, venues
 *                 present at both ends); a fall counts fully, a rise half
 *                 (leverage building); norm = that / oi_full_pct
 *   funding       OI-weighted annualized funding of the lead asset, %/yr;
 *                 norm = (|raw| - funding_calm_apr) / (funding_full_apr - calm)
 *   depth         % the lead asset's bid depth (2 %) is below its baseline;
 *                 norm = raw / depth_full_pct
 *   fear_greed    the Fear & Greed index; norm = (fg_calm - raw) / (fg_calm - fg_full)
 * Every norm is clamped to 0..1. Alerts (kind "stress") fire when the index
 * rises into a band (band_warn: warn, band_crit: crit) and re-arm after it
 * has fallen hysteresis points below the band. Pure. */
#ifndef LIQTOP_STRESS_H
#define LIQTOP_STRESS_H

#include "liqtop/alert.h"

#include <stddef.h>
#include <stdint.h>

enum stress_comp_id {
    STRESS_LIQ,
    STRESS_DRAWDOWN,
    STRESS_OI,
    STRESS_FUNDING,
    STRESS_DEPTH,
    STRESS_FEAR_GREED,
    STRESS_NCOMP
};

struct stress_cfg {
    char lead[16];           /* asset for drawdown, funding and depth; "" or absent: the first */
    double w_liq, w_drawdown, w_oi, w_funding, w_depth, w_fear_greed; /* weights, >= 0 */
    double liq_full_pct;     /* % of OI liquidated in 1 h that counts as full stress */
    double drawdown_full_pct; /* % fall in 1 h that counts as full stress */
    double oi_full_pct;      /* % OI change in 1 h that counts as full stress */
    double funding_calm_apr; /* %/yr of |funding| that is still calm */
    double funding_full_apr; /* %/yr of |funding| that counts as full stress */
    double depth_full_pct;   /* % of bid depth gone that counts as full stress */
    double fg_calm;          /* Fear & Greed at or above this: calm */
    double fg_full;          /* Fear & Greed at or below this: full stress */
    double band_warn;        /* index rising to this: warn alert */
    double band_crit;        /* index rising to this: crit alert */
    double hysteresis;       /* points below a band before it re-arms */
    double min_coverage;     /* share of the total weight that must have data (0..1) */
};

void stress_cfg_default(struct stress_cfg *cfg);

/* Inputs (NAN where unknown). Fractions unless noted. */
struct stress_inputs {
    double liq_1h_usd;      /* all assets, all venues */
    double oi_usd;          /* total OI, USD */
    double lead_change_1h;  /* lead asset price change */
    double oi_change_1h;    /* total OI change, coins */
    double lead_funding_apr; /* fraction per year (1.0 = 100 %/yr) */
    double lead_depth_ratio; /* bid depth / baseline */
    double fear_greed;      /* 0..100 */
};

struct stress_comp {
    const char *name; /* "liquidations", "drawdown", ... (static) */
    const char *unit; /* "% OI/h", "%", "%/yr", "" */
    double raw, norm, weight; /* NAN raw/norm when unknown */
};

/* Fills out[STRESS_NCOMP]; returns the index 0..100 or NAN. */
double stress_compute(const struct stress_cfg *cfg, const struct stress_inputs *in,
                      struct stress_comp out[STRESS_NCOMP]);

struct stress_state {
    int band;          /* 0 below warn, 1 warn, 2 crit */
    uint64_t episode;
};

/* Update the band for `index` and raise "stress" alerts on rising crossings
 * (al may be NULL). episode_seq is the model's episode counter. Returns the band. */
int stress_step(const struct stress_cfg *cfg, struct stress_state *st, double index,
                const struct stress_comp comp[STRESS_NCOMP], struct alerts *al,
                uint64_t *episode_seq, int64_t now_ms);

#endif
