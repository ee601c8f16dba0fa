/* The market stress index and its band alerts (stress.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/stress.h"

#include <math.h>
#include <string.h>

static struct stress_inputs calm(void)
{
    struct stress_inputs in = {
        .liq_1h_usd = 0,
        .oi_usd = 1e10,
        .lead_change_1h = 0.002,
        .oi_change_1h = 0,
        .lead_funding_apr = 0.05,
        .lead_depth_ratio = 1.05,
        .fear_greed = 70,
    };
    return in;
}

static void calm_market_is_zero(void **state)
{
    (void)state;
    struct stress_cfg cfg;
    stress_cfg_default(&cfg);
    struct stress_comp c[STRESS_NCOMP];
    struct stress_inputs in = calm();
    assert_true(stress_compute(&cfg, &in, c) == 0);
    assert_string_equal(c[STRESS_LIQ].name, "liquidations");
    assert_string_equal(c[STRESS_FEAR_GREED].name, "fear_greed");
    for (int i = 0; i < STRESS_NCOMP; i++) {
        assert_true(c[i].norm == 0);
        assert_true(c[i].weight > 0);
    }
}

static void components_normalize_as_documented(void **state)
{
    (void)state;
    struct stress_cfg cfg;
    stress_cfg_default(&cfg);
    struct stress_comp c[STRESS_NCOMP];
    struct stress_inputs in = {
        .liq_1h_usd = 5e7,       /* 0.5 % of 1e10: half of liq_full_pct 1 % */
        .oi_usd = 1e10,
        .lead_change_1h = -0.04, /* 4 % fall of 5 %: 0.8 */
        .oi_change_1h = -0.025,  /* 2.5 % of 5 %: 0.5 */
        .lead_funding_apr = -0.55, /* |55| - 10 over 90: 0.5 */
        .lead_depth_ratio = 0.65,  /* 35 % of 70 %: 0.5 */
        .fear_greed = 35,          /* (60 - 35) / 50: 0.5 */
    };
    double idx = stress_compute(&cfg, &in, c);
    assert_true(fabs(c[STRESS_LIQ].raw - 0.5) < 1e-12);
    assert_true(fabs(c[STRESS_LIQ].norm - 0.5) < 1e-12);
    assert_true(fabs(c[STRESS_DRAWDOWN].raw - 4) < 1e-12);
    assert_true(fabs(c[STRESS_DRAWDOWN].norm - 0.8) < 1e-12);
    assert_true(fabs(c[STRESS_OI].norm - 0.5) < 1e-12);
    assert_true(fabs(c[STRESS_FUNDING].raw + 55) < 1e-9);
    assert_true(fabs(c[STRESS_FUNDING].norm - 0.5) < 1e-12);
    assert_true(fabs(c[STRESS_DEPTH].raw - 35) < 1e-9);
    assert_true(fabs(c[STRESS_DEPTH].norm - 0.5) < 1e-12);
    assert_true(fabs(c[STRESS_FEAR_GREED].norm - 0.5) < 1e-12);
    /* 100 x (0.3*0.5 + 0.2*0.8 + 0.15*0.5 + 0.1*0.5 + 0.15*0.5 + 0.1*0.5) / 1.0 */
    assert_true(fabs(idx - 56) < 1e-9);
    /* a rise in OI counts half */
    in.oi_change_1h = 0.05;
    stress_compute(&cfg, &in, c);
    assert_true(fabs(c[STRESS_OI].norm - 0.5) < 1e-12);
    /* clamped */
    in.lead_change_1h = -0.5;
    in.fear_greed = 0;
    stress_compute(&cfg, &in, c);
    assert_true(c[STRESS_DRAWDOWN].norm == 1);
    assert_true(c[STRESS_FEAR_GREED].norm == 1);
}

static void missing_components_drop_out(void **state)
{
    (void)state;
    struct stress_cfg cfg;
    stress_cfg_default(&cfg);
    struct stress_comp c[STRESS_NCOMP];
    struct stress_inputs in = calm();
    in.lead_change_1h = -0.05; /* full drawdown */
    in.fear_greed = NAN;
    in.lead_depth_ratio = NAN;
    double idx = stress_compute(&cfg, &in, c);
    assert_true(isnan(c[STRESS_FEAR_GREED].norm));
    /* weights left: 0.3 + 0.2 + 0.15 + 0.1 = 0.75; drawdown 0.2 of that */
    assert_true(fabs(idx - 100 * 0.2 / 0.75) < 1e-9);
    /* too little left: no index */
    in.liq_1h_usd = NAN;
    in.oi_change_1h = NAN;
    in.lead_funding_apr = NAN;
    assert_true(isnan(stress_compute(&cfg, &in, c)));
    cfg.min_coverage = 0;
    assert_true(fabs(stress_compute(&cfg, &in, c) - 100) < 1e-9);
}

static int n_stress(struct alerts *al)
{
    return (int)alerts_count(al);
}

static void bands_alert_on_rising_crossings_with_hysteresis(void **state)
{
    (void)state;
    struct stress_cfg cfg;
    stress_cfg_default(&cfg);
    struct stress_comp c[STRESS_NCOMP];
    struct stress_inputs in = calm();
    stress_compute(&cfg, &in, c);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    struct stress_state st = {0, 0};
    uint64_t seq = 0;
    int64_t t = 1000000;
    /* hovering around 60: one alert */
    double path[] = {40, 59, 61, 58, 62, 57, 63, 56, 61};
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
        stress_step(&cfg, &st, path[i], c, al, &seq, t += 1000);
    assert_int_equal(n_stress(al), 1);
    const struct alert *a = alerts_get(al, 0);
    assert_string_equal(a->kind, "stress");
    assert_int_equal(a->sev, SEV_WARN);
    assert_true(a->value == 61 && a->threshold == 60);
    assert_int_equal(st.band, 1);
    /* into the crit band: the same alert escalates */
    stress_step(&cfg, &st, 85, c, al, &seq, t += 1000);
    assert_int_equal(n_stress(al), 1);
    assert_int_equal(alerts_get(al, 0)->sev, SEV_CRIT);
    assert_int_equal(alerts_get(al, 0)->updates, 1);
    assert_non_null(strstr(alerts_get(al, 0)->msg, "Market stress 85/100"));
    /* 78 is within hysteresis of 80: still crit band; 74 drops to warn */
    assert_int_equal(stress_step(&cfg, &st, 78, c, al, &seq, t += 1000), 2);
    assert_int_equal(stress_step(&cfg, &st, 74, c, al, &seq, t += 1000), 1);
    /* below 55: calm, the episode ends; back to 60: a new alert */
    assert_int_equal(stress_step(&cfg, &st, 50, c, al, &seq, t += 1000), 0);
    stress_step(&cfg, &st, 60, c, al, &seq, t += 1000);
    assert_int_equal(n_stress(al), 2);
    /* NAN changes nothing */
    assert_int_equal(stress_step(&cfg, &st, NAN, c, al, &seq, t += 1000), 1);
    alerts_free(al);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calm_market_is_zero),
        cmocka_unit_test(components_normalize_as_documented),
        cmocka_unit_test(missing_components_drop_out),
        cmocka_unit_test(bands_alert_on_rising_crossings_with_hysteresis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
