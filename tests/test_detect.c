/* The detectors (detect.h) on synthetic series applied to a real store,
 * through model_update as the program runs them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC 1000LL
#define MIN 60000LL
#define H 3600000LL
#define T0 1704067200000LL /* 2024-01-01 00:00 UTC */

struct mk {
    struct store *s;
    struct model *m;
    struct alerts *al;
    struct model_cfg cfg;
    struct recs r;
    int64_t now;
    uint64_t rng;
};

static void mk_open(struct mk *k, const struct model_cfg *cfg)
{
    struct store_cfg sc;
    store_cfg_default(&sc);
    const char *syms[] = {"BTC", "ETH"};
    k->s = store_new(&sc, syms, 2);
    if (cfg)
        k->cfg = *cfg;
    else
        model_cfg_default(&k->cfg);
    k->m = model_new(&k->cfg, k->s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    k->al = alerts_new(&ac);
    recs_init(&k->r);
    k->now = T0 + 200 * H;
    k->rng = 12345;
    assert_non_null(k->s);
    assert_non_null(k->m);
    assert_non_null(k->al);
}

static void mk_close(struct mk *k)
{
    recs_done(&k->r);
    model_free(k->m);
    alerts_free(k->al);
    store_free(k->s);
}

/* deterministic uniform in [-1, 1] */
static double noise(struct mk *k)
{
    k->rng = k->rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(k->rng >> 11) / (double)(1ULL << 53) * 2 - 1;
}

static void apply(struct mk *k, enum venue_id v)
{
    store_apply(k->s, v, &k->r, k->now);
    recs_clear(&k->r);
}

/* One snapshot of a venue: price (mark and last), OI in USD, funding; NAN skips a field. */
static void tick(struct mk *k, enum venue_id v, const char *sym, double px, double oi, double fund)
{
    struct rec_ticker *t = recs_add_ticker(&k->r, sym);
    t->mark = px;
    t->price = px;
    t->oi_usd = oi;
    t->funding = fund;
    apply(k, v);
}

static void liq(struct mk *k, enum venue_id v, const char *sym, enum liq_side side, double usd,
                double px)
{
    struct rec_liq *l = recs_add_liq(&k->r, sym);
    l->t_ms = k->now;
    l->side = side;
    l->price = px;
    l->qty = usd / px;
    l->usd = usd;
    apply(k, v);
}

static void depth(struct mk *k, enum venue_id v, const char *sym, double bid2, double ask2)
{
    struct rec_depth *d = recs_add_depth(&k->r, sym);
    d->t_ms = k->now;
    d->mid = 100;
    d->bid_1pct = bid2 / 2;
    d->ask_1pct = ask2 / 2;
    d->bid_2pct = bid2;
    d->ask_2pct = ask2;
    apply(k, v);
}

static void update(struct mk *k)
{
    model_update(k->m, k->now, k->al);
}

static size_t count_kind(const struct alerts *al, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < alerts_count(al); i++)
        n += strcmp(alerts_get(al, i)->kind, kind) == 0;
    return n;
}

static const struct alert *newest_kind(const struct alerts *al, const char *kind)
{
    for (size_t i = 0; i < alerts_count(al); i++)
        if (strcmp(alerts_get(al, i)->kind, kind) == 0)
            return alerts_get(al, i);
    return NULL;
}

/* ------------------------------------------------------------ breaks */

/* 96 closed 1h candles whose closes zigzag between 101 and 108 (period
 * 24 h): pivot lows at 100.7 four times, pivot highs at 108.3. */
static void zigzag_candles(struct mk *k)
{
    int64_t start = k->now - 96 * H - 30 * MIN;
    start -= start % H;
    for (int i = 0; i < 96; i++) {
        int ph = i % 24;
        double tri = ph < 12 ? 1 - ph / 6.0 : -1 + (ph - 12) / 6.0; /* 1 .. -1 .. 1 */
        double close = 104.5 + 3.5 * tri;
        struct rec_candle *c = recs_add_candle(&k->r, "BTC");
        c->t_ms = start + i * H;
        c->interval_s = 3600;
        c->open = close;
        c->close = close;
        c->low = close - 0.3;
        c->high = close + 0.3;
        c->volume = 1000;
    }
    apply(k, VENUE_BINANCE);
}

