/* model: orchestration and the state the UI reads (see model.h). */
#include "liqtop/model.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define STEP_MS 1000LL       /* model_update does nothing twice within this */
#define ASSET_STEP_MS 5000LL /* an unchanged asset is still refreshed this often */

/* ---------------------------------------------------------------- config */

void model_cfg_default(struct model_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    levels_cfg_default(&cfg->levels);
    detect_cfg_default(&cfg->detect);
    estimate_cfg_default(&cfg->estimate);
    stress_cfg_default(&cfg->stress);
    alerts_cfg_default(&cfg->alerts);
    alertsink_cfg_default(&cfg->sink);
}

#define MC struct model_cfg
#define KI(name, member, lo, hi, help) {name, CFG_INT, offsetof(MC, member), lo, hi, 0, NULL, help}
#define KD(name, member, lo, hi, help)                                                             \
    {name, CFG_DOUBLE, offsetof(MC, member), lo, hi, 0, NULL, help}
#define KB(name, member, help) {name, CFG_BOOL, offsetof(MC, member), 0, 1, 0, NULL, help}
#define KS(name, member, help)                                                                     \
    {name, CFG_STRING, offsetof(MC, member), 0, 0, sizeof(((MC *)0)->member), NULL, help}
#define KE(name, member, choices, help)                                                            \
    {name, CFG_ENUM, offsetof(MC, member), 0, 0, 0, choices, help}

const struct cfg_key model_levels_keys[] = {
    KI("pivot_n", levels.pivot_n, 1, 48,
       "bars on each side a 1h pivot low (high) must be lower (higher) than"),
    KI("pivot_n_4h", levels.pivot_n_4h, 1, 24, "the same for pivots on 4h bars"),
    KI("atr_period", levels.atr_period, 1, 200, "1h bars in the average true range (ATR)"),
    KD("zone_atr", levels.zone_atr, 0, 10,
       "pivots within this many ATRs of a zone's lowest point join the zone (ATR)"),
    KD("min_width_atr", levels.min_width_atr, 0, 10, "minimum zone width (ATR)"),
    KD("half_life_h", levels.half_life_h, 0, 10000,
       "a pivot this old counts half as much (hours; 0 = no decay)"),
    KD("weight_4h", levels.weight_4h, 0, 100, "weight of a 4h pivot (a 1h pivot weighs 1)"),
    KD("weight_day", levels.weight_day, 0, 100, "weight of the previous UTC day's low and high"),
    KD("weight_week", levels.weight_week, 0, 100,
       "weight of the previous ISO week's low and high"),
    KD("weight_round", levels.weight_round, 0, 100,
       "weight of a round number (95000 for BTC)"),
    KD("weight_round_major", levels.weight_round_major, 0, 100,
       "weight of a rounder number (100000, 90000 for BTC)"),
    KD("round_range_pct", levels.round_range_pct, 0, 100,
       "round numbers within this distance of price become levels (%)"),
    KD("score_scale", levels.score_scale, 0.01, 1000,
       "strength = 1 - exp(-score / score_scale); score sums member weights"),
    KD("cross_penalty", levels.cross_penalty, 0, 100,
       "each time 1h closes cut through a zone its score is divided by 1 + this x crossings"),
    KI("max_zones", levels.max_zones, 1, LEVELS_MAX, "zones kept per asset (the strongest)"),
};
const size_t model_levels_nkeys = sizeof model_levels_keys / sizeof model_levels_keys[0];

