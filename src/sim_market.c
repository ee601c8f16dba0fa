/* sim_market: one asset's market, one step at a time (see sim_int.h).
 *
 * Price. p = exp(lf + tr). lf is the efficient (log) price: a random walk
 * whose volatility follows a slow regime, rises with stress after
 * liquidations and falls once leverage has been flushed (a calm market);
 * alts add beta times the leader's (BTC's) move. lf reverts to an anchor
 * that follows it slowly in a calm market (so it ranges) and fast after
 * liquidations (so a crash only partly recovers). tr is transient impact
 * that decays as market makers come back.
 *
 * Impact. The market orders of a step are netted: forced closes, the shock,
 * other traders' delayed reaction to liquidations (capitulation after longs
 * are flushed), and a small share of voluntary opens and closes (mostly
 * worked passively). The net order walks a book holding `depth` USD per 1 %
 * times its fullness h (eaten by orders, refilled with TAU_REFILL) times
 * market-maker presence (which falls when price runs), plus fresh bids that
 * appear the further price falls from where it traded lately (dip and value
 * buyers: what ends a cascade). A share PHI of the move is permanent.
 *
 * Positions. Each step new positions open (Poisson, heavy-tailed sizes,
 * more after a flush, so OI rebuilds; knife catchers with high leverage
 * after a fast drop) and some close (a hazard higher for high leverage).
 * Then the trigger heaps are checked against the new price: stops go to
 * the book at the next step, liquidations to the liquidation engine, which
 * sends them in bursts (see the engine below). Each burst moves price, which
 * crosses the next liquidation prices: that loop is the waterfall, and the
 * engine's pauses while the book refills make it come in waves. */
#include "sim_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HMIN 0.40            /* book fullness floor */
#define K_DEV 0.10           /* fresh depth (x depth) per 1 % price is away from its 5-min mean */
#define TAU_SLOW 300.0       /* s, that mean */
#define K_VAL 0.020          /* and per (1 % away from its 30-min mean)^2: value buyers */
#define TAU_VALUE 1800.0     /* s, that mean */
#define SIM_OPEN_MAX 200000u /* open positions per asset at most (about 60 bytes each) */
#define PRESENCE_MIN 0.6     /* market makers never all leave */
#define CONSUME 0.5          /* share of the depth an order eats that stays gone until refilled */
#define TAU_REFILL 40.0      /* s, market makers refill the book */
#define PHI 0.7              /* permanent share of impact */
#define TAU_TR 90.0          /* s, transient impact decays */
#define KAPPA (1.0 / 3600.0) /* 1/s, reversion of lf to the anchor */
#define TAU_ANCHOR 14400.0   /* s, the anchor follows lf in a calm market ... */
/* A guard rail, not a market force: the efficient price stays within a
 * factor e^RAIL of the start price. Runs never come near it in the hours a
 * demo is watched, but a feedback loop left alone for simulated weeks (a
 * squeeze feeding on its own short liquidations) must not overflow into
 * inf/NaN prices. */
#define RAIL 3.0
#define K_ANCHOR 20.0        /* ... and 1 + K_ANCHOR x stress times faster after liquidations */
#define SPEED_HALF 0.008     /* a move of this much per 10 s halves market-maker presence */
#define VOL_IMPACT 0.06      /* share of voluntary flow that hits the book as market orders */
#define K_PANIC 1.3          /* USD sold by other traders per USD of longs liquidated */
#define TAU_PANIC 20.0       /* s, each of the two stages of their delayed reaction */
#define K_STRESS 0.4         /* volatility multiplier added per depth-worth liquidated */
#define TAU_STRESS 900.0     /* s */
#define K_FLUSH 10.0         /* flush memory per fraction of OI liquidated */
#define TAU_FLUSH 14400.0    /* s */
#define K_REBUILD 0.8        /* extra opening rate per unit of flush memory */
#define CALM 2.0             /* volatility divisor per unit of flush memory */
#define TAU_REGIME 7200.0    /* s */
#define SIG_REGIME 0.25
#define PSI 0.85             /* share of the perp's impact the index (spot) follows */
#define TAU_PREM 120.0       /* s, premium back to its equilibrium */
#define PREM_MAX 0.015
#define ENGINE_MAX 0.8       /* liquidation engine load (x depth) at which it pauses */
#define ENGINE_MIN 0.1       /* ... and at which it resumes */
#define TAU_ENGINE 25.0      /* s, the load decays */
#define ENGINE_STEP 0.15     /* most it sends per s, x depth */
#define ALPHA 1.2            /* Pareto tail of position sizes */
#define K_DIP 0.001          /* USD/s of leveraged dip buying (x depth) per 1 % under the 5-min mean */

