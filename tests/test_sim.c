/* The simulated market behind --demo (sim.h). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime for the cost figures */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/record.h"
#include "liqtop/sim.h"
#include "liqtop/venue.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define START 1767225600000LL /* 2026-01-01T00:00:00Z */
#define SEC 1000LL
#define HOUR (3600 * SEC)

static const char *const majors[] = {"BTC", "ETH", "SOL", "XRP", "DOGE"};

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void outs_init(struct recs out[VENUE_COUNT])
{
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_init(&out[v]);
}

static void outs_clear(struct recs out[VENUE_COUNT])
{
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_clear(&out[v]);
}

static void outs_done(struct recs out[VENUE_COUNT])
{
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_done(&out[v]);
}

static struct sim *make(uint64_t seed, const char *const *syms, size_t n)
{
    struct sim_cfg cfg;
    sim_cfg_default(&cfg);
    cfg.seed = seed;
    struct sim *s = sim_new(&cfg, syms, n, START);
    assert_non_null(s);
    return s;
}

/* The binance mark of sym in a batch, NAN if absent. */
static double binance_mark(const struct recs out[VENUE_COUNT], const char *sym)
{
    for (size_t i = 0; i < out[VENUE_BINANCE].n_tickers; i++)
        if (!strcmp(out[VENUE_BINANCE].tickers[i].sym, sym))
            return out[VENUE_BINANCE].tickers[i].mark;
    return NAN;
}

/* Sum over venues of the published OI of sym in a batch. */
static double published_oi(const struct recs out[VENUE_COUNT], const char *sym, int base)
{
    double s = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        for (size_t i = 0; i < out[v].n_tickers; i++)
            if (!strcmp(out[v].tickers[i].sym, sym))
                s += base ? out[v].tickers[i].oi_base : out[v].tickers[i].oi_usd;
    return s;
}

static int same_recs(const struct recs *a, const struct recs *b)
{
    /* records are memset before they are filled, so padding compares too */
    return a->n_tickers == b->n_tickers && a->n_liqs == b->n_liqs &&
           a->n_candles == b->n_candles && a->n_depths == b->n_depths &&
           a->n_points == b->n_points && a->has_fear_greed == b->has_fear_greed &&
           a->has_market_cap == b->has_market_cap &&
           (!a->n_tickers || !memcmp(a->tickers, b->tickers, a->n_tickers * sizeof *a->tickers)) &&
           (!a->n_liqs || !memcmp(a->liqs, b->liqs, a->n_liqs * sizeof *a->liqs)) &&
           (!a->n_candles || !memcmp(a->candles, b->candles, a->n_candles * sizeof *a->candles)) &&
           (!a->n_depths || !memcmp(a->depths, b->depths, a->n_depths * sizeof *a->depths)) &&
           (!a->n_points || !memcmp(a->points, b->points, a->n_points * sizeof *a->points)) &&
           (!a->has_fear_greed || !memcmp(&a->fear_greed, &b->fear_greed, sizeof a->fear_greed)) &&
           (!a->has_market_cap || !memcmp(&a->market_cap, &b->market_cap, sizeof a->market_cap));
}

static void oi_is_the_sum_of_open_positions(void **state)
{
    (void)state;
    struct sim *s = make(7, majors, 2);
    struct recs out[VENUE_COUNT];
    outs_init(out);
    /* before, in and after the cascade */
    static const int at_s[] = {10, 25, 40, 90, 300, 1800};
    int64_t t = START;
    for (size_t k = 0; k < sizeof at_s / sizeof at_s[0]; k++) {
        outs_clear(out);
        while (t < START + at_s[k] * SEC) {
            t += SEC;
            outs_clear(out);
            assert_int_equal(sim_advance(s, t, out), 0);
        }
        for (size_t a = 0; a < 2; a++) {
            struct sim_asset_stats st;
            assert_int_equal(sim_asset_stats(s, majors[a], &st), 0);
            assert_int_equal(sim_check(s, majors[a]), 0);
            assert_true(st.oi_base > 0);
            /* what the venues published this second is the sum of the positions */
            double pub = published_oi(out, majors[a], 1);
            assert_true(fabs(pub - st.oi_base) <= 1e-9 * st.oi_base);
            assert_true(fabs(st.oi_base_published - st.oi_base) <= 1e-9 * st.oi_base);
            /* in USD at each venue's mark: within the venues' price differences */
            double pub_usd = published_oi(out, majors[a], 0);
            assert_true(fabs(pub_usd / (st.oi_base * st.mark) - 1) < 0.002);
            assert_true(fabs(st.oi_usd - st.oi_base * st.price) <= 1e-9 * st.oi_usd);
        }
    }
    outs_done(out);
    sim_free(s);
}

