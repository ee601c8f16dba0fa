/* detail: one symbol in depth. A braille price chart (ASCII twin) with the
 * support/resistance zones across it and the breaks marked, liquidation
 * bars in time under it, OI and funding charts, and a per-venue table.
 *
 * Charts read the store's series (the model keeps only the latest figures);
 * every other figure is the model's. */
#include "panel.h"

#include "liqtop/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define AXIS_W 11

static const int64_t windows[] = {15 * MIN_MS,  HOUR_MS,      4 * HOUR_MS, 12 * HOUR_MS,
                                  24 * HOUR_MS, 72 * HOUR_MS, 168 * HOUR_MS};
#define N_WINDOWS ((int)(sizeof windows / sizeof windows[0]))
#define DEFAULT_ZOOM 2 /* 4 h */

int64_t ui_zoom_window_ms(int zoom)
{
    int z = zoom + DEFAULT_ZOOM;
    if (z < 0)
        z = 0;
    if (z >= N_WINDOWS)
        z = N_WINDOWS - 1;
    return windows[z];
}

static void window_name(char *buf, size_t n, int64_t ms)
{
    /* whole units, clamped so the text always fits a short label */
    long long v = ms < HOUR_MS ? ms / MIN_MS : ms < 72 * HOUR_MS ? ms / HOUR_MS : ms / (24 * HOUR_MS);
    const char *unit = ms < HOUR_MS ? "m" : ms < 72 * HOUR_MS ? "h" : "d";
    int iv = v < 0 ? 0 : v > 99999 ? 99999 : (int)v;
    snprintf(buf, n, "%d%s", iv, unit);
}

/* Put a label in the axis column at row y if that row's label slot is free. */
static void axis_label(struct surface *s, int y, int x, int role, const char *text,
                       unsigned char *taken, int y0, int h)
{
    if (y < y0 || y >= y0 + h || taken[y - y0])
        return;
    taken[y - y0] = 1;
    surface_put(s, y, x, role, text, AXIS_W - 1);
}

struct plot {
    int64_t t0, window;
    double vmin, vmax;
    int cw, ch; /* chart cells */
};

/* Bucket ranges of a series over the window, one per pixel column. */
static int sample(const struct series *se, const struct asset *a, const struct plot *p,
                  double *lo, double *hi)
{
    int n = p->cw * 2;
    int64_t dt = p->window / n;
    if (dt < 1)
        dt = 1;
    chart_series_range(se, p->t0, dt, n, lo, hi);
    if (a)
        chart_candle_fill(a, p->t0, dt, n, lo, hi);
    int any = 0;
    for (int i = 0; i < n; i++)
        any |= !isnan(lo[i]);
    return any;
}

static void range_of(const double *lo, const double *hi, int n, double *vmin, double *vmax)
{
    *vmin = INFINITY;
    *vmax = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (!isnan(lo[i]) && lo[i] < *vmin)
            *vmin = lo[i];
        if (!isnan(hi[i]) && hi[i] > *vmax)
            *vmax = hi[i];
    }
}

static int row_of(double v, const struct plot *p)
{
    return chart_py(v, p->vmin, p->vmax, p->ch) / 4;
}

