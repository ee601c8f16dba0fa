/* The model: configuration tables, the state it exposes, change detection,
 * and a throughput figure (printed, never asserted). */
#define _POSIX_C_SOURCE 200809L
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
#include <time.h>

#define SEC 1000LL
#define MIN 60000LL
#define H 3600000LL
#define T0 1704067200000LL

static void config_tables_set_every_section(void **state)
{
    (void)state;
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct cfg_section secs[5];
    size_t n = model_cfg_sections(&mc, secs, 5);
    assert_int_equal(n, 5);
    assert_int_equal(model_cfg_sections(&mc, secs, 4), 0);
    char err[256];
    const char *text = "[levels]\npivot_n = 4\nzone_atr = 0.75\n"
                       "[detect]\nbreak_obs = 5\ncascade_ratio = 8\nest_enable = no\n"
                       "funding_max_apr = 150\n"
                       "[stress]\nw_depth = 0\nlead = ETH\nband_crit = 90\n"
                       "[alerts]\ncooldown_s = 60\nbell = off\nhook = notify-send liqtop\n"
                       "hook_severity = crit\nlog_path = /tmp/x.log\n";
    assert_int_equal(config_load_string("t.conf", text, secs, n, err, sizeof err), 0);
    assert_int_equal(mc.levels.pivot_n, 4);
    assert_true(mc.levels.zone_atr == 0.75);
    assert_int_equal(mc.detect.break_obs, 5);
    assert_true(mc.detect.cascade_ratio == 8);
    assert_int_equal(mc.estimate.enable, 0);
    assert_true(mc.detect.funding_max_apr == 150);
    assert_true(mc.stress.w_depth == 0);
    assert_string_equal(mc.stress.lead, "ETH");
    assert_true(mc.stress.band_crit == 90);
    assert_true(mc.alerts.cooldown_s == 60);
    assert_int_equal(mc.sink.bell_severity, 3);
    assert_string_equal(mc.sink.hook, "notify-send liqtop");
    assert_int_equal(mc.sink.hook_severity, SEV_CRIT);
    assert_string_equal(mc.sink.log_path, "/tmp/x.log");
    assert_int_equal(model_cfg_check(&mc, err, sizeof err), 0);
    /* unknown keys and out-of-range values name file:line and key */
    assert_int_equal(config_load_string("t.conf", "[detect]\nbreak_obz = 3\n", secs, n, err,
                                        sizeof err),
                     -1);
    assert_non_null(strstr(err, "t.conf:2"));
    assert_non_null(strstr(err, "break_obz"));
    assert_int_equal(config_load_string("t.conf", "[detect]\ndrain_band_pct = 3\n", secs, n, err,
                                        sizeof err),
                     -1);
    /* cross-key checks */
    mc.stress.band_crit = 50;
    assert_int_equal(model_cfg_check(&mc, err, sizeof err), -1);
    assert_non_null(strstr(err, "band_crit"));
    /* every key has help with some unit or meaning, and a unique name */
    const struct cfg_key *tabs[] = {model_levels_keys, model_detect_keys, model_stress_keys,
                                    model_alerts_keys};
    size_t ns[] = {model_levels_nkeys, model_detect_nkeys, model_stress_nkeys, model_alerts_nkeys};
    for (size_t t = 0; t < 4; t++)
        for (size_t i = 0; i < ns[t]; i++) {
            assert_true(strlen(tabs[t][i].help) > 10);
            for (size_t j = i + 1; j < ns[t]; j++)
                assert_string_not_equal(tabs[t][i].name, tabs[t][j].name);
        }
}

struct fx {
    struct store *s;
    struct model *m;
    struct model_cfg cfg;
    struct recs r;
};

static void fx_open(struct fx *f, const char *const *syms, size_t n)
{
    struct store_cfg sc;
    store_cfg_default(&sc);
    f->s = store_new(&sc, syms, n);
    model_cfg_default(&f->cfg);
    f->m = model_new(&f->cfg, f->s);
    recs_init(&f->r);
}