static void price(struct mk *k, double px)
{
    k->now += 5 * SEC;
    tick(k, VENUE_BINANCE, "BTC", px, NAN, NAN);
    update(k);
}

/* Set up: candles, then price above the support. Returns the zone and the
 * line the price must stay below. */
static struct level_zone setup_support(struct mk *k, double *line)
{
    zigzag_candles(k);
    for (int i = 0; i < 10; i++)
        price(k, 104);
    const struct model_asset *a = model_asset(k->m, 0);
    assert_true(a->has_support);
    struct level_zone z = a->support;
    assert_true(z.lo <= 100.7 && z.hi >= 100.7); /* the pivot lows */
    assert_int_equal(z.touches, 8); /* four 1h pivots, each also a 4h pivot */
    const struct detect_cfg *c = &k->cfg.detect;
    double margin = fmax(z.lo * c->break_margin_pct / 100, c->break_margin_atr * a->levels.atr);
    *line = z.lo - margin;
    return z;
}

static void support_break_after_n_observations(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double line;
    struct level_zone z = setup_support(&k, &line);
    /* drift into the zone: quiet */
    for (double p = 104; p > z.hi; p -= 0.25)
        price(&k, p);
    price(&k, (z.lo + z.hi) / 2);
    assert_int_equal(count_kind(k.al, "support_break"), 0);
    /* below the line: alert on the 3rd observation, not before */
    int fired_at = -1;
    for (int i = 1; i <= 5; i++) {
        price(&k, line - 0.05 * i);
        if (fired_at < 0 && count_kind(k.al, "support_break"))
            fired_at = i;
    }
    assert_int_equal(fired_at, k.cfg.detect.break_obs);
    printf("support_break latency: fired on observation %d beyond the line (%d after the first)\n",
           fired_at, fired_at - 1);
    const struct alert *a = newest_kind(k.al, "support_break");
    assert_non_null(a);
    assert_string_equal(a->sym, "BTC");
    assert_string_equal(a->venue, "binance");
    assert_true(a->threshold == z.lo);
    assert_true(fabs(a->value - (line - 0.15)) < 1e-9);
    enum alert_sev want = z.strength >= k.cfg.detect.break_crit_strength   ? SEV_CRIT
                          : z.strength >= k.cfg.detect.break_warn_strength ? SEV_WARN
                                                                           : SEV_INFO;
    assert_int_equal(a->sev, want);
    assert_non_null(strstr(a->msg, "BTC broke support 100.")); /* "100.6-100.8" style */
    assert_non_null(strstr(a->msg, "% below"));
    /* hovering around the line, and back into the zone: no new alert */
    for (int i = 0; i < 200; i++)
        price(&k, i % 3 ? line - 0.02 : (i % 2 ? line + 0.02 : (z.lo + z.hi) / 2));
    assert_int_equal(count_kind(k.al, "support_break"), 1);
    assert_int_equal(newest_kind(k.al, "support_break")->updates, 0);
    assert_true(model_asset(k.m, 0)->det.n_broken_sup >= 1);
    mk_close(&k);
}

static void support_rearms_only_after_recovery(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double line;
    struct level_zone z = setup_support(&k, &line);
    for (int i = 0; i < 4; i++)
        price(&k, line - 0.1);
    assert_int_equal(count_kind(k.al, "support_break"), 1);
    /* recovery above the zone (by the margin), then a quick second break:
     * the same move, the alert is updated */
    for (int i = 0; i < 5; i++)
        price(&k, z.hi + 2);
    assert_int_equal(model_asset(k.m, 0)->det.n_broken_sup, 0);
    for (int i = 0; i < 4; i++)
        price(&k, line - 0.2);
    assert_int_equal(count_kind(k.al, "support_break"), 1);
    assert_int_equal(newest_kind(k.al, "support_break")->updates, 1);
    /* recover, wait two hours above the zone, break again: a new alert */
    for (int i = 0; i < 5; i++)
        price(&k, z.hi + 2);
    k.now += 2 * H;
    for (int i = 0; i < 5; i++)
        price(&k, 104);
    for (int i = 0; i < 4; i++)
        price(&k, line - 0.2);
    assert_int_equal(count_kind(k.al, "support_break"), 2);
    mk_close(&k);
}

