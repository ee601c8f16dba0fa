/* market: the market table panel, one row per tracked asset, with the
 * model's figures (model_asset); only the sparkline reads the store. */
#include "panel.h"

#include "liqtop/num.h"
#include "liqtop/spark.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL
#define TREND_MS (24 * HOUR_MS)
#define MAX_ROWS 256

/* Priorities: the higher the number, the sooner a column goes when the
 * table is narrow (one at a time); 0 always stays. */
static const struct ui_colspec columns[UI_COL_COUNT] = {
    [UI_COL_SYMBOL] = {"SYMBOL", 6, 0, 0, 0},    [UI_COL_PRICE] = {"PRICE", 9, 0, 1, 0},
    [UI_COL_CH1H] = {"1H", 6, 1, 1, 0},          [UI_COL_CH24H] = {"24H", 6, 4, 1, 0},
    [UI_COL_TREND] = {"TREND 24H", 9, 7, 0, 26}, [UI_COL_OI] = {"OI", 7, 5, 1, 0},
    [UI_COL_OI1H] = {"OI 1H", 6, 9, 1, 0},       [UI_COL_FUNDING] = {"FUND/8H", 8, 11, 1, 0},
    [UI_COL_APR] = {"FUND/YR", 7, 3, 1, 0},      [UI_COL_LS] = {"L/S", 4, 10, 1, 0},
    [UI_COL_SUPPORT] = {"SUPPORT", 9, 8, 1, 0},  [UI_COL_SUP_DIST] = {"TO SUP", 6, 6, 1, 0},
    [UI_COL_LIQ] = {"LIQ 1H L/S", 13, 2, 1, 0},
};

const char *market_sort_name(int col)
{
    return col >= 0 && col < UI_COL_COUNT ? columns[col].title : "?";
}

static double liq_sum(const struct liq_totals *t)
{
    return t->usd[LIQ_LONG] + t->usd[LIQ_SHORT];
}

static double sort_key(const struct model_asset *m, int col)
{
    switch (col) {
    case UI_COL_PRICE: return m->price;
    case UI_COL_CH1H: return m->change_1h;
    case UI_COL_CH24H: return m->change_24h;
    case UI_COL_TREND: return m->change_24h;
    case UI_COL_OI: return m->oi_usd;
    case UI_COL_OI1H: return m->oi_change.h1;
    case UI_COL_FUNDING: return m->funding_apr;
    case UI_COL_APR: return m->funding_apr;
    case UI_COL_LS: return m->ls_ratio;
    case UI_COL_SUPPORT: return m->has_support ? m->support.hi : NAN;
    case UI_COL_SUP_DIST: return m->has_support ? m->support_dist_pct : NAN;
    case UI_COL_LIQ: return liq_sum(&m->liq_1h);
    default: return NAN;
    }
}

/* Insertion sort (a few dozen rows): stable, and needs no global context
 * the way qsort would. Unknown values sort last in either direction. */
static int row_before(const struct view *v, int col, int desc, int a, int b)
{
    const struct model_asset *ma = model_asset(v->model, (size_t)a);
    const struct model_asset *mb = model_asset(v->model, (size_t)b);
    int c;
    if (col == UI_COL_SYMBOL) {
        c = strcmp(ma->sym, mb->sym);
    } else {
        double x = sort_key(ma, col), y = sort_key(mb, col);
        if (isnan(x) || isnan(y))
            return !isnan(x) && isnan(y);
        c = x < y ? -1 : x > y ? 1 : 0;
    }
    if (c == 0)
        return 0; /* keep the configured order */
    return desc ? c > 0 : c < 0;
}

static int matches_filter(const char *sym, const char *filter)
{
    if (!filter[0])
        return 1;
    for (const char *p = sym; *p; p++) {
        size_t i = 0;
        while (filter[i] && p[i] &&
               (p[i] == filter[i] ||
                (filter[i] >= 'a' && filter[i] <= 'z' && p[i] == filter[i] - 'a' + 'A')))
            i++;
        if (!filter[i])
            return 1;
    }
    return 0;
}

size_t market_rows(const struct view *v, const struct ui_state *st, int *out, size_t max)
{
    size_t n = 0, na = model_n_assets(v->model);
    for (size_t i = 0; i < na && n < max; i++) {
        if (!matches_filter(model_asset(v->model, i)->sym, st->filter))
            continue;
        size_t j = n++;
        while (j > 0 && row_before(v, st->sort_col, st->sort_desc, (int)i, out[j - 1])) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = (int)i;
    }
    return n;
}

