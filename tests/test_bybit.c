/* Bybit v5 linear adapter (src/venue/bybit.c): request builders, parsers
 * against tests/fixtures/bybit/, broken variants, rate-limit detection. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime for the throughput figure */
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

static const struct venue_adapter *const VENUE = &bybit_adapter;

/* An OK envelope around a result object. */
static const char *env(const char *result)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":%s,\"retExtInfo\":{},\"time\":1760352369814}",
             result);
    return buf;
}

/* ---- requests ------------------------------------------------------------ */

static void builders_produce_exact_paths(void **state)
{
    (void)state;
    assert_string_equal(vt_build(VENUE, "tickers", 0, NULL), "/v5/market/tickers?category=linear");
    assert_string_equal(vt_build(VENUE, "kline", 1, "BTC"),
                        "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=60&limit=500");
    assert_string_equal(vt_build(VENUE, "kline", 2, "ETH"),
                        "/v5/market/kline?category=linear&symbol=ETHUSDT&interval=60&limit=3");
    assert_string_equal(
        vt_build(VENUE, "account-ratio", 3, "BTC"),
        "/v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=5min&limit=1");
    assert_int_equal(bybit_adapter.n_endpoints, 4);
    assert_string_equal(bybit_adapter.default_base, "https://api.bybit.com");
    assert_int_equal(bybit_adapter.source, SRC_BYBIT);
    struct source_request req;
    assert_int_equal(bybit_adapter.endpoints[3].build("eth", 0, &req), -1);
    assert_int_equal(bybit_adapter.endpoints[3].build(NULL, 0, &req), -1);
}

static void default_plan_fits_the_budget(void **state)
{
    (void)state;
    double per_min = vt_plan_per_min(VENUE, 5, 5);
    assert_true(bybit_adapter.weight_per_min <= 600 * 12 / 2); /* 600 per 5 s */
    assert_true(per_min < 30);                                  /* ~18 */
    assert_true(source_endpoint(&bybit_adapter, "account-ratio")->period_s >= 60);
    for (size_t i = 0; i < bybit_adapter.n_endpoints; i++)
        if (bybit_adapter.endpoints[i].per_symbol)
            assert_true(bybit_adapter.endpoints[i].period_s >= 60);
}

/* ---- tickers ------------------------------------------------------------- */

static void tickers_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "tickers", "bybit/tickers.json", &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2); /* SOL untracked, BTCPERP is the USDC perpetual */
    assert_int_equal(recs_count(&r), 2);
    const struct rec_ticker *btc = vt_ticker(&r, "BTC"), *eth = vt_ticker(&r, "ETH");
    assert_non_null(btc);
    assert_non_null(eth);
    assert_int_equal(btc->t_ms, 1760352369814);
    assert_near(btc->price, 63048.9, 1e-9);
    assert_near(btc->mark, 63011.8, 1e-9);
    assert_near(btc->index, 63040.12, 1e-9);
    assert_near(btc->funding, -0.00011, 1e-18);
    assert_near(btc->funding_interval_h, 8, 0);
    assert_near(btc->change_24h, -0.032101, 1e-15);
    assert_near(btc->open_24h, 65140, 0);
    assert_near(btc->volume_24h_usd, 8123004511.874, 1e-4);
    /* one side: singleOpenInterest, not the both-sides openInterest */
    assert_near(btc->oi_base, 52710.057, 1e-9);
    assert_near(btc->oi_usd, 3321336456.71, 1e-3);
    assert_true(isnan(btc->ls_ratio));
    assert_near(eth->funding_interval_h, 4, 0);
    assert_near(eth->oi_base, 1105243.2, 1e-9);
    assert_near(eth->change_24h, 0.025622, 1e-15);
    recs_done(&r);
}

static void tickers_legacy_oi_and_empty_strings(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx(NULL);
    /* a snapshot from before the single-side fields; "" for n/a numbers */
    assert_int_equal(
        vt_parse(VENUE, "tickers",
                 env("{\"category\":\"linear\",\"list\":[{\"symbol\":\"BTCUSDT\","
                     "\"lastPrice\":\"63000\",\"markPrice\":\"63001\","
                     "\"indexPrice\":\"\",\"fundingRate\":\"\","
                     "\"openInterest\":\"52000.5\",\"openInterestValue\":\"3276031500\","
                     "\"singleOpenInterest\":\"\",\"basisRate\":\"\"}]}"),
                 &ctx, &r),
        0);
    assert_int_equal(r.n_tickers, 1);
    assert_near(r.tickers[0].oi_base, 52000.5, 0);
    assert_near(r.tickers[0].oi_usd, 3276031500.0, 0);
    assert_true(isnan(r.tickers[0].index));
    assert_true(isnan(r.tickers[0].funding));
    assert_true(isnan(r.tickers[0].funding_interval_h));
    recs_done(&r);
}

