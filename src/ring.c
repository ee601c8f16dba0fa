/* ring: fixed-capacity time series (see ring.h). */
#include "liqtop/ring.h"

#include <math.h>
#include <stdlib.h>

int ring_init(struct ring *r, uint32_t cap)
{
    r->t = NULL;
    r->v = NULL;
    r->cap = r->head = r->len = 0;
    if (cap == 0)
        return 0;
    r->t = malloc(sizeof *r->t * cap);
    r->v = malloc(sizeof *r->v * cap);
    if (!r->t || !r->v) {
        ring_done(r);
        return -1;
    }
    r->cap = cap;
    return 0;
}

void ring_done(struct ring *r)
{
    free(r->t);
    free(r->v);
    r->t = NULL;
    r->v = NULL;
    r->cap = r->head = r->len = 0;
}

void ring_clear(struct ring *r)
{
    r->head = r->len = 0;
}

static uint32_t slot(const struct ring *r, uint32_t i)
{
    /* oldest sample sits at head - len (mod cap); head, len, i < cap keep
     * the sum below 3 cap, so two conditional subtractions replace a
     * division (this is the innermost step of every series lookup) */
    uint32_t s = r->head + r->cap - r->len + i;
    if (s >= r->cap)
        s -= r->cap;
    if (s >= r->cap)
        s -= r->cap;
    return s;
}

/* Slot of the newest sample; the ring must not be empty. */
static uint32_t last_slot(const struct ring *r)
{
    return r->head ? r->head - 1 : r->cap - 1;
}

int64_t ring_t(const struct ring *r, uint32_t i)
{
    return r->t[slot(r, i)];
}

double ring_v(const struct ring *r, uint32_t i)
{
    return r->v[slot(r, i)];
}

int ring_last(const struct ring *r, int64_t *t, double *v)
{
    if (r->len == 0)
        return 0;
    uint32_t s = last_slot(r);
    if (t)
        *t = r->t[s];
    if (v)
        *v = r->v[s];
    return 1;
}

void ring_replace_last(struct ring *r, int64_t t, double v)
{
    if (r->len == 0)
        return;
    uint32_t s = last_slot(r);
    r->t[s] = t;
    r->v[s] = v;
}

int ring_push(struct ring *r, int64_t t, double v)
{
    if (r->cap == 0)
        return -1;
    int64_t last_t;
    if (ring_last(r, &last_t, NULL)) {
        if (t < last_t)
            return -1;
        if (t == last_t) {
            ring_replace_last(r, t, v);
            return 0;
        }
    }
    r->t[r->head] = t;
    r->v[r->head] = v;
    r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
    if (r->len < r->cap)
        r->len++;
    return 0;
}

long ring_index_at(const struct ring *r, int64_t at)
{
    if (r->len == 0 || ring_t(r, 0) > at)
        return -1;
    uint32_t lo = 0, hi = r->len - 1; /* invariant: t[lo] <= at */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (ring_t(r, mid) <= at)
            lo = mid;
        else
            hi = mid - 1;
    }
    return (long)lo;
}

void series_init(struct series *s, const struct series_cfg *cfg)
{
    ring_init(&s->fast, 0);
    ring_init(&s->slow, 0);
    s->fast_cap = cfg->fast_samples;
    s->slow_cap = cfg->slow_samples;
    s->step_ms = (int64_t)(cfg->slow_step_s ? cfg->slow_step_s : 60) * 1000;
}

void series_done(struct series *s)
{
    ring_done(&s->fast);
    ring_done(&s->slow);
}

int series_push(struct series *s, int64_t t, double v)
{
    if (s->fast.cap == 0 && s->fast_cap) {
        if (ring_init(&s->fast, s->fast_cap) || ring_init(&s->slow, s->slow_cap)) {
            series_done(s);
            return -1;
        }
    }
    if (ring_push(&s->fast, t, v) != 0)
        return -1;
    int64_t last_t;
    if (ring_last(&s->slow, &last_t, NULL) && last_t / s->step_ms == t / s->step_ms)
        ring_replace_last(&s->slow, t, v);
    else
        ring_push(&s->slow, t, v);
    return 0;
}

int series_last(const struct series *s, int64_t *t, double *v)
{
    return ring_last(&s->fast, t, v);
}

double series_at(const struct series *s, int64_t at)
{
    long i = ring_index_at(&s->fast, at);
    if (i >= 0)
        return ring_v(&s->fast, (uint32_t)i);
    i = ring_index_at(&s->slow, at);
    if (i >= 0)
        return ring_v(&s->slow, (uint32_t)i);
    return NAN;
}

int64_t series_first_t(const struct series *s)
{
    if (s->slow.len)
        return ring_t(&s->slow, 0);
    if (s->fast.len)
        return ring_t(&s->fast, 0);
    return 0;
}

size_t series_bytes(const struct series *s)
{
    return (size_t)(s->fast.cap + s->slow.cap) * (sizeof(int64_t) + sizeof(double));
}
