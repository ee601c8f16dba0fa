/* chart: a braille pixel canvas and the sampling of series into it (see panel.h).
 *
 * Braille cells (U+2800..U+28FF) hold 2 x 4 dots, so a chart of w x h cells
 * has 2w x 4h pixels; bit order as in the Unicode block: dots 1-3 and 7 down
 * the left column, 4-6 and 8 down the right. The ASCII twin draws one glyph
 * per cell chosen from which rows of the cell hold dots. */
#include "panel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char dot_bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

int canvas_init(struct canvas *c, int w, int h)
{
    c->w = w > 0 ? w : 0;
    c->h = h > 0 ? h : 0;
    c->dots = c->w && c->h ? calloc((size_t)c->w * (size_t)c->h, 1) : NULL;
    return c->dots ? 0 : -1;
}

void canvas_done(struct canvas *c)
{
    free(c->dots);
    c->dots = NULL;
}

void canvas_set(struct canvas *c, int px, int py)
{
    if (!c->dots || px < 0 || py < 0 || px >= c->w * 2 || py >= c->h * 4)
        return;
    c->dots[(size_t)(py / 4) * (size_t)c->w + (size_t)(px / 2)] |= dot_bit[px % 2][py % 4];
}

void canvas_vline(struct canvas *c, int px, int py0, int py1)
{
    if (py0 > py1) {
        int t = py0;
        py0 = py1;
        py1 = t;
    }
    if (py0 < 0)
        py0 = 0;
    if (py1 >= c->h * 4)
        py1 = c->h * 4 - 1;
    for (int y = py0; y <= py1; y++)
        canvas_set(c, px, y);
}

int canvas_cell_used(const struct canvas *c, int cx, int cy)
{
    if (!c->dots || cx < 0 || cy < 0 || cx >= c->w || cy >= c->h)
        return 0;
    return c->dots[(size_t)cy * (size_t)c->w + (size_t)cx] != 0;
}

/* The ASCII glyph for a cell's dots: a span over both halves is '|', a
 * single row a mark at its height. */
static char ascii_cell(unsigned char m)
{
    int r0 = (m & 0x09) != 0, r1 = (m & 0x12) != 0, r2 = (m & 0x24) != 0, r3 = (m & 0xc0) != 0;
    if ((r0 || r1) && (r2 || r3))
        return '|';
    if (r0)
        return r1 ? '-' : '\'';
    if (r1)
        return '-';
    if (r3 && !r2)
        return '_';
    return '.';
}

void canvas_draw(const struct canvas *c, struct surface *s, int y, int x, int role, int utf8)
{
    if (!c->dots)
        return;
    for (int cy = 0; cy < c->h; cy++) {
        for (int cx = 0; cx < c->w; cx++) {
            unsigned char m = c->dots[(size_t)cy * (size_t)c->w + (size_t)cx];
            if (!m)
                continue;
            char g[4];
            if (utf8) {
                /* U+2800 + m in UTF-8: E2, A0 | m >> 6, 80 | m & 3F */
                g[0] = (char)0xe2;
                g[1] = (char)(0xa0 | (m >> 6));
                g[2] = (char)(0x80 | (m & 0x3f));
                g[3] = '\0';
            } else {
                g[0] = ascii_cell(m);
                g[1] = '\0';
            }
            surface_put(s, y + cy, x + cx, role, g, 1);
        }
    }
}

/* Samples of one ring with a <= t < b: widen [*lo, *hi]; returns how many. */
static int ring_range(const struct ring *r, int64_t a, int64_t b, double *lo, double *hi)
{
    if (!r->len)
        return 0;
    int found = 0;
    for (long i = ring_index_at(r, b - 1); i >= 0; i--) {
        if (ring_t(r, (uint32_t)i) < a)
            break;
        double v = ring_v(r, (uint32_t)i);
        if (isnan(v))
            continue;
        if (isnan(*lo) || v < *lo)
            *lo = v;
        if (isnan(*hi) || v > *hi)
            *hi = v;
        found++;
    }
    return found;
}

void chart_series_range(const struct series *se, int64_t t0, int64_t dt, int n, double *lo,
                        double *hi)
{
    for (int i = 0; i < n; i++) {
        int64_t a = t0 + (int64_t)i * dt, b = a + dt;
        lo[i] = hi[i] = NAN;
        int found = ring_range(&se->fast, a, b, &lo[i], &hi[i]);
        /* the slow ring reaches further back than the fast one */
        if (!found || (se->fast.len && ring_t(&se->fast, 0) > a))
            found += ring_range(&se->slow, a, b, &lo[i], &hi[i]);
        if (!found)
            lo[i] = hi[i] = series_at(se, b - 1);
    }
}

void chart_candle_fill(const struct asset *a, int64_t t0, int64_t dt, int n, double *lo,
                       double *hi)
{
    uint32_t k = 0;
    for (int i = 0; i < n; i++) {
        if (!isnan(lo[i]) && !isnan(hi[i]))
            continue;
        int64_t ta = t0 + (int64_t)i * dt, tb = ta + dt, tm = ta + dt / 2;
        /* candles are sorted by open time; buckets ascend, so k only moves on */
        while (k < a->n_candles &&
               a->candles[k].t_ms + (int64_t)a->candles[k].interval_s * 1000 <= ta)
            k++;
        if (k >= a->n_candles)
            break;
        const struct rec_candle *c = &a->candles[k];
        int64_t len = (int64_t)c->interval_s * 1000;
        if (c->t_ms >= tb || len <= 0)
            continue; /* a gap in the candles */
        if (dt >= len) {
            double l = NAN, h = NAN;
            for (uint32_t j = k; j < a->n_candles && a->candles[j].t_ms < tb; j++) {
                if (isnan(l) || a->candles[j].low < l)
                    l = a->candles[j].low;
                if (isnan(h) || a->candles[j].high > h)
                    h = a->candles[j].high;
            }
            lo[i] = l;
            hi[i] = h;
        } else {
            double f = (double)(tm - c->t_ms) / (double)len;
            if (f < 0)
                f = 0;
            if (f > 1)
                f = 1;
            lo[i] = hi[i] = c->open + (c->close - c->open) * f;
        }
    }
}

int chart_py(double v, double vmin, double vmax, int h)
{
    int H = h * 4;
    if (!(vmax > vmin))
        return H / 2;
    return (int)lround((vmax - v) / (vmax - vmin) * (H - 1));
}

void chart_plot(struct canvas *c, const double *lo, const double *hi, int n, double vmin,
                double vmax)
{
    double plo = NAN, phi = NAN;
    for (int i = 0; i < n; i++) {
        if (isnan(lo[i]) || isnan(hi[i])) {
            plo = phi = NAN;
            continue;
        }
        double a = lo[i], b = hi[i];
        /* join to the previous bucket so a jump reads as a line, not dots */
        if (!isnan(phi) && phi < a)
            a = phi;
        if (!isnan(plo) && plo > b)
            b = plo;
        canvas_vline(c, i, chart_py(a, vmin, vmax, c->h), chart_py(b, vmin, vmax, c->h));
        plo = lo[i];
        phi = hi[i];
    }
}
