/* Hyperliquid adapter (src/venue/hyperliquid.c): request bodies, the
 * metaAndAssetCtxs and candleSnapshot parsers on fixtures of the real shapes,
 * broken variants, throughput. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/source.h"
#include "support/testutil.h"
#include "support/venuetest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct venue_adapter *const VENUE = &hyperliquid_adapter;

static const char *const tracked[] = {"BTC", "ETH", "SOL"};

static struct parse_ctx ctx_tracked(const char *sym)
{
    struct parse_ctx c = {tracked, 3, sym, NULL, NULL};
    return c;
}

/* ---- builders ---------------------------------------------------------- */

static void builders_give_exact_bodies(void **state)
{
    (void)state;
    assert_int_equal(hyperliquid_adapter.source, SRC_HYPERLIQUID);
    assert_string_equal(hyperliquid_adapter.default_base, "https://api.hyperliquid.xyz");
    assert_int_equal(hyperliquid_adapter.n_endpoints, 2);

    struct source_request req;
    const struct endpoint *e = source_endpoint(&hyperliquid_adapter, "metaAndAssetCtxs");
    assert_non_null(e);
    assert_int_equal(e->per_symbol, 0);
    assert_int_equal(e->weight, 20);
    assert_int_equal(e->build(NULL, 1714478405123, &req), 0);
    assert_string_equal(req.kind, "metaAndAssetCtxs");
    assert_string_equal(req.path, "/info");
    assert_string_equal(req.body, "{\"type\":\"metaAndAssetCtxs\"}");
    assert_string_equal(req.sym, "");

    e = source_endpoint(&hyperliquid_adapter, "candleSnapshot");
    assert_non_null(e);
    assert_int_equal(e->per_symbol, 1);
    assert_int_equal(e->weight, 23); /* 20 + 168 candles / 60 rounded up */
    assert_int_equal(e->build("BTC", 1714478405123, &req), 0);
    assert_string_equal(req.kind, "candleSnapshot");
    assert_string_equal(req.path, "/info");
    assert_string_equal(req.sym, "BTC");
    /* 168 hourly candles: from the hour 167 h before the current one, to now */
    assert_string_equal(req.body, "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\","
                                  "\"interval\":\"1h\",\"startTime\":1713877200000,"
                                  "\"endTime\":1714478405123}}");
    assert_int_equal((1714478405123 / 3600000 - 167) * 3600000, 1713877200000);
    assert_int_equal(e->build("xyz:TSLA", 1714478405123, &req), -1);
    assert_int_equal(e->build(NULL, 1714478405123, &req), -1);
    assert_null(source_endpoint(&hyperliquid_adapter, "l2Book"));
}

/* ---- metaAndAssetCtxs -------------------------------------------------- */

static void meta_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("hyperliquid/metaAndAssetCtxs.json", &len);
    struct parse_ctx ctx = ctx_tracked(NULL);
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2);
    assert_int_equal(recs_count(&r), 2);
    assert_int_equal(r.n_liqs, 0); /* no public liquidation feed */

    const struct rec_ticker *b = &r.tickers[0];
    assert_string_equal(b->sym, "BTC");
    assert_int_equal(b->t_ms, 0);
    assert_true(b->mark == 63008.0);
    assert_true(b->index == 63030.0);  /* oraclePx */
    assert_true(b->price == 63006.5);  /* midPx */
    assert_true(b->oi_base == 31234.56789); /* coins */
    assert_true(vt_near(b->oi_usd, 31234.56789 * 63008.0));
    assert_true(b->funding == 0.0000125); /* hourly, as sent */
    assert_true(b->funding_interval_h == 1.0);
    assert_true(b->open_24h == 65210.0);
    assert_true(vt_near(b->change_24h, 63008.0 / 65210.0 - 1.0));
    assert_true(b->volume_24h_usd == 1893456789.123);

    const struct rec_ticker *e = &r.tickers[1];
    assert_string_equal(e->sym, "ETH");
    assert_true(e->funding == -0.0000089);
    assert_true(vt_near(e->oi_usd, 412345.6789 * 3087.5));
    assert_true(vt_near(e->change_24h, 3087.5 / 3254.8 - 1.0));

    /* tracking all: HYPE too (midPx null -> price unknown); delisted LOOM
     * (whose ctx is all zeros and would fail) and kPEPE are skipped */
    recs_clear(&r);
    ctx.symbols = NULL;
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 3);
    assert_string_equal(r.tickers[2].sym, "HYPE");
    assert_true(isnan(r.tickers[2].price));
    assert_true(r.tickers[2].mark == 29.79);

    /* HIP-3 builder perps ("dex:COIN") are never ours */
    recs_clear(&r);
    char *hip3 = tu_fixture("hyperliquid/metaAndAssetCtxs_hip3.json", NULL);
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", hip3, &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    free(hip3);
    recs_done(&r);
    free(body);
}

