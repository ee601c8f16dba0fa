/* binance_ws parser: forceOrder events to liquidations (exact values, side
 * mapping, symbol filtering) and broken variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/record.h"
#include "liqtop/source.h"
#include "liqtop/stream.h"
#include "support/testutil.h"
#include "support/venuetest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const enum source_id WS = SRC_BINANCE_WS;
static const char *const tracked[] = {"BTC", "ETH", "SOL"};
static const struct parse_ctx ctx = {tracked, 3, NULL, NULL, NULL};

static void sell_is_a_long_liquidation(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "binance_ws/forceOrder.json", &r),
                     STREAM_MSG_DATA);
    assert_string_equal(vt_err, "");
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "ETH");
    assert_int_equal(r.liqs[0].side, LIQ_LONG);
    assert_int_equal(r.liqs[0].t_ms, 1718000000123LL); /* T, not E */
    assert_true(r.liqs[0].qty == 1.25);                /* z */
    assert_true(r.liqs[0].price == 3162.48);           /* ap, not p */
    assert_true(r.liqs[0].usd == 1.25 * 3162.48);
    recs_done(&r);
}

static void buy_is_a_short_liquidation_with_filled_qty(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "binance_ws/forceOrder_partial_buy.json", &r),
                     STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "BTC");
    assert_int_equal(r.liqs[0].side, LIQ_SHORT);
    assert_true(r.liqs[0].qty == 0.3); /* z (filled), not q (0.5) */
    assert_true(r.liqs[0].price == 67250.5);
    assert_true(r.liqs[0].usd == 0.3 * 67250.5);
    recs_done(&r);
}

static void combined_wrapper_and_fallbacks(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "binance_ws/forceOrder_combined.json", &r),
                     STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "SOL");
    assert_int_equal(r.liqs[0].side, LIQ_LONG);
    assert_true(r.liqs[0].qty == 40.0);     /* z is 0: q */
    assert_true(r.liqs[0].price == 151.2);  /* ap is 0: p */
    assert_true(r.liqs[0].usd == 40.0 * 151.2);
    recs_done(&r);
}

static void untracked_dated_and_usdc_are_skipped(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "binance_ws/forceOrder_dated.json", &r),
                     STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    char *v = vt_variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"DOGEUSDT\"");
    assert_int_equal(vt_stream(WS, &ctx, v, strlen(v), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0); /* not tracked */
    free(v);
    v = vt_variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"ETHUSDC\"");
    assert_int_equal(vt_stream(WS, &ctx, v, strlen(v), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    free(v);
    /* with no symbol list every USDT perpetual is kept */
    struct parse_ctx all = {NULL, 0, NULL, NULL, NULL};
    v = vt_variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"1000PEPEUSDT\"");
    assert_int_equal(vt_stream(WS, &all, v, strlen(v), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "1000PEPE");
    free(v);
    recs_done(&r);
}

static void reply_to_a_request_is_control(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    const char *ack = "{\"result\":null,\"id\":1}";
    assert_int_equal(vt_stream(WS, &ctx, ack, strlen(ack), &r), STREAM_MSG_CONTROL);
    const char *bad = "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}";
    assert_int_equal(vt_stream(WS, &ctx, bad, strlen(bad), &r), STREAM_MSG_REJECTED);
    assert_string_equal(vt_err, "request rejected: Invalid request");
    assert_int_equal(r.n_liqs, 0);
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    static const struct vt_edit cases[] = {
        {"\"S\":\"SELL\"", "\"S\":\"SIDEWAYS\"", "forceOrder.o.S: not BUY or SELL ('SIDEWAYS')"},
        {"\"S\":\"SELL\",", "", "forceOrder.o.S: missing"},
        {"\"q\":\"1.250\"", "\"q\":\"abc\"", "forceOrder.o.q: not a number ('abc')"},
        {"\"p\":\"3150.20\"", "\"p\":null", "forceOrder.o.p: null or empty"},
        {"\"ap\":\"3162.48\"", "\"ap\":\"NaN\"", "forceOrder.o.ap: not a number ('NaN')"},
        {"\"T\":1718000000123", "\"T\":\"soon\"", "forceOrder.o.T: not a number ('soon')"},
        {"\"T\":1718000000123", "\"T\":1718000000", "forceOrder.o: time not in ms since the epoch"},
        {"\"z\":\"1.250\"", "\"z\":\"-1.250\"", "forceOrder.o.z: negative"},
        {"\"z\":\"1.250\"", "\"z\":\"0\"", ""},    /* nothing filled yet: q */
        {"\"q\":\"1.250\"", "\"q\":\"0\"", ""},    /* z wins */
        {"\"q\":\"1.250\"", "\"q\":\"1e12\"", ""}, /* z still wins: fine */
        {"\"ap\":\"3162.48\"", "\"ap\":\"1e300\"", "forceOrder.o: notional absurd (over 1e10 USD)"},
        {"\"e\":\"forceOrder\"", "\"e\":\"aggTrade\"", "forceOrder.e: unexpected event 'aggTrade'"},
        {"\"o\":{", "\"o\":\"x\",\"_\":{", "forceOrder.o: wrong type ('x')"},
        {"\"s\":\"ETHUSDT\"", "\"s\":5", "forceOrder.o.s: missing"},
    };
    vt_stream_edits(WS, &ctx, "binance_ws/forceOrder.json", cases, VT_N(cases), 1);
    struct recs r;
    recs_init(&r);
    /* truncated, empty, not JSON, wrong root */
    vt_stream_cuts(WS, &ctx, "binance_ws/forceOrder.json", 2, 7);
    assert_int_equal(vt_stream(WS, &ctx, "42", 2, &r), STREAM_MSG_ERROR);
    assert_int_equal(vt_stream(WS, &ctx, "[1]", 3, &r), STREAM_MSG_ERROR);
    assert_string_equal(vt_err, "[0]: not an object");
    assert_int_equal(vt_stream(WS, &ctx, "{\"stream\":\"x\"}", 14, &r), STREAM_MSG_ERROR);
    recs_done(&r);
}

static void array_error_keeps_no_half_batch(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    size_t len;
    char *a = tu_fixture("binance_ws/forceOrder.json", &len);
    while (len && a[len - 1] == '\n')
        a[--len] = '\0';
    char *msg = malloc(2 * len + 16);
    snprintf(msg, 2 * len + 16, "[%s,{\"e\":\"forceOrder\"}]", a);
    assert_int_equal(vt_stream(WS, &ctx, msg, strlen(msg), &r), STREAM_MSG_ERROR);
    assert_string_equal(vt_err, "[1].o: missing");
    assert_int_equal(r.n_liqs, 0);
    snprintf(msg, 2 * len + 16, "[%s,%s]", a, a);
    assert_int_equal(vt_stream(WS, &ctx, msg, strlen(msg), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 2);
    free(msg);
    free(a);
    recs_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sell_is_a_long_liquidation),
        cmocka_unit_test(buy_is_a_short_liquidation_with_filled_qty),
        cmocka_unit_test(combined_wrapper_and_fallbacks),
        cmocka_unit_test(untracked_dated_and_usdc_are_skipped),
        cmocka_unit_test(reply_to_a_request_is_control),
        cmocka_unit_test(broken_variants_name_the_field),
        cmocka_unit_test(array_error_keeps_no_half_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
