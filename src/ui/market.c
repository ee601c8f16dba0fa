/* market: the market table panel (one row per tracked asset). */
#include "panel.h"

#include "liqtop/num.h"
#include "liqtop/spark.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL

/* One row's figures; NAN where unknown. */
struct mrow {
    int asset;
    double price, ch1h, ch24h, oi, oi1h, funding;
    struct liq_totals liq1h;
};

enum col_id { C_SYM, C_PRICE, C_CH1H, C_CH24H, C_TREND, C_OI, C_OI1H, C_FUND, C_LIQ, C_COUNT };

struct column {
    const char *title;
    int width;
    int priority; /* columns drop from the highest priority number when narrow */
    int right;    /* right-aligned */
};

static const struct column columns[C_COUNT] = {
    [C_SYM] = {"SYMBOL", 6, 0, 0},    [C_PRICE] = {"PRICE", 10, 0, 1},
    [C_CH1H] = {"1H", 7, 1, 1},       [C_CH24H] = {"24H", 7, 1, 1},
    [C_TREND] = {"TREND 1H", 12, 4, 0}, [C_OI] = {"OI", 8, 2, 1},
    [C_OI1H] = {"OI 1H", 7, 3, 1},    [C_FUND] = {"FUNDING", 9, 3, 1},
    [C_LIQ] = {"LIQ 1H L/S", 15, 1, 1},
};

int market_sort_columns(void)
{
    return C_COUNT;
}

const char *market_sort_name(int col)
{
    return col >= 0 && col < C_COUNT ? columns[col].title : "?";
}

/* The venue-reported 24h change from the first venue that has one. */
static double venue_change_24h(const struct asset *a)
{
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++)
        if (!isnan(a->venue[vn].change_24h))
            return a->venue[vn].change_24h;
    return NAN;
}

static double funding_of(const struct asset *a)
{
    for (int vn = 0; vn < VENUE_MARKET_COUNT; vn++) {
        double f;
        if (series_last(&a->venue[vn].funding, NULL, &f)) {
            double h = a->venue[vn].funding_interval_h;
            /* show every venue's rate per 8 h so they compare */
            return !isnan(h) && h > 0 ? f * 8.0 / h : f;
        }
    }
    return NAN;
}

static void fill_row(const struct view *v, int ai, struct mrow *r)
{
    const struct store *s = v->store;
    const struct asset *a = &s->assets[ai];
    int64_t now = v->now_ms;
    r->asset = ai;
    r->price = store_price(s, ai);
    double p1h = store_price_at(s, ai, now - HOUR_MS);
    double p24 = store_price_at(s, ai, now - 24 * HOUR_MS);
    r->ch1h = p1h > 0 ? r->price / p1h - 1 : NAN;
    r->ch24h = p24 > 0 ? r->price / p24 - 1 : venue_change_24h(a);
    r->oi = NAN;
    series_last(&a->oi_usd, NULL, &r->oi);
    double oi1h = series_at(&a->oi_usd, now - HOUR_MS);
    r->oi1h = oi1h > 0 ? r->oi / oi1h - 1 : NAN;
    r->funding = funding_of(a);
    store_liq_totals(s, ai, -1, now - HOUR_MS, now + 1, &r->liq1h);
}

static double sort_key(const struct mrow *r, int col)
{
    switch (col) {
    case C_PRICE: return r->price;
    case C_CH1H: return r->ch1h;
    case C_CH24H: return r->ch24h;
    case C_TREND: return r->ch1h;
    case C_OI: return r->oi;
    case C_OI1H: return r->oi1h;
    case C_FUND: return r->funding;
    case C_LIQ: return r->liq1h.usd[0] + r->liq1h.usd[1];
    default: return NAN;
    }
}

static int g_sort_col, g_sort_desc;
static const struct view *g_view;

static int cmp_rows(const void *pa, const void *pb)
{
    const struct mrow *a = pa, *b = pb;
    int c;
    if (g_sort_col == C_SYM) {
        c = strcmp(g_view->store->assets[a->asset].sym, g_view->store->assets[b->asset].sym);
    } else {
        double x = sort_key(a, g_sort_col), y = sort_key(b, g_sort_col);
        /* unknown values sort last in either direction */
        if (isnan(x) || isnan(y))
            return isnan(x) - isnan(y) ? (isnan(x) ? 1 : -1) : a->asset - b->asset;
        c = x < y ? -1 : x > y ? 1 : 0;
    }
    if (c == 0)
        c = a->asset - b->asset;
    return g_sort_desc ? -c : c;
}

static int matches_filter(const char *sym, const char *filter)
{
    if (!filter[0])
        return 1;
    for (const char *p = sym; *p; p++) {
        size_t i = 0;
        while (filter[i] && p[i] &&
               (p[i] == filter[i] || (filter[i] >= 'a' && filter[i] <= 'z' &&
                                      p[i] == filter[i] - 'a' + 'A')))
            i++;
        if (!filter[i])
            return 1;
    }
    return 0;
}

static size_t build_rows(const struct view *v, const struct ui_state *st, struct mrow *rows,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < v->store->n_assets && n < max; i++)
        if (matches_filter(v->store->assets[i].sym, st->filter))
            fill_row(v, (int)i, &rows[n++]);
    /* qsort has no context argument in C11; the globals live only for this call */
    g_sort_col = st->sort_col;
    g_sort_desc = st->sort_desc;
    g_view = v;
    qsort(rows, n, sizeof *rows, cmp_rows);
    g_view = NULL;
    return n;
}

