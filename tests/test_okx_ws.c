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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double ctval(const void *user, const char *sym)
{
    (void)user;
    if (strcmp(sym, "BTC") == 0)
        return 0.01;
    if (strcmp(sym, "ETH") == 0)
        return 0.1;
    return NAN;
}

static const char *const tracked[] = {"BTC", "ETH", "SOL"};
static const struct parse_ctx ctx = {tracked, 3, NULL, ctval, NULL};

static int parse(const char *msg, size_t len, struct recs *r, char *err)
{
    recs_clear(r);
    return stream_parse(SRC_OKX_WS, msg, len, &ctx, r, err, 200);
}

static char *variant(const char *fixture, const char *from, const char *to)
{
    size_t len;
    char *src = tu_fixture(fixture, &len);
    char *at = strstr(src, from);
    if (!at)
        fail_msg("'%s' not in %s", from, fixture);
    char *out = malloc(len + strlen(to) + 1);
    size_t pre = (size_t)(at - src);
    memcpy(out, src, pre);
    strcpy(out + pre, to);
    strcat(out, at + strlen(from));
    free(src);
    return out;
}

static void contracts_to_base_and_sides(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("okx_ws/liquidation-orders.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_string_equal(err, "");
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
    free(body);
    recs_done(&r);
}

static void unknown_contract_size_skips_with_warning(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    char *v = variant("okx_ws/liquidation-orders.json", "\"ETH-USDT-SWAP\"", "\"SOL-USDT-SWAP\"");
    assert_int_equal(parse(v, strlen(v), &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 2); /* the BTC ones */
    assert_string_equal(err, "skipped 1 liquidation: contract size of SOL unknown yet");
    free(v);
    /* no callback at all */
    struct parse_ctx none = {tracked, 3, NULL, NULL, NULL};
    size_t len;
    char *body = tu_fixture("okx_ws/liquidation-orders.json", &len);
    recs_clear(&r);
    assert_int_equal(stream_parse(SRC_OKX_WS, body, len, &none, &r, err, sizeof err),
                     STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    assert_string_equal(err, "skipped 3 liquidations: contract size of BTC unknown yet");
    free(body);
    recs_done(&r);
}

static void control_messages(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    assert_int_equal(parse("pong", 4, &r, err), STREAM_MSG_CONTROL);
    size_t len;
    char *b = tu_fixture("okx_ws/subscribe_ack.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_CONTROL);
    free(b);
    b = tu_fixture("okx_ws/notice.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_CONTROL);
    free(b);
    b = tu_fixture("okx_ws/error.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_REJECTED);
    assert_non_null(strstr(err, "request rejected: 60012 Invalid request"));
    free(b);
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    struct {
        const char *from, *to, *want;
    } cases[] = {
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
        {"{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"61234.5\"", "7,{\"details\":[{\"bkLoss\":\"0\",\"bkPx\":\"61234.5\"",
         "data[0]: not an object"},
    };
    struct recs r;
    recs_init(&r);
    char err[200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = variant("okx_ws/liquidation-orders.json", cases[i].from, cases[i].to);
        int rc = parse(v, strlen(v), &r, err);
        if (rc != STREAM_MSG_ERROR || !strstr(err, cases[i].want))
            fail_msg("case %zu: rc %d err '%s', want '%s'", i, rc, err, cases[i].want);
        assert_int_equal(r.n_liqs, 0);
        free(v);
    }
    size_t len;
    char *body = tu_fixture("okx_ws/liquidation-orders.json", &len);
    for (size_t cut = 0; cut < len - 3; cut += 9)
        assert_int_equal(parse(body, cut, &r, err), STREAM_MSG_ERROR);
    free(body);
    assert_int_equal(parse("ping", 4, &r, err), STREAM_MSG_ERROR);
    assert_int_equal(parse("{}", 2, &r, err), STREAM_MSG_ERROR);
    assert_string_equal(err, "liquidation-orders.arg.channel: missing");
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
