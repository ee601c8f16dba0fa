/* OKX v5 SWAP adapter (src/venue/okx.c): request builders, parsers against
 * tests/fixtures/okx/, broken variants, liquidation side mapping and
 * contract sizes, rate-limit detection. */
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

static const struct venue_adapter *const VENUE = &okx_adapter;

static double no_sizes(const void *user, const char *sym)
{
    (void)user;
    (void)sym;
    return NAN;
}

/* Tracks BTC and ETH, with the instruments fixture's contract sizes. */
static struct parse_ctx ctx_sym(const char *sym)
{
    struct parse_ctx c = vt_ctx(sym);
    c.contract_size = vt_okx_ct_val;
    return c;
}

/* An OK envelope around a data array. */
static const char *env(const char *data)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "{\"code\":\"0\",\"msg\":\"\",\"data\":%s}", data);
    return buf;
}

/* One liquidation-orders body for BTC-USDT-SWAP with the given details. */
static const char *liq_body(const char *details)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"details\":[%s],\"instFamily\":\"BTC-USDT\","
             "\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\",\"uly\":\"BTC-USDT\"}]}",
             details);
    return buf;
}

/* ---- requests ------------------------------------------------------------ */

static void builders_produce_exact_paths(void **state)
{
    (void)state;
    assert_string_equal(vt_build(VENUE, "tickers", 0, NULL),
                        "/api/v5/market/tickers?instType=SWAP");
    assert_string_equal(vt_build(VENUE, "mark-price", 1, NULL),
                        "/api/v5/public/mark-price?instType=SWAP");
    assert_string_equal(vt_build(VENUE, "open-interest", 2, NULL),
                        "/api/v5/public/open-interest?instType=SWAP");
    assert_string_equal(vt_build(VENUE, "funding-rate", 3, NULL),
                        "/api/v5/public/funding-rate?instId=ANY");
    assert_string_equal(vt_build(VENUE, "candles", 4, "BTC"),
                        "/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1H&limit=300");
    assert_string_equal(vt_build(VENUE, "candles", 5, "ETH"),
                        "/api/v5/market/candles?instId=ETH-USDT-SWAP&bar=1H&limit=3");
    assert_string_equal(vt_build(VENUE, "instruments", 6, NULL),
                        "/api/v5/public/instruments?instType=SWAP");
    assert_string_equal(vt_build(VENUE, "liquidation-orders", 7, "BTC"),
                        "/api/v5/public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT"
                        "&state=filled&limit=100");
    assert_int_equal(okx_adapter.n_endpoints, 8);
    /* OKX's production page names openapi.okx.com since ~2026-05-27 */
    assert_string_equal(okx_adapter.default_base, "https://openapi.okx.com");
    assert_int_equal(okx_adapter.source, SRC_OKX);
    struct source_request req;
    assert_int_equal(okx_adapter.endpoints[7].build("BTC-USDT", 0, &req), -1);
    assert_int_equal(okx_adapter.endpoints[4].build(NULL, 0, &req), -1);
}

/* Each endpoint, at the default configuration (5 symbols, 5 s), stays at
 * or below half its own per-2-second limit. */
static void default_plan_fits_each_endpoint_limit(void **state)
{
    (void)state;
    static const struct {
        const char *kind;
        double per_2s;
    } limits[] = {
        {"tickers", 20},     {"mark-price", 10},  {"open-interest", 20},
        {"funding-rate", 10}, {"candles", 40},    {"instruments", 20},
        {"liquidation-orders", 40},
    };
    double total = 0;
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
        double per_2s = 0;
        for (size_t i = 0; i < okx_adapter.n_endpoints; i++) {
            const struct endpoint *e = &okx_adapter.endpoints[i];
            if (strcmp(e->kind, limits[l].kind) != 0)
                continue;
            double period = e->period_s ? e->period_s : 5;
            per_2s += (e->per_symbol ? 5 : 1) * 2.0 / period;
        }
        if (!(per_2s > 0 && per_2s <= limits[l].per_2s / 2))
            fail_msg("%s: %.3f requests per 2 s", limits[l].kind, per_2s);
        total += per_2s * 30;
    }
    assert_true(total < okx_adapter.weight_per_min);
    assert_true(okx_adapter.weight_per_min <= 20 * 30 / 2);
    assert_true(source_endpoint(&okx_adapter, "instruments")->period_s >= 600);
}

