/* bodies: synthetic venue response bodies for the benchmarks (see bodies.h). */
#include "bodies.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_MS 5000LL
#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define HIST_H 600
#define NCAND 1024 /* hourly candle ring */
#define NPTS 512   /* 5-minute (price, OI) ring: 42 h */
#define NLIQ 1024  /* recent liquidations per symbol */

/* ---- growable text buffer ------------------------------------------------ */

void bbuf_init(struct bbuf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
}

void bbuf_free(struct bbuf *b)
{
    free(b->p);
    bbuf_init(b);
}

void bbuf_clear(struct bbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

static void bbuf_reserve(struct bbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        fprintf(stderr, "bodies: out of memory\n");
        exit(1);
    }
    b->p = p;
    b->cap = cap;
}

void bbuf_printf(struct bbuf *b, const char *fmt, ...)
{
    /* print into the free space; grow and print again only if it did not fit */
    bbuf_reserve(b, 256);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        bbuf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* ---- the market ---------------------------------------------------------- */

struct bcandle {
    int64_t t; /* open time */
    double o, h, l, c, v; /* v: base units */
};

struct bpoint {
    int64_t t;
    double px, oi;
};

struct bliq {
    int64_t t;
    int long_side; /* 1: a long was liquidated (a sell) */
    double px, qty;
};

struct bsym {
    char name[16];
    double px;        /* mid, USD */
    double beta;      /* share of the market-wide crash move */
    double oi0;       /* OI at the start, base units */
    double oi_noise;  /* slow random factor on OI */
    double funding;   /* per 8 h, fraction */
    double ls;        /* long/short account ratio */
    double ct_okx, ct_gate; /* contract sizes, base units */
    int sz_dec;       /* hyperliquid szDecimals */
    int px_dec;       /* decimals venues print prices with */
    struct bcandle cand[NCAND];
    uint64_t n_cand;
    struct bpoint pts[NPTS];
    uint64_t n_pts;
    struct bliq liq[NLIQ];
    uint64_t n_liq;
};

struct bmarket {
    struct bsym *s;
    size_t n;
    uint64_t rng;
    int64_t now;
    int64_t crash_t;
    double crash_depth;
    double crash_prev; /* crash log-move at the previous step */
    uint64_t update_id;
};

static uint64_t rnd_u64(struct bmarket *m)
{
    /* splitmix64 */
    uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double rnd_u(struct bmarket *m)
{
    return ((double)(rnd_u64(m) >> 11) + 0.5) / (double)(1ULL << 53);
}

static double rnd_n(struct bmarket *m)
{
    double u1 = rnd_u(m), u2 = rnd_u(m);
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

static const char *const known[] = {
    "BTC",  "ETH",  "SOL",  "XRP",   "DOGE", "BNB",  "ADA",  "AVAX", "LINK", "TRX",
    "DOT",  "LTC",  "BCH",  "NEAR",  "UNI",  "APT",  "ARB",  "OP",   "SUI",  "FIL",
    "ATOM", "ETC",  "INJ",  "TIA",   "SEI",  "WLD",  "AAVE", "MKR",  "LDO",  "RUNE",
    "PEPE", "SHIB", "WIF",  "BONK",  "FET",  "RNDR", "IMX",  "STX",  "HBAR", "ICP",
    "XLM",  "VET",  "ALGO", "EGLD",  "SAND", "MANA", "AXS",  "GALA", "APE",  "CRV",
    "DYDX", "GMX",  "JUP",  "PYTH",  "ENA",  "ONDO", "TAO",  "HYPE", "TON",  "KAS",
};
static const double known_px[] = {
    63000, 2450, 145,  0.52,  0.125, 560,   0.38,  26,    11.2, 0.16,
    4.3,   68,   340,  4.9,   7.2,   6.8,   0.55,  1.35,  1.1,  3.6,
    4.6,   19,   19.5, 4.7,   0.31,  1.6,   140,   1700,  1.2,  3.9,
    1e-5,  1.7e-5, 1.9, 2.2e-5, 1.3, 5.5,   1.4,   1.6,   0.07, 8.1,
    0.095, 0.023, 0.13, 25,   0.26,  0.27,  4.6,   0.019, 0.7,  0.28,
    1.05,  22,   0.75, 0.3,   0.45,  0.9,   320,   18,    5.3,  0.12,
};

static int decimals_for(double px)
{
    return px >= 1000 ? 2 : px >= 10 ? 3 : px >= 1 ? 4 : px >= 0.01 ? 6 : 8;
}

static double pow10_round(double x)
{
    return pow(10, round(log10(x)));
}

static void sym_init(struct bmarket *m, struct bsym *s, const char *name, double px,
                     int64_t start)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    s->beta = 0.8 + 0.6 * rnd_u(m);
    s->funding = 0.0001 * (0.5 + rnd_u(m));
    s->ls = 1.5 + rnd_u(m);
    s->ct_okx = pow10_round(50 / px);
    s->ct_gate = pow10_round(5 / px);
    s->sz_dec = px >= 1000 ? 5 : px >= 10 ? 2 : 0;
    s->px_dec = decimals_for(px);
    /* OI worth a few hours of volume: $5e9 for BTC down to a few $M */
    double oi_usd = strcmp(name, "BTC") == 0 ? 6e9 : strcmp(name, "ETH") == 0 ? 3e9
                                                                                : 3e6 + 4e8 * rnd_u(m) * rnd_u(m);
    s->oi0 = oi_usd / px;
    s->oi_noise = 1;
    /* hourly history: returns first, then walk forward to end at px */
    double r[HIST_H], sum = 0;
    for (int k = 0; k < HIST_H; k++) {
        r[k] = 0.006 * rnd_n(m);
        sum += r[k];
    }
    double p = px / exp(sum);
    int64_t t0 = (start / HOUR_MS - HIST_H) * HOUR_MS;
    for (int k = 0; k < HIST_H; k++) {
        struct bcandle *c = &s->cand[s->n_cand++ % NCAND];
        double p1 = p * exp(r[k]);
        c->t = t0 + k * HOUR_MS;
        c->o = p;
        c->c = p1;
        c->h = fmax(p, p1) * (1 + 0.002 * rnd_u(m));
        c->l = fmin(p, p1) * (1 - 0.002 * rnd_u(m));
        c->v = oi_usd / px * (0.02 + 0.02 * rnd_u(m));
        p = p1;
    }
    s->px = p;
    /* the current hour, open */
    struct bcandle *c = &s->cand[s->n_cand++ % NCAND];
    c->t = start / HOUR_MS * HOUR_MS;
    c->o = c->h = c->l = c->c = p;
    c->v = 0;
    /* 5-minute points over the last 42 h, flat with noise */
    for (int k = NPTS - 1; k >= 1; k--) {
        struct bpoint *pt = &s->pts[s->n_pts++ % NPTS];
        pt->t = (start / (5 * MIN_MS) - k) * 5 * MIN_MS;
        pt->px = px * (1 + 0.01 * rnd_n(m));
        pt->oi = s->oi0 * (1 + 0.005 * rnd_n(m));
    }
}

struct bmarket *bm_new(size_t n, const char *const *tracked, size_t n_tracked, uint64_t seed,
                       int64_t start_ms)
{
    struct bmarket *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->s = calloc(n ? n : 1, sizeof *m->s);
    if (!m->s) {
        free(m);
        return NULL;
    }
    m->rng = seed * 0x2545F4914F6CDD1DULL + 1;
    m->now = start_ms;
    m->crash_t = -1;
    size_t nk = sizeof known / sizeof known[0];
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        char made[16];
        double px = 0;
        if (i < n_tracked) {
            name = tracked[i];
        } else {
            while (used < nk) {
                int dup = 0;
                for (size_t j = 0; j < n_tracked; j++)
                    dup |= strcmp(tracked[j], known[used]) == 0;
                if (!dup)
                    break;
                used++;
            }
            if (used < nk) {
                name = known[used++];
            } else {
                /* made-up tickers: 3 to 5 letters */
                uint64_t k = i * 2654435761u;
                int len = 3 + (int)(k % 3);
                for (int c = 0; c < len; c++, k /= 23)
                    made[c] = (char)('A' + (k % 23));
                made[len] = '\0';
                snprintf(made + len, sizeof made - (size_t)len, "%zu", i % 10);
                name = made;
            }
        }
        for (size_t j = 0; j < nk; j++)
            if (strcmp(name, known[j]) == 0)
                px = known_px[j];
        if (px == 0)
            px = exp(log(1e-4) + rnd_u(m) * (log(300.0) - log(1e-4)));
        sym_init(m, &m->s[i], name, px, start_ms);
    }
    m->n = n;
    return m;
}

void bm_free(struct bmarket *m)
{
    if (!m)
        return;
    free(m->s);
    free(m);
}

size_t bm_count(const struct bmarket *m)
{
    return m->n;
}

const char *bm_name(const struct bmarket *m, size_t i)
{
    return i < m->n ? m->s[i].name : NULL;
}

double bm_contract_size(const struct bmarket *m, const char *venue, const char *sym)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->s[i].name, sym) == 0)
            return strcmp(venue, "okx") == 0 ? m->s[i].ct_okx
                   : strcmp(venue, "gate") == 0 ? m->s[i].ct_gate
                                                : NAN;
    return NAN;
}