static void hover_dips_and_noise_do_not_break(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double line;
    struct level_zone z = setup_support(&k, &line);
    /* noise between the zones */
    for (int i = 0; i < 500; i++)
        price(&k, 104.5 + 2.5 * noise(&k));
    /* hovering in the zone and just above the line */
    for (int i = 0; i < 500; i++)
        price(&k, line + 0.01 + (z.hi - line) * (0.5 + 0.5 * noise(&k)));
    /* dips below the line shorter than break_obs */
    for (int r = 0; r < 20; r++) {
        for (int i = 0; i < k.cfg.detect.break_obs - 1; i++)
            price(&k, line - 0.3);
        price(&k, z.lo);
    }
    for (size_t i = 0; i < alerts_count(k.al); i++)
        printf("unexpected: %s\n", alerts_get(k.al, i)->msg);
    assert_int_equal(count_kind(k.al, "support_break"), 0);
    assert_int_equal(count_kind(k.al, "resistance_break"), 0);
    mk_close(&k);
}

static void retest_from_below_is_not_a_support_break(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double line;
    struct level_zone z = setup_support(&k, &line);
    (void)z;
    /* an hour under the zone (no break alert: it gapped there in one step,
     * which is a break, so use a fresh model for the retest) */
    mk_close(&k);
    /* without round numbers: 99 -> 100.7 -> 99 would otherwise break the
     * 100 level on the way back down, which is a break */
    struct model_cfg cfg;
    model_cfg_default(&cfg);
    cfg.levels.weight_round = cfg.levels.weight_round_major = 0;
    mk_open(&k, &cfg);
    zigzag_candles(&k);
    for (int i = 0; i < 20; i++)
        price(&k, 99);
    const struct model_asset *a = model_asset(k.m, 0);
    int found = 0; /* the 100.7 zone is overhead now */
    for (size_t i = 0; i < a->levels.n; i++)
        if (a->levels.zone[i].lo <= 100.7 && a->levels.zone[i].hi >= 100.7) {
            z = a->levels.zone[i];
            found = 1;
        }
    assert_true(found);
    for (int i = 0; i < 10; i++)
        price(&k, (z.lo + z.hi) / 2);
    for (int i = 0; i < 10; i++)
        price(&k, 99);
    assert_int_equal(count_kind(k.al, "support_break"), 0);
    mk_close(&k);
}

static void resistance_break_is_symmetric(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    zigzag_candles(&k);
    for (int i = 0; i < 10; i++)
        price(&k, 105);
    const struct model_asset *a = model_asset(k.m, 0);
    assert_true(a->has_resistance);
    struct level_zone z = a->resistance;
    assert_true(z.lo <= 108.3 && z.hi >= 108.3);
    double margin = fmax(z.hi * 0.0015, 0.2 * a->levels.atr);
    for (int i = 0; i < 2; i++)
        price(&k, z.hi + margin + 0.1);
    assert_int_equal(count_kind(k.al, "resistance_break"), 0);
    price(&k, z.hi + margin + 0.1);
    assert_int_equal(count_kind(k.al, "resistance_break"), 1);
    assert_non_null(strstr(newest_kind(k.al, "resistance_break")->msg, "broke resistance"));
    assert_int_equal(count_kind(k.al, "support_break"), 0);
    mk_close(&k);
}

static void weak_zones_do_not_alert(void **state)
{
    (void)state;
    struct model_cfg cfg;
    model_cfg_default(&cfg);
    cfg.detect.break_min_strength = 0.999;
    struct mk k;
    mk_open(&k, &cfg);
    double line;
    setup_support(&k, &line);
    for (int i = 0; i < 5; i++)
        price(&k, line - 0.1);
    assert_int_equal(count_kind(k.al, "support_break"), 0);
    mk_close(&k);
}

/* ---------------------------------------------------------- leverage */