int market_selected_asset(const struct view *v, const struct ui_state *st)
{
    int rows[MAX_ROWS];
    size_t n = market_rows(v, st, rows, MAX_ROWS);
    if (st->sel_sym[0])
        for (size_t i = 0; i < n; i++)
            if (strcmp(model_asset(v->model, (size_t)rows[i])->sym, st->sel_sym) == 0)
                return rows[i];
    if (n == 0)
        return -1;
    int sel = st->selected < 0 ? 0 : st->selected >= (int)n ? (int)n - 1 : st->selected;
    return rows[sel];
}

/* Some venue of the asset reports (or estimates) liquidations. */
static int has_liq_feed(const struct model_asset *m)
{
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++)
        if (m->venue[vn].present && m->venue[vn].liq_origin != LIQ_ORIGIN_NONE)
            return 1;
    return 0;
}

static void draw_liq_cell(struct surface *s, int y, int x, int w, const struct model_asset *m)
{
    const struct liq_totals *t = &m->liq_1h;
    if (t->count[0] + t->count[1] == 0 && !has_liq_feed(m)) {
        ui_cell(s, y, x, w, 1, ROLE_DIM, "-");
        return;
    }
    struct liq_totals plain = *t;
    plain.estimated = 0;
    char buf[48];
    ui_format_liq_pair(buf, sizeof buf, &plain);
    int role = t->usd[LIQ_LONG] > t->usd[LIQ_SHORT]   ? ROLE_LONG
               : t->usd[LIQ_SHORT] > t->usd[LIQ_LONG] ? ROLE_SHORT
                                                      : ROLE_NORMAL;
    int cols = (int)strlen(buf);
    ui_cell(s, y, x, w, 1, role, buf);
    if (t->estimated && cols < w)
        surface_put(s, y, x + w - cols - 1, ROLE_ESTIMATED, "~", 1);
}

static void draw_trend(const struct view *v, struct surface *s, int y, int x, int w, int ai,
                       const struct model_asset *m)
{
    double lo[64], hi[64], mid[64];
    int n = w > 64 ? 64 : w;
    const struct asset *a = &v->store->assets[ai];
    int64_t dt = TREND_MS / n;
    int64_t t0 = v->now_ms - (int64_t)n * dt;
    chart_series_range(&a->price, t0, dt, n, lo, hi);
    chart_candle_fill(a, t0, dt, n, lo, hi);
    for (int i = 0; i < n; i++)
        mid[i] = isnan(lo[i]) || isnan(hi[i]) ? NAN : (lo[i] + hi[i]) / 2;
    char buf[256];
    spark_render(buf, sizeof buf, mid, (size_t)n, v->utf8);
    surface_put(s, y, x, m->change_24h < 0 ? ROLE_DOWN : ROLE_SPARK, buf, w);
}

static void draw_cell(const struct view *v, struct surface *s, int y, int x, int w, int c,
                      int ai, const struct model_asset *m)
{
    char buf[64];
    int role = ROLE_NORMAL;
    buf[0] = '\0';
    switch (c) {
    case UI_COL_SYMBOL: snprintf(buf, sizeof buf, "%s", m->sym); role = ROLE_TITLE; break;
    case UI_COL_PRICE: num_fmt_price(buf, sizeof buf, m->price); break;
    case UI_COL_CH1H:
        num_fmt_pct(buf, sizeof buf, m->change_1h);
        role = ui_change_role(m->change_1h);
        break;
    case UI_COL_CH24H:
        num_fmt_pct(buf, sizeof buf, m->change_24h);
        role = ui_change_role(m->change_24h);
        break;
    case UI_COL_TREND: draw_trend(v, s, y, x, w, ai, m); return;
    case UI_COL_OI: num_fmt_usd(buf, sizeof buf, m->oi_usd); break;
    case UI_COL_OI1H:
        num_fmt_pct(buf, sizeof buf, m->oi_change.h1);
        role = ui_change_role(m->oi_change.h1);
        break;
    case UI_COL_FUNDING:
        /* the OI-weighted annualized rate shown per 8 h, so venues with other
         * intervals compare */
        if (isnan(m->funding_apr))
            snprintf(buf, sizeof buf, "-");
        else
            snprintf(buf, sizeof buf, "%+.4f%%", m->funding_apr / (365.0 * 3.0) * 100.0);
        role = m->funding_apr < 0 ? ROLE_DOWN : ROLE_NORMAL;
        break;
    case UI_COL_APR:
        num_fmt_pct(buf, sizeof buf, m->funding_apr);
        role = isnan(m->funding_apr) ? ROLE_NORMAL : m->funding_apr < 0 ? ROLE_DOWN : ROLE_NORMAL;
        break;
    case UI_COL_LS:
        if (isnan(m->ls_ratio))
            snprintf(buf, sizeof buf, "-");
        else
            snprintf(buf, sizeof buf, "%.2f", m->ls_ratio);
        break;
    case UI_COL_SUPPORT:
        if (m->has_support)
            num_fmt_price(buf, sizeof buf, m->support.hi);
        else
            snprintf(buf, sizeof buf, "-");
        role = ROLE_SUPPORT;
        break;
    case UI_COL_SUP_DIST:
        if (m->has_support && !isnan(m->support_dist_pct)) {
            snprintf(buf, sizeof buf, "%.2f%%", m->support_dist_pct);
            role = m->support_dist_pct < 0.5 ? ROLE_ALERT_WARN : ROLE_NORMAL;
        } else {
            snprintf(buf, sizeof buf, "-");
        }
        break;
    case UI_COL_LIQ: draw_liq_cell(s, y, x, w, m); return;
    default: break;
    }
    ui_cell(s, y, x, w, columns[c].right, role, buf);
}