void bm_set_crash(struct bmarket *m, int64_t t_ms, double depth)
{
    m->crash_t = t_ms;
    m->crash_depth = depth;
}

/* Crash progress: 0 before, 1 at the bottom (after three waves over
 * 30 min), 2/3 after the relief rally. */
static double crash_shape(const struct bmarket *m, int64_t t)
{
    if (m->crash_t < 0 || t <= m->crash_t)
        return 0;
    double x = (double)(t - m->crash_t) / (30.0 * MIN_MS);
    if (x < 1) {
        /* each wave falls in its first half, pauses in its second */
        double w = floor(x * 3), f = x * 3 - w;
        double step = f < 0.5 ? f * 2 : 1;
        return (w + step * step * (3 - 2 * step)) / 3;
    }
    double y = (double)(t - m->crash_t - 30 * MIN_MS) / (120.0 * MIN_MS);
    return y < 1 ? 1 - y / 3 : 2.0 / 3;
}

/* OI multiplier of the crash: falls with price, then rebuilds from 2.5 h to 8.5 h. */
static double crash_oi(const struct bmarket *m, int64_t t)
{
    if (m->crash_t < 0 || t <= m->crash_t)
        return 1;
    double x = (double)(t - m->crash_t) / (30.0 * MIN_MS);
    if (x < 1)
        return 1 - 0.15 * crash_shape(m, t);
    double y = (double)(t - m->crash_t - 150 * MIN_MS) / (360.0 * MIN_MS);
    return y < 0 ? 0.85 : y < 1 ? 0.85 + 0.14 * y : 0.99;
}

static void add_liq(struct bmarket *m, struct bsym *s, int64_t t, int long_side, double usd)
{
    struct bliq *l = &s->liq[s->n_liq++ % NLIQ];
    l->t = t;
    l->long_side = long_side;
    l->px = s->px * (long_side ? 1 - 0.001 * rnd_u(m) : 1 + 0.001 * rnd_u(m));
    l->qty = usd / l->px;
}