static const enum venue_id four[] = {VENUE_BINANCE, VENUE_BYBIT, VENUE_OKX, VENUE_GATE};

/* One minute step: all four venues with OI oi each (USD) at price px. */
static void oi_step(struct mk *k, double px, double oi, int n_venues)
{
    k->now += MIN;
    for (int v = 0; v < n_venues; v++)
        tick(k, four[v], "BTC", px, oi, 0.0001);
    update(k);
}

/* 6 hours of OI noise (+-0.05 % a minute) around 1e9 per venue. */
static double oi_history(struct mk *k, int n_venues)
{
    double oi = 1e9;
    for (int i = 0; i < 360; i++) {
        oi *= 1 + 0.0005 * noise(k);
        oi_step(k, 100, oi, n_venues);
    }
    return oi;
}

static void leverage_spike_on_outlier_not_on_noise(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double oi = oi_history(&k, 4);
    assert_int_equal(count_kind(k.al, "leverage_spike"), 0);
    assert_true(isfinite(model_asset(k.m, 0)->det.oi_z));
    /* +2 % in a minute, then 2 % more */
    oi *= 1.02;
    oi_step(&k, 100, oi, 4);
    assert_int_equal(count_kind(k.al, "leverage_spike"), 1);
    printf("leverage_spike latency: raised on the observation of the jump (0 after)\n");
    oi *= 1.02;
    oi_step(&k, 100, oi, 4);
    assert_int_equal(count_kind(k.al, "leverage_spike"), 1);
    const struct alert *a = newest_kind(k.al, "leverage_spike");
    assert_true(a->value > 1.9 && a->value < 2.2); /* %, raised on the first step */
    assert_non_null(strstr(a->msg, "z-score"));
    assert_true(model_asset(k.m, 0)->det.oi_z > k.cfg.detect.spike_z);
    /* staying up: latched, no repeat */
    for (int i = 0; i < 60; i++)
        oi_step(&k, 100, oi, 4);
    assert_int_equal(count_kind(k.al, "leverage_spike"), 1);
    mk_close(&k);
}

static void leverage_spike_ignores_slow_grind(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double oi = oi_history(&k, 4);
    /* +0.05 % a minute for 5 hours: +16 % in all, 3 % an hour */
    for (int i = 0; i < 300; i++) {
        oi *= 1.0005;
        oi_step(&k, 100 * (1 + 0.002 * sin(i / 7.0)), oi, 4);
    }
    assert_int_equal(count_kind(k.al, "leverage_spike"), 0);
    mk_close(&k);
}

static void leverage_spike_fixed_pct_in_an_hour(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double oi = oi_history(&k, 4);
    /* +0.15 % a minute: no 5 min outlier above spike_min_pct, but 8 % in 1 h */
    int fired_after = -1;
    for (int i = 1; i <= 70; i++) {
        oi *= 1.0015;
        oi_step(&k, 100, oi, 4);
        if (fired_after < 0 && count_kind(k.al, "leverage_spike"))
            fired_after = i;
    }
    assert_true(fired_after >= 50 && fired_after <= 56); /* 1.0015^52 = 1.081 */
    assert_non_null(strstr(newest_kind(k.al, "leverage_spike")->msg, "in 1 h"));
    assert_true(newest_kind(k.al, "leverage_spike")->threshold == 8);
    mk_close(&k);
}

static void venue_joining_or_going_stale_is_no_oi_change(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double oi = oi_history(&k, 3);
    /* gate appears with as much OI as the others: +33 % in the naive sum */
    for (int i = 0; i < 30; i++)
        oi_step(&k, 100, oi, 4);
    double c = detect_oi_change(k.s, 0, -1, k.now, 5 * MIN, 0);
    assert_true(fabs(c) < 0.01);
    /* now gate and okx go quiet: the naive sum halves */
    for (int i = 0; i < 10; i++)
        oi_step(&k, 100, oi, 2);
    c = detect_oi_change(k.s, 0, -1, k.now, 5 * MIN, 0);
    assert_true(fabs(c) < 0.01);
    assert_int_equal(count_kind(k.al, "leverage_spike"), 0);
    assert_int_equal(count_kind(k.al, "oi_divergence"), 0);
    /* the model's figures follow the same rule */
    const struct model_asset *a = model_asset(k.m, 0);
    assert_true(fabs(a->oi_change.m5) < 0.01);
    assert_true(a->venue[VENUE_GATE].present && !a->venue[VENUE_GATE].fresh);
    mk_close(&k);
}

