/* User price alerts, [alert.NAME] (pricealert.h), and their config path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/model.h"
#include "liqtop/pricealert.h"

#include <math.h>
#include <string.h>

#define MIN 60000LL
#define T0 1704067200000LL

static void parses_keys_and_rejects_bad_ones(void **state)
{
    (void)state;
    struct pricealert_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    char err[256];
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "symbol", "btc", err, sizeof err), 0);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "above", "100000", err, sizeof err), 0);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "repeat", "yes", err, sizeof err), 0);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "cooldown", "600", err, sizeof err), 0);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "severity", "crit", err, sizeof err), 0);
    assert_int_equal(cfg.n, 1);
    assert_string_equal(cfg.def[0].sym, "BTC");
    assert_int_equal(cfg.def[0].op, PA_ABOVE);
    assert_true(cfg.def[0].level == 100000);
    assert_int_equal(cfg.def[0].repeat, 1);
    assert_true(cfg.def[0].cooldown_s == 600);
    assert_int_equal(cfg.def[0].sev, SEV_CRIT);
    assert_int_equal(pricealert_cfg_check(&cfg, err, sizeof err), 0);

    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "below", "90000", err, sizeof err), -1);
    assert_non_null(strstr(err, "already has a condition"));
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "above", "abc", err, sizeof err), -1);
    assert_non_null(strstr(err, "above"));
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "above", "-5", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "above", "nan", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "colour", "red", err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown key 'colour'"));
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "severity", "loud", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "btc100k", "symbol", "B\x1b[2J", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "bad name", "symbol", "BTC", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "", "symbol", "BTC", err, sizeof err), -1);
    assert_int_equal(pricealert_cfg_set(&cfg, "dump", "change_pct", "0", err, sizeof err), -1);

    /* incomplete sections are caught by the check */
    memset(&cfg, 0, sizeof cfg);
    pricealert_cfg_set(&cfg, "nosym", "below", "5", err, sizeof err);
    assert_int_equal(pricealert_cfg_check(&cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "[alert.nosym]: no symbol"));
    memset(&cfg, 0, sizeof cfg);
    pricealert_cfg_set(&cfg, "nocond", "symbol", "ETH", err, sizeof err);
    assert_int_equal(pricealert_cfg_check(&cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "needs one of"));
}

static void loads_through_the_config_file_path(void **state)
{
    (void)state;
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct cfg_section secs[8];
    size_t n = model_cfg_sections(&mc, secs, 8);
    assert_int_equal(n, 5);
    char err[256];
    const char *text = "[alert.eth_dump]\n"
                       "symbol = ETH\n"
                       "change_pct = -5\n"
                       "window = 900\n"
                       "[alert.btc90k]\n"
                       "symbol = BTC\n"
                       "below = 90000\n";
    assert_int_equal(config_load_string("test.conf", text, secs, n, err, sizeof err), 0);
    assert_int_equal(mc.prices.n, 2);
    assert_int_equal(mc.prices.def[0].op, PA_CHANGE);
    assert_true(mc.prices.def[0].window_s == 900);
    assert_int_equal(model_cfg_check(&mc, err, sizeof err), 0);
    /* errors carry file:line */
    assert_int_equal(config_load_string("test.conf", "[alert.x]\nsymbol = BTC\nabove = zz\n", secs,
                                        n, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "test.conf:3"));
}

struct fx {
    struct store *s;
    struct alerts *al;
    struct pricealert_cfg cfg;
    struct pricealert_state st[PRICEALERT_MAX];
    struct recs r;
    uint64_t seq;
    int64_t now;
};

static void fx_open(struct fx *f, const char *const *lines)
{
    struct store_cfg sc;
    store_cfg_default(&sc);
    const char *syms[] = {"BTC", "ETH"};
    f->s = store_new(&sc, syms, 2);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    f->al = alerts_new(&ac);
    memset(&f->cfg, 0, sizeof f->cfg);
    char err[256];
    for (size_t i = 0; lines[i]; i += 3)
        assert_int_equal(pricealert_cfg_set(&f->cfg, lines[i], lines[i + 1], lines[i + 2], err,
                                             sizeof err),
                         0);
    pricealert_init(&f->cfg, f->s, f->st);
    recs_init(&f->r);
    f->seq = 0;
    f->now = T0;
}

static void fx_close(struct fx *f)
{
    recs_done(&f->r);
    alerts_free(f->al);
    store_free(f->s);
}

static int px(struct fx *f, const char *sym, double p)
{
    f->now += MIN;
    struct rec_ticker *t = recs_add_ticker(&f->r, sym);
    t->mark = p;
    store_apply(f->s, VENUE_BINANCE, &f->r, f->now);
    recs_clear(&f->r);
    return pricealert_step(&f->cfg, f->st, f->s, f->al, &f->seq, f->now);
}