static void meta_broken(void **state)
{
    (void)state;
    char *body = tu_fixture("hyperliquid/metaAndAssetCtxs.json", NULL);
    struct parse_ctx ctx = ctx_tracked(NULL);
    char *v;

    static const struct vt_edit broken[] = {
        {"\"markPx\": \"3087.5\"", "\"markPx\": \"x\"",
         "metaAndAssetCtxs[1][1].markPx: not a number ('x')"},
        {"\"openInterest\": \"31234.56789\",", "", "metaAndAssetCtxs[1][0].openInterest: missing"},
        {"\"funding\": \"0.0000125\"", "\"funding\": [1]",
         "metaAndAssetCtxs[1][0].funding: wrong type"},
        {"\"markPx\": \"63008.0\"", "\"markPx\": null", "metaAndAssetCtxs[1][0].markPx: null"},
        {"\"openInterest\": \"31234.56789\"", "\"openInterest\": \"-1\"",
         "metaAndAssetCtxs[1][0].openInterest: out of range"},
        {"\"midPx\": \"63006.5\"", "\"midPx\": \"NaN\"",
         "metaAndAssetCtxs[1][0].midPx: not a number ('NaN')"},
        {"\"name\": \"ETH\"", "\"name\": 5", "metaAndAssetCtxs[0].universe[1].name: wrong type"},
        {"\"prevDayPx\": \"65210.0\"", "\"prevDayPx\": \"-1\"",
         "metaAndAssetCtxs[1][0].prevDayPx: out of range"},
        /* one context short of the universe: indexes no longer line up */
        {"\"dayBaseVlm\": \"15012345.67\"\n    }", "\"dayBaseVlm\": \"1\"\n    }, {}",
         "metaAndAssetCtxs: 5 assets in universe but 6 contexts"},
    };
    vt_expect_edits(VENUE, "metaAndAssetCtxs", body, &ctx, broken, VT_N(broken));

    /* nullable fields may be null: midPx, premium, impactPxs */
    v = vt_replace(body, "\"midPx\": \"63006.5\"", "\"midPx\": null");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", v, &ctx, &r), 0);
    assert_true(isnan(r.tickers[0].price) && r.tickers[0].mark == 63008.0);
    free(v);
    /* prevDayPx "0.0" (a new listing) means no change is known, not -100 % */
    recs_clear(&r);
    v = vt_replace(body, "\"prevDayPx\": \"65210.0\"", "\"prevDayPx\": \"0.0\"");
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", v, &ctx, &r), 0);
    assert_true(isnan(r.tickers[0].change_24h) && isnan(r.tickers[0].open_24h));
    free(v);
    /* numbers as JSON numbers are accepted as well */
    recs_clear(&r);
    v = vt_replace(body, "\"markPx\": \"63008.0\"", "\"markPx\": 63008");
    assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", v, &ctx, &r), 0);
    assert_true(r.tickers[0].mark == 63008.0);
    free(v);
    recs_done(&r);

    vt_expect_fail(VENUE, "metaAndAssetCtxs", "[{\"universe\":[]},[]]", &ctx,
                   "metaAndAssetCtxs[0].universe: empty list");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "[]", &ctx, "expected [meta, ctxs], got 0 elements");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "[{},[]]", &ctx,
                   "metaAndAssetCtxs[0].universe: missing");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "[{\"universe\":[{\"name\":\"BTC\"}]},{}]", &ctx,
                   "metaAndAssetCtxs[1]: not an array");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "[{\"universe\":[{\"name\":\"BTC\"}]},[7]]", &ctx,
                   "metaAndAssetCtxs[1][0]: not an object");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "{\"universe\":[]}", &ctx,
                   "expected an array, got an object");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "null", &ctx, "expected an array, got null");
    /* Hyperliquid's error answers: plain text (HTTP 422) and JSON strings */
    vt_expect_fail(VENUE, "metaAndAssetCtxs",
                   "Failed to deserialize the JSON body into the target type: missing field `type`",
                   &ctx, "('Failed to deserialize the JSON body");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "\"Unknown request type\"", &ctx,
                   "metaAndAssetCtxs: hyperliquid error: Unknown request type");
    vt_expect_fail(VENUE, "metaAndAssetCtxs", "{\"status\":\"err\",\"response\":\"\\u001b]0;x\"}",
                   &ctx, "hyperliquid error: ?]0;x");
    vt_expect_cuts(VENUE, "metaAndAssetCtxs", body, &ctx, 1, 89, "metaAndAssetCtxs: ");
    free(body);
}

