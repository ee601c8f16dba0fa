/* liq: the liquidations panel: 1h/4h/24h long vs short per venue (and per
 * symbol when there is room), the cross-source range, order counts, notes on
 * partial feeds, and the largest liquidations of the last 24 h.
 *
 * Figures are the model's (model_asset venue totals summed over assets);
 * anything estimated carries a leading "~" in the estimated role. */
#include "panel.h"

#include "liqtop/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FEED_MAX 64

struct liq_row {
    char name[16];
    struct liq_totals t[3]; /* 1h, 4h, 24h */
    int present;
    int lower_bound; /* the venue's feed is known to miss some (stream note) */
};

static void add_totals(struct liq_totals *dst, const struct liq_totals *src)
{
    for (int k = 0; k < 2; k++) {
        dst->usd[k] += src->usd[k];
        dst->count[k] += src->count[k];
    }
    dst->estimated |= src->estimated;
}

/* The stream source that delivers a venue's liquidations, or -1. */
static int stream_of(enum venue_id vn)
{
    for (int src = 0; src < SRC_COUNT; src++)
        if (source_is_stream((enum source_id)src) && source_venue((enum source_id)src) == vn)
            return src;
    return -1;
}

static void venue_rows(const struct view *v, struct liq_row *rows)
{
    size_t na = model_n_assets(v->model);
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++) {
        struct liq_row *r = &rows[vn];
        memset(r, 0, sizeof *r);
        snprintf(r->name, sizeof r->name, "%s", venue_name((enum venue_id)vn));
        for (size_t i = 0; i < na; i++) {
            const struct model_venue *mv = &model_asset(v->model, i)->venue[vn];
            if (!mv->present)
                continue;
            r->present |= mv->liq_origin != LIQ_ORIGIN_NONE || mv->liq_estimating;
            add_totals(&r->t[0], &mv->liq_1h);
            add_totals(&r->t[1], &mv->liq_4h);
            add_totals(&r->t[2], &mv->liq_24h);
        }
        int src = stream_of((enum venue_id)vn);
        if (src >= 0) {
            const struct source_health *h = &v->store->health[src];
            r->lower_bound = h->state != HEALTH_DISABLED && strstr(h->note, "lower bound") != NULL;
        }
    }
}

static double total_usd(const struct liq_totals *t)
{
    return t->usd[LIQ_LONG] + t->usd[LIQ_SHORT];
}

/* Column layout of the period groups: name, then up to three groups of
 * "bar value". */
struct liq_layout {
    int name_w, groups, bar_w, val_w;
    int period[3]; /* which of 1h/4h/24h each group shows */
};

static void layout(int w, struct liq_layout *L)
{
    L->name_w = 13; /* " hyperliquid " */
    L->val_w = 15;  /* mark, "$172M/$34.1K", a gap */
    int avail = w - 1 - L->name_w;
    L->groups = avail / 3 >= L->val_w + 6 ? 3 : avail / 2 >= L->val_w + 6 ? 2 : 1;
    L->bar_w = avail / L->groups - L->val_w - 1;
    if (L->bar_w > 30)
        L->bar_w = 30;
    if (L->bar_w < 0)
        L->bar_w = 0;
    static const int three[3] = {0, 1, 2}, two[3] = {0, 2, 2}, one[3] = {2, 2, 2};
    memcpy(L->period, L->groups == 3 ? three : L->groups == 2 ? two : one, sizeof L->period);
}

static const char *const period_name[3] = {"1H", "4H", "24H"};

static void draw_group_header(struct surface *s, int y, int x, const struct liq_layout *L,
                              const char *first)
{
    surface_put(s, y, x + 1, ROLE_DIM, first, L->name_w - 1);
    for (int g = 0; g < L->groups; g++) {
        char t[32];
        snprintf(t, sizeof t, "%s long/short", period_name[L->period[g]]);
        int gx = x + L->name_w + g * (L->bar_w + L->val_w + 1);
        surface_put(s, y, gx, ROLE_DIM, t, L->bar_w + L->val_w);
    }
}

