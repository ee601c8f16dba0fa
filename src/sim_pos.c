/* sim_pos: the position pool of one asset and its two trigger heaps (see
 * sim_int.h). Slots are reused through a free list; each heap holds slot
 * numbers and every slot remembers its heap index, so removing any position
 * (a normal close) is O(log n) and checking liquidations is a peek. */
#include "sim_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NO_HEAP UINT32_MAX

double sim_liq_price(int side, double entry, double lev, double mmr)
{
    /* long:  entry * (1 - 1/lev + mmr); short: entry * (1 + 1/lev - mmr) */
    return side == SIM_LONG ? entry * (1.0 - 1.0 / lev + mmr) : entry * (1.0 + 1.0 / lev - mmr);
}

int sim_pop_init(struct sim_pop *p, uint32_t cap)
{
    memset(p, 0, sizeof *p);
    p->pos = calloc(cap, sizeof *p->pos);
    p->free_list = malloc(sizeof *p->free_list * cap);
    p->heap[0] = malloc(sizeof *p->heap[0] * cap);
    p->heap[1] = malloc(sizeof *p->heap[1] * cap);
    if (!p->pos || !p->free_list || !p->heap[0] || !p->heap[1]) {
        sim_pop_done(p);
        return -1;
    }
    p->cap = cap;
    return 0;
}

void sim_pop_done(struct sim_pop *p)
{
    free(p->pos);
    free(p->free_list);
    free(p->heap[0]);
    free(p->heap[1]);
    memset(p, 0, sizeof *p);
}

static int grow(struct sim_pop *p)
{
    uint32_t ncap = p->cap ? p->cap * 2 : 1024;
    struct sim_pos *np = realloc(p->pos, sizeof *np * ncap);
    if (!np)
        return -1;
    p->pos = np;
    memset(p->pos + p->cap, 0, sizeof *np * (ncap - p->cap));
    uint32_t *nf = realloc(p->free_list, sizeof *nf * ncap);
    if (!nf)
        return -1;
    p->free_list = nf;
    for (int s = 0; s < 2; s++) {
        uint32_t *nh = realloc(p->heap[s], sizeof *nh * ncap);
        if (!nh)
            return -1;
        p->heap[s] = nh;
    }
    p->cap = ncap;
    return 0;
}

/* Heap order: longs by highest trigger first, shorts by lowest first. */
static double key(const struct sim_pop *p, uint32_t slot)
{
    const struct sim_pos *q = &p->pos[slot];
    return q->side == SIM_LONG ? q->trigger : -q->trigger;
}

static void put(struct sim_pop *p, int side, uint32_t i, uint32_t slot)
{
    p->heap[side][i] = slot;
    p->pos[slot].heap = i;
}

static void sift_up(struct sim_pop *p, int side, uint32_t i)
{
    uint32_t slot = p->heap[side][i];
    double k = key(p, slot);
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (key(p, p->heap[side][parent]) >= k)
            break;
        put(p, side, i, p->heap[side][parent]);
        i = parent;
    }
    put(p, side, i, slot);
}

static void sift_down(struct sim_pop *p, int side, uint32_t i)
{
    uint32_t n = p->heap_n[side];
    uint32_t slot = p->heap[side][i];
    double k = key(p, slot);
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && key(p, p->heap[side][c + 1]) > key(p, p->heap[side][c]))
            c++;
        if (key(p, p->heap[side][c]) <= k)
            break;
        put(p, side, i, p->heap[side][c]);
        i = c;
    }
    put(p, side, i, slot);
}

static void heap_remove(struct sim_pop *p, uint32_t slot)
{
    struct sim_pos *q = &p->pos[slot];
    if (q->heap == NO_HEAP)
        return;
    int side = q->side;
    uint32_t i = q->heap;
    uint32_t last = p->heap[side][--p->heap_n[side]];
    q->heap = NO_HEAP;
    if (last == slot)
        return;
    put(p, side, i, last);
    sift_down(p, side, i);
    sift_up(p, side, p->pos[last].heap);
}