static void step(struct bmarket *m, int64_t t)
{
    double cs = crash_shape(m, t);
    double crash_log = log(1 - m->crash_depth) * cs;
    double d_crash = crash_log - m->crash_prev;
    m->crash_prev = crash_log;
    double oi_mult = crash_oi(m, t);
    int in_crash = m->crash_t >= 0 && t > m->crash_t && t < m->crash_t + 150 * MIN_MS;
    for (size_t i = 0; i < m->n; i++) {
        struct bsym *s = &m->s[i];
        double r = 0.00072 * rnd_n(m) + s->beta * d_crash;
        s->px *= exp(r);
        s->oi_noise *= exp(0.0004 * rnd_n(m));
        s->oi_noise = fmin(fmax(s->oi_noise, 0.9), 1.1);
        double base_f = in_crash ? -0.0002 : 0.0001;
        s->funding += 0.05 * (base_f - s->funding) + 0.000002 * rnd_n(m);
        s->ls += 0.01 * (1.9 - s->ls) + 0.005 * rnd_n(m);
        /* liquidations: a trickle, a flood on the way down */
        double down = s->beta * d_crash < 0 ? -s->beta * d_crash : 0;
        double lambda = 0.02 + 2500 * down;
        double usd_mean = s->oi0 * s->px * (in_crash ? 4e-5 : 5e-6);
        while (lambda > 0) {
            if (lambda < 1 && rnd_u(m) > lambda)
                break;
            lambda -= 1;
            int long_side = down > 0 ? rnd_u(m) < 0.9 : rnd_u(m) < 0.5;
            add_liq(m, s, t - (int64_t)(rnd_u(m) * STEP_MS), long_side,
                    usd_mean * exp(rnd_n(m) - 0.5));
        }
        /* candles */
        struct bcandle *c = &s->cand[(s->n_cand - 1) % NCAND];
        int64_t hour = t / HOUR_MS * HOUR_MS;
        if (hour != c->t) {
            double o = c->c;
            c = &s->cand[s->n_cand++ % NCAND];
            c->t = hour;
            c->o = c->h = c->l = o;
            c->v = 0;
        }
        c->c = s->px;
        c->h = fmax(c->h, s->px);
        c->l = fmin(c->l, s->px);
        c->v += s->oi0 * 0.0001 * (1 + rnd_u(m)) * (in_crash ? 5 : 1);
        /* 5-minute points */
        int64_t slot = t / (5 * MIN_MS) * 5 * MIN_MS;
        struct bpoint *p = &s->pts[(s->n_pts - 1) % NPTS];
        if (slot != p->t)
            p = &s->pts[s->n_pts++ % NPTS];
        p->t = slot;
        p->px = s->px;
        p->oi = s->oi0 * s->oi_noise * oi_mult;
    }
}

void bm_advance(struct bmarket *m, int64_t t_ms)
{
    while (m->now + STEP_MS <= t_ms) {
        m->now += STEP_MS;
        step(m, m->now);
    }
}

/* ---- per-symbol figures -------------------------------------------------- */

static double oi_now(const struct bsym *s)
{
    return s->pts[(s->n_pts - 1) % NPTS].oi;
}

static const struct bcandle *candle_back(const struct bsym *s, uint64_t k)
{
    /* k = 0: the hour in progress */
    if (k >= s->n_cand || k >= NCAND)
        return NULL;
    return &s->cand[(s->n_cand - 1 - k) % NCAND];
}

struct day {
    double open, high, low, vol;
};

static struct day day_stats(const struct bsym *s)
{
    struct day d = {s->px, s->px, s->px, 0};
    for (uint64_t k = 0; k < 24; k++) {
        const struct bcandle *c = candle_back(s, k);
        if (!c)
            break;
        d.open = c->o;
        d.high = fmax(d.high, c->h);
        d.low = fmin(d.low, c->l);
        d.vol += c->v;
    }
    return d;
}

static struct bsym *find(struct bmarket *m, const char *sym)
{
    if (!sym)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->s[i].name, sym) == 0)
            return &m->s[i];
    return NULL;
}

static long query_long(const char *req, const char *key, long dflt)
{
    const char *p = req ? strstr(req, key) : NULL;
    return p ? strtol(p + strlen(key), NULL, 10) : dflt;
}

/* Venue's own price: a few basis points off the mid, stable per venue. */
static double vpx(const struct bsym *s, int venue)
{
    return s->px * (1 + 0.0001 * (venue - 2));
}

#define P(b, ...) bbuf_printf(b, __VA_ARGS__)
#define LL(x) ((long long)(x))

/* ---- binance ------------------------------------------------------------- */