static void draw_row(const struct view *v, struct surface *s, int y, int x, const struct liq_layout *L,
                     const struct liq_row *row, const double *max, int role_name)
{
    surface_put(s, y, x + 1, role_name, row->name, L->name_w - 1);
    for (int g = 0; g < L->groups; g++) {
        const struct liq_totals *t = &row->t[L->period[g]];
        int gx = x + L->name_w + g * (L->bar_w + L->val_w + 1);
        ui_liq_bar(s, y, gx, L->bar_w, t->usd[LIQ_LONG], t->usd[LIQ_SHORT], max[L->period[g]],
                   v->utf8);
        struct liq_totals plain = *t;
        plain.estimated = 0;
        char buf[40];
        ui_format_liq_pair(buf, sizeof buf, &plain);
        int vx = gx + L->bar_w + 1;
        /* mark: ~ estimated, >= (or >) a lower bound */
        const char *mark = t->estimated ? "~" : row->lower_bound ? (v->utf8 ? "≥" : ">") : " ";
        surface_put(s, y, vx, t->estimated ? ROLE_ESTIMATED : ROLE_DIM, mark, 1);
        int role = t->usd[LIQ_LONG] > t->usd[LIQ_SHORT]   ? ROLE_LONG
                   : t->usd[LIQ_SHORT] > t->usd[LIQ_LONG] ? ROLE_SHORT
                                                          : ROLE_NORMAL;
        surface_put(s, y, vx + 1, role, buf, L->val_w - 2);
    }
}

static void row_maxes(const struct liq_row *rows, int n, double *max)
{
    max[0] = max[1] = max[2] = 0;
    for (int i = 0; i < n; i++)
        for (int p = 0; p < 3; p++)
            if (rows[i].present && total_usd(&rows[i].t[p]) > max[p])
                max[p] = total_usd(&rows[i].t[p]);
}

/* The largest liquidations held by the model, all assets, largest first. */
static size_t feed(const struct view *v, const struct liq_event **out, const char **syms,
                   size_t max)
{
    size_t n = 0, na = model_n_assets(v->model);
    for (size_t i = 0; i < na; i++) {
        const struct model_asset *m = model_asset(v->model, i);
        for (size_t k = 0; k < m->n_top_liqs; k++) {
            const struct liq_event *e = &m->top_liqs[k];
            size_t j = n < max ? n++ : max;
            if (j == max && !(e->usd > out[max - 1]->usd))
                continue;
            if (j == max)
                j = max - 1;
            while (j > 0 && e->usd > out[j - 1]->usd) {
                out[j] = out[j - 1];
                syms[j] = syms[j - 1];
                j--;
            }
            out[j] = e;
            syms[j] = m->sym;
        }
    }
    return n;
}

