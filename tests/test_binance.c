/* Binance USD-M adapter (src/venue/binance.c): request builders, parsers
 * against tests/fixtures/binance/, broken variants, rate-limit detection. */
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

static const struct venue_adapter *const VENUE = &binance_adapter;

/* ---- requests ------------------------------------------------------------ */

static void builders_produce_exact_paths(void **state)
{
    (void)state;
    assert_string_equal(vt_build(VENUE, "premiumIndex", 0, NULL), "/fapi/v1/premiumIndex");
    assert_string_equal(vt_build(VENUE, "24hr", 1, NULL), "/fapi/v1/ticker/24hr");
    assert_string_equal(vt_build(VENUE, "openInterest", 2, "BTC"),
                        "/fapi/v1/openInterest?symbol=BTCUSDT");
    assert_string_equal(vt_build(VENUE, "openInterestHist", 3, "ETH"),
                        "/futures/data/openInterestHist?symbol=ETHUSDT&period=5m&limit=288");
    assert_string_equal(vt_build(VENUE, "klines", 4, "BTC"),
                        "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=500");
    assert_string_equal(vt_build(VENUE, "klines", 5, "BTC"),
                        "/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=3");
    assert_string_equal(vt_build(VENUE, "depth", 6, "SOL"),
                        "/fapi/v1/depth?symbol=SOLUSDT&limit=1000");
    assert_string_equal(
        vt_build(VENUE, "globalLongShortAccountRatio", 7, "BTC"),
        "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1");
    assert_int_equal(binance_adapter.n_endpoints, 8);
    assert_string_equal(binance_adapter.default_base, "https://fapi.binance.com");
    assert_int_equal(binance_adapter.source, SRC_BINANCE);
}

static void builders_reject_bad_symbols(void **state)
{
    (void)state;
    struct source_request req;
    const struct endpoint *oi = source_endpoint(&binance_adapter, "openInterest");
    assert_non_null(oi);
    assert_int_equal(oi->build("btc", 0, &req), -1);
    assert_int_equal(oi->build("", 0, &req), -1);
    assert_int_equal(oi->build("BTC&x=1", 0, &req), -1);
    assert_int_equal(oi->build(NULL, 0, &req), -1);
}

/* At the default configuration (5 symbols, 5 s) the plan must cost less
 * than our budget, and the budget must be at most half the venue's 2400. */
static void default_plan_fits_the_weight_budget(void **state)
{
    (void)state;
    double per_min = vt_plan_per_min(VENUE, 5, 5);
    assert_true(binance_adapter.weight_per_min <= 2400 / 2);
    assert_true(per_min < binance_adapter.weight_per_min);
    assert_true(per_min > 300 && per_min < 500); /* ~426, the figure in binance.c */
    /* slow per-symbol data is not polled at the refresh interval */
    assert_true(source_endpoint(&binance_adapter, "openInterestHist")->period_s >= 600);
    assert_true(source_endpoint(&binance_adapter, "globalLongShortAccountRatio")->period_s >= 60);
    for (size_t i = 0; i < binance_adapter.n_endpoints; i++)
        if (strcmp(binance_adapter.endpoints[i].kind, "klines") == 0)
            assert_true(binance_adapter.endpoints[i].period_s >= 60);
}

/* ---- premiumIndex -------------------------------------------------------- */

static void premium_index_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "premiumIndex", "binance/premiumIndex.json", &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 2); /* LTC untracked, BTCUSDT_260327 a dated contract */
    assert_int_equal(recs_count(&r), 2);
    const struct rec_ticker *btc = vt_ticker(&r, "BTC"), *eth = vt_ticker(&r, "ETH");
    assert_non_null(btc);
    assert_non_null(eth);
    assert_near(btc->mark, 63012.5, 0);
    assert_near(btc->index, 63040.125, 0);
    assert_near(btc->funding, -0.000125, 1e-18);
    assert_int_equal(btc->t_ms, 1760352369000);
    assert_true(isnan(btc->price) && isnan(btc->oi_base) && isnan(btc->funding_interval_h));
    assert_near(eth->mark, 2450.25, 0);
    assert_near(eth->funding, 0.0001, 1e-18);
    assert_int_equal(eth->t_ms, 1760352369001);
    recs_done(&r);
}