static int binance(struct bmarket *m, const char *kind, struct bsym *s, const char *req,
                   struct bbuf *o)
{
    int64_t now = m->now;
    int64_t next_funding = (now / (8 * HOUR_MS) + 1) * 8 * HOUR_MS;
    if (strcmp(kind, "premiumIndex") == 0) {
        P(o, "[");
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            double mk = vpx(x, 0), ix = x->px;
            P(o,
              "%s{\"symbol\":\"%sUSDT\",\"markPrice\":\"%.8f\",\"indexPrice\":\"%.8f\","
              "\"estimatedSettlePrice\":\"%.8f\",\"lastFundingRate\":\"%.8f\","
              "\"interestRate\":\"0.00010000\",\"nextFundingTime\":%lld,\"time\":%lld}",
              i ? "," : "", x->name, mk, ix, ix * 1.00002, x->funding, LL(next_funding),
              LL(now - 1000));
        }
        P(o, "]");
        return 0;
    }
    if (strcmp(kind, "24hr") == 0) {
        P(o, "[");
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            struct day d = day_stats(x);
            double last = vpx(x, 0);
            int dec = x->px_dec;
            P(o,
              "%s{\"symbol\":\"%sUSDT\",\"priceChange\":\"%.*f\",\"priceChangePercent\":\"%.3f\","
              "\"weightedAvgPrice\":\"%.*f\",\"lastPrice\":\"%.*f\",\"lastQty\":\"%.3f\","
              "\"openPrice\":\"%.*f\",\"highPrice\":\"%.*f\",\"lowPrice\":\"%.*f\","
              "\"volume\":\"%.3f\",\"quoteVolume\":\"%.5f\",\"openTime\":%lld,\"closeTime\":%lld,"
              "\"firstId\":%lld,\"lastId\":%lld,\"count\":%lld}",
              i ? "," : "", x->name, dec, last - d.open, (last / d.open - 1) * 100, dec,
              (d.high + d.low) / 2, dec, last, 0.01 + rnd_u(m), dec, d.open, dec, d.high, dec,
              d.low, d.vol, d.vol * (d.high + d.low) / 2, LL(now - 24 * HOUR_MS + 60000),
              LL(now - 200), LL(6512877120LL + now / 1000), LL(6516981433LL + now / 1000),
              LL(4104313 + i));
        }
        P(o, "]");
        return 0;
    }
    if (!s)
        return -1;
    if (strcmp(kind, "openInterest") == 0) {
        P(o, "{\"openInterest\":\"%.3f\",\"symbol\":\"%sUSDT\",\"time\":%lld}", oi_now(s),
          s->name, LL(now - 300));
        return 0;
    }
    if (strcmp(kind, "openInterestHist") == 0) {
        long lim = query_long(req, "limit=", 30);
        if (lim > NPTS - 1)
            lim = NPTS - 1;
        P(o, "[");
        /* closed 5-minute points, oldest first */
        for (long k = lim; k >= 1; k--) {
            const struct bpoint *p = &s->pts[(s->n_pts - 1 - (uint64_t)k) % NPTS];
            P(o,
              "%s{\"symbol\":\"%sUSDT\",\"sumOpenInterest\":\"%.8f\","
              "\"sumOpenInterestValue\":\"%.8f\",\"CMCCirculatingSupply\":\"19934512.000000\","
              "\"timestamp\":%lld}",
              k == lim ? "" : ",", s->name, p->oi, p->oi * p->px, LL(p->t));
        }
        P(o, "]");
        return 0;
    }
    if (strcmp(kind, "klines") == 0) {
        long lim = query_long(req, "limit=", 500);
        P(o, "[");
        int first = 1;
        for (long k = lim - 1; k >= 0; k--) {
            const struct bcandle *c = candle_back(s, (uint64_t)k);
            if (!c)
                continue;
            int dec = s->px_dec;
            P(o,
              "%s[%lld,\"%.*f\",\"%.*f\",\"%.*f\",\"%.*f\",\"%.3f\",%lld,\"%.5f\",%lld,\"%.3f\","
              "\"%.5f\",\"0\"]",
              first ? "" : ",", LL(c->t), dec, c->o, dec, c->h, dec, c->l, dec, c->c, c->v,
              LL(c->t + HOUR_MS - 1), c->v * c->c, LL(1000 + c->v), c->v / 2, c->v * c->c / 2);
            first = 0;
        }
        P(o, "]");
        return 0;
    }
    if (strcmp(kind, "depth") == 0) {
        long lim = query_long(req, "limit=", 500);
        double tick = s->px * 0.00003;
        int dec = s->px_dec;
        double usd = s->oi0 * s->px * 2e-6;
        int in_crash = m->crash_t >= 0 && now > m->crash_t && now < m->crash_t + 60 * MIN_MS;
        P(o, "{\"lastUpdateId\":%llu,\"E\":%lld,\"T\":%lld,\"bids\":[",
          (unsigned long long)(8812294410231ULL + ++m->update_id), LL(now), LL(now - 9));
        for (long k = 0; k < lim; k++)
            P(o, "%s[\"%.*f\",\"%.3f\"]", k ? "," : "", dec, s->px - tick * (double)(k + 1),
              usd / s->px * (in_crash ? 0.3 : 1) * exp(rnd_n(m)));
        P(o, "],\"asks\":[");
        for (long k = 0; k < lim; k++)
            P(o, "%s[\"%.*f\",\"%.3f\"]", k ? "," : "", dec, s->px + tick * (double)(k + 1),
              usd / s->px * exp(rnd_n(m)));
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "globalLongShortAccountRatio") == 0) {
        double la = s->ls / (1 + s->ls);
        P(o,
          "[{\"symbol\":\"%sUSDT\",\"longAccount\":\"%.4f\",\"longShortRatio\":\"%.4f\","
          "\"shortAccount\":\"%.4f\",\"timestamp\":%lld}]",
          s->name, la, s->ls, 1 - la, LL(now / (5 * MIN_MS) * 5 * MIN_MS));
        return 0;
    }
    return -1;
}

/* ---- bybit --------------------------------------------------------------- */