static void tickers_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx(NULL);
    vt_expect_err(VENUE, "tickers",
                  "{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{}}", &ctx,
                  "tickers: bybit error 10006 (rate limited): Too many visits!");
    vt_expect_err(
        VENUE, "tickers",
        "{\"retCode\":10001,\"retMsg\":\"params error: category is invalid\",\"result\":{}}", &ctx,
        "tickers: bybit error 10001: params error: category is invalid");
    vt_expect_err(VENUE, "tickers", "{\"retMsg\":\"OK\",\"result\":{\"list\":[]}}", &ctx,
                  "tickers.retCode: missing");
    vt_expect_err(VENUE, "tickers", "{\"retCode\":\"zero\",\"result\":{\"list\":[]}}", &ctx,
                  "tickers.retCode: not a number ('zero')");
    vt_expect_err(VENUE, "tickers", "{\"retCode\":0,\"retMsg\":\"OK\"}", &ctx,
                  "tickers: result: missing");
    vt_expect_err(VENUE, "tickers", "{\"retCode\":0,\"result\":{\"list\":{}}}", &ctx,
                  "tickers: result.list: not an array");
    vt_expect_err(VENUE, "tickers", "[]", &ctx, "tickers: expected an object");
    vt_expect_err(
        VENUE, "tickers",
        env("{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2450\",\"markPrice\":\"abc\"}]}"),
        &ctx, "tickers[0].markPrice: not a number ('abc')");
    vt_expect_err(
        VENUE, "tickers",
        env("{\"list\":[{\"symbol\":\"SOLUSDT\"},{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"\","
            "\"markPrice\":\"2450\"}]}"),
        &ctx, "tickers[1].lastPrice: null or empty");
    vt_expect_err(
        VENUE, "tickers",
        env("{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2450\",\"markPrice\":\"2450\","
            "\"singleOpenInterest\":\"-3\"}]}"),
        &ctx, "tickers[0].singleOpenInterest: negative (-3)");
    vt_expect_err(
        VENUE, "tickers",
        env("{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2450\",\"markPrice\":\"2450\","
            "\"price24hPcnt\":\"-1.5\"}]}"),
        &ctx, "tickers[0].price24hPcnt: below -100% (-1.5)");
    vt_expect_err(VENUE, "tickers", env("{\"list\":[{\"lastPrice\":\"2450\"}]}"), &ctx,
                  "tickers[0].symbol: missing");
    vt_expect_err(VENUE, "tickers", "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"sym",
                  &ctx, "tickers: invalid JSON at byte 47");
    struct recs r;
    recs_init(&r);
    assert_int_equal(
        vt_parse(VENUE, "tickers", env("{\"category\":\"linear\",\"list\":[]}"), &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

/* ---- kline --------------------------------------------------------------- */

static void kline_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx(NULL); /* the body names its symbol */
    assert_int_equal(vt_parse_fixture(VENUE, "kline", "bybit/kline.json", &ctx, &r), 0);
    assert_int_equal(r.n_candles, 3);
    /* sent newest first, stored oldest first */
    assert_int_equal(r.candles[0].t_ms, 1760342400000);
    assert_int_equal(r.candles[1].t_ms, 1760346000000);
    assert_int_equal(r.candles[2].t_ms, 1760349600000);
    const struct rec_candle *c = &r.candles[1];
    assert_string_equal(c->sym, "BTC");
    assert_int_equal(c->interval_s, 3600);
    assert_near(c->open, 63199.9, 1e-9);
    assert_near(c->high, 63405.5, 1e-9);
    assert_near(c->low, 62705, 0);
    assert_near(c->close, 62901.2, 1e-9);
    assert_near(c->volume, 10884.15, 1e-9);
    recs_done(&r);
}

static void kline_symbol_sources_and_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx btc = vt_ctx("BTC"), eth = vt_ctx("ETH"), none = vt_ctx(NULL);
    const char *row = "[\"1760342400000\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\",\"15\"]";
    char body[512];
    snprintf(body, sizeof body, "{\"list\":[%s]}", row);
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "kline", env(body), &btc, &r), 0); /* from ctx */
    assert_int_equal(r.n_candles, 1);
    assert_string_equal(r.candles[0].sym, "BTC");
    recs_done(&r);
    vt_expect_err(VENUE, "kline", env(body), &none,
                  "kline: the body does not name its symbol and the request's is unknown");
    snprintf(body, sizeof body, "{\"symbol\":\"BTCUSDT\",\"category\":\"linear\",\"list\":[%s]}", row);
    vt_expect_err(VENUE, "kline", env(body), &eth, "kline: symbol BTC does not match the request");
    snprintf(body, sizeof body, "{\"symbol\":\"BTCUSD\",\"category\":\"inverse\",\"list\":[%s]}", row);
    vt_expect_err(VENUE, "kline", env(body), &btc,
                  "kline: symbol 'BTCUSD' is not a USDT perpetual");
    vt_expect_err(
        VENUE, "kline",
        env("{\"symbol\":\"BTCUSDT\",\"list\":[[\"1760342400000\",\"1\",\"2\",\"0.5\",\"1.5\"]]}"),
        &btc, "kline[0][5]: missing (row has 5 elements)");
    vt_expect_err(VENUE, "kline",
                  env("{\"symbol\":\"BTCUSDT\",\"list\":[[\"1760346000000\",\"1\",\"2\",\"0.5\","
                      "\"1.5\",\"1\"],"
                      "[\"1760342400000\",\"1\",\"2x\",\"0.5\",\"1.5\",\"1\"]]}"),
                  &btc, "kline[1][2]: not a number ('2x')");
    vt_expect_err(VENUE, "kline",
                  env("{\"symbol\":\"BTCUSDT\",\"list\":[[\"1760342400\",\"1\",\"2\",\"0.5\",\"1."
                      "5\",\"1\"]]}"),
                  &btc, "kline[0][0]: not a millisecond timestamp (1760342400)");
    vt_expect_err(VENUE, "kline",
                  "{\"retCode\":10001,\"retMsg\":\"Invalid period!\",\"result\":{}}", &btc,
                  "kline: bybit error 10001: Invalid period!");
}

