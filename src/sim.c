/* sim: the simulated market behind `liqtop --demo` (see sim.h).
 *
 * This file holds the public API, the fixed step grid and what the venues
 * publish; one asset's market is in sim_market.c, positions in sim_pos.c,
 * the history in sim_hist.c.
 *
 * Time. The model steps on a grid of cfg.step_ms from start_ms (market
 * time), whatever times the caller advances to, and publishes on its own
 * grid (tickers every 1 s, depth every 5 s, the 1h candle and the market cap
 * every 60 s, Fear & Greed every 10 min), each record stamped with the grid
 * time it was made at. So a run depends only on the seed and the start, not
 * on how the caller chunks time. */
#include "liqtop/sim.h"

#include "liqtop/text.h"
#include "sim_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SEC_MS 1000LL
#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define TICKER_MS 1000LL
#define DEPTH_MS 5000LL
#define CANDLE_MS 60000LL
#define FG_MS 600000LL
#define R24_MS 300000LL
#define SHOCK_RATE 0.25          /* the shock sells this x depth per s */
#define LIQ_MEM_S 10800.0        /* s, memory of liquidations in Fear & Greed */
#define MARKET_CAP_TOTAL 3.35e12 /* USD at the start with the majors at their start prices */

struct sim {
    struct sim_cfg cfg;
    int64_t start_ms;
    int64_t step_ms;
    int64_t t_ms;   /* last step done */
    int64_t now_ms; /* last time advanced to */
    int64_t hour_ms; /* open time of the current 1h candle */
    size_t n;
    struct sim_asset *a;
    int lead;  /* index of BTC, or -1: then assets move independently */
    int shock; /* index of the asset the shock hits */
    int shocked;
    int history_done;
    struct sim_rng rng; /* market-wide (Fear & Greed) */
    double fg;          /* Fear & Greed, continuous */
    double lead_chg0;   /* leader's 24 h change at the start */
    double mcap_const;  /* USD: rest of the market plus majors not simulated */
    double oi0_total;
    double liq_mem;     /* USD liquidated, all assets, fading with LIQ_MEM_S */
};

void sim_cfg_default(struct sim_cfg *cfg)
{
    cfg->seed = 7;
    cfg->shock_after_s = 18;
    cfg->history_hours = 500;
    cfg->step_ms = 250;
}

static const char *fg_label(int v)
{
    return v < 25 ? "Extreme Fear" : v < 45 ? "Fear" : v < 55 ? "Neutral" : v < 75 ? "Greed"
                                                                                    : "Extreme Greed";
}

static double p24(const struct sim_asset *a)
{
    return a->r24[a->r24_head]; /* oldest sample: 24 h ago (5-min resolution) */
}

static double lead_change(const struct sim *s)
{
    const struct sim_asset *a = &s->a[s->lead >= 0 ? s->lead : 0];
    return a->p / p24(a) - 1;
}

static int asset_init(struct sim_asset *a, const struct sim_cfg *cfg, const char *sym,
                      int64_t hour0)
{
    memset(a, 0, sizeof *a);
    sim_params_for(sym, &a->prm);
    text_copy(a->sym, sizeof a->sym, sym);
    uint64_t h = sim_hash(a->sym);
    sim_rng_seed(&a->rng, cfg->seed, h);
    sim_rng_seed(&a->hrng, cfg->seed, h ^ 0x6a09e667f3bcc909ULL);
    if (sim_pop_init(&a->pop, (uint32_t)a->prm.n_pos * 2) != 0)
        return -1;
    if (sim_hist_build(a, cfg->history_hours, hour0) != 0 || sim_hist_population(a) != 0)
        return -1;
    sim_asset_init_flows(a);
    a->p = a->prm.price;
    a->lf = a->anchor = a->slow = a->value = a->home = log(a->p);
    a->h[0] = a->h[1] = 1;
    a->presence = 1;
    a->turnover_s = 0.15 * a->prm.oi_usd / 3600.0;
    double nl = 0, ns = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        nl += a->pop.count[v][SIM_LONG];
        ns += a->pop.count[v][SIM_SHORT];
        a->oi_pub_usd[v] = NAN;
    }
    double eq = 0.0001 + 0.0004 * ((ns > 0 ? nl / ns : 1) - 1);
    a->prem = a->prem_ema = a->fund_ema = eq;
    a->cur = (struct sim_candle){hour0, a->p, a->p, a->p, a->p, 0};
    return 0;
}

static void asset_done(struct sim_asset *a)
{
    sim_pop_done(&a->pop);
    free(a->liq_q.v);
    free(a->stop_q.v);
    free(a->due);
    free(a->hist);
}