static void premium_index_keep_all_skips_other_markets(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx all = {NULL, 0, NULL, NULL, NULL};
    assert_int_equal(vt_parse_fixture(VENUE, "premiumIndex", "binance/premiumIndex.json", &all, &r),
                     0);
    assert_int_equal(r.n_tickers, 3);
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_string_equal(r.tickers[1].sym, "LTC");
    assert_string_equal(r.tickers[2].sym, "ETH");
    recs_done(&r);
    /* a NULL context keeps everything too */
    recs_init(&r);
    assert_int_equal(vt_parse_fixture(VENUE, "premiumIndex", "binance/premiumIndex.json", NULL, &r),
                     0);
    assert_int_equal(r.n_tickers, 3);
    recs_done(&r);
}

static void premium_index_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx(NULL);
    vt_expect_err(VENUE, "premiumIndex",
                  "[{\"symbol\":\"LTCUSDT\",\"markPrice\":\"1\"},{\"symbol\":\"XRPUSDT\"},"
                  "{\"symbol\":\"BTCUSDT\",\"markPrice\":\"abc\"}]",
                  &ctx, "premiumIndex[2].markPrice: not a number ('abc')");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"indexPrice\":\"1\"}]", &ctx,
                  "premiumIndex[0].markPrice: missing");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"\"}]", &ctx,
                  "premiumIndex[0].markPrice: null or empty");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":{}}]", &ctx,
                  "premiumIndex[0].markPrice: wrong type");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"0\"}]", &ctx,
                  "premiumIndex[0].markPrice: not positive (0)");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"-5\"}]", &ctx,
                  "premiumIndex[0].markPrice: not positive (-5)");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1e999\"}]", &ctx,
                  "premiumIndex[0].markPrice: not a number ('1e999')");
    vt_expect_err(VENUE, "premiumIndex",
                  "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\",\"lastFundingRate\":\"nan\"}]",
                  &ctx, "premiumIndex[0].lastFundingRate: not a number ('nan')");
    vt_expect_err(VENUE, "premiumIndex",
                  "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\",\"lastFundingRate\":\"3\"}]", &ctx,
                  "premiumIndex[0].lastFundingRate: absurd rate (3)");
    vt_expect_err(VENUE, "premiumIndex",
                  "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\",\"time\":1760352}]", &ctx,
                  "premiumIndex[0].time: not a millisecond timestamp (1760352)");
    vt_expect_err(VENUE, "premiumIndex", "[{\"markPrice\":\"1\"}]", &ctx,
                  "premiumIndex[0].symbol: missing");
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":7,\"markPrice\":\"1\"}]", &ctx,
                  "premiumIndex[0].symbol: wrong type");
    vt_expect_err(VENUE, "premiumIndex", "[[\"BTCUSDT\"]]", &ctx, "premiumIndex[0]: not an object");
    vt_expect_err(VENUE, "premiumIndex", "{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\"}", &ctx,
                  "premiumIndex: expected an array");
    vt_expect_err(
        VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"63", &ctx,
        "premiumIndex: invalid JSON at byte 34"); /* json.c: where the open string starts */
    vt_expect_err(VENUE, "premiumIndex", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"63\",", &ctx,
                  "premiumIndex: invalid JSON at byte 37");
    vt_expect_err(VENUE, "premiumIndex", "", &ctx, "premiumIndex: empty body");
    vt_expect_err(VENUE, "premiumIndex", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", &ctx,
                  "premiumIndex: binance error -1121: Invalid symbol.");
    /* control characters in an error message do not get through */
    vt_expect_err(VENUE, "premiumIndex", "{\"code\":-1000,\"msg\":\"bad\\u001b[2Jthing\"}", &ctx,
                  "premiumIndex: binance error -1000: bad?[2Jthing");
}