static void a_liquidated_position_is_gone_and_counted_once(void **state)
{
    (void)state;
    struct sim *s = make(7, majors, 1);
    struct recs out[VENUE_COUNT];
    outs_init(out);
    struct sim_asset_stats st0, st;
    assert_int_equal(sim_asset_stats(s, "BTC", &st0), 0);
    assert_int_equal(st0.liquidations, 0);
    int64_t t = START;
    size_t n_pub = 0;
    double usd_pub[2] = {0, 0};
    while (t < START + 600 * SEC) {
        int64_t prev = t;
        t += 500;
        outs_clear(out);
        assert_int_equal(sim_advance(s, t, out), 0);
        assert_int_equal(out[VENUE_HYPERLIQUID].n_liqs, 0); /* no public feed there */
        for (int v = 0; v < VENUE_MARKET_COUNT; v++)
            for (size_t i = 0; i < out[v].n_liqs; i++) {
                const struct rec_liq *l = &out[v].liqs[i];
                assert_string_equal(l->sym, "BTC");
                assert_true(l->t_ms > prev && l->t_ms <= t);
                assert_true(l->side == LIQ_LONG || l->side == LIQ_SHORT);
                assert_true(l->price > 0 && l->qty > 0);
                assert_true(fabs(l->usd - l->qty * l->price) <= 1e-6 * l->usd);
                /* no record repeats an earlier one of the same batch */
                for (size_t j = 0; j < i; j++)
                    assert_false(out[v].liqs[j].qty == l->qty && out[v].liqs[j].t_ms == l->t_ms);
                n_pub++;
                usd_pub[l->side] += l->usd;
            }
        if (t % (10 * SEC) == 0)
            assert_int_equal(sim_check(s, "BTC"), 0);
    }
    assert_int_equal(sim_asset_stats(s, "BTC", &st), 0);
    assert_true(st.liquidations > 100);
    /* every forced close is published once, except on hyperliquid */
    assert_int_equal(n_pub + st.liquidations_unpublished, st.liquidations);
    assert_true(st.liquidations_unpublished > 0);
    assert_true(usd_pub[LIQ_LONG] < st.liquidated_long_usd);
    assert_true(usd_pub[LIQ_LONG] > 0.8 * st.liquidated_long_usd); /* hyperliquid holds 8 % */
    assert_true(usd_pub[LIQ_SHORT] <= st.liquidated_short_usd + 1);
    /* and the positions are gone: fewer open than before, OI down */
    assert_true(st.positions_open < st0.positions_open);
    assert_true(st.oi_base < st0.oi_base);
    outs_done(out);
    sim_free(s);
}

/* Run a sim for dur_ms in chunks of chunk_ms, keeping every record. */
static void run_chunks(uint64_t seed, int64_t dur_ms, int64_t chunk_ms, int history,
                       struct recs out[VENUE_COUNT])
{
    struct sim *s = make(seed, majors, 2);
    if (history) {
        struct recs h[VENUE_COUNT];
        outs_init(h);
        assert_int_equal(sim_history(s, h), 0);
        outs_done(h);
    }
    for (int64_t t = START; t < START + dur_ms;) {
        t += chunk_ms;
        if (t > START + dur_ms)
            t = START + dur_ms;
        assert_int_equal(sim_advance(s, t, out), 0); /* appends */
    }
    assert_int_equal(sim_now(s), START + dur_ms);
    sim_free(s);
}

static void output_does_not_depend_on_chunking(void **state)
{
    (void)state;
    const int64_t dur = 20 * 60 * SEC; /* through the whole cascade */
    struct recs a[VENUE_COUNT], b[VENUE_COUNT], c[VENUE_COUNT];
    outs_init(a);
    outs_init(b);
    outs_init(c);
    run_chunks(7, dur, 250, 0, a);
    run_chunks(7, dur, 60 * SEC, 0, b);
    run_chunks(7, dur, 777, 0, c); /* off the step grid */
    size_t total = 0;
    for (int v = 0; v < VENUE_COUNT; v++) {
        assert_true(same_recs(&a[v], &b[v]));
        assert_true(same_recs(&a[v], &c[v]));
        total += recs_count(&a[v]);
    }
    assert_true(total > 10000);
    assert_true(a[VENUE_BINANCE].n_liqs > 100);
    outs_done(a);
    outs_done(b);
    outs_done(c);
}