/* The price chart with zones and breaks in r (the axis inside r, right). */
static void price_chart(const struct view *v, int ai, struct surface *s, struct rect r,
                        int64_t window)
{
    const struct glyphs *g = ui_glyphs(v->utf8);
    const struct asset *a = &v->store->assets[ai];
    const struct model_asset *m = model_asset(v->model, (size_t)ai);
    struct plot p = {v->now_ms - window, window, 0, 0, r.w - AXIS_W, r.h};
    if (p.cw < 4 || p.ch < 1)
        return;
    int n = p.cw * 2;
    double *lo = malloc(sizeof(double) * (size_t)n * 2);
    if (!lo)
        return;
    double *hi = lo + n;
    if (!sample(&a->price, a, &p, lo, hi)) {
        surface_put(s, r.y + r.h / 2, r.x + 1, ROLE_DIM, "no price data in this window", p.cw);
        free(lo);
        return;
    }
    range_of(lo, hi, n, &p.vmin, &p.vmax);
    double pad = (p.vmax - p.vmin) * 0.04;
    if (!(pad > 0))
        pad = p.vmax * 0.001 > 0 ? p.vmax * 0.001 : 1;
    p.vmin -= pad;
    p.vmax += pad;

    struct canvas cv;
    if (canvas_init(&cv, p.cw, p.ch) != 0) {
        free(lo);
        return;
    }
    chart_plot(&cv, lo, hi, n, p.vmin, p.vmax);

    unsigned char taken[256];
    memset(taken, 0, sizeof taken);
    int ax = r.x + p.cw + 1;
    /* the last price first: it matters most */
    if (!isnan(m->price)) {
        char b[24], lab[32];
        num_fmt_price(b, sizeof b, m->price);
        snprintf(lab, sizeof lab, "%s%s", v->utf8 ? "◂" : "<", b);
        axis_label(s, r.y + row_of(m->price, &p), ax, ROLE_TITLE, lab, taken, r.y,
                   r.h < 256 ? r.h : 256);
    }
    /* zones across the chart where the line is not */
    const struct level_set *ls = &m->levels;
    for (size_t i = 0; i < ls->n; i++) {
        const struct level_zone *z = &ls->zone[i];
        if (z->hi < p.vmin || z->lo > p.vmax)
            continue;
        int is_support = !isnan(m->price) && (z->lo + z->hi) / 2 < m->price;
        int role = is_support ? ROLE_SUPPORT : ROLE_RESISTANCE;
        int nearest = (m->has_support && z->lo == m->support.lo && z->hi == m->support.hi) ||
                      (m->has_resistance && z->lo == m->resistance.lo &&
                       z->hi == m->resistance.hi);
        if (z->strength < 0.25 && !nearest)
            continue;
        int y0 = row_of(z->hi, &p), y1 = row_of(z->lo, &p);
        for (int y = y0; y <= y1; y++) {
            if (y < 0 || y >= p.ch)
                continue;
            /* the nearest zones as lines, the others as a light dotted band */
            for (int cx = nearest ? 0 : (y & 1); cx < p.cw; cx += nearest ? 1 : 2)
                if (!canvas_cell_used(&cv, cx, y))
                    surface_put(s, r.y + y, r.x + cx, role, nearest ? g->zone_near : g->zone, 1);
        }
        char b[24], lab[32];
        num_fmt_price(b, sizeof b, is_support ? z->hi : z->lo);
        snprintf(lab, sizeof lab, "%s %s", is_support ? "S" : "R", b);
        axis_label(s, r.y + (y0 + y1) / 2, ax, role, lab, taken, r.y, r.h < 256 ? r.h : 256);
    }
    canvas_draw(&cv, s, r.y, r.x, ROLE_CHART, v->utf8);

    /* breaks: a cross where and when a zone gave way */
    const struct detect_asset *d = &m->det;
    for (int side = 0; side < 2; side++) {
        const struct detect_broken *br = side ? d->broken_res : d->broken_sup;
        int nb = side ? d->n_broken_res : d->n_broken_sup;
        for (int i = 0; i < nb && i < DETECT_DISARMED_MAX; i++) {
            if (br[i].t_ms < p.t0 || br[i].t_ms > v->now_ms)
                continue;
            int cx = (int)((br[i].t_ms - p.t0) * p.cw / p.window);
            int cy = row_of(side ? br[i].lo : br[i].hi, &p);
            if (cx >= p.cw)
                cx = p.cw - 1;
            if (cy >= 0 && cy < p.ch)
                surface_put(s, r.y + cy, r.x + cx, ROLE_ALERT_CRIT, g->cross, 1);
        }
    }
    /* axis: the range */
    char b[24];
    num_fmt_price(b, sizeof b, p.vmax - pad);
    axis_label(s, r.y, ax, ROLE_DIM, b, taken, r.y, r.h < 256 ? r.h : 256);
    num_fmt_price(b, sizeof b, p.vmin + pad);
    axis_label(s, r.y + r.h - 1, ax, ROLE_DIM, b, taken, r.y, r.h < 256 ? r.h : 256);
    for (int y = 0; y < r.h; y++)
        surface_put(s, r.y + y, r.x + p.cw, ROLE_BORDER, g->vline, 1);
    canvas_done(&cv);
    free(lo);
}