static void premium_index_policy_edges(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx(NULL);
    struct recs r;
    recs_init(&r);
    /* an empty list is valid and yields nothing */
    assert_int_equal(vt_parse(VENUE, "premiumIndex", "[]", &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    /* a malformed row of an untracked symbol is not read at all */
    assert_int_equal(vt_parse(VENUE, "premiumIndex",
                              "[{\"symbol\":\"LTCUSDT\",\"markPrice\":\"abc\"},"
                              "{\"symbol\":\"BTCUSDT\",\"markPrice\":63000.5,\"indexPrice\":\"\"}]",
                              &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 1);
    assert_near(r.tickers[0].mark, 63000.5, 0); /* a JSON number is fine too */
    assert_true(isnan(r.tickers[0].index));     /* "" = n/a */
    assert_true(isnan(r.tickers[0].funding));   /* absent = n/a, not 0 */
    assert_int_equal(r.tickers[0].t_ms, 0);
    /* a failing body leaves what was already in the batch, and adds nothing */
    assert_int_equal(vt_parse(VENUE, "premiumIndex",
                              "[{\"symbol\":\"ETHUSDT\",\"markPrice\":\"2400\"},"
                              "{\"symbol\":\"BTCUSDT\",\"markPrice\":\"x\"}]",
                              &ctx, &r),
                     -1);
    assert_int_equal(r.n_tickers, 1);
    assert_string_equal(r.tickers[0].sym, "BTC");
    recs_done(&r);
}

/* ---- 24hr ---------------------------------------------------------------- */

static void ticker_24hr_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "24hr", "binance/24hr.json", &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2); /* LTC untracked, ETHBUSD not a USDT pair */
    const struct rec_ticker *btc = vt_ticker(&r, "BTC"), *eth = vt_ticker(&r, "ETH");
    assert_non_null(btc);
    assert_non_null(eth);
    assert_near(btc->price, 63050.0, 0);
    assert_near(btc->change_24h, -0.03205, 1e-15); /* percent -> fraction */
    assert_near(btc->open_24h, 65137.5, 0);
    assert_near(btc->volume_24h_usd, 15434520177.92, 1e-3);
    assert_int_equal(btc->t_ms, 1760352369811);
    assert_true(isnan(btc->mark));
    assert_near(eth->price, 2449.9, 1e-12);
    assert_near(eth->change_24h, 0.02562, 1e-15);
    recs_done(&r);
}

static void ticker_24hr_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx(NULL);
    vt_expect_err(VENUE, "24hr",
                  "[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2450\",\"quoteVolume\":\"-1\"}]", &ctx,
                  "24hr[0].quoteVolume: negative (-1)");
    vt_expect_err(VENUE, "24hr", "[{\"symbol\":\"ETHUSDT\",\"priceChangePercent\":\"1\"}]", &ctx,
                  "24hr[0].lastPrice: missing");
    vt_expect_err(
        VENUE, "24hr",
        "[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2450\",\"priceChangePercent\":\"-130\"}]", &ctx,
        "24hr[0]: priceChangePercent below -100 (-130)");
    vt_expect_err(VENUE, "24hr", "{\"code\":-1003,\"msg\":\"Too many requests.\"}", &ctx,
                  "24hr: binance error -1003: Too many requests.");
}

/* ---- openInterest -------------------------------------------------------- */

static void open_interest_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "openInterest", "binance/openInterest.json", &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 1);
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_near(r.tickers[0].oi_base, 81234.567, 0); /* base units (BTC) */
    assert_true(isnan(r.tickers[0].oi_usd));
    assert_int_equal(r.tickers[0].t_ms, 1760352369123);
    recs_done(&r);
}

