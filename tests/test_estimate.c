/* Liquidations estimated from OI drops during adverse moves (estimate.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/estimate.h"
#include "liqtop/model.h"

#include <math.h>
#include <string.h>

#define SEC 1000LL
#define MIN 60000LL
#define T0 1704067200000LL

struct fx {
    struct store *s;
    struct recs r;
    struct estimate_cfg cfg;
    struct estimate_asset e;
    int64_t now;
};

static void fx_open(struct fx *f)
{
    struct store_cfg sc;
    store_cfg_default(&sc);
    const char *syms[] = {"BTC"};
    f->s = store_new(&sc, syms, 1);
    recs_init(&f->r);
    estimate_cfg_default(&f->cfg);
    estimate_asset_init(&f->e);
    f->now = T0;
}

static void fx_close(struct fx *f)
{
    recs_done(&f->r);
    store_free(f->s);
}

/* A venue snapshot with OI in coins (oi_base) or in USD. */
static void snap(struct fx *f, enum venue_id v, double px, double oi_base, double oi_usd)
{
    struct rec_ticker *t = recs_add_ticker(&f->r, "BTC");
    t->mark = px;
    t->oi_base = oi_base;
    t->oi_usd = oi_usd;
    store_apply(f->s, v, &f->r, f->now);
    recs_clear(&f->r);
}

static void reported_liq(struct fx *f, enum venue_id v)
{
    struct rec_liq *l = recs_add_liq(&f->r, "BTC");
    l->t_ms = f->now;
    l->side = LIQ_LONG;
    l->price = 100;
    l->qty = 10;
    l->usd = 1000;
    store_apply(f->s, v, &f->r, f->now);
    recs_clear(&f->r);
}

static int run(struct fx *f)
{
    int rep[VENUE_MARKET_COUNT];
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        int64_t last = 0;
        for (uint32_t i = 0;; i++) {
            const struct liq_event *e = store_liq_recent(f->s, 0, i);
            if (!e)
                break;
            if (!e->estimated && (int)e->venue == v && e->t_ms > last)
                last = e->t_ms;
        }
        rep[v] = estimate_venue_reported(f->s, &f->cfg, (enum venue_id)v, last, f->now);
    }
    return estimate_run(f->s, &f->cfg, 0, &f->e, rep, f->now);
}

static void oi_drop_while_price_falls_is_long_liquidations(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    /* hyperliquid: OI in coins, no liquidation feed */
    snap(&f, VENUE_HYPERLIQUID, 100, 1000, NAN);
    assert_int_equal(run(&f), 0); /* first step: nothing to compare */
    f.now += MIN;
    snap(&f, VENUE_HYPERLIQUID, 99, 980, NAN); /* OI -2 %, price -1 % */
    assert_int_equal(run(&f), 1);
    const struct liq_event *e = store_liq_recent(f.s, 0, 0);
    assert_non_null(e);
    assert_int_equal(e->venue, VENUE_HYPERLIQUID);
    assert_int_equal(e->side, LIQ_LONG);
    assert_int_equal(e->estimated, 1);
    assert_true(fabs(e->qty - 20 * f.cfg.share) < 1e-9);
    assert_true(fabs(e->usd - 20 * f.cfg.share * 99) < 1e-6);
    assert_int_equal(f.s->assets[0].venue[VENUE_HYPERLIQUID].liq_origin, LIQ_ORIGIN_ESTIMATED);
    struct liq_totals t;
    store_liq_totals(f.s, 0, -1, f.now - 3600000, f.now + 1, &t);
    assert_int_equal(t.estimated, 1);
    assert_int_equal(t.count[LIQ_LONG], 1);
    assert_true(f.e.v[VENUE_HYPERLIQUID].active);
    /* same step again: nothing new */
    assert_int_equal(run(&f), 0);
    fx_close(&f);
}

static void oi_drop_while_price_rises_is_short_liquidations(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    snap(&f, VENUE_HYPERLIQUID, 100, NAN, 1e8); /* OI in USD only */
    run(&f);
    f.now += MIN;
    /* USD OI flat while price +1 %: coins -1 % */
    snap(&f, VENUE_HYPERLIQUID, 101, NAN, 1e8);
    assert_int_equal(run(&f), 1);
    const struct liq_event *e = store_liq_recent(f.s, 0, 0);
    assert_int_equal(e->side, LIQ_SHORT);
    double coins_drop = 1e8 / 100 - 1e8 / 101;
    assert_true(fabs(e->usd - coins_drop * f.cfg.share * 101) < 1e-3);
    fx_close(&f);
}