/* Liquidations per column of time under the price, h rows. */
static void liq_bars(const struct view *v, int ai, struct surface *s, struct rect r,
                     int64_t window)
{
    const struct glyphs *g = ui_glyphs(v->utf8);
    int cw = r.w - AXIS_W;
    if (cw < 4 || r.h < 1)
        return;
    struct liq_totals *t = malloc(sizeof *t * (size_t)cw);
    if (!t)
        return;
    int64_t t0 = v->now_ms - window;
    double max = 0;
    int est = 0;
    for (int c = 0; c < cw; c++) {
        int64_t a = t0 + window * c / cw, b = t0 + window * (c + 1) / cw;
        store_liq_totals(v->store, ai, -1, a, b, &t[c]);
        double sum = t[c].usd[0] + t[c].usd[1];
        if (sum > max)
            max = sum;
        est |= t[c].estimated;
    }
    int levels = r.h * 8;
    for (int c = 0; c < cw && max > 0; c++) {
        double sum = t[c].usd[0] + t[c].usd[1];
        if (!(sum > 0))
            continue;
        int lv = (int)ceil(sum / max * levels);
        int role = t[c].usd[LIQ_LONG] >= t[c].usd[LIQ_SHORT] ? ROLE_LONG : ROLE_SHORT;
        for (int row = 0; row < r.h; row++) {
            int in = lv - row * 8; /* eighths in this row, from the bottom */
            if (in <= 0)
                break;
            surface_put(s, r.y + r.h - 1 - row, r.x + c, role, g->vbar[in > 8 ? 8 : in], 1);
        }
    }
    char lab[32], u[16];
    num_fmt_usd(u, sizeof u, max);
    snprintf(lab, sizeof lab, "%sliq %s", est ? "~" : "", max > 0 ? u : "0");
    surface_put(s, r.y, r.x + cw + 1, est ? ROLE_ESTIMATED : ROLE_DIM, lab, AXIS_W - 1);
    for (int y = 0; y < r.h; y++)
        surface_put(s, r.y + y, r.x + cw, ROLE_BORDER, g->vline, 1);
    free(t);
}

/* Relative time labels under the charts: "-4h ... now". */
static void time_axis(struct surface *s, struct rect r, int64_t window)
{
    int cw = r.w - AXIS_W;
    if (cw < 12)
        return;
    int ticks = cw >= 60 ? 4 : 2;
    for (int k = 0; k <= ticks; k++) {
        int64_t ago = window - window * k / ticks;
        char lab[24];
        if (ago == 0)
            snprintf(lab, sizeof lab, "now");
        else {
            char w[16];
            window_name(w, sizeof w, ago);
            snprintf(lab, sizeof lab, "-%s", w);
        }
        int x = r.x + cw * k / ticks;
        int lw = (int)strlen(lab);
        if (k == ticks)
            x -= lw;
        else if (k > 0)
            x -= lw / 2;
        surface_put(s, r.y, x, ROLE_DIM, lab, lw);
    }
}

/* A small line chart of the sum of n series (each scaled) with its label
 * and range; a bucket counts only where every series has a value. */