static void open_interest_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx btc = vt_ctx("BTC"), eth = vt_ctx("ETH");
    vt_expect_err(VENUE, "openInterest",
                  "{\"openInterest\":\"1\",\"symbol\":\"BTCUSDT\",\"time\":1760352369123}", &eth,
                  "openInterest: symbol BTC does not match the request (ETH)");
    vt_expect_err(VENUE, "openInterest", "{\"openInterest\":\"1\",\"symbol\":\"BTCUSD_PERP\"}",
                  &btc, "openInterest: symbol 'BTCUSD_PERP' is not a USDT perpetual");
    vt_expect_err(VENUE, "openInterest", "{\"openInterest\":\"many\",\"symbol\":\"BTCUSDT\"}", &btc,
                  "openInterest.openInterest: not a number ('many')");
    vt_expect_err(VENUE, "openInterest", "{\"symbol\":\"BTCUSDT\"}", &btc,
                  "openInterest.openInterest: missing");
    vt_expect_err(VENUE, "openInterest", "[]", &btc, "openInterest: expected an object");
    vt_expect_err(VENUE, "openInterest", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", &btc,
                  "openInterest: binance error -1121: Invalid symbol.");
    /* an untracked symbol is not an error, just nothing */
    struct recs r;
    recs_init(&r);
    struct parse_ctx ltc = vt_ctx("LTC");
    assert_int_equal(vt_parse(VENUE, "openInterest",
                              "{\"openInterest\":\"1\",\"symbol\":\"LTCUSDT\"}", &ltc, &r),
                     0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

/* ---- openInterestHist ---------------------------------------------------- */

static void open_interest_hist_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(
        vt_parse_fixture(VENUE, "openInterestHist", "binance/openInterestHist.json", &ctx, &r), 0);
    assert_int_equal(r.n_points, 6);
    assert_int_equal(r.n_tickers, 0);
    assert_string_equal(r.points[0].sym, "BTC");
    assert_int_equal(r.points[0].series, RS_OI_BASE);
    assert_int_equal(r.points[0].t_ms, 1760351700000);
    assert_near(r.points[0].value, 80112.045, 1e-9);
    assert_int_equal(r.points[1].series, RS_OI_USD);
    assert_near(r.points[1].value, 5093126551.9134, 1e-4);
    assert_int_equal(r.points[5].series, RS_OI_USD);
    assert_int_equal(r.points[5].t_ms, 1760352300000);
    assert_near(r.points[5].value, 5118791400.125, 1e-4);
    recs_done(&r);
}

static void open_interest_hist_timestamp_forms(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    /* the docs show a string, real responses a number: both */
    assert_int_equal(
        vt_parse(VENUE, "openInterestHist",
                 "[{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"10\","
                 "\"sumOpenInterestValue\":\"630000\",\"timestamp\":\"1583127900000\"},"
                 "{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"11\","
                 "\"sumOpenInterestValue\":\"640000\",\"timestamp\":1583128200000}]",
                 &ctx, &r),
        0);
    assert_int_equal(r.n_points, 4);
    assert_int_equal(r.points[0].t_ms, 1583127900000);
    assert_int_equal(r.points[2].t_ms, 1583128200000);
    recs_done(&r);
    vt_expect_err(
        VENUE, "openInterestHist",
        "[{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"10\",\"sumOpenInterestValue\":\"1\","
        "\"timestamp\":1583127900}]",
        &ctx, "openInterestHist[0].timestamp: not a millisecond timestamp (1583127900)");
    vt_expect_err(
        VENUE, "openInterestHist",
        "[{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"10\",\"sumOpenInterestValue\":\"1\","
        "\"timestamp\":\"15831279e5\"}]",
        &ctx, "openInterestHist[0].timestamp: not a number ('15831279e5')");
    vt_expect_err(
        VENUE, "openInterestHist",
        "[{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"10\",\"timestamp\":1583127900000}]", &ctx,
        "openInterestHist[0].sumOpenInterestValue: missing");
    vt_expect_err(VENUE, "openInterestHist", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", &ctx,
                  "openInterestHist: binance error -1121: Invalid symbol.");
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "openInterestHist", "[]", &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

/* ---- klines -------------------------------------------------------------- */

static void klines_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "klines", "binance/klines.json", &ctx, &r), 0);
    assert_int_equal(r.n_candles, 3);
    const struct rec_candle *c = &r.candles[1];
    assert_string_equal(c->sym, "BTC");
    assert_int_equal(c->t_ms, 1760346000000);
    assert_int_equal(c->interval_s, 3600);
    assert_near(c->open, 63201.7, 1e-9);
    assert_near(c->high, 63400.0, 0);
    assert_near(c->low, 62711.1, 1e-9);
    assert_near(c->close, 62904.3, 1e-9);
    assert_near(c->volume, 12931.904, 1e-9);
    assert_int_equal(r.candles[0].t_ms, 1760342400000); /* oldest first, as sent */
    assert_int_equal(r.candles[2].t_ms, 1760349600000);
    recs_done(&r);
}