static void no_estimate_without_both_signs(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    snap(&f, VENUE_HYPERLIQUID, 100, 1000, NAN);
    run(&f);
    f.now += MIN;
    snap(&f, VENUE_HYPERLIQUID, 100, 950, NAN); /* OI falls, price flat */
    assert_int_equal(run(&f), 0);
    f.now += MIN;
    snap(&f, VENUE_HYPERLIQUID, 95, 950, NAN); /* price falls, OI in coins flat */
    assert_int_equal(run(&f), 0);
    f.now += MIN;
    snap(&f, VENUE_HYPERLIQUID, 94, 960, NAN); /* OI rises */
    assert_int_equal(run(&f), 0);
    /* a gap of several steps: the change is not within one step */
    f.now += 5 * MIN;
    snap(&f, VENUE_HYPERLIQUID, 90, 900, NAN);
    assert_int_equal(run(&f), 0);
    assert_null(store_liq_recent(f.s, 0, 0));
    fx_close(&f);
}

static void reported_venue_is_not_estimated(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    snap(&f, VENUE_BINANCE, 100, 1000, NAN);
    reported_liq(&f, VENUE_BINANCE);
    run(&f);
    f.now += MIN;
    snap(&f, VENUE_BINANCE, 99, 980, NAN);
    assert_int_equal(run(&f), 0); /* a liquidation reported a minute ago */
    assert_false(f.e.v[VENUE_BINANCE].active);
    /* 20 minutes without one and the stream down: estimate */
    f.now += 20 * MIN;
    snap(&f, VENUE_BINANCE, 99, 980, NAN);
    f.s->health[SRC_BINANCE_WS].state = HEALTH_DOWN;
    run(&f);
    f.now += MIN;
    snap(&f, VENUE_BINANCE, 98, 960, NAN);
    assert_int_equal(run(&f), 1);
    assert_int_equal(store_liq_recent(f.s, 0, 0)->estimated, 1);
    /* the origin stays REPORTED (the venue does report, just not now) */
    assert_int_equal(f.s->assets[0].venue[VENUE_BINANCE].liq_origin, LIQ_ORIGIN_REPORTED);
    /* stream known up: no estimates even without recent liquidations */
    f.s->health[SRC_BINANCE_WS].state = HEALTH_OK;
    f.now += MIN;
    snap(&f, VENUE_BINANCE, 97, 940, NAN);
    assert_int_equal(run(&f), 0);
    fx_close(&f);
}

static void disabled_does_nothing(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    f.cfg.enable = 0;
    snap(&f, VENUE_HYPERLIQUID, 100, 1000, NAN);
    run(&f);
    f.now += MIN;
    snap(&f, VENUE_HYPERLIQUID, 90, 900, NAN);
    assert_int_equal(run(&f), 0);
    fx_close(&f);
}

/* Through the model: the totals and the venue say "estimated". */
static void model_flags_estimates_everywhere(void **state)
{
    (void)state;
    struct store_cfg sc;
    store_cfg_default(&sc);
    const char *syms[] = {"BTC"};
    struct store *s = store_new(&sc, syms, 1);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = model_new(&mc, s);
    struct recs r;
    recs_init(&r);
    int64_t now = T0;
    double px = 100, oi = 1000;
    for (int i = 0; i < 5; i++) {
        struct rec_ticker *t = recs_add_ticker(&r, "BTC");
        t->mark = px;
        t->oi_base = oi;
        store_apply(s, VENUE_HYPERLIQUID, &r, now);
        recs_clear(&r);
        model_update(m, now, NULL);
        now += MIN;
        px *= 0.99;
        oi *= 0.98;
    }
    const struct model_asset *a = model_asset(m, 0);
    assert_true(a->liq_1h.estimated);
    assert_true(a->liq_1h.count[LIQ_LONG] >= 3);
    assert_true(a->venue[VENUE_HYPERLIQUID].liq_1h.estimated);
    assert_true(a->venue[VENUE_HYPERLIQUID].liq_estimating);
    assert_int_equal(a->venue[VENUE_HYPERLIQUID].liq_origin, LIQ_ORIGIN_ESTIMATED);
    assert_true(a->n_top_liqs >= 3);
    assert_int_equal(a->top_liqs[0].estimated, 1);
    assert_true(model_market(m)->liq_1h.estimated);
    struct model_stats st;
    model_stats(m, &st);
    assert_true(st.estimated_liqs >= 3);
    recs_done(&r);
    model_free(m);
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oi_drop_while_price_falls_is_long_liquidations),
        cmocka_unit_test(oi_drop_while_price_rises_is_short_liquidations),
        cmocka_unit_test(no_estimate_without_both_signs),
        cmocka_unit_test(reported_venue_is_not_estimated),
        cmocka_unit_test(disabled_does_nothing),
        cmocka_unit_test(model_flags_estimates_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