static void series_chart(const struct view *v, const struct series *const *se, int nse,
                         double scale, const char *label, int pct, struct surface *s,
                         struct rect r, int64_t window)
{
    const struct glyphs *g = ui_glyphs(v->utf8);
    struct plot p = {v->now_ms - window, window, 0, 0, r.w - AXIS_W, r.h};
    surface_put(s, r.y, r.x, ROLE_TITLE, label, r.w - AXIS_W);
    if (p.cw < 4 || p.ch < 1)
        return;
    int n = p.cw * 2;
    double *lo = malloc(sizeof(double) * (size_t)n * 2);
    if (!lo)
        return;
    double *hi = lo + n;
    int any = nse > 0 && sample(se[0], NULL, &p, lo, hi);
    if (any && nse > 1) {
        double *lo2 = malloc(sizeof(double) * (size_t)n * 2);
        if (!lo2) {
            free(lo);
            return;
        }
        double *hi2 = lo2 + n;
        for (int k = 1; k < nse; k++) {
            sample(se[k], NULL, &p, lo2, hi2);
            for (int i = 0; i < n; i++) {
                lo[i] += lo2[i]; /* NAN anywhere leaves the bucket unknown */
                hi[i] += hi2[i];
            }
        }
        free(lo2);
        any = 0;
        for (int i = 0; i < n; i++)
            any |= !isnan(lo[i]);
    }
    if (!any) {
        if (r.h > 1)
            surface_put(s, r.y + 1, r.x + 1, ROLE_DIM, "no data in this window", p.cw - 1);
        free(lo);
        return;
    }
    for (int i = 0; i < n; i++) {
        lo[i] *= scale;
        hi[i] *= scale;
    }
    range_of(lo, hi, n, &p.vmin, &p.vmax);
    double pad = (p.vmax - p.vmin) * 0.05;
    if (!(pad > 0))
        pad = fabs(p.vmax) * 0.01 > 0 ? fabs(p.vmax) * 0.01 : 1e-9;
    p.vmin -= pad;
    p.vmax += pad;
    struct canvas cv;
    if (canvas_init(&cv, p.cw, p.ch) == 0) {
        chart_plot(&cv, lo, hi, n, p.vmin, p.vmax);
        /* a zero line where the range crosses zero (funding) */
        if (p.vmin < 0 && p.vmax > 0) {
            int zy = row_of(0, &p);
            for (int cx = 0; cx < p.cw; cx++)
                if (!canvas_cell_used(&cv, cx, zy) && !(zy == 0 && cx < (int)strlen(label)))
                    surface_put(s, r.y + zy, r.x + cx, ROLE_DIM, g->dot, 1);
        }
        /* the label stays readable over the line */
        for (int cx = 0; cx < (int)strlen(label) && cx < p.cw; cx++)
            cv.dots[cx] = 0;
        canvas_draw(&cv, s, r.y, r.x, ROLE_CHART, v->utf8);
        canvas_done(&cv);
    }
    char a[24], b[24];
    if (pct) {
        snprintf(a, sizeof a, "%+.1f%%", (p.vmax - pad) * 100);
        snprintf(b, sizeof b, "%+.1f%%", (p.vmin + pad) * 100);
    } else {
        num_fmt_usd(a, sizeof a, p.vmax - pad);
        num_fmt_usd(b, sizeof b, p.vmin + pad);
    }
    for (int y = 0; y < r.h; y++)
        surface_put(s, r.y + y, r.x + p.cw, ROLE_BORDER, g->vline, 1);
    surface_put(s, r.y, r.x + p.cw + 1, ROLE_DIM, a, AXIS_W - 1);
    if (r.h > 1)
        surface_put(s, r.y + r.h - 1, r.x + p.cw + 1, ROLE_DIM, b, AXIS_W - 1);
    free(lo);
}

/* The OI series to chart: the venues whose OI history covers the whole
 * window, summed (so a venue that starts reporting mid-window is no jump),
 * else the asset's running sum over fresh venues. Writes the label. */
static int oi_series(const struct view *v, int ai, int64_t window, const struct series **out,
                     char *label, size_t n)
{
    const struct asset *a = &v->store->assets[ai];
    int k = 0, last = -1;
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++) {
        const struct series *se = &a->venue[vn].oi_usd;
        int64_t first = series_first_t(se);
        if (a->venue[vn].present && first > 0 && first <= v->now_ms - window) {
            out[k++] = se;
            last = vn;
        }
    }
    if (k == 1)
        snprintf(label, n, "OI (%s)", venue_name((enum venue_id)last));
    else if (k > 1)
        snprintf(label, n, "OI (%d venues)", k);
    if (k > 0)
        return k;
    out[0] = &a->oi_usd;
    snprintf(label, n, "OI (fresh venues)");
    return 1;
}