static void above_fires_once_on_crossing(void **state)
{
    (void)state;
    const char *cfg[] = {"btc100k", "symbol", "BTC", "btc100k", "above", "100000", NULL};
    struct fx f;
    fx_open(&f, cfg);
    assert_int_equal(px(&f, "BTC", 99000), 0);
    assert_int_equal(px(&f, "BTC", 99990), 0);
    assert_int_equal(px(&f, "BTC", 100212), 1);
    const struct alert *a = alerts_get(f.al, 0);
    assert_string_equal(a->kind, "price");
    assert_string_equal(a->sym, "BTC");
    assert_int_equal(a->sev, SEV_WARN);
    assert_true(a->value == 100212 && a->threshold == 100000);
    assert_string_equal(a->msg, "BTC above 100,000: 100,212 (alert btc100k)");
    /* once: never again */
    px(&f, "BTC", 99000);
    assert_int_equal(px(&f, "BTC", 101000), 0);
    assert_int_equal(alerts_count(f.al), 1);
    fx_close(&f);
}

static void already_beyond_at_start_does_not_fire(void **state)
{
    (void)state;
    const char *cfg[] = {"b", "symbol", "BTC", "b", "below", "90000", NULL};
    struct fx f;
    fx_open(&f, cfg);
    assert_int_equal(px(&f, "BTC", 89000), 0);
    assert_int_equal(px(&f, "BTC", 88000), 0);
    assert_int_equal(px(&f, "BTC", 91000), 0); /* arms */
    assert_int_equal(px(&f, "BTC", 89500), 1);
    fx_close(&f);
}

static void repeat_respects_cooldown_and_rearm(void **state)
{
    (void)state;
    const char *cfg[] = {"e", "symbol", "ETH",  "e", "above",    "3000",
                         "e", "repeat", "on",   "e", "cooldown", "600", NULL};
    struct fx f;
    fx_open(&f, cfg);
    px(&f, "ETH", 2990);
    assert_int_equal(px(&f, "ETH", 3010), 1);
    assert_int_equal(px(&f, "ETH", 3020), 0); /* still above: not re-armed */
    px(&f, "ETH", 2990);                      /* re-armed ... */
    assert_int_equal(px(&f, "ETH", 3010), 0); /* ... but within the 10 min cooldown */
    for (int i = 0; i < 10; i++)
        px(&f, "ETH", 3010);
    /* the cooldown passed while still above, and it was armed: fires */
    assert_int_equal(f.st[0].fired, 2);
    /* two price alerts on one symbol never swallow each other */
    assert_int_equal(alerts_count(f.al), 2);
    assert_true(alerts_get(f.al, 0)->episode != alerts_get(f.al, 1)->episode);
    fx_close(&f);
}

static void change_pct_over_a_window(void **state)
{
    (void)state;
    const char *cfg[] = {"dump", "symbol", "BTC", "dump", "change_pct", "-5",
                         "dump", "window", "600", NULL};
    struct fx f;
    fx_open(&f, cfg);
    for (int i = 0; i < 15; i++)
        assert_int_equal(px(&f, "BTC", 100000), 0);
    /* -1 % a minute: -5 % over 10 minutes after the 5th minute */
    int fired_at = 0;
    for (int i = 1; i <= 8 && !fired_at; i++)
        if (px(&f, "BTC", 100000 * (1 - 0.01 * i)))
            fired_at = i;
    assert_int_equal(fired_at, 5);
    const struct alert *a = alerts_get(f.al, 0);
    assert_true(fabs(a->value - -5) < 1e-9);
    assert_non_null(strstr(a->msg, "BTC -5.0 % in 10 min (alert dump"));
    fx_close(&f);
}

static void untracked_symbol_is_ignored(void **state)
{
    (void)state;
    const char *cfg[] = {"d", "symbol", "DOGE", "d", "above", "1", NULL};
    struct fx f;
    fx_open(&f, cfg);
    assert_int_equal(f.st[0].asset, -1);
    assert_int_equal(px(&f, "BTC", 5), 0);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_keys_and_rejects_bad_ones),
        cmocka_unit_test(loads_through_the_config_file_path),
        cmocka_unit_test(above_fires_once_on_crossing),
        cmocka_unit_test(already_beyond_at_start_does_not_fire),
        cmocka_unit_test(repeat_respects_cooldown_and_rearm),
        cmocka_unit_test(change_pct_over_a_window),
        cmocka_unit_test(untracked_symbol_is_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
