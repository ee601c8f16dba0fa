/* levels: support and resistance zones from 1h candles (see levels.h). */
#include "liqtop/levels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL

void levels_cfg_default(struct level_cfg *cfg)
{
    cfg->pivot_n = 5;
    cfg->pivot_n_4h = 3;
    cfg->atr_period = 14;
    cfg->zone_atr = 0.5;
    cfg->min_width_atr = 0.2;
    cfg->half_life_h = 120;
    cfg->weight_4h = 1.5;
    cfg->weight_day = 0.6;
    cfg->weight_week = 0.9;
    cfg->weight_round = 0.4;
    cfg->weight_round_major = 0.8;
    cfg->round_range_pct = 8;
    cfg->score_scale = 2;
    cfg->cross_penalty = 0.3;
    cfg->max_zones = 24;
}

/* A bar reduced to what pivots need. */
struct bar {
    int64_t t;
    double hi, lo, vol; /* vol NAN if unknown */
};

struct point {
    double price, weight;
    unsigned src;
    int64_t t; /* pivots only */
};

struct pts {
    struct point *p;
    size_t n, cap;
};

static void pts_add(struct pts *ps, double price, double weight, unsigned src, int64_t t)
{
    if (ps->n < ps->cap && isfinite(price) && price > 0 && weight > 0)
        ps->p[ps->n++] = (struct point){price, weight, src, t};
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the finite positive volumes; NAN if none. `tmp` has room for n. */
static double median_volume(const struct bar *b, size_t n, double *tmp)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(b[i].vol) && b[i].vol > 0)
            tmp[k++] = b[i].vol;
    if (!k)
        return NAN;
    qsort(tmp, k, sizeof *tmp, cmp_double);
    return k % 2 ? tmp[k / 2] : (tmp[k / 2 - 1] + tmp[k / 2]) / 2;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Pivot lows and highs of one timeframe into ps. */
static void find_pivots(const struct bar *b, size_t n, int pn, double tf_weight, unsigned src,
                        int64_t last_t, const struct level_cfg *cfg, double *tmp, struct pts *ps)
{
    if (pn < 1 || n < (size_t)(2 * pn + 1))
        return;
    double med = median_volume(b, n, tmp);
    for (size_t i = (size_t)pn; i + (size_t)pn < n; i++) {
        int is_lo = 1, is_hi = 1;
        for (size_t j = i - (size_t)pn; j <= i + (size_t)pn && (is_lo || is_hi); j++) {
            if (j == i)
                continue;
            if (!(b[i].lo < b[j].lo))
                is_lo = 0;
            if (!(b[i].hi > b[j].hi))
                is_hi = 0;
        }
        if (!is_lo && !is_hi)
            continue;
        double vf = 1;
        if (isfinite(med) && isfinite(b[i].vol) && b[i].vol > 0)
            vf = clamp(b[i].vol / med, 0.5, 2);
        double age_h = (double)(last_t - b[i].t) / (double)HOUR_MS;
        double rec = cfg->half_life_h > 0 ? pow(0.5, (age_h < 0 ? 0 : age_h) / cfg->half_life_h) : 1;
        double w = tf_weight * vf * rec;
        if (is_lo)
            pts_add(ps, b[i].lo, w, src, b[i].t);
        if (is_hi)
            pts_add(ps, b[i].hi, w, src, b[i].t);
    }
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Low and high of the bars with lo_t <= t < hi_t; 0 if fewer than min_bars. */
static int range_of(const struct bar *b, size_t n, int64_t lo_t, int64_t hi_t, size_t min_bars,
                    double *lo, double *hi)
{
    size_t k = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (b[i].t < lo_t || b[i].t >= hi_t)
            continue;
        k++;
        if (b[i].lo < *lo)
            *lo = b[i].lo;
        if (b[i].hi > *hi)
            *hi = b[i].hi;
    }
    return k >= min_bars && k > 0;
}

