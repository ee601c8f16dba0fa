/* CoinGecko /global adapter (src/venue/coingecko.c). */
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

static const struct venue_adapter *const VENUE = &coingecko_adapter;

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
    assert_int_equal(vt_parse(VENUE, "global", body, NULL, &r), 0);
    assert_int_equal(r.has_market_cap, 1);
    assert_true(r.market_cap.usd == 2318765432109.87);
    assert_int_equal(r.market_cap.t_ms, 1714478321000); /* seconds -> ms */
    assert_true(r.market_cap.change_24h == -4.87654321098765 / 100.0); /* percent -> fraction */
    assert_true(r.market_cap.btc_dominance == 53.4120987654321 / 100.0);
    assert_true(fabs(r.market_cap.btc_dominance - 0.534120987654321) < 1e-15);
    assert_int_equal(recs_count(&r), 1); /* the one market-wide record */

    /* exponent notation is a number like any other */
    recs_clear(&r);
    char *v = vt_replace(body, "\"usd\": 2318765432109.87", "\"usd\": 2.31876543210987e+12");
    assert_int_equal(vt_parse(VENUE, "global", v, NULL, &r), 0);
    assert_true(r.market_cap.usd == 2.31876543210987e12);
    free(v);

    /* optional figures may be absent or null: NAN, never 0 */
    recs_clear(&r);
    v = vt_replace(body, "\"market_cap_change_percentage_24h_usd\": -4.87654321098765,", "");
    char *v2 = vt_replace(v, "\"btc\": 53.4120987654321,", "\"btc\": null,");
    assert_int_equal(vt_parse(VENUE, "global", v2, NULL, &r), 0);
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
    static const struct vt_edit broken[] = {
        {"\"usd\": 2318765432109.87,", "", "global.data.total_market_cap.usd: missing"},
        {"\"usd\": 2318765432109.87", "\"usd\": \"lots\"",
         "global.data.total_market_cap.usd: not a number ('lots')"},
        {"\"usd\": 2318765432109.87", "\"usd\": 0",
         "global.data.total_market_cap.usd: out of range"},
        {"\"updated_at\": 1714478321", "\"updated_at\": 1714478321000",
         "global.data.updated_at: not a time in seconds"},
        {"\"updated_at\": 1714478321", "\"updated_at\": null", "global.data.updated_at: null"},
        {"-4.87654321098765", "[]", "global.data.market_cap_change_percentage_24h_usd: wrong type"},
        {"\"btc\": 53.4120987654321", "\"btc\": 153.4",
         "global.data.market_cap_percentage.btc: out of range"},
        {"\"btc\": 53.4120987654321", "\"btc\": \"half\"",
         "global.data.market_cap_percentage.btc: not a number ('half')"},
    };
    vt_expect_edits(VENUE, "global", body, NULL, broken, VT_N(broken));
    vt_expect_fail(VENUE, "global", "{\"data\":{\"total_market_cap\":[]}}", NULL,
                   "global.data.total_market_cap: wrong type");
    vt_expect_fail(VENUE, "global", "{\"data\":[]}", NULL, "global.data: wrong type");
    vt_expect_fail(VENUE, "global", "{}", NULL, "global.data: missing");
    vt_expect_fail(VENUE, "global", "[]", NULL, "global: expected an object");
    vt_expect_fail(VENUE, "global", "{\"data\":{\"total_market_cap\":{\"usd\":2.3e12", NULL,
                   "global: ");
    /* CoinGecko's error shapes */
    const char *rl = "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the "
                     "Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to "
                     "subscribe to our API plans for higher rate limits.\"}}";
    vt_expect_fail(VENUE, "global", rl, NULL,
                   "global: coingecko error 429: You've exceeded the Rate Limit");
    vt_expect_fail(
        VENUE, "global",
        "{\"error\":{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}}",
        NULL, "global: coingecko error 10002: API Key Missing");
    vt_expect_fail(VENUE, "global", "{\"error\":\"invalid\\u0007 request\"}", NULL,
                   "global: coingecko error: invalid? request");
    assert_int_equal(coingecko_adapter.rate_limited(rl, strlen(rl)), 1);
    const char *key = "{\"error\":{\"status\":{\"error_code\":10002,\"error_message\":\"x\"}}}";
    assert_int_equal(coingecko_adapter.rate_limited(key, strlen(key)), 0);
    assert_int_equal(coingecko_adapter.rate_limited(body, strlen(body)), 0);
    assert_int_equal(coingecko_adapter.rate_limited("<html>", 6), 0);

    struct recs r;
    recs_init(&r);
    assert_int_equal(coingecko_adapter.parse("markets", "{}", 2, NULL, &r, vt_err, sizeof vt_err),
                     -1);
    assert_string_equal(vt_err, "coingecko: unknown kind 'markets'");
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