/* The venue whose funding to chart: the largest OI among those with funding. */
static int funding_venue(const struct asset *a, const struct model_asset *m)
{
    int best = -1;
    double best_oi = -1;
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++) {
        if (!a->venue[vn].funding.fast.len)
            continue;
        double oi = isnan(m->venue[vn].oi_usd) ? 0 : m->venue[vn].oi_usd;
        if (oi > best_oi) {
            best_oi = oi;
            best = vn;
        }
    }
    return best;
}

enum { V_NAME, V_PRICE, V_CH24, V_OI, V_OI1H, V_FUND, V_APR, V_LS, V_BID, V_ASK, V_LIQ1,
       V_LIQ24, V_FEED, V_COUNT };

static const struct ui_colspec vcols[V_COUNT] = {
    [V_NAME] = {"VENUE", 11, 0, 0, 0},      [V_PRICE] = {"PRICE", 9, 0, 1, 0},
    [V_CH24] = {"24H", 6, 8, 1, 0},         [V_OI] = {"OI", 7, 1, 1, 0},
    [V_OI1H] = {"OI 1H", 6, 5, 1, 0},       [V_FUND] = {"FUND/8H", 8, 10, 1, 0},
    [V_APR] = {"FUND/YR", 7, 2, 1, 0},      [V_LS] = {"L/S", 4, 9, 1, 0},
    [V_BID] = {"BID 1%", 7, 11, 1, 0},      [V_ASK] = {"ASK 1%", 7, 12, 1, 0},
    [V_LIQ1] = {"LIQ 1H L/S", 14, 6, 1, 0}, [V_LIQ24] = {"LIQ 24H L/S", 14, 3, 1, 0},
    [V_FEED] = {"LIQ FEED", 9, 4, 0, 0},
};

static void liq_cell(struct surface *s, int y, int x, int w, const struct liq_totals *t,
                     int present)
{
    if (!present) {
        ui_cell(s, y, x, w, 1, ROLE_DIM, "-");
        return;
    }
    struct liq_totals plain = *t;
    plain.estimated = 0;
    char buf[40];
    ui_format_liq_pair(buf, sizeof buf, &plain);
    int role = t->usd[LIQ_LONG] > t->usd[LIQ_SHORT]   ? ROLE_LONG
               : t->usd[LIQ_SHORT] > t->usd[LIQ_LONG] ? ROLE_SHORT
                                                      : ROLE_NORMAL;
    int cols = (int)strlen(buf);
    ui_cell(s, y, x, w, 1, role, buf);
    if (t->estimated && cols < w)
        surface_put(s, y, x + w - cols - 1, ROLE_ESTIMATED, "~", 1);
}