void market_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r)
{
    struct ui_hits *h = &st->hits;
    if (r.h <= 0 || r.w <= 0)
        return;
    int rows[MAX_ROWS];
    size_t n = market_rows(v, st, rows, MAX_ROWS);
    int shown[UI_COL_COUNT], widths[UI_COL_COUNT];
    ui_cols_layout(columns, UI_COL_COUNT, r.w, shown, widths);
    const struct glyphs *g = ui_glyphs(v->utf8);

    /* column titles; the sort column is marked */
    h->market_y = r.y;
    h->market_x = r.x;
    h->market_w = r.w;
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_COLUMN, " ");
    int x = r.x;
    for (int c = 0; c < UI_COL_COUNT; c++) {
        h->col_x0[c] = h->col_x1[c] = 0;
        if (!shown[c])
            continue;
        char title[32];
        snprintf(title, sizeof title, "%s%s", columns[c].title,
                 st->sort_col == c ? (st->sort_desc ? g->down : g->up) : "");
        ui_cell(s, r.y, x, widths[c], columns[c].right, ROLE_COLUMN, title);
        h->col_x0[c] = x;
        h->col_x1[c] = x + widths[c] + 1;
        x += widths[c] + 1;
    }

    /* the selection follows its symbol when the order changes */
    int sel = -1;
    if (st->sel_sym[0])
        for (size_t i = 0; i < n; i++)
            if (strcmp(model_asset(v->model, (size_t)rows[i])->sym, st->sel_sym) == 0)
                sel = (int)i;
    if (sel < 0)
        sel = st->selected;
    if (sel >= (int)n)
        sel = n ? (int)n - 1 : 0;
    if (sel < 0)
        sel = 0;
    st->selected = sel;
    if (n)
        snprintf(st->sel_sym, sizeof st->sel_sym, "%s", model_asset(v->model, (size_t)rows[sel])->sym);

    int body_h = r.h - 1;
    st->page_rows = body_h > 0 ? body_h : 1;
    if (st->scroll > (int)n - body_h)
        st->scroll = (int)n - body_h;
    if (st->scroll < 0)
        st->scroll = 0;
    if (st->selected < st->scroll)
        st->scroll = st->selected;
    if (body_h > 0 && st->selected >= st->scroll + body_h)
        st->scroll = st->selected - body_h + 1;
    h->market_rows = 0;
    if (n == 0) {
        surface_put(s, r.y + 1, r.x + 1, ROLE_DIM,
                    st->filter[0] ? "no symbol matches the filter" : "waiting for data...", r.w - 2);
        return;
    }
    for (int i = 0; i < body_h && st->scroll + i < (int)n; i++) {
        int ai = rows[st->scroll + i];
        const struct model_asset *m = model_asset(v->model, (size_t)ai);
        int y = r.y + 1 + i;
        x = r.x;
        for (int c = 0; c < UI_COL_COUNT; c++) {
            if (!shown[c])
                continue;
            draw_cell(v, s, y, x, widths[c], c, ai, m);
            x += widths[c] + 1;
        }
        if (st->scroll + i == st->selected)
            surface_set_role(s, y, r.x, r.w, ROLE_SELECTED);
        h->market_rows = i + 1;
    }
}