static void same_seed_same_run_other_seed_other_run(void **state)
{
    (void)state;
    const int64_t dur = 5 * 60 * SEC;
    struct recs a[VENUE_COUNT], b[VENUE_COUNT], c[VENUE_COUNT];
    outs_init(a);
    outs_init(b);
    outs_init(c);
    run_chunks(7, dur, SEC, 0, a);
    run_chunks(7, dur, SEC, 1, b); /* the history does not change the run */
    run_chunks(8, dur, SEC, 0, c);
    int differ = 0;
    for (int v = 0; v < VENUE_COUNT; v++) {
        assert_true(same_recs(&a[v], &b[v]));
        differ |= !same_recs(&a[v], &c[v]);
    }
    assert_true(differ);
    /* not just a little: the paths differ */
    assert_true(a[VENUE_BINANCE].tickers[200].price != c[VENUE_BINANCE].tickers[200].price);
    outs_done(a);
    outs_done(b);
    outs_done(c);
}

static int is_pivot_low(const struct rec_candle *c, size_t n, size_t i, size_t k)
{
    if (i < k || i + k >= n)
        return 0;
    for (size_t j = 1; j <= k; j++)
        if (!(c[i].low < c[i - j].low && c[i].low < c[i + j].low))
            return 0;
    return 1;
}

static void history_has_the_support_pivots(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        struct sim *s = make(seed, majors, 5);
        struct recs out[VENUE_COUNT];
        outs_init(out);
        assert_int_equal(sim_history(s, out), 0);
        for (size_t a = 0; a < 5; a++) {
            struct sim_asset_stats st;
            assert_int_equal(sim_asset_stats(s, majors[a], &st), 0);
            /* this asset's closed candles, oldest first */
            struct rec_candle *c = calloc(600, sizeof *c);
            assert_non_null(c);
            size_t n = 0;
            for (size_t i = 0; i < out[VENUE_BINANCE].n_candles; i++) {
                const struct rec_candle *x = &out[VENUE_BINANCE].candles[i];
                if (strcmp(x->sym, majors[a]) || x->t_ms >= START)
                    continue;
                assert_true(n < 600);
                c[n++] = *x;
            }
            assert_int_equal(n, 500);
            assert_true(c[n - 1].t_ms == START - HOUR);
            assert_true(fabs(c[n - 1].close / st.price - 1) < 1e-9); /* ends at the start price */
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(c[i].interval_s, 3600);
                assert_true(c[i].low > 0 && c[i].low <= fmin(c[i].open, c[i].close));
                assert_true(c[i].high >= fmax(c[i].open, c[i].close));
                assert_true(c[i].volume > 0);
                if (i)
                    assert_true(c[i].t_ms == c[i - 1].t_ms + HOUR);
            }
            /* the support: 1.2-2 % under the start, >= 3 pivot lows within 0.3 % in two weeks */
            double gap = 1 - st.support / st.price;
            assert_true(gap > 0.012 && gap < 0.02);
            int piv = 0;
            for (size_t i = n - 336; i < n; i++)
                if (is_pivot_low(c, n, i, 3) && fabs(c[i].low / st.support - 1) <= 0.003)
                    piv++;
            assert_true(piv >= 3);
            free(c);
        }
        /* OI, price and long/short history for the last day, before the start */
        size_t oi = 0, px = 0;
        for (size_t i = 0; i < out[VENUE_BYBIT].n_points; i++) {
            const struct rec_point *p = &out[VENUE_BYBIT].points[i];
            assert_true(p->t_ms < START && p->t_ms >= START - 24 * HOUR);
            assert_true(p->value > 0 && isfinite(p->value));
            if (!strcmp(p->sym, "BTC")) {
                oi += p->series == RS_OI_USD;
                px += p->series == RS_PRICE;
            }
        }
        assert_int_equal(oi, 288);
        assert_int_equal(px, 288);
        /* and the state at the start */
        assert_true(out[VENUE_FEARGREED].has_fear_greed && out[VENUE_COINGECKO].has_market_cap);
        assert_int_equal(out[VENUE_HYPERLIQUID].n_tickers, 5);
        /* a second call adds nothing */
        outs_clear(out);
        assert_int_equal(sim_history(s, out), 0);
        for (int v = 0; v < VENUE_COUNT; v++)
            assert_int_equal(recs_count(&out[v]), 0);
        outs_done(out);
        sim_free(s);
    }
}