/* ---- candleSnapshot ---------------------------------------------------- */

static void candles_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("hyperliquid/candleSnapshot.json", &len);
    struct parse_ctx ctx = ctx_tracked("BTC");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "candleSnapshot", body, &ctx, &r), 0);
    assert_int_equal(r.n_candles, 3);
    assert_int_equal(recs_count(&r), 3);
    const struct rec_candle *c = &r.candles[0];
    assert_string_equal(c->sym, "BTC");
    assert_int_equal(c->t_ms, 1714467600000); /* open time, ms as sent */
    assert_int_equal(c->interval_s, 3600);
    assert_true(c->open == 63790.0 && c->high == 63820.0 && c->low == 63201.0 &&
                c->close == 63455.0);
    assert_true(c->volume == 1234.56789);
    assert_int_equal(r.candles[2].t_ms, 1714474800000);
    assert_true(r.candles[2].close == 63008.0);

    /* the WebSocket type declares these as numbers: same result */
    recs_clear(&r);
    const char *nums = "[{\"t\":1714467600000,\"T\":1714471199999,\"s\":\"BTC\",\"i\":\"1h\","
                       "\"o\":63790,\"c\":63455.0,\"h\":63820,\"l\":63201,\"v\":1234.56789,"
                       "\"n\":10234}]";
    assert_int_equal(vt_parse(VENUE, "candleSnapshot", nums, &ctx, &r), 0);
    assert_int_equal(r.n_candles, 1);
    assert_true(r.candles[0].open == 63790.0 && r.candles[0].volume == 1234.56789);

    /* no candles in the window; untracked coin: both fine, no records */
    recs_clear(&r);
    assert_int_equal(vt_parse(VENUE, "candleSnapshot", "[]", &ctx, &r), 0);
    struct parse_ctx hype = ctx_tracked("HYPE");
    const char *h = "[{\"t\":1714467600000,\"s\":\"HYPE\",\"i\":\"1h\",\"o\":\"30\",\"c\":\"30\","
                    "\"h\":\"31\",\"l\":\"29\",\"v\":\"5\"}]";
    assert_int_equal(vt_parse(VENUE, "candleSnapshot", h, &hype, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);

    static const struct vt_edit broken[] = {
        {"\"o\": \"63455.0\"", "\"o\": \"6345S\"", "candleSnapshot[1].o: not a number ('6345S')"},
        {"\"t\": 1714471200000, ", "", "candleSnapshot[1].t: missing"},
        {"\"t\": 1714467600000", "\"t\": 1714467600000.5", "candleSnapshot[0].t: not a number"},
        {"\"i\": \"1h\"", "\"i\": \"7h\"", "candleSnapshot[0].i: unknown interval ('7h')"},
        {"\"l\": \"63201.0\"", "\"l\": \"63900.0\"",
         "candleSnapshot[0].h: high/low do not bracket"},
        {"\"s\": \"BTC\"", "\"s\": \"ETH\"",
         "candleSnapshot[0].s: coin 'ETH' is not the requested BTC"},
        {"\"v\": \"987.6543\"", "\"v\": {\"x\":1}", "candleSnapshot[2].v: wrong type"},
    };
    vt_expect_edits(VENUE, "candleSnapshot", body, &ctx, broken, VT_N(broken));
    vt_expect_fail(VENUE, "candleSnapshot", "{\"t\":1}", &ctx, "candleSnapshot: expected an array");
    vt_expect_fail(VENUE, "candleSnapshot", "[1]", &ctx, "candleSnapshot[0]: not an object");
    vt_expect_fail(VENUE, "candleSnapshot",
                   "[{\"t\":1714467600000,\"s\":\"BTC\",\"i\":\"1h\",\"o\":\"1", &ctx,
                   "candleSnapshot: ");
    vt_expect_fail(VENUE, "candleSnapshot", "\"Invalid interval\"", &ctx,
                   "candleSnapshot: hyperliquid error: Invalid interval");
    /* with no request symbol, the body's own (valid) coin name is used */
    struct parse_ctx none = {NULL, 0, NULL, NULL, NULL};
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "candleSnapshot", body, &none, &r), 0);
    assert_string_equal(r.candles[0].sym, "BTC");
    recs_done(&r);
    vt_expect_fail(VENUE, "candleSnapshot", "[{\"t\":1,\"s\":\"xyz:TSLA\",\"i\":\"1h\"}]", &none,
                   "candleSnapshot[0].s: no usable coin name");
    vt_expect_fail(VENUE, "candles", "[]", &ctx, "hyperliquid: unknown kind 'candles'");
    free(body);
}

