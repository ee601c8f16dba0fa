/* store: bounded per-asset, per-venue market series (see store.h). */
#include "liqtop/store.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL

void store_cfg_default(struct store_cfg *cfg)
{
    cfg->series.fast_samples = 720; /* an hour at 5 s polling */
    cfg->series.slow_samples = 300; /* 25 h at 5 min */
    cfg->series.slow_step_s = 300;
    cfg->liq_events = 512;
    cfg->liq_minutes = 1500; /* 25 h */
    cfg->candles = 600;
    cfg->stale_after_s = 180;
}

static void venue_init(struct venue_data *v, const struct series_cfg *sc)
{
    memset(v, 0, sizeof *v);
    struct series *all[] = {&v->price,      &v->mark,       &v->index,      &v->oi_usd,
                            &v->oi_base,    &v->funding,    &v->ls_ratio,   &v->depth_bid1,
                            &v->depth_ask1, &v->depth_bid2, &v->depth_ask2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        series_init(all[i], sc);
    v->funding_interval_h = v->change_24h = v->volume_24h_usd = v->base_per_contract = NAN;
}

static void venue_done(struct venue_data *v)
{
    struct series *all[] = {&v->price,      &v->mark,       &v->index,      &v->oi_usd,
                            &v->oi_base,    &v->funding,    &v->ls_ratio,   &v->depth_bid1,
                            &v->depth_ask1, &v->depth_bid2, &v->depth_ask2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        series_done(all[i]);
    free(v->liq_min);
    v->liq_min = NULL;
}

/* FNV-1a of a symbol, for store_find's index. */
static uint32_t sym_hash(const char *sym)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)sym; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

struct store *store_new(const struct store_cfg *cfg, const char *const *syms, size_t n)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cfg = *cfg;
    s->assets = calloc(n ? n : 1, sizeof *s->assets);
    uint32_t slots = 8;
    while (slots < 2 * n && slots < (1u << 30))
        slots <<= 1;
    s->sym_index = calloc(slots, sizeof *s->sym_index);
    if (!s->assets || !s->sym_index) {
        free(s->assets);
        free(s->sym_index);
        free(s);
        return NULL;
    }
    s->sym_slots = slots;
    for (size_t i = 0; i < n; i++) {
        if (!syms[i] || !*syms[i] || store_find(s, syms[i]) >= 0)
            continue;
        struct asset *a = &s->assets[s->n_assets++];
        text_copy(a->sym, sizeof a->sym, syms[i]);
        /* index it under the name as stored (text_copy may have cut it) */
        uint32_t k = sym_hash(a->sym) & (slots - 1);
        while (s->sym_index[k])
            k = (k + 1) & (slots - 1);
        s->sym_index[k] = (uint32_t)s->n_assets;
        for (int v = 0; v < VENUE_MARKET_COUNT; v++)
            venue_init(&a->venue[v], &cfg->series);
        series_init(&a->price, &cfg->series);
        series_init(&a->oi_usd, &cfg->series);
        a->price_venue = VENUE_COUNT;
        a->candle_venue = VENUE_COUNT;
    }
    series_init(&s->market_cap_usd, &cfg->series);
    series_init(&s->fear_greed_hist, &cfg->series);
    return s;
}

void store_free(struct store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_assets; i++) {
        struct asset *a = &s->assets[i];
        for (int v = 0; v < VENUE_MARKET_COUNT; v++)
            venue_done(&a->venue[v]);
        series_done(&a->price);
        series_done(&a->oi_usd);
        free(a->candles);
        free(a->liqs);
        free(a->liq_seen);
    }
    series_done(&s->market_cap_usd);
    series_done(&s->fear_greed_hist);
    free(s->assets);
    free(s->sym_index);
    free(s);
}

int store_find(const struct store *s, const char *sym)
{
    /* called for every record applied: a hash probe, not a scan of every
     * asset (300 symbols made the scan a tenth of the model's time) */
    uint32_t mask = s->sym_slots - 1;
    for (uint32_t k = sym_hash(sym) & mask; s->sym_index[k]; k = (k + 1) & mask) {
        uint32_t i = s->sym_index[k] - 1;
        if (strcmp(s->assets[i].sym, sym) == 0)
            return (int)i;
    }
    return -1;
}