/* The first minute: the shock pushes BTC through its support and the
 * mark stays clearly under the zone; then the cascade comes in waves, each
 * at a lower price, mostly longs. */
static void the_shock_breaks_support_and_longs_cascade_in_waves(void **state)
{
    (void)state;
    for (uint64_t seed = 6; seed <= 8; seed++) {
        struct sim *s = make(seed, majors, 5);
        struct recs out[VENUE_COUNT];
        outs_init(out);
        struct sim_asset_stats st;
        assert_int_equal(sim_asset_stats(s, "BTC", &st), 0);
        double p0 = st.price, below = st.support * (1 - 0.003) * (1 - 0.0015);
        int run = 0, broke_at = -1;
        double liq[601] = {0}, mark[601] = {0};
        for (int sec = 1; sec <= 600; sec++) {
            outs_clear(out);
            assert_int_equal(sim_advance(s, START + sec * SEC, out), 0);
            mark[sec] = binance_mark(out, "BTC");
            run = mark[sec] < below ? run + 1 : 0;
            if (run == 3 && broke_at < 0)
                broke_at = sec - 2;
            for (int v = 0; v < VENUE_MARKET_COUNT; v++)
                for (size_t i = 0; i < out[v].n_liqs; i++)
                    if (!strcmp(out[v].liqs[i].sym, "BTC"))
                        liq[sec] += out[v].liqs[i].usd;
        }
        assert_true(broke_at >= 15 && broke_at < 60);
        /* waves: bursts of liquidations separated by >= 15 quiet seconds,
         * each reaching a lower price than the one before */
        double lows[64];
        int waves = 0, last = -100;
        for (int sec = 1; sec <= 600; sec++) {
            if (liq[sec] < 2e6)
                continue;
            if (sec - last > 15 && waves < 64)
                lows[waves++] = mark[sec];
            lows[waves - 1] = fmin(lows[waves - 1], mark[sec]);
            last = sec;
        }
        print_message("  seed %d: support broken at %d s, %d waves\n", (int)seed, broke_at, waves);
        assert_true(waves >= 3);
        for (int w = 1; w < 3; w++)
            assert_true(lows[w] < lows[w - 1]);
        assert_int_equal(sim_asset_stats(s, "BTC", &st), 0);
        assert_true(st.liquidated_long_usd > 20 * st.liquidated_short_usd);
        assert_true(st.liquidated_long_usd > 1e8);
        /* it ended and price came partly back */
        double low = p0;
        for (int sec = 1; sec <= 600; sec++)
            low = fmin(low, mark[sec]);
        assert_true(low < p0 * 0.95);
        assert_true(mark[600] > low * 1.005 && mark[600] < p0);
        for (int sec = 540; sec <= 600; sec++)
            assert_true(liq[sec] < 2e6);
        outs_done(out);
        sim_free(s);
    }
}

struct six_hours {
    double oi[21601], mark[21601];
    int fg_min, fg_start;
    double funding_min, funding_max;
};

/* Six market hours of the default demo (what `--speed max --duration 21600`
 * runs): every record sane, funding capped, and later OI rising > 5 % over
 * 4 h while the price moves < 1 %. */
