/* Gate.io USDT futures adapter (src/venue/gate.c): request builders, the four
 * parsers against fixtures of the real shapes, broken variants, throughput. */
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

static const struct venue_adapter *const VENUE = &gate_adapter;

static const char *const tracked[] = {"BTC", "ETH", "SOL"};

/* Contract sizes as Gate's contracts endpoint gives them (quanto_multiplier). */
static double sizes(const void *user, const char *sym)
{
    (void)user;
    if (strcmp(sym, "BTC") == 0)
        return 0.0001;
    if (strcmp(sym, "ETH") == 0)
        return 0.01;
    return NAN;
}

static struct parse_ctx ctx_tracked(const char *sym)
{
    struct parse_ctx c = {tracked, 3, sym, sizes, NULL};
    return c;
}

static void build(const char *kind, const char *sym, int64_t now_ms, struct source_request *req)
{
    const struct endpoint *e = source_endpoint(&gate_adapter, kind);
    assert_non_null(e);
    assert_int_equal(e->build(sym, now_ms, req), 0);
    assert_string_equal(req->kind, kind);
    assert_string_equal(req->body, ""); /* all GET */
}

/* ---- builders ---------------------------------------------------------- */

static void builders_give_exact_paths(void **state)
{
    (void)state;
    struct source_request req;
    assert_int_equal(gate_adapter.source, SRC_GATE);
    assert_string_equal(gate_adapter.default_base, "https://api.gateio.ws");
    assert_int_equal(gate_adapter.n_endpoints, 4);

    build("tickers", NULL, 1714478405123, &req);
    assert_string_equal(req.path, "/api/v4/futures/usdt/tickers");
    assert_string_equal(req.sym, "");
    assert_int_equal(source_endpoint(&gate_adapter, "tickers")->per_symbol, 0);

    build("contracts", NULL, 1714478405123, &req);
    assert_string_equal(req.path, "/api/v4/futures/usdt/contracts");
    assert_int_equal(source_endpoint(&gate_adapter, "contracts")->period_s, 3600);

    /* liq_orders: seconds, a 300 s window ending now, the contract's name */
    build("liq_orders", "BTC", 1714478405123, &req);
    assert_string_equal(req.path, "/api/v4/futures/usdt/liq_orders?contract=BTC_USDT"
                                  "&from=1714478105&to=1714478405&limit=1000");
    assert_string_equal(req.sym, "BTC");
    assert_int_equal(source_endpoint(&gate_adapter, "liq_orders")->per_symbol, 1);

    build("contract_stats", "ETH", 1714478405123, &req);
    assert_string_equal(req.path,
                        "/api/v4/futures/usdt/contract_stats?contract=ETH_USDT&interval=5m&limit=96");
    assert_string_equal(req.sym, "ETH");

    /* no market for a symbol that is not one */
    const struct endpoint *e = source_endpoint(&gate_adapter, "liq_orders");
    assert_int_equal(e->build("btc", 1714478405123, &req), -1);
    assert_int_equal(e->build(NULL, 1714478405123, &req), -1);
    assert_int_equal(source_endpoint(&gate_adapter, "contract_stats")->build("BTC_USDT", 0, &req),
                     -1);
    assert_null(source_endpoint(&gate_adapter, "order_book"));
}

/* ---- tickers ----------------------------------------------------------- */

