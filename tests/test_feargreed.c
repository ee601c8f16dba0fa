/* alternative.me Fear & Greed adapter (src/venue/feargreed.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/source.h"
#include "support/testutil.h"
#include "support/venuetest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct venue_adapter *const VENUE = &feargreed_adapter;

static void builder_gives_exact_path(void **state)
{
    (void)state;
    assert_int_equal(feargreed_adapter.source, SRC_FEARGREED);
    assert_string_equal(feargreed_adapter.default_base, "https://api.alternative.me");
    assert_int_equal(feargreed_adapter.n_endpoints, 1);
    const struct endpoint *e = source_endpoint(&feargreed_adapter, "fng");
    assert_non_null(e);
    assert_int_equal(e->per_symbol, 0);
    assert_int_equal(e->period_s, 600);
    struct source_request req;
    assert_int_equal(e->build(NULL, 1714478405123, &req), 0);
    assert_string_equal(req.kind, "fng");
    assert_string_equal(req.path, "/fng/?limit=2");
    assert_string_equal(req.body, "");
    assert_string_equal(req.sym, "");
}

static void fixture_gives_newest_value(void **state)
{
    (void)state;
    size_t len;
    char *body = tu_fixture("feargreed/fng.json", &len);
    struct recs r;
    recs_init(&r);
    assert_int_equal(vt_parse(VENUE, "fng", body, NULL, &r), 0);
    assert_int_equal(r.has_fear_greed, 1);
    assert_int_equal(r.fear_greed.value, 27);
    assert_int_equal(r.fear_greed.t_ms, 1714435200000); /* "1714435200" s -> ms */
    assert_string_equal(r.fear_greed.label, "Fear");
    assert_int_equal(recs_count(&r), 1); /* the one market-wide record, nothing per symbol */

    /* oldest first is read the same: the newest entry wins */
    recs_clear(&r);
    const char *asc = "{\"name\":\"Fear and Greed Index\",\"data\":["
                      "{\"value\":\"41\",\"value_classification\":\"Fear\",\"timestamp\":\"1714348800\"},"
                      "{\"value\":\"12\",\"value_classification\":\"Extreme Fear\","
                      "\"timestamp\":\"1714435200\",\"time_until_update\":\"100\"}],"
                      "\"metadata\":{\"error\":null}}";
    assert_int_equal(vt_parse(VENUE, "fng", asc, NULL, &r), 0);
    assert_int_equal(r.fear_greed.value, 12);
    assert_string_equal(r.fear_greed.label, "Extreme Fear");

    /* numbers instead of strings are accepted; labels are sanitized */
    recs_clear(&r);
    const char *nums = "{\"data\":[{\"value\":80,\"value_classification\":\"Extreme Greed\\u001b[2J\","
                       "\"timestamp\":1714435200}],\"metadata\":{\"error\":null}}";
    assert_int_equal(vt_parse(VENUE, "fng", nums, NULL, &r), 0);
    assert_int_equal(r.fear_greed.value, 80);
    assert_string_equal(r.fear_greed.label, "Extreme Greed?[2J");
    recs_done(&r);
    free(body);
}

static void broken_bodies_fail(void **state)
{
    (void)state;
    char *body = tu_fixture("feargreed/fng.json", NULL);
    static const struct vt_edit broken[] = {
        {"\"value\": \"27\"", "\"value\": \"27.5\"", "fng.data[0].value: not a number ('27.5')"},
        {"\"value\": \"41\"", "\"value\": \"101\"", "fng.data[1].value: out of range (101)"},
        {"\"value\": \"27\",", "", "fng.data[0].value: missing"},
        {"\"timestamp\": \"1714435200\"", "\"timestamp\": \"1714435200000\"",
         "fng.data[0].timestamp: not a time in seconds"},
        {"\"timestamp\": \"1714348800\"", "\"timestamp\": \"yesterday\"",
         "fng.data[1].timestamp: not a number ('yesterday')"},
        {"\"value_classification\": \"Fear\"", "\"value_classification\": 3",
         "fng.data[0].value_classification: wrong type"},
        {"\"value_classification\": \"Fear\"", "\"value_classification\": \"\"",
         "fng.data[0].value_classification: null or empty"},
        {"\"error\": null", "\"error\": \"Limit exceeded\"", "fng: venue error: Limit exceeded"},
    };
    vt_expect_edits(VENUE, "fng", body, NULL, broken, VT_N(broken));
    vt_expect_fail(VENUE, "fng",
                   "{\"name\":\"Fear and Greed Index\",\"data\":[],\"metadata\":{\"error\":null}}",
                   NULL, "fng.data: empty list");
    vt_expect_fail(VENUE, "fng", "{\"metadata\":{\"error\":null}}", NULL, "fng.data: missing");
    vt_expect_fail(VENUE, "fng", "{\"data\":{}}", NULL, "fng.data: wrong type");
    vt_expect_fail(VENUE, "fng", "{\"data\":[7]}", NULL, "fng.data[0]: not an object");
    vt_expect_fail(VENUE, "fng", "[]", NULL, "fng: expected an object");
    vt_expect_fail(VENUE, "fng", "{\"name\":\"Fear and Greed Index\",\"data\":[{\"value\":\"2",
                   NULL, "fng: ");
    vt_expect_fail(VENUE, "fng", "", NULL, "fng: empty body");
    struct recs r;
    recs_init(&r);
    assert_int_equal(feargreed_adapter.parse("global", "{}", 2, NULL, &r, vt_err, sizeof vt_err),
                     -1);
    assert_string_equal(vt_err, "feargreed: unknown kind 'global'");
    recs_done(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builder_gives_exact_path),
        cmocka_unit_test(fixture_gives_newest_value),
        cmocka_unit_test(broken_bodies_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