const double sim_venue_share[VENUE_MARKET_COUNT] = {0.45, 0.22, 0.18, 0.07, 0.08};

int sim_pick_venue(struct sim_rng *r)
{
    double u = sim_rng_unif(r), c = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT - 1; v++) {
        c += sim_venue_share[v];
        if (u < c)
            return v;
    }
    return VENUE_MARKET_COUNT - 1;
}

static const struct sim_params majors[] = {
    /* sym    price   vol_h   beta  oi_usd  depth/1%  supply     mmr   lev  n_pos */
    {"BTC", 95000.0, 0.0055, 1.00, 8.0e9, 180e6, 19.97e6, 0.004, 100, 30000},
    {"ETH", 3400.0, 0.0070, 1.15, 4.0e9, 85e6, 120.7e6, 0.004, 100, 20000},
    {"SOL", 180.0, 0.0095, 1.35, 1.6e9, 32e6, 560e6, 0.005, 75, 12000},
    {"XRP", 2.30, 0.0090, 1.20, 1.2e9, 24e6, 60e9, 0.005, 75, 10000},
    {"DOGE", 0.32, 0.0105, 1.40, 0.8e9, 16e6, 148e9, 0.005, 75, 8000},
};

void sim_params_for(const char *sym, struct sim_params *out)
{
    for (size_t i = 0; i < sizeof majors / sizeof majors[0]; i++)
        if (!strcmp(majors[i].sym, sym)) {
            *out = majors[i];
            return;
        }
    /* generic: a mid-cap alt, its price level picked from the name (0.5..500) */
    uint64_t h = sim_hash(sym);
    double price = 0.5 * pow(10.0, 3.0 * (double)(h % 1000) / 1000.0);
    *out = (struct sim_params){NULL, price, 0.012, 1.3, 2.0e8, 4e6, 5e9 / price, 0.01, 50, 5000};
}

int sim_draw_lev(struct sim_rng *r, int max_lev, double size_ratio)
{
    static const int lev[] = {2, 3, 5, 10, 20, 25, 50, 75, 100};
    static const double cum[] = {0.07, 0.15, 0.30, 0.52, 0.69, 0.79, 0.90, 0.95, 1.0};
    double u = sim_rng_unif(r);
    int l = 100;
    for (size_t k = 0; k < sizeof lev / sizeof lev[0]; k++)
        if (u < cum[k]) {
            l = lev[k];
            break;
        }
    /* big accounts use little leverage: high leverage is a retail habit */
    int cap = size_ratio > 100 ? 3 : size_ratio > 25 ? 5 : size_ratio > 8 ? 10 : size_ratio > 3 ? 20 : 100;
    if (l > cap)
        l = cap;
    return l > max_lev ? max_lev : l;
}

/* Normal-close hazard (1/s): high leverage is held for hours, low for days. */
static double close_hazard(int lev)
{
    double hours = lev >= 50 ? 3 : lev >= 20 ? 8 : lev >= 10 ? 16 : 40;
    return 1.0 / (hours * 3600.0);
}
#define HAZARD_MAX (1.0 / (3 * 3600.0))

