/* Support and resistance zones from 1h candles (levels.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/levels.h"

#include <math.h>
#include <string.h>

#define H 3600000LL
/* 2024-01-01 00:00 UTC, a Monday */
#define T0 1704067200000LL

static void candle(struct rec_candle *c, int64_t t, double lo, double hi, double close, double vol)
{
    memset(c, 0, sizeof *c);
    strcpy(c->sym, "TST");
    c->t_ms = t;
    c->interval_s = 3600;
    c->low = lo;
    c->high = hi;
    c->open = (lo + hi) / 2;
    c->close = close;
    c->volume = vol;
}

/* Only pivots, no decay, no padding, no crossing penalty: exact zones. */
static void pivots_only(struct level_cfg *cfg)
{
    levels_cfg_default(cfg);
    cfg->pivot_n = 2;
    cfg->weight_4h = 0;
    cfg->weight_day = cfg->weight_week = cfg->weight_round = cfg->weight_round_major = 0;
    cfg->half_life_h = 0;
    cfg->min_width_atr = 0;
    cfg->cross_penalty = 0;
    cfg->zone_atr = 0.5;
}

/* 21 bars, each 2 wide (ATR 2), mid 110 except the pivots:
 * lows 100 at bar 4 and 101 at bar 14 (one zone), high 120 at bar 9. */
static size_t make_basic(struct rec_candle *c)
{
    for (int i = 0; i < 21; i++)
        candle(&c[i], T0 + i * H, 109, 111, 110, NAN);
    candle(&c[4], T0 + 4 * H, 100, 102, 101, NAN);
    candle(&c[14], T0 + 14 * H, 101, 103, 102, NAN);
    candle(&c[9], T0 + 9 * H, 118, 120, 119, NAN);
    return 21;
}

/* make_basic's bars with a pivots-only configuration. */
static size_t basic_pivots(struct rec_candle *c, struct level_cfg *cfg)
{
    pivots_only(cfg);
    return make_basic(c);
}

static void pivots_cluster_into_exact_zones(void **state)
{
    (void)state;
    struct rec_candle c[32];
    struct level_cfg cfg;
    size_t n = basic_pivots(c, &cfg);
    struct level_set ls;
    /* ATR is above 2 here (true ranges include the jumps to the pivot
     * bars), so the 1-wide gap between 100 and 101 is within 0.5 ATR */
    assert_int_equal(levels_compute(c, n, &cfg, &ls), 2);
    assert_true(ls.atr > 2);
    assert_true(ls.zone[0].lo == 100.0);
    assert_true(ls.zone[0].hi == 101.0);
    assert_int_equal(ls.zone[0].touches, 2);
    assert_int_equal(ls.zone[0].sources, LEVEL_PIVOT_1H);
    assert_int_equal(ls.zone[0].last_ms, T0 + 14 * H);
    assert_true(fabs(ls.zone[0].strength - (1 - exp(-1.0))) < 1e-12); /* score 2, scale 2 */
    assert_true(ls.zone[1].lo == 120.0 && ls.zone[1].hi == 120.0);
    assert_int_equal(ls.zone[1].touches, 1);
    assert_true(fabs(ls.zone[1].strength - (1 - exp(-0.5))) < 1e-12);
    assert_true(ls.zone[0].strength > ls.zone[1].strength); /* more touches, stronger */
    assert_int_equal(ls.n_candles, 21);
    assert_int_equal(ls.last_t_ms, T0 + 20 * H);
}

static void four_hour_pivots_confirm(void **state)
{
    (void)state;
    struct rec_candle c[32];
    struct level_cfg cfg;
    size_t n = basic_pivots(c, &cfg);
    cfg.weight_4h = 1.5;
    cfg.pivot_n_4h = 1;
    struct level_set ls;
    /* 4h bars (UTC-aligned): 00-03, 04-07 (low 100), 08-11 (high 120),
     * 12-15 (low 101), 16-19, 20: the same prices are 4h pivots too */
    levels_compute(c, n, &cfg, &ls);
    assert_int_equal(ls.n, 2);
    assert_int_equal(ls.zone[0].sources, LEVEL_PIVOT_1H | LEVEL_PIVOT_4H);
    assert_int_equal(ls.zone[0].touches, 4);
    assert_true(fabs(ls.zone[0].score - 5.0) < 1e-12);
    assert_true(fabs(ls.zone[1].score - 2.5) < 1e-12);
}