static int bybit(struct bmarket *m, const char *kind, struct bsym *s, const char *req,
                 struct bbuf *o)
{
    int64_t now = m->now;
    if (strcmp(kind, "tickers") == 0) {
        P(o, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[");
        int64_t next_funding = (now / (8 * HOUR_MS) + 1) * 8 * HOUR_MS;
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            struct day d = day_stats(x);
            const struct bcandle *h1 = candle_back(x, 1);
            double last = vpx(x, 1), oi = oi_now(x);
            int dec = x->px_dec;
            P(o,
              "%s{\"symbol\":\"%sUSDT\",\"lastPrice\":\"%.*f\",\"indexPrice\":\"%.*f\","
              "\"markPrice\":\"%.*f\",\"prevPrice24h\":\"%.*f\",\"price24hPcnt\":\"%.6f\","
              "\"highPrice24h\":\"%.*f\",\"lowPrice24h\":\"%.*f\",\"prevPrice1h\":\"%.*f\","
              "\"openInterest\":\"%.3f\",\"openInterestValue\":\"%.2f\","
              "\"singleOpenInterest\":\"%.3f\",\"singleOpenInterestValue\":\"%.2f\","
              "\"turnover24h\":\"%.4f\",\"volume24h\":\"%.4f\",\"fundingRate\":\"%.6f\","
              "\"nextFundingTime\":\"%lld\",\"predictedDeliveryPrice\":\"\",\"basisRate\":\"\","
              "\"deliveryFeeRate\":\"\",\"deliveryTime\":\"0\",\"ask1Size\":\"%.3f\","
              "\"bid1Price\":\"%.*f\",\"ask1Price\":\"%.*f\",\"bid1Size\":\"%.3f\",\"basis\":\"\","
              "\"preOpenPrice\":\"\",\"preQty\":\"\",\"curPreListingPhase\":\"\","
              "\"fundingIntervalHour\":\"8\",\"basisRateYear\":\"\",\"fundingCap\":\"0.005\"}",
              i ? "," : "", x->name, dec, last, dec, x->px, dec, last * 0.99995, dec, d.open,
              last / d.open - 1, dec, d.high, dec, d.low, dec, h1 ? h1->c : last, oi * 0.8,
              oi * 0.8 * last, oi * 0.4, oi * 0.4 * last, d.vol * last, d.vol, x->funding,
              LL(next_funding), 1 + 10 * rnd_u(m), dec, last * 0.99999, dec, last * 1.00001,
              1 + 10 * rnd_u(m));
        }
        P(o, "]},\"retExtInfo\":{},\"time\":%lld}", LL(now));
        return 0;
    }
    if (!s)
        return -1;
    if (strcmp(kind, "kline") == 0) {
        long lim = query_long(req, "limit=", 200);
        P(o, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"symbol\":\"%sUSDT\","
             "\"category\":\"linear\",\"list\":[",
          s->name);
        int first = 1;
        for (long k = 0; k < lim; k++) { /* newest first */
            const struct bcandle *c = candle_back(s, (uint64_t)k);
            if (!c)
                break;
            int dec = s->px_dec;
            P(o, "%s[\"%lld\",\"%.*f\",\"%.*f\",\"%.*f\",\"%.*f\",\"%.3f\",\"%.4f\"]",
              first ? "" : ",", LL(c->t), dec, c->o, dec, c->h, dec, c->l, dec, c->c, c->v,
              c->v * c->c);
            first = 0;
        }
        P(o, "]},\"retExtInfo\":{},\"time\":%lld}", LL(now));
        return 0;
    }
    if (strcmp(kind, "account-ratio") == 0) {
        double b = s->ls / (1 + s->ls);
        P(o,
          "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"symbol\":\"%sUSDT\","
          "\"buyRatio\":\"%.4f\",\"sellRatio\":\"%.4f\",\"timestamp\":\"%lld\"}],"
          "\"nextPageCursor\":\"\"},\"retExtInfo\":{},\"time\":%lld}",
          s->name, b, 1 - b, LL(now / (5 * MIN_MS) * 5 * MIN_MS), LL(now));
        return 0;
    }
    return -1;
}

/* ---- okx ----------------------------------------------------------------- */

static int okx(struct bmarket *m, const char *kind, struct bsym *s, const char *req,
               struct bbuf *o)
{
    int64_t now = m->now;
    const char *head = "{\"code\":\"0\",\"msg\":\"\",\"data\":[";
    if (strcmp(kind, "tickers") == 0) {
        P(o, "%s", head);
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            struct day d = day_stats(x);
            double last = vpx(x, 2);
            int dec = x->px_dec;
            P(o,
              "%s{\"instType\":\"SWAP\",\"instId\":\"%s-USDT-SWAP\",\"last\":\"%.*f\","
              "\"lastSz\":\"%d\",\"askPx\":\"%.*f\",\"askSz\":\"%d\",\"bidPx\":\"%.*f\","
              "\"bidSz\":\"%d\",\"open24h\":\"%.*f\",\"high24h\":\"%.*f\",\"low24h\":\"%.*f\","
              "\"volCcy24h\":\"%.2f\",\"vol24h\":\"%.0f\",\"sodUtc0\":\"%.*f\","
              "\"sodUtc8\":\"%.*f\",\"ts\":\"%lld\"}",
              i ? "," : "", x->name, dec, last, 1 + (int)(rnd_u(m) * 50), dec, last * 1.00001,
              1 + (int)(rnd_u(m) * 500), dec, last, 1 + (int)(rnd_u(m) * 500), dec, d.open, dec,
              d.high, dec, d.low, d.vol * 0.3, d.vol * 0.3 / x->ct_okx, dec, d.open * 1.001,
              dec, d.open * 0.999, LL(now - 500));
        }
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "mark-price") == 0) {
        P(o, "%s", head);
        for (size_t i = 0; i < m->n; i++)
            P(o, "%s{\"instType\":\"SWAP\",\"instId\":\"%s-USDT-SWAP\",\"markPx\":\"%.*f\","
                 "\"ts\":\"%lld\"}",
              i ? "," : "", m->s[i].name, m->s[i].px_dec, vpx(&m->s[i], 2) * 0.99998,
              LL(now - 800));
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "open-interest") == 0) {
        P(o, "%s", head);
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            double oi = oi_now(x) * 0.3;
            P(o,
              "%s{\"instType\":\"SWAP\",\"instId\":\"%s-USDT-SWAP\",\"oi\":\"%.1f\","
              "\"oiCcy\":\"%.4f\",\"oiUsd\":\"%.1f\",\"ts\":\"%lld\"}",
              i ? "," : "", x->name, oi / x->ct_okx, oi, oi * x->px, LL(now - 700));
        }
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "funding-rate") == 0) {
        int64_t ft = (now / (8 * HOUR_MS) + 1) * 8 * HOUR_MS;
        P(o, "%s", head);
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            P(o,
              "%s{\"formulaType\":\"noRate\",\"fundingRate\":\"%.16f\",\"fundingTime\":\"%lld\","
              "\"impactValue\":\"\",\"instId\":\"%s-USDT-SWAP\",\"instType\":\"SWAP\","
              "\"interestRate\":\"\",\"maxFundingRate\":\"0.00375\",\"method\":\"current_period\","
              "\"minFundingRate\":\"-0.00375\",\"nextFundingRate\":\"\",\"nextFundingTime\":\"%lld\","
              "\"premium\":\"%.16f\",\"settFundingRate\":\"%.16f\",\"settState\":\"settled\","
              "\"ts\":\"%lld\"}",
              i ? "," : "", x->funding * 0.9, LL(ft), x->name, LL(ft + 8 * HOUR_MS),
              x->funding * 0.5, x->funding, LL(now - 300));
        }
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "instruments") == 0) {
        P(o, "%s", head);
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            P(o,
              "%s{\"alias\":\"\",\"auctionEndTime\":\"\",\"baseCcy\":\"\",\"category\":\"1\","
              "\"ctMult\":\"1\",\"ctType\":\"linear\",\"ctVal\":\"%g\",\"ctValCcy\":\"%s\","
              "\"contTdSwTime\":\"\",\"expTime\":\"\",\"futureSettlement\":false,\"groupId\":\"2\","
              "\"instFamily\":\"%s-USDT\",\"instId\":\"%s-USDT-SWAP\",\"instType\":\"SWAP\","
              "\"lever\":\"50\",\"listTime\":\"1611916828000\",\"lotSz\":\"0.01\","
              "\"maxIcebergSz\":\"100000000.0000000000000000\",\"maxLmtAmt\":\"20000000\","
              "\"maxLmtSz\":\"100000000\",\"maxMktAmt\":\"\",\"maxMktSz\":\"12000\","
              "\"maxStopSz\":\"12000\",\"maxTriggerSz\":\"100000000.0000000000000000\","
              "\"maxTwapSz\":\"100000000.0000000000000000\",\"minSz\":\"0.01\",\"optType\":\"\","
              "\"openType\":\"\",\"preMktSwTime\":\"\",\"quoteCcy\":\"\",\"tradeQuoteCcyList\":[],"
              "\"settleCcy\":\"USDT\",\"state\":\"live\",\"ruleType\":\"normal\",\"stk\":\"\","
              "\"tickSz\":\"%g\",\"uly\":\"%s-USDT\",\"instIdCode\":%zu,\"instCategory\":\"1\","
              "\"upcChg\":[]}",
              i ? "," : "", x->ct_okx, x->name, x->name, x->name, pow(10, -x->px_dec + 1),
              x->name, 10459 + i);
        }
        P(o, "]}");
        return 0;
    }
    if (!s)
        return -1;
    if (strcmp(kind, "candles") == 0) {
        long lim = query_long(req, "limit=", 100);
        P(o, "%s", head);
        int first = 1;
        for (long k = 0; k < lim; k++) {
            const struct bcandle *c = candle_back(s, (uint64_t)k);
            if (!c)
                break;
            int dec = s->px_dec;
            P(o,
              "%s[\"%lld\",\"%.*f\",\"%.*f\",\"%.*f\",\"%.*f\",\"%.0f\",\"%.3f\",\"%.2f\","
              "\"%d\"]",
              first ? "" : ",", LL(c->t), dec, c->o, dec, c->h, dec, c->l, dec, c->c,
              c->v * 0.3 / s->ct_okx, c->v * 0.3, c->v * 0.3 * c->c, k ? 1 : 0);
            first = 0;
        }
        P(o, "]}");
        return 0;
    }
    if (strcmp(kind, "liquidation-orders") == 0) {
        long lim = query_long(req, "limit=", 100);
        P(o, "%s{\"details\":[", head);
        int first = 1;
        for (uint64_t k = 0; k < (uint64_t)lim && k < s->n_liq && k < NLIQ; k++) {
            const struct bliq *l = &s->liq[(s->n_liq - 1 - k) % NLIQ];
            if (l->t > now)
                continue;
            P(o,
              "%s{\"bkLoss\":\"0\",\"bkPx\":\"%.*f\",\"ccy\":\"\",\"posSide\":\"%s\","
              "\"side\":\"%s\",\"sz\":\"%.0f\",\"ts\":\"%lld\"}",
              first ? "" : ",", s->px_dec, l->px, l->long_side ? "long" : "short",
              l->long_side ? "sell" : "buy", fmax(1, round(l->qty * 0.3 / s->ct_okx)),
              LL(l->t));
            first = 0;
        }
        P(o, "],\"instFamily\":\"%s-USDT\",\"instId\":\"%s-USDT-SWAP\",\"instType\":\"SWAP\","
             "\"uly\":\"%s-USDT\"}]}",
          s->name, s->name, s->name);
        return 0;
    }
    return -1;
}