double sim_pareto_mean(double xm, double cap)
{
    return xm * (1 + (1 - pow(xm / cap, ALPHA - 1)) / (ALPHA - 1));
}

double sim_new_size(struct sim_rng *r, const struct sim_asset *a, int side)
{
    return sim_rng_pareto(r, a->pos_xm, ALPHA, a->pos_cap) * (side == SIM_LONG ? 0.8 : 1.3);
}

void sim_asset_init_flows(struct sim_asset *a)
{
    double out = 0;
    for (uint32_t i = 0; i < a->pop.used; i++) {
        const struct sim_pos *q = &a->pop.pos[i];
        if (q->state != POS_FREE)
            out += q->qty * a->prm.price * close_hazard(q->lev);
    }
    a->open_base = out; /* inflow = expected outflow: OI steady before anything happens */
    for (int s = 0; s < 2; s++) {
        a->engine_on[s] = 1;
        a->engine_max[s] = ENGINE_MAX;
        a->engine_min[s] = ENGINE_MIN;
    }
    a->open_mean = sim_pareto_mean(a->pos_xm, a->pos_cap) *
                   (SIM_LONG_SHARE * 0.8 + (1 - SIM_LONG_SHARE) * 1.3);
    double b = a->prm.beta * majors[0].vol_h; /* the leader's share of the variance */
    double idio2 = a->prm.vol_h * a->prm.vol_h - b * b;
    double floor2 = 0.3 * a->prm.vol_h * a->prm.vol_h;
    a->idio_vol = sqrt(idio2 > floor2 ? idio2 : floor2);
}

int sim_queue_push(struct sim_queue *q, int64_t t_ms, uint32_t slot)
{
    if (q->len == q->cap) {
        uint32_t ncap = q->cap ? q->cap * 2 : 256;
        struct sim_exec *nv = malloc(sizeof *nv * ncap);
        if (!nv)
            return -1;
        for (uint32_t i = 0; i < q->len; i++)
            nv[i] = q->v[(q->head + i) % q->cap];
        free(q->v);
        q->v = nv;
        q->head = 0;
        q->cap = ncap;
    }
    q->v[(q->head + q->len++) % q->cap] = (struct sim_exec){t_ms, slot};
    return 0;
}

const struct sim_exec *sim_queue_at(const struct sim_queue *q, uint32_t i)
{
    return &q->v[(q->head + i) % q->cap];
}

void sim_queue_pop(struct sim_queue *q)
{
    q->head = (q->head + 1) % q->cap;
    q->len--;
}

static int take_due(struct sim_asset *a, uint32_t *n_due, const struct sim_exec *e)
{
    if (*n_due == a->cap_due) {
        uint32_t ncap = a->cap_due ? a->cap_due * 2 : 256;
        struct sim_exec *nd = realloc(a->due, sizeof *nd * ncap);
        if (!nd)
            return -1;
        a->due = nd;
        a->cap_due = ncap;
    }
    a->due[(*n_due)++] = *e;
    return 0;
}

static int emit_liq(struct sim_asset *a, const struct sim_pos *q, double fill, int64_t t_ms,
                    struct recs out[VENUE_COUNT])
{
    double usd = q->qty * fill;
    a->liquidations++;
    a->liq_usd[q->side] += usd;
    a->liq_minute_usd[q->side] += usd;
    if (q->venue == VENUE_HYPERLIQUID) {
        a->liq_hidden++; /* no public liquidation feed there */
        return 0;
    }
    if (!out)
        return 0;
    struct rec_liq *l = recs_add_liq(&out[q->venue], a->sym);
    if (!l)
        return -1;
    double px = fill * (1 + a->vb[q->venue]);
    l->t_ms = t_ms;
    l->side = q->side == SIM_LONG ? LIQ_LONG : LIQ_SHORT;
    l->price = px;
    l->qty = q->qty;
    l->usd = q->qty * px;
    return 0;
}

