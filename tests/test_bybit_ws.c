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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tracked[] = {"BTC", "ETH"};
static const struct parse_ctx ctx = {tracked, 2, NULL, NULL, NULL};

static int parse(const char *msg, size_t len, struct recs *r, char *err)
{
    recs_clear(r);
    return stream_parse(SRC_BYBIT_WS, msg, len, &ctx, r, err, 200);
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

static void buy_means_a_long_was_liquidated(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("bybit_ws/allLiquidation.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_string_equal(err, "");
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
    free(body);
    recs_done(&r);
}

static void single_object_data_and_untracked(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    const char *one = "{\"topic\":\"allLiquidation.ETHUSDT\",\"type\":\"snapshot\",\"ts\":1718000200600,"
                      "\"data\":{\"T\":1718000200590,\"s\":\"ETHUSDT\",\"S\":\"Sell\",\"v\":\"2.5\",\"p\":\"3200\"}}";
    assert_int_equal(parse(one, strlen(one), &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "ETH");
    assert_int_equal(r.liqs[0].side, LIQ_SHORT);
    assert_true(r.liqs[0].usd == 8000.0);
    char *v = variant("bybit_ws/allLiquidation.json", "\"s\": \"BTCUSDT\"", "\"s\": \"XRPUSDT\"");
    assert_int_equal(parse(v, strlen(v), &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1); /* the XRP entry is skipped, the second BTC one stays */
    free(v);
    recs_done(&r);
}

static void control_messages(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *b = tu_fixture("bybit_ws/subscribe_ack.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_CONTROL);
    free(b);
    b = tu_fixture("bybit_ws/pong.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_CONTROL);
    free(b);
    b = tu_fixture("bybit_ws/subscribe_refused.json", &len);
    assert_int_equal(parse(b, len, &r, err), STREAM_MSG_REJECTED);
    assert_string_equal(err, "subscribe rejected: Invalid symbol :[allLiquidation.NOPEUSDT]");
    free(b);
    assert_int_equal(r.n_liqs, 0);
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    struct {
        const char *from, *to, *want;
    } cases[] = {
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
    struct recs r;
    recs_init(&r);
    char err[200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = variant("bybit_ws/allLiquidation.json", cases[i].from, cases[i].to);
        int rc = parse(v, strlen(v), &r, err);
        if (rc != STREAM_MSG_ERROR || strcmp(err, cases[i].want) != 0)
            fail_msg("case %zu: rc %d err '%s', want '%s'", i, rc, err, cases[i].want);
        assert_int_equal(r.n_liqs, 0); /* the good first entry is not kept either */
        free(v);
    }
    size_t len;
    char *body = tu_fixture("bybit_ws/allLiquidation.json", &len);
    for (size_t cut = 0; cut < len - 3; cut += 5)
        assert_int_equal(parse(body, cut, &r, err), STREAM_MSG_ERROR);
    free(body);
    assert_int_equal(parse("[]", 2, &r, err), STREAM_MSG_ERROR);
    assert_int_equal(parse("pong", 4, &r, err), STREAM_MSG_ERROR); /* that is OKX's */
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
