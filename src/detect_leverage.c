/* detect_leverage: leverage_spike, oi_divergence, funding_extreme,
 * ls_extreme (see detect.h).
 *
 * OI changes are measured in coins (USD divided by the reference price at
 * each end) over the venues present at both ends of the window
 * (detect_oi_change), so neither a price move nor a venue going stale looks
 * like leverage arriving or leaving. */
#include "liqtop/detect.h"

#include "liqtop/model.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SEC 1000LL

static void window_str(char *buf, size_t n, double s)
{
    if (s >= 3600 && fmod(s, 3600) == 0)
        snprintf(buf, n, "%.0f h", s / 3600);
    else if (s >= 60)
        snprintf(buf, n, "%.0f min", s / 60);
    else
        snprintf(buf, n, "%.0f s", s);
}

/* Raise when the latch just turned on, or update when severity rose. */
static void latch_raise(const struct detect_ctx *ctx, struct detect_latch *l, int just_on,
                        enum alert_sev sev, const char *kind, const struct model_asset *ma,
                        const char *venue, double value, double threshold, const char *msg)
{
    if (!l->on)
        return;
    if (just_on)
        text_copy(l->venue, sizeof l->venue, venue);
    else if (sev <= l->sev)
        return;
    l->sev = sev;
    l->peak = value;
    detect_raise(ctx, kind, sev, ma->sym, l->venue, value, threshold, l->episode, "%s", msg);
}

static void oi_spike(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    struct detect_asset *d = &ma->det;
    int64_t w = (int64_t)(c->spike_window_s * SEC);
    double chg = detect_oi_change(ctx->store, ai, -1, ctx->now_ms, w, 1);
    d->oi_spike_chg = chg;

    /* z-score against the history, before this change joins it */
    double z = NAN;
    int cap = (int)(c->spike_history_h * 3600 / c->spike_window_s);
    if (cap > DETECT_Z_HIST)
        cap = DETECT_Z_HIST;
    if (cap < 2)
        cap = 2;
    int n = d->z_len < cap ? d->z_len : cap;
    if (isfinite(chg) && n >= c->spike_min_samples) {
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double x = d->z_hist[(d->z_head - 1 - i + DETECT_Z_HIST) % DETECT_Z_HIST];
            sum += x;
            sq += x * x;
        }
        double mean = sum / n, var = sq / n - mean * mean;
        double sd = sqrt(var > 0 ? var : 0), floor_sd = c->spike_std_floor_pct / 100;
        if (sd < floor_sd)
            sd = floor_sd;
        if (sd > 0)
            z = (chg - mean) / sd;
    }
    d->oi_z = z;
    int64_t slot = ctx->now_ms / w;
    if (slot != d->z_slot) {
        if (d->z_slot >= 0 && isfinite(chg)) {
            d->z_hist[d->z_head] = chg;
            d->z_head = (d->z_head + 1) % DETECT_Z_HIST;
            if (d->z_len < DETECT_Z_HIST)
                d->z_len++;
        }
        d->z_slot = slot;
    }

    double chg_fixed = detect_oi_change(ctx->store, ai, -1, ctx->now_ms,
                                        (int64_t)(c->spike_pct_window_s * SEC), 1);
    double pct = chg * 100, pct_fixed = chg_fixed * 100, f = c->rearm_frac;
    int by_z = z >= c->spike_z && pct >= c->spike_min_pct;
    int by_pct = pct_fixed >= c->spike_pct;
    int relaxed = (z >= c->spike_z * f && pct >= c->spike_min_pct * f) || pct_fixed >= c->spike_pct * f;
    int on = detect_latch_step(ctx, &d->spike, by_z || by_pct, relaxed);
    if (!(by_z || by_pct))
        return;
    enum alert_sev sev = (pct_fixed >= 2 * c->spike_pct || (by_z && z >= 2 * c->spike_z)) ? SEV_CRIT
                                                                                         : SEV_WARN;
    char msg[ALERT_MSG_MAX], win[16];
    double value, thr;
    if (by_pct && (!by_z || pct_fixed >= pct)) {
        window_str(win, sizeof win, c->spike_pct_window_s);
        value = pct_fixed;
        thr = c->spike_pct;
        snprintf(msg, sizeof msg, "%s open interest %+.1f %% in %s (threshold %+.0f %%): leverage piling in",
                 ma->sym, pct_fixed, win, c->spike_pct);
    } else {
        window_str(win, sizeof win, c->spike_window_s);
        value = pct;
        thr = c->spike_min_pct;
        snprintf(msg, sizeof msg, "%s open interest %+.1f %% in %s, z-score %.1f (threshold %.1f): leverage piling in",
                 ma->sym, pct, win, z, c->spike_z);
    }
    latch_raise(ctx, &d->spike, on, sev, "leverage_spike", ma, "all", value, thr, msg);
}