/* ---- gate ---------------------------------------------------------------- */

static int gate(struct bmarket *m, const char *kind, struct bsym *s, const char *req,
                struct bbuf *o)
{
    int64_t now = m->now;
    if (strcmp(kind, "tickers") == 0) {
        P(o, "[");
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            struct day d = day_stats(x);
            double last = vpx(x, 3);
            int dec = x->px_dec;
            double vol = d.vol * 0.2;
            P(o,
              "%s{\"contract\":\"%s_USDT\",\"last\":\"%.*f\",\"low_24h\":\"%.*f\","
              "\"high_24h\":\"%.*f\",\"change_percentage\":\"%.2f\",\"total_size\":\"%.0f\","
              "\"volume_24h\":\"%.0f\",\"volume_24h_btc\":\"0\",\"volume_24h_usd\":\"0\","
              "\"volume_24h_base\":\"%.4f\",\"volume_24h_quote\":\"%.0f\","
              "\"volume_24h_settle\":\"%.0f\",\"mark_price\":\"%.*f\",\"funding_rate\":\"%.6f\","
              "\"funding_rate_indicative\":\"%.6f\",\"index_price\":\"%.*f\","
              "\"quanto_base_rate\":\"\",\"lowest_ask\":\"%.*f\",\"lowest_size\":\"%d\","
              "\"highest_bid\":\"%.*f\",\"highest_size\":\"%d\",\"change_utc0\":\"%.2f\","
              "\"change_utc8\":\"%.2f\",\"change_price\":\"%.*f\",\"change_utc0_price\":\"%.*f\","
              "\"change_utc8_price\":\"%.*f\"}",
              i ? "," : "", x->name, dec, last, dec, d.low, dec, d.high,
              (last / d.open - 1) * 100, oi_now(x) * 0.25 / x->ct_gate, vol / x->ct_gate, vol,
              vol * last, vol * last, dec, last * 0.99996, x->funding * 0.8, x->funding * 0.8,
              dec, x->px, dec, last * 1.00001, 1 + (int)(rnd_u(m) * 5000), dec, last,
              1 + (int)(rnd_u(m) * 5000), (last / d.open - 1) * 90, (last / d.open - 1) * 95,
              dec, last - d.open, dec, (last - d.open) * 0.9, dec, (last - d.open) * 0.95);
        }
        P(o, "]");
        return 0;
    }
    if (strcmp(kind, "contracts") == 0) {
        P(o, "[");
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            int dec = x->px_dec;
            P(o,
              "%s{\"name\":\"%s_USDT\",\"type\":\"direct\",\"quanto_multiplier\":\"%g\","
              "\"ref_discount_rate\":\"0\",\"order_price_deviate\":\"0.5\","
              "\"maintenance_rate\":\"0.004\",\"mark_type\":\"index\",\"last_price\":\"%.*f\","
              "\"mark_price\":\"%.*f\",\"index_price\":\"%.*f\",\"funding_rate_indicative\":\"%.6f\","
              "\"mark_price_round\":\"%g\",\"funding_offset\":0,\"in_delisting\":false,"
              "\"risk_limit_base\":\"1000000\",\"interest_rate\":\"0.0003\","
              "\"order_price_round\":\"%g\",\"order_size_min\":\"1\",\"enable_decimal\":false,"
              "\"ref_rebate_rate\":\"0.2\",\"funding_interval\":28800,"
              "\"risk_limit_step\":\"1000000\",\"leverage_min\":\"1\",\"leverage_max\":\"100\","
              "\"risk_limit_max\":\"8000000\",\"maker_fee_rate\":\"-0.0001\","
              "\"taker_fee_rate\":\"0.00075\",\"funding_rate\":\"%.6f\","
              "\"order_size_max\":\"1000000\",\"funding_next_apply\":%lld,\"short_users\":%d,"
              "\"config_change_time\":1713855600,\"trade_size\":\"8912345678901\","
              "\"position_size\":\"%.0f\",\"long_users\":%d,\"funding_impact_value\":\"60000\","
              "\"orders_limit\":100,\"trade_id\":%zu,\"orderbook_id\":%lld,"
              "\"enable_bonus\":true,\"enable_credit\":true,\"create_time\":1577836800,"
              "\"funding_cap_ratio\":\"0.75\",\"status\":\"trading\",\"launch_time\":1577836800,"
              "\"delisting_time\":0,\"delisted_time\":0,\"market_order_slip_ratio\":\"0.05\","
              "\"market_order_size_max\":\"0\",\"funding_rate_limit\":\"0.003\","
              "\"contract_type\":\"\",\"enable_circuit_breaker\":false}",
              i ? "," : "", x->name, x->ct_gate, dec, vpx(x, 3), dec, vpx(x, 3) * 0.99996, dec,
              x->px, x->funding * 0.8, pow(10, -dec + 1), pow(10, -dec + 1), x->funding * 0.8,
              LL((now / (8 * HOUR_MS) + 1) * 8 * 3600), 20000 + (int)i,
              oi_now(x) * 0.25 / x->ct_gate, 25000 + (int)i, 192837465 + i,
              LL(76543219876LL + now / 1000));
        }
        P(o, "]");
        return 0;
    }
    if (!s)
        return -1;
    if (strcmp(kind, "liq_orders") == 0) {
        long from = query_long(req, "from=", now / 1000 - 300);
        long to = query_long(req, "to=", now / 1000);
        long lim = query_long(req, "limit=", 100);
        P(o, "[");
        int first = 1;
        long n = 0;
        for (uint64_t k = 0; k < s->n_liq && k < NLIQ && n < lim; k++) {
            const struct bliq *l = &s->liq[(s->n_liq - 1 - k) % NLIQ];
            long ts = (long)(l->t / 1000);
            if (ts > to)
                continue;
            if (ts < from)
                break;
            double sz = fmax(1, round(l->qty * 0.2 / s->ct_gate));
            P(o,
              "%s{\"time\":%ld,\"contract\":\"%s_USDT\",\"size\":\"%.0f\",\"order_size\":\"%.0f\","
              "\"order_price\":\"%.*f\",\"fill_price\":\"%.*f\",\"left\":\"0\"}",
              first ? "" : ",", ts, s->name, l->long_side ? sz : -sz, l->long_side ? -sz : sz,
              s->px_dec, l->px, s->px_dec, l->px * (l->long_side ? 1.0001 : 0.9999));
            first = 0;
            n++;
        }
        P(o, "]");
        return 0;
    }
    if (strcmp(kind, "contract_stats") == 0) {
        long lim = query_long(req, "limit=", 96);
        if (lim > NPTS - 1)
            lim = NPTS - 1;
        P(o, "[");
        for (long k = lim; k >= 1; k--) {
            const struct bpoint *p = &s->pts[(s->n_pts - 1 - (uint64_t)k) % NPTS];
            double oi = p->oi * 0.25;
            /* this bucket's liquidations from the ring */
            double ll = 0, sl = 0;
            for (uint64_t j = 0; j < s->n_liq && j < NLIQ; j++) {
                const struct bliq *l = &s->liq[(s->n_liq - 1 - j) % NLIQ];
                if (l->t < p->t)
                    break;
                if (l->t >= p->t + 5 * MIN_MS)
                    continue;
                if (l->long_side)
                    ll += l->qty;
                else
                    sl += l->qty;
            }
            P(o,
              "%s{\"time\":%lld,\"lsr_taker\":%.2f,\"lsr_account\":%.2f,\"long_liq_size\":\"%.0f\","
              "\"long_liq_amount\":%.4f,\"long_liq_usd\":%.1f,\"long_liq_usd_new\":%.1f,"
              "\"short_liq_size\":\"%.0f\",\"short_liq_amount\":%.4f,\"short_liq_usd\":%.1f,"
              "\"short_liq_usd_new\":%.1f,\"open_interest\":\"%.0f\",\"open_interest_usd\":%.1f,"
              "\"top_lsr_account\":1.87,\"top_lsr_size\":\"1.12\",\"mark_price\":\"%.*f\","
              "\"top_long_size\":\"21345678\",\"top_short_size\":\"19058234\","
              "\"long_taker_size\":\"1234567\",\"short_taker_size\":\"1419022\","
              "\"top_long_account\":\"412\",\"top_short_account\":\"220\","
              "\"long_users\":\"25570\",\"short_users\":\"10610\"}",
              k == lim ? "" : ",", LL(p->t / 1000), 0.8 + 0.4 * rnd_u(m), s->ls,
              ll / s->ct_gate, ll, ll * p->px, ll * p->px, sl / s->ct_gate, sl, sl * p->px,
              sl * p->px, oi / s->ct_gate, oi * p->px, s->px_dec, p->px);
        }
        P(o, "]");
        return 0;
    }
    return -1;
}

