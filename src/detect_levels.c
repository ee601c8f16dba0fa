/* detect_levels: support_break and resistance_break (see detect.h).
 *
 * A support zone breaks when the reference price stays below
 * lo - margin, margin = max(break_margin_pct of price, break_margin_atr x
 * ATR), for break_obs observations in a row, and the zone was support before
 * the run: going back from the run past the samples inside the zone, the
 * price was above the zone, not below it (that would be a failed reclaim);
 * if the series does not reach back that far, the last 1h close outside the
 * zone decides. The zone then stays
 * disarmed until price recovers above its top, so price hovering under a
 * level alerts once. Further breaks while an earlier one is still disarmed
 * and within break_episode_min of the previous break update the same alert
 * episode ("broke 95,000 ... then 93,900"). Recovering means
 * beyond the far edge by the same margin. Resistance is the
 * mirror image. Observations are the samples of the asset's reference price
 * series (store asset->price). */
#include "liqtop/detect.h"

#include "liqtop/model.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int overlaps(const struct detect_broken *b, int n, const struct level_zone *z)
{
    for (int i = 0; i < n; i++)
        if (z->lo <= b[i].hi && z->hi >= b[i].lo)
            return 1;
    return 0;
}

static enum alert_sev sev_of(const struct detect_cfg *c, double strength)
{
    return strength >= c->break_crit_strength   ? SEV_CRIT
           : strength >= c->break_warn_strength ? SEV_WARN
                                                : SEV_INFO;
}

/* dir = +1 for support (price falls through), -1 for resistance. The edge
 * the price crosses, the line it must stay beyond, and the zone middle. */
static double break_line(const struct detect_cfg *c, const struct level_zone *z, double atr,
                         int dir)
{
    double edge = dir > 0 ? z->lo : z->hi;
    double margin = edge * c->break_margin_pct / 100;
    if (isfinite(atr) && c->break_margin_atr * atr > margin)
        margin = c->break_margin_atr * atr;
    return dir > 0 ? edge - margin : edge + margin;
}

/* beyond(p): below the line for support, above for resistance */
static int beyond(double p, double line, int dir)
{
    return dir > 0 ? p < line : p > line;
}

/* Which side of zone z the price was on before time t, from 1h closes:
 * +1 above, -1 below, 0 unknown. */
static int side_from_candles(const struct asset *a, const struct level_zone *z, int64_t t)
{
    for (uint32_t i = a->n_candles; i-- > 0;) {
        const struct rec_candle *c = &a->candles[i];
        if (c->t_ms + (int64_t)c->interval_s * 1000 > t)
            continue; /* not closed before t */
        if (c->close > z->hi)
            return 1;
        if (c->close < z->lo)
            return -1;
    }
    return 0;
}

/* Did the zone break at sample j? dir > 0: support. */
static int broke_at(const struct asset *a, uint32_t j, int n_obs, const struct level_zone *z,
                    double line, int dir)
{
    const struct ring *r = &a->price.fast;
    if (j < (uint32_t)n_obs)
        return 0;
    for (int k = 0; k < n_obs; k++)
        if (!beyond(ring_v(r, j - (uint32_t)k), line, dir))
            return 0;
    /* the sample before the run must not be beyond: the run starts now */
    uint32_t i = j - (uint32_t)n_obs;
    if (beyond(ring_v(r, i), line, dir))
        return 0;
    /* walk back over the zone and the margin: was the price on the far
     * side of the zone (above it, for a support) before it came down? */
    for (;;) {
        double p = ring_v(r, i);
        if (dir > 0 ? p > z->hi : p < z->lo)
            return 1;
        if (beyond(p, line, dir))
            return 0; /* came from below: a retest or a reclaim, not a break */
        if (i == 0)
            break;
        i--;
    }
    /* the price sat in the zone for as long as the series reaches back */
    return side_from_candles(a, z, ring_t(r, 0)) == dir;
}