/* A knife catcher: a small, highly leveraged position opened against a fast
 * move (long after a drop, short after a spike). */
static int open_dip(struct sim_asset *a, double px, int side, double *flow)
{
    static const int lev[] = {20, 25, 50, 75, 100};
    struct sim_rng *r = &a->rng;
    struct sim_pos q;
    memset(&q, 0, sizeof q);
    q.side = (uint8_t)side;
    int l = lev[sim_rng_u64(r) % 5];
    q.lev = (uint8_t)(l > a->prm.max_lev ? a->prm.max_lev : l);
    q.entry = px;
    q.liq = sim_liq_price(q.side, px, q.lev, a->prm.mmr);
    q.trigger = q.liq;
    double usd = sim_rng_pareto(r, a->pos_xm * 0.5, ALPHA, a->pos_xm * 20);
    q.qty = usd / px;
    q.venue = (uint8_t)sim_pick_venue(r);
    if (sim_pop_add(&a->pop, &q) < 0)
        return -1;
    *flow += side == SIM_LONG ? usd : -usd;
    return 0;
}

/* A new position at price px, maybe with a stop loss. */
static int open_one(struct sim_asset *a, double px, double *flow)
{
    struct sim_rng *r = &a->rng;
    struct sim_pos q;
    memset(&q, 0, sizeof q);
    q.side = sim_rng_unif(r) < SIM_LONG_SHARE ? SIM_LONG : SIM_SHORT;
    double usd = sim_new_size(r, a, q.side);
    q.lev = (uint8_t)sim_draw_lev(r, a->prm.max_lev, usd / a->pos_xm);
    q.entry = px;
    q.liq = sim_liq_price(q.side, px, q.lev, a->prm.mmr);
    q.trigger = q.liq;
    if (usd < 8 * a->pos_xm && sim_rng_unif(r) < 0.08) {
        double d = sim_rng_range(r, 0.01, 0.04);
        double stop = q.side == SIM_LONG ? px * (1 - d) : px * (1 + d);
        if (q.side == SIM_LONG ? stop > q.liq : stop < q.liq) {
            q.trigger = stop;
            q.stop = 1;
        }
    }
    q.qty = usd / px;
    q.venue = (uint8_t)sim_pick_venue(r);
    if (sim_pop_add(&a->pop, &q) < 0)
        return -1;
    *flow += q.side == SIM_LONG ? usd : -usd;
    return 0;
}

int sim_asset_step(struct sim_asset *a, int64_t t_ms, double dt, double lead_ret, int leader,
                   struct recs out[VENUE_COUNT])
{
    struct sim_rng *r = &a->rng;
    struct sim_pop *pop = &a->pop;
    int rc = 0;
    double p0 = a->p, depth = a->prm.depth;
    double flow = 0;   /* signed market-order USD this step, + buys */
    double traded = 0; /* USD changing hands, for volume */