/* ---- tickers, mark-price, open-interest, funding-rate -------------------- */

static void tickers_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "tickers", "okx/tickers.json", &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2); /* LTC untracked, BTC-USD-SWAP coin-margined */
    const struct rec_ticker *btc = vt_ticker(&r, "BTC"), *eth = vt_ticker(&r, "ETH");
    assert_non_null(btc);
    assert_non_null(eth);
    assert_near(btc->price, 63045.2, 1e-9);
    assert_near(btc->open_24h, 65100, 0);
    assert_near(btc->change_24h, 63045.2 / 65100.0 - 1, 1e-15);
    assert_near(btc->volume_24h_usd, 98120.55 * 63045.2, 1e-3);
    assert_int_equal(btc->t_ms, 1760352369512);
    assert_true(isnan(btc->mark) && isnan(btc->oi_base) && isnan(btc->funding));
    assert_near(eth->price, 2450.5, 0);
    assert_near(eth->change_24h, 2450.5 / 2392.0 - 1, 1e-15);
    recs_done(&r);
}

static void mark_price_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "mark-price", "okx/mark-price.json", &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2); /* BTC-USD-SWAP other market, DOGE untracked */
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_near(r.tickers[0].mark, 63013.7, 1e-9);
    assert_int_equal(r.tickers[0].t_ms, 1760352369200);
    assert_string_equal(r.tickers[1].sym, "ETH");
    assert_near(r.tickers[1].mark, 2450.31, 1e-12);
    assert_true(isnan(r.tickers[1].price));
    recs_done(&r);
}

static void open_interest_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "open-interest", "okx/open-interest.json", &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 2);
    const struct rec_ticker *btc = vt_ticker(&r, "BTC");
    assert_non_null(btc);
    assert_near(btc->oi_base, 30124.555, 1e-9); /* oiCcy: coins, not the 3012455.5 contracts */
    assert_near(btc->oi_usd, 1898258571.3, 1e-3);
    assert_int_equal(btc->t_ms, 1760352369300);
    assert_near(vt_ticker(&r, "ETH")->oi_base, 245001.3, 1e-9);
    recs_done(&r);
}

static void funding_rate_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "funding-rate", "okx/funding-rate.json", &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2);
    const struct rec_ticker *btc = vt_ticker(&r, "BTC"), *eth = vt_ticker(&r, "ETH");
    assert_near(btc->funding, -0.0000872210143301, 1e-19);
    assert_near(btc->funding_interval_h, 8, 0);
    assert_int_equal(btc->t_ms, 1760352369701);
    assert_near(eth->funding, 0.0001, 1e-19);
    assert_near(eth->funding_interval_h, 4, 0); /* nextFundingTime - fundingTime */
    recs_done(&r);
}