static void six_hours_are_sane_and_show_oi_rising_without_price(void **state)
{
    (void)state;
    static struct six_hours h;
    const char *syms[] = {"BTC", "ETH", "SOL", "XRP", "DOGE", "ZZZ"}; /* ZZZ: generic */
    struct sim *s = make(7, syms, 6);
    struct recs out[VENUE_COUNT];
    outs_init(out);
    assert_int_equal(sim_history(s, out), 0);
    h.fg_start = out[VENUE_FEARGREED].fear_greed.value;
    h.fg_min = 100;
    h.funding_min = 1;
    h.funding_max = -1;
    for (int sec = 1; sec <= 21600; sec++) {
        outs_clear(out);
        assert_int_equal(sim_advance(s, START + sec * SEC, out), 0);
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            assert_int_equal(out[v].n_tickers, 6);
            for (size_t i = 0; i < out[v].n_tickers; i++) {
                const struct rec_ticker *t = &out[v].tickers[i];
                assert_true(t->t_ms == START + sec * SEC);
                assert_true(isfinite(t->price) && t->price > 0);
                assert_true(isfinite(t->mark) && t->mark > 0);
                assert_true(isfinite(t->index) && t->index > 0);
                assert_true(isfinite(t->oi_usd) && t->oi_usd >= 0 && t->oi_base >= 0);
                assert_true(isfinite(t->change_24h) && t->open_24h > 0);
                double f8 = t->funding * 8 / t->funding_interval_h;
                assert_true(fabs(f8) <= 0.003 + 1e-12);
                h.funding_min = fmin(h.funding_min, f8);
                h.funding_max = fmax(h.funding_max, f8);
                assert_true(v == VENUE_HYPERLIQUID ? isnan(t->ls_ratio) : t->ls_ratio > 0);
            }
            for (size_t i = 0; i < out[v].n_depths; i++) {
                const struct rec_depth *d = &out[v].depths[i];
                assert_true(d->bid_1pct > 0 && d->bid_2pct > d->bid_1pct);
                assert_true(d->ask_1pct > 0 && d->ask_2pct > d->ask_1pct);
            }
            for (size_t i = 0; i < out[v].n_candles; i++) {
                const struct rec_candle *c = &out[v].candles[i];
                assert_int_equal(v, VENUE_BINANCE);
                assert_true(c->low > 0 && c->low <= fmin(c->open, c->close));
                assert_true(c->high >= fmax(c->open, c->close));
                assert_true(c->t_ms % HOUR == 0 && c->t_ms <= START + sec * SEC);
            }
        }
        if (out[VENUE_FEARGREED].has_fear_greed) {
            const struct rec_fear_greed *g = &out[VENUE_FEARGREED].fear_greed;
            assert_true(g->value >= 0 && g->value <= 100);
            const char *want = g->value < 25   ? "Extreme Fear"
                               : g->value < 45 ? "Fear"
                               : g->value < 55 ? "Neutral"
                               : g->value < 75 ? "Greed"
                                               : "Extreme Greed";
            assert_string_equal(g->label, want);
            h.fg_min = g->value < h.fg_min ? g->value : h.fg_min;
        }
        if (out[VENUE_COINGECKO].has_market_cap) {
            const struct rec_market_cap *m = &out[VENUE_COINGECKO].market_cap;
            assert_true(m->usd > 1e12 && isfinite(m->change_24h));
            assert_true(m->btc_dominance > 0.3 && m->btc_dominance < 0.8);
        }
        h.oi[sec] = published_oi(out, "BTC", 0);
        h.mark[sec] = binance_mark(out, "BTC");
    }
    for (size_t a = 0; a < 6; a++)
        assert_int_equal(sim_check(s, syms[a]), 0);
    assert_true(h.fg_start >= 35 && h.fg_start < 45);
    assert_true(h.fg_min < 25); /* Extreme Fear after the crash */
    assert_true(h.funding_min < 0 && h.funding_max > 0);
    /* a 4 h window starting after 1.5 h: OI +5 %, price within 1 % */
    double best = -1;
    for (int e = 4 * 3600 + 5400; e <= 21600; e += 60) {
        int b = e - 4 * 3600;
        double doi = h.oi[e] / h.oi[b] - 1, dp = h.mark[e] / h.mark[b] - 1;
        if (fabs(dp) < 0.01 && doi > best)
            best = doi;
    }
    print_message("  BTC: best 4 h OI rise with price within 1 %%: %+.1f %%\n", 100 * best);
    assert_true(best > 0.05);
    outs_done(out);
    sim_free(s);
}

/* What --speed max costs (6 market hours, 5 assets, 1 s chunks, records
 * cleared each time as the app does), and a market second at speed 1. */
static void the_demo_is_cheap(void **state)
{
    (void)state;
    struct recs out[VENUE_COUNT];
    outs_init(out);
    double t0 = wall();
    struct sim *s = make(7, majors, 5);
    assert_int_equal(sim_history(s, out), 0);
    for (int sec = 1; sec <= 21600; sec++) {
        outs_clear(out);
        assert_int_equal(sim_advance(s, START + sec * SEC, out), 0);
    }
    double six_h = wall() - t0;
    double t1 = wall();
    for (int sec = 21601; sec <= 21600 + 600; sec++) {
        outs_clear(out);
        assert_int_equal(sim_advance(s, START + sec * SEC, out), 0);
    }
    double per_s = (wall() - t1) / 600;
    print_message("  6 market hours: %.3f s; one market second: %.1f us\n", six_h, per_s * 1e6);
    /* generous bounds (sanitizers, a shared machine); the figures above are the measure */
    assert_true(six_h < 20.0);
    assert_true(per_s < 0.005);
    outs_done(out);
    sim_free(s);
}