/* ---- throughput (reported, never asserted) ------------------------------ */

static void meta_throughput(void **state)
{
    (void)state;
    /* ~200 perps: universe then contexts, the real field set */
    size_t cap = 256 * 1024, n = 0;
    char *body = malloc(cap);
    assert_non_null(body);
    n += (size_t)snprintf(body + n, cap - n, "[{\"universe\":[");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(body + n, cap - n,
                              "%s{\"szDecimals\":2,\"name\":\"C%dX\",\"maxLeverage\":20,"
                              "\"marginTableId\":20}",
                              i ? "," : "", i);
    n += (size_t)snprintf(body + n, cap - n,
                          "],\"marginTables\":[[20,{\"description\":\"\",\"marginTiers\":"
                          "[{\"lowerBound\":\"0.0\",\"maxLeverage\":20}]}]],"
                          "\"collateralToken\":0},[");
    for (int i = 0; i < 200; i++) {
        n += (size_t)snprintf(
            body + n, cap - n,
            "%s{\"funding\":\"0.0000125\",\"openInterest\":\"%d.5678\",\"prevDayPx\":\"%d.0\","
            "\"dayNtlVlm\":\"1169046.29406\",\"premium\":\"0.00031774\",\"oraclePx\":\"%d.32\","
            "\"markPx\":\"%d.3161\",\"midPx\":\"%d.314\",\"impactPxs\":[\"%d.3047\",\"%d.3444\"],"
            "\"dayBaseVlm\":\"81234.56\"}",
            i ? "," : "", 1000 + i, 15 + i, 14 + i, 14 + i, 14 + i, 14 + i, 14 + i);
        assert_true(n < cap - 1024);
    }
    n += (size_t)snprintf(body + n, cap - n, "]]");
    struct parse_ctx ctx = {NULL, 0, NULL, NULL, NULL};
    struct recs r;
    recs_init(&r);
    int iters = 200;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int k = 0; k < iters; k++) {
        recs_clear(&r);
        assert_int_equal(vt_parse(VENUE, "metaAndAssetCtxs", body, &ctx, &r), 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_int_equal(r.n_tickers, 200);
    assert_true(r.tickers[199].oi_base == 1199.5678);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("hyperliquid metaAndAssetCtxs: %zu bytes, 200 assets, %.1f MB/s, %.1f us per body\n",
           n, (double)n * iters / s / 1e6, s / iters * 1e6);
    recs_done(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builders_give_exact_bodies),
        cmocka_unit_test(meta_fixture),
        cmocka_unit_test(meta_broken),
        cmocka_unit_test(candles_fixture),
        cmocka_unit_test(meta_throughput),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