static void snapshot_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = ctx_sym(NULL);
    vt_expect_err(VENUE, "tickers",
                  "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}", &ctx,
                  "tickers: okx error 50011 (rate limited): Too Many Requests");
    vt_expect_err(VENUE, "mark-price",
                  "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}", &ctx,
                  "mark-price: okx error 51001: Instrument ID does not exist");
    vt_expect_err(VENUE, "tickers", "{\"msg\":\"\",\"data\":[]}", &ctx, "tickers.code: missing");
    vt_expect_err(VENUE, "tickers", "{\"code\":\"ok\",\"data\":[]}", &ctx,
                  "tickers.code: not a number ('ok')");
    vt_expect_err(VENUE, "tickers", "{\"code\":\"0\",\"msg\":\"\"}", &ctx,
                  "tickers: data: missing");
    vt_expect_err(VENUE, "tickers", "{\"code\":\"0\",\"data\":{}}", &ctx,
                  "tickers: data: not an array");
    vt_expect_err(VENUE, "tickers", "[]", &ctx, "tickers: expected an object");
    vt_expect_err(VENUE, "tickers",
                  env("[{\"instId\":\"LTC-USDT-SWAP\"},{\"instId\":\"BTC-USDT-SWAP\","
                      "\"last\":\"abc\"}]"),
                  &ctx, "tickers[1].last: not a number ('abc')");
    vt_expect_err(VENUE, "tickers", env("[{\"instId\":\"BTC-USDT-SWAP\",\"last\":\"\"}]"), &ctx,
                  "tickers[0].last: null or empty");
    vt_expect_err(VENUE, "tickers",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"last\":\"1\",\"ts\":\"x\"}]"), &ctx,
                  "tickers[0].ts: not a number ('x')");
    vt_expect_err(VENUE, "tickers", env("[{\"last\":\"1\"}]"), &ctx, "tickers[0].instId: missing");
    vt_expect_err(VENUE, "mark-price", env("[{\"instId\":\"ETH-USDT-SWAP\",\"markPx\":\"-1\"}]"),
                  &ctx, "mark-price[0].markPx: not positive (-1)");
    vt_expect_err(VENUE, "open-interest", env("[{\"instId\":\"ETH-USDT-SWAP\",\"oiCcy\":\"5\"}]"),
                  &ctx, "open-interest[0].oiUsd: missing");
    vt_expect_err(VENUE, "funding-rate",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"fundingRate\":\"0.0001\","
                      "\"fundingTime\":\"1760371200000\",\"nextFundingTime\":\"1760371200000\"}]"),
                  &ctx, "funding-rate[0]: nextFundingTime - fundingTime is not 0..24 h (0 ms)");
    vt_expect_err(VENUE, "funding-rate",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"fundingRate\":\"0.0001\","
                      "\"fundingTime\":\"1760371200\",\"nextFundingTime\":\"1760400000\"}]"),
                  &ctx, "funding-rate[0].fundingTime: not a millisecond timestamp (1760371200)");
    vt_expect_err(VENUE, "funding-rate",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"fundingRate\":\"\","
                      "\"fundingTime\":\"1760371200000\",\"nextFundingTime\":\"1760400000000\"}]"),
                  &ctx, "funding-rate[0].fundingRate: null or empty");
    vt_expect_err(VENUE, "open-interest",
                  "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instId\":\"BTC-USDT-SW", &ctx,
                  "open-interest: invalid JSON at byte 40");
    /* a numeric code 0 is accepted, "" numbers in optional fields are n/a */
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "tickers",
                              "{\"code\":0,\"msg\":\"\",\"data\":[{\"instId\":\"BTC-USDT-SWAP\","
                              "\"last\":\"63000\",\"open24h\":\"\",\"volCcy24h\":\"\"}]}",
                              &ctx, &r),
                     0);
    assert_int_equal(r.n_tickers, 1);
    assert_true(isnan(r.tickers[0].change_24h) && isnan(r.tickers[0].volume_24h_usd));
    recs_clear(&r);
    assert_int_equal(vt_parse(VENUE, "mark-price", env("[]"), &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

/* ---- candles, instruments ------------------------------------------------ */

static void candles_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym("BTC");
    assert_int_equal(vt_parse_fixture(VENUE, "candles", "okx/candles.json", &ctx, &r), 0);
    assert_int_equal(r.n_candles, 3);
    assert_int_equal(r.candles[0].t_ms, 1760342400000); /* reversed to oldest first */
    assert_int_equal(r.candles[2].t_ms, 1760349600000);
    const struct rec_candle *c = &r.candles[1];
    assert_string_equal(c->sym, "BTC");
    assert_int_equal(c->interval_s, 3600);
    assert_near(c->open, 63198.4, 1e-9);
    assert_near(c->high, 63401.2, 1e-9);
    assert_near(c->low, 62700, 0);
    assert_near(c->close, 62899.9, 1e-9);
    assert_near(c->volume, 9904.12, 1e-9); /* volCcy (BTC), not vol (contracts) */
    recs_done(&r);
    vt_expect_err(VENUE, "candles", env("[[\"1760342400000\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\"]]"),
                  &ctx, "candles[0][6]: missing (row has 6 elements)");
    vt_expect_err(VENUE, "candles",
                  env("[[\"1760342400000\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\",\"0.1\"]]"), NULL,
                  "candles: the body does not name its symbol and the request's is unknown");
    vt_expect_err(VENUE, "candles",
                  env("[[\"1760342400000\",\"1\",\"2\",\"0.5\",\"\",\"10\",\"0.1\",\"1\",\"0\"]]"),
                  &ctx, "candles[0][4]: null or empty");
    vt_expect_err(VENUE, "candles",
                  "{\"code\":\"51000\",\"msg\":\"Parameter bar error\",\"data\":[]}", &ctx,
                  "candles: okx error 51000: Parameter bar error");
}

static void instruments_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym(NULL);
    assert_int_equal(vt_parse_fixture(VENUE, "instruments", "okx/instruments.json", &ctx, &r), 0);
    assert_int_equal(r.n_contracts, 2);
    assert_int_equal(recs_count(&r), 2);
    assert_string_equal(r.contracts[0].sym, "BTC");
    assert_near(r.contracts[0].base_per_contract, 0.01, 0);
    assert_string_equal(r.contracts[1].sym, "ETH");
    assert_near(r.contracts[1].base_per_contract, 0.1, 0);
    recs_clear(&r);
    /* everything: LTC too; the pre-open NEWX with "" fields and the inverse BTC-USD-SWAP not */
    struct parse_ctx all = {NULL, 0, NULL, NULL, NULL};
    assert_int_equal(vt_parse_fixture(VENUE, "instruments", "okx/instruments.json", &all, &r), 0);
    assert_int_equal(r.n_contracts, 3);
    assert_string_equal(r.contracts[2].sym, "LTC");
    assert_near(r.contracts[2].base_per_contract, 1, 0);
    recs_done(&r);
    vt_expect_err(VENUE, "instruments",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"ctType\":\"inverse\",\"ctVal\":\"100\"}]"),
                  &ctx, "instruments[0]: ctType 'inverse' for a USDT swap (expected linear)");
    vt_expect_err(VENUE, "instruments",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"ctType\":\"linear\",\"ctVal\":\"0\"}]"),
                  &ctx, "instruments[0].ctVal: not positive (0)");
    vt_expect_err(VENUE, "instruments",
                  env("[{\"instId\":\"BTC-USDT-SWAP\",\"ctType\":\"linear\",\"ctVal\":[]}]"), &ctx,
                  "instruments[0].ctVal: wrong type");
}

