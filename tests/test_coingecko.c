/* CoinGecko /global adapter (src/venue/coingecko.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/source.h"
#include "support/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    if (!p)
        fail_msg("'%s' not in fixture", from);
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), sl = strlen(s);
    char *r = malloc(sl - fl + tl + 1);
    assert_non_null(r);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, p + fl, sl - a - fl + 1);
    return r;
}

static int parse(const char *body, struct recs *out, char *err, size_t errn)
{
    err[0] = '\0';
    return coingecko_adapter.parse("global", body, strlen(body), NULL, out, err, errn);
}

static void expect_fail(const char *body, const char *want)
{
    struct recs r;
    recs_init(&r);
    char err[256];
    assert_int_equal(parse(body, &r, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    assert_int_equal(r.has_market_cap, 0);
    recs_done(&r);
}

static void builder_gives_exact_path(void **state)
{
    (void)state;
    assert_int_equal(coingecko_adapter.source, SRC_COINGECKO);
    assert_string_equal(coingecko_adapter.default_base, "https://api.coingecko.com");
    assert_int_equal(coingecko_adapter.n_endpoints, 1);
    const struct endpoint *e = source_endpoint(&coingecko_adapter, "global");
    assert_non_null(e);
    assert_int_equal(e->per_symbol, 0);
    assert_true(e->period_s >= 300 && e->period_s <= 600); /* figure refreshes every 10 min */
    assert_true(coingecko_adapter.weight_per_min <= 5);
    struct source_request req;
    assert_int_equal(e->build(NULL, 1714478405123, &req), 0);
    assert_string_equal(req.kind, "global");
    assert_string_equal(req.path, "/api/v3/global");
    assert_string_equal(req.body, "");
    assert_string_equal(req.sym, "");
}

static void fixture_gives_market_cap(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("coingecko/global.json", &len);
    struct recs r;
    recs_init(&r);
    char err[256] = "";
    assert_int_equal(coingecko_adapter.parse("global", body, len, NULL, &r, err, sizeof err), 0);
    assert_int_equal(r.has_market_cap, 1);
    assert_true(r.market_cap.usd == 2318765432109.87);
    assert_int_equal(r.market_cap.t_ms, 1714478321000); /* seconds -> ms */
    assert_true(r.market_cap.change_24h == -4.87654321098765 / 100.0); /* percent -> fraction */
    assert_true(r.market_cap.btc_dominance == 53.4120987654321 / 100.0);
    assert_true(fabs(r.market_cap.btc_dominance - 0.534120987654321) < 1e-15);
    assert_int_equal(recs_count(&r), 1); /* the one market-wide record */

    /* exponent notation is a number like any other */
    recs_clear(&r);
    char *v = replace(body, "\"usd\": 2318765432109.87", "\"usd\": 2.31876543210987e+12");
    assert_int_equal(parse(v, &r, err, sizeof err), 0);
    assert_true(r.market_cap.usd == 2.31876543210987e12);
    free(v);

    /* optional figures may be absent or null: NAN, never 0 */
    recs_clear(&r);
    v = replace(body, "\"market_cap_change_percentage_24h_usd\": -4.87654321098765,", "");
    char *v2 = replace(v, "\"btc\": 53.4120987654321,", "\"btc\": null,");
    assert_int_equal(parse(v2, &r, err, sizeof err), 0);
    assert_true(isnan(r.market_cap.change_24h));
    assert_true(isnan(r.market_cap.btc_dominance));
    assert_true(r.market_cap.usd == 2318765432109.87);
    free(v);
    free(v2);
    recs_done(&r);
    free(body);
}

static void broken_bodies_fail(void **state)
{
    (void)state;
    char *body = tu_fixture("coingecko/global.json", NULL);
    char *v;
    v = replace(body, "\"usd\": 2318765432109.87,", "");
    expect_fail(v, "global.data.total_market_cap.usd: missing");
    free(v);
    v = replace(body, "\"usd\": 2318765432109.87", "\"usd\": \"lots\"");
    expect_fail(v, "global.data.total_market_cap.usd: not a number ('lots')");
    free(v);
    v = replace(body, "\"usd\": 2318765432109.87", "\"usd\": 0");
    expect_fail(v, "global.data.total_market_cap.usd: out of range");
    free(v);
    v = replace(body, "\"updated_at\": 1714478321", "\"updated_at\": 1714478321000");
    expect_fail(v, "global.data.updated_at: not a time in seconds");
    free(v);
    v = replace(body, "\"updated_at\": 1714478321", "\"updated_at\": null");
    expect_fail(v, "global.data.updated_at: null");
    free(v);
    v = replace(body, "-4.87654321098765", "[]");
    expect_fail(v, "global.data.market_cap_change_percentage_24h_usd: wrong type");
    free(v);
    v = replace(body, "\"btc\": 53.4120987654321", "\"btc\": 153.4");
    expect_fail(v, "global.data.market_cap_percentage.btc: out of range");
    free(v);
    v = replace(body, "\"btc\": 53.4120987654321", "\"btc\": \"half\"");
    expect_fail(v, "global.data.market_cap_percentage.btc: not a number ('half')");
    free(v);
    expect_fail("{\"data\":{\"total_market_cap\":[]}}", "global.data.total_market_cap: wrong type");
    expect_fail("{\"data\":[]}", "global.data: wrong type");
    expect_fail("{}", "global.data: missing");
    expect_fail("[]", "global: expected an object");
    expect_fail("{\"data\":{\"total_market_cap\":{\"usd\":2.3e12", "global: ");
    /* CoinGecko's error shapes */
    const char *rl = "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the "
                     "Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to "
                     "subscribe to our API plans for higher rate limits.\"}}";
    expect_fail(rl, "global: coingecko error 429: You've exceeded the Rate Limit");
    expect_fail("{\"error\":{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}}",
                "global: coingecko error 10002: API Key Missing");
    expect_fail("{\"error\":\"invalid\\u0007 request\"}", "global: coingecko error: invalid? request");
    assert_int_equal(coingecko_adapter.rate_limited(rl, strlen(rl)), 1);
    const char *key = "{\"error\":{\"status\":{\"error_code\":10002,\"error_message\":\"x\"}}}";
    assert_int_equal(coingecko_adapter.rate_limited(key, strlen(key)), 0);
    assert_int_equal(coingecko_adapter.rate_limited(body, strlen(body)), 0);
    assert_int_equal(coingecko_adapter.rate_limited("<html>", 6), 0);

    struct recs r;
    recs_init(&r);
    char err[128];
    assert_int_equal(coingecko_adapter.parse("markets", "{}", 2, NULL, &r, err, sizeof err), -1);
    assert_string_equal(err, "coingecko: unknown kind 'markets'");
    recs_done(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builder_gives_exact_path),
        cmocka_unit_test(fixture_gives_market_cap),
        cmocka_unit_test(broken_bodies_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