struct sim *sim_new(const struct sim_cfg *cfg, const char *const *syms, size_t n, int64_t start_ms)
{
    if (!cfg || (n && !syms))
        return NULL;
    struct sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cfg = *cfg;
    /* the grid must divide the publication periods */
    int64_t st = (int64_t)cfg->step_ms;
    s->step_ms = (cfg->step_ms == (double)st && st >= 10 && st <= 1000 && 1000 % st == 0) ? st : 250;
    s->cfg.step_ms = (double)s->step_ms;
    s->start_ms = s->t_ms = s->now_ms = start_ms;
    s->a = calloc(n ? n : 1, sizeof *s->a);
    if (!s->a) {
        free(s);
        return NULL;
    }
    int64_t hour0 = start_ms - start_ms % HOUR_MS;
    s->hour_ms = hour0;
    s->lead = -1;
    for (size_t i = 0; i < n; i++) {
        if (!syms[i] || !*syms[i])
            continue;
        int dup = 0;
        for (size_t j = 0; j < s->n; j++)
            dup |= !strncmp(s->a[j].sym, syms[i], SYM_MAX - 1);
        if (dup)
            continue;
        if (asset_init(&s->a[s->n], &s->cfg, syms[i], hour0) != 0) {
            asset_done(&s->a[s->n]);
            sim_free(s);
            return NULL;
        }
        if (!strcmp(s->a[s->n].sym, "BTC"))
            s->lead = (int)s->n;
        s->n++;
    }
    s->shock = s->lead >= 0 ? s->lead : 0;
    sim_rng_seed(&s->rng, cfg->seed, 0xfea7ULL);
    s->fg = 40 + sim_rng_range(&s->rng, -3, 3);
    if (s->n)
        s->lead_chg0 = lead_change(s);
    /* market cap: the simulated assets at their prices plus a constant rest */
    static const char *const maj[] = {"BTC", "ETH", "SOL", "XRP", "DOGE"};
    s->mcap_const = MARKET_CAP_TOTAL;
    for (size_t k = 0; k < sizeof maj / sizeof maj[0]; k++) {
        struct sim_params prm;
        sim_params_for(maj[k], &prm);
        int found = 0;
        for (size_t i = 0; i < s->n; i++)
            found |= !strcmp(s->a[i].sym, maj[k]);
        if (found) /* the rest of the market excludes what is simulated */
            s->mcap_const -= prm.supply * prm.price;
    }
    for (size_t i = 0; i < s->n; i++)
        s->oi0_total += s->a[i].prm.oi_usd;
    return s;
}

void sim_free(struct sim *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        asset_done(&s->a[i]);
    free(s->a);
    free(s);
}

/* ---- publication ------------------------------------------------------ */

static const double fund_mult[VENUE_MARKET_COUNT] = {1.0, 1.05, 0.95, 1.1, 1.0};

static int publish_tickers(struct sim *s, int64_t t, struct recs out[VENUE_COUNT], int move_basis)
{
    for (size_t i = 0; i < s->n; i++) {
        struct sim_asset *a = &s->a[i];
        double mark = sim_asset_mark(a), index = sim_asset_index(a), f = sim_asset_funding(a);
        double open24 = p24(a), vol24 = 0;
        for (int k = 0; k < 24; k++)
            vol24 += a->vol24[k];
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            if (move_basis) /* small, mean-reverting differences between venues */
                a->vb[v] += -a->vb[v] / 30.0 + 0.00004 * sim_rng_norm(&a->rng);
            struct rec_ticker *tk = recs_add_ticker(&out[v], a->sym);
            if (!tk)
                return -1;
            double b = 1 + a->vb[v];
            tk->t_ms = t;
            tk->price = a->p * b;
            tk->mark = mark * (1 + 0.3 * a->vb[v]);
            tk->index = index * (1 + 0.05 * a->vb[v]);
            tk->oi_base = a->pop.qty[v][0] + a->pop.qty[v][1];
            tk->oi_usd = tk->oi_base * tk->mark;
            a->oi_pub_usd[v] = tk->oi_usd;
            a->oi_pub_base[v] = tk->oi_base;
            double fv = f * fund_mult[v];
            fv = fv < -0.003 ? -0.003 : fv > 0.003 ? 0.003 : fv;
            if (v == VENUE_HYPERLIQUID) {
                tk->funding = fv / 8; /* hourly funding */
                tk->funding_interval_h = 1;
            } else {
                tk->funding = fv;
                tk->funding_interval_h = 8;
                if (a->pop.count[v][SIM_SHORT])
                    tk->ls_ratio = (double)a->pop.count[v][SIM_LONG] / a->pop.count[v][SIM_SHORT];
            }
            tk->open_24h = open24 * b;
            tk->change_24h = a->p / open24 - 1;
            tk->volume_24h_usd = vol24 * sim_venue_share[v];
        }
    }
    return 0;
}