const struct cfg_key model_detect_keys[] = {
    KI("break_obs", detect.break_obs, 1, 100,
       "support/resistance break: price observations in a row beyond the zone (count)"),
    KD("break_margin_pct", detect.break_margin_pct, 0, 50,
       "break: beyond the zone edge by at least this much (% of price) ..."),
    KD("break_margin_atr", detect.break_margin_atr, 0, 10,
       "... or this many 1h ATRs, whichever is larger (ATR)"),
    KD("break_min_strength", detect.break_min_strength, 0, 1,
       "break: zones weaker than this never alert (strength 0..1)"),
    KD("break_warn_strength", detect.break_warn_strength, 0, 1,
       "break: severity warn from this zone strength, info below (0..1)"),
    KD("break_crit_strength", detect.break_crit_strength, 0, 1,
       "break: severity crit from this zone strength (0..1)"),
    KD("break_episode_min", detect.break_episode_min, 0, 10080,
       "break: a break within this long of the previous one updates its alert (minutes)"),
    KD("spike_z", detect.spike_z, 0.5, 100,
       "leverage_spike: z-score of the OI change against its own history"),
    KD("spike_window_s", detect.spike_window_s, 60, 86400,
       "leverage_spike: the OI change the z-score looks at (seconds)"),
    KD("spike_history_h", detect.spike_history_h, 1, 168,
       "leverage_spike: rolling history for the z-score (hours)"),
    KI("spike_min_samples", detect.spike_min_samples, 2, DETECT_Z_HIST,
       "leverage_spike: history samples needed before z-scores count"),
    KD("spike_min_pct", detect.spike_min_pct, 0, 100,
       "leverage_spike: a z-score spike must also be at least this OI change (%)"),
    KD("spike_std_floor_pct", detect.spike_std_floor_pct, 0, 100,
       "leverage_spike: the history's standard deviation is taken as at least this (%)"),
    KD("spike_pct", detect.spike_pct, 0.1, 1000,
       "leverage_spike: fixed threshold, OI up this much ... (%)"),
    KD("spike_pct_window_s", detect.spike_pct_window_s, 60, 86400,
       "... within this window (seconds)"),
    KD("div_oi_pct", detect.div_oi_pct, 0.1, 1000,
       "oi_divergence: OI up more than this ... (%)"),
    KD("div_price_pct", detect.div_price_pct, 0, 100,
       "... while the price moved less than this either way ... (%)"),
    KD("div_window_s", detect.div_window_s, 300, 86400 * 2, "... over this window (seconds)"),
    KD("funding_max_apr", detect.funding_max_apr, 0, 100000,
       "funding_extreme: annualized funding above this (%/yr)"),
    KD("funding_min_apr", detect.funding_min_apr, -100000, 0,
       "funding_extreme: annualized funding below this (%/yr, negative)"),
    KD("ls_max", detect.ls_max, 1, 1000, "ls_extreme: long/short account ratio above this"),
    KD("ls_min", detect.ls_min, 0, 1, "ls_extreme: long/short account ratio below this"),
    KD("cascade_ratio", detect.cascade_ratio, 1, 10000,
       "liq_cascade: a burst minute has this many times the baseline liquidations per minute"),
    KD("cascade_min_usd", detect.cascade_min_usd, 0, 1e12,
       "liq_cascade: and at least this much in the minute (USD)"),
    KD("cascade_min_oi_pct", detect.cascade_min_oi_pct, 0, 100,
       "liq_cascade: and at least this share of the asset's OI in the minute (%)"),
    KD("cascade_min_move_pct", detect.cascade_min_move_pct, 0, 100,
       "liq_cascade: price moved this far against the liquidated side (%)"),
    KI("cascade_gap_min", detect.cascade_gap_min, 1, 120,
       "liq_cascade: quiet minutes that end a wave (minutes)"),
    KI("cascade_end_min", detect.cascade_end_min, 1, 1440,
       "liq_cascade: quiet minutes that end the cascade (minutes)"),
    KI("cascade_min_waves", detect.cascade_min_waves, 1, 100,
       "liq_cascade: alert once the waterfall has this many waves (each a burst at a new low)"),
    KI("cascade_crit_waves", detect.cascade_crit_waves, 1, 100,
       "liq_cascade: severity crit from this many waves ..."),
    KD("cascade_crit_oi_pct", detect.cascade_crit_oi_pct, 0, 100,
       "... or once this share of OI was liquidated in the cascade (%)"),
    KD("cascade_baseline_h", detect.cascade_baseline_h, 0.1, 168,
       "liq_cascade: half-life of the per-minute liquidation baseline (hours)"),
    KD("drain_pct", detect.drain_pct, 1, 99,
       "liquidity_drain: bid depth this far below its baseline (%)"),
    KI("drain_band_pct", detect.drain_band_pct, 1, 2,
       "liquidity_drain: depth band, within 1 or 2 % of mid (%)"),
    KD("drain_baseline_min", detect.drain_baseline_min, 1, 10080,
       "liquidity_drain: time constant of the depth baseline (minutes)"),
    KI("drain_obs", detect.drain_obs, 1, 100,
       "liquidity_drain: depth observations in a row below (count)"),
    KD("drain_warmup_min", detect.drain_warmup_min, 0, 10080,
       "liquidity_drain: depth history needed before alerting (minutes)"),
    KD("rearm_frac", detect.rearm_frac, 0, 1,
       "a latched condition clears below this fraction of its threshold ... (0..1)"),
    KD("rearm_s", detect.rearm_s, 0, 86400, "... held for this long (seconds)"),
    KB("est_enable", estimate.enable,
       "estimate liquidations from OI drops where a venue does not report them"),
    KD("est_step_s", estimate.step_s, 5, 3600, "estimate: comparison step (seconds)"),
    KD("est_min_oi_drop_pct", estimate.min_oi_drop_pct, 0, 100,
       "estimate: OI (in coins) must fall this much within a step (%)"),
    KD("est_min_move_pct", estimate.min_move_pct, 0, 100,
       "estimate: while price moves this much against one side (%)"),
    KD("est_share", estimate.share, 0, 1,
       "estimate: share of the OI drop counted as forced closes (0..1)"),
    KD("est_reported_recent_min", estimate.reported_recent_min, 0, 1440,
       "estimate: a venue with a reported liquidation this recent is not estimated (minutes)"),
};
const size_t model_detect_nkeys = sizeof model_detect_keys / sizeof model_detect_keys[0];