static void oi_divergence_when_price_goes_nowhere(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    double oi = oi_history(&k, 4);
    /* +6.5 % over 4 h, price flat: fires once */
    for (int i = 0; i < 240; i++) {
        oi *= 1.00027;
        oi_step(&k, 100 * (1 + 0.001 * noise(&k)), oi, 4);
    }
    assert_int_equal(count_kind(k.al, "oi_divergence"), 1);
    const struct alert *a = newest_kind(k.al, "oi_divergence");
    assert_true(a->value > 5 && a->value < 7);
    assert_true(a->threshold == 5);
    assert_non_null(strstr(a->msg, "while price"));
    assert_int_equal(count_kind(k.al, "leverage_spike"), 0);
    mk_close(&k);

    /* the same OI build-up with price up 3 %: demand behind it, no alert */
    mk_open(&k, NULL);
    oi = oi_history(&k, 4);
    for (int i = 0; i < 240; i++) {
        oi *= 1.00027;
        oi_step(&k, 100 * (1 + 0.03 * i / 240.0), oi, 4);
    }
    assert_int_equal(count_kind(k.al, "oi_divergence"), 0);
    mk_close(&k);
}

static void funding_extreme_escalates_one_alert(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    for (int i = 0; i < 10; i++) {
        k.now += MIN;
        tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001); /* 10.95 %/yr */
        update(&k);
    }
    const struct model_asset *a = model_asset(k.m, 0);
    assert_true(fabs(a->venue[VENUE_BINANCE].funding_apr - 0.0001 * 3 * 365) < 1e-12);
    assert_int_equal(count_kind(k.al, "funding_extreme"), 0);
    for (int i = 0; i < 10; i++) {
        k.now += MIN;
        tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.001); /* 109.5 %/yr */
        update(&k);
    }
    assert_int_equal(count_kind(k.al, "funding_extreme"), 1);
    assert_int_equal(newest_kind(k.al, "funding_extreme")->sev, SEV_WARN);
    assert_string_equal(newest_kind(k.al, "funding_extreme")->venue, "binance");
    k.now += MIN;
    tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.003); /* 328 %/yr: crit, same alert */
    update(&k);
    assert_int_equal(count_kind(k.al, "funding_extreme"), 1);
    assert_int_equal(newest_kind(k.al, "funding_extreme")->sev, SEV_CRIT);
    assert_int_equal(newest_kind(k.al, "funding_extreme")->updates, 1);
    /* back to normal for longer than rearm_s, then negative extreme: new alert */
    for (int i = 0; i < 15; i++) {
        k.now += MIN;
        tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001);
        update(&k);
    }
    k.now += MIN;
    tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, -0.0006); /* -65.7 %/yr */
    update(&k);
    assert_int_equal(count_kind(k.al, "funding_extreme"), 2);
    assert_non_null(strstr(newest_kind(k.al, "funding_extreme")->msg, "shorts crowded"));
    mk_close(&k);
}

/* ---------------------------------------------------------- cascade */

static void minute(struct mk *k, double px, double long_usd, int n_liqs)
{
    /* liquidations spread over the minute, then a price tick and an update */
    for (int i = 0; i < n_liqs; i++) {
        k->now += 60 * SEC / (n_liqs + 1);
        liq(k, VENUE_BINANCE, "BTC", LIQ_LONG, long_usd / n_liqs, px);
        tick(k, VENUE_BINANCE, "BTC", px, 1e9, 0.0001);
        update(k);
    }
    k->now += (n_liqs ? 60 * SEC - (60 * SEC / (n_liqs + 1)) * n_liqs : 60 * SEC);
    tick(k, VENUE_BINANCE, "BTC", px, 1e9, 0.0001);
    update(k);
}