static int fresh(const struct store *s, int64_t t, int64_t now)
{
    return t > 0 && now - t <= (int64_t)s->cfg.stale_after_s * 1000;
}

/* Recompute the reference price and the OI sum of one asset at `now`. */
static void update_aggregates(struct store *s, struct asset *a, int64_t now)
{
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        struct venue_data *vd = &a->venue[v];
        int64_t t;
        double p;
        if ((series_last(&vd->mark, &t, &p) && fresh(s, t, now)) ||
            (series_last(&vd->price, &t, &p) && fresh(s, t, now))) {
            if (p > 0) {
                series_push(&a->price, now, p);
                a->price_venue = (enum venue_id)v;
                break;
            }
        }
    }
    double oi = 0;
    int n = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        int64_t t;
        double x;
        if (series_last(&a->venue[v].oi_usd, &t, &x) && fresh(s, t, now) && x >= 0) {
            oi += x;
            n++;
        }
    }
    if (n)
        series_push(&a->oi_usd, now, oi);
}

static void push_if(struct series *se, int64_t t, double v)
{
    if (!isnan(v))
        series_push(se, t, v);
}

static int apply_ticker(struct store *s, struct asset *a, enum venue_id venue,
                        const struct rec_ticker *r, int64_t now)
{
    struct venue_data *v = &a->venue[venue];
    push_if(&v->price, now, r->price);
    push_if(&v->mark, now, r->mark);
    push_if(&v->index, now, r->index);
    push_if(&v->funding, now, r->funding);
    push_if(&v->ls_ratio, now, r->ls_ratio);
    push_if(&v->oi_base, now, r->oi_base);
    double oi_usd = r->oi_usd;
    if (isnan(oi_usd) && !isnan(r->oi_base)) {
        /* convert with the best price we know for this venue */
        double px = !isnan(r->mark) ? r->mark : r->price;
        if (isnan(px) && !series_last(&v->mark, NULL, &px) && !series_last(&v->price, NULL, &px))
            px = NAN;
        oi_usd = r->oi_base * px;
    }
    push_if(&v->oi_usd, now, oi_usd);
    if (!isnan(r->funding_interval_h))
        v->funding_interval_h = r->funding_interval_h;
    if (!isnan(r->change_24h))
        v->change_24h = r->change_24h;
    if (!isnan(r->volume_24h_usd))
        v->volume_24h_usd = r->volume_24h_usd;
    v->present = 1;
    v->updated_ms = now;
    (void)s;
    return 1;
}

static void apply_candle(struct store *s, struct asset *a, enum venue_id venue,
                         const struct rec_candle *c)
{
    if (c->interval_s != 3600 || isnan(c->close) || isnan(c->high) || isnan(c->low) ||
        isnan(c->open) || s->cfg.candles == 0)
        return;
    if (a->candle_venue != VENUE_COUNT && venue > a->candle_venue)
        return; /* a better venue already provides candles */
    if (venue < a->candle_venue) {
        a->n_candles = 0; /* switch to the better venue's candles */
        a->candle_venue = venue;
    }
    if (!a->candles) {
        a->candles = malloc(sizeof *a->candles * s->cfg.candles);
        if (!a->candles)
            return;
    }
    /* find the insertion point (candles arrive mostly in order) */
    uint32_t i = a->n_candles;
    while (i > 0 && a->candles[i - 1].t_ms > c->t_ms)
        i--;
    if (i > 0 && a->candles[i - 1].t_ms == c->t_ms) {
        a->candles[i - 1] = *c; /* update of the current candle */
        return;
    }
    if (a->n_candles == s->cfg.candles) {
        if (i == 0)
            return; /* older than everything held */
        memmove(a->candles, a->candles + 1, sizeof *a->candles * (size_t)(i - 1));
        a->candles[i - 1] = *c;
        return;
    }
    memmove(a->candles + i + 1, a->candles + i, sizeof *a->candles * (size_t)(a->n_candles - i));
    a->candles[i] = *c;
    a->n_candles++;
}