/* ---- liquidation-orders -------------------------------------------------- */

static void liquidation_orders_fixture(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym("BTC");
    assert_int_equal(
        vt_parse_fixture(VENUE, "liquidation-orders", "okx/liquidation-orders.json", &ctx, &r), 0);
    assert_int_equal(r.n_liqs, 3); /* 4 details, one an exact duplicate */
    assert_int_equal(r.liqs_partial, 1);
    /* sorted by time */
    const struct rec_liq *a = &r.liqs[0], *b = &r.liqs[1], *c = &r.liqs[2];
    assert_string_equal(a->sym, "BTC");
    assert_int_equal(a->t_ms, 1760352340117);
    assert_int_equal(a->side, LIQ_SHORT); /* buy / short: a short was liquidated */
    assert_near(a->price, 63190.1, 1e-9);
    assert_near(a->qty, 35 * 0.01, 1e-12); /* contracts x ctVal */
    assert_near(a->usd, 35 * 0.01 * 63190.1, 1e-6);
    assert_int_equal(b->t_ms, 1760352361004);
    assert_int_equal(b->side, LIQ_LONG); /* sell / long */
    assert_near(b->qty, 12, 1e-12);
    assert_near(b->usd, 12 * 62850.3, 1e-6);
    assert_int_equal(c->t_ms, 1760352365290);
    assert_int_equal(c->side, LIQ_LONG); /* sell / net: side alone */
    assert_near(c->qty, 4.105, 1e-12);
    assert_near(c->price, 62790, 0);
    recs_done(&r);
}