int64_t sim_pop_add(struct sim_pop *p, const struct sim_pos *pos)
{
    uint32_t slot;
    if (p->n_free) {
        slot = p->free_list[--p->n_free];
    } else {
        if (p->used == p->cap && grow(p) != 0)
            return -1;
        slot = p->used++;
    }
    struct sim_pos *q = &p->pos[slot];
    *q = *pos;
    q->state = POS_OPEN;
    int side = q->side;
    p->heap[side][p->heap_n[side]++] = slot;
    q->heap = p->heap_n[side] - 1;
    sift_up(p, side, q->heap);
    p->open++;
    p->count[q->venue][side]++;
    p->qty[q->venue][side] += q->qty;
    p->notional0 += q->qty * q->entry;
    return slot;
}

void sim_pop_remove(struct sim_pop *p, uint32_t slot)
{
    struct sim_pos *q = &p->pos[slot];
    if (q->state == POS_FREE)
        return;
    heap_remove(p, slot);
    p->open--;
    p->count[q->venue][q->side]--;
    p->qty[q->venue][q->side] -= q->qty;
    if (p->qty[q->venue][q->side] < 0)
        p->qty[q->venue][q->side] = 0; /* rounding */
    p->notional0 -= q->qty * q->entry;
    q->state = POS_FREE;
    p->free_list[p->n_free++] = slot;
}

int64_t sim_pop_top(const struct sim_pop *p, int side)
{
    return p->heap_n[side] ? (int64_t)p->heap[side][0] : -1;
}

void sim_pop_take_top(struct sim_pop *p, int side)
{
    if (!p->heap_n[side])
        return;
    uint32_t slot = p->heap[side][0];
    heap_remove(p, slot);
    p->pos[slot].state = POS_PENDING;
}

void sim_pop_resum(struct sim_pop *p)
{
    memset(p->qty, 0, sizeof p->qty);
    p->notional0 = 0;
    for (uint32_t i = 0; i < p->used; i++) {
        const struct sim_pos *q = &p->pos[i];
        if (q->state == POS_FREE)
            continue;
        p->qty[q->venue][q->side] += q->qty;
        p->notional0 += q->qty * q->entry;
    }
}

int sim_pop_check(const struct sim_pop *p)
{
    uint32_t n_open = 0, n_pending = 0, n_free = 0;
    uint32_t count[VENUE_MARKET_COUNT][2];
    double qty[VENUE_MARKET_COUNT][2];
    memset(count, 0, sizeof count);
    memset(qty, 0, sizeof qty);
    for (uint32_t i = 0; i < p->used; i++) {
        const struct sim_pos *q = &p->pos[i];
        if (q->state == POS_FREE) {
            n_free++;
            continue;
        }
        if (q->venue >= VENUE_MARKET_COUNT || q->side > 1 || !(q->qty > 0))
            return -1;
        if (q->state == POS_OPEN) {
            n_open++;
            if (q->heap >= p->heap_n[q->side] || p->heap[q->side][q->heap] != i)
                return -1;
        } else if (q->state == POS_PENDING) {
            n_pending++;
            if (q->heap != NO_HEAP)
                return -1;
        } else {
            return -1;
        }
        count[q->venue][q->side]++;
        qty[q->venue][q->side] += q->qty;
    }
    if (n_free != p->n_free || n_open != p->heap_n[0] + p->heap_n[1] ||
        n_open + n_pending != p->open)
        return -1;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        for (int s = 0; s < 2; s++)
            if (count[v][s] != p->count[v][s] ||
                fabs(qty[v][s] - p->qty[v][s]) > 1e-9 * (qty[v][s] + 1))
                return -1;
    for (int s = 0; s < 2; s++)
        for (uint32_t i = 1; i < p->heap_n[s]; i++)
            if (key(p, p->heap[s][(i - 1) / 2]) < key(p, p->heap[s][i]))
                return -1;
    return 0;
}