static void apply_point(struct asset *a, enum venue_id venue, const struct rec_point *p)
{
    struct venue_data *v = &a->venue[venue];
    struct series *se = NULL;
    switch (p->series) {
    case RS_OI_USD: se = &v->oi_usd; break;
    case RS_OI_BASE: se = &v->oi_base; break;
    case RS_LS_RATIO: se = &v->ls_ratio; break;
    case RS_FUNDING: se = &v->funding; break;
    case RS_PRICE: se = &v->price; break;
    }
    if (se && !isnan(p->value) && p->t_ms > 0)
        series_push(se, p->t_ms, p->value); /* older than what we hold: dropped */
    /* price history also seeds the reference price, so 1h changes and
     * sparklines work from the first second; the first venue to send it wins
     * (later, older points are dropped by the ring) */
    if (p->series == RS_PRICE && !isnan(p->value) && p->value > 0 && p->t_ms > 0)
        series_push(&a->price, p->t_ms, p->value);
}

size_t store_apply(struct store *s, enum venue_id venue, const struct recs *r, int64_t now)
{
    size_t used = 0;
    if (now > s->now_ms)
        s->now_ms = now;
    if ((unsigned)venue < VENUE_MARKET_COUNT) {
        for (size_t i = 0; i < r->n_contracts; i++) {
            int ai = store_find(s, r->contracts[i].sym);
            if (ai >= 0 && r->contracts[i].base_per_contract > 0) {
                s->assets[ai].venue[venue].base_per_contract = r->contracts[i].base_per_contract;
                used++;
            }
        }
        for (size_t i = 0; i < r->n_points; i++) {
            int ai = store_find(s, r->points[i].sym);
            if (ai >= 0) {
                apply_point(&s->assets[ai], venue, &r->points[i]);
                s->assets[ai].version++;
                used++;
            }
        }
        for (size_t i = 0; i < r->n_candles; i++) {
            int ai = store_find(s, r->candles[i].sym);
            if (ai >= 0) {
                apply_candle(s, &s->assets[ai], venue, &r->candles[i]);
                s->assets[ai].version++;
                used++;
            }
        }
        for (size_t i = 0; i < r->n_tickers; i++) {
            int ai = store_find(s, r->tickers[i].sym);
            if (ai >= 0) {
                used += (size_t)apply_ticker(s, &s->assets[ai], venue, &r->tickers[i], now);
                s->assets[ai].version++;
            }
        }
        for (size_t i = 0; i < r->n_depths; i++) {
            int ai = store_find(s, r->depths[i].sym);
            if (ai < 0)
                continue;
            struct venue_data *v = &s->assets[ai].venue[venue];
            push_if(&v->depth_bid1, now, r->depths[i].bid_1pct);
            push_if(&v->depth_ask1, now, r->depths[i].ask_1pct);
            push_if(&v->depth_bid2, now, r->depths[i].bid_2pct);
            push_if(&v->depth_ask2, now, r->depths[i].ask_2pct);
            v->present = 1;
            s->assets[ai].version++;
            used++;
        }
        for (size_t i = 0; i < r->n_liqs; i++) {
            int ai = store_find(s, r->liqs[i].sym);
            if (ai >= 0 && store_add_liq(s, ai, venue, &r->liqs[i], 0) >= 0)
                used++;
        }
        if (r->n_tickers) {
            for (size_t i = 0; i < s->n_assets; i++)
                update_aggregates(s, &s->assets[i], now);
        }
    }
    if (r->has_fear_greed) {
        s->fear_greed = r->fear_greed;
        s->has_fear_greed = 1;
        series_push(&s->fear_greed_hist, r->fear_greed.t_ms ? r->fear_greed.t_ms : now,
                    r->fear_greed.value);
        used++;
    }
    if (r->has_market_cap && !isnan(r->market_cap.usd)) {
        s->market_cap = r->market_cap;
        s->has_market_cap = 1;
        series_push(&s->market_cap_usd, now, r->market_cap.usd);
        used++;
    }
    if (used)
        s->version++;
    return used;
}