static void oi_divergence(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    struct detect_asset *d = &ma->det;
    int64_t w = (int64_t)(c->div_window_s * SEC);
    double oi = detect_oi_change(ctx->store, ai, -1, ctx->now_ms, w, 1);
    double p0 = store_price_at(ctx->store, ai, ctx->now_ms - w);
    double px = ma->price > 0 && p0 > 0 ? ma->price / p0 - 1 : NAN;
    d->oi_div_chg = oi;
    d->px_div_chg = px;
    double oi_pct = oi * 100, px_pct = fabs(px) * 100, f = c->rearm_frac;
    int cond = oi_pct > c->div_oi_pct && px_pct < c->div_price_pct;
    int relaxed = oi_pct > c->div_oi_pct * f && px_pct < (f > 0 ? c->div_price_pct / f : INFINITY);
    int on = detect_latch_step(ctx, &d->divergence, cond, relaxed);
    if (!cond)
        return;
    char msg[ALERT_MSG_MAX], win[16];
    window_str(win, sizeof win, c->div_window_s);
    snprintf(msg, sizeof msg,
             "%s open interest %+.1f %% in %s while price %+.1f %%: leverage building without demand",
             ma->sym, oi_pct, win, px * 100);
    latch_raise(ctx, &d->divergence, on, oi_pct >= 2 * c->div_oi_pct ? SEV_CRIT : SEV_WARN,
                "oi_divergence", ma, "all", oi_pct, c->div_oi_pct, msg);
}

static void funding(const struct detect_ctx *ctx, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    struct detect_asset *d = &ma->det;
    /* the venue furthest beyond its bound, in multiples of the bound */
    int worst = -1;
    double worst_x = 0, f = c->rearm_frac;
    int relaxed = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        const struct model_venue *mv = &ma->venue[v];
        if (!mv->fresh || !isfinite(mv->funding_apr))
            continue;
        double apr = mv->funding_apr * 100;
        double x = apr > 0 ? (c->funding_max_apr > 0 ? apr / c->funding_max_apr : 0)
                           : (c->funding_min_apr < 0 ? apr / c->funding_min_apr : 0);
        if (x >= f)
            relaxed = 1;
        if (x > 1 && x > worst_x) {
            worst_x = x;
            worst = v;
        }
    }
    int on = detect_latch_step(ctx, &d->funding, worst >= 0, relaxed);
    if (worst < 0)
        return;
    double apr = ma->venue[worst].funding_apr * 100;
    double bound = apr > 0 ? c->funding_max_apr : c->funding_min_apr;
    char msg[ALERT_MSG_MAX];
    snprintf(msg, sizeof msg, "%s funding %+.0f %%/yr on %s (%+.4f %% per %.0f h; limit %+.0f %%/yr): %s",
             ma->sym, apr, venue_name((enum venue_id)worst), ma->venue[worst].funding * 100,
             ma->venue[worst].funding_interval_h, bound,
             apr > 0 ? "longs crowded" : "shorts crowded");
    latch_raise(ctx, &d->funding, on, worst_x >= 2 ? SEV_CRIT : SEV_WARN, "funding_extreme", ma,
                venue_name((enum venue_id)worst), apr, bound, msg);
}

static void ls_ratio(const struct detect_ctx *ctx, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    struct detect_asset *d = &ma->det;
    double r = ma->ls_ratio, f = c->rearm_frac;
    int hi = r > c->ls_max, lo = r < c->ls_min;
    /* relaxed: within (1 - f) of the way back to 1 */
    int relaxed = r > 1 + (c->ls_max - 1) * f || r < 1 - (1 - c->ls_min) * f;
    int on = detect_latch_step(ctx, &d->ls, hi || lo, relaxed);
    if (!(hi || lo))
        return;
    const char *vn = (unsigned)ma->ls_venue < VENUE_COUNT ? venue_name(ma->ls_venue) : "";
    char msg[ALERT_MSG_MAX];
    snprintf(msg, sizeof msg, "%s long/short account ratio %.2f on %s (limit %.2f): %s", ma->sym,
             r, vn, hi ? c->ls_max : c->ls_min, hi ? "accounts crowded long" : "accounts crowded short");
    latch_raise(ctx, &d->ls, on, SEV_INFO, "ls_extreme", ma, vn, r, hi ? c->ls_max : c->ls_min, msg);
}

void detect_leverage(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    oi_spike(ctx, ai, ma);
    oi_divergence(ctx, ai, ma);
    funding(ctx, ma);
    ls_ratio(ctx, ma);
}
