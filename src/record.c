/* record: record batches (see record.h). */
#include "liqtop/record.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void recs_init(struct recs *r)
{
    memset(r, 0, sizeof *r);
}

void recs_clear(struct recs *r)
{
    r->n_tickers = r->n_liqs = r->n_candles = r->n_depths = r->n_points = r->n_contracts = 0;
    r->has_fear_greed = r->has_market_cap = 0;
    r->liqs_partial = 0;
}

void recs_done(struct recs *r)
{
    free(r->tickers);
    free(r->liqs);
    free(r->candles);
    free(r->depths);
    free(r->points);
    free(r->contracts);
    recs_init(r);
}

/* Grow *arr to hold one more element of `size` bytes; returns the new slot. */
static void *grow(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        if (ncap > SIZE_MAX / size)
            return NULL;
        void *p = realloc(*arr, ncap * size);
        if (!p)
            return NULL;
        *arr = p;
        *cap = ncap;
    }
    return (char *)*arr + (*n)++ * size;
}

#define ADD(r, field, type, sym)                                                                   \
    ((type *)grow((void **)&(r)->field, &(r)->n_##field, &(r)->cap_##field, sizeof(type)))

struct rec_ticker *recs_add_ticker(struct recs *r, const char *sym)
{
    struct rec_ticker *t = ADD(r, tickers, struct rec_ticker, sym);
    if (!t)
        return NULL;
    memset(t, 0, sizeof *t);
    text_copy(t->sym, sizeof t->sym, sym);
    t->price = t->mark = t->index = t->oi_base = t->oi_usd = NAN;
    t->funding = t->funding_interval_h = t->change_24h = t->open_24h = NAN;
    t->volume_24h_usd = t->ls_ratio = NAN;
    return t;
}

struct rec_liq *recs_add_liq(struct recs *r, const char *sym)
{
    struct rec_liq *l = ADD(r, liqs, struct rec_liq, sym);
    if (!l)
        return NULL;
    memset(l, 0, sizeof *l);
    text_copy(l->sym, sizeof l->sym, sym);
    l->price = l->qty = l->usd = NAN;
    return l;
}

struct rec_candle *recs_add_candle(struct recs *r, const char *sym)
{
    struct rec_candle *c = ADD(r, candles, struct rec_candle, sym);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    text_copy(c->sym, sizeof c->sym, sym);
    c->open = c->high = c->low = c->close = c->volume = NAN;
    return c;
}

struct rec_depth *recs_add_depth(struct recs *r, const char *sym)
{
    struct rec_depth *d = ADD(r, depths, struct rec_depth, sym);
    if (!d)
        return NULL;
    memset(d, 0, sizeof *d);
    text_copy(d->sym, sizeof d->sym, sym);
    d->mid = d->bid_1pct = d->ask_1pct = d->bid_2pct = d->ask_2pct = d->coverage_pct = NAN;
    return d;
}

struct rec_point *recs_add_point(struct recs *r, const char *sym)
{
    struct rec_point *p = ADD(r, points, struct rec_point, sym);
    if (!p)
        return NULL;
    memset(p, 0, sizeof *p);
    text_copy(p->sym, sizeof p->sym, sym);
    p->value = NAN;
    return p;
}

struct rec_contract *recs_add_contract(struct recs *r, const char *sym)
{
    struct rec_contract *c = ADD(r, contracts, struct rec_contract, sym);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    text_copy(c->sym, sizeof c->sym, sym);
    c->base_per_contract = NAN;
    return c;
}

size_t recs_count(const struct recs *r)
{
    return r->n_tickers + r->n_liqs + r->n_candles + r->n_depths + r->n_points + r->n_contracts +
           (size_t)(r->has_fear_greed != 0) + (size_t)(r->has_market_cap != 0);
}