static int venue_table(const struct view *v, int ai, struct surface *s, struct rect r)
{
    const struct model_asset *m = model_asset(v->model, (size_t)ai);
    int shown[V_COUNT], w[V_COUNT];
    ui_cols_layout(vcols, V_COUNT, r.w - 1, shown, w);
    int x = r.x + 1;
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_COLUMN, " ");
    for (int c = 0; c < V_COUNT; c++) {
        if (!shown[c])
            continue;
        ui_cell(s, r.y, x, w[c], vcols[c].right, ROLE_COLUMN, vcols[c].title);
        x += w[c] + 1;
    }
    int y = r.y + 1;
    for (int vn = 0; vn < VENUE_MARKET_COUNT && y < r.y + r.h; vn++) {
        const struct model_venue *mv = &m->venue[vn];
        if (!mv->present)
            continue;
        x = r.x + 1;
        for (int c = 0; c < V_COUNT; c++) {
            if (!shown[c])
                continue;
            char buf[48];
            int role = mv->fresh ? ROLE_NORMAL : ROLE_DIM;
            buf[0] = '\0';
            switch (c) {
            case V_NAME:
                snprintf(buf, sizeof buf, "%s%s", venue_name((enum venue_id)vn),
                         mv->fresh ? "" : "?");
                break;
            case V_PRICE: num_fmt_price(buf, sizeof buf, mv->price); break;
            case V_CH24:
                num_fmt_pct(buf, sizeof buf, mv->change_24h);
                role = ui_change_role(mv->change_24h);
                break;
            case V_OI: num_fmt_usd(buf, sizeof buf, mv->oi_usd); break;
            case V_OI1H:
                num_fmt_pct(buf, sizeof buf, mv->oi_change.h1);
                role = ui_change_role(mv->oi_change.h1);
                break;
            case V_FUND:
                if (isnan(mv->funding))
                    snprintf(buf, sizeof buf, "-");
                else
                    snprintf(buf, sizeof buf, "%+.4f%%",
                             mv->funding * 8.0 /
                                 (mv->funding_interval_h > 0 ? mv->funding_interval_h : 8.0) *
                                 100);
                break;
            case V_APR:
                num_fmt_pct(buf, sizeof buf, mv->funding_apr);
                role = mv->funding_apr < 0 ? ROLE_DOWN : role;
                break;
            case V_LS:
                if (isnan(mv->ls_ratio))
                    snprintf(buf, sizeof buf, "-");
                else
                    snprintf(buf, sizeof buf, "%.2f", mv->ls_ratio);
                break;
            case V_BID: num_fmt_usd(buf, sizeof buf, mv->depth_bid1); break;
            case V_ASK: num_fmt_usd(buf, sizeof buf, mv->depth_ask1); break;
            case V_LIQ1:
                liq_cell(s, y, x, w[c], &mv->liq_1h, mv->liq_origin != LIQ_ORIGIN_NONE ||
                                                         mv->liq_estimating);
                x += w[c] + 1;
                continue;
            case V_LIQ24:
                liq_cell(s, y, x, w[c], &mv->liq_24h, mv->liq_origin != LIQ_ORIGIN_NONE ||
                                                          mv->liq_estimating);
                x += w[c] + 1;
                continue;
            case V_FEED:
                if (mv->liq_estimating) {
                    snprintf(buf, sizeof buf, "~estimate");
                    role = ROLE_ESTIMATED;
                } else {
                    snprintf(buf, sizeof buf, "%s",
                             mv->liq_origin == LIQ_ORIGIN_REPORTED    ? "reported"
                             : mv->liq_origin == LIQ_ORIGIN_ESTIMATED ? "~estimate"
                                                                      : "none");
                    if (mv->liq_origin == LIQ_ORIGIN_ESTIMATED)
                        role = ROLE_ESTIMATED;
                }
                break;
            }
            ui_cell(s, y, x, w[c], vcols[c].right, role, buf);
            x += w[c] + 1;
        }
        y++;
    }
    return y - r.y;
}

static int n_venues(const struct model_asset *m)
{
    int n = 0;
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++)
        n += m->venue[vn].present;
    return n;
}