static void klines_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx("BTC");
    struct parse_ctx none = vt_ctx(NULL);
    const char *one = "[[1760342400000,\"1\",\"2\",\"0.5\",\"1.5\",\"10\",1760345999999]]";
    vt_expect_err(VENUE, "klines", one, &none,
                  "klines: the body does not name its symbol and the request's is unknown");
    vt_expect_err(VENUE, "klines", one, NULL,
                  "klines: the body does not name its symbol and the request's is unknown");
    vt_expect_err(VENUE, "klines", "[[1760342400000,\"1\",\"2\",\"0.5\",\"1.5\"]]", &ctx,
                  "klines[0][5]: missing (row has 5 elements)");
    vt_expect_err(VENUE, "klines",
                  "[[1760342400000,\"1\",\"2\",\"0.5\",\"1.5\",\"10\"],"
                  "[1760346000000,\"abc\",\"2\",\"0.5\",\"1.5\",\"10\"]]",
                  &ctx, "klines[1][1]: not a number ('abc')");
    vt_expect_err(VENUE, "klines", "[[1760342400000,\"1\",\"0.4\",\"0.5\",\"0.45\",\"10\"]]", &ctx,
                  "klines[0]: high below low (o 1 h 0.4 l 0.5 c 0.45)");
    vt_expect_err(VENUE, "klines", "[[\"x\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\"]]", &ctx,
                  "klines[0][0]: not a number ('x')");
    vt_expect_err(VENUE, "klines", "[{\"t\":1}]", &ctx, "klines[0]: not an array");
    vt_expect_err(VENUE, "klines", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", &ctx,
                  "klines: binance error -1121: Invalid symbol.");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "klines", "[]", &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

/* ---- depth --------------------------------------------------------------- */

static void depth_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "depth", "binance/depth.json", &ctx, &r), 0);
    assert_int_equal(r.n_depths, 1);
    const struct rec_depth *d = &r.depths[0];
    assert_string_equal(d->sym, "BTC");
    assert_int_equal(d->t_ms, 1760352369411);
    assert_near(d->mid, 100000.0, 0);
    /* within 1 %: 99990x1 + 99500x2 + 99000x1.5 (exactly 1 % away counts) */
    assert_near(d->bid_1pct, 447490.0, 1e-6);
    assert_near(d->bid_2pct, 447490.0 + 295500.0 + 49000.0, 1e-6);
    assert_near(d->ask_1pct, 80008.0 + 120720.0 + 202000.0, 1e-6);
    assert_near(d->ask_2pct, 402728.0 + 101900.0, 1e-6);
    /* bids reach 2.5 %, asks 2.2 %: the snapshot covers 2.2 % on both sides */
    assert_near(d->coverage_pct, 2.2, 1e-9);
    recs_done(&r);
}

static void depth_shallow_book_reports_coverage(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse(VENUE, "depth",
                              "{\"lastUpdateId\":1,\"E\":1760352369420,\"T\":1760352369411,"
                              "\"bids\":[[\"63000.0\",\"2\"],[\"62900.0\",\"1\"]],"
                              "\"asks\":[[\"63000.2\",\"1.5\"],[\"63100.1\",\"3\"]]}",
                              &ctx, &r),
                     0);
    const struct rec_depth *d = &r.depths[0];
    assert_near(d->mid, 63000.1, 1e-9);
    assert_true(d->coverage_pct < 1.0);
    assert_near(d->coverage_pct, (63100.1 - 63000.1) / 63000.1 * 100, 1e-9); /* asks: shallower */
    assert_near(d->bid_1pct, 63000.0 * 2 + 62900.0, 1e-6);
    assert_near(d->bid_1pct, d->bid_2pct, 0);
    recs_done(&r);
}