    /* The liquidation engine sends its queue to the book in bursts: after
     * it has dumped ENGINE_MAX x depth (its load, which decays as market
     * makers refill the book, time constant TAU_ENGINE) it waits until the
     * load is back under ENGINE_MIN x depth, and it sends at most
     * ENGINE_STEP x depth per s. That hysteresis is what makes a cascade
     * come in waves. Stop losses are plain market orders and go at once. */
    for (int s = 0; s < 2; s++) {
        if (a->engine_on[s] && a->load[s] > a->engine_max[s] * depth) {
            a->engine_on[s] = 0;
        } else if (!a->engine_on[s] && a->load[s] < a->engine_min[s] * depth) {
            a->engine_on[s] = 1; /* the next burst's size and pause vary */
            a->engine_max[s] = ENGINE_MAX * sim_rng_range(r, 0.6, 1.4);
            a->engine_min[s] = ENGINE_MIN * sim_rng_range(r, 0.5, 2.0);
        }
    }
    uint32_t n_due = 0;
    /* on out of memory a step goes on with what it has (nothing is lost:
     * what was not taken stays queued) and reports -1 */
    while (a->stop_q.len) {
        if (take_due(a, &n_due, sim_queue_at(&a->stop_q, 0)) != 0) {
            rc = -1;
            break;
        }
        sim_queue_pop(&a->stop_q);
    }
    double budget = ENGINE_STEP * depth * dt;
    while (a->liq_q.len && budget > 0) {
        const struct sim_exec *e = sim_queue_at(&a->liq_q, 0);
        const struct sim_pos *q = &pop->pos[e->slot];
        if (e->t_ms > t_ms || !a->engine_on[q->side])
            break;
        if (take_due(a, &n_due, e) != 0) {
            rc = -1;
            break;
        }
        double usd = q->qty * p0;
        budget -= usd;
        a->load[q->side] += usd;
        sim_queue_pop(&a->liq_q);
    }
    for (uint32_t k = 0; k < n_due; k++) {
        const struct sim_pos *q = &pop->pos[a->due[k].slot];
        double usd = q->qty * p0;
        flow += q->side == SIM_LONG ? -usd : usd;
        traded += usd;
    }
    if (a->shock_left > 0 && p0 <= a->shock_target)
        a->shock_left = 0; /* the seller got the price it wanted */
    if (a->shock_left > 0) {
        double s = a->shock_rate * dt;
        if (s > a->shock_left)
            s = a->shock_left;
        flow -= s;
        traded += s;
        a->shock_left -= s;
    }
    /* other traders react to liquidations, with a delay: capitulation after
     * longs are flushed, chasing after shorts are squeezed */
    double react = K_PANIC * (a->e2[SIM_SHORT] - a->e2[SIM_LONG]) * dt;
    flow += react;
    traded += fabs(react);

    /* voluntary opens and closes */
    double vflow = 0, vtraded = 0;
    double rate = a->open_base * (1 + K_REBUILD * a->flush); /* USD/s */
    uint32_t n_open = sim_rng_poisson(r, rate * dt / a->open_mean);
    /* The population, and so the demo's memory, is bounded whatever the
     * market does: a runaway move once drew ever more knife catchers until
     * memory ran out (three simulated weeks into tests/soak.sh). Draws are
     * made as before, so runs that stay under the cap do not change. */
    uint32_t room = pop->open < SIM_OPEN_MAX ? SIM_OPEN_MAX - pop->open : 0;
    if (n_open > room)
        n_open = room;
    room -= n_open;
    for (uint32_t k = 0; k < n_open; k++) {
        double f = 0;
        if (open_one(a, p0, &f) != 0) {
            rc = -1;
            break;
        }
        vflow += f;
        vtraded += fabs(f);
    }
    /* knife catchers, the more the further price ran from its recent mean */
    double lp0 = log(p0);
    double run = (lp0 - a->slow) / 0.01; /* % above the mean (< 0: below) */
    double dip_mean = sim_pareto_mean(a->pos_xm * 0.5, a->pos_xm * 20);
    uint32_t n_dip = sim_rng_poisson(r, K_DIP * depth * fabs(run) * dt / dip_mean);
    if (n_dip > room)
        n_dip = room;
    for (uint32_t k = 0; k < n_dip; k++) {
        double f = 0;
        if (open_dip(a, p0, run < 0 ? SIM_LONG : SIM_SHORT, &f) != 0) {
            rc = -1;
            break;
        }
        vflow += f;
        vtraded += fabs(f);
    }
    uint32_t n_try = sim_rng_poisson(r, pop->open * HAZARD_MAX * dt);
    for (uint32_t k = 0; k < n_try && pop->used; k++) {
        uint32_t slot = (uint32_t)(sim_rng_u64(r) % pop->used);
        const struct sim_pos *q = &pop->pos[slot];
        if (q->state != POS_OPEN || sim_rng_unif(r) * HAZARD_MAX >= close_hazard(q->lev))
            continue;
        double usd = q->qty * p0;
        vflow += q->side == SIM_LONG ? -usd : usd;
        vtraded += usd;
        sim_pop_remove(pop, slot);
    }
    flow += VOL_IMPACT * vflow;
    traded += vtraded;