/* One line of what the detectors see now. */
static void signals_line(const struct view *v, const struct model_asset *m, struct surface *s,
                         int y, int x, int w)
{
    int end = x + w;
    const struct detect_asset *d = &m->det;
    char item[160];
    int any = 0;
    for (int side = 0; side < 2; side++) {
        const struct detect_cascade *c = &d->cascade[side];
        if (!c->active)
            continue;
        char u[16];
        num_fmt_usd(u, sizeof u, c->usd);
        snprintf(item, sizeof item, "CASCADE %s: %d wave%s, %s", side ? "shorts" : "longs",
                 c->waves, c->waves == 1 ? "" : "s", u);
        x += surface_put(s, y, x, ROLE_ALERT_CRIT, item, end - x) + 2;
        any = 1;
    }
    if (d->n_broken_sup > 0) {
        const struct detect_broken *b = &d->broken_sup[d->n_broken_sup - 1];
        char when[16], lo[24], hi[24];
        ui_format_clock(when, sizeof when, b->t_ms, 0);
        num_fmt_price(lo, sizeof lo, b->lo);
        num_fmt_price(hi, sizeof hi, b->hi);
        snprintf(item, sizeof item, "support %s-%s broke %s", lo, hi, when);
        x += surface_put(s, y, x, ROLE_ALERT_WARN, item, end - x) + 2;
        any = 1;
    }
    if (d->n_broken_res > 0) {
        const struct detect_broken *b = &d->broken_res[d->n_broken_res - 1];
        char when[16], lo[24], hi[24];
        ui_format_clock(when, sizeof when, b->t_ms, 0);
        num_fmt_price(lo, sizeof lo, b->lo);
        num_fmt_price(hi, sizeof hi, b->hi);
        snprintf(item, sizeof item, "resistance %s-%s broke %s", lo, hi, when);
        x += surface_put(s, y, x, ROLE_ALERT_WARN, item, end - x) + 2;
        any = 1;
    }
    if (!isnan(d->oi_z) && fabs(d->oi_z) >= 2) {
        snprintf(item, sizeof item, "OI z %+.1f", d->oi_z);
        x += surface_put(s, y, x, ROLE_ALERT_WARN, item, end - x) + 2;
        any = 1;
    }
    if (!isnan(d->depth_ratio) && d->depth_ratio < 0.8) {
        snprintf(item, sizeof item, "bids %.0f%% of baseline", d->depth_ratio * 100);
        x += surface_put(s, y, x, ROLE_ALERT_WARN, item, end - x) + 2;
        any = 1;
    }
    if (d->divergence.on) {
        x += surface_put(s, y, x, ROLE_ALERT_WARN, "OI rising, price flat", end - x) + 2;
        any = 1;
    }
    if (!any)
        surface_put(s, y, x, ROLE_DIM, "no active signals", end - x);
    (void)v;
}

static void title_lines(const struct view *v, const struct ui_state *st,
                        const struct model_asset *m, struct surface *s, struct rect r, int lines)
{
    char t[160], right[64], px[24], c1[16], c24[16], win[16];
    num_fmt_price(px, sizeof px, m->price);
    num_fmt_pct(c1, sizeof c1, m->change_1h);
    num_fmt_pct(c24, sizeof c24, m->change_24h);
    window_name(win, sizeof win, ui_zoom_window_ms(st->zoom));
    snprintf(t, sizeof t, "%s  %s  1h %s  24h %s", m->sym, px, c1, c24);
    snprintf(right, sizeof right, "window %s (< >)  Esc back", win);
    ui_panel_title(s, r, t, right);
    if (lines < 2)
        return;
    int y = r.y + 1, x = r.x + 1, end = r.x + r.w;
    char oi[16], oich[16], apr[16], item[96];
    num_fmt_usd(oi, sizeof oi, m->oi_usd);
    num_fmt_pct(oich, sizeof oich, m->oi_change.h1);
    num_fmt_pct(apr, sizeof apr, m->funding_apr);
    x += surface_put(s, y, x, ROLE_NORMAL, "OI ", end - x);
    x += surface_put(s, y, x, ROLE_NORMAL, oi, end - x) + 1;
    x += surface_put(s, y, x, ui_change_role(m->oi_change.h1), oich, end - x);
    x += surface_put(s, y, x, ROLE_NORMAL, " 1h   funding ", end - x);
    x += surface_put(s, y, x, m->funding_apr < 0 ? ROLE_DOWN : ROLE_NORMAL, apr, end - x);
    x += surface_put(s, y, x, ROLE_NORMAL, "/yr", end - x) + 2;
    if (!isnan(m->ls_ratio)) {
        snprintf(item, sizeof item, "L/S %.2f", m->ls_ratio);
        x += surface_put(s, y, x, ROLE_NORMAL, item, end - x) + 2;
    }
    if (m->has_support) {
        char a[24];
        num_fmt_price(a, sizeof a, m->support.hi);
        snprintf(item, sizeof item, "support %s (-%.2f%%)", a, m->support_dist_pct);
        x += surface_put(s, y, x, ROLE_SUPPORT, item, end - x) + 2;
    }
    if (m->has_resistance) {
        char a[24];
        num_fmt_price(a, sizeof a, m->resistance.lo);
        snprintf(item, sizeof item, "resistance %s (+%.2f%%)", a, m->resistance_dist_pct);
        x += surface_put(s, y, x, ROLE_RESISTANCE, item, end - x) + 2;
    }
    if (lines >= 3)
        signals_line(v, m, s, r.y + 2, r.x + 1, r.w - 2);
}