static void fx_close(struct fx *f)
{
    recs_done(&f->r);
    model_free(f->m);
    store_free(f->s);
}

static void ticker(struct fx *f, enum venue_id v, const char *sym, int64_t now, double px, double oi,
                   double fund, double ls, double chg24)
{
    struct rec_ticker *t = recs_add_ticker(&f->r, sym);
    t->mark = px;
    t->price = px;
    t->oi_usd = oi;
    t->funding = fund;
    t->ls_ratio = ls;
    t->change_24h = chg24;
    store_apply(f->s, v, &f->r, now);
    recs_clear(&f->r);
}

static void state_figures(void **state)
{
    (void)state;
    const char *syms[] = {"BTC", "ETH"};
    struct fx f;
    fx_open(&f, syms, 2);
    int64_t now = T0;
    /* 25 hours of minutes: price 100 -> 110 linearly; OI 1e9 -> 1.1e9 on
     * binance, constant 5e8 on bybit */
    for (int i = 0; i <= 25 * 60; i++) {
        double x = i / (25.0 * 60);
        ticker(&f, VENUE_BINANCE, "BTC", now, 100 + 10 * x, 1e9 * (1 + 0.1 * x), 0.0001, 1.8,
               -0.01);
        ticker(&f, VENUE_BYBIT, "BTC", now, 100 + 10 * x, 5e8, -0.0002, NAN, 0.02);
        model_update(f.m, now, NULL);
        now += MIN;
    }
    now -= MIN;
    const struct model_asset *a = model_asset(f.m, 0);
    assert_string_equal(a->sym, "BTC");
    assert_true(fabs(a->price - 110) < 1e-9);
    assert_int_equal(a->price_venue, VENUE_BINANCE);
    assert_true(fabs(a->change_1h - (110.0 / (100 + 10 * 24.0 / 25) - 1)) < 1e-3);
    assert_true(fabs(a->change_24h - (110.0 / (100 + 10 * 1.0 / 25) - 1)) < 1e-3);
    assert_true(fabs(a->change_24h_lo - -0.01) < 1e-12);
    assert_true(fabs(a->change_24h_hi - 0.02) < 1e-12);
    assert_true(fabs(a->oi_usd - 1.6e9) < 1);
    assert_true(fabs(a->venue[VENUE_BINANCE].oi_usd - 1.1e9) < 1);
    /* per-venue OI change over 1 h: (1 + 0.1) / (1 + 0.1 * 24/25) - 1 */
    assert_true(fabs(a->venue[VENUE_BINANCE].oi_change.h1 - (1.1 / 1.096 - 1)) < 2e-4);
    assert_true(fabs(a->venue[VENUE_BYBIT].oi_change.h24) < 1e-12);
    assert_true(isnan(model_asset(f.m, 1)->oi_change.h1)); /* ETH: no data */
    assert_true(fabs(a->oi_change.h1 - (1.6e9 / (1.096e9 + 5e8) - 1)) < 2e-4);
    assert_true(fabs(a->venue[VENUE_BINANCE].funding_apr - 0.1095) < 1e-12);
    assert_true(fabs(a->venue[VENUE_BYBIT].funding_apr - -0.219) < 1e-12);
    /* OI-weighted: (0.1095 * 1.1e9 - 0.219 * 5e8) / 1.6e9 */
    assert_true(fabs(a->funding_apr - (0.1095 * 1.1e9 - 0.219 * 5e8) / 1.6e9) < 1e-9);
    assert_true(fabs(a->ls_ratio - 1.8) < 1e-12);
    assert_int_equal(a->ls_venue, VENUE_BINANCE);
    assert_true(isnan(a->venue[VENUE_BYBIT].ls_ratio));
    assert_true(a->venue[VENUE_BINANCE].fresh);
    assert_false(a->venue[VENUE_OKX].present);
    /* liquidations: totals per venue and window, largest first */
    struct rec_liq *l;
    double sizes[] = {5e4, 2e6, 3e5, 7e5};
    for (int i = 0; i < 4; i++) {
        l = recs_add_liq(&f.r, "BTC");
        l->t_ms = now - (int64_t)i * 90 * MIN; /* 0, 1.5 h, 3 h, 4.5 h ago */
        l->side = i % 2 ? LIQ_SHORT : LIQ_LONG;
        l->price = 110;
        l->usd = sizes[i];
        l->qty = sizes[i] / 110;
        store_apply(f.s, i < 2 ? VENUE_OKX : VENUE_GATE, &f.r, now);
        recs_clear(&f.r);
    }
    model_update(f.m, now, NULL);
    assert_true(a->liq_1h.usd[LIQ_LONG] == 5e4);
    assert_int_equal(a->liq_1h.count[LIQ_SHORT], 0);
    assert_true(a->liq_4h.usd[LIQ_SHORT] == 2e6);
    assert_true(a->liq_4h.usd[LIQ_LONG] == 5e4 + 3e5);
    assert_true(a->liq_24h.usd[LIQ_SHORT] == 2e6 + 7e5);
    assert_true(a->venue[VENUE_GATE].liq_24h.usd[LIQ_LONG] == 3e5);
    assert_int_equal(a->venue[VENUE_OKX].liq_24h.count[LIQ_SHORT], 1);
    assert_false(a->liq_24h.estimated);
    assert_int_equal(a->venue[VENUE_OKX].liq_origin, LIQ_ORIGIN_REPORTED);
    assert_int_equal(a->n_top_liqs, 4);
    assert_true(a->top_liqs[0].usd == 2e6 && a->top_liqs[1].usd == 7e5 &&
                a->top_liqs[3].usd == 5e4);
    const struct model_market *mk = model_market(f.m);
    assert_true(mk->liq_24h.usd[0] + mk->liq_24h.usd[1] == 5e4 + 2e6 + 3e5 + 7e5);
    assert_true(fabs(mk->oi_usd - 1.6e9) < 1);
    assert_string_equal(mk->comp[STRESS_LIQ].name, "liquidations");
    fx_close(&f);
}