    /* the net order walks the book */
    int bs = flow < 0 ? 0 : 1;
    double h0 = a->h[bs];
    double h1 = h0 - CONSUME * fabs(flow) / depth;
    if (h1 < HMIN)
        h1 = HMIN;
    /* the further price is from where it traded lately, the more value
     * buyers (or sellers) rest there: this is what ends a cascade */
    double dev = (bs == 0 ? a->slow - lp0 : lp0 - a->slow) / 0.01;
    if (dev < 0)
        dev = 0;
    double dv = (bs == 0 ? a->value - lp0 : lp0 - a->value) / 0.01;
    if (dv < 0)
        dv = 0;
    double imp = flow / (depth * (a->presence * 0.5 * (h0 + h1) + K_DEV * dev + K_VAL * dv * dv)) * 0.01;
    if (imp > 0.03)
        imp = 0.03;
    if (imp < -0.03)
        imp = -0.03;
    a->h[bs] = h1;

    double vm = exp(a->regime) * (1 + a->stress) / (1 + CALM * a->flush);
    double sig = (leader ? a->prm.vol_h : a->idio_vol) * sqrt(dt / 3600.0) * vm;
    double dlf = PHI * imp + sig * sim_rng_norm(r) - KAPPA * (a->lf - a->anchor) * dt;
    if (!leader)
        dlf += a->prm.beta * lead_ret;
    a->lf += dlf;
    if (!(a->lf <= a->home + RAIL)) /* also catches a NaN */
        a->lf = a->home + RAIL;
    else if (a->lf < a->home - RAIL)
        a->lf = a->home - RAIL;
    a->tr = a->tr * exp(-dt / TAU_TR) + (1 - PHI) * imp;
    if (!(fabs(a->tr) <= 1)) /* the rail's other half; NaN included */
        a->tr = a->tr < 0 ? -1 : 1;
    a->anchor += (a->lf - a->anchor) * dt * (1 + K_ANCHOR * a->stress) / TAU_ANCHOR;
    a->p = exp(a->lf + a->tr);
    a->ret = a->lf + a->tr - log(p0);
    double fill = sqrt(p0 * a->p);

    /* execute the due forced closes at this step's average price */
    double liq[2] = {0, 0};
    for (uint32_t k = 0; k < n_due; k++) {
        uint32_t slot = a->due[k].slot;
        const struct sim_pos *q = &pop->pos[slot];
        if (!q->stop) {
            liq[q->side] += q->qty * fill;
            if (emit_liq(a, q, fill, t_ms, out) != 0)
                rc = -1;
        }
        sim_pop_remove(pop, slot);
    }

    /* whose trigger did the new price cross? queue them for the engine */
    for (int side = 0; side < 2; side++) {
        for (;;) {
            int64_t top = sim_pop_top(pop, side);
            if (top < 0)
                break;
            const struct sim_pos *q = &pop->pos[top];
            if (side == SIM_LONG ? q->trigger < a->p : q->trigger > a->p)
                break;
            /* the engine picks a crossed position up after 0.5-3 s */
            if (q->stop ? sim_queue_push(&a->stop_q, t_ms, (uint32_t)top)
                        : sim_queue_push(&a->liq_q, t_ms + 500 + (int64_t)(2500 * sim_rng_unif(r)),
                                         (uint32_t)top)) {
                rc = -1; /* stays in its heap, tried again next step */
                break;
            }
            sim_pop_take_top(pop, side);
        }
    }