void detail_price_chart(const struct view *v, const struct ui_state *st, int ai,
                        struct surface *s, struct rect r)
{
    if (r.h < 3 || ai < 0)
        return;
    const struct model_asset *m = model_asset(v->model, (size_t)ai);
    int64_t window = ui_zoom_window_ms(st->zoom);
    char t[64], win[16];
    window_name(win, sizeof win, window);
    snprintf(t, sizeof t, "%s %s  (Enter: detail)", m->sym, win);
    ui_panel_title(s, r, t, NULL);
    struct rect pc = {r.y + 1, r.x, r.h - 2, r.w};
    price_chart(v, ai, s, pc, window);
    struct rect lb = {r.y + r.h - 1, r.x, 1, r.w};
    liq_bars(v, ai, s, lb, window);
}

void detail_draw(const struct view *v, const struct ui_state *st, int ai, struct surface *s,
                 struct rect r)
{
    if (r.h <= 0)
        return;
    if (ai < 0) {
        ui_panel_title(s, r, "DETAIL", NULL);
        if (r.h > 1)
            surface_put(s, r.y + 1, r.x + 1, ROLE_DIM, "no symbol selected", r.w - 2);
        return;
    }
    const struct model_asset *m = model_asset(v->model, (size_t)ai);
    const struct asset *a = &v->store->assets[ai];
    int64_t window = ui_zoom_window_ms(st->zoom);

    /* rows, by priority: title, price chart, liquidation bars, OI/funding,
     * venue table, info lines, time axis */
    int H = r.h;
    int title_n = H >= 16 ? 3 : H >= 12 ? 2 : 1;
    int rest = H - title_n;
    int table_h = n_venues(m) + 1;
    if (rest - table_h < 9)
        table_h = 0;
    rest -= table_h;
    int axis_h = rest >= 10 ? 1 : 0;
    rest -= axis_h;
    int liq_h = rest >= 14 ? 3 : rest >= 8 ? 2 : rest >= 5 ? 1 : 0;
    rest -= liq_h;
    int small_h = rest >= 12 ? rest / 3 : rest >= 7 ? 3 : 0;
    rest -= small_h;
    int price_h = rest;

    title_lines(v, st, m, s, (struct rect){r.y, r.x, title_n, r.w}, title_n);
    int y = r.y + title_n;
    price_chart(v, ai, s, (struct rect){y, r.x, price_h, r.w}, window);
    y += price_h;
    if (liq_h) {
        liq_bars(v, ai, s, (struct rect){y, r.x, liq_h, r.w}, window);
        y += liq_h;
    }
    if (axis_h) {
        time_axis(s, (struct rect){y, r.x, 1, r.w}, window);
        y += axis_h;
    }
    if (small_h) {
        int half = r.w / 2;
        char lab[64];
        const struct series *oi[VENUE_MARKET_COUNT];
        int noi = oi_series(v, ai, window, oi, lab, sizeof lab);
        series_chart(v, oi, noi, 1.0, lab, 0, s, (struct rect){y, r.x, small_h, half - 1},
                     window);
        int fv = funding_venue(a, m);
        if (fv >= 0) {
            double ih = a->venue[fv].funding_interval_h;
            double scale = 24.0 * 365.0 / (ih > 0 ? ih : 8.0);
            snprintf(lab, sizeof lab, "FUNDING /yr (%s)", venue_name((enum venue_id)fv));
            const struct series *fs = &a->venue[fv].funding;
            series_chart(v, &fs, 1, scale, lab, 1, s,
                         (struct rect){y, r.x + half, small_h, r.w - half}, window);
        } else {
            surface_put(s, y, r.x + half, ROLE_TITLE, "FUNDING", -1);
            if (small_h > 1)
                surface_put(s, y + 1, r.x + half + 1, ROLE_DIM, "no funding data", r.w - half - 2);
        }
        y += small_h;
    }
    if (table_h)
        venue_table(v, ai, s, (struct rect){y, r.x, table_h, r.w});
}
