/* bench_model: store + detector updates per second (benchmark).
 *
 *   bench_model [SYMBOLS] [HOURS]        default 300 symbols, 2 market hours timed
 *
 * What one "update" is: one symbol-venue observation (a ticker with mark,
 * last price, OI and funding) applied to the store by store_apply, plus the
 * model work it triggers: the app calls model_update after every response,
 * so each venue's batch of SYMBOLS tickers is followed by one model_update,
 * which refreshes every asset the batch touched (figures, OI changes,
 * estimated liquidations, levels, the four detectors, stress, price alerts).
 * Updates per second = observations / CPU seconds spent in store_apply and
 * model_update together. Building the records (the parsers' job, measured by
 * bench_parse) is not counted.
 *
 * The market: SYMBOLS assets on 4 venues (binance, bybit, okx, hyperliquid)
 * each polled every 5 s of market time (staggered by 1.25 s, as responses
 * arrive), a random walk with 3 %/day volatility, 500 h of 1h candles so
 * support zones exist, a new candle batch every minute, liquidations on 2 %
 * of observations, and a market-wide 8 % fall in three waves over 30 min
 * in the middle of the timed period (breaks, cascades, estimated liquidations
 * fire). One warm-up hour first so every ring is full, as in a long run.
 *
 * Output: "model symbols=N venues=4 updates=N cpu_s=X updates_per_s=X
 * store_share=X alerts=N refreshes=N". */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include "liqtop/alert.h"
#include "liqtop/model.h"
#include "liqtop/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SEC 1000LL
#define MIN 60000LL
#define H 3600000LL
#define T0 1767225600000LL /* 2026-01-01 */

static uint64_t rng = 88172645463325252ULL;

static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return ((double)(rng >> 11) + 0.5) / (double)(1ULL << 53);
}

static double nrand(void)
{
    return sqrt(-2 * log(urand())) * cos(6.283185307179586 * urand());
}

struct asset_walk {
    double px, oi, funding;
    double c_open, c_high, c_low; /* the hour in progress */
};