    /* state that evolves with time */
    double liq_all = liq[0] + liq[1];
    for (int s = 0; s < 2; s++) {
        a->e1[s] += (liq[s] / dt - a->e1[s]) * dt / TAU_PANIC;
        a->e2[s] += (a->e1[s] - a->e2[s]) * dt / TAU_PANIC;
    }
    a->drift += (a->ret / dt - a->drift) * dt / 10.0; /* log return per s, ~10 s average */
    double speed = fabs(a->drift) * 10 / SPEED_HALF;
    a->presence = PRESENCE_MIN + (1 - PRESENCE_MIN) / (1 + speed * speed);
    a->slow += (a->lf + a->tr - a->slow) * dt / TAU_SLOW;
    a->value += (a->lf + a->tr - a->value) * dt / TAU_VALUE;
    for (int s = 0; s < 2; s++) {
        a->h[s] += (1 - a->h[s]) * dt / TAU_REFILL;
        a->load[s] *= exp(-dt / TAU_ENGINE);
    }
    a->stress = a->stress * exp(-dt / TAU_STRESS) + K_STRESS * liq_all / depth;
    if (a->stress > 8)
        a->stress = 8;
    a->flush = a->flush * exp(-dt / TAU_FLUSH) + K_FLUSH * liq_all / a->prm.oi_usd;
    a->regime += -a->regime * dt / TAU_REGIME +
                 SIG_REGIME * sqrt(2 * dt / TAU_REGIME) * sim_rng_norm(r);

    /* premium: crowded longs pay, forced selling hits the perp before spot */
    double nl = 0, ns = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        nl += pop->count[v][SIM_LONG];
        ns += pop->count[v][SIM_SHORT];
    }
    double ls = ns > 0 ? nl / ns : 1;
    double eq = 0.0001 + 0.0004 * (ls - 1);
    eq = eq < -0.001 ? -0.001 : eq > 0.002 ? 0.002 : eq;
    a->prem += (eq - a->prem) * dt / TAU_PREM + (1 - PSI) * imp;
    a->prem = a->prem < -PREM_MAX ? -PREM_MAX : a->prem > PREM_MAX ? PREM_MAX : a->prem;
    a->prem_ema += (a->prem - a->prem_ema) * dt / 30.0;
    a->fund_ema += (a->prem - a->fund_ema) * dt / 600.0;

    /* the current 1h candle (the hour roll is done by the caller) */
    double vmult = exp(a->regime) * (1 + a->stress);
    traded += a->turnover_s * dt * vmult;
    if (a->p > a->cur.high)
        a->cur.high = a->p;
    if (a->p < a->cur.low)
        a->cur.low = a->p;
    a->cur.close = a->p;
    a->cur.volume += traded * sim_venue_share[VENUE_BINANCE] / a->p;
    a->hour_usd += traded;
    return rc;
}

void sim_asset_shock(struct sim_asset *a, double usd, double rate, double target)
{
    a->shock_left = usd;
    a->shock_rate = rate;
    a->shock_target = target;
}

double sim_asset_depth(const struct sim_asset *a, int side)
{
    return a->prm.depth * a->presence * a->h[side];
}

double sim_asset_index(const struct sim_asset *a)
{
    return a->p / (1 + a->prem);
}

double sim_asset_mark(const struct sim_asset *a)
{
    return sim_asset_index(a) * (1 + a->prem_ema);
}

/* The funding rate follows the premium averaged over the last ~10 min (the
 * premium's equilibrium includes the usual 0.01 % interest), capped at
 * +-0.3 % per 8 h as exchanges cap it. */
double sim_asset_funding(const struct sim_asset *a)
{
    double f = a->fund_ema;
    return f < -0.003 ? -0.003 : f > 0.003 ? 0.003 : f;
}

double sim_asset_oi_base(const struct sim_asset *a)
{
    double s = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++)
        s += a->pop.qty[v][0] + a->pop.qty[v][1];
    return s;
}
