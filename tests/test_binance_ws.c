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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tracked[] = {"BTC", "ETH", "SOL"};
static const struct parse_ctx ctx = {tracked, 3, NULL, NULL, NULL};

static int parse(const char *msg, size_t len, struct recs *r, char *err)
{
    recs_clear(r);
    return stream_parse(SRC_BINANCE_WS, msg, len, &ctx, r, err, 200);
}

/* The fixture with the first `from` replaced by `to` (malloc'd). */
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

static void sell_is_a_long_liquidation(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("binance_ws/forceOrder.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_string_equal(err, "");
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "ETH");
    assert_int_equal(r.liqs[0].side, LIQ_LONG);
    assert_int_equal(r.liqs[0].t_ms, 1718000000123LL); /* T, not E */
    assert_true(r.liqs[0].qty == 1.25);                /* z */
    assert_true(r.liqs[0].price == 3162.48);           /* ap, not p */
    assert_true(r.liqs[0].usd == 1.25 * 3162.48);
    free(body);
    recs_done(&r);
}

static void buy_is_a_short_liquidation_with_filled_qty(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("binance_ws/forceOrder_partial_buy.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "BTC");
    assert_int_equal(r.liqs[0].side, LIQ_SHORT);
    assert_true(r.liqs[0].qty == 0.3); /* z (filled), not q (0.5) */
    assert_true(r.liqs[0].price == 67250.5);
    assert_true(r.liqs[0].usd == 0.3 * 67250.5);
    free(body);
    recs_done(&r);
}

static void combined_wrapper_and_fallbacks(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("binance_ws/forceOrder_combined.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 1);
    assert_string_equal(r.liqs[0].sym, "SOL");
    assert_int_equal(r.liqs[0].side, LIQ_LONG);
    assert_true(r.liqs[0].qty == 40.0);     /* z is 0: q */
    assert_true(r.liqs[0].price == 151.2);  /* ap is 0: p */
    assert_true(r.liqs[0].usd == 40.0 * 151.2);
    free(body);
    recs_done(&r);
}

static void untracked_dated_and_usdc_are_skipped(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *body = tu_fixture("binance_ws/forceOrder_dated.json", &len);
    assert_int_equal(parse(body, len, &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    free(body);
    char *v = variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"DOGEUSDT\"");
    assert_int_equal(parse(v, strlen(v), &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0); /* not tracked */
    free(v);
    v = variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"ETHUSDC\"");
    assert_int_equal(parse(v, strlen(v), &r, err), STREAM_MSG_DATA);
    assert_int_equal(r.n_liqs, 0);
    free(v);
    /* with no symbol list every USDT perpetual is kept */
    struct parse_ctx all = {NULL, 0, NULL, NULL, NULL};
    v = variant("binance_ws/forceOrder.json", "\"ETHUSDT\"", "\"1000PEPEUSDT\"");
    recs_clear(&r);
    assert_int_equal(stream_parse(SRC_BINANCE_WS, v, strlen(v), &all, &r, err, sizeof err),
                     STREAM_MSG_DATA);
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
    char err[200];
    const char *ack = "{\"result\":null,\"id\":1}";
    assert_int_equal(parse(ack, strlen(ack), &r, err), STREAM_MSG_CONTROL);
    const char *bad = "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}";
    assert_int_equal(parse(bad, strlen(bad), &r, err), STREAM_MSG_REJECTED);
    assert_string_equal(err, "request rejected: Invalid request");
    assert_int_equal(r.n_liqs, 0);
    recs_done(&r);
}

static void broken_variants_name_the_field(void **state)
{
    (void)state;
    struct {
        const char *from, *to, *want;
    } cases[] = {
        {"\"S\":\"SELL\"", "\"S\":\"SIDEWAYS\"", "forceOrder.o.S: not BUY or SELL ('SIDEWAYS')"},
        {"\"S\":\"SELL\",", "", "forceOrder.o.S: missing"},
        {"\"q\":\"1.250\"", "\"q\":\"abc\"", "forceOrder.o.q: not a number ('abc')"},
        {"\"p\":\"3150.20\"", "\"p\":null", "forceOrder.o.p: null or empty"},
        {"\"ap\":\"3162.48\"", "\"ap\":\"NaN\"", "forceOrder.o.ap: not a number ('NaN')"},
        {"\"T\":1718000000123", "\"T\":\"soon\"", "forceOrder.o.T: not a number ('soon')"},
        {"\"T\":1718000000123", "\"T\":1718000000", "forceOrder.o: time not in ms since the epoch"},
        {"\"z\":\"1.250\"", "\"z\":\"-1.250\"", "forceOrder.o.z: negative"},
        {"\"z\":\"1.250\"", "\"z\":\"0\"", ""}, /* nothing filled yet: q */
        {"\"q\":\"1.250\"", "\"q\":\"0\"", ""},  /* z wins */
        {"\"q\":\"1.250\"", "\"q\":\"1e12\"", ""}, /* z still wins: fine */
        {"\"ap\":\"3162.48\"", "\"ap\":\"1e300\"", "forceOrder.o: notional absurd (over 1e10 USD)"},
        {"\"e\":\"forceOrder\"", "\"e\":\"aggTrade\"", "forceOrder.e: unexpected event 'aggTrade'"},
        {"\"o\":{", "\"o\":\"x\",\"_\":{", "forceOrder.o: wrong type ('x')"},
        {"\"s\":\"ETHUSDT\"", "\"s\":5", "forceOrder.o.s: missing"},
    };
    struct recs r;
    recs_init(&r);
    char err[200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = variant("binance_ws/forceOrder.json", cases[i].from, cases[i].to);
        int rc = parse(v, strlen(v), &r, err);
        if (!cases[i].want[0]) {
            assert_int_equal(rc, STREAM_MSG_DATA);
        } else {
            if (rc != STREAM_MSG_ERROR || strcmp(err, cases[i].want) != 0)
                fail_msg("case %zu: rc %d err '%s', want '%s'", i, rc, err, cases[i].want);
            assert_int_equal(r.n_liqs, 0);
        }
        free(v);
    }
    /* truncated, empty, not JSON, wrong root */
    size_t len;
    char *body = tu_fixture("binance_ws/forceOrder.json", &len);
    for (size_t cut = 0; cut < len - 2; cut += 7)
        assert_int_equal(parse(body, cut, &r, err), STREAM_MSG_ERROR);
    free(body);
    assert_int_equal(parse("42", 2, &r, err), STREAM_MSG_ERROR);
    assert_int_equal(parse("[1]", 3, &r, err), STREAM_MSG_ERROR);
    assert_string_equal(err, "[0]: not an object");
    assert_int_equal(parse("{\"stream\":\"x\"}", 14, &r, err), STREAM_MSG_ERROR);
    recs_done(&r);
}

static void array_error_keeps_no_half_batch(void **state)
{
    (void)state;
    struct recs r;
    recs_init(&r);
    char err[200];
    size_t len;
    char *a = tu_fixture("binance_ws/forceOrder.json", &len);
    while (len && a[len - 1] == '\n')
        a[--len] = '\0';
    char *msg = malloc(2 * len + 16);
    snprintf(msg, 2 * len + 16, "[%s,{\"e\":\"forceOrder\"}]", a);
    assert_int_equal(parse(msg, strlen(msg), &r, err), STREAM_MSG_ERROR);
    assert_string_equal(err, "[1].o: missing");
    assert_int_equal(r.n_liqs, 0);
    snprintf(msg, 2 * len + 16, "[%s,%s]", a, a);
    assert_int_equal(parse(msg, strlen(msg), &r, err), STREAM_MSG_DATA);
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
