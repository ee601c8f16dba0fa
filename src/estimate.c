/* estimate: liquidations inferred from OI drops during adverse moves (see estimate.h). */
#include "liqtop/estimate.h"

#include <math.h>
#include <string.h>

void estimate_cfg_default(struct estimate_cfg *cfg)
{
    cfg->enable = 1;
    cfg->step_s = 60;
    cfg->min_oi_drop_pct = 0.2;
    cfg->min_move_pct = 0.1;
    cfg->share = 0.5;
    cfg->reported_recent_min = 10;
}

void estimate_asset_init(struct estimate_asset *e)
{
    memset(e, 0, sizeof *e);
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        e->v[v].step = -1;
        e->v[v].oi_coins = e->v[v].px = NAN;
    }
}

static enum source_id stream_of(enum venue_id v)
{
    switch (v) {
    case VENUE_BINANCE: return SRC_BINANCE_WS;
    case VENUE_BYBIT: return SRC_BYBIT_WS;
    case VENUE_OKX: return SRC_OKX_WS;
    default: return SRC_COUNT;
    }
}

int estimate_venue_reported(const struct store *s, const struct estimate_cfg *cfg,
                            enum venue_id venue, int64_t last_reported_ms, int64_t now_ms)
{
    if (last_reported_ms > 0 && now_ms - last_reported_ms <= (int64_t)(cfg->reported_recent_min * 60000))
        return 1;
    enum source_id st = stream_of(venue);
    return st != SRC_COUNT && s->health[st].state == HEALTH_OK;
}

/* The venue's latest fresh OI in coins and price; 0 if unknown or stale. */
static int venue_now(const struct store *s, const struct venue_data *vd, int64_t now, double *oi,
                     double *px)
{
    int64_t stale = (int64_t)s->cfg.stale_after_s * 1000, t;
    double p;
    if (!((series_last(&vd->mark, &t, &p) && now - t <= stale) ||
          (series_last(&vd->price, &t, &p) && now - t <= stale)) ||
        !(p > 0))
        return 0;
    double x;
    if (series_last(&vd->oi_base, &t, &x) && now - t <= stale && x > 0) {
        *oi = x;
    } else if (series_last(&vd->oi_usd, &t, &x) && now - t <= stale && x > 0) {
        *oi = x / p;
    } else {
        return 0;
    }
    *px = p;
    return 1;
}

int estimate_run(struct store *s, const struct estimate_cfg *cfg, int ai,
                 struct estimate_asset *e, const int reported[VENUE_MARKET_COUNT], int64_t now)
{
    if (!cfg->enable || ai < 0 || (size_t)ai >= s->n_assets || !(cfg->step_s > 0))
        return 0;
    struct asset *a = &s->assets[ai];
    int64_t step_ms = (int64_t)(cfg->step_s * 1000);
    int64_t step = now / step_ms;
    int written = 0;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        struct estimate_venue *ev = &e->v[v];
        const struct venue_data *vd = &a->venue[v];
        double oi, px;
        ev->active = vd->present && !(vd->liq_origin == LIQ_ORIGIN_REPORTED && reported[v]) &&
                     venue_now(s, vd, now, &oi, &px);
        if (!ev->active) {
            ev->step = -1; /* start over when it becomes usable */
            continue;
        }
        if (step == ev->step)
            continue;
        int adjacent = ev->step >= 0 && step - ev->step == 1;
        double prev_oi = ev->oi_coins, prev_px = ev->px;
        ev->step = step;
        ev->oi_coins = oi;
        ev->px = px;
        if (!adjacent)
            continue; /* a gap: the change is not within one step */
        double drop = (prev_oi - oi) / prev_oi * 100;  /* %, positive = OI fell */
        double move = (px - prev_px) / prev_px * 100; /* %, signed */
        if (!(drop >= cfg->min_oi_drop_pct) || !(fabs(move) >= cfg->min_move_pct))
            continue;
        struct rec_liq l;
        memset(&l, 0, sizeof l);
        memcpy(l.sym, a->sym, sizeof l.sym);
        l.t_ms = now;
        l.side = move < 0 ? LIQ_LONG : LIQ_SHORT;
        l.price = px;
        l.qty = (prev_oi - oi) * cfg->share;
        l.usd = l.qty * px;
        if (store_add_liq(s, ai, (enum venue_id)v, &l, 1) == 1) {
            ev->usd_total += l.usd;
            written++;
        }
    }
    return written;
}