static void odd_inputs(void **state)
{
    (void)state;
    struct sim_cfg cfg;
    sim_cfg_default(&cfg);
    assert_null(sim_new(NULL, majors, 1, START));
    assert_null(sim_new(&cfg, NULL, 2, START));
    /* duplicates and empty names dropped, unknown symbols get generic parameters */
    const char *syms[] = {"BTC", "BTC", "", NULL, "NEWCOIN"};
    cfg.step_ms = 333; /* does not divide a second: the default grid is used */
    cfg.shock_after_s = -1; /* no shock */
    struct sim *s = sim_new(&cfg, syms, 5, START);
    assert_non_null(s);
    struct sim_asset_stats st;
    assert_int_equal(sim_asset_stats(s, "NEWCOIN", &st), 0);
    assert_true(st.price > 0 && st.oi_base > 0);
    assert_int_equal(sim_asset_stats(s, "ETH", &st), -1);
    struct recs out[VENUE_COUNT];
    outs_init(out);
    assert_int_equal(sim_advance(s, START + 10 * SEC, out), 0);
    assert_int_equal(out[VENUE_BINANCE].n_tickers, 2 * 10);
    /* time going backwards or standing still publishes nothing */
    outs_clear(out);
    assert_int_equal(sim_advance(s, START + 10 * SEC, out), 0);
    assert_int_equal(sim_advance(s, START + 5 * SEC, out), 0);
    for (int v = 0; v < VENUE_COUNT; v++)
        assert_int_equal(recs_count(&out[v]), 0);
    assert_int_equal(sim_now(s), START + 10 * SEC);
    /* without the shock nothing breaks in the first minutes */
    assert_int_equal(sim_advance(s, START + 300 * SEC, out), 0);
    assert_int_equal(sim_asset_stats(s, "BTC", &st), 0);
    assert_true(st.price > st.support);
    outs_done(out);
    sim_free(s);
    sim_free(NULL);

    /* history lengths are clamped to 48..2000 hours */
    static const int hours[][2] = {{10, 48}, {48, 48}, {5000, 2000}};
    for (size_t k = 0; k < 3; k++) {
        sim_cfg_default(&cfg);
        cfg.history_hours = hours[k][0];
        s = sim_new(&cfg, majors, 1, START + 1234); /* not on an hour */
        assert_non_null(s);
        outs_init(out);
        assert_int_equal(sim_history(s, out), 0);
        assert_int_equal(out[VENUE_BINANCE].n_candles, (size_t)hours[k][1] + 1);
        const struct rec_candle *c = out[VENUE_BINANCE].candles;
        for (int i = 0; i < hours[k][1]; i++) {
            assert_true(c[i].t_ms % HOUR == 0 && c[i].low > 0 && c[i].low <= c[i].high);
            assert_true(c[i].low <= fmin(c[i].open, c[i].close) && c[i].high >= fmax(c[i].open, c[i].close));
        }
        assert_true(c[hours[k][1]].t_ms == START); /* the current candle */
        outs_clear(out);
        assert_int_equal(sim_advance(s, START + 2 * HOUR, out), 0);
        /* candles roll on the hour even when the start is off the hour */
        int opened = 0;
        for (size_t i = 0; i < out[VENUE_BINANCE].n_candles; i++)
            opened |= out[VENUE_BINANCE].candles[i].t_ms == START + HOUR;
        assert_true(opened);
        assert_int_equal(sim_check(s, "BTC"), 0);
        outs_done(out);
        sim_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oi_is_the_sum_of_open_positions),
        cmocka_unit_test(a_liquidated_position_is_gone_and_counted_once),
        cmocka_unit_test(output_does_not_depend_on_chunking),
        cmocka_unit_test(same_seed_same_run_other_seed_other_run),
        cmocka_unit_test(history_has_the_support_pivots),
        cmocka_unit_test(the_shock_breaks_support_and_longs_cascade_in_waves),
        cmocka_unit_test(six_hours_are_sane_and_show_oi_rising_without_price),
        cmocka_unit_test(the_demo_is_cheap),
        cmocka_unit_test(odd_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
