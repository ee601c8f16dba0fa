/* detect_depth: liquidity_drain and the depth baselines (see detect.h).
 *
 * Per venue, each depth figure (bid and ask within 1 % and 2 % of mid, USD)
 * has a baseline: an exponentially weighted mean over time with time
 * constant drain_baseline_min, fed each new sample after the sample has been
 * compared with it. The drain ratio is the bid depth of the band
 * (drain_band_pct) summed over the venues with a fresh sample and a warm
 * baseline (drain_warmup_min of history), divided by the sum of those
 * venues' baselines: a venue going quiet drops out of both sums. A drain is
 * drain_obs depth observations in a row with the ratio below
 * 1 - drain_pct / 100; it re-arms once the ratio has been back above
 * 1 - rearm_frac x drain_pct / 100 for rearm_s. */
#include "liqtop/detect.h"

#include "liqtop/model.h"
#include "liqtop/num.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void detect_liquidity(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    const struct store *s = ctx->store;
    const struct asset *a = &s->assets[ai];
    struct detect_asset *d = &ma->det;
    int64_t now = ctx->now_ms, stale = (int64_t)s->cfg.stale_after_s * 1000;
    int64_t warm = (int64_t)(c->drain_warmup_min * 60000);
    double tau = c->drain_baseline_min * 60000;
    int band = c->drain_band_pct == 1 ? 0 : 2; /* index into bid1, ask1, bid2, ask2 */
    double cur = 0, base = 0;
    int n = 0, fresh_obs = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        const struct venue_data *vd = &a->venue[v];
        const struct series *se[4] = {&vd->depth_bid1, &vd->depth_ask1, &vd->depth_bid2,
                                      &vd->depth_ask2};
        int64_t t;
        double x;
        if (!series_last(se[band], &t, &x) || now - t > stale)
            continue;
        int is_new = t > d->depth_t[v];
        if (d->depth_since[v] == 0)
            d->depth_since[v] = t;
        /* compare before folding the sample in */
        if (isfinite(d->depth_base[v][band]) && d->depth_base[v][band] > 0 &&
            t - d->depth_since[v] >= warm) {
            cur += x;
            base += d->depth_base[v][band];
            n++;
            fresh_obs |= is_new;
        }
        if (!is_new)
            continue;
        double dt = d->depth_t[v] > 0 ? (double)(t - d->depth_t[v]) : 0;
        double alpha = tau > 0 ? 1 - exp(-dt / tau) : 1;
        for (int k = 0; k < 4; k++) {
            double y;
            int64_t ty;
            if (!series_last(se[k], &ty, &y) || !isfinite(y) || y < 0 || ty != t)
                continue;
            if (isnan(d->depth_base[v][k]))
                d->depth_base[v][k] = y;
            else
                d->depth_base[v][k] += alpha * (y - d->depth_base[v][k]);
        }
        d->depth_t[v] = t;
    }
    d->depth_ratio = n && base > 0 ? cur / base : NAN;
    if (fresh_obs) {
        if (d->depth_ratio < 1 - c->drain_pct / 100)
            d->drain_below++;
        else
            d->drain_below = 0;
    }
    double r = d->depth_ratio;
    int cond = d->drain_below >= c->drain_obs;
    int relaxed = r < 1 - c->rearm_frac * c->drain_pct / 100;
    int on = detect_latch_step(ctx, &d->drain, cond, relaxed);
    if (!cond || !d->drain.on)
        return;
    double drop = (1 - r) * 100;
    enum alert_sev sev = drop >= 100 - (100 - c->drain_pct) / 2 ? SEV_CRIT : SEV_WARN;
    if (!on && sev <= d->drain.sev)
        return;
    if (on)
        text_copy(d->drain.venue, sizeof d->drain.venue, "all");
    d->drain.sev = sev;
    d->drain.peak = drop;
    char now_s[24], base_s[24];
    num_fmt_usd(now_s, sizeof now_s, cur);
    num_fmt_usd(base_s, sizeof base_s, base);
    detect_raise(ctx, "liquidity_drain", sev, ma->sym, d->drain.venue, -drop, -c->drain_pct,
                 d->drain.episode,
                 "%s bid depth within %d %% down %.0f %% vs baseline (%s vs %s): buyers stepping away",
                 ma->sym, c->drain_band_pct, drop, now_s, base_s);
}