static int publish_depth(struct sim *s, int64_t t, struct recs out[VENUE_COUNT])
{
    for (size_t i = 0; i < s->n; i++) {
        const struct sim_asset *a = &s->a[i];
        /* the outer band (1-2 %) is pulled and eaten less than the inner one */
        double outer = sqrt(a->presence);
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            struct rec_depth *d = recs_add_depth(&out[v], a->sym);
            if (!d)
                return -1;
            double sh = sim_venue_share[v] * a->prm.depth;
            d->t_ms = t;
            d->mid = a->p * (1 + a->vb[v]);
            d->bid_1pct = sh * sim_asset_depth(a, 0) / a->prm.depth;
            d->ask_1pct = sh * sim_asset_depth(a, 1) / a->prm.depth;
            d->bid_2pct = d->bid_1pct + sh * outer * (0.6 + 0.4 * a->h[0]);
            d->ask_2pct = d->ask_1pct + sh * outer * (0.6 + 0.4 * a->h[1]);
            d->coverage_pct = 2.0;
        }
    }
    return 0;
}

static int publish_candles(struct sim *s, struct recs out[VENUE_COUNT])
{
    for (size_t i = 0; i < s->n; i++) {
        const struct sim_asset *a = &s->a[i];
        struct rec_candle *c = recs_add_candle(&out[VENUE_BINANCE], a->sym);
        if (!c)
            return -1;
        c->t_ms = a->cur.t_ms;
        c->interval_s = 3600;
        c->open = a->cur.open;
        c->high = a->cur.high;
        c->low = a->cur.low;
        c->close = a->cur.close;
        c->volume = a->cur.volume;
    }
    return 0;
}

static void publish_market_cap(struct sim *s, int64_t t, struct recs out[VENUE_COUNT])
{
    double now = s->mcap_const, ago = s->mcap_const, btc = NAN;
    for (size_t i = 0; i < s->n; i++) {
        const struct sim_asset *a = &s->a[i];
        now += a->prm.supply * a->p;
        ago += a->prm.supply * p24(a);
        if ((int)i == s->lead)
            btc = a->prm.supply * a->p;
    }
    if (isnan(btc)) {
        struct sim_params prm;
        sim_params_for("BTC", &prm);
        btc = prm.supply * prm.price;
    }
    struct recs *r = &out[VENUE_COINGECKO];
    r->has_market_cap = 1;
    r->market_cap = (struct rec_market_cap){t, now, now / ago - 1, btc / now};
}

/* Fear & Greed: a sentiment that follows the leader's 24 h change (from
 * where it stood at the start) and the liquidations of the last hours
 * (memory of ~3 h), moving half way to its target at each update. */
static void publish_fear_greed(struct sim *s, int64_t t, struct recs out[VENUE_COUNT], int update)
{
    if (update && s->n) {
        double flushed = s->liq_mem / (0.05 * s->oi0_total);
        double target = 44 + 200 * (lead_change(s) - s->lead_chg0) - 16 * tanh(flushed);
        s->fg += 0.5 * (target - s->fg);
        s->fg = s->fg < 1 ? 1 : s->fg > 99 ? 99 : s->fg;
    }
    int v = (int)lround(s->fg);
    struct recs *r = &out[VENUE_FEARGREED];
    r->has_fear_greed = 1;
    r->fear_greed.t_ms = t;
    r->fear_greed.value = v;
    text_copy(r->fear_greed.label, sizeof r->fear_greed.label, fg_label(v));
}

/* ---- history ---------------------------------------------------------- */