/* Six hours of a normal liquidation flow: $10k a minute. */
static void liq_history(struct mk *k)
{
    for (int i = 0; i < 360; i++)
        minute(k, 100 * (1 + 0.002 * noise(k)), 10000, 1);
}

static void cascade_is_one_alert_updated_across_waves(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    liq_history(&k);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 0);
    const struct model_asset *a = model_asset(k.m, 0);
    assert_true(a->det.liq_base > 5000 && a->det.liq_base < 15000);
    /* wave 1: $1M a minute while price falls 100 -> 99; the first minute
     * moves price only 0.2 % (under cascade_min_move_pct): not yet tracked */
    minute(&k, 99.8, 1e6, 5);
    assert_int_equal(a->det.cascade[LIQ_LONG].waves, 0);
    /* the next minute, with price 0.7 % down, starts the cascade: one wave,
     * which is not yet a waterfall (cascade_min_waves = 2): no alert */
    k.now += 10 * SEC;
    liq(&k, VENUE_BINANCE, "BTC", LIQ_LONG, 2e5, 99.3);
    tick(&k, VENUE_BINANCE, "BTC", 99.3, 1e9, 0.0001);
    update(&k);
    minute(&k, 99.3, 1e6, 5);
    minute(&k, 99.0, 1e6, 5);
    assert_int_equal(a->det.cascade[LIQ_LONG].waves, 1);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 0);
    /* a pause, a small bounce */
    for (int i = 0; i < 3; i++)
        minute(&k, 99.2, 10000, 1);
    /* wave 2 to a lower low: the waterfall, raised on the observation that
     * made the new low */
    minute(&k, 98.6, 1.5e6, 5);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 1);
    printf("liq_cascade latency: raised on the observation of the second wave's new low (0 after)\n");
    assert_int_equal(newest_kind(k.al, "liq_cascade")->sev, SEV_WARN);
    assert_non_null(strstr(newest_kind(k.al, "liq_cascade")->msg, "2 waves"));
    minute(&k, 98.0, 1.5e6, 5);
    for (int i = 0; i < 3; i++)
        minute(&k, 98.3, 10000, 1);
    /* wave 3 */
    minute(&k, 97.5, 2e6, 5);
    minute(&k, 97.0, 2e6, 5);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 1); /* one alert ... */
    const struct alert *al = newest_kind(k.al, "liq_cascade");
    assert_true(al->updates >= 1);                       /* ... updated per wave */
    assert_int_equal(al->sev, SEV_CRIT);                 /* 3 waves */
    assert_non_null(strstr(al->msg, "3 waves"));
    assert_non_null(strstr(al->msg, "long liquidation cascade"));
    assert_true(al->value > 6e6); /* USD liquidated in the cascade when wave 3 began */
    assert_int_equal(a->det.cascade[LIQ_LONG].waves, 3);
    /* it ends after cascade_end_min quiet minutes; the next one is new */
    for (int i = 0; i < 40; i++)
        minute(&k, 97.2, 10000, 1);
    assert_false(a->det.cascade[LIQ_LONG].active);
    minute(&k, 96.5, 2e6, 5);
    minute(&k, 96.0, 2e6, 5);
    for (int i = 0; i < 3; i++)
        minute(&k, 96.2, 10000, 1);
    minute(&k, 95.5, 2e6, 5);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 2);
    mk_close(&k);
}

static void burst_without_price_move_or_noise_is_no_cascade(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    liq_history(&k);
    /* a big burst while price holds */
    minute(&k, 100, 2e6, 5);
    minute(&k, 100.1, 2e6, 5);
    for (int i = 0; i < 5; i++)
        minute(&k, 100, 10000, 1);
    /* a slow grind lower with normal liquidations */
    for (int i = 0; i < 120; i++)
        minute(&k, 100 - i * 0.02, 20000 * (1 + noise(&k)), 2);
    /* noisy flow, up to 5x a quiet minute but under the floors */
    for (int i = 0; i < 120; i++)
        minute(&k, 97.6 + 0.3 * noise(&k), 50000 * (1 + noise(&k)), 3);
    assert_int_equal(count_kind(k.al, "liq_cascade"), 0);
    mk_close(&k);
}