static enum liq_side side_of(const char *side, const char *pos_side)
{
    char d[256];
    if (pos_side)
        snprintf(d, sizeof d,
                 "{\"bkLoss\":\"0\",\"bkPx\":\"60000\",\"ccy\":\"\",\"posSide\":\"%s\",\"side\":\"%s\","
                 "\"sz\":\"10\",\"ts\":\"1760352361004\"}",
                 pos_side, side);
    else
        snprintf(d, sizeof d,
                 "{\"bkPx\":\"60000\",\"side\":\"%s\",\"sz\":\"10\",\"ts\":\"1760352361004\"}", side);
    struct recs r;
    recs_init(&r);
    struct parse_ctx ctx = ctx_sym("BTC");
    if (vt_parse(VENUE, "liquidation-orders", liq_body(d), &ctx, &r) != 0 || r.n_liqs != 1)
        fail_msg("side %s posSide %s: %s", side, pos_side ? pos_side : "(none)", vt_err);
    enum liq_side s = r.liqs[0].side;
    recs_done(&r);
    return s;
}

static void liquidation_side_mapping(void **state)
{
    (void)state;
    /* side is the closing order: a forced sell closes a long */
    assert_int_equal(side_of("sell", "long"), LIQ_LONG);
    assert_int_equal(side_of("buy", "short"), LIQ_SHORT);
    assert_int_equal(side_of("sell", "net"), LIQ_LONG);
    assert_int_equal(side_of("buy", "net"), LIQ_SHORT);
    assert_int_equal(side_of("buy", ""), LIQ_SHORT);
    assert_int_equal(side_of("sell", NULL), LIQ_LONG);
    struct parse_ctx ctx = ctx_sym("BTC");
    vt_expect_err(VENUE, "liquidation-orders",
                  liq_body("{\"bkPx\":\"1\",\"posSide\":\"long\",\"side\":\"buy\",\"sz\":\"1\","
                           "\"ts\":\"1760352361004\"}"),
                  &ctx, "liquidation-orders[0].details[0]: posSide 'long' contradicts side 'buy'");
    vt_expect_err(VENUE, "liquidation-orders",
                  liq_body("{\"bkPx\":\"1\",\"posSide\":\"short\",\"side\":\"close\",\"sz\":\"1\","
                           "\"ts\":\"1760352361004\"}"),
                  &ctx, "liquidation-orders[0].details[0]: side: not buy/sell ('close')");
    vt_expect_err(
        VENUE, "liquidation-orders",
        liq_body("{\"bkPx\":\"1\",\"side\":\"SELL\",\"sz\":\"1\",\"ts\":\"1760352361004\"}"), &ctx,
        "liquidation-orders[0].details[0]: side: not buy/sell ('SELL')");
    vt_expect_err(VENUE, "liquidation-orders",
                  liq_body("{\"bkPx\":\"1\",\"posSide\":\"flat\",\"side\":\"sell\",\"sz\":\"1\","
                           "\"ts\":\"1760352361004\"}"),
                  &ctx, "liquidation-orders[0].details[0]: posSide: not long/short/net ('flat')");
}