/* The round-number grid at price: steps of 0.1 x 10^k when the leading
 * digit is 1, else 0.5 x 10^k (BTC 97,000: 5,000; BTC 105,000: 10,000;
 * ETH 3,400: 500); the rounder ones are every 0.5 x 10^k, else 10^k. */
static void round_grid(double price, double *step, double *major)
{
    double mag = pow(10, floor(log10(price)));
    *step = price / mag < 2 ? mag * 0.1 : mag * 0.5;
    *major = price / mag < 2 ? mag * 0.5 : mag;
}

/* Round numbers near price (see round_grid). */
static void add_round_numbers(double price, const struct level_cfg *cfg, struct pts *ps)
{
    if (!(price > 0) || !(cfg->round_range_pct > 0))
        return;
    double step, major;
    round_grid(price, &step, &major);
    double lo = price * (1 - cfg->round_range_pct / 100), hi = price * (1 + cfg->round_range_pct / 100);
    /* the rounder ones (90,000 and 100,000 for BTC at 97,000; 100,000 and
     * 150,000 at 105,000) weigh weight_round_major */
    double k0 = ceil(lo / step);
    for (int i = 0; i < 64; i++) {
        double k = k0 + i, v = k * step;
        if (v > hi)
            break;
        double per = major / step; /* steps per major step: 5 or 2 */
        int is_major = fmod(k, per) == 0;
        if (v > 0)
            pts_add(ps, v, is_major ? cfg->weight_round_major : cfg->weight_round, LEVEL_ROUND, 0);
    }
}

/* Recency-weighted count of 1h closes changing sides of zone z (z->crossings
 * gets the plain count). */
static double crossings(const struct rec_candle *c, size_t n, struct level_zone *z, int64_t last_t,
                        const struct level_cfg *cfg)
{
    int side = 0, count = 0;
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        double x = c[i].close;
        if (!isfinite(x))
            continue;
        int s = x > z->hi ? 1 : x < z->lo ? -1 : 0;
        if (!s)
            continue;
        if (side && s != side) {
            double age_h = (double)(last_t - c[i].t_ms) / (double)HOUR_MS;
            w += cfg->half_life_h > 0 ? pow(0.5, (age_h < 0 ? 0 : age_h) / cfg->half_life_h) : 1;
            count++;
        }
        side = s;
    }
    z->crossings = count;
    return w;
}

static int cmp_point(const void *a, const void *b)
{
    const struct point *x = a, *y = b;
    if (x->price != y->price)
        return (x->price > y->price) - (x->price < y->price);
    return (x->src > y->src) - (x->src < y->src);
}

static int cmp_zone_strength(const void *a, const void *b)
{
    const struct level_zone *x = a, *y = b;
    if (x->score != y->score)
        return (x->score < y->score) - (x->score > y->score); /* descending */
    return (x->lo > y->lo) - (x->lo < y->lo);
}