/* FNV-1a over the fields that identify one liquidation. */
static uint64_t liq_hash(enum venue_id venue, const struct rec_liq *l)
{
    uint64_t h = 1469598103934665603ULL;
    unsigned char buf[1 + 1 + 8 + 8 + 8];
    buf[0] = (unsigned char)venue;
    buf[1] = (unsigned char)l->side;
    memcpy(buf + 2, &l->t_ms, 8);
    memcpy(buf + 10, &l->price, 8);
    memcpy(buf + 18, &l->qty, 8);
    for (size_t i = 0; i < sizeof buf; i++) {
        h ^= buf[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1; /* 0 marks an empty slot */
}

static int seen_contains(const struct asset *a, int gen, uint64_t h)
{
    uint32_t mask = a->liq_seen_slots - 1;
    const uint64_t *tab = a->liq_seen + (size_t)gen * a->liq_seen_slots;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        if (tab[i] == 0)
            return 0;
        if (tab[i] == h)
            return 1;
    }
}

static void seen_insert(struct asset *a, uint64_t h)
{
    /* keep each generation at most half full so probes stay short */
    if (a->liq_seen_count[a->liq_seen_gen] >= a->liq_seen_slots / 2) {
        a->liq_seen_gen ^= 1;
        memset(a->liq_seen + (size_t)a->liq_seen_gen * a->liq_seen_slots, 0,
               sizeof *a->liq_seen * a->liq_seen_slots);
        a->liq_seen_count[a->liq_seen_gen] = 0;
    }
    uint32_t mask = a->liq_seen_slots - 1;
    uint64_t *tab = a->liq_seen + (size_t)a->liq_seen_gen * a->liq_seen_slots;
    uint32_t i = (uint32_t)h & mask;
    while (tab[i] != 0)
        i = (i + 1) & mask;
    tab[i] = h;
    a->liq_seen_count[a->liq_seen_gen]++;
}

int store_add_liq(struct store *s, int ai, enum venue_id venue, const struct rec_liq *l,
                  int estimated)
{
    if (ai < 0 || (size_t)ai >= s->n_assets || (unsigned)venue >= VENUE_MARKET_COUNT)
        return -1;
    if (isnan(l->usd) || l->usd <= 0 || l->t_ms <= 0 || (l->side != LIQ_LONG && l->side != LIQ_SHORT))
        return -1;
    struct asset *a = &s->assets[ai];
    struct venue_data *v = &a->venue[venue];
    if (!a->liq_seen) {
        uint32_t slots = 64;
        while (slots < s->cfg.liq_events * 4 && slots < (1u << 20))
            slots <<= 1;
        a->liq_seen = calloc((size_t)slots * 2, sizeof *a->liq_seen);
        if (!a->liq_seen)
            return -1;
        a->liq_seen_slots = slots;
    }
    uint64_t h = liq_hash(venue, l);
    if (seen_contains(a, 0, h) || seen_contains(a, 1, h))
        return 0;
    if (!v->liq_min && s->cfg.liq_minutes) {
        v->liq_min = calloc(s->cfg.liq_minutes, sizeof *v->liq_min);
        if (!v->liq_min)
            return -1;
        for (uint32_t i = 0; i < s->cfg.liq_minutes; i++)
            v->liq_min[i].minute = -1;
    }
    if (!a->liqs && s->cfg.liq_events) {
        a->liqs = malloc(sizeof *a->liqs * s->cfg.liq_events);
        if (!a->liqs)
            return -1;
    }
    seen_insert(a, h);
    int64_t minute = l->t_ms / MIN_MS;
    if (v->liq_min) {
        struct liq_minute *b = &v->liq_min[(uint64_t)minute % s->cfg.liq_minutes];
        if (b->minute < minute) {
            memset(b, 0, sizeof *b);
            b->minute = minute;
        }
        if (b->minute == minute) {
            b->usd[l->side] += l->usd;
            b->count[l->side]++;
            if (estimated)
                b->estimated = 1;
        }
    }
    if (a->liqs) {
        a->liqs[a->liq_head] = (struct liq_event){l->t_ms, venue, l->side, l->price,
                                                  l->qty,  l->usd, estimated};
        a->liq_head = (a->liq_head + 1) % s->cfg.liq_events;
        if (a->liq_len < s->cfg.liq_events)
            a->liq_len++;
    }
    if (estimated) {
        if (v->liq_origin != LIQ_ORIGIN_REPORTED)
            v->liq_origin = LIQ_ORIGIN_ESTIMATED;
    } else {
        v->liq_origin = LIQ_ORIGIN_REPORTED;
    }
    a->version++;
    s->version++;
    return 1;
}

static void add_venue_totals(const struct store *s, const struct venue_data *v, int64_t from_min,
                             int64_t to_min, struct liq_totals *out)
{
    if (!v->liq_min)
        return;
    uint32_t cap = s->cfg.liq_minutes;
    if (to_min - from_min > (int64_t)cap)
        from_min = to_min - cap;
    if (from_min >= to_min)
        return;
    /* walk the wheel from the first minute's slot, wrapping by hand: one
     * division per call instead of one per minute (this runs for every
     * detector window of every asset refresh) */
    uint32_t slot = (uint32_t)((uint64_t)from_min % cap);
    for (int64_t m = from_min; m < to_min; m++, slot = slot + 1 == cap ? 0 : slot + 1) {
        const struct liq_minute *b = &v->liq_min[slot];
        if (b->minute != m)
            continue;
        for (int side = 0; side < 2; side++) {
            out->usd[side] += b->usd[side];
            out->count[side] += b->count[side];
        }
        if (b->estimated)
            out->estimated = 1;
    }
}

void store_liq_totals(const struct store *s, int asset, int venue, int64_t from_ms, int64_t to_ms,
                      struct liq_totals *out)
{
    memset(out, 0, sizeof *out);
    if (from_ms < 0)
        from_ms = 0;
    int64_t from_min = from_ms / MIN_MS, to_min = (to_ms + MIN_MS - 1) / MIN_MS;
    /* one asset: go straight to it (the detectors ask per asset, many times
     * per refresh; scanning every asset made this quadratic in symbols) */
    size_t first = 0, end = s->n_assets;
    if (asset >= 0) {
        if ((size_t)asset >= s->n_assets)
            return;
        first = (size_t)asset;
        end = first + 1;
    }
    for (size_t ai = first; ai < end; ai++) {
        for (int v = 0; v < VENUE_MARKET_COUNT; v++)
            if (venue < 0 || venue == v)
                add_venue_totals(s, &s->assets[ai].venue[v], from_min, to_min, out);
    }
}

const struct liq_event *store_liq_recent(const struct store *s, int asset, uint32_t i)
{
    if (asset < 0 || (size_t)asset >= s->n_assets)
        return NULL;
    const struct asset *a = &s->assets[asset];
    if (i >= a->liq_len)
        return NULL;
    uint32_t cap = s->cfg.liq_events;
    return &a->liqs[(a->liq_head + cap - 1 - i) % cap];
}

double store_price(const struct store *s, int asset)
{
    double v;
    if (asset < 0 || (size_t)asset >= s->n_assets || !series_last(&s->assets[asset].price, NULL, &v))
        return NAN;
    return v;
}

double store_price_at(const struct store *s, int asset, int64_t at)
{
    if (asset < 0 || (size_t)asset >= s->n_assets)
        return NAN;
    const struct asset *a = &s->assets[asset];
    double v = series_at(&a->price, at);
    if (!isnan(v))
        return v;
    /* before the series starts: the candle that was open at `at` */
    for (uint32_t i = a->n_candles; i-- > 0;) {
        const struct rec_candle *c = &a->candles[i];
        if (c->t_ms <= at)
            return at >= c->t_ms + (int64_t)c->interval_s * 1000 ? c->close : c->open;
    }
    return NAN;
}

size_t store_bytes(const struct store *s)
{
    size_t b = sizeof *s + s->n_assets * sizeof *s->assets + s->sym_slots * sizeof *s->sym_index;
    for (size_t i = 0; i < s->n_assets; i++) {
        const struct asset *a = &s->assets[i];
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            const struct venue_data *vd = &a->venue[v];
            const struct series *all[] = {&vd->price,      &vd->mark,       &vd->index,
                                          &vd->oi_usd,     &vd->oi_base,    &vd->funding,
                                          &vd->ls_ratio,   &vd->depth_bid1, &vd->depth_ask1,
                                          &vd->depth_bid2, &vd->depth_ask2};
            for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
                b += all[k]->fast.cap ? series_bytes(all[k]) : 0;
            if (vd->liq_min)
                b += s->cfg.liq_minutes * sizeof *vd->liq_min;
        }
        b += a->price.fast.cap ? series_bytes(&a->price) : 0;
        b += a->oi_usd.fast.cap ? series_bytes(&a->oi_usd) : 0;
        if (a->candles)
            b += s->cfg.candles * sizeof *a->candles;
        if (a->liqs)
            b += s->cfg.liq_events * sizeof *a->liqs;
        if (a->liq_seen)
            b += (size_t)a->liq_seen_slots * 2 * sizeof *a->liq_seen;
    }
    return b;
}