static void liquidation_orders_broken_variants(void **state)
{
    (void)state;
    struct parse_ctx ctx = ctx_sym("BTC");
    const char *good = "{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"10\",\"ts\":\"1760352361004\"}";
    char two[512];
    snprintf(two, sizeof two, "%s,{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"ten\","
                              "\"ts\":\"1760352361004\"}", good);
    vt_expect_err(VENUE, "liquidation-orders", liq_body(two), &ctx,
                  "liquidation-orders[0].details[1].sz: not a number ('ten')");
    vt_expect_err(
        VENUE, "liquidation-orders",
        liq_body("{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"10\",\"ts\":\"1760352361\"}"),
        &ctx, "liquidation-orders[0].details[0].ts: not a millisecond timestamp (1760352361)");
    vt_expect_err(VENUE, "liquidation-orders",
                  liq_body("{\"side\":\"sell\",\"sz\":\"10\",\"ts\":\"1760352361004\"}"), &ctx,
                  "liquidation-orders[0].details[0].bkPx: missing");
    vt_expect_err(VENUE, "liquidation-orders", liq_body("\"x\""), &ctx,
                  "liquidation-orders[0].details[0]: not an object");
    vt_expect_err(VENUE, "liquidation-orders", env("[{\"instId\":\"BTC-USDT-SWAP\"}]"), &ctx,
                  "liquidation-orders[0]: details: missing");
    vt_expect_err(VENUE, "liquidation-orders",
                  "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}", &ctx,
                  "liquidation-orders: okx error 50011 (rate limited): Too Many Requests");
    /* empty lists are fine */
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "liquidation-orders", env("[]"), &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    assert_int_equal(vt_parse(VENUE, "liquidation-orders", liq_body(""), &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    /* untracked families are skipped, sizes known or not */
    struct parse_ctx eth = ctx_sym("ETH");
    const char *tracked_eth[] = {"ETH"};
    eth.symbols = tracked_eth;
    eth.n_symbols = 1;
    assert_int_equal(vt_parse(VENUE, "liquidation-orders", liq_body(good), &eth, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);
}

static void liquidation_orders_need_contract_size(void **state)
{
    (void)state;
    struct parse_ctx ctx = ctx_sym("BTC");
    ctx.contract_size = no_sizes;
    size_t len;
    char *body = tu_fixture("okx/liquidation-orders.json", &len);
    struct recs r;
    recs_init(&r);
    /* not a failure (the instruments answer may simply come later): nothing
     * is kept, vt_err holds the warning */
    assert_int_equal(
        okx_adapter.parse("liquidation-orders", body, len, &ctx, &r, vt_err, sizeof vt_err), 0);
    assert_string_equal(vt_err, "liquidation-orders: contract size of BTC unknown (instruments not "
                                "loaded), 4 liquidations skipped");
    assert_int_equal(recs_count(&r), 0);
    ctx.contract_size = NULL; /* no callback at all: the same */
    assert_int_equal(
        okx_adapter.parse("liquidation-orders", body, len, &ctx, &r, vt_err, sizeof vt_err), 0);
    assert_int_equal(recs_count(&r), 0);
    /* a body mixing a known and an unknown size keeps the known rows, no error */
    static const char *const both[] = {"BTC", "LTC"};
    struct parse_ctx mixed = {both, 2, NULL, vt_okx_ct_val, NULL};
    assert_int_equal(
        vt_parse(VENUE, "liquidation-orders",
                 env("[{\"details\":[{\"bkPx\":\"98.5\",\"side\":\"buy\",\"sz\":\"7\","
                     "\"ts\":\"1760352361004\"}],\"instId\":\"LTC-USDT-SWAP\"},"
                     "{\"details\":[{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"2\","
                     "\"ts\":\"1760352361004\"}],\"instId\":\"BTC-USDT-SWAP\"}]"),
                 &mixed, &r),
        0);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "BTC");
    assert_near(r.liqs[0].qty, 0.02, 1e-15);
    recs_done(&r);
    free(body);
}

static void liquidation_duplicates_across_elements(void **state)
{
    (void)state;
    struct parse_ctx ctx = ctx_sym("BTC");
    struct recs r;
    recs_init(&r);
    /* the same fill in two data elements (and once as "2.0" for "2"): one record */
    assert_int_equal(
        vt_parse(VENUE, "liquidation-orders",
                 env("[{\"details\":[{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"2\","
                     "\"ts\":\"1760352361004\"},{\"bkPx\":\"60000\",\"side\":\"sell\","
                     "\"sz\":\"3\",\"ts\":\"1760352361004\"}],\"instId\":\"BTC-USDT-SWAP\"},"
                     "{\"details\":[{\"bkPx\":\"60000\",\"side\":\"sell\",\"sz\":\"2.0\","
                     "\"ts\":\"1760352361004\"}],\"instId\":\"BTC-USDT-SWAP\"}]"),
                 &ctx, &r),
        0);
    assert_int_equal(r.n_liqs, 2);
    assert_near(r.liqs[0].qty, 0.02, 1e-15);
    assert_near(r.liqs[1].qty, 0.03, 1e-15);
    recs_done(&r);
}

/* ---- robustness ---------------------------------------------------------- */

static void every_truncation_is_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *file;
    } fx[] = {
        {"tickers", "okx/tickers.json"},
        {"mark-price", "okx/mark-price.json"},
        {"open-interest", "okx/open-interest.json"},
        {"funding-rate", "okx/funding-rate.json"},
        {"candles", "okx/candles.json"},
        {"instruments", "okx/instruments.json"},
        {"liquidation-orders", "okx/liquidation-orders.json"},
    };
    struct parse_ctx ctx = ctx_sym("BTC");
    for (size_t f = 0; f < VT_N(fx); f++)
        vt_every_truncation_fails(VENUE, fx[f].kind, fx[f].file, &ctx);
}