static void narrow_reach_keeps_pivots_apart_and_min_width_pads(void **state)
{
    (void)state;
    struct rec_candle c[32];
    struct level_cfg cfg;
    size_t n = basic_pivots(c, &cfg);
    cfg.zone_atr = 0.1; /* reach < 1: 100 and 101 stay apart */
    struct level_set ls;
    assert_int_equal(levels_compute(c, n, &cfg, &ls), 3);
    assert_true(ls.zone[0].lo == 100.0 && ls.zone[0].hi == 100.0);
    assert_true(ls.zone[1].lo == 101.0 && ls.zone[1].hi == 101.0);
    /* a minimum width pads symmetrically around the member prices */
    cfg.min_width_atr = 0.5;
    levels_compute(c, n, &cfg, &ls);
    double w = 0.5 * ls.atr;
    assert_true(fabs(ls.zone[0].lo - (100 - w / 2)) < 1e-9);
    assert_true(fabs(ls.zone[0].hi - (100 + w / 2)) < 1e-9);
}

static void equal_lows_are_not_pivots(void **state)
{
    (void)state;
    struct rec_candle c[32];
    size_t n = make_basic(c);
    /* a bar next to the 100 low with the same low: "lower than the N bars
     * on each side" fails for both */
    candle(&c[5], T0 + 5 * H, 100, 102, 101, NAN);
    struct level_cfg cfg;
    pivots_only(&cfg);
    struct level_set ls;
    levels_compute(c, n, &cfg, &ls);
    for (size_t i = 0; i < ls.n; i++)
        assert_false(ls.zone[i].lo == 100.0);
    assert_true(ls.zone[0].lo == 101.0);
}

static void volume_and_recency_add_strength(void **state)
{
    (void)state;
    struct rec_candle c[64];
    for (int i = 0; i < 41; i++)
        candle(&c[i], T0 + i * H, 109, 111, 110, 100);
    /* two single-pivot lows far apart in price */
    candle(&c[5], T0 + 5 * H, 100, 102, 101, 100);
    candle(&c[30], T0 + 30 * H, 90, 92, 91, 100);
    struct level_cfg cfg;
    pivots_only(&cfg);
    struct level_set ls;
    levels_compute(c, 41, &cfg, &ls);
    assert_int_equal(ls.n, 2);
    /* same volume, no decay: equal */
    assert_true(fabs(ls.zone[0].strength - ls.zone[1].strength) < 1e-12);
    /* decay: the recent one (bar 30, price 90) is stronger */
    cfg.half_life_h = 10;
    levels_compute(c, 41, &cfg, &ls);
    assert_true(ls.zone[0].lo == 90.0);
    assert_true(ls.zone[0].strength > ls.zone[1].strength);
    /* volume: twice the median volume at the old pivot outweighs no decay */
    cfg.half_life_h = 0;
    c[5].volume = 200;
    levels_compute(c, 41, &cfg, &ls);
    assert_true(ls.zone[1].lo == 100.0);
    assert_true(fabs(ls.zone[1].score - 2.0) < 1e-12);
    assert_true(fabs(ls.zone[0].score - 1.0) < 1e-12);
}

