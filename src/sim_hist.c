/* sim_hist: the market before the start (see sim_int.h).
 *
 * The 1h candle history is drawn as Brownian bridges between waypoints: an
 * older stretch above the range, then ~2 weeks ranging above a support S
 * (1.2-1.4 % under the start price) that price touches four times, each touch
 * a pivot low within +-0.15 % of S (no other bar of the range reaches into
 * the zone), and a last leg up to the start price.
 *
 * The positions open at the start are the ones a market like that would
 * leave: each was opened at a random time in the past at a price inside that
 * hour's candle (longs more often near the support, high leverage only
 * recently and only on small accounts, some with a stop loss, often just
 * under the support), and only those whose liquidation (or stop) was never
 * crossed since are kept. Notional is split evenly between longs and shorts;
 * longs are more numerous (crowded) and smaller. So the liquidation map
 * under the start price has layers: 50-100x entered near the start and the
 * stops just under S, then 20-25x entered near S a few percent lower, which
 * is what turns the support break into a cascade. */
#include "sim_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL
#define N_TOUCH 4

struct waypoint {
    int i;    /* bar index */
    double x; /* log close */
};

/* Fill x[i0+1 .. i1] with a Brownian bridge from x[i0] to x1, sigma per bar. */
static void bridge(struct sim_rng *r, double *x, int i0, int i1, double x1, double sigma)
{
    int n = i1 - i0;
    if (n <= 0)
        return;
    double w = 0;
    double *wv = x + i0 + 1; /* use the output as scratch for the walk */
    for (int k = 1; k <= n; k++) {
        w += sigma * sim_rng_norm(r);
        wv[k - 1] = w;
    }
    double wn = wv[n - 1], x0 = x[i0];
    for (int k = 1; k <= n; k++) {
        double f = (double)k / n;
        wv[k - 1] = x0 + (x1 - x0) * f + (wv[k - 1] - f * wn);
    }
}

