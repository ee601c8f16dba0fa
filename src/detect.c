/* detect: defaults and helpers shared by the detectors (see detect.h). */
#include "liqtop/detect.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void detect_cfg_default(struct detect_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->break_obs = 3;
    c->break_margin_pct = 0.15;
    c->break_margin_atr = 0.2;
    c->break_min_strength = 0.3;
    c->break_warn_strength = 0.5;
    c->break_crit_strength = 0.75;
    c->break_episode_min = 60;
    c->spike_z = 3;
    c->spike_window_s = 300;
    c->spike_history_h = 24;
    c->spike_min_samples = 36;
    c->spike_min_pct = 1.5;
    c->spike_std_floor_pct = 0.1;
    c->spike_pct = 8;
    c->spike_pct_window_s = 3600;
    c->div_oi_pct = 5;
    c->div_price_pct = 1;
    c->div_window_s = 4 * 3600;
    c->funding_max_apr = 100;
    c->funding_min_apr = -50;
    c->ls_max = 3.5;
    c->ls_min = 0.4;
    c->cascade_ratio = 5;
    c->cascade_min_usd = 100000;
    c->cascade_min_oi_pct = 0.003;
    c->cascade_min_move_pct = 0.5;
    c->cascade_gap_min = 2;
    c->cascade_end_min = 30;
    c->cascade_min_waves = 2;
    c->cascade_crit_waves = 3;
    c->cascade_crit_oi_pct = 1.0;
    c->cascade_baseline_h = 2;
    c->drain_pct = 50;
    c->drain_band_pct = 2;
    c->drain_baseline_min = 60;
    c->drain_obs = 2;
    c->drain_warmup_min = 15;
    c->rearm_frac = 0.7;
    c->rearm_s = 600;
}

void detect_asset_init(struct detect_asset *d)
{
    memset(d, 0, sizeof *d);
    d->oi_z = d->oi_spike_chg = d->oi_div_chg = d->px_div_chg = NAN;
    d->liq_base = NAN;
    d->liq_base_min = -1;
    d->liq_ratio = NAN;
    d->depth_ratio = NAN;
    d->z_slot = -1;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        for (int k = 0; k < 4; k++)
            d->depth_base[v][k] = NAN;
}

char *detect_fmt_price(char *buf, size_t n, double p)
{
    if (!n)
        return buf;
    if (!isfinite(p)) {
        snprintf(buf, n, "-");
        return buf;
    }
    double a = fabs(p);
    int dec = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 4;
    if (a >= 1000 && a < 1e15) {
        /* group the integer part by thousands */
        long long v = llround(a);
        char digits[32], out[48];
        int nd = snprintf(digits, sizeof digits, "%lld", v), o = 0;
        if (p < 0)
            out[o++] = '-';
        for (int i = 0; i < nd; i++) {
            if (i && (nd - i) % 3 == 0)
                out[o++] = ',';
            out[o++] = digits[i];
        }
        out[o] = '\0';
        snprintf(buf, n, "%s", out);
    } else {
        snprintf(buf, n, "%.*f", dec, p);
    }
    return buf;
}

uint64_t detect_episode(const struct detect_ctx *ctx)
{
    return ++*ctx->episode_seq;
}

int detect_raise(const struct detect_ctx *ctx, const char *kind, enum alert_sev sev,
                 const char *sym, const char *venue, double value, double threshold,
                 uint64_t episode, const char *fmt, ...)
{
    if (!ctx->alerts)
        return 0;
    struct alert a;
    memset(&a, 0, sizeof a);
    a.t_ms = ctx->now_ms;
    text_copy(a.kind, sizeof a.kind, kind);
    a.sev = sev;
    text_copy(a.sym, sizeof a.sym, sym ? sym : "");
    text_copy(a.venue, sizeof a.venue, venue ? venue : "");
    a.value = value;
    a.threshold = threshold;
    a.episode = episode;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a.msg, sizeof a.msg, fmt, ap);
    va_end(ap);
    return alerts_raise(ctx->alerts, &a);
}

int detect_latch_step(const struct detect_ctx *ctx, struct detect_latch *l, int cond, int relaxed)
{
    if (!l->on) {
        if (!cond)
            return 0;
        l->on = 1;
        l->since_ms = ctx->now_ms;
        l->clear_ms = 0;
        l->peak = NAN;
        l->sev = SEV_INFO;
        l->episode = detect_episode(ctx);
        return 1;
    }
    if (relaxed || cond) {
        l->clear_ms = 0;
    } else if (!l->clear_ms) {
        l->clear_ms = ctx->now_ms;
    } else if (ctx->now_ms - l->clear_ms >= (int64_t)(ctx->cfg->rearm_s * 1000)) {
        l->on = 0;
        l->clear_ms = 0;
    }
    return 0;
}

int detect_series_sample(const struct series *se, int64_t at, int64_t *t, double *v)
{
    long i = ring_index_at(&se->fast, at);
    if (i >= 0) {
        *t = ring_t(&se->fast, (uint32_t)i);
        *v = ring_v(&se->fast, (uint32_t)i);
        return 1;
    }
    i = ring_index_at(&se->slow, at);
    if (i >= 0) {
        *t = ring_t(&se->slow, (uint32_t)i);
        *v = ring_v(&se->slow, (uint32_t)i);
        return 1;
    }
    return 0;
}

int detect_oi_ends(const struct store *s, int ai, int venue, int64_t now, int64_t window,
                   double *x_now, double *x_then)
{
    if (ai < 0 || (size_t)ai >= s->n_assets || venue < 0 || venue >= VENUE_MARKET_COUNT ||
        window <= 0)
        return 0;
    const struct series *se = &s->assets[ai].venue[venue].oi_usd;
    int64_t stale = (int64_t)s->cfg.stale_after_s * 1000;
    int64_t then = now - window;
    int64_t t0, t1;
    double x0, x1;
    if (!series_last(se, &t1, &x1) || now - t1 > stale || !(x1 > 0))
        return 0;
    /* the start sample may be older than `then` by a poll interval plus a
     * slow-ring bucket, not more */
    if (!detect_series_sample(se, then, &t0, &x0) || then - t0 > stale + se->step_ms ||
        !(x0 > 0) || t0 >= t1)
        return 0;
    *x_now = x1;
    *x_then = x0;
    return 1;
}

double detect_oi_change(const struct store *s, int ai, int venue, int64_t now, int64_t window,
                        int coins)
{
    if (ai < 0 || (size_t)ai >= s->n_assets || window <= 0)
        return NAN;
    int64_t then = now - window;
    double sum_now = 0, sum_then = 0;
    int n = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        if (venue >= 0 && v != venue)
            continue;
        double x0, x1;
        if (!detect_oi_ends(s, ai, v, now, window, &x1, &x0))
            continue;
        sum_now += x1;
        sum_then += x0;
        n++;
    }
    if (!n || !(sum_then > 0))
        return NAN;
    if (coins) {
        double p1 = store_price_at(s, ai, now), p0 = store_price_at(s, ai, then);
        if (!(p1 > 0) || !(p0 > 0))
            return NAN;
        return (sum_now / p1) / (sum_then / p0) - 1;
    }
    return sum_now / sum_then - 1;
}