static void tickers_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("gate/tickers.json", &len);
    struct parse_ctx ctx = ctx_tracked(NULL);
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "tickers", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2); /* ARB untracked, SOL absent */
    assert_int_equal(recs_count(&r), 2);

    const struct rec_ticker *b = &r.tickers[0];
    assert_string_equal(b->sym, "BTC");
    assert_int_equal(b->t_ms, 0); /* Gate sends no time here */
    assert_true(b->price == 63012.5);
    assert_true(b->mark == 63010.1);
    assert_true(b->index == 63035.72);
    assert_true(b->funding == 0.000064);
    assert_true(vt_near(b->change_24h, -0.0341)); /* "-3.41" percent */
    assert_true(b->volume_24h_usd == 2915034567.0);
    assert_true(vt_near(b->oi_base, 8451.2345)); /* 84512345 contracts x 0.0001 BTC */
    assert_true(vt_near(b->oi_usd, 8451.2345 * 63010.1));
    assert_true(isnan(b->funding_interval_h)); /* from contracts, not here */
    assert_true(isnan(b->ls_ratio));

    const struct rec_ticker *e = &r.tickers[1];
    assert_string_equal(e->sym, "ETH");
    assert_true(e->price == 3088.42);
    assert_true(e->funding == -0.000021);
    assert_true(vt_near(e->change_24h, -0.0512));
    assert_true(vt_near(e->oi_base, 98765.43)); /* 9876543 x 0.01 ETH */
    assert_true(vt_near(e->oi_usd, 98765.43 * 3088.07));

    /* without contract sizes OI stays unknown, the rest is kept */
    recs_clear(&r);
    ctx.contract_size = NULL;
    assert_int_equal(vt_parse(VENUE, "tickers", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2);
    assert_true(isnan(r.tickers[0].oi_base) && isnan(r.tickers[0].oi_usd));
    assert_true(r.tickers[0].mark == 63010.1);

    /* tracking everything keeps ARB too */
    recs_clear(&r);
    ctx.symbols = NULL;
    ctx.n_symbols = 0;
    assert_int_equal(vt_parse(VENUE, "tickers", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 3);
    assert_string_equal(r.tickers[2].sym, "ARB");
    recs_done(&r);
    free(body);
}

static void tickers_broken(void **state)
{
    (void)state;
    char *body = tu_fixture("gate/tickers.json", NULL);
    struct parse_ctx ctx = ctx_tracked(NULL);
    char *v;

    static const struct vt_edit broken[] = {
        {"\"mark_price\": \"63010.1\",", "", "tickers[0].mark_price: missing"},
        {"\"last\": \"3088.42\"", "\"last\": \"abc\"", "tickers[1].last: not a number ('abc')"},
        {"\"funding_rate\": \"0.000064\"", "\"funding_rate\": {}",
         "tickers[0].funding_rate: wrong type"},
        {"\"last\": \"63012.5\"", "\"last\": \"\"", "tickers[0].last: null or empty"},
        {"\"last\": \"63012.5\"", "\"last\": \"-5\"", "tickers[0].last: out of range"},
        {"\"index_price\": \"63035.72\"", "\"index_price\": \"1e999\"",
         "tickers[0].index_price: not a number"},
        {"\"contract\": \"ETH_USDT\",", "", "tickers[1].contract: missing"},
    };
    vt_expect_edits(VENUE, "tickers", body, &ctx, broken, VT_N(broken));
    vt_expect_fail(VENUE, "tickers", "[]", &ctx, "tickers: empty list");
    vt_expect_fail(VENUE, "tickers", "[1]", &ctx, "tickers[0]: not an object");
    vt_expect_fail(VENUE, "tickers", "{\"contract\":\"BTC_USDT\"}", &ctx,
                   "tickers: expected an array");
    vt_expect_fail(VENUE, "tickers",
                   "{\"label\":\"INVALID_PARAM_VALUE\",\"message\":\"invalid settle \\u001b[31m\"}",
                   &ctx, "tickers: gate error INVALID_PARAM_VALUE: invalid settle ?[31m");
    vt_expect_fail(VENUE, "tickers", "", &ctx, "empty body");

    /* truncated anywhere: an error, never a crash or a partial batch */
    vt_expect_cuts(VENUE, "tickers", body, &ctx, 1, 97, "tickers: ");

    /* an untracked contract's fields are not ours to judge */
    v = vt_replace(body, "\"last\": \"0.9521\"", "\"last\": \"x\"");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "tickers", v, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 2);
    free(v);

    /* a failing body leaves earlier records alone and adds none */
    v = vt_replace(body, "\"last\": \"3088.42\"", "\"last\": \"abc\"");
    assert_int_equal(vt_parse(VENUE, "tickers", body, &ctx, &r), 0);
    assert_int_equal(r.n_tickers, 4);
    assert_int_equal(vt_parse(VENUE, "tickers", v, &ctx, &r), -1);
    assert_int_equal(r.n_tickers, 4);
    free(v);
    recs_done(&r);
    free(body);
}