static void raise_break(const struct detect_ctx *ctx, struct model_asset *ma, int dir,
                        const struct level_zone *z, int n_more, double p)
{
    struct detect_asset *d = &ma->det;
    const struct detect_cfg *c = ctx->cfg;
    uint64_t *ep = dir > 0 ? &d->sup_episode : &d->res_episode;
    char *venue = dir > 0 ? d->sup_venue : d->res_venue;
    int64_t *last = dir > 0 ? &d->sup_last_ms : &d->res_last_ms;
    if (*ep && ctx->now_ms - *last > (int64_t)(c->break_episode_min * 60000))
        *ep = 0; /* a later break, not the same move */
    *last = ctx->now_ms;
    if (!*ep) {
        *ep = detect_episode(ctx);
        text_copy(venue, 16, (unsigned)ma->price_venue < VENUE_COUNT ? venue_name(ma->price_venue) : "");
    }
    if (z->strength < c->break_min_strength)
        return;
    char lo[32], hi[32], px[32], more[32] = "";
    detect_fmt_price(lo, sizeof lo, z->lo);
    detect_fmt_price(hi, sizeof hi, z->hi);
    detect_fmt_price(px, sizeof px, p);
    double edge = dir > 0 ? z->lo : z->hi;
    double pct = (p - edge) / edge * 100;
    if (n_more > 0)
        snprintf(more, sizeof more, " (+%d more zone%s)", n_more, n_more > 1 ? "s" : "");
    detect_raise(ctx, dir > 0 ? "support_break" : "resistance_break", sev_of(c, z->strength),
                 ma->sym, venue, p, edge, *ep, "%s broke %s %s-%s (strength %.1f): %s, %+.1f %% %s%s",
                 ma->sym, dir > 0 ? "support" : "resistance", lo, hi, z->strength, px, pct,
                 dir > 0 ? "below" : "above", more);
}

void detect_breaks(const struct detect_ctx *ctx, int ai, struct model_asset *ma)
{
    const struct detect_cfg *c = ctx->cfg;
    const struct asset *a = &ctx->store->assets[ai];
    const struct ring *r = &a->price.fast;
    struct detect_asset *d = &ma->det;
    if (r->len == 0)
        return;
    /* first sample not processed yet */
    uint32_t j0 = r->len;
    while (j0 > 0 && ring_t(r, j0 - 1) > d->last_px_t)
        j0--;
    if (j0 == r->len)
        return;
    const struct level_set *ls = &ma->levels;
    for (uint32_t j = j0; j < r->len; j++) {
        double p = ring_v(r, j);
        /* re-arm zones the price has recovered across, by the same margin
         * it had to break them by: a wick back into the zone is no recovery */
        for (int i = 0; i < d->n_broken_sup;) {
            struct level_zone z = {d->broken_sup[i].lo, d->broken_sup[i].hi, 0, 0, 0, 0, 0, 0};
            if (beyond(p, break_line(c, &z, ls->atr, -1), -1))
                d->broken_sup[i] = d->broken_sup[--d->n_broken_sup];
            else
                i++;
        }
        for (int i = 0; i < d->n_broken_res;) {
            struct level_zone z = {d->broken_res[i].lo, d->broken_res[i].hi, 0, 0, 0, 0, 0, 0};
            if (beyond(p, break_line(c, &z, ls->atr, 1), 1))
                d->broken_res[i] = d->broken_res[--d->n_broken_res];
            else
                i++;
        }
        for (int dir = 1; dir >= -1; dir -= 2) {
            struct detect_broken *br = dir > 0 ? d->broken_sup : d->broken_res;
            int *nb = dir > 0 ? &d->n_broken_sup : &d->n_broken_res;
            const struct level_zone *best = NULL;
            int n_broke = 0;
            for (size_t k = 0; k < ls->n; k++) {
                const struct level_zone *z = &ls->zone[k];
                double line = break_line(c, z, ls->atr, dir);
                if (!beyond(p, line, dir) || overlaps(br, *nb, z) ||
                    !broke_at(a, j, c->break_obs, z, line, dir))
                    continue;
                n_broke++;
                if (!best || z->strength > best->strength)
                    best = z;
                if (*nb == DETECT_DISARMED_MAX) { /* full: forget the oldest */
                    memmove(br, br + 1, sizeof *br * (DETECT_DISARMED_MAX - 1));
                    (*nb)--;
                }
                br[(*nb)++] = (struct detect_broken){z->lo, z->hi, z->strength, ring_t(r, j)};
            }
            if (best)
                raise_break(ctx, ma, dir, best, n_broke - 1, p);
        }
    }
    d->last_px_t = ring_t(r, r->len - 1);
}