const struct cfg_key model_stress_keys[] = {
    KS("lead", stress.lead, "asset for the drawdown, funding and depth components (BTC)"),
    KD("w_liq", stress.w_liq, 0, 100, "weight of liquidation intensity"),
    KD("w_drawdown", stress.w_drawdown, 0, 100, "weight of drawdown velocity"),
    KD("w_oi", stress.w_oi, 0, 100, "weight of the OI change"),
    KD("w_funding", stress.w_funding, 0, 100, "weight of funding"),
    KD("w_depth", stress.w_depth, 0, 100, "weight of thinning bid depth"),
    KD("w_fear_greed", stress.w_fear_greed, 0, 100, "weight of Fear & Greed"),
    KD("liq_full_pct", stress.liq_full_pct, 0.001, 100,
       "liquidations in 1 h, as % of total OI, that count as full stress (%)"),
    KD("drawdown_full_pct", stress.drawdown_full_pct, 0.1, 100,
       "lead asset fall in 1 h that counts as full stress (%)"),
    KD("oi_full_pct", stress.oi_full_pct, 0.1, 100,
       "total OI change in 1 h that counts as full stress (%; rises count half)"),
    KD("funding_calm_apr", stress.funding_calm_apr, 0, 10000,
       "|annualized funding| still calm (%/yr)"),
    KD("funding_full_apr", stress.funding_full_apr, 0.1, 100000,
       "|annualized funding| that counts as full stress (%/yr)"),
    KD("depth_full_pct", stress.depth_full_pct, 1, 100,
       "bid depth gone vs its baseline that counts as full stress (%)"),
    KD("fg_calm", stress.fg_calm, 0, 100, "Fear & Greed at or above this is calm"),
    KD("fg_full", stress.fg_full, 0, 100, "Fear & Greed at or below this is full stress"),
    KD("band_warn", stress.band_warn, 0, 100, "stress index rising to this: warn alert (0-100)"),
    KD("band_crit", stress.band_crit, 0, 100, "stress index rising to this: crit alert (0-100)"),
    KD("hysteresis", stress.hysteresis, 0, 50,
       "index points below a band before it can alert again"),
    KD("min_coverage", stress.min_coverage, 0, 1,
       "components with data must carry this share of the total weight, else no index (0..1)"),
};
const size_t model_stress_nkeys = sizeof model_stress_keys / sizeof model_stress_keys[0];

static const char *const bell_choices[] = {"info", "warn", "crit", "off", NULL};
static const char *const sev_choices[] = {"info", "warn", "crit", NULL};

const struct cfg_key model_alerts_keys[] = {
    KD("cooldown_s", alerts.cooldown_s, 0, 86400,
       "a one-off alert of the same kind and symbol again within this is dropped (seconds); "
       "ongoing conditions are episodes, updated in place, re-armed by their own rules"),
    KI("history", alerts.history, 1, 100000, "alerts kept for the alerts panel"),
    KE("bell", sink.bell_severity, bell_choices,
       "ring the terminal bell for alerts of this severity and above (info, warn, crit, off)"),
    KB("log", sink.log, "append alerts to the NDJSON alert log"),
    KB("log_updates", sink.log_updates, "also log updates of an ongoing alert (a cascade's waves)"),
    KS("log_path", sink.log_path,
       "alert log file (default $XDG_STATE_HOME/liqtop/alerts.log, else "
       "~/.local/state/liqtop/alerts.log)"),
    KS("hook", sink.hook,
       "command run for each alert, split into words without a shell; the alert is in "
       "LIQTOP_* environment variables"),
    KE("hook_severity", sink.hook_severity, sev_choices,
       "run the hook for alerts of this severity and above"),
    KD("hook_timeout_s", sink.hook_timeout_s, 0.1, 3600,
       "a hook still running after this is killed (seconds)"),
    KI("hook_max", sink.hook_max, 1, 16, "hooks running at once (more wait in a queue)"),
};
const size_t model_alerts_nkeys = sizeof model_alerts_keys / sizeof model_alerts_keys[0];

int model_cfg_alert(void *model_cfg, const char *sub, const char *key, const char *value,
                    char *err, size_t errn)
{
    struct model_cfg *cfg = model_cfg;
    return pricealert_cfg_set(&cfg->prices, sub, key, value, err, errn);
}

int model_cfg_check(const struct model_cfg *cfg, char *err, size_t errn)
{
    const struct stress_cfg *st = &cfg->stress;
    if (st->w_liq + st->w_drawdown + st->w_oi + st->w_funding + st->w_depth + st->w_fear_greed <= 0) {
        text_errf(err, errn, "[stress]: every weight is 0");
        return -1;
    }
    if (st->band_crit < st->band_warn) {
        text_errf(err, errn, "[stress]: band_crit (%g) is below band_warn (%g)", st->band_crit,
                st->band_warn);
        return -1;
    }
    if (st->fg_full >= st->fg_calm) {
        text_errf(err, errn, "[stress]: fg_full (%g) must be below fg_calm (%g)", st->fg_full,
                st->fg_calm);
        return -1;
    }
    if (st->funding_full_apr <= st->funding_calm_apr) {
        text_errf(err, errn, "[stress]: funding_full_apr must be above funding_calm_apr");
        return -1;
    }
    const struct detect_cfg *d = &cfg->detect;
    if (d->break_crit_strength < d->break_warn_strength) {
        text_errf(err, errn, "[detect]: break_crit_strength is below break_warn_strength");
        return -1;
    }
    if (d->cascade_end_min < d->cascade_gap_min) {
        text_errf(err, errn, "[detect]: cascade_end_min is shorter than cascade_gap_min");
        return -1;
    }
    return pricealert_cfg_check(&cfg->prices, err, errn);
}