/* ---- contracts --------------------------------------------------------- */

static void contracts_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("gate/contracts.json", &len);
    struct parse_ctx ctx = ctx_tracked(NULL);
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "contracts", body, &ctx, &r), 0);
    assert_int_equal(r.n_contracts, 2);
    assert_string_equal(r.contracts[0].sym, "BTC");
    assert_true(r.contracts[0].base_per_contract == 0.0001);
    assert_string_equal(r.contracts[1].sym, "ETH");
    assert_true(r.contracts[1].base_per_contract == 0.01);
    /* funding_interval 28800 s -> 8 h, in a ticker carrying nothing else */
    assert_int_equal(r.n_tickers, 2);
    assert_string_equal(r.tickers[0].sym, "BTC");
    assert_true(r.tickers[0].funding_interval_h == 8.0);
    assert_true(isnan(r.tickers[0].mark) && isnan(r.tickers[0].funding));
    assert_true(r.tickers[1].funding_interval_h == 8.0);

    recs_clear(&r);
    ctx.symbols = NULL;
    assert_int_equal(vt_parse(VENUE, "contracts", body, &ctx, &r), 0);
    assert_int_equal(r.n_contracts, 3);
    assert_true(r.contracts[2].base_per_contract == 1.0);
    assert_true(r.tickers[2].funding_interval_h == 4.0); /* ARB: 14400 s */
    recs_done(&r);

    ctx = ctx_tracked(NULL);
    static const struct vt_edit broken[] = {
        {"\"quanto_multiplier\": \"0.0001\"", "\"quanto_multiplier\": \"0\"",
         "contracts[0].quanto_multiplier: out of range"},
        {"\"quanto_multiplier\": \"0.01\"", "\"quanto_multiplier\": \"0.0l\"",
         "contracts[1].quanto_multiplier: not a number ('0.0l')"},
        {"\"name\": \"BTC_USDT\"", "\"name\": 7", "contracts[0].name: wrong type"},
        {"\"funding_interval\": 28800", "\"funding_interval\": -1",
         "contracts[0].funding_interval: out of range"},
    };
    vt_expect_edits(VENUE, "contracts", body, &ctx, broken, VT_N(broken));
    vt_expect_fail(VENUE, "contracts", "[]", &ctx, "contracts: empty list");
    vt_expect_fail(VENUE, "contracts", "[{\"name\":\"BTC_USDT\",\"quanto_multiplier\":\"0.0001\"",
                   &ctx, "contracts: ");
    free(body);
}

/* ---- liq_orders -------------------------------------------------------- */