static int cmp_zone_lo(const void *a, const void *b)
{
    const struct level_zone *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

size_t levels_compute(const struct rec_candle *c, size_t n, const struct level_cfg *cfg,
                      struct level_set *out)
{
    memset(out, 0, sizeof *out);
    out->atr = NAN;
    out->last_close = NAN;
    if (!c || n == 0)
        return 0;
    struct bar *b = malloc(sizeof *b * n);
    struct bar *b4 = malloc(sizeof *b4 * (n / 4 + 2));
    double *tmp = malloc(sizeof *tmp * n);
    struct pts ps = {0};
    ps.cap = 2 * n + 2 * (n / 4 + 2) + 4 + 64;
    ps.p = malloc(sizeof *ps.p * ps.cap);
    if (!b || !b4 || !tmp || !ps.p)
        goto done;

    /* valid bars only */
    size_t nb = 0;
    double last_close = NAN;
    for (size_t i = 0; i < n; i++) {
        const struct rec_candle *k = &c[i];
        if (!(isfinite(k->high) && isfinite(k->low) && isfinite(k->close) && k->low > 0 &&
              k->high >= k->low))
            continue;
        if (nb && k->t_ms <= b[nb - 1].t)
            continue; /* not strictly increasing: skip */
        b[nb++] = (struct bar){k->t_ms, k->high, k->low, k->volume};
        last_close = k->close;
    }
    int pn = cfg->pivot_n < 1 ? 1 : cfg->pivot_n;
    if (nb < (size_t)(2 * pn + 1))
        goto done;
    int64_t last_t = b[nb - 1].t;

    /* ATR over the last atr_period bars (true range needs the previous close;
     * we only kept highs and lows, so use the candles' closes directly) */
    {
        int period = cfg->atr_period < 1 ? 1 : cfg->atr_period;
        double sum = 0, prev_close = NAN;
        int k = 0;
        size_t start = n > (size_t)period + 1 ? n - (size_t)period - 1 : 0;
        for (size_t i = start; i < n; i++) {
            const struct rec_candle *q = &c[i];
            if (!(isfinite(q->high) && isfinite(q->low) && isfinite(q->close) && q->low > 0 &&
                  q->high >= q->low))
                continue;
            if (isfinite(prev_close)) {
                double tr = q->high - q->low;
                if (fabs(q->high - prev_close) > tr)
                    tr = fabs(q->high - prev_close);
                if (fabs(q->low - prev_close) > tr)
                    tr = fabs(q->low - prev_close);
                sum += tr;
                k++;
            }
            prev_close = q->close;
        }
        if (k == 0 || !(sum > 0))
            goto done;
        out->atr = sum / k;
    }
    out->last_close = last_close;
    out->last_t_ms = last_t;
    out->n_candles = (uint32_t)nb;

    find_pivots(b, nb, pn, 1.0, LEVEL_PIVOT_1H, last_t, cfg, tmp, &ps);

    /* 4h bars, UTC-aligned */
    size_t n4 = 0;
    for (size_t i = 0; i < nb; i++) {
        int64_t g = floor_div(b[i].t, 4 * HOUR_MS);
        if (n4 && floor_div(b4[n4 - 1].t, 4 * HOUR_MS) == g) {
            struct bar *q = &b4[n4 - 1];
            if (b[i].hi > q->hi)
                q->hi = b[i].hi;
            if (b[i].lo < q->lo)
                q->lo = b[i].lo;
            q->vol = isfinite(q->vol) && isfinite(b[i].vol) ? q->vol + b[i].vol : NAN;
        } else {
            b4[n4++] = (struct bar){g * 4 * HOUR_MS, b[i].hi, b[i].lo, b[i].vol};
        }
    }
    find_pivots(b4, n4, cfg->pivot_n_4h, cfg->weight_4h, LEVEL_PIVOT_4H, last_t, cfg, tmp, &ps);

    /* previous UTC day and ISO week (weeks start on Monday; day 0 was a Thursday) */
    double lo, hi;
    int64_t day = floor_div(last_t, DAY_MS);
    if (range_of(b, nb, (day - 1) * DAY_MS, day * DAY_MS, 12, &lo, &hi)) {
        pts_add(&ps, lo, cfg->weight_day, LEVEL_PREV_DAY, 0);
        pts_add(&ps, hi, cfg->weight_day, LEVEL_PREV_DAY, 0);
    }
    int64_t week = floor_div(day + 3, 7);
    int64_t week_start = (week * 7 - 3) * DAY_MS;
    if (range_of(b, nb, week_start - 7 * DAY_MS, week_start, 48, &lo, &hi)) {
        pts_add(&ps, lo, cfg->weight_week, LEVEL_PREV_WEEK, 0);
        pts_add(&ps, hi, cfg->weight_week, LEVEL_PREV_WEEK, 0);
    }
    add_round_numbers(last_close, cfg, &ps);

    /* cluster */
    qsort(ps.p, ps.n, sizeof *ps.p, cmp_point);
    struct level_zone *all = malloc(sizeof *all * (ps.n ? ps.n : 1));
    if (!all)
        goto done;
    size_t nz = 0;
    double reach = cfg->zone_atr * out->atr, min_w = cfg->min_width_atr * out->atr;
    for (size_t i = 0; i < ps.n;) {
        struct level_zone z = {ps.p[i].price, ps.p[i].price, 0, 0, 0, 0, 0, 0};
        size_t j = i;
        for (; j < ps.n && ps.p[j].price - ps.p[i].price <= reach; j++) {
            const struct point *p = &ps.p[j];
            z.hi = p->price;
            z.score += p->weight;
            z.sources |= p->src;
            if (p->src & (LEVEL_PIVOT_1H | LEVEL_PIVOT_4H)) {
                z.touches++;
                if (p->t > z.last_ms)
                    z.last_ms = p->t;
            }
        }
        if (z.hi - z.lo < min_w) {
            double mid = (z.lo + z.hi) / 2;
            z.lo = mid - min_w / 2;
            z.hi = mid + min_w / 2;
        }
        double cross = crossings(c, n, &z, last_t, cfg);
        if (cfg->cross_penalty > 0)
            z.score /= 1 + cfg->cross_penalty * cross;
        z.strength = cfg->score_scale > 0 ? 1 - exp(-z.score / cfg->score_scale) : 1;
        all[nz++] = z;
        i = j;
    }
    int maxz = cfg->max_zones < 1 ? 1 : cfg->max_zones > LEVELS_MAX ? LEVELS_MAX : cfg->max_zones;
    qsort(all, nz, sizeof *all, cmp_zone_strength);
    if (nz > (size_t)maxz)
        nz = (size_t)maxz;
    qsort(all, nz, sizeof *all, cmp_zone_lo);
    memcpy(out->zone, all, sizeof *all * nz);
    out->n = nz;
    free(all);
done:
    free(b);
    free(b4);
    free(tmp);
    free(ps.p);
    return out->n;
}

const struct level_zone *levels_support_below(const struct level_set *ls, double price)
{
    if (!ls || !isfinite(price))
        return NULL;
    const struct level_zone *best = NULL;
    for (size_t i = 0; i < ls->n; i++) {
        const struct level_zone *z = &ls->zone[i];
        if ((z->lo + z->hi) / 2 < price && (!best || z->hi > best->hi))
            best = z;
    }
    return best;
}

const struct level_zone *levels_resistance_above(const struct level_set *ls, double price)
{
    if (!ls || !isfinite(price))
        return NULL;
    const struct level_zone *best = NULL;
    for (size_t i = 0; i < ls->n; i++) {
        const struct level_zone *z = &ls->zone[i];
        if ((z->lo + z->hi) / 2 >= price && (!best || z->lo < best->lo))
            best = z;
    }
    return best;
}

double levels_distance_pct(const struct level_zone *z, double price)
{
    if (!z || !(price > 0))
        return NAN;
    if (price > z->hi)
        return (price - z->hi) / price * 100;
    if (price < z->lo)
        return (z->lo - price) / price * 100;
    return 0;
}

const char *levels_sources_str(unsigned src, char *buf, size_t n)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{LEVEL_PIVOT_1H, "pivot 1h"}, {LEVEL_PIVOT_4H, "pivot 4h"},
                 {LEVEL_PREV_DAY, "prev day"}, {LEVEL_PREV_WEEK, "prev week"},
                 {LEVEL_ROUND, "round"}};
    if (!n)
        return buf;
    buf[0] = '\0';
    size_t o = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(src & names[i].bit))
            continue;
        int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", names[i].name);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

int levels_round_below(double price, const struct level_cfg *cfg, struct level_zone *out)
{
    if (!(price > 0) || !isfinite(price))
        return -1;
    double step, major;
    round_grid(price, &step, &major);
    double k = ceil(price / step) - 1; /* the grid point strictly below price */
    double v = k * step;
    if (!(v > 0))
        return -1;
    int is_major = fmod(k, major / step) == 0;
    double w = is_major ? cfg->weight_round_major : cfg->weight_round;
    memset(out, 0, sizeof *out);
    out->lo = out->hi = v;
    out->score = w;
    out->strength = cfg->score_scale > 0 ? 1 - exp(-w / cfg->score_scale) : 1;
    out->sources = LEVEL_ROUND;
    return 0;
}