int sim_history(struct sim *s, struct recs out[VENUE_COUNT])
{
    if (!s || s->history_done)
        return 0;
    s->history_done = 1;
    for (size_t i = 0; i < s->n; i++) {
        struct sim_asset *a = &s->a[i];
        for (int k = 0; k < a->n_hist; k++) {
            const struct sim_candle *hc = &a->hist[k];
            struct rec_candle *c = recs_add_candle(&out[VENUE_BINANCE], a->sym);
            if (!c)
                return -1;
            c->t_ms = hc->t_ms;
            c->interval_s = 3600;
            c->open = hc->open;
            c->high = hc->high;
            c->low = hc->low;
            c->close = hc->close;
            c->volume = hc->volume;
        }
        /* OI, price and long/short ratio every 5 min over the last day, ending
         * at the start values; own stream so dynamics are untouched */
        struct sim_rng r;
        sim_rng_seed(&r, s->cfg.seed, sim_hash(a->sym) ^ 0xbb67ae8584caa73bULL);
        double slope = sim_rng_range(&r, 0.01, 0.03); /* OI grew this much over the day */
        double mark = sim_asset_mark(a);
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            double oi_now = (a->pop.qty[v][0] + a->pop.qty[v][1]) * mark;
            double ls_now = a->pop.count[v][SIM_SHORT]
                                ? (double)a->pop.count[v][SIM_LONG] / a->pop.count[v][SIM_SHORT]
                                : NAN;
            double nz = 0, nl = 0;
            for (int k = 288; k >= 1; k--) {
                int64_t t = s->start_ms - (int64_t)k * R24_MS;
                nz = 0.9 * nz + 0.0015 * sim_rng_norm(&r);
                nl = 0.9 * nl + 0.01 * sim_rng_norm(&r);
                double frac = k / 288.0;
                struct rec_point *pt = recs_add_point(&out[v], a->sym);
                if (!pt)
                    return -1;
                pt->t_ms = t;
                pt->series = RS_OI_USD;
                pt->value = oi_now * (1 - slope * frac) * (1 + nz);
                int hi = a->n_hist - 1 - (int)((a->hist[a->n_hist - 1].t_ms + HOUR_MS - 1 - t) / HOUR_MS);
                double px = a->p;
                if (hi >= 0 && hi < a->n_hist) {
                    const struct sim_candle *c = &a->hist[hi];
                    double f = (double)(t - c->t_ms) / HOUR_MS;
                    px = c->open + (c->close - c->open) * f;
                    double wig = 0.25 * (c->high - c->low) * sim_rng_norm(&r);
                    px = fmin(c->high, fmax(c->low, px + wig));
                }
                pt = recs_add_point(&out[v], a->sym);
                if (!pt)
                    return -1;
                pt->t_ms = t;
                pt->series = RS_PRICE;
                pt->value = px;
                if (v != VENUE_HYPERLIQUID && !isnan(ls_now)) {
                    pt = recs_add_point(&out[v], a->sym);
                    if (!pt)
                        return -1;
                    pt->t_ms = t;
                    pt->series = RS_LS_RATIO;
                    pt->value = ls_now * (1 + nl);
                }
            }
        }
    }
    /* and the state at the start */
    if (publish_tickers(s, s->start_ms, out, 0) || publish_depth(s, s->start_ms, out) ||
        publish_candles(s, out))
        return -1;
    publish_market_cap(s, s->start_ms, out);
    publish_fear_greed(s, s->start_ms, out, 0);
    return 0;
}

/* ---- stepping --------------------------------------------------------- */

static void start_shock(struct sim *s)
{
    struct sim_asset *a = &s->a[s->shock];
    /* a seller who wants the price under the support zone (S +-0.3 %) and
     * sells until it is 0.35 % under its lower edge; the rest is up to the
     * positions */
    double target = a->support * (1 - 0.003) * (1 - 0.0035);
    sim_asset_shock(a, 4 * a->prm.depth, SHOCK_RATE * a->prm.depth, target);
}

static int do_step(struct sim *s, int64_t t, struct recs out[VENUE_COUNT])
{
    int rc = 0;
    double dt = (double)s->step_ms / 1000.0;
    if (!s->shocked && s->cfg.shock_after_s >= 0 &&
        (double)(t - s->start_ms) >= s->cfg.shock_after_s * 1000.0) {
        start_shock(s);
        s->shocked = 1;
    }
    double lead_ret = 0;
    if (s->lead >= 0) {
        if (sim_asset_step(&s->a[s->lead], t, dt, 0, 1, out) != 0)
            rc = -1;
        lead_ret = s->a[s->lead].ret;
    }
    for (size_t i = 0; i < s->n; i++) {
        if ((int)i == s->lead)
            continue;
        if (sim_asset_step(&s->a[i], t, dt, lead_ret, s->lead < 0, out) != 0)
            rc = -1;
    }

    int64_t el = t - s->start_ms;
    int new_hour = t - s->hour_ms >= HOUR_MS;
    if (new_hour) { /* the hour closed: its final candle, then the new one */
        if (publish_candles(s, out) != 0)
            rc = -1;
        s->hour_ms = t - t % HOUR_MS;
        for (size_t i = 0; i < s->n; i++) {
            struct sim_asset *a = &s->a[i];
            a->vol24[a->vol24_head] = a->hour_usd;
            a->vol24_head = (a->vol24_head + 1) % 24;
            a->hour_usd = 0;
            a->cur = (struct sim_candle){s->hour_ms, a->p, a->p, a->p, a->p, 0};
            sim_pop_resum(&a->pop); /* running sums drift by rounding */
        }
        if (publish_candles(s, out) != 0)
            rc = -1;
    }
    if (el % R24_MS == 0)
        for (size_t i = 0; i < s->n; i++) {
            struct sim_asset *a = &s->a[i];
            a->r24[a->r24_head] = a->p;
            a->r24_head = (a->r24_head + 1) % SIM_RING24;
        }
    if (el % MIN_MS == 0) {
        s->liq_mem *= exp(-60.0 / LIQ_MEM_S);
        for (size_t i = 0; i < s->n; i++) {
            s->liq_mem += s->a[i].liq_minute_usd[0] + s->a[i].liq_minute_usd[1];
            s->a[i].liq_minute_usd[0] = s->a[i].liq_minute_usd[1] = 0;
        }
    }
    if (el % TICKER_MS == 0 && publish_tickers(s, t, out, 1) != 0)
        rc = -1;
    if (el % DEPTH_MS == 0 && publish_depth(s, t, out) != 0)
        rc = -1;
    if (el % CANDLE_MS == 0) {
        if (!new_hour && publish_candles(s, out) != 0)
            rc = -1;
        publish_market_cap(s, t, out);
    }
    if (el % FG_MS == 0)
        publish_fear_greed(s, t, out, 1);
    return rc;
}