static void liq_orders_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("gate/liq_orders.json", &len);
    struct parse_ctx ctx = ctx_tracked("BTC");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "liq_orders", body, &ctx, &r), 0);
    assert_int_equal(r.n_liqs, 3); /* ARB untracked */
    assert_int_equal(recs_count(&r), 3);
    assert_int_equal(r.liqs_partial, 0);

    /* order_size +1520: a forced BUY, so a SHORT was liquidated */
    const struct rec_liq *l = &r.liqs[0];
    assert_string_equal(l->sym, "BTC");
    assert_int_equal(l->t_ms, 1714478405000); /* seconds -> ms */
    assert_int_equal(l->side, LIQ_SHORT);
    assert_true(l->price == 63142.8); /* average fill price */
    assert_true(vt_near(l->qty, 0.152)); /* 1520 contracts x 0.0001 BTC */
    assert_true(vt_near(l->usd, 0.152 * 63142.8));

    /* order_size -250: a forced SELL, so a LONG was liquidated */
    l = &r.liqs[1];
    assert_string_equal(l->sym, "ETH");
    assert_int_equal(l->t_ms, 1714478391000);
    assert_int_equal(l->side, LIQ_LONG);
    assert_true(l->price == 3052.35);
    assert_true(vt_near(l->qty, 2.5));
    assert_true(vt_near(l->usd, 2.5 * 3052.35));

    /* sizes as JSON integers; nothing filled as taker (fill_price "0"): the
     * order price is the price */
    l = &r.liqs[2];
    assert_int_equal(l->side, LIQ_LONG);
    assert_int_equal(l->t_ms, 1714478377000);
    assert_true(l->price == 62890.0);
    assert_true(vt_near(l->qty, 0.8));
    assert_true(vt_near(l->usd, 0.8 * 62890.0));
    recs_clear(&r);

    /* no liquidations in the window is a valid answer */
    assert_int_equal(vt_parse(VENUE, "liq_orders", "[]", &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);

    /* an order that closed nothing is skipped */
    char *v = vt_replace(body, "\"order_size\": \"1520\"", "\"order_size\": \"0\"");
    assert_int_equal(vt_parse(VENUE, "liq_orders", v, &ctx, &r), 0);
    assert_int_equal(r.n_liqs, 2);
    free(v);
    recs_done(&r);

    static const struct vt_edit broken[] = {
        {"\"time\": 1714478405", "\"time\": 1714478405000",
         "liq_orders[0].time: not a time in seconds"},
        {"\"time\": 1714478391,", "", "liq_orders[1].time: missing"},
        {"\"order_size\": -8000", "\"order_size\": \"-8k\"",
         "liq_orders[2].order_size: not a number ('-8k')"},
        {"\"order_size\": -8000", "\"order_size\": true", "liq_orders[2].order_size: wrong type"},
        {"\"order_price\": \"62890\"", "\"order_price\": \"0\"",
         "liq_orders[2].fill_price: no price"},
        {"\"fill_price\": \"63142.8\"", "\"fill_price\": \"-1\"",
         "liq_orders[0].fill_price: out of range"},
    };
    vt_expect_edits(VENUE, "liq_orders", body, &ctx, broken, VT_N(broken));
    vt_expect_fail(VENUE, "liq_orders",
                   "{\"label\":\"TOO_MANY_REQUESTS\",\"message\":\"Request Rate limit Exceeded\"}",
                   &ctx, "gate error TOO_MANY_REQUESTS: Request Rate limit Exceeded");
    vt_expect_fail(VENUE, "liq_orders", "[{\"time\":1714478405,\"contract\":\"BTC_USDT\"", &ctx,
                   "JSON"); /* truncated: invalid or truncated JSON */

    /* sizes are contracts: without the contract size the orders cannot be
     * sized; they are skipped with a warning, not a failure (the contracts
     * answer may simply come later) */
    ctx.contract_size = NULL;
    struct recs r2;
    recs_init(&r2);
    assert_int_equal(vt_parse(VENUE, "liq_orders", body, &ctx, &r2), 0);
    assert_int_equal(r2.n_liqs, 0);
    if (!strstr(vt_err, "order_size: contract size of BTC_USDT unknown"))
        fail_msg("no warning: '%s'", vt_err);
    recs_done(&r2);
    free(body);
}

/* ---- contract_stats ---------------------------------------------------- */