static void rate_limit_bodies(void **state)
{
    (void)state;
    const char *s = "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}";
    const char *n = "{\"code\":50011,\"msg\":\"Too Many Requests\"}";
    const char *other = "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}";
    const char *ok = "{\"code\":\"0\",\"msg\":\"\",\"data\":[]}";
    assert_int_equal(okx_adapter.rate_limited(s, strlen(s)), 1);
    assert_int_equal(okx_adapter.rate_limited(n, strlen(n)), 1);
    assert_int_equal(okx_adapter.rate_limited(other, strlen(other)), 0);
    assert_int_equal(okx_adapter.rate_limited(ok, strlen(ok)), 0);
    assert_int_equal(okx_adapter.rate_limited("Too Many Requests", 17), 0);
    assert_int_equal(okx_adapter.rate_limited(NULL, 0), 0);
}

static void unknown_kind(void **state)
{
    (void)state;
    vt_expect_err(VENUE, "books", "{}", NULL, "okx: unknown kind 'books'");
}

/* ---- throughput (reported, not asserted) --------------------------------- */

static char *big_tickers(size_t n_syms, size_t *len)
{
    size_t cap = n_syms * 500 + 64, off = 0;
    char *b = malloc(cap);
    off += (size_t)snprintf(b + off, cap - off, "{\"code\":\"0\",\"msg\":\"\",\"data\":[");
    for (size_t i = 0; i < n_syms; i++) {
        char sym[16];
        vt_sym_name(i, sym);
        double px = 10.0 + (double)i * 1.37;
        off += (size_t)snprintf(
            b + off, cap - off,
            "%s{\"instType\":\"SWAP\",\"instId\":\"%s-USDT-SWAP\",\"last\":\"%.4f\","
            "\"lastSz\":\"3\",\"askPx\":\"%.4f\",\"askSz\":\"212\",\"bidPx\":\"%.4f\","
            "\"bidSz\":\"95\",\"open24h\":\"%.4f\",\"high24h\":\"%.4f\",\"low24h\":\"%.4f\","
            "\"volCcy24h\":\"98120.55\",\"vol24h\":\"9812055\",\"sodUtc0\":\"%.4f\","
            "\"sodUtc8\":\"%.4f\",\"ts\":\"1760352369512\"}",
            i ? "," : "", sym, px, px, px, px * 1.03, px * 1.05, px * 0.97, px, px);
    }
    off += (size_t)snprintf(b + off, cap - off, "]}");
    *len = off;
    return b;
}

static void throughput_all_symbol_tickers(void **state)
{
    (void)state;
    size_t len;
    char *body = big_tickers(300, &len);
    vt_throughput_300(VENUE, "tickers", body, len, "okx tickers");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builders_produce_exact_paths),
        cmocka_unit_test(default_plan_fits_each_endpoint_limit),
        cmocka_unit_test(tickers_fixture),
        cmocka_unit_test(mark_price_fixture),
        cmocka_unit_test(open_interest_fixture),
        cmocka_unit_test(funding_rate_fixture),
        cmocka_unit_test(snapshot_broken_variants),
        cmocka_unit_test(candles_fixture),
        cmocka_unit_test(instruments_fixture),
        cmocka_unit_test(liquidation_orders_fixture),
        cmocka_unit_test(liquidation_side_mapping),
        cmocka_unit_test(liquidation_orders_broken_variants),
        cmocka_unit_test(liquidation_orders_need_contract_size),
        cmocka_unit_test(liquidation_duplicates_across_elements),
        cmocka_unit_test(every_truncation_is_an_error),
        cmocka_unit_test(rate_limit_bodies),
        cmocka_unit_test(unknown_kind),
        cmocka_unit_test(throughput_all_symbol_tickers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