int sim_advance(struct sim *s, int64_t now_ms, struct recs out[VENUE_COUNT])
{
    if (!s)
        return -1;
    int rc = 0;
    while (s->t_ms + s->step_ms <= now_ms) {
        s->t_ms += s->step_ms;
        if (do_step(s, s->t_ms, out) != 0)
            rc = -1;
    }
    if (now_ms > s->now_ms)
        s->now_ms = now_ms;
    return rc;
}

int64_t sim_now(const struct sim *s)
{
    return s->now_ms;
}

/* ---- introspection ---------------------------------------------------- */

static int find(const struct sim *s, const char *sym)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->a[i].sym, sym))
            return (int)i;
    return -1;
}

int sim_asset_stats(const struct sim *s, const char *sym, struct sim_asset_stats *out)
{
    int i = s && sym ? find(s, sym) : -1;
    if (i < 0)
        return -1;
    const struct sim_asset *a = &s->a[i];
    memset(out, 0, sizeof *out);
    out->price = a->p;
    double q = 0;
    for (uint32_t k = 0; k < a->pop.used; k++)
        if (a->pop.pos[k].state != POS_FREE)
            q += a->pop.pos[k].qty;
    out->oi_base = q;
    out->oi_usd = q * a->p;
    out->oi_base_published = out->oi_usd_published = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        out->oi_usd_published += a->oi_pub_usd[v];
        out->oi_base_published += a->oi_pub_base[v];
    }
    out->positions_open = a->pop.open;
    out->liquidations = a->liquidations;
    out->liquidations_unpublished = a->liq_hidden;
    out->liquidated_long_usd = a->liq_usd[SIM_LONG];
    out->liquidated_short_usd = a->liq_usd[SIM_SHORT];
    out->support = a->support;
    out->mark = sim_asset_mark(a);
    out->funding = sim_asset_funding(a);
    out->depth_bid_usd = sim_asset_depth(a, 0);
    return 0;
}

int sim_check(const struct sim *s, const char *sym)
{
    int i = s && sym ? find(s, sym) : -1;
    if (i < 0)
        return -1;
    const struct sim_asset *a = &s->a[i];
    if (sim_pop_check(&a->pop) != 0)
        return -1;
    /* every PENDING position is queued exactly once */
    uint32_t pending = 0;
    for (uint32_t k = 0; k < a->pop.used; k++)
        pending += a->pop.pos[k].state == POS_PENDING;
    if (pending != a->liq_q.len + a->stop_q.len)
        return -1;
    unsigned char *seen = calloc(a->pop.used ? a->pop.used : 1, 1);
    if (!seen)
        return -1;
    int bad = 0;
    const struct sim_queue *qs[2] = {&a->liq_q, &a->stop_q};
    for (int j = 0; j < 2; j++)
        for (uint32_t k = 0; k < qs[j]->len; k++) {
            uint32_t slot = sim_queue_at(qs[j], k)->slot;
            if (slot >= a->pop.used || seen[slot] || a->pop.pos[slot].state != POS_PENDING ||
                a->pop.pos[slot].stop != (j == 1))
                bad = 1;
            else
                seen[slot] = 1;
        }
    free(seen);
    if (bad)
        return -1;
    return 0;
}
