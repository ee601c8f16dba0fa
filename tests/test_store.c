/* The store: merging records, aggregates, liquidation buckets and dedupe (store.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/store.h"

#include <math.h>
#include <string.h>

#define T0 1767225600000LL
#define MIN 60000LL

static const char *const syms[] = {"BTC", "ETH", "BTC"}; /* duplicate dropped */

static struct store *mk(void)
{
    struct store_cfg cfg;
    store_cfg_default(&cfg);
    cfg.liq_minutes = 120;
    cfg.liq_events = 16;
    return store_new(&cfg, syms, 3);
}

static void tickers_merge_and_convert_oi(void **state)
{
    (void)state;
    struct store *s = mk();
    assert_int_equal(s->n_assets, 2);
    struct recs r;
    recs_init(&r);
    struct rec_ticker *t = recs_add_ticker(&r, "BTC");
    t->mark = 95000;
    t->funding = 0.0001;
    t = recs_add_ticker(&r, "DOGE"); /* untracked: ignored */
    t->mark = 0.3;
    assert_int_equal(store_apply(s, VENUE_BINANCE, &r, T0), 1);
    recs_clear(&r);
    t = recs_add_ticker(&r, "BTC");
    t->oi_base = 1000; /* coins: converted with the venue's mark */
    store_apply(s, VENUE_BINANCE, &r, T0 + 1000);
    const struct venue_data *v = &s->assets[0].venue[VENUE_BINANCE];
    double x;
    assert_true(series_last(&v->oi_usd, NULL, &x));
    assert_true(x == 95000.0 * 1000);
    assert_true(series_last(&v->funding, NULL, &x) && x == 0.0001);
    assert_true(store_price(s, 0) == 95000);
    assert_true(isnan(store_price(s, 1))); /* ETH: nothing yet */
    recs_done(&r);
    store_free(s);
}

static void reference_price_prefers_fresh_venue_order(void **state)
{
    (void)state;
    struct store *s = mk();
    struct recs r;
    recs_init(&r);
    recs_add_ticker(&r, "BTC")->mark = 95100;
    store_apply(s, VENUE_BYBIT, &r, T0);
    assert_true(store_price(s, 0) == 95100);
    recs_clear(&r);
    recs_add_ticker(&r, "BTC")->mark = 95000;
    store_apply(s, VENUE_BINANCE, &r, T0 + 1000);
    assert_true(store_price(s, 0) == 95000); /* binance first */
    /* binance goes stale: bybit takes over */
    recs_clear(&r);
    recs_add_ticker(&r, "BTC")->mark = 94000;
    store_apply(s, VENUE_BYBIT, &r, T0 + 1000 + (int64_t)s->cfg.stale_after_s * 1000 + 1);
    assert_true(store_price(s, 0) == 94000);
    recs_done(&r);
    store_free(s);
}

static void aggregate_oi_sums_fresh_venues(void **state)
{
    (void)state;
    struct store *s = mk();
    struct recs r;
    recs_init(&r);
    recs_add_ticker(&r, "BTC")->oi_usd = 5e9;
    store_apply(s, VENUE_BINANCE, &r, T0);
    recs_clear(&r);
    recs_add_ticker(&r, "BTC")->oi_usd = 3e9;
    store_apply(s, VENUE_OKX, &r, T0 + 1000);
    double x;
    assert_true(series_last(&s->assets[0].oi_usd, NULL, &x) && x == 8e9);
    recs_done(&r);
    store_free(s);
}

static void liquidations_bucket_and_dedupe(void **state)
{
    (void)state;
    struct store *s = mk();
    struct recs r;
    recs_init(&r);
    for (int i = 0; i < 3; i++) {
        struct rec_liq *l = recs_add_liq(&r, "BTC");
        l->t_ms = T0 + i * MIN;
        l->side = i == 2 ? LIQ_SHORT : LIQ_LONG;
        l->price = 95000;
        l->qty = 1;
        l->usd = 95000;
    }
    store_apply(s, VENUE_OKX, &r, T0 + 3 * MIN);
    /* the venue resends the same list on the next poll: nothing is counted twice */
    store_apply(s, VENUE_OKX, &r, T0 + 4 * MIN);
    struct liq_totals t;
    store_liq_totals(s, 0, -1, T0, T0 + 5 * MIN, &t);
    assert_int_equal(t.count[LIQ_LONG], 2);
    assert_int_equal(t.count[LIQ_SHORT], 1);
    assert_true(t.usd[LIQ_LONG] == 190000);
    assert_false(t.estimated);
    /* window boundaries are per minute: [T0+1min, T0+2min) holds one long */
    store_liq_totals(s, 0, VENUE_OKX, T0 + MIN, T0 + 2 * MIN, &t);
    assert_int_equal(t.count[LIQ_LONG], 1);
    assert_int_equal(t.count[LIQ_SHORT], 0);
    store_liq_totals(s, 0, VENUE_BINANCE, T0, T0 + 5 * MIN, &t);
    assert_int_equal(t.count[LIQ_LONG] + t.count[LIQ_SHORT], 0);
    assert_int_equal(s->assets[0].venue[VENUE_OKX].liq_origin, LIQ_ORIGIN_REPORTED);
    /* newest first */
    const struct liq_event *e = store_liq_recent(s, 0, 0);
    assert_non_null(e);
    assert_int_equal(e->side, LIQ_SHORT);
    assert_null(store_liq_recent(s, 0, 3));
    recs_done(&r);
    store_free(s);
}