static void prev_day_week_and_round_numbers(void **state)
{
    (void)state;
    /* 10 days of flat hourly bars around 97,000, starting Monday 2024-01-01:
     * the last bar is on Wednesday 2024-01-10, so the previous day is Tuesday
     * 01-09 and the previous ISO week is 01-01..01-07. */
    static struct rec_candle c[240];
    for (int i = 0; i < 240; i++)
        candle(&c[i], T0 + i * H, 96900, 97100, 97000, NAN);
    candle(&c[8 * 24 + 5], T0 + (8 * 24 + 5) * H, 96000, 97100, 97000, NAN);   /* Tue 01-09 low */
    candle(&c[8 * 24 + 6], T0 + (8 * 24 + 6) * H, 96900, 97900, 97000, NAN);   /* Tue 01-09 high */
    candle(&c[3 * 24 + 2], T0 + (3 * 24 + 2) * H, 93000, 97100, 97000, NAN);   /* Thu 01-04 low */
    candle(&c[2 * 24 + 2], T0 + (2 * 24 + 2) * H, 96900, 99000, 97000, NAN);   /* Wed 01-03 high */
    struct level_cfg cfg;
    levels_cfg_default(&cfg);
    cfg.weight_4h = 0;
    cfg.pivot_n = 100; /* pivots only among flat bars 100..139: none */
    cfg.min_width_atr = 0;
    cfg.cross_penalty = 0;
    cfg.zone_atr = 0.01;
    struct level_set ls;
    levels_compute(c, 240, &cfg, &ls);
    unsigned want[][2] = {{96000, LEVEL_PREV_DAY}, {97900, LEVEL_PREV_DAY},
                          {93000, LEVEL_PREV_WEEK}, {99000, LEVEL_PREV_WEEK},
                          {90000, LEVEL_ROUND},    {95000, LEVEL_ROUND},
                          {100000, LEVEL_ROUND}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        int found = 0;
        for (size_t i = 0; i < ls.n; i++)
            if (ls.zone[i].lo == (double)want[k][0] && (ls.zone[i].sources & want[k][1]))
                found = 1;
        if (!found)
            fail_msg("no zone at %u with source %u", want[k][0], want[k][1]);
    }
    /* 105,000 is beyond round_range_pct (8 %) of 97,000; 85,000 too */
    for (size_t i = 0; i < ls.n; i++)
        assert_true(ls.zone[i].lo > 89000 && ls.zone[i].hi < 105000);
    /* weak levels are weaker than a single fresh pivot; 90,000 and 100,000
     * are rounder than 95,000 */
    for (size_t i = 0; i < ls.n; i++) {
        const struct level_zone *z = &ls.zone[i];
        assert_true(z->strength < 1 - exp(-1.0 / cfg.score_scale));
        if (z->lo == 95000)
            assert_true(fabs(z->score - cfg.weight_round) < 1e-12);
        if (z->lo == 100000 || z->lo == 90000)
            assert_true(fabs(z->score - cfg.weight_round_major) < 1e-12);
    }
}

static void crossings_weaken_a_zone(void **state)
{
    (void)state;
    struct rec_candle c[64];
    struct level_cfg cfg;
    size_t n = basic_pivots(c, &cfg);
    struct level_set a, b;
    levels_compute(c, n, &cfg, &a);
    /* closes that cut back and forth through the 120 zone */
    for (int i = 15; i < 21; i++)
        candle(&c[i], T0 + i * H, 109, 125, i % 2 ? 123 : 112, NAN);
    cfg.cross_penalty = 0.5;
    levels_compute(c, n, &cfg, &b);
    const struct level_zone *za = &a.zone[a.n - 1], *zb = &b.zone[b.n - 1];
    assert_true(zb->lo == 120.0);
    assert_true(zb->crossings >= 4);
    assert_true(zb->strength < za->strength);
}