/* ---- account-ratio ------------------------------------------------------- */

static void account_ratio_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "account-ratio", "bybit/account-ratio.json", &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 1);
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_near(r.tickers[0].ls_ratio, 0.64 / 0.36, 1e-12); /* buyRatio / sellRatio */
    assert_int_equal(r.tickers[0].t_ms, 1760352000000);
    assert_int_equal(r.n_points, 1);
    assert_int_equal(r.points[0].series, RS_LS_RATIO);
    assert_int_equal(r.points[0].t_ms, 1760352000000);
    recs_done(&r);
}

static void account_ratio_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx("BTC");
    struct recs r;
    recs_init(&r);
    /* newest first, as the docs show: the newest is the ticker's value */
    assert_int_equal(
        vt_parse(VENUE, "account-ratio",
                 env("{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"0.5\","
                     "\"sellRatio\":\"0.5\",\"timestamp\":\"1760352000000\"},"
                     "{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"0.6\",\"sellRatio\":\"0.4\","
                     "\"timestamp\":\"1760351700000\"}],\"nextPageCursor\":\"\"}"),
                 &ctx, &r),
        0);
    assert_int_equal(r.n_points, 2);
    assert_near(r.tickers[0].ls_ratio, 1.0, 0);
    recs_done(&r);
    vt_expect_err(VENUE, "account-ratio",
                  env("{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"1\",\"sellRatio\":\"0\","
                      "\"timestamp\":\"1760352000000\"}]}"),
                  &ctx, "account-ratio[0].sellRatio: not positive (0)");
    vt_expect_err(VENUE, "account-ratio",
                  env("{\"list\":[{\"symbol\":\"BTCUSDT\",\"buyRatio\":\"64\",\"sellRatio\":\"36\","
                      "\"timestamp\":\"1760352000000\"}]}"),
                  &ctx, "account-ratio[0]: buyRatio/sellRatio above 1 (64/36)");
    vt_expect_err(VENUE, "account-ratio",
                  env("{\"list\":[{\"symbol\":\"BTCUSDT\",\"sellRatio\":\"0.5\","
                      "\"timestamp\":\"1760352000000\"}]}"),
                  &ctx, "account-ratio[0].buyRatio: missing");
    vt_expect_err(VENUE, "account-ratio",
                  "{\"retCode\":10001,\"retMsg\":\"params error\",\"result\":{}}", &ctx,
                  "account-ratio: bybit error 10001: params error");
}

/* ---- robustness ---------------------------------------------------------- */