size_t model_cfg_sections(struct model_cfg *cfg, struct cfg_section *out, size_t max)
{
    if (max < 5)
        return 0;
    out[0] = (struct cfg_section){"levels", model_levels_keys, model_levels_nkeys, cfg, NULL, NULL};
    out[1] = (struct cfg_section){"detect", model_detect_keys, model_detect_nkeys, cfg, NULL, NULL};
    out[2] = (struct cfg_section){"stress", model_stress_keys, model_stress_nkeys, cfg, NULL, NULL};
    out[3] = (struct cfg_section){"alerts", model_alerts_keys, model_alerts_nkeys, cfg, NULL, NULL};
    out[4] = (struct cfg_section){"alert", NULL, 0, cfg, model_cfg_alert, cfg};
    return 5;
}

/* ----------------------------------------------------------------- model */

/* Liquidation totals of one asset over the whole minutes before the current
 * one, per venue and window (1 h, 4 h, 24 h): a refresh within the same
 * minute whose new liquidations all fall in that minute adds the current
 * minute's bucket to these instead of summing up to 1441 buckets per venue
 * and window again. Same additions in the same order, so the same sums. */
struct liq_cache {
    int64_t minute; /* the current minute these were summed for; -1 none */
    struct liq_totals closed[VENUE_MARKET_COUNT][3];
};

struct model {
    struct model_cfg cfg;
    struct store *s;
    struct model_asset *assets;
    struct liq_cache *liq_cache; /* one per asset */
    size_t n;
    struct model_market market;
    struct stress_state stress_st;
    struct pricealert_state pa[PRICEALERT_MAX];
    uint64_t episode_seq;
    uint64_t seen_version;
    int64_t seen_step;
    int64_t venue_last_reported[VENUE_MARKET_COUNT];
    int lead; /* asset index for the stress components, -1 if none */
    struct model_stats stats;
};

static void change_init(struct model_change *c)
{
    c->m5 = c->h1 = c->h4 = c->h24 = NAN;
}

static void asset_init(struct model_asset *ma, const struct asset *a)
{
    memset(ma, 0, sizeof *ma);
    text_copy(ma->sym, sizeof ma->sym, a->sym);
    ma->price = ma->change_1h = ma->change_24h = NAN;
    ma->change_24h_lo = ma->change_24h_hi = NAN;
    ma->oi_usd = ma->funding_apr = ma->ls_ratio = NAN;
    ma->price_venue = ma->ls_venue = VENUE_COUNT;
    change_init(&ma->oi_change);
    ma->levels.atr = ma->levels.last_close = NAN;
    ma->support_dist_pct = ma->resistance_dist_pct = NAN;
    ma->depth_bid1 = ma->depth_ask1 = ma->depth_bid2 = ma->depth_ask2 = NAN;
    ma->depth_bid1_base = ma->depth_ask1_base = ma->depth_bid2_base = ma->depth_ask2_base = NAN;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        struct model_venue *mv = &ma->venue[v];
        mv->price = mv->oi_usd = mv->funding = mv->funding_interval_h = mv->funding_apr = NAN;
        mv->ls_ratio = mv->change_24h = NAN;
        mv->depth_bid1 = mv->depth_ask1 = mv->depth_bid2 = mv->depth_ask2 = NAN;
        change_init(&mv->oi_change);
    }
    detect_asset_init(&ma->det);
    estimate_asset_init(&ma->est);
    ma->seen_version = UINT64_MAX;
    ma->seen_step = -1;
    ma->liq_min_seen = -1;
}

struct model *model_new(const struct model_cfg *cfg, struct store *s)
{
    struct model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = *cfg;
    m->s = s;
    m->n = s->n_assets;
    m->assets = calloc(m->n ? m->n : 1, sizeof *m->assets);
    m->liq_cache = calloc(m->n ? m->n : 1, sizeof *m->liq_cache);
    if (!m->assets || !m->liq_cache) {
        free(m->assets);
        free(m->liq_cache);
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < m->n; i++) {
        asset_init(&m->assets[i], &s->assets[i]);
        m->liq_cache[i].minute = -1;
    }
    m->lead = m->cfg.stress.lead[0] ? store_find(s, m->cfg.stress.lead) : -1;
    if (m->lead < 0 && m->n)
        m->lead = 0;
    pricealert_init(&m->cfg.prices, s, m->pa);
    m->seen_version = UINT64_MAX;
    m->seen_step = -1;
    struct model_market *mk = &m->market;
    mk->stress = NAN;
    mk->oi_usd = mk->oi_change_1h = NAN;
    mk->market_cap_usd = mk->market_cap_change_24h = mk->btc_dominance = NAN;
    for (int i = 0; i < STRESS_NCOMP; i++)
        mk->comp[i].raw = mk->comp[i].norm = NAN;
    return m;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    free(m->assets);
    free(m->liq_cache);
    free(m);
}

