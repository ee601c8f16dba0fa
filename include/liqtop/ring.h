/* ring: fixed-capacity time series, so memory is bounded by configuration,
 * never by uptime.
 *
 * A ring holds (time in ms since epoch UTC, value) samples in time order; the
 * oldest sample is overwritten when full. A series is two rings: `fast` keeps
 * every observation, `slow` keeps the last observation of each `step_ms`
 * bucket, so one series answers "price now", "price 5 s ago" and "price 24 h
 * ago" with a few KB. Storage is allocated on the first push, so a series that
 * never receives data costs nothing. */
#ifndef LIQTOP_RING_H
#define LIQTOP_RING_H

#include <stddef.h>
#include <stdint.h>

struct ring {
    int64_t *t;
    double *v;
    uint32_t cap;  /* samples, fixed at init */
    uint32_t head; /* next write slot */
    uint32_t len;  /* samples held, <= cap */
};

/* 0 on success, -1 if out of memory. cap 0 is allowed (ring stays empty). */
int ring_init(struct ring *r, uint32_t cap);
void ring_done(struct ring *r);
void ring_clear(struct ring *r);
/* Append; a sample older than the newest one is dropped (returns -1); one at
 * the same time replaces the newest value. */
int ring_push(struct ring *r, int64_t t, double v);
/* Replace the newest sample (no-op when empty). */
void ring_replace_last(struct ring *r, int64_t t, double v);
/* i = 0 is the oldest sample, len - 1 the newest. i must be < len. */
int64_t ring_t(const struct ring *r, uint32_t i);
double ring_v(const struct ring *r, uint32_t i);
/* Newest sample; 0 if empty, 1 with *t, *v set (either may be NULL). */
int ring_last(const struct ring *r, int64_t *t, double *v);
/* Index of the newest sample with time <= at, or -1 if none (binary search). */
long ring_index_at(const struct ring *r, int64_t at);

struct series {
    struct ring fast;
    struct ring slow;
    uint32_t fast_cap, slow_cap; /* capacities used at first push */
    int64_t step_ms;             /* slow bucket width */
};

struct series_cfg {
    uint32_t fast_samples; /* every observation, e.g. 720 */
    uint32_t slow_samples; /* one per step, e.g. 300 */
    uint32_t slow_step_s;  /* e.g. 300 (5 min): 300 x 5 min = 25 h */
};

/* Set capacities; allocates nothing yet. */
void series_init(struct series *s, const struct series_cfg *cfg);
void series_done(struct series *s);
/* 0 ok, -1 out of order or out of memory. */
int series_push(struct series *s, int64_t t, double v);
/* Newest value; 0 if empty. */
int series_last(const struct series *s, int64_t *t, double *v);
/* The value in force at time `at` (newest sample at or before it), from the
 * fast ring when it reaches back that far, else the slow one. NAN if the
 * series does not reach back to `at`. */
double series_at(const struct series *s, int64_t at);
/* Time of the oldest sample held (either ring); 0 if empty. */
int64_t series_first_t(const struct series *s);
/* Bytes of heap this series holds. */
size_t series_bytes(const struct series *s);

#endif