/* ---------------------------------------------------------- liquidity */

static void liquidity_drain_fires_once(void **state)
{
    (void)state;
    struct mk k;
    mk_open(&k, NULL);
    for (int i = 0; i < 120; i++) { /* an hour of depth every 30 s, +-10 % */
        k.now += 30 * SEC;
        tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001);
        depth(&k, VENUE_BINANCE, "BTC", 50e6 * (1 + 0.1 * noise(&k)), 40e6);
        update(&k);
    }
    const struct model_asset *a = model_asset(k.m, 0);
    assert_int_equal(count_kind(k.al, "liquidity_drain"), 0);
    assert_true(fabs(a->depth_bid2_base - 50e6) < 5e6);
    assert_true(fabs(a->det.depth_ratio - 1) < 0.2);
    /* bids pulled: 20M */
    k.now += 30 * SEC;
    tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001);
    depth(&k, VENUE_BINANCE, "BTC", 20e6, 40e6);
    update(&k);
    assert_int_equal(count_kind(k.al, "liquidity_drain"), 0); /* one observation */
    k.now += 30 * SEC;
    tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001);
    depth(&k, VENUE_BINANCE, "BTC", 20e6, 40e6);
    update(&k);
    assert_int_equal(count_kind(k.al, "liquidity_drain"), 1); /* drain_obs = 2 */
    printf("liquidity_drain latency: raised on the 2nd depth observation below (1 after)\n");
    for (int i = 0; i < 20; i++) {
        k.now += 30 * SEC;
        tick(&k, VENUE_BINANCE, "BTC", 100, 1e9, 0.0001);
        depth(&k, VENUE_BINANCE, "BTC", 20e6, 40e6);
        update(&k);
    }
    assert_int_equal(count_kind(k.al, "liquidity_drain"), 1);
    const struct alert *al = newest_kind(k.al, "liquidity_drain");
    assert_true(al->value < -55 && al->value > -65);
    assert_non_null(strstr(al->msg, "bid depth within 2 %"));
    mk_close(&k);
}

/* ---------------------------------------------------------- all at once */

static void deterministic_for_the_same_input(void **state)
{
    (void)state;
    char first[4096] = "";
    for (int run = 0; run < 2; run++) {
        struct mk k;
        mk_open(&k, NULL);
        liq_history(&k);
        minute(&k, 99.4, 1e6, 5);
        minute(&k, 99.0, 1e6, 5);
        for (int i = 0; i < 3; i++)
            minute(&k, 99.2, 10000, 1);
        minute(&k, 98.5, 1.5e6, 5);
        char buf[4096] = "";
        for (size_t i = 0; i < alerts_count(k.al); i++) {
            char line[600];
            alert_format_json(alerts_get(k.al, i), line, sizeof line);
            strncat(buf, line, sizeof buf - strlen(buf) - 1);
        }
        assert_true(strlen(buf) > 0);
        if (run == 0)
            memcpy(first, buf, sizeof first);
        else
            assert_string_equal(first, buf);
        mk_close(&k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(support_break_after_n_observations),
        cmocka_unit_test(support_rearms_only_after_recovery),
        cmocka_unit_test(hover_dips_and_noise_do_not_break),
        cmocka_unit_test(retest_from_below_is_not_a_support_break),
        cmocka_unit_test(resistance_break_is_symmetric),
        cmocka_unit_test(weak_zones_do_not_alert),
        cmocka_unit_test(leverage_spike_on_outlier_not_on_noise),
        cmocka_unit_test(leverage_spike_ignores_slow_grind),
        cmocka_unit_test(leverage_spike_fixed_pct_in_an_hour),
        cmocka_unit_test(venue_joining_or_going_stale_is_no_oi_change),
        cmocka_unit_test(oi_divergence_when_price_goes_nowhere),
        cmocka_unit_test(funding_extreme_escalates_one_alert),
        cmocka_unit_test(cascade_is_one_alert_updated_across_waves),
        cmocka_unit_test(burst_without_price_move_or_noise_is_no_cascade),
        cmocka_unit_test(liquidity_drain_fires_once),
        cmocka_unit_test(deterministic_for_the_same_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
