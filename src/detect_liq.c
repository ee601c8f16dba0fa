/* detect_liq: liq_cascade, the liquidation waterfall (see detect.h).
 *
 * Baseline: an exponentially weighted mean of the asset's liquidations per
 * minute (both sides, all venues, estimates included), half-life
 * cascade_baseline_h, fed one completed minute at a time; a minute counts at
 * most 5x the baseline, so one cascade does not teach the baseline that
 * cascades are normal. It starts from the mean of the last 6 hours held.
 *
 * A burst minute: one side's liquidations in the minute (the current,
 * partial minute counts as soon as it gets there) reach
 * max(cascade_ratio x baseline, cascade_min_usd, cascade_min_oi_pct of OI).
 * A run of burst minutes separated by fewer than cascade_gap_min quiet ones
 * is a wave. A cascade is tracked from the first wave in which price moved
 * cascade_min_move_pct against the liquidated side (down for longs) since the
 * minute before the burst. Every later wave that pushes price to a new
 * extreme (a lower low for longs) counts as another step of the waterfall.
 * The alert (kind liq_cascade, one episode) is raised at cascade_min_waves
 * steps (default 2: a waterfall is a burst, a lower price, another burst),
 * or at once when a single wave liquidates cascade_crit_oi_pct of OI; later
 * waves update the same alert. Severity turns crit at cascade_crit_waves or
 * cascade_crit_oi_pct of OI liquidated. cascade_end_min quiet minutes end
 * the cascade; the next burst is a new episode. */
#include "liqtop/detect.h"

#include "liqtop/model.h"
#include "liqtop/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIN_MS 60000LL
#define INIT_WINDOW_MIN 360
#define WINSOR 5.0

static double side_usd(const struct store *s, int ai, int64_t from, int64_t to, int side)
{
    struct liq_totals t;
    store_liq_totals(s, ai, -1, from, to, &t);
    return t.usd[side];
}

static void update_baseline(const struct detect_ctx *ctx, int ai, struct detect_asset *d,
                            int64_t cur_min, double floor_usd)
{
    const struct store *s = ctx->store;
    if (isnan(d->liq_base)) {
        struct liq_totals t;
        store_liq_totals(s, ai, -1, (cur_min - INIT_WINDOW_MIN) * MIN_MS, cur_min * MIN_MS, &t);
        d->liq_base = (t.usd[0] + t.usd[1]) / INIT_WINDOW_MIN;
        d->liq_base_min = cur_min - 1;
        return;
    }
    double hl = ctx->cfg->cascade_baseline_h * 60;
    double alpha = 1 - pow(0.5, 1 / (hl > 0 ? hl : 1));
    int64_t m = d->liq_base_min + 1;
    if (cur_min - m > 24 * 60)
        m = cur_min - 24 * 60; /* a long gap: the distant past adds nothing */
    for (; m < cur_min; m++) {
        struct liq_totals t;
        store_liq_totals(s, ai, -1, m * MIN_MS, (m + 1) * MIN_MS, &t);
        double x = t.usd[0] + t.usd[1];
        double cap = WINSOR * (d->liq_base > floor_usd ? d->liq_base : floor_usd);
        if (x > cap)
            x = cap;
        d->liq_base += alpha * (x - d->liq_base);
        d->liq_base_n++;
    }
    d->liq_base_min = cur_min - 1;
}

static void raise_cascade(const struct detect_ctx *ctx, const struct model_asset *ma, int side,
                          const struct detect_cascade *cs, double price)
{
    char usd[32], px[32];
    num_fmt_usd(usd, sizeof usd, cs->usd);
    detect_fmt_price(px, sizeof px, price);
    double mins = (double)(ctx->now_ms - cs->start_ms) / MIN_MS;
    double move = cs->ref_px > 0 ? (price / cs->ref_px - 1) * 100 : NAN;
    char ratio[24];
    if (isfinite(cs->peak_ratio))
        snprintf(ratio, sizeof ratio, "%.0fx", cs->peak_ratio);
    else
        snprintf(ratio, sizeof ratio, "far above");
    detect_raise(ctx, "liq_cascade", cs->sev, ma->sym, "all", cs->usd, cs->threshold, cs->episode,
                 "%s %s liquidation cascade: %d wave%s, %s %s liquidated in %.0f min (peak %s "
                 "baseline), price %+.1f %% to %s",
                 ma->sym, side == LIQ_LONG ? "long" : "short", cs->waves, cs->waves == 1 ? "" : "s",
                 usd, side == LIQ_LONG ? "longs" : "shorts", mins < 1 ? 1 : mins, ratio, move, px);
}