static void estimated_liquidations_are_flagged(void **state)
{
    (void)state;
    struct store *s = mk();
    struct rec_liq l = {.sym = "BTC", .t_ms = T0, .side = LIQ_LONG, .price = 1, .qty = 1, .usd = 1e6};
    assert_int_equal(store_add_liq(s, 0, VENUE_HYPERLIQUID, &l, 1), 1);
    struct liq_totals t;
    store_liq_totals(s, 0, -1, T0, T0 + MIN, &t);
    assert_true(t.estimated);
    assert_int_equal(s->assets[0].venue[VENUE_HYPERLIQUID].liq_origin, LIQ_ORIGIN_ESTIMATED);
    /* bad input is refused, not stored */
    l.usd = NAN;
    assert_int_equal(store_add_liq(s, 0, VENUE_HYPERLIQUID, &l, 1), -1);
    l.usd = -5;
    assert_int_equal(store_add_liq(s, 0, VENUE_HYPERLIQUID, &l, 1), -1);
    assert_int_equal(store_add_liq(s, 9, VENUE_HYPERLIQUID, &l, 1), -1);
    store_free(s);
}

static void memory_stays_bounded_under_a_flood(void **state)
{
    (void)state;
    struct store *s = mk();
    size_t after_first = 0;
    for (int i = 0; i < 200000; i++) {
        struct rec_liq l = {.sym = "BTC", .t_ms = T0 + i * 1000LL, .side = i & 1,
                            .price = 95000, .qty = 0.01, .usd = 950};
        store_add_liq(s, 0, VENUE_BINANCE, &l, 0);
        if (i == 0)
            after_first = store_bytes(s);
    }
    assert_int_equal(store_bytes(s), after_first);
    assert_int_equal(s->assets[0].liq_len, 16);
    /* only the last 120 minutes are held */
    struct liq_totals t;
    store_liq_totals(s, 0, -1, T0, T0 + 200000 * 1000LL, &t);
    assert_true(t.count[0] + t.count[1] <= 120 * 60);
    store_free(s);
}

static void candles_from_the_best_venue(void **state)
{
    (void)state;
    struct store *s = mk();
    struct recs r;
    recs_init(&r);
    for (int i = 0; i < 3; i++) {
        struct rec_candle *c = recs_add_candle(&r, "BTC");
        c->t_ms = T0 + (2 - i) * 3600000LL; /* newest first, as bybit sends */
        c->interval_s = 3600;
        c->open = c->high = c->low = c->close = 100 + i;
    }
    store_apply(s, VENUE_BYBIT, &r, T0);
    const struct asset *a = &s->assets[0];
    assert_int_equal(a->n_candles, 3);
    assert_true(a->candles[0].t_ms < a->candles[1].t_ms);
    /* binance candles replace bybit's; later bybit ones are ignored */
    recs_clear(&r);
    struct rec_candle *c = recs_add_candle(&r, "BTC");
    c->t_ms = T0;
    c->interval_s = 3600;
    c->open = c->high = c->low = c->close = 50;
    store_apply(s, VENUE_BINANCE, &r, T0);
    assert_int_equal(a->n_candles, 1);
    assert_int_equal(a->candle_venue, VENUE_BINANCE);
    store_apply(s, VENUE_BYBIT, &r, T0);
    assert_int_equal(a->candle_venue, VENUE_BINANCE);
    /* price before the series starts comes from the candles */
    assert_true(store_price_at(s, 0, T0 + 10) == 50);
    recs_done(&r);
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tickers_merge_and_convert_oi),
        cmocka_unit_test(reference_price_prefers_fresh_venue_order),
        cmocka_unit_test(aggregate_oi_sums_fresh_venues),
        cmocka_unit_test(liquidations_bucket_and_dedupe),
        cmocka_unit_test(estimated_liquidations_are_flagged),
        cmocka_unit_test(memory_stays_bounded_under_a_flood),
        cmocka_unit_test(candles_from_the_best_venue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