int sim_hist_build(struct sim_asset *a, int hours, int64_t start_ms)
{
    struct sim_rng *r = &a->hrng;
    int H = hours < 48 ? 48 : hours > SIM_HIST_MAX ? SIM_HIST_MAX : hours;
    double p0 = a->prm.price, sig = a->prm.vol_h;
    double gap = sim_rng_range(r, 0.012, 0.014);
    double S = p0 * (1.0 - gap);
    a->support = S;

    double *x = malloc(sizeof *x * (size_t)H);
    unsigned char *touch = calloc((size_t)H, 1);
    a->hist = malloc(sizeof *a->hist * (size_t)H);
    if (!x || !touch || !a->hist) {
        free(x);
        free(touch);
        free(a->hist);
        a->hist = NULL;
        return -1;
    }

    /* the range: the last R bars, R about two weeks */
    int R = H - 24 < 336 ? H - 24 : 336;
    int r0 = H - R;
    struct waypoint wp[2 * N_TOUCH + 12];
    int nw = 0;
    wp[nw++] = (struct waypoint){0, log(S * (1 + sim_rng_range(r, 0.05, 0.11)))};
    int every = r0 / 8 > 60 ? r0 / 8 : 60;
    for (int i = every; i < r0 - 30; i += every) /* the older stretch wanders above the range */
        wp[nw++] = (struct waypoint){i, log(S * (1 + sim_rng_range(r, 0.03, 0.10)))};
    wp[nw++] = (struct waypoint){r0, log(S * (1 + sim_rng_range(r, 0.03, 0.05)))};
    /* touches, oldest first, as fractions of R before the end */
    static const double tlo[N_TOUCH] = {0.80, 0.56, 0.32, 0.09};
    static const double thi[N_TOUCH] = {0.90, 0.66, 0.42, 0.17};
    int ti[N_TOUCH];
    for (int k = 0; k < N_TOUCH; k++) {
        ti[k] = H - 1 - (int)(R * sim_rng_range(r, tlo[k], thi[k]));
        int prev = wp[nw - 1].i;
        if (k > 0) /* a rally between touches */
            wp[nw++] = (struct waypoint){(prev + ti[k]) / 2,
                                         log(S * (1 + sim_rng_range(r, 0.025, 0.045)))};
        wp[nw++] = (struct waypoint){ti[k], log(S * (1 + sim_rng_range(r, 0.003, 0.005)))};
        touch[ti[k]] = 1;
    }
    wp[nw++] = (struct waypoint){H - 1, log(p0)};

    x[0] = wp[0].x;
    for (int k = 1; k < nw; k++)
        bridge(r, x, wp[k - 1].i, wp[k].i, wp[k].x, sig * 0.9);
    for (int k = 0; k < nw; k++)
        x[wp[k].i] = wp[k].x; /* exact at the waypoints */

    /* keep closes off the support except at the touches (reflect), and the
     * older stretch clearly above it */
    double floor_range = log(S * 1.005), floor_old = log(S * 1.012);
    for (int i = 0; i < H - 1; i++) {
        if (touch[i])
            continue;
        double f = i >= r0 ? floor_range : floor_old;
        if (x[i] < f)
            x[i] = f + (f - x[i]) * 0.5;
    }

    double turnover_h = 0.15 * a->prm.oi_usd * sim_venue_share[VENUE_BINANCE];
    for (int i = 0; i < H; i++) {
        struct sim_candle *c = &a->hist[i];
        c->t_ms = start_ms - (int64_t)(H - i) * HOUR_MS;
        c->close = exp(x[i]);
        c->open = i ? a->hist[i - 1].close : c->close * exp(0.5 * sig * sim_rng_norm(r));
        double hi = c->open > c->close ? c->open : c->close;
        double lo = c->open < c->close ? c->open : c->close;
        c->high = hi * exp(fabs(sim_rng_norm(r)) * 0.45 * sig);
        c->low = lo * exp(-fabs(sim_rng_norm(r)) * 0.45 * sig);
        if (touch[i]) {
            c->low = S * (1 + sim_rng_range(r, -0.0015, 0.0015));
        } else if (i >= r0) {
            /* no other bar reaches into the zone: the touches stay pivots */
            double fl = S * (1 + sim_rng_range(r, 0.0018, 0.0038));
            if (fl > lo)
                fl = lo;
            if (c->low < fl)
                c->low = fl;
        }
        double mv = fabs(log(c->close / c->open)) / sig;
        c->volume = turnover_h * (0.7 + 0.6 * mv) * exp(0.25 * sim_rng_norm(r)) / c->close;
    }
    a->n_hist = H;
    free(x);
    free(touch);

    /* 24 h of 5-min prices (for 24 h changes), and hourly turnover */
    for (int k = 0; k < SIM_RING24; k++) {
        int64_t t = start_ms - (int64_t)(SIM_RING24 - 1 - k) * 300000;
        int i = H - 1 - (int)((start_ms - 1 - t) / HOUR_MS);
        double v = p0;
        if (t < start_ms && i >= 0) {
            const struct sim_candle *c = &a->hist[i];
            double f = (double)(t - c->t_ms) / HOUR_MS;
            v = c->open + (c->close - c->open) * f;
        }
        a->r24[k] = v;
    }
    a->r24_head = 0;
    for (int k = 0; k < 24; k++) {
        const struct sim_candle *c = &a->hist[H - 24 + k];
        a->vol24[k] = c->volume * c->close / sim_venue_share[VENUE_BINANCE];
    }
    a->vol24_head = 0;
    return 0;
}