int main(int argc, char **argv)
{
    size_t ns = argc > 1 ? (size_t)atoi(argv[1]) : 300;
    double hours = argc > 2 ? atof(argv[2]) : 2;
    if (ns < 1)
        ns = 1;
    char(*names)[16] = calloc(ns, sizeof *names);
    const char **syms = calloc(ns, sizeof *syms);
    struct asset_walk *w = calloc(ns, sizeof *w);
    if (!names || !syms || !w)
        return 1;
    for (size_t i = 0; i < ns; i++) {
        if (i == 0)
            snprintf(names[i], sizeof names[i], "BTC");
        else
            snprintf(names[i], sizeof names[i], "S%03u", (unsigned)(i % 1000));
        syms[i] = names[i];
        w[i].px = i == 0 ? 63000 : exp(log(0.001) + urand() * log(1e6));
        w[i].oi = i == 0 ? 2e9 : 1e6 + 3e8 * urand() * urand();
        w[i].funding = 0.0001;
    }
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, syms, ns);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = model_new(&mc, s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    if (!s || !m || !al)
        return 1;
    struct recs r;
    recs_init(&r);

    /* 500 h of history: hourly candles with swings, so zones form */
    int64_t now = T0;
    for (size_t i = 0; i < ns; i++) {
        double p = w[i].px;
        for (int k = 500; k >= 1; k--) {
            struct rec_candle *c = recs_add_candle(&r, syms[i]);
            double swing = 1 + 0.04 * sin((double)k / 11.0 + (double)i);
            c->t_ms = T0 - k * H;
            c->interval_s = 3600;
            c->open = p * swing;
            c->close = p * swing * (1 + 0.004 * nrand());
            c->high = fmax(c->open, c->close) * 1.003;
            c->low = fmin(c->open, c->close) * 0.997;
            c->volume = 100;
        }
        w[i].c_open = w[i].c_high = w[i].c_low = p;
    }
    store_apply(s, VENUE_BINANCE, &r, now);
    recs_clear(&r);
    model_update(m, now, al);

    const enum venue_id vs[4] = {VENUE_BINANCE, VENUE_BYBIT, VENUE_OKX, VENUE_HYPERLIQUID};
    const int64_t warm_ms = H, timed_ms = (int64_t)(hours * H);
    const int64_t crash_at = T0 + warm_ms + timed_ms / 2 - 15 * MIN;
    double cpu_store = 0, cpu_model = 0;
    uint64_t updates = 0;
    size_t alerts_before = 0;
    struct model_stats st0;
    memset(&st0, 0, sizeof st0);
    for (int64_t round = T0 + 5 * SEC; round <= T0 + warm_ms + timed_ms; round += 5 * SEC) {
        int timed = round > T0 + warm_ms;
        if (timed && alerts_before == 0 && updates == 0) {
            alerts_before = alerts_count(al);
            model_stats(m, &st0);
        }
        /* market-wide crash: three waves of -2.75 % over 30 minutes */
        double crash_step = 0;
        if (round > crash_at && round <= crash_at + 30 * MIN) {
            int64_t into = (round - crash_at) % (10 * MIN);
            if (into < 5 * MIN)
                crash_step = log(1 - 0.0275) / (5 * MIN / (5 * SEC));
        }
        for (size_t i = 0; i < ns; i++) {
            w[i].px *= exp(0.00072 * nrand() + crash_step);
            w[i].oi *= exp(0.0003 * nrand() + (crash_step < 0 ? 0.3 * crash_step * 5 : 0));
            w[i].funding = 0.98 * w[i].funding + 0.02 * (crash_step < 0 ? -0.0003 : 0.0001);
            w[i].c_high = fmax(w[i].c_high, w[i].px);
            w[i].c_low = fmin(w[i].c_low, w[i].px);
        }
        for (int v = 0; v < 4; v++) {
            now = round + v * 1250;
            for (size_t i = 0; i < ns; i++) {
                struct rec_ticker *t = recs_add_ticker(&r, syms[i]);
                double px = w[i].px * (1 + 0.0002 * (v - 1.5));
                t->price = px;
                t->mark = px * 0.99998;
                t->funding = w[i].funding;
                if (v == 0)
                    t->oi_base = w[i].oi / px; /* binance reports coins */
                else
                    t->oi_usd = w[i].oi;
                double p_liq = crash_step < 0 ? 0.3 : 0.02;
                if (vs[v] != VENUE_HYPERLIQUID && urand() < p_liq) {
                    struct rec_liq *l = recs_add_liq(&r, syms[i]);
                    l->t_ms = now - (int64_t)(urand() * 5000);
                    l->side = crash_step < 0 || urand() < 0.5 ? LIQ_LONG : LIQ_SHORT;
                    l->price = px;
                    l->usd = w[i].oi * (crash_step < 0 ? 2e-4 : 1e-5) * exp(nrand());
                    l->qty = l->usd / px;
                }
            }
            double c0 = bu_cpu_s();
            store_apply(s, vs[v], &r, now);
            double c1 = bu_cpu_s();
            model_update(m, now, al);
            double c2 = bu_cpu_s();
            if (timed) {
                cpu_store += c1 - c0;
                cpu_model += c2 - c1;
                updates += ns;
            }
            recs_clear(&r);
        }
        if (round % MIN == 0) {
            /* binance klines every minute: the hour in progress, per asset */
            for (size_t i = 0; i < ns; i++) {
                struct rec_candle *c = recs_add_candle(&r, syms[i]);
                c->t_ms = round / H * H;
                c->interval_s = 3600;
                c->open = w[i].c_open;
                c->high = w[i].c_high;
                c->low = w[i].c_low;
                c->close = w[i].px;
                c->volume = 50;
                if (round % H == 0)
                    w[i].c_open = w[i].c_high = w[i].c_low = w[i].px;
            }
            double c0 = bu_cpu_s();
            store_apply(s, VENUE_BINANCE, &r, round);
            model_update(m, round, al);
            if (timed)
                cpu_model += bu_cpu_s() - c0;
            recs_clear(&r);
        }
    }
    struct model_stats st;
    model_stats(m, &st);
    double cpu = cpu_store + cpu_model;
    printf("model symbols=%zu venues=4 hours=%.2f updates=%llu cpu_s=%.3f updates_per_s=%.0f "
           "store_share=%.2f alerts=%zu refreshes=%llu levels=%llu est_liqs=%llu store_mb=%.1f\n",
           ns, hours, (unsigned long long)updates, cpu, (double)updates / cpu, cpu_store / cpu,
           alerts_count(al) - alerts_before,
           (unsigned long long)(st.asset_refreshes - st0.asset_refreshes),
           (unsigned long long)(st.level_computes - st0.level_computes),
           (unsigned long long)(st.estimated_liqs - st0.estimated_liqs),
           (double)store_bytes(s) / 1048576.0);
    recs_done(&r);
    alerts_free(al);
    model_free(m);
    store_free(s);
    free(names);
    free(syms);
    free(w);
    return 0;
}