static void depth_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx("BTC");
    vt_expect_err(VENUE, "depth", "{\"T\":1760352369411,\"bids\":[],\"asks\":[[\"1\",\"1\"]]}",
                  &ctx, "depth: bids: empty side");
    vt_expect_err(VENUE, "depth", "{\"bids\":[[\"2\",\"1\"]],\"asks\":[[\"1.5\",\"1\"]]}", &ctx,
                  "depth: crossed book (best bid 2 >= best ask 1.5)");
    vt_expect_err(VENUE, "depth",
                  "{\"bids\":[[\"1\",\"1\"],[\"abc\",\"1\"]],\"asks\":[[\"2\",\"1\"]]}", &ctx,
                  "depth.bids[1][0]: not a number ('abc')");
    vt_expect_err(VENUE, "depth", "{\"bids\":[[\"1\",\"-1\"]],\"asks\":[[\"2\",\"1\"]]}", &ctx,
                  "depth.bids[0][1]: negative (-1)");
    vt_expect_err(VENUE, "depth", "{\"bids\":[[\"1\",\"1\"]]}", &ctx, "depth.asks: missing");
    vt_expect_err(VENUE, "depth", "{\"bids\":[[\"1\",\"1\"]],\"asks\":{}}", &ctx,
                  "depth.asks: not an array");
    vt_expect_err(VENUE, "depth", "[]", &ctx, "depth: expected an object");
    vt_expect_err(VENUE, "depth", "{\"bids\":[[\"1\",\"1\"]],\"asks\":[[\"2\",\"1\"]]}", NULL,
                  "depth: the body does not name its symbol and the request's is unknown");
}

/* ---- globalLongShortAccountRatio ----------------------------------------- */

static void long_short_ratio_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = vt_ctx("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "globalLongShortAccountRatio",
                                      "binance/globalLongShortAccountRatio.json", &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 1);
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_near(r.tickers[0].ls_ratio, 1.8665, 1e-15);
    assert_int_equal(r.tickers[0].t_ms, 1760352000000);
    assert_true(isnan(r.tickers[0].price));
    assert_int_equal(r.n_points, 1);
    assert_int_equal(r.points[0].series, RS_LS_RATIO);
    recs_done(&r);
}

static void long_short_ratio_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = vt_ctx("BTC");
    struct recs r;
    recs_init(&r);
    /* several rows: the newest becomes the ticker value; string timestamps too */
    assert_int_equal(vt_parse(VENUE, "globalLongShortAccountRatio",
                              "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.5\","
                              "\"timestamp\":\"1760351700000\"},"
                              "{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.25\","
                              "\"timestamp\":1760352000000}]",
                              &ctx, &r),
                     0);
    assert_int_equal(r.n_points, 2);
    assert_int_equal(r.n_tickers, 1);
    assert_near(r.tickers[0].ls_ratio, 1.25, 0);
    recs_done(&r);
    vt_expect_err(
        VENUE, "globalLongShortAccountRatio",
        "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"-1\",\"timestamp\":1760352000000}]", &ctx,
        "globalLongShortAccountRatio[0].longShortRatio: negative (-1)");
    vt_expect_err(VENUE, "globalLongShortAccountRatio",
                  "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.1\"}]", &ctx,
                  "globalLongShortAccountRatio[0].timestamp: missing");
    vt_expect_err(
        VENUE, "globalLongShortAccountRatio",
        "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1.1\",\"timestamp\":1760352000000},"
        "{\"symbol\":\"ETHUSDT\",\"longShortRatio\":\"1.1\",\"timestamp\":1760352000000}]",
        NULL, "globalLongShortAccountRatio[1]: symbol ETH differs from earlier rows (BTC)");
}

/* ---- robustness ---------------------------------------------------------- */

static void every_truncation_is_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *file;
    } fx[] = {
        {"premiumIndex", "binance/premiumIndex.json"},
        {"24hr", "binance/24hr.json"},
        {"openInterest", "binance/openInterest.json"},
        {"openInterestHist", "binance/openInterestHist.json"},
        {"klines", "binance/klines.json"},
        {"depth", "binance/depth.json"},
        {"globalLongShortAccountRatio", "binance/globalLongShortAccountRatio.json"},
    };
    struct parse_ctx ctx = vt_ctx("BTC");
    for (size_t f = 0; f < VT_N(fx); f++)
        vt_every_truncation_fails(VENUE, fx[f].kind, fx[f].file, &ctx);
}

