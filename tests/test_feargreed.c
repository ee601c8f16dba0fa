/* alternative.me Fear & Greed adapter (src/venue/feargreed.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/source.h"
#include "support/testutil.h"

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
    return feargreed_adapter.parse("fng", body, strlen(body), NULL, out, err, errn);
}

static void expect_fail(const char *body, const char *want)
{
    struct recs r;
    recs_init(&r);
    char err[256];
    assert_int_equal(parse(body, &r, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    assert_int_equal(r.has_fear_greed, 0);
    recs_done(&r);
}

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
    char err[256] = "";
    assert_int_equal(feargreed_adapter.parse("fng", body, len, NULL, &r, err, sizeof err), 0);
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
    assert_int_equal(parse(asc, &r, err, sizeof err), 0);
    assert_int_equal(r.fear_greed.value, 12);
    assert_string_equal(r.fear_greed.label, "Extreme Fear");

    /* numbers instead of strings are accepted; labels are sanitized */
    recs_clear(&r);
    const char *nums = "{\"data\":[{\"value\":80,\"value_classification\":\"Extreme Greed\\u001b[2J\","
                       "\"timestamp\":1714435200}],\"metadata\":{\"error\":null}}";
    assert_int_equal(parse(nums, &r, err, sizeof err), 0);
    assert_int_equal(r.fear_greed.value, 80);
    assert_string_equal(r.fear_greed.label, "Extreme Greed?[2J");
    recs_done(&r);
    free(body);
}

static void broken_bodies_fail(void **state)
{
    (void)state;
    char *body = tu_fixture("feargreed/fng.json", NULL);
    char *v;
    v = replace(body, "\"value\": \"27\"", "\"value\": \"27.5\"");
    expect_fail(v, "fng.data[0].value: not a number ('27.5')");
    free(v);
    v = replace(body, "\"value\": \"41\"", "\"value\": \"101\"");
    expect_fail(v, "fng.data[1].value: out of range (101)");
    free(v);
    v = replace(body, "\"value\": \"27\",", "");
    expect_fail(v, "fng.data[0].value: missing");
    free(v);
    v = replace(body, "\"timestamp\": \"1714435200\"", "\"timestamp\": \"1714435200000\"");
    expect_fail(v, "fng.data[0].timestamp: not a time in seconds");
    free(v);
    v = replace(body, "\"timestamp\": \"1714348800\"", "\"timestamp\": \"yesterday\"");
    expect_fail(v, "fng.data[1].timestamp: not a number ('yesterday')");
    free(v);
    v = replace(body, "\"value_classification\": \"Fear\"", "\"value_classification\": 3");
    expect_fail(v, "fng.data[0].value_classification: wrong type");
    free(v);
    v = replace(body, "\"value_classification\": \"Fear\"", "\"value_classification\": \"\"");
    expect_fail(v, "fng.data[0].value_classification: null or empty");
    free(v);
    v = replace(body, "\"error\": null", "\"error\": \"Limit exceeded\"");
    expect_fail(v, "fng: venue error: Limit exceeded");
    free(v);
    expect_fail("{\"name\":\"Fear and Greed Index\",\"data\":[],\"metadata\":{\"error\":null}}",
                "fng.data: empty list");
    expect_fail("{\"metadata\":{\"error\":null}}", "fng.data: missing");
    expect_fail("{\"data\":{}}", "fng.data: wrong type");
    expect_fail("{\"data\":[7]}", "fng.data[0]: not an object");
    expect_fail("[]", "fng: expected an object");
    expect_fail("{\"name\":\"Fear and Greed Index\",\"data\":[{\"value\":\"2", "fng: ");
    expect_fail("", "fng: empty body");
    struct recs r;
    recs_init(&r);
    char err[128];
    assert_int_equal(feargreed_adapter.parse("global", "{}", 2, NULL, &r, err, sizeof err), -1);
    assert_string_equal(err, "feargreed: unknown kind 'global'");
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