size_t model_n_assets(const struct model *m)
{
    return m->n;
}

const struct model_asset *model_asset(const struct model *m, size_t i)
{
    return i < m->n ? &m->assets[i] : NULL;
}

const struct model_market *model_market(const struct model *m)
{
    return &m->market;
}

const struct model_cfg *model_config(const struct model *m)
{
    return &m->cfg;
}

const struct pricealert_state *model_price_alerts(const struct model *m)
{
    return m->pa;
}

void model_stats(const struct model *m, struct model_stats *out)
{
    *out = m->stats;
}

/* Note each venue's newest reported (not estimated) liquidation among asset
 * ai's events that arrived since the last refresh. Returns 1 if any arrived.
 * *all_in: set to 1 if every one of them surely lies in minute `minute`
 * (the ring cannot have wrapped past unseen events), else 0; may be NULL. */
static int note_reported(struct model *m, size_t ai, int64_t minute, int *all_in)
{
    const struct asset *a = &m->s->assets[ai];
    const struct model_asset *ma = &m->assets[ai];
    if (all_in)
        *all_in = 0;
    if (a->liq_head == ma->liq_head_seen && a->liq_len == ma->liq_len_seen)
        return 0;
    uint32_t cap = m->s->cfg.liq_events;
    uint32_t n_new = cap ? (a->liq_head + cap - ma->liq_head_seen) % cap : 0;
    int wrapped = n_new == 0 || n_new > a->liq_len;
    if (wrapped)
        n_new = a->liq_len; /* wrapped all the way round: look at all */
    /* every added liquidation bumps the asset's version once, so fewer
     * version steps than ring slots means none was overwritten unseen */
    int in = !wrapped && a->version - ma->seen_version < cap;
    for (uint32_t i = 0; i < n_new; i++) {
        const struct liq_event *e = store_liq_recent(m->s, (int)ai, i);
        if (e && !e->estimated && (unsigned)e->venue < VENUE_MARKET_COUNT &&
            e->t_ms > m->venue_last_reported[e->venue])
            m->venue_last_reported[e->venue] = e->t_ms;
        if (!e || e->t_ms / MIN_MS != minute)
            in = 0;
    }
    if (all_in)
        *all_in = in;
    return 1;
}

static void top_liqs(struct model *m, size_t ai, int64_t now)
{
    struct model_asset *ma = &m->assets[ai];
    ma->n_top_liqs = 0;
    const struct liq_event *e;
    for (uint32_t i = 0; (e = store_liq_recent(m->s, (int)ai, i)) != NULL; i++) {
        if (e->t_ms < now - 24 * HOUR_MS)
            continue;
        size_t k = ma->n_top_liqs;
        if (k == MODEL_TOP_LIQS) {
            if (e->usd <= ma->top_liqs[k - 1].usd)
                continue;
            k--;
        } else {
            ma->n_top_liqs++;
        }
        while (k > 0 && ma->top_liqs[k - 1].usd < e->usd) {
            ma->top_liqs[k] = ma->top_liqs[k - 1];
            k--;
        }
        ma->top_liqs[k] = *e;
    }
}

static void add_totals(struct liq_totals *sum, const struct liq_totals *x)
{
    for (int side = 0; side < 2; side++) {
        sum->usd[side] += x->usd[side];
        sum->count[side] += x->count[side];
    }
    sum->estimated |= x->estimated;
}

/* Per venue and all venues, liquidations over the last 1 h, 4 h and 24 h up
 * to and including the current minute. The whole minutes before it come
 * from the cache when `reuse` says it still holds (same minute, no new
 * liquidation outside the current minute); else they are summed again. */
static void liq_totals(struct model *m, size_t ai, int64_t now, int reuse)
{
    static const int64_t win[3] = {HOUR_MS, 4 * HOUR_MS, 24 * HOUR_MS};
    struct model_asset *ma = &m->assets[ai];
    struct liq_cache *lc = &m->liq_cache[ai];
    int64_t minute = now / MIN_MS;
    if (!reuse || lc->minute != minute) {
        /* the minutes store_liq_totals(now - win, now + 1) covers, but the
         * current one: from (now - win) / 1 min, and no further back than
         * the wheel holds (as store_liq_totals clips) */
        int64_t cap = (int64_t)m->s->cfg.liq_minutes;
        for (int k = 0; k < 3; k++) {
            int64_t from = now - win[k] < 0 ? 0 : (now - win[k]) / MIN_MS;
            if (minute + 1 - from > cap)
                from = minute + 1 - cap;
            for (int v = 0; v < VENUE_MARKET_COUNT; v++)
                store_liq_totals(m->s, (int)ai, v, from * MIN_MS, minute * MIN_MS,
                                 &lc->closed[v][k]);
        }
        lc->minute = minute;
    }
    memset(&ma->liq_1h, 0, sizeof ma->liq_1h);
    memset(&ma->liq_4h, 0, sizeof ma->liq_4h);
    memset(&ma->liq_24h, 0, sizeof ma->liq_24h);
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        struct model_venue *mv = &ma->venue[v];
        struct liq_totals cur;
        store_liq_totals(m->s, (int)ai, v, minute * MIN_MS, now + 1, &cur);
        struct liq_totals *w[3] = {&mv->liq_1h, &mv->liq_4h, &mv->liq_24h};
        for (int k = 0; k < 3; k++) {
            *w[k] = lc->closed[v][k];
            add_totals(w[k], &cur);
        }
        add_totals(&ma->liq_1h, &mv->liq_1h);
        add_totals(&ma->liq_4h, &mv->liq_4h);
        add_totals(&ma->liq_24h, &mv->liq_24h);
    }
}