size_t market_rows(const struct view *v, const struct ui_state *st, int *out, size_t max)
{
    struct mrow rows[256];
    size_t n = build_rows(v, st, rows, max < 256 ? max : 256);
    for (size_t i = 0; i < n; i++)
        out[i] = rows[i].asset;
    return n;
}

/* Decide which columns fit in `width`; the trend column takes the slack. */
static int layout(int width, int *shown, int *trend_w)
{
    int used = 0;
    for (int c = 0; c < C_COUNT; c++)
        shown[c] = 1;
    for (int pr = 4; pr >= 0; pr--) {
        used = 0;
        for (int c = 0; c < C_COUNT; c++)
            if (shown[c])
                used += columns[c].width + 1;
        if (used <= width)
            break;
        for (int c = 0; c < C_COUNT; c++)
            if (columns[c].priority == pr)
                shown[c] = 0;
    }
    *trend_w = columns[C_TREND].width;
    if (shown[C_TREND] && used < width)
        *trend_w += (width - used) > 24 ? 24 : (width - used);
    return used;
}

static int change_role(double x)
{
    return isnan(x) || x == 0 ? ROLE_NORMAL : x > 0 ? ROLE_UP : ROLE_DOWN;
}

void market_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r)
{
    struct mrow rows[256];
    size_t n = build_rows(v, st, rows, 256);
    int shown[C_COUNT], trend_w;
    layout(r.w, shown, &trend_w);

    /* column titles; the sort column is marked */
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_COLUMN, " ");
    int x = r.x;
    for (int c = 0; c < C_COUNT; c++) {
        if (!shown[c])
            continue;
        int w = c == C_TREND ? trend_w : columns[c].width;
        char title[32];
        snprintf(title, sizeof title, "%s%s", columns[c].title,
                 st->sort_col == c ? (st->sort_desc ? (v->utf8 ? "▼" : "v") : (v->utf8 ? "▲" : "^"))
                                   : "");
        if (columns[c].right)
            surface_put_right(s, r.y, x + w, ROLE_COLUMN, title);
        else
            surface_put(s, r.y, x, ROLE_COLUMN, title, w);
        x += w + 1;
    }

    int body_h = r.h - 1;
    st->page_rows = body_h > 0 ? body_h : 1;
    if (st->selected >= (int)n)
        st->selected = n ? (int)n - 1 : 0;
    if (st->selected < 0)
        st->selected = 0;
    if (st->selected < st->scroll)
        st->scroll = st->selected;
    if (body_h > 0 && st->selected >= st->scroll + body_h)
        st->scroll = st->selected - body_h + 1;
    if (n == 0) {
        surface_put(s, r.y + 1, r.x + 1, ROLE_DIM,
                    st->filter[0] ? "no symbol matches the filter" : "waiting for data...", r.w - 2);
        return;
    }
    for (int i = 0; i < body_h && st->scroll + i < (int)n; i++) {
        const struct mrow *m = &rows[st->scroll + i];
        const struct asset *a = &v->store->assets[m->asset];
        int y = r.y + 1 + i;
        x = r.x;
        char buf[160];
        for (int c = 0; c < C_COUNT; c++) {
            if (!shown[c])
                continue;
            int w = c == C_TREND ? trend_w : columns[c].width;
            int role = ROLE_NORMAL;
            buf[0] = '\0';
            switch (c) {
            case C_SYM: snprintf(buf, sizeof buf, "%s", a->sym); role = ROLE_TITLE; break;
            case C_PRICE: num_fmt_price(buf, sizeof buf, m->price); break;
            case C_CH1H: num_fmt_pct(buf, sizeof buf, m->ch1h); role = change_role(m->ch1h); break;
            case C_CH24H: num_fmt_pct(buf, sizeof buf, m->ch24h); role = change_role(m->ch24h); break;
            case C_TREND: {
                double vals[64];
                int nw = w > 64 ? 64 : w;
                spark_sample(&a->price, v->now_ms, HOUR_MS, vals, (size_t)nw);
                spark_render(buf, sizeof buf, vals, (size_t)nw, v->utf8);
                role = change_role(m->ch1h) == ROLE_DOWN ? ROLE_DOWN : ROLE_SPARK;
                break;
            }
            case C_OI: num_fmt_usd(buf, sizeof buf, m->oi); break;
            case C_OI1H: num_fmt_pct(buf, sizeof buf, m->oi1h); role = change_role(m->oi1h); break;
            case C_FUND:
                if (!isnan(m->funding))
                    snprintf(buf, sizeof buf, "%+.4f%%", m->funding * 100);
                else
                    snprintf(buf, sizeof buf, "-");
                role = isnan(m->funding) ? ROLE_NORMAL : m->funding < 0 ? ROLE_DOWN : ROLE_NORMAL;
                break;
            case C_LIQ: {
                char l[16], sh[16];
                if (m->liq1h.count[0] + m->liq1h.count[1] == 0) {
                    snprintf(buf, sizeof buf, "-");
                } else {
                    num_fmt_usd(l, sizeof l, m->liq1h.usd[0]);
                    num_fmt_usd(sh, sizeof sh, m->liq1h.usd[1]);
                    snprintf(buf, sizeof buf, "%s%s/%s", m->liq1h.estimated ? "~" : "", l, sh);
                    role = m->liq1h.usd[0] > m->liq1h.usd[1] ? ROLE_LONG : ROLE_SHORT;
                }
                break;
            }
            }
            if (columns[c].right)
                surface_put_right(s, y, x + w, role, buf);
            else
                surface_put(s, y, x, role, buf, w);
            x += w + 1;
        }
        if (st->scroll + i == st->selected && st->tab == TAB_MARKET)
            surface_set_role(s, y, r.x, r.w, ROLE_SELECTED);
    }
}
