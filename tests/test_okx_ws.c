/* okx_ws parser: liquidation-orders in contracts -> base units via ctVal,
 * side mapping, control messages and broken variants. */
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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const enum source_id WS = SRC_OKX_WS;
static const char *const tracked[] = {"BTC", "ETH", "SOL"};
static const struct parse_ctx ctx = {tracked, 3, NULL, vt_okx_ct_val, NULL};

static void contracts_to_base_and_sides(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "okx_ws/liquidation-orders.json", &r),
                     STREAM_MSG_DATA);
    assert_string_equal(vt_err, "");
    assert_int_equal(r.n_liqs, 3); /* BTC x2, ETH; the inverse BTC-USD-SWAP is skipped */
    assert_string_equal(r.liqs[0].sym, "BTC");
    assert_int_equal(r.liqs[0].side, LIQ_LONG); /* side = sell */
    assert_int_equal(r.liqs[0].t_ms, 1718000300111LL);
    assert_true(r.liqs[0].qty == 25 * 0.01);
    assert_true(r.liqs[0].price == 61234.5);
    assert_true(r.liqs[0].usd == (25 * 0.01) * 61234.5);
    assert_int_equal(r.liqs[1].side, LIQ_SHORT); /* side = buy */
    assert_true(r.liqs[1].qty == 3 * 0.01);
    assert_true(r.liqs[1].usd == (3 * 0.01) * 61300.1);
    assert_string_equal(r.liqs[2].sym, "ETH");
    assert_int_equal(r.liqs[2].side, LIQ_LONG); /* net mode: side alone decides */
    assert_true(r.liqs[2].qty == 120 * 0.1);
    assert_true(r.liqs[2].usd == (120 * 0.1) * 3101.75);
    recs_done(&r);
}

static void unknown_contract_size_skips_with_warning(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char *v =
        vt_variant("okx_ws/liquidation-orders.json", "\"ETH-USDT-SWAP\"", "\"SOL-USDT-SWAP\"");
    assert_int_equal(vt_stream(WS, &ctx, v, strlen(v), &r), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 2); /* the BTC ones */
    assert_string_equal(vt_err, "skipped 1 liquidation: contract size of SOL unknown yet");
    free(v);
    /* no callback at all */
    struct parse_ctx none = {tracked, 3, NULL, NULL, NULL};
    assert_int_equal(vt_stream_fixture(WS, &none, "okx_ws/liquidation-orders.json", &r),
                     STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    assert_string_equal(vt_err, "skipped 3 liquidations: contract size of BTC unknown yet");
    recs_done(&r);
}

static void control_messages(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_stream(WS, &ctx, "pong", 4, &r), STREAM_MSG_CONTROL);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "okx_ws/subscribe_ack.json", &r),
                     STREAM_MSG_CONTROL);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "okx_ws/notice.json", &r), STREAM_MSG_CONTROL);
    assert_int_equal(vt_stream_fixture(WS, &ctx, "okx_ws/error.json", &r), STREAM_MSG_REJECTED);
    assert_non_null(strstr(vt_err, "request rejected: 60012 Invalid request"));
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    static const struct vt_edit cases[] = {
        {"\"side\":\"sell\",\"sz\":\"25\"", "\"side\":\"close\",\"sz\":\"25\"",
         "data[0].details[0].side: not buy or sell ('close')"},
        {"\"sz\":\"25\"", "\"sz\":\"twenty\"", "data[0].details[0].sz: not a number ('twenty')"},
        {"\"sz\":\"3\"", "\"sz\":\"0\"", "data[0].details[1]: quantity not positive"},
        {"\"bkPx\":\"3101.75\"", "\"bkPx\":\"\"", "data[1].details[0].bkPx: null or empty"},
        {"\"ts\":\"1718000300111\"", "\"ts\":\"1718000300.1\"",
         "data[0].details[0].ts: not a number ('1718000300.1')"},
        {"\"ts\":\"1718000300222\"", "\"ts\":\"1718000300\"",
         "data[0].details[1]: time not in ms since the epoch"},
        {"\"instId\":\"BTC-USDT-SWAP\",", "", "data[0].instId: missing"},
        {"\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"3101.75\"",
         "\"details\":\"none\",\"_\":[{\"bkLoss\":\"0\",\"bkPx\":\"3101.75\"",
         "data[1].details: wrong type ('none')"},
        {"\"channel\":\"liquidation-orders\"", "\"channel\":\"tickers\"",
         "liquidation-orders.arg.channel: unexpected channel 'tickers'"},
        {"\"data\":[", "\"data\":{},\"x\":[", "liquidation-orders.data: wrong type"},
        {"{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"61234.5\"",
         "7,{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"61234.5\"", "data[0]: not an object"},
    };
    vt_stream_edits(WS, &ctx, "okx_ws/liquidation-orders.json", cases, VT_N(cases), 0);
    struct recs r;
    recs_init(&r);
    vt_stream_cuts(WS, &ctx, "okx_ws/liquidation-orders.json", 3, 9);
    assert_int_equal(vt_stream(WS, &ctx, "ping", 4, &r), STREAM_MSG_ERROR);
    assert_int_equal(vt_stream(WS, &ctx, "{}", 2, &r), STREAM_MSG_ERROR);
    assert_string_equal(vt_err, "liquidation-orders.arg.channel: missing");
    recs_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(contracts_to_base_and_sides),
        cmocka_unit_test(unknown_contract_size_skips_with_warning),
        cmocka_unit_test(control_messages),
        cmocka_unit_test(broken_variants_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