/* ---- hyperliquid --------------------------------------------------------- */

static int hyperliquid(struct bmarket *m, const char *kind, struct bsym *s, const char *req,
                       struct bbuf *o)
{
    int64_t now = m->now;
    if (strcmp(kind, "metaAndAssetCtxs") == 0) {
        P(o, "[{\"universe\":[");
        for (size_t i = 0; i < m->n; i++)
            P(o, "%s{\"szDecimals\":%d,\"name\":\"%s\",\"maxLeverage\":%d,\"marginTableId\":%d}",
              i ? "," : "", m->s[i].sz_dec, m->s[i].name, i < 2 ? 40 : 10, i < 2 ? 56 : 10);
        P(o, "],\"marginTables\":[[10,{\"description\":\"\",\"marginTiers\":[{\"lowerBound\":"
             "\"0.0\",\"maxLeverage\":10}]}],[56,{\"description\":\"tiered 40x\",\"marginTiers\":"
             "[{\"lowerBound\":\"0.0\",\"maxLeverage\":40},{\"lowerBound\":\"150000000.0\","
             "\"maxLeverage\":20}]}]],\"collateralToken\":0},[");
        for (size_t i = 0; i < m->n; i++) {
            const struct bsym *x = &m->s[i];
            struct day d = day_stats(x);
            double mk = vpx(x, 4);
            int dec = x->px_dec;
            P(o,
              "%s{\"funding\":\"%.7f\",\"openInterest\":\"%.5f\",\"prevDayPx\":\"%.*f\","
              "\"dayNtlVlm\":\"%.3f\",\"premium\":\"%.7f\",\"oraclePx\":\"%.*f\","
              "\"markPx\":\"%.*f\",\"midPx\":\"%.*f\",\"impactPxs\":[\"%.*f\",\"%.*f\"],"
              "\"dayBaseVlm\":\"%.5f\"}",
              i ? "," : "", x->funding / 8, oi_now(x) * 0.1, dec, d.open, d.vol * 0.1 * mk,
              -0.0002 + 0.0001 * rnd_n(m), dec, x->px, dec, mk, dec, mk * 1.00001, dec,
              mk * 0.9999, dec, mk * 1.0001, d.vol * 0.1);
        }
        P(o, "]]");
        return 0;
    }
    if (!s)
        return -1;
    if (strcmp(kind, "candleSnapshot") == 0) {
        long long start = query_long(req, "\"startTime\":", now - 168 * HOUR_MS);
        P(o, "[");
        int first = 1;
        for (long k = NCAND - 1; k >= 0; k--) {
            const struct bcandle *c = candle_back(s, (uint64_t)k);
            if (!c || c->t < start)
                continue;
            int dec = s->px_dec;
            P(o,
              "%s{\"t\":%lld,\"T\":%lld,\"s\":\"%s\",\"i\":\"1h\",\"o\":\"%.*f\",\"c\":\"%.*f\","
              "\"h\":\"%.*f\",\"l\":\"%.*f\",\"v\":\"%.5f\",\"n\":%lld}",
              first ? "" : ",", LL(c->t), LL(c->t + HOUR_MS - 1), s->name, dec, c->o, dec, c->c,
              dec, c->h, dec, c->l, c->v * 0.1, LL(100 + c->v));
            first = 0;
        }
        P(o, "]");
        return 0;
    }
    return -1;
}