static double frac_change(double now_v, double then_v)
{
    return now_v > 0 && then_v > 0 ? now_v / then_v - 1 : NAN;
}

static double last_fresh(const struct series *se, int64_t now, int64_t stale)
{
    int64_t t;
    double v;
    return series_last(se, &t, &v) && now - t <= stale ? v : NAN;
}

static uint64_t candle_signature(const struct asset *a, uint32_t n_closed)
{
    uint64_t h = 1469598103934665603ULL;
    uint64_t words[7] = {n_closed, 0, 0, 0, 0, 0, 0};
    if (n_closed) {
        const struct rec_candle *f = &a->candles[0], *l = &a->candles[n_closed - 1];
        words[1] = (uint64_t)f->t_ms;
        words[2] = (uint64_t)l->t_ms;
        memcpy(&words[3], &l->high, 8);
        memcpy(&words[4], &l->low, 8);
        memcpy(&words[5], &l->close, 8);
        words[6] = (uint64_t)a->candle_venue;
    }
    for (size_t i = 0; i < 7; i++) {
        h ^= words[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void refresh_levels(struct model *m, size_t ai, int64_t now)
{
    const struct asset *a = &m->s->assets[ai];
    struct model_asset *ma = &m->assets[ai];
    uint32_t n = a->n_candles;
    /* only closed candles: the forming one would move pivots every poll */
    while (n > 0 && a->candles[n - 1].t_ms + (int64_t)a->candles[n - 1].interval_s * 1000 > now)
        n--;
    uint64_t sig = candle_signature(a, n);
    if (sig != ma->candle_sig) {
        levels_compute(a->candles, n, &m->cfg.levels, &ma->levels);
        m->stats.level_computes++;
        ma->candle_sig = sig;
    }
    const struct level_zone *sup = levels_support_below(&ma->levels, ma->price);
    const struct level_zone *res = levels_resistance_above(&ma->levels, ma->price);
    ma->has_support = sup != NULL;
    ma->has_resistance = res != NULL;
    if (sup)
        ma->support = *sup;
    else if (ma->levels.n && levels_round_below(ma->price, &m->cfg.levels, &ma->support) == 0)
        ma->has_support = 1; /* fell through every zone: the next round number */
    if (res)
        ma->resistance = *res;
    ma->support_dist_pct = ma->has_support ? levels_distance_pct(&ma->support, ma->price) : NAN;
    ma->resistance_dist_pct = res ? levels_distance_pct(res, ma->price) : NAN;
}

static void refresh_figures(struct model *m, size_t ai, int64_t now)
{
    const struct store *s = m->s;
    const struct asset *a = &s->assets[ai];
    struct model_asset *ma = &m->assets[ai];
    int64_t stale = (int64_t)s->cfg.stale_after_s * 1000;
    static const int64_t win[4] = {5 * MIN_MS, HOUR_MS, 4 * HOUR_MS, 24 * HOUR_MS};

    ma->price = store_price(s, (int)ai);
    ma->price_venue = a->price_venue;
    ma->change_1h = frac_change(ma->price, store_price_at(s, (int)ai, now - HOUR_MS));
    ma->change_24h = frac_change(ma->price, store_price_at(s, (int)ai, now - 24 * HOUR_MS));

    double oi = 0, fund_w = 0, fund_sum = 0;
    int n_oi = 0;
    ma->change_24h_lo = ma->change_24h_hi = NAN;
    ma->ls_ratio = NAN;
    ma->ls_venue = VENUE_COUNT;
    double d[4] = {0, 0, 0, 0}, dbase[4] = {0, 0, 0, 0};
    int n_depth = 0, n_depth_base = 0;
    /* both ends of every venue's OI change over each window, sampled once:
     * the per-venue changes and the asset's (sums in venue order) are then
     * exactly what detect_oi_change gives, for half the series lookups */
    double oi_now[4][VENUE_MARKET_COUNT], oi_then[4][VENUE_MARKET_COUNT];
    int oi_ok[4][VENUE_MARKET_COUNT];
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        for (int k = 0; k < 4; k++)
            oi_ok[k][v] = detect_oi_ends(s, (int)ai, v, now, win[k], &oi_now[k][v], &oi_then[k][v]);
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        const struct venue_data *vd = &a->venue[v];
        struct model_venue *mv = &ma->venue[v];
        mv->present = vd->present;
        mv->fresh = vd->present && now - vd->updated_ms <= stale;
        mv->liq_origin = vd->liq_origin;
        mv->liq_estimating = ma->est.v[v].active;
        if (!vd->present)
            continue;
        double p;
        if (!series_last(&vd->mark, NULL, &p) && !series_last(&vd->price, NULL, &p))
            p = NAN;
        mv->price = p;
        double x;
        mv->oi_usd = series_last(&vd->oi_usd, NULL, &x) ? x : NAN;
        double ch[4];
        for (int k = 0; k < 4; k++)
            ch[k] = oi_ok[k][v] ? oi_now[k][v] / oi_then[k][v] - 1 : NAN;
        mv->oi_change = (struct model_change){ch[0], ch[1], ch[2], ch[3]};
        mv->funding = series_last(&vd->funding, NULL, &x) ? x : NAN;
        mv->funding_interval_h = vd->funding_interval_h > 0 ? vd->funding_interval_h
                                 : v == VENUE_HYPERLIQUID ? 1
                                                          : 8;
        mv->funding_apr = mv->funding * (24.0 / mv->funding_interval_h) * 365;
        mv->ls_ratio = series_last(&vd->ls_ratio, NULL, &x) ? x : NAN;
        mv->change_24h = vd->change_24h;
        mv->depth_bid1 = last_fresh(&vd->depth_bid1, now, stale);
        mv->depth_ask1 = last_fresh(&vd->depth_ask1, now, stale);
        mv->depth_bid2 = last_fresh(&vd->depth_bid2, now, stale);
        mv->depth_ask2 = last_fresh(&vd->depth_ask2, now, stale);

        double oi_fresh = last_fresh(&vd->oi_usd, now, stale);
        if (oi_fresh >= 0) {
            oi += oi_fresh;
            n_oi++;
            if (isfinite(mv->funding_apr)) {
                fund_sum += mv->funding_apr * oi_fresh;
                fund_w += oi_fresh;
            }
        }
        if (mv->fresh && isfinite(mv->change_24h)) {
            if (isnan(ma->change_24h_lo) || mv->change_24h < ma->change_24h_lo)
                ma->change_24h_lo = mv->change_24h;
            if (isnan(ma->change_24h_hi) || mv->change_24h > ma->change_24h_hi)
                ma->change_24h_hi = mv->change_24h;
        }
        if (isnan(ma->ls_ratio) && isfinite(last_fresh(&vd->ls_ratio, now, 24 * HOUR_MS))) {
            ma->ls_ratio = mv->ls_ratio;
            ma->ls_venue = (enum venue_id)v;
        }
        double dv[4] = {mv->depth_bid1, mv->depth_ask1, mv->depth_bid2, mv->depth_ask2};
        if (isfinite(dv[0]) || isfinite(dv[2])) {
            int has_base = 1;
            for (int k = 0; k < 4; k++) {
                if (isfinite(dv[k]))
                    d[k] += dv[k];
                if (isfinite(ma->det.depth_base[v][k]) && isfinite(dv[k]))
                    dbase[k] += ma->det.depth_base[v][k];
                else
                    has_base = 0;
            }
            n_depth++;
            n_depth_base += has_base;
        }
    }
    ma->oi_usd = n_oi ? oi : NAN;
    ma->funding_apr = fund_w > 0 ? fund_sum / fund_w : NAN;
    double ch[4];
    for (int k = 0; k < 4; k++) {
        double sum_now = 0, sum_then = 0;
        int n = 0;
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            if (oi_ok[k][v]) {
                sum_now += oi_now[k][v];
                sum_then += oi_then[k][v];
                n++;
            }
        }
        ch[k] = n && sum_then > 0 ? sum_now / sum_then - 1 : NAN;
    }
    ma->oi_change = (struct model_change){ch[0], ch[1], ch[2], ch[3]};
    ma->depth_bid1 = n_depth ? d[0] : NAN;
    ma->depth_ask1 = n_depth ? d[1] : NAN;
    ma->depth_bid2 = n_depth ? d[2] : NAN;
    ma->depth_ask2 = n_depth ? d[3] : NAN;
    int base_ok = n_depth_base && n_depth_base == n_depth;
    ma->depth_bid1_base = base_ok ? dbase[0] : NAN;
    ma->depth_ask1_base = base_ok ? dbase[1] : NAN;
    ma->depth_bid2_base = base_ok ? dbase[2] : NAN;
    ma->depth_ask2_base = base_ok ? dbase[3] : NAN;
}

static void refresh_asset(struct model *m, size_t ai, int64_t now, const int reported[],
                          const struct detect_ctx *ctx)
{
    struct store *s = m->s;
    struct model_asset *ma = &m->assets[ai];
    m->stats.estimated_liqs +=
        (uint64_t)estimate_run(s, &m->cfg.estimate, (int)ai, &ma->est, reported, now);
    int64_t minute = now / MIN_MS;
    int all_in_minute;
    int liq_dirty = note_reported(m, ai, minute, &all_in_minute);
    ma->liq_head_seen = s->assets[ai].liq_head;
    ma->liq_len_seen = s->assets[ai].liq_len;
    if (liq_dirty || minute != ma->liq_min_seen) {
        liq_totals(m, ai, now, minute == ma->liq_min_seen && all_in_minute);
        top_liqs(m, ai, now);
        ma->liq_min_seen = minute;
    }
    refresh_figures(m, ai, now);
    refresh_levels(m, ai, now);
    detect_breaks(ctx, (int)ai, ma);
    detect_leverage(ctx, (int)ai, ma);
    detect_cascade(ctx, (int)ai, ma);
    detect_liquidity(ctx, (int)ai, ma);
    ma->updated_ms = now;
    ma->seen_version = s->assets[ai].version;
    ma->seen_step = now / ASSET_STEP_MS;
    m->stats.asset_refreshes++;
}

static void refresh_market(struct model *m, int64_t now, struct alerts *al)
{
    const struct store *s = m->s;
    struct model_market *mk = &m->market;
    memset(&mk->liq_1h, 0, sizeof mk->liq_1h);
    memset(&mk->liq_4h, 0, sizeof mk->liq_4h);
    memset(&mk->liq_24h, 0, sizeof mk->liq_24h);
    double oi = 0, oi_w = 0, oi_chg = 0;
    int n_oi = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct model_asset *ma = &m->assets[i];
        add_totals(&mk->liq_1h, &ma->liq_1h);
        add_totals(&mk->liq_4h, &ma->liq_4h);
        add_totals(&mk->liq_24h, &ma->liq_24h);
        if (ma->oi_usd >= 0) {
            oi += ma->oi_usd;
            n_oi++;
            /* OI-weighted mean of each asset's change in coins, so neither a
             * price move nor a venue going stale reads as an OI change */
            double c = detect_oi_change(s, (int)i, -1, now, HOUR_MS, 1);
            if (isfinite(c)) {
                oi_chg += c * ma->oi_usd;
                oi_w += ma->oi_usd;
            }
        }
    }
    mk->oi_usd = n_oi ? oi : NAN;
    mk->oi_change_1h = oi_w > 0 ? oi_chg / oi_w : NAN;
    mk->has_fear_greed = s->has_fear_greed;
    if (s->has_fear_greed) {
        mk->fear_greed = s->fear_greed.value;
        text_sanitize(mk->fear_greed_label, sizeof mk->fear_greed_label, s->fear_greed.label,
                      sizeof s->fear_greed.label);
    }
    mk->market_cap_usd = s->has_market_cap ? s->market_cap.usd : NAN;
    mk->market_cap_change_24h = s->has_market_cap ? s->market_cap.change_24h : NAN;
    mk->btc_dominance = s->has_market_cap ? s->market_cap.btc_dominance : NAN;

    struct stress_inputs in = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    in.liq_1h_usd = mk->liq_1h.usd[0] + mk->liq_1h.usd[1];
    in.oi_usd = mk->oi_usd;
    in.oi_change_1h = mk->oi_change_1h;
    if (m->lead >= 0) {
        const struct model_asset *ld = &m->assets[m->lead];
        in.lead_change_1h = ld->change_1h;
        in.lead_funding_apr = ld->funding_apr;
        in.lead_depth_ratio = ld->det.depth_ratio;
    }
    /* a Fear & Greed figure older than two days says nothing about today */
    if (s->has_fear_greed && (s->fear_greed.t_ms == 0 || now - s->fear_greed.t_ms <= 48 * HOUR_MS))
        in.fear_greed = s->fear_greed.value;
    mk->stress = stress_compute(&m->cfg.stress, &in, mk->comp);
    mk->stress_band =
        stress_step(&m->cfg.stress, &m->stress_st, mk->stress, mk->comp, al, &m->episode_seq, now);
    mk->updated_ms = now;
}

void model_update(struct model *m, int64_t now, struct alerts *al)
{
    struct store *s = m->s;
    int64_t step = now / STEP_MS;
    if (s->version == m->seen_version && step == m->seen_step)
        return;
    m->stats.updates++;
    /* which venues report their own liquidations: from every asset's new events */
    for (size_t i = 0; i < m->n; i++)
        note_reported(m, i, 0, NULL);
    int reported[VENUE_MARKET_COUNT];
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        reported[v] = estimate_venue_reported(s, &m->cfg.estimate, (enum venue_id)v,
                                              m->venue_last_reported[v], now);
    struct detect_ctx ctx = {&m->cfg.detect, s, al, &m->episode_seq, now};
    for (size_t i = 0; i < m->n; i++) {
        const struct model_asset *ma = &m->assets[i];
        if (s->assets[i].version != ma->seen_version || now / ASSET_STEP_MS != ma->seen_step)
            refresh_asset(m, i, now, reported, &ctx);
    }
    refresh_market(m, now, al);
    pricealert_step(&m->cfg.prices, m->pa, s, al, &m->episode_seq, now);
    m->seen_version = s->version;
    m->seen_step = step;
}
