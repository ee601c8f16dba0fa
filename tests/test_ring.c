/* Ring buffers and two-resolution series (ring.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/ring.h"

#include <math.h>

static void ring_keeps_newest_when_full(void **state)
{
    (void)state;
    struct ring r;
    assert_int_equal(ring_init(&r, 4), 0);
    for (int i = 1; i <= 6; i++)
        assert_int_equal(ring_push(&r, i * 1000, i * 1.5), 0);
    assert_int_equal(r.len, 4);
    assert_int_equal(ring_t(&r, 0), 3000); /* 1 and 2 overwritten */
    assert_true(ring_v(&r, 3) == 9.0);
    int64_t t;
    double v;
    assert_int_equal(ring_last(&r, &t, &v), 1);
    assert_int_equal(t, 6000);
    assert_true(v == 9.0);
    ring_done(&r);
}

static void ring_rejects_out_of_order_and_replaces_same_time(void **state)
{
    (void)state;
    struct ring r;
    ring_init(&r, 8);
    ring_push(&r, 1000, 1);
    ring_push(&r, 2000, 2);
    assert_int_equal(ring_push(&r, 1500, 9), -1);
    assert_int_equal(ring_push(&r, 2000, 3), 0);
    assert_int_equal(r.len, 2);
    assert_true(ring_v(&r, 1) == 3.0);
    ring_done(&r);
}

static void ring_index_at_finds_value_in_force(void **state)
{
    (void)state;
    struct ring r;
    ring_init(&r, 5);
    for (int i = 0; i < 8; i++) /* holds t = 3000..7000 */
        ring_push(&r, i * 1000, i);
    assert_int_equal(ring_index_at(&r, 2999), -1);
    assert_int_equal(ring_index_at(&r, 3000), 0);
    assert_int_equal(ring_index_at(&r, 4500), 1);
    assert_int_equal(ring_index_at(&r, 999999), 4);
    ring_done(&r);
}

static void empty_ring_is_safe(void **state)
{
    (void)state;
    struct ring r;
    ring_init(&r, 0);
    assert_int_equal(ring_push(&r, 1, 1), -1);
    assert_int_equal(ring_last(&r, NULL, NULL), 0);
    assert_int_equal(ring_index_at(&r, 5), -1);
    ring_done(&r);
}

static void series_answers_from_slow_ring_beyond_fast(void **state)
{
    (void)state;
    struct series_cfg cfg = {.fast_samples = 10, .slow_samples = 30, .slow_step_s = 60};
    struct series s;
    series_init(&s, &cfg);
    assert_int_equal(series_bytes(&s), 0); /* nothing allocated before first push */
    /* one sample every 10 s for 20 minutes: fast covers the last 100 s only */
    for (int i = 0; i <= 120; i++)
        series_push(&s, (int64_t)i * 10000, i);
    double now = series_at(&s, 1200000);
    assert_true(now == 120.0);
    assert_true(series_at(&s, 1150000) == 115.0); /* from fast */
    /* beyond fast: slow holds the last sample of each minute bucket, so the
     * answer at 605 s is the last sample of minute 9 (590 s): one step coarse */
    double old = series_at(&s, 600000 + 5000);
    assert_true(old == 59.0);
    assert_true(series_at(&s, 660000) == 65.0);
    assert_true(isnan(series_at(&s, -1)));
    series_done(&s);
}

static void series_memory_is_bounded(void **state)
{
    (void)state;
    struct series_cfg cfg = {.fast_samples = 16, .slow_samples = 8, .slow_step_s = 60};
    struct series s;
    series_init(&s, &cfg);
    for (int64_t i = 0; i < 100000; i++)
        series_push(&s, i * 1000, (double)i);
    assert_int_equal(s.fast.len, 16);
    assert_int_equal(s.slow.len, 8);
    assert_int_equal(series_bytes(&s), (16 + 8) * 16);
    series_done(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ring_keeps_newest_when_full),
        cmocka_unit_test(ring_rejects_out_of_order_and_replaces_same_time),
        cmocka_unit_test(ring_index_at_finds_value_in_force),
        cmocka_unit_test(empty_ring_is_safe),
        cmocka_unit_test(series_answers_from_slow_ring_beyond_fast),
        cmocka_unit_test(series_memory_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