int sim_hist_population(struct sim_asset *a)
{
    struct sim_rng *r = &a->hrng;
    int H = a->n_hist;
    double p0 = a->prm.price, S = a->support, mmr = a->prm.mmr;
    /* suffix extremes: lowest low / highest high after bar i */
    double *smin = malloc(sizeof *smin * (size_t)(H + 1));
    double *smax = malloc(sizeof *smax * (size_t)(H + 1));
    if (!smin || !smax) {
        free(smin);
        free(smax);
        return -1;
    }
    smin[H] = smax[H] = p0;
    for (int i = H - 1; i >= 0; i--) {
        smin[i] = fmin(smin[i + 1], a->hist[i].low);
        smax[i] = fmax(smax[i + 1], a->hist[i].high);
    }

    double target = a->prm.oi_usd;
    double cap = 0.02 * target;
    /* minimum size such that the capped Pareto mean gives about n_pos positions */
    double mean = target / a->prm.n_pos, xm = mean / 5;
    for (int it = 0; it < 30; it++)
        xm *= mean / sim_pareto_mean(xm, cap);
    a->pos_xm = xm;
    a->pos_cap = cap;

    double sum = 0, side_sum[2] = {0, 0};
    int range_h = H - 24 < 336 ? H - 24 : 336;
    for (long guard = 0; sum < target && guard < 200L * a->prm.n_pos; guard++) {
        struct sim_pos q;
        memset(&q, 0, sizeof q);
        q.side = sim_rng_unif(r) < SIM_LONG_SHARE ? SIM_LONG : SIM_SHORT;
        if (side_sum[q.side] >= target / 2)
            continue; /* notional about balanced between the sides */
        double age_h = sim_rng_unif(r) < 0.5 ? 10 * sim_rng_exp(r) : range_h * sim_rng_unif(r);
        int j = H - 1 - (int)age_h;
        if (j < 0)
            continue;
        const struct sim_candle *c = &a->hist[j];
        q.entry = sim_rng_range(r, c->low, c->high);
        if (q.side == SIM_LONG) { /* dip buyers: longs are opened near the support more often */
            double z = (q.entry / S - 1) / 0.006;
            if (sim_rng_unif(r) * 4 > 1 + 3 * exp(-z * z) && sim_rng_unif(r) < 0.6)
                continue;
        }
        double usd = sim_new_size(r, a, q.side);
        int lev = sim_draw_lev(r, a->prm.max_lev, usd / xm);
        if (lev >= 50 && age_h > 24)
            continue; /* high leverage does not sit for days */
        q.lev = (uint8_t)lev;
        q.liq = sim_liq_price(q.side, q.entry, lev, mmr);
        q.trigger = q.liq;
        double stop = NAN;
        int small = usd < 8 * xm; /* stops are a retail habit too */
        if (q.side == SIM_LONG) {
            if (small && q.entry >= S && q.entry < S * 1.012 && sim_rng_unif(r) < 0.15)
                stop = S * (1 - sim_rng_range(r, 0.002, 0.008)); /* just under the support */
            else if (small && sim_rng_unif(r) < 0.08)
                stop = q.entry * (1 - sim_rng_range(r, 0.01, 0.04));
            double lowest = fmin(smin[j + 1], p0 * 0.9995);
            if (!isnan(stop) && stop > q.liq && stop < lowest) {
                q.trigger = stop;
                q.stop = 1;
            }
            if (q.liq >= lowest)
                continue; /* liquidated before the start */
        } else {
            if (small && sim_rng_unif(r) < 0.08)
                stop = q.entry * (1 + sim_rng_range(r, 0.01, 0.04));
            double highest = fmax(smax[j + 1], p0 * 1.0005);
            if (!isnan(stop) && stop < q.liq && stop > highest) {
                q.trigger = stop;
                q.stop = 1;
            }
            if (q.liq <= highest)
                continue;
        }
        q.qty = usd / q.entry;
        q.venue = (uint8_t)sim_pick_venue(r);
        if (sim_pop_add(&a->pop, &q) < 0) {
            free(smin);
            free(smax);
            return -1;
        }
        sum += q.qty * p0;
        side_sum[q.side] += q.qty * p0;
    }
    free(smin);
    free(smax);
    return 0;
}