static void contract_stats_fixture(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("gate/contract_stats.json", &len);
    struct parse_ctx ctx = ctx_tracked("BTC");
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "contract_stats", body, &ctx, &r), 0);
    /* per row: OI USD, long/short account ratio, OI base; never liquidations
     * (they repeat what liq_orders lists) */
    assert_int_equal(r.n_points, 9);
    assert_int_equal(r.n_liqs, 0);
    assert_int_equal(recs_count(&r), 9);
    const struct rec_point *p = r.points;
    assert_string_equal(p[0].sym, "BTC");
    assert_int_equal(p[0].t_ms, 1714477800000);
    assert_int_equal(p[0].series, RS_OI_USD);
    assert_true(p[0].value == 5331234567.8);
    assert_int_equal(p[1].series, RS_LS_RATIO);
    assert_true(p[1].value == 2.41);
    assert_int_equal(p[2].series, RS_OI_BASE);
    assert_true(vt_near(p[2].value, 8461.2345)); /* 84612345 contracts x 0.0001 */
    assert_int_equal(p[8].t_ms, 1714478400000);
    assert_true(p[6].value == 5325080000.1);
    for (size_t i = 1; i < r.n_points; i++)
        assert_true(p[i].t_ms >= p[i - 1].t_ms);

    /* numbers as strings are the same numbers */
    recs_clear(&r);
    char *v = vt_replace(body, "\"open_interest_usd\": 5331234567.8",
                         "\"open_interest_usd\": \"5331234567.8\"");
    char *v2 = vt_replace(v, "\"lsr_account\": 2.41", "\"lsr_account\": \"2.41\"");
    assert_int_equal(vt_parse(VENUE, "contract_stats", v2, &ctx, &r), 0);
    assert_true(r.points[0].value == 5331234567.8 && r.points[1].value == 2.41);
    free(v);
    free(v2);

    /* newest-first bodies still reach the store oldest first */
    recs_clear(&r);
    const char *desc = "[{\"time\":1714478400,\"open_interest_usd\":3,\"lsr_account\":1.3},"
                       "{\"time\":1714478100,\"open_interest_usd\":2},"
                       "{\"time\":1714477800,\"open_interest_usd\":\"1\",\"lsr_account\":\"1.1\"}]";
    assert_int_equal(vt_parse(VENUE, "contract_stats", desc, &ctx, &r), 0);
    assert_int_equal(r.n_points, 5);
    assert_int_equal(r.points[0].t_ms, 1714477800000);
    assert_int_equal(r.points[4].t_ms, 1714478400000);
    for (size_t i = 1; i < r.n_points; i++)
        assert_true(r.points[i].t_ms >= r.points[i - 1].t_ms);

    /* untracked request symbol: nothing, and no error */
    recs_clear(&r);
    struct parse_ctx other = ctx_tracked("ARB");
    assert_int_equal(vt_parse(VENUE, "contract_stats", body, &other, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    assert_int_equal(vt_parse(VENUE, "contract_stats", "[]", &ctx, &r), 0);
    assert_int_equal(recs_count(&r), 0);
    recs_done(&r);

    static const struct vt_edit broken[] = {
        {"\"open_interest_usd\": 5327012345.6,", "",
         "contract_stats[1].open_interest_usd: missing"},
        {"\"lsr_account\": 2.35", "\"lsr_account\": \"n/a\"",
         "contract_stats[2].lsr_account: not a number ('n/a')"},
        {"\"time\": 1714477800", "\"time\": \"soon\"",
         "contract_stats[0].time: not a number ('soon')"},
    };
    vt_expect_edits(VENUE, "contract_stats", body, &ctx, broken, VT_N(broken));
    struct parse_ctx nosym = ctx_tracked(NULL);
    vt_expect_fail(VENUE, "contract_stats", body, &nosym, "contract_stats: request has no symbol");
    vt_expect_fail(VENUE, "contract_stats", "{\"label\":\"CONTRACT_NOT_FOUND\",\"message\":\"\"}",
                   &ctx, "gate error CONTRACT_NOT_FOUND");
    vt_expect_fail(VENUE, "contract_stats", "[{\"time\":1714477800,", &ctx, "contract_stats: ");
    free(body);
}

static void errors_and_rate_limit(void **state)
{
    (void)state;
    struct parse_ctx ctx = ctx_tracked(NULL);
    vt_expect_fail(VENUE, "order_book", "[]", &ctx, "gate: unknown kind 'order_book'");
    const char *rl = "{\"label\":\"TOO_MANY_REQUESTS\",\"message\":\"Request Rate limit Exceeded\"}";
    assert_int_equal(gate_adapter.rate_limited(rl, strlen(rl)), 1);
    const char *other = "{\"label\":\"INVALID_PARAM_VALUE\",\"message\":\"x\"}";
    assert_int_equal(gate_adapter.rate_limited(other, strlen(other)), 0);
    assert_int_equal(gate_adapter.rate_limited("<html>", 6), 0);
    assert_int_equal(gate_adapter.rate_limited("[]", 2), 0);
}

/* ---- throughput (reported, never asserted) ------------------------------ */

static double per_contract(const void *user, const char *sym)
{
    (void)user;
    (void)sym;
    return 0.001;
}

static void tickers_throughput(void **state)
{
    (void)state;
    /* ~300 contracts, each with the full real field set */
    size_t cap = 400 * 1024, n = 0;
    char *body = malloc(cap);
    assert_non_null(body);
    n += (size_t)snprintf(body + n, cap - n, "[");
    for (int i = 0; i < 300; i++) {
        n += (size_t)snprintf(
            body + n, cap - n,
            "%s{\"contract\":\"C%dX_USDT\",\"last\":\"%d.125\",\"low_24h\":\"%d.5\","
            "\"high_24h\":\"%d.75\",\"change_percentage\":\"-3.41\",\"total_size\":\"%d\","
            "\"volume_24h\":\"462215087\",\"volume_24h_btc\":\"0\",\"volume_24h_usd\":\"0\","
            "\"volume_24h_base\":\"46221.5087\",\"volume_24h_quote\":\"2915034567\","
            "\"volume_24h_settle\":\"2915034567\",\"mark_price\":\"%d.1\","
            "\"funding_rate\":\"0.000064\",\"funding_rate_indicative\":\"0.000064\","
            "\"index_price\":\"%d.72\",\"quanto_base_rate\":\"\",\"lowest_ask\":\"%d.6\","
            "\"lowest_size\":\"2150\",\"highest_bid\":\"%d.5\",\"highest_size\":\"4871\","
            "\"change_utc0\":\"-2.87\",\"change_utc8\":\"-3.02\",\"change_price\":\"-2224.6\","
            "\"change_utc0_price\":\"-1861.3\",\"change_utc8_price\":\"-1962.4\"}",
            i ? "," : "", i, 100 + i, 99 + i, 101 + i, 1000000 + i, 100 + i, 100 + i, 100 + i,
            100 + i);
        assert_true(n < cap - 1024);
    }
    n += (size_t)snprintf(body + n, cap - n, "]");
    struct parse_ctx ctx = {NULL, 0, NULL, per_contract, NULL};
    struct recs r;
    recs_init(&r);
    int iters = 200;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int k = 0; k < iters; k++) {
        recs_clear(&r);
        assert_int_equal(vt_parse(VENUE, "tickers", body, &ctx, &r), 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_int_equal(r.n_tickers, 300);
    assert_true(r.tickers[299].oi_base == 1000299 * 0.001);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("gate tickers: %zu bytes, 300 contracts, %.1f MB/s, %.1f us per body\n", n,
           (double)n * iters / s / 1e6, s / iters * 1e6);
    recs_done(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builders_give_exact_paths),
        cmocka_unit_test(tickers_fixture),
        cmocka_unit_test(tickers_broken),
        cmocka_unit_test(contracts_fixture),
        cmocka_unit_test(liq_orders_fixture),
        cmocka_unit_test(contract_stats_fixture),
        cmocka_unit_test(errors_and_rate_limit),
        cmocka_unit_test(tickers_throughput),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