static void candle(struct fx *f, int64_t t, double lo, double hi, int64_t now)
{
    struct rec_candle *c = recs_add_candle(&f->r, "BTC");
    c->t_ms = t;
    c->interval_s = 3600;
    c->open = c->close = (lo + hi) / 2;
    c->low = lo;
    c->high = hi;
    c->volume = 10;
    store_apply(f->s, VENUE_BINANCE, &f->r, now);
    recs_clear(&f->r);
}

static void cheap_when_nothing_changed_and_levels_only_on_new_candles(void **state)
{
    (void)state;
    const char *syms[] = {"BTC"};
    struct fx f;
    fx_open(&f, syms, 1);
    int64_t now = T0 + 100 * H + 10 * MIN;
    for (int i = 0; i < 100; i++)
        candle(&f, T0 + i * H, 99 - (i % 7 == 3) * 2, 101 + (i % 11 == 5) * 2, now);
    ticker(&f, VENUE_BINANCE, "BTC", now, 100, 1e9, 0.0001, NAN, NAN);
    model_update(f.m, now, NULL);
    struct model_stats st0, st1;
    model_stats(f.m, &st0);
    assert_int_equal(st0.level_computes, 1);
    assert_true(model_asset(f.m, 0)->levels.n > 0);
    /* same store, same second: nothing */
    model_update(f.m, now + 200, NULL);
    model_stats(f.m, &st1);
    assert_int_equal(st1.updates, st0.updates);
    /* price ticks and the forming candle updating: no level recompute */
    for (int i = 1; i <= 30; i++) {
        ticker(&f, VENUE_BINANCE, "BTC", now + i * 5 * SEC, 100 + 0.01 * i, 1e9, 0.0001, NAN, NAN);
        candle(&f, T0 + 100 * H, 99.5, 100.5 + 0.01 * i, now + i * 5 * SEC);
        model_update(f.m, now + i * 5 * SEC, NULL);
    }
    model_stats(f.m, &st1);
    assert_int_equal(st1.level_computes, 1);
    assert_true(st1.updates > st0.updates);
    /* the hour closes: the candle is final, levels recompute once */
    now = T0 + 101 * H + 5 * SEC;
    ticker(&f, VENUE_BINANCE, "BTC", now, 100, 1e9, 0.0001, NAN, NAN);
    model_update(f.m, now, NULL);
    model_update(f.m, now + 5 * SEC, NULL);
    model_stats(f.m, &st1);
    assert_int_equal(st1.level_computes, 2);
    assert_int_equal(model_asset(f.m, 0)->levels.n_candles, 101);
    fx_close(&f);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 300 symbols x 4 venues: each round applies one ticker batch per venue
 * (all symbols), then runs model_update; candles for every symbol. Prints
 * rounds per second. Timing is reported, never asserted. */
static void throughput_300_symbols_4_venues(void **state)
{
    (void)state;
    enum { NS = 300 };
    static char names[NS][16];
    const char *syms[NS];
    for (int i = 0; i < NS; i++) {
        snprintf(names[i], sizeof names[i], "S%03d", i);
        syms[i] = names[i];
    }
    struct fx f;
    fx_open(&f, syms, NS);
    const enum venue_id vs[4] = {VENUE_BINANCE, VENUE_BYBIT, VENUE_OKX, VENUE_HYPERLIQUID};
    int64_t now = T0 + 500 * H;
    for (int i = 0; i < NS; i++)
        for (int k = 0; k < 500; k++) {
            struct rec_candle *c = recs_add_candle(&f.r, syms[i]);
            c->t_ms = T0 + k * H;
            c->interval_s = 3600;
            double p = 100 * (1 + 0.05 * sin(k / 9.0 + i));
            c->open = c->close = p;
            c->low = p * 0.99;
            c->high = p * 1.01;
            c->volume = 100;
        }
    store_apply(f.s, VENUE_BINANCE, &f.r, now);
    recs_clear(&f.r);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    int rounds = 400;
    double t0 = now_s(), t_model = 0;
    uint64_t rng = 7;
    for (int r = 0; r < rounds; r++) {
        now += 5 * SEC;
        for (int v = 0; v < 4; v++) {
            for (int i = 0; i < NS; i++) {
                rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
                double u = (double)(rng >> 11) / (double)(1ULL << 53);
                struct rec_ticker *t = recs_add_ticker(&f.r, syms[i]);
                t->mark = 100 * (1 + 0.002 * (u - 0.5));
                t->oi_usd = 1e8 * (1 + 0.001 * u);
                t->funding = 0.0001;
                if (u < 0.02) {
                    struct rec_liq *l = recs_add_liq(&f.r, syms[i]);
                    l->t_ms = now;
                    l->side = LIQ_LONG;
                    l->price = 100;
                    l->qty = 100;
                    l->usd = 1e4;
                }
            }
            store_apply(f.s, vs[v], &f.r, now);
            recs_clear(&f.r);
        }
        double m0 = now_s();
        model_update(f.m, now, al);
        t_model += now_s() - m0;
    }
    double total = now_s() - t0;
    struct model_stats st;
    model_stats(f.m, &st);
    printf("throughput: %d rounds of 300 symbols x 4 venues in %.2f s: %.0f rounds/s "
           "(store + model); model_update alone %.2f ms per call, %.0f calls/s; "
           "%llu asset refreshes, %llu level computes, %zu alerts\n",
           rounds, total, rounds / total, t_model / rounds * 1000, rounds / t_model,
           (unsigned long long)st.asset_refreshes, (unsigned long long)st.level_computes,
           alerts_count(al));
    assert_int_equal(st.updates, (uint64_t)rounds);
    alerts_free(al);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_tables_set_every_section),
        cmocka_unit_test(state_figures),
        cmocka_unit_test(cheap_when_nothing_changed_and_levels_only_on_new_candles),
        cmocka_unit_test(throughput_300_symbols_4_venues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
