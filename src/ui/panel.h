/* panel: internal interface between the ui panels (src/ui/). Not public.
 *
 * Every panel draws into a rectangle of the surface and never outside it.
 * Panels read the model (figures) and the store (series for charts, source
 * health); none of them allocates more than a chart's pixel grid, and that
 * is freed before it returns. */
#ifndef LIQTOP_UI_PANEL_H
#define LIQTOP_UI_PANEL_H

#include "liqtop/ui.h"

#include <stddef.h>

struct rect {
    int y, x, h, w;
};

/* ---- draw.c: shared helpers ------------------------------------------ */

/* The glyphs of one character set: Unicode for UTF-8 locales, ASCII twins
 * otherwise. Every glyph is one column wide. */
struct glyphs {
    const char *vline, *hline, *up, *down, *dot, *full, *shade, *cross, *mark, *ellipsis;
    const char *zone, *zone_near; /* support/resistance bands in charts */
    const char *vbar[9]; /* vertical bar levels 0..8 (eighths of a cell) */
};
const struct glyphs *ui_glyphs(int utf8);

/* Format a model time as "2026-01-01 12:00:05 UTC" (or local). */
void ui_format_time(char *buf, size_t n, int64_t t_ms, int local);
/* Time of day "12:00:05" (UTC or local). */
void ui_format_clock(char *buf, size_t n, int64_t t_ms, int local);
/* A duration, compactly: "45s", "12m", "3h", "2d"; "-" when negative. */
void ui_format_ago(char *buf, size_t n, int64_t ms);
/* USD pair "~$441M/$34.1K" for long/short totals ("~" if estimated). */
void ui_format_liq_pair(char *buf, size_t n, const struct liq_totals *t);

/* ROLE_UP / ROLE_DOWN / ROLE_NORMAL for a change. */
int ui_change_role(double x);
/* A panel title line: label on the left, `right` right-aligned (may be NULL). */
void ui_panel_title(struct surface *s, struct rect r, const char *title, const char *right);
/* A two-sided bar of w cells: longs (full blocks, liq.long) then shorts
 * (shaded, liq.short), scaled so `max` USD fills the bar. */
void ui_liq_bar(struct surface *s, int y, int x, int w, double long_usd, double short_usd,
                double max, int utf8);

/* A table column: columns are dropped from the highest priority number
 * down until the rest fit; the flex column takes the slack (up to flex_max). */
struct ui_colspec {
    const char *title;
    int width;
    int priority;
    int right; /* right-aligned */
    int flex_max; /* > 0 for the column that grows */
};
/* Fills shown[] and widths[] (n columns); returns the width used. */
int ui_cols_layout(const struct ui_colspec *c, int n, int width, int *shown, int *widths);
/* Draw text in a column cell (right- or left-aligned, clipped). */
void ui_cell(struct surface *s, int y, int x, int w, int right, int role, const char *text);

/* ---- chart.c: braille canvas and series sampling ---------------------- */

/* A pixel grid of 2 x 4 dots per cell (braille); the ASCII twin draws one
 * glyph per cell from the dots it holds. */
struct canvas {
    int w, h;        /* cells */
    unsigned char *dots; /* w * h bit masks (braille bit order), NULL if out of memory */
};
int canvas_init(struct canvas *c, int w, int h);
void canvas_done(struct canvas *c);
/* Pixel (px, py), py = 0 at the top; outside is ignored. */
void canvas_set(struct canvas *c, int px, int py);
/* Vertical run of pixels from py0 to py1 (either order). */
void canvas_vline(struct canvas *c, int px, int py0, int py1);
/* 1 if the cell holds any dot. */
int canvas_cell_used(const struct canvas *c, int cx, int cy);
/* Draw the used cells at (y, x) in role. */
void canvas_draw(const struct canvas *c, struct surface *s, int y, int x, int role, int utf8);

/* Per bucket i of n (bucket i covers [t0 + i*dt, t0 + (i+1)*dt)): the lowest
 * and highest value of the series in it, or the value in force at its end
 * when no sample falls inside; NAN where the series does not reach. */
void chart_series_range(const struct series *se, int64_t t0, int64_t dt, int n, double *lo,
                        double *hi);
/* Fill the NAN buckets of a price range from the asset's 1h candles
 * (interpolated inside a candle; high/low when a bucket spans hours). */
void chart_candle_fill(const struct asset *a, int64_t t0, int64_t dt, int n, double *lo,
                       double *hi);
/* Plot ranges as a line (each bucket's span, joined to the previous) into
 * the canvas, scaled between vmin (bottom) and vmax (top). One bucket is
 * one pixel column. */
void chart_plot(struct canvas *c, const double *lo, const double *hi, int n, double vmin,
                double vmax);
/* Pixel row (0 = top) of a value, for h cells; may be outside the canvas. */
int chart_py(double v, double vmin, double vmax, int h);

/* ---- panels ------------------------------------------------------------- */

void header_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r);
/* The second header line: stress gauge, components, Fear & Greed, market cap. */
void summary_draw(const struct view *v, struct surface *s, struct rect r);
void tabs_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r);
void status_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r);
void help_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r);

/* The market table. market_rows fills the sorted, filtered asset indices. */
size_t market_rows(const struct view *v, const struct ui_state *st, int *rows, size_t max);
void market_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r);
const char *market_sort_name(int col);
/* The asset the selection points at (after sort and filter), or -1. */
int market_selected_asset(const struct view *v, const struct ui_state *st);

/* The stress index broken down by component. */
void stress_draw(const struct view *v, struct surface *s, struct rect r);

/* Liquidations: per venue bars, cross-source range, feed. */
void liq_draw(const struct view *v, struct surface *s, struct rect r);

/* Alerts: history, newest first; `active` draws the selection and records
 * the scroll state. */
void alerts_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r,
                 int active);

void sources_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r);

/* Detail view of asset ai; `compact` leaves out the tables (dashboard). */
void detail_draw(const struct view *v, const struct ui_state *st, int ai, struct surface *s,
                 struct rect r);
/* Just the price chart with zones (the dashboard's mini chart). */
void detail_price_chart(const struct view *v, const struct ui_state *st, int ai,
                        struct surface *s, struct rect r);

#endif