/* ---- market-wide --------------------------------------------------------- */

static int feargreed(struct bmarket *m, struct bbuf *o)
{
    int64_t day = m->now / (24 * HOUR_MS) * 24 * 3600;
    int v = m->crash_t >= 0 && m->now > m->crash_t ? 21 : 52;
    const char *label = v < 25 ? "Extreme Fear" : "Neutral";
    P(o,
      "{\"name\":\"Fear and Greed Index\",\"data\":[{\"value\":\"%d\",\"value_classification\":"
      "\"%s\",\"timestamp\":\"%lld\",\"time_until_update\":\"%lld\"},{\"value\":\"55\","
      "\"value_classification\":\"Greed\",\"timestamp\":\"%lld\"}],\"metadata\":{\"error\":null}}",
      v, label, LL(day), LL(day + 86400 - m->now / 1000), LL(day - 86400));
    return 0;
}

static int coingecko(struct bmarket *m, struct bbuf *o)
{
    const struct bsym *btc = find(m, "BTC");
    double f = btc ? btc->px / 63000 : 1;
    double cap = 2.3e12 * f;
    P(o,
      "{\"data\":{\"active_cryptocurrencies\":14712,\"upcoming_icos\":0,\"ongoing_icos\":49,"
      "\"ended_icos\":3376,\"markets\":1123,\"total_market_cap\":{\"btc\":%.7f,\"eth\":%.6f,"
      "\"usd\":%.2f,\"eur\":%.2f},\"total_volume\":{\"btc\":1523456.78901234,\"usd\":%.4f},"
      "\"market_cap_percentage\":{\"btc\":%.13f,\"eth\":16.0123456789012,\"usdt\":4.77123456789012},"
      "\"market_cap_change_percentage_24h_usd\":%.14f,\"updated_at\":%lld}}",
      cap / (btc ? btc->px : 63000), cap / 2450, cap, cap * 0.93, cap * 0.04, 53.4 + (f - 1) * 10,
      (f - 1) * 100, LL(m->now / 1000 - 30));
    return 0;
}

int bm_body(struct bmarket *m, const char *venue, const char *kind, const char *sym,
            const char *request, struct bbuf *out)
{
    bbuf_clear(out);
    bbuf_reserve(out, 0);
    struct bsym *s = find(m, sym);
    if (sym && !s)
        return -1;
    if (strcmp(venue, "binance") == 0)
        return binance(m, kind, s, request, out);
    if (strcmp(venue, "bybit") == 0)
        return bybit(m, kind, s, request, out);
    if (strcmp(venue, "okx") == 0)
        return okx(m, kind, s, request, out);
    if (strcmp(venue, "gate") == 0)
        return gate(m, kind, s, request, out);
    if (strcmp(venue, "hyperliquid") == 0)
        return hyperliquid(m, kind, s, request, out);
    if (strcmp(venue, "feargreed") == 0)
        return feargreed(m, out);
    if (strcmp(venue, "coingecko") == 0)
        return coingecko(m, out);
    return -1;
}