static void every_truncation_is_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *file;
    } fx[] = {
        {"tickers", "bybit/tickers.json"},
        {"kline", "bybit/kline.json"},
        {"account-ratio", "bybit/account-ratio.json"},
    };
    struct parse_ctx ctx = vt_ctx("BTC");
    for (size_t f = 0; f < VT_N(fx); f++)
        vt_every_truncation_fails(VENUE, fx[f].kind, fx[f].file, &ctx);
}

static void rate_limit_bodies(void **state)
{
    (void)state;
    const char *limited = "{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{},"
                          "\"retExtInfo\":{},\"time\":1760352369814}";
    assert_int_equal(bybit_adapter.rate_limited(limited, strlen(limited)), 1);
    const char *other = "{\"retCode\":10001,\"retMsg\":\"params error\",\"result\":{}}";
    assert_int_equal(bybit_adapter.rate_limited(other, strlen(other)), 0);
    const char *ok = env("{\"list\":[]}");
    assert_int_equal(bybit_adapter.rate_limited(ok, strlen(ok)), 0);
    /* the IP limit is an HTTP 403 with a non-JSON body: the fetch layer's case */
    assert_int_equal(bybit_adapter.rate_limited("access too frequent", 19), 0);
    assert_int_equal(bybit_adapter.rate_limited(NULL, 0), 0);
}

static void unknown_kind(void **state)
{
    (void)state;
    vt_expect_err(VENUE, "liquidation", "{}", NULL, "bybit: unknown kind 'liquidation'");
}

/* ---- throughput (reported, not asserted) --------------------------------- */

static char *big_tickers(size_t n_syms, size_t *len)
{
    size_t cap = n_syms * 1100 + 256, off = 0;
    char *b = malloc(cap);
    off += (size_t)snprintf(b + off, cap - off,
                            "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\","
                            "\"list\":[");
    for (size_t i = 0; i < n_syms; i++) {
        char sym[16];
        vt_sym_name(i, sym);
        double px = 10.0 + (double)i * 1.37;
        off += (size_t)snprintf(
            b + off, cap - off,
            "%s{\"symbol\":\"%sUSDT\",\"lastPrice\":\"%.4f\",\"indexPrice\":\"%.4f\","
            "\"markPrice\":\"%.4f\",\"prevPrice24h\":\"%.4f\",\"price24hPcnt\":\"-0.032101\","
            "\"highPrice24h\":\"%.4f\",\"lowPrice24h\":\"%.4f\",\"prevPrice1h\":\"%.4f\","
            "\"openInterest\":\"14412870.4\",\"openInterestValue\":\"2035375568.89\","
            "\"singleOpenInterest\":\"7206435.2\",\"singleOpenInterestValue\":\"1017687784.45\","
            "\"turnover24h\":\"1911203348.1191\",\"volume24h\":\"13390411.7000\","
            "\"fundingRate\":\"0.00005\",\"nextFundingTime\":\"1760371200000\","
            "\"predictedDeliveryPrice\":\"\",\"basisRate\":\"\",\"deliveryFeeRate\":\"\","
            "\"deliveryTime\":\"0\",\"ask1Size\":\"310.4\",\"bid1Price\":\"%.4f\","
            "\"ask1Price\":\"%.4f\",\"bid1Size\":\"95.1\",\"basis\":\"\",\"preOpenPrice\":\"\","
            "\"preQty\":\"\",\"curPreListingPhase\":\"\",\"fundingIntervalHour\":\"8\","
            "\"basisRateYear\":\"\",\"fundingCap\":\"0.005\"}",
            i ? "," : "", sym, px, px, px, px * 1.03, px * 1.05, px * 0.97, px, px, px);
    }
    off += (size_t)snprintf(b + off, cap - off,
                            "]},\"retExtInfo\":{},\"time\":1760352369814}");
    *len = off;
    return b;
}

static void throughput_all_symbol_tickers(void **state)
{
    (void)state;
    size_t len;
    char *body = big_tickers(300, &len);
    vt_throughput_300(VENUE, "tickers", body, len, "bybit tickers");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builders_produce_exact_paths),
        cmocka_unit_test(default_plan_fits_the_budget),
        cmocka_unit_test(tickers_fixture),
        cmocka_unit_test(tickers_legacy_oi_and_empty_strings),
        cmocka_unit_test(tickers_broken_variants),
        cmocka_unit_test(kline_fixture),
        cmocka_unit_test(kline_symbol_sources_and_broken_variants),
        cmocka_unit_test(account_ratio_fixture),
        cmocka_unit_test(account_ratio_variants),
        cmocka_unit_test(every_truncation_is_an_error),
        cmocka_unit_test(rate_limit_bodies),
        cmocka_unit_test(unknown_kind),
        cmocka_unit_test(throughput_all_symbol_tickers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