void detect_cascade(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    const struct store *s = ctx->store;
    struct detect_asset *d = &ma->det;
    int64_t now = ctx->now_ms, cur_min = now / MIN_MS;
    double oi = ma->oi_usd > 0 ? ma->oi_usd : 0;
    double floor_usd = c->cascade_min_usd;
    if (oi * c->cascade_min_oi_pct / 100 > floor_usd)
        floor_usd = oi * c->cascade_min_oi_pct / 100;
    update_baseline(ctx, ai, d, cur_min, floor_usd);
    double thr = c->cascade_ratio * d->liq_base;
    if (thr < floor_usd)
        thr = floor_usd;
    /* the baseline a burst is measured against: never below thr / ratio */
    double eff_base = thr / c->cascade_ratio;

    /* minutes to look at: the current one and any not yet final when last seen */
    int64_t first = d->liq_eval_min > 0 ? d->liq_eval_min : cur_min;
    if (first < cur_min - 2)
        first = cur_min - 2;
    if (first > cur_min)
        first = cur_min;
    double cur[2] = {0, 0};
    double price = ma->price;
    for (int side = 0; side < 2; side++) {
        struct detect_cascade *cs = &d->cascade[side];
        int dir = side == LIQ_LONG ? -1 : 1; /* the way price moves against this side */
        for (int64_t m = first; m <= cur_min; m++) {
            double usd = side_usd(s, ai, m * MIN_MS, (m + 1) * MIN_MS, side);
            if (m == cur_min)
                cur[side] = usd;
            if (usd < thr || m <= cs->last_burst_min)
                continue;
            /* a new burst minute */
            double r = eff_base > 0 ? usd / eff_base : NAN;
            if (!cs->active && !cs->pending) {
                memset(cs, 0, sizeof *cs);
                cs->pending = 1;
                cs->start_ms = m * MIN_MS;
                cs->wave_start_min = m;
                cs->ref_px = store_price_at(s, ai, (m - 1) * MIN_MS);
                if (!(cs->ref_px > 0))
                    cs->ref_px = price;
                cs->wave_ref_px = cs->ref_px;
                cs->extreme = price;
                cs->in_wave = 1;
                cs->peak_ratio = r;
            } else if (cs->active && !cs->in_wave) {
                cs->in_wave = 1;
                cs->wave_counted = 0;
                cs->wave_start_min = m;
                cs->prev_extreme = cs->extreme;
                cs->wave_ref_px = price;
            }
            if (!(cs->peak_ratio >= r))
                cs->peak_ratio = r;
            cs->last_burst_min = m;
        }
        if (!cs->active && !cs->pending)
            continue;
        /* track the extreme price of the current wave */
        if (cs->in_wave && price > 0 && (dir < 0 ? price < cs->extreme : price > cs->extreme))
            cs->extreme = price;
        if (!(cs->extreme > 0))
            cs->extreme = price;
        cs->threshold = thr;
        int quiet = (int)(cur_min - cs->last_burst_min);
        int changed = 0;
        if (cs->pending) {
            double move = cs->ref_px > 0 ? dir * (price / cs->ref_px - 1) * 100 : NAN;
            if (move >= c->cascade_min_move_pct) {
                cs->pending = 0;
                cs->active = 1;
                cs->waves = 1;
                cs->wave_counted = 1;
                cs->episode = detect_episode(ctx);
                cs->sev = SEV_WARN;
                changed = 1;
            } else if (quiet >= c->cascade_gap_min) {
                cs->pending = 0; /* a burst without the move: not a cascade */
                cs->in_wave = 0;
                continue;
            }
        }
        if (!cs->active)
            continue;
        if (cs->in_wave && !cs->wave_counted && cs->prev_extreme > 0 &&
            (dir < 0 ? price < cs->prev_extreme : price > cs->prev_extreme)) {
            cs->waves++;
            cs->wave_counted = 1;
            changed = 1;
        }
        if (cs->in_wave && quiet >= c->cascade_gap_min)
            cs->in_wave = 0;
        cs->usd = side_usd(s, ai, cs->start_ms, now + 1, side);
        enum alert_sev sev = cs->waves >= c->cascade_crit_waves ||
                                     (oi > 0 && cs->usd >= oi * c->cascade_crit_oi_pct / 100)
                                 ? SEV_CRIT
                                 : SEV_WARN;
        if (sev > cs->sev) {
            cs->sev = sev;
            changed = 1;
        }
        int big = oi > 0 && cs->usd >= oi * c->cascade_crit_oi_pct / 100;
        if ((cs->waves >= c->cascade_min_waves || big) &&
            (changed || cs->waves > cs->waves_raised)) {
            raise_cascade(ctx, ma, side, cs, price);
            cs->waves_raised = cs->waves;
        }
        if (quiet >= c->cascade_end_min) {
            cs->active = 0;
            cs->in_wave = 0;
        }
    }
    d->liq_min_usd[0] = cur[0];
    d->liq_min_usd[1] = cur[1];
    double big = cur[0] > cur[1] ? cur[0] : cur[1];
    d->liq_ratio = d->liq_base > 0 ? big / d->liq_base : NAN;
    d->liq_eval_min = cur_min;
}