void liq_draw(const struct view *v, struct surface *s, struct rect r)
{
    if (r.h <= 0 || r.w <= 0)
        return;
    const struct model_market *mk = model_market(v->model);
    const struct glyphs *g = ui_glyphs(v->utf8);
    char legend[64];
    snprintf(legend, sizeof legend, "%s long %s short  ~ estimated", g->full, g->shade);
    ui_panel_title(s, r, "LIQUIDATIONS  all symbols", legend);
    int y = r.y + 1, end = r.y + r.h;
    struct liq_layout L;
    layout(r.w, &L);

    struct liq_row rows[VENUE_MARKET_COUNT], total;
    venue_rows(v, rows);
    double max[3];
    row_maxes(rows, VENUE_MARKET_COUNT, max);
    int any = 0;
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++)
        any |= rows[vn].present;
    if (!any) {
        if (y < end)
            surface_put(s, y, r.x + 1, ROLE_DIM, "no liquidation data yet", r.w - 2);
        return;
    }
    if (y < end)
        draw_group_header(s, y++, r.x, &L, "VENUE");
    for (int vn = 0; vn < VENUE_MARKET_COUNT && y < end; vn++)
        if (rows[vn].present)
            draw_row(v, s, y++, r.x, &L, &rows[vn], max, ROLE_NORMAL);
    memset(&total, 0, sizeof total);
    snprintf(total.name, sizeof total.name, "all venues");
    total.present = 1;
    total.t[0] = mk->liq_1h;
    total.t[1] = mk->liq_4h;
    total.t[2] = mk->liq_24h;
    double tmax[3] = {total_usd(&mk->liq_1h), total_usd(&mk->liq_4h), total_usd(&mk->liq_24h)};
    if (y < end)
        draw_row(v, s, y++, r.x, &L, &total, tmax, ROLE_TITLE);

    /* the spread between sources, and how many orders */
    double lo = NAN, hi = NAN;
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++) {
        if (!rows[vn].present)
            continue;
        double t = total_usd(&rows[vn].t[2]);
        if (isnan(lo) || t < lo)
            lo = t;
        if (isnan(hi) || t > hi)
            hi = t;
    }
    if (y < end) {
        char a[16], b[16];
        num_fmt_usd(a, sizeof a, lo);
        num_fmt_usd(b, sizeof b, hi);
        surface_printf(s, y++, r.x + 1, ROLE_NORMAL,
                       "24h by source %s..%s   orders 1h %u  24h %u", a, b,
                       mk->liq_1h.count[0] + mk->liq_1h.count[1],
                       mk->liq_24h.count[0] + mk->liq_24h.count[1]);
    }
    /* partial feeds say so (the stream's own note) */
    for (int vn = 0; vn < VENUE_MARKET_COUNT && y < end; vn++) {
        if (!rows[vn].present)
            continue;
        int src = stream_of((enum venue_id)vn);
        const struct source_health *h = src >= 0 ? &v->store->health[src] : NULL;
        int estimating = 0;
        for (size_t i = 0; i < model_n_assets(v->model); i++)
            estimating |= model_asset(v->model, i)->venue[vn].liq_estimating;
        char line[200];
        if (h && h->state != HEALTH_DISABLED && h->note[0])
            snprintf(line, sizeof line, "%s: %s", venue_name((enum venue_id)vn), h->note);
        else if (estimating)
            snprintf(line, sizeof line, "~ %s: estimated from OI drops during adverse moves",
                     venue_name((enum venue_id)vn));
        else
            continue;
        surface_put(s, y++, r.x + 1, estimating ? ROLE_ESTIMATED : ROLE_DIM, line, r.w - 2);
    }

    /* per symbol, when the panel is tall enough to keep a useful feed too */
    size_t na = model_n_assets(v->model);
    if (end - y >= (int)na + 2 + 6 && na <= 32) {
        struct liq_row srow[32];
        for (size_t i = 0; i < na; i++) {
            const struct model_asset *m = model_asset(v->model, i);
            memset(&srow[i], 0, sizeof srow[i]);
            snprintf(srow[i].name, sizeof srow[i].name, "%s", m->sym);
            srow[i].present = 1;
            srow[i].t[0] = m->liq_1h;
            srow[i].t[1] = m->liq_4h;
            srow[i].t[2] = m->liq_24h;
        }
        double smax[3];
        row_maxes(srow, (int)na, smax);
        draw_group_header(s, y++, r.x, &L, "SYMBOL");
        for (size_t i = 0; i < na && y < end; i++)
            draw_row(v, s, y++, r.x, &L, &srow[i], smax, ROLE_TITLE);
    }

    /* the largest liquidations */
    if (end - y < 2)
        return;
    const struct liq_event *ev[FEED_MAX];
    const char *syms[FEED_MAX];
    size_t want = (size_t)(end - y - 1) < FEED_MAX ? (size_t)(end - y - 1) : FEED_MAX;
    size_t n = feed(v, ev, syms, want);
    surface_fill(s, y, r.x, r.w, 1, ROLE_NORMAL, " ");
    surface_put(s, y++, r.x + 1, ROLE_TITLE, "LARGEST 24H", -1);
    if (n == 0 && y < end)
        surface_put(s, y, r.x + 1, ROLE_DIM, "none yet", -1);
    for (size_t i = 0; i < n && y < end; i++, y++) {
        const struct liq_event *e = ev[i];
        char when[16], usd[16], px[24], line[160];
        ui_format_clock(when, sizeof when, e->t_ms, 0);
        num_fmt_usd(usd, sizeof usd, e->usd);
        num_fmt_price(px, sizeof px, e->price);
        int x = r.x + 1;
        x += surface_put(s, y, x, ROLE_DIM, when, -1) + 1;
        x += surface_put(s, y, x, ROLE_TITLE, syms[i], 6);
        x = r.x + 1 + 9 + 7;
        x += surface_put(s, y, x, e->side == LIQ_LONG ? ROLE_LONG : ROLE_SHORT,
                         e->side == LIQ_LONG ? "long " : "short", -1) + 1;
        surface_put(s, y, x, e->estimated ? ROLE_ESTIMATED : ROLE_DIM, e->estimated ? "~" : " ", 1);
        snprintf(line, sizeof line, "%8s @ %-10s %s", usd, px, venue_name(e->venue));
        surface_put(s, y, x + 1, ROLE_NORMAL, line, r.x + r.w - x - 2);
    }
}
