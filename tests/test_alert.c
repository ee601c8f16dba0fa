/* The alert path: cooldown, episodes, history, sinks (alert.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/alert.h"

#include <stdio.h>
#include <string.h>

static int seen_new, seen_update;
static void count_sink(void *user, const struct alert *a, int is_update)
{
    (void)user;
    (void)a;
    if (is_update)
        seen_update++;
    else
        seen_new++;
}

static struct alert mk(const char *kind, const char *sym, int64_t t, uint64_t episode)
{
    struct alert a;
    memset(&a, 0, sizeof a);
    snprintf(a.kind, sizeof a.kind, "%s", kind);
    snprintf(a.sym, sizeof a.sym, "%s", sym);
    snprintf(a.venue, sizeof a.venue, "all");
    a.t_ms = t;
    a.sev = SEV_WARN;
    a.episode = episode;
    snprintf(a.msg, sizeof a.msg, "%s %s", sym, kind);
    return a;
}

static void cooldown_drops_repeats(void **state)
{
    (void)state;
    struct alerts_cfg cfg = {.cooldown_s = 60, .history = 10};
    struct alerts *al = alerts_new(&cfg);
    seen_new = seen_update = 0;
    alerts_add_sink(al, (struct alert_sink){count_sink, NULL});
    struct alert a = mk("funding_extreme", "BTC", 1000, 0);
    assert_int_equal(alerts_raise(al, &a), 1);
    a.t_ms = 30000;
    assert_int_equal(alerts_raise(al, &a), 0); /* within 60 s */
    struct alert b = mk("funding_extreme", "ETH", 30000, 0);
    assert_int_equal(alerts_raise(al, &b), 1); /* another symbol is another key */
    a.t_ms = 61001;
    assert_int_equal(alerts_raise(al, &a), 1);
    assert_int_equal(seen_new, 3);
    assert_int_equal(alerts_count(al), 3);
    assert_string_equal(alerts_get(al, 0)->sym, "BTC"); /* newest first */
    alerts_free(al);
}

static void an_episode_is_one_alert_updated(void **state)
{
    (void)state;
    struct alerts_cfg cfg = {.cooldown_s = 600, .history = 10};
    struct alerts *al = alerts_new(&cfg);
    seen_new = seen_update = 0;
    alerts_add_sink(al, (struct alert_sink){count_sink, NULL});
    struct alert a = mk("liq_cascade", "BTC", 1000, 77);
    a.value = 1e6;
    assert_int_equal(alerts_raise(al, &a), 1);
    a.t_ms = 60000;
    a.value = 5e6;
    a.sev = SEV_CRIT;
    assert_int_equal(alerts_raise(al, &a), 2);
    assert_int_equal(alerts_count(al), 1);
    const struct alert *h = alerts_get(al, 0);
    assert_true(h->value == 5e6);
    assert_int_equal(h->sev, SEV_CRIT);
    assert_int_equal(h->updates, 1);
    assert_int_equal(h->first_t_ms, 1000);
    /* a new episode of the same kind gets through despite the cooldown */
    struct alert b = mk("liq_cascade", "BTC", 120000, 78);
    assert_int_equal(alerts_raise(al, &b), 1);
    assert_int_equal(seen_new, 2);
    assert_int_equal(seen_update, 1);
    alerts_free(al);
}

static void history_is_bounded_and_acks(void **state)
{
    (void)state;
    struct alerts_cfg cfg = {.cooldown_s = 0, .history = 4};
    struct alerts *al = alerts_new(&cfg);
    for (int i = 0; i < 10; i++) {
        struct alert a = mk("price", "BTC", i * 1000, 0);
        a.sev = i == 9 ? SEV_CRIT : SEV_INFO;
        alerts_raise(al, &a);
    }
    assert_int_equal(alerts_count(al), 4);
    assert_int_equal(alerts_get(al, 0)->t_ms, 9000);
    assert_null(alerts_get(al, 4));
    size_t crit;
    assert_int_equal(alerts_unacked(al, &crit), 4);
    assert_int_equal(crit, 1);
    alerts_ack_all(al);
    assert_int_equal(alerts_unacked(al, &crit), 0);
    alerts_free(al);
}

static void headless_line_is_the_fixed_format(void **state)
{
    (void)state;
    struct alert a = mk("support_break", "BTC", 1767225615000LL, 0);
    a.sev = SEV_CRIT;
    snprintf(a.venue, sizeof a.venue, "binance");
    a.value = 94610.5;
    a.threshold = 94850;
    snprintf(a.msg, sizeof a.msg, "BTC broke \"support\"\033[2J");
    char line[1024];
    assert_true(alert_format_json(&a, line, sizeof line) > 0);
    assert_string_equal(line, "{\"t\":1767225615000,\"kind\":\"support_break\",\"severity\":"
                              "\"crit\",\"symbol\":\"BTC\",\"venue\":\"binance\",\"value\":"
                              "94610.5,\"threshold\":94850,\"msg\":\"BTC broke \\\"support\\\"?[2J\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cooldown_drops_repeats),
        cmocka_unit_test(an_episode_is_one_alert_updated),
        cmocka_unit_test(history_is_bounded_and_acks),
        cmocka_unit_test(headless_line_is_the_fixed_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