static void unknown_kind_and_null_buffers(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "allForceOrders", "[]", NULL, &r), -1);
    assert_string_equal(vt_err, "binance: unknown kind 'allForceOrders'");
    /* no error buffer: still a clean -1 */
    assert_int_equal(binance_adapter.parse("premiumIndex", "[x", 2, NULL, &r, NULL, 0), -1);
    recs_done(&r);
}

static void rate_limit_bodies(void **state)
{
    (void)state;
    const char *limited = "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(1.2.3.4) "
                          "is 2400 requests per minute.\"}";
    const char *banned = "{\"code\":-1003,\"msg\":\"Way too many requests; IP(1.2.3.4) banned until "
                         "1760352969000.\"}";
    assert_int_equal(binance_adapter.rate_limited(limited, strlen(limited)), 1);
    assert_int_equal(binance_adapter.rate_limited(banned, strlen(banned)), 1);
    const char *other = "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
    assert_int_equal(binance_adapter.rate_limited(other, strlen(other)), 0);
    assert_int_equal(binance_adapter.rate_limited("[]", 2), 0);
    assert_int_equal(binance_adapter.rate_limited("<html>", 6), 0);
    assert_int_equal(binance_adapter.rate_limited(NULL, 0), 0);
}

/* ---- throughput (reported, not asserted) --------------------------------- */

static char *big_24hr(size_t n_syms, size_t *len)
{
    size_t cap = n_syms * 600 + 16, off = 0;
    char *b = malloc(cap);
    off += (size_t)snprintf(b + off, cap - off, "[");
    for (size_t i = 0; i < n_syms; i++) {
        char sym[16];
        vt_sym_name(i, sym);
        double px = 10.0 + (double)i * 1.37;
        off += (size_t)snprintf(
            b + off, cap - off,
            "%s{\"symbol\":\"%sUSDT\",\"priceChange\":\"-1.2340\",\"priceChangePercent\":\"-2.118\","
            "\"weightedAvgPrice\":\"%.4f\",\"lastPrice\":\"%.4f\",\"lastQty\":\"12.5\","
            "\"openPrice\":\"%.4f\",\"highPrice\":\"%.4f\",\"lowPrice\":\"%.4f\","
            "\"volume\":\"1830477.213\",\"quoteVolume\":\"181583339.52\","
            "\"openTime\":1760265960000,\"closeTime\":1760352366022,\"firstId\":911301755,"
            "\"lastId\":911654023,\"count\":352268}",
            i ? "," : "", sym, px, px, px * 1.02, px * 1.05, px * 0.97);
    }
    off += (size_t)snprintf(b + off, cap - off, "]");
    *len = off;
    return b;
}

static void throughput_all_symbol_tickers(void **state)
{
    (void)state;
    size_t len;
    char *body = big_24hr(300, &len);
    vt_throughput_300(VENUE, "24hr", body, len, "binance 24hr");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builders_produce_exact_paths),
        cmocka_unit_test(builders_reject_bad_symbols),
        cmocka_unit_test(default_plan_fits_the_weight_budget),
        cmocka_unit_test(premium_index_fixture),
        cmocka_unit_test(premium_index_keep_all_skips_other_markets),
        cmocka_unit_test(premium_index_broken_variants),
        cmocka_unit_test(premium_index_policy_edges),
        cmocka_unit_test(ticker_24hr_fixture),
        cmocka_unit_test(ticker_24hr_broken_variants),
        cmocka_unit_test(open_interest_fixture),
        cmocka_unit_test(open_interest_broken_variants),
        cmocka_unit_test(open_interest_hist_fixture),
        cmocka_unit_test(open_interest_hist_timestamp_forms),
        cmocka_unit_test(klines_fixture),
        cmocka_unit_test(klines_broken_variants),
        cmocka_unit_test(depth_fixture),
        cmocka_unit_test(depth_shallow_book_reports_coverage),
        cmocka_unit_test(depth_broken_variants),
        cmocka_unit_test(long_short_ratio_fixture),
        cmocka_unit_test(long_short_ratio_variants),
        cmocka_unit_test(every_truncation_is_an_error),
        cmocka_unit_test(unknown_kind_and_null_buffers),
        cmocka_unit_test(rate_limit_bodies),
        cmocka_unit_test(throughput_all_symbol_tickers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