static void nearest_support_resistance_and_distance(void **state)
{
    (void)state;
    struct rec_candle c[32];
    struct level_cfg cfg;
    size_t n = basic_pivots(c, &cfg);
    struct level_set ls;
    levels_compute(c, n, &cfg, &ls);
    const struct level_zone *s = levels_support_below(&ls, 110);
    const struct level_zone *r = levels_resistance_above(&ls, 110);
    assert_non_null(s);
    assert_non_null(r);
    assert_true(s->lo == 100.0);
    assert_true(r->lo == 120.0);
    assert_true(fabs(levels_distance_pct(s, 110) - 9 / 110.0 * 100) < 1e-9);
    assert_true(fabs(levels_distance_pct(r, 110) - 10 / 110.0 * 100) < 1e-9);
    assert_true(levels_distance_pct(s, 100.5) == 0); /* inside */
    assert_null(levels_support_below(&ls, 99));
    assert_null(levels_resistance_above(&ls, 121));
    assert_null(levels_support_below(&ls, NAN));
    assert_true(isnan(levels_distance_pct(NULL, 100)));
    char buf[64];
    assert_string_equal(levels_sources_str(LEVEL_PIVOT_1H | LEVEL_ROUND, buf, sizeof buf),
                        "pivot 1h, round");
}

static void too_few_or_bad_candles(void **state)
{
    (void)state;
    struct rec_candle c[32];
    struct level_cfg cfg;
    pivots_only(&cfg);
    struct level_set ls;
    assert_int_equal(levels_compute(NULL, 0, &cfg, &ls), 0);
    assert_true(isnan(ls.atr));
    size_t n = make_basic(c);
    assert_int_equal(levels_compute(c, 4, &cfg, &ls), 0);
    /* NAN and negative prices are skipped, not trusted */
    c[2].low = NAN;
    c[3].high = -5;
    c[6].close = INFINITY;
    assert_true(levels_compute(c, n, &cfg, &ls) >= 1);
    for (size_t i = 0; i < ls.n; i++)
        assert_true(isfinite(ls.zone[i].lo) && ls.zone[i].lo > 0);
}

/* After a crash below every zone, the support shown is the next round
 * number below price: strictly below, on the same grid as the levels, with
 * the round-number weights. */
static void round_number_below_price(void **state)
{
    (void)state;
    struct level_cfg cfg;
    levels_cfg_default(&cfg);
    struct level_zone z;
    assert_int_equal(levels_round_below(89479.27, &cfg, &z), 0);
    assert_true(z.lo == 85000 && z.hi == 85000); /* 5,000 steps below 100,000 */
    assert_true(z.sources == LEVEL_ROUND);
    assert_true(fabs(z.strength - (1 - exp(-cfg.weight_round / cfg.score_scale))) < 1e-12);
    assert_int_equal(levels_round_below(3093.67, &cfg, &z), 0);
    assert_true(fabs((z.lo + z.hi) / 2 - 3000) < 1e-9); /* a rounder one: major weight */
    assert_true(fabs(z.strength - (1 - exp(-cfg.weight_round_major / cfg.score_scale))) < 1e-12);
    assert_int_equal(levels_round_below(90000, &cfg, &z), 0);
    assert_true(fabs((z.lo + z.hi) / 2 - 85000) < 1e-6); /* on a grid point: the next one down */
    assert_int_equal(levels_round_below(162.52, &cfg, &z), 0);
    assert_true(fabs((z.lo + z.hi) / 2 - 160) < 1e-9); /* leading 1: steps of 10 */
    assert_true(levels_distance_pct(&z, 162.52) > 0);
    assert_int_equal(levels_round_below(0, &cfg, &z), -1);
    assert_int_equal(levels_round_below(NAN, &cfg, &z), -1);
    assert_int_equal(levels_round_below(INFINITY, &cfg, &z), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pivots_cluster_into_exact_zones),
        cmocka_unit_test(four_hour_pivots_confirm),
        cmocka_unit_test(narrow_reach_keeps_pivots_apart_and_min_width_pads),
        cmocka_unit_test(equal_lows_are_not_pivots),
        cmocka_unit_test(volume_and_recency_add_strength),
        cmocka_unit_test(prev_day_week_and_round_numbers),
        cmocka_unit_test(crossings_weaken_a_zone),
        cmocka_unit_test(nearest_support_resistance_and_distance),
        cmocka_unit_test(too_few_or_bad_candles),
        cmocka_unit_test(round_number_below_price),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
