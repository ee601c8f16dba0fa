/* bybit_ws parser: allLiquidation snapshots (position side!), control
 * messages and broken variants. */
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

static const enum source_id WS = SRC_BYBIT_WS;
static const char *const tracked[] = {"BTC", "ETH"};
static const struct parse_ctx ctx = {tracked, 2, NULL, NULL, NULL};

static void buy_means_a_long_was_liquidated(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "bybit_ws/allLiquidation.json", &r),
                     STREAM_MSG_DATA);
    assert_string_equal(vt_err, "");
    assert_int_equal(r.n_liqs, 2);
    assert_string_equal(r.liqs[0].sym, "BTC");
    assert_int_equal(r.liqs[0].side, LIQ_LONG); /* S = Buy: position side */
    assert_int_equal(r.liqs[0].t_ms, 1718000200301LL);
    assert_true(r.liqs[0].qty == 0.125);
    assert_true(r.liqs[0].price == 64210.5);
    assert_true(r.liqs[0].usd == 0.125 * 64210.5);
    assert_int_equal(r.liqs[1].side, LIQ_SHORT); /* S = Sell */
    assert_true(r.liqs[1].qty == 0.04);
    assert_true(r.liqs[1].price == 64390.0);
    assert_true(r.liqs[1].usd == 0.04 * 64390.0);
    recs_done(&r);
}

static void single_object_data_and_untracked(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    const char *one = "{\"topic\":\"allLiquidation.ETHUSDT\",\"type\":\"snapshot\",\"ts\":1718000200600,"
                      "\"data\":{\"T\":1718000200590,\"s\":\"ETHUSDT\",\"S\":\"Sell\",\"v\":\"2.5\",\"p\":\"3200\"}}";
    assert_int_equal(vt_stream(WS, &ctx, one, strlen(one), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "ETH");
    assert_int_equal(r.liqs[0].side, LIQ_SHORT);
    assert_true(r.liqs[0].usd == 8000.0);
    char *v =
        vt_variant("bybit_ws/allLiquidation.json", "\"s\": \"BTCUSDT\"", "\"s\": \"XRPUSDT\"");
    assert_int_equal(vt_stream(WS, &ctx, v, strlen(v), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1); /* the XRP entry is skipped, the second BTC one stays */
    free(v);
    recs_done(&r);
}

static void control_messages(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "bybit_ws/subscribe_ack.json", &r),
                     STREAM_MSG_CONTROL);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "bybit_ws/pong.json", &r), STREAM_MSG_CONTROL);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "bybit_ws/subscribe_refused.json", &r),
                     STREAM_MSG_REJECTED);
    assert_string_equal(vt_err, "subscribe rejected: Invalid symbol :[allLiquidation.NOPEUSDT]");
    assert_int_equal(r.n_liqs, 0);
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    static const struct vt_edit cases[] = {
        {"\"S\": \"Buy\"", "\"S\": \"buy\"", "data[0].S: not Buy or Sell ('buy')"},
        {"\"v\": \"0.125\"", "\"v\": \"\"", "data[0].v: null or empty"},
        {"\"v\": \"0.125\"", "\"v\": \"0.125x\"", "data[0].v: not a number ('0.125x')"},
        {"\"p\": \"64390.0\"", "\"p\": \"-1\"", "data[1]: price not positive"},
        {"\"p\": \"64210.5\"", "\"p\": {}", "data[0].p: wrong type"},
        {"\"T\": 1718000200377", "\"T\": 1718000200.377", "data[1].T: not a number"},
        {"\"T\": 1718000200301,", "", "data[0].T: missing"},
        {"\"topic\": \"allLiquidation.BTCUSDT\"", "\"topic\": \"liquidation.BTCUSDT\"",
         "allLiquidation.topic: unexpected topic 'liquidation.BTCUSDT'"},
        {"\"topic\": \"allLiquidation.BTCUSDT\",", "", "allLiquidation.topic: missing"},
        {"\"data\": [", "\"data\": 7, \"x\": [", "allLiquidation.data: wrong type"},
        {"\"s\": \"BTCUSDT\"", "\"s\": \"\"", "data[0].s: null or empty"},
    };
    vt_stream_edits(WS, &ctx, "bybit_ws/allLiquidation.json", cases, VT_N(cases), 1);
    struct recs r;
    recs_init(&r);
    vt_stream_cuts(WS, &ctx, "bybit_ws/allLiquidation.json", 3, 5);
    assert_int_equal(vt_stream(WS, &ctx, "[]", 2, &r), STREAM_MSG_ERROR);
    assert_int_equal(vt_stream(WS, &ctx, "pong", 4, &r), STREAM_MSG_ERROR); /* that is OKX's */
    recs_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buy_means_a_long_was_liquidated),
        cmocka_unit_test(single_object_data_and_untracked),
        cmocka_unit_test(control_messages),
        cmocka_unit_test(broken_variants_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
