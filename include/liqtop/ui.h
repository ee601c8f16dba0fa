/* ui: what a frame shows and how keys and the mouse change it, independent
 * of the terminal.
 *
 * ui_render draws the whole frame for a struct view (the read-only state of
 * the app) and a struct ui_state (tab, selection, sort, filter, scroll
 * positions, help) into a surface. It is pure: the same view and state give
 * the same cells, so tests and --dump-frame use it directly and the terminal
 * backend (term.h) only copies the result to the screen. ui_render also
 * records where it drew the clickable things (struct ui_hits) so ui_mouse
 * can map a click to a row or a column.
 *
 * Views (enum ui_tab): the market table, the liquidations panel, the alerts
 * history, the sources view and the detail view of one symbol. From
 * UI_WIDE_W columns the market tab shows the market table, the liquidations
 * panel and the alerts side by side; below that each view is a tab of its own
 * (the market tab keeps a strip of the newest alerts when there is room).
 *
 * Figures come from the model (model.h); the store is read only for the
 * series the charts draw and for source health. */
#ifndef LIQTOP_UI_H
#define LIQTOP_UI_H

#include "liqtop/alert.h"
#include "liqtop/keys.h"
#include "liqtop/model.h"
#include "liqtop/store.h"
#include "liqtop/surface.h"

#include <stdint.h>

enum app_mode { MODE_LIVE, MODE_DEMO, MODE_REPLAY };

struct view {
    const struct store *store;
    const struct model *model;
    const struct alerts *alerts;
    const struct keymap *keys;
    int64_t now_ms; /* model time */
    enum app_mode mode;
    double speed; /* demo/replay */
    int speed_max;
    int paused;
    double interval_s;
    int utf8; /* Unicode glyphs allowed */
    const char *theme_name;
    int offline;       /* every source failed, none answered */
    char offline_reason[200]; /* the first error: "binance: could not resolve host ..." */
    int flash;         /* 1 in the "on" half of the flash cycle (unacked crit alerts) */
    char notice[200];  /* one-line message for the status bar ("" = none) */
};

enum ui_tab { TAB_MARKET, TAB_LIQ, TAB_ALERTS, TAB_SOURCES, TAB_DETAIL, TAB_COUNT };

/* Columns of the market table (sort keys). */
enum ui_col {
    UI_COL_SYMBOL,
    UI_COL_PRICE,
    UI_COL_CH1H,
    UI_COL_CH24H,
    UI_COL_TREND,
    UI_COL_OI,
    UI_COL_OI1H,
    UI_COL_FUNDING,
    UI_COL_APR,
    UI_COL_LS,
    UI_COL_SUPPORT,
    UI_COL_SUP_DIST,
    UI_COL_LIQ,
    UI_COL_COUNT
};

/* Where the last frame drew what a click can hit (cell coordinates); a
 * height or width of 0 means "not on screen". */
struct ui_hits {
    int tabs_y;                        /* the tab bar line, -1 if none */
    int tab_x0[TAB_COUNT], tab_x1[TAB_COUNT]; /* [x0, x1) per tab label */
    int market_y, market_x, market_w;  /* the market table's column titles line */
    int market_rows;                   /* body rows drawn below it */
    int col_x0[UI_COL_COUNT], col_x1[UI_COL_COUNT]; /* title extent; x1 = 0 if hidden */
    int alerts_y, alerts_x, alerts_w, alerts_h; /* alert rows (below the panel title) */
    int list_y, list_h;                /* the scrollable list of a full-screen tab */
};

struct ui_state {
    enum ui_tab tab;
    int help;
    int help_scroll;
    int selected;      /* row index in the market table (after sort and filter) */
    int scroll;        /* first visible row */
    char sel_sym[16];  /* the selected symbol: follows its row when sorting moves it */
    int sort_col;      /* enum ui_col */
    int sort_desc;
    char filter[16];
    int filter_edit;   /* typing a filter */
    int local_clock;
    int page_rows;     /* rows visible in the last frame (for PgUp/PgDn) */
    int alert_sel;     /* selected alert (0 = newest) */
    int alert_scroll;
    int alert_rows;    /* alert rows visible in the last frame */
    int src_scroll;    /* sources view */
    int zoom;          /* detail charts: index into the time windows */
    int wide;          /* the last frame used the side-by-side layout */
    struct ui_hits hits;
};

enum ui_command {
    UI_NONE,
    UI_QUIT,
    UI_REFRESH,
    UI_PAUSE,
    UI_FASTER,
    UI_SLOWER,
    UI_THEME,
    UI_RELOAD,
    UI_DEMO,
    UI_ACK,
};

/* A mouse event, decoded by the terminal backend (term_mouse_decode). */
enum ui_mouse_kind { UI_MOUSE_NONE, UI_MOUSE_CLICK, UI_MOUSE_WHEEL_UP, UI_MOUSE_WHEEL_DOWN };
struct ui_mouse {
    enum ui_mouse_kind kind;
    int x, y; /* cell, 0-based */
};

void ui_state_init(struct ui_state *st);
/* Draw the frame (the surface is cleared first). */
void ui_render(const struct view *v, struct ui_state *st, struct surface *s);
/* Handle one key code (ncurses code or character). */
enum ui_command ui_key(struct ui_state *st, const struct view *v, int code);
/* Handle a mouse event against the layout of the last ui_render: a click
 * on a market row selects it (a click on the selected row opens its detail
 * view), on a column title sorts by it (again: reverses), on a tab label
 * switches to it; the wheel scrolls the list under the pointer. */
enum ui_command ui_mouse(struct ui_state *st, const struct view *v, const struct ui_mouse *ev);
/* Tab by name for --dump-frame ("market", "liquidations", "alerts",
 * "sources", "detail"; a prefix will do); -1 if unknown. */
int ui_tab_from_name(const char *name);
/* The detail charts' time window for a zoom index, ms (clamped). */
int64_t ui_zoom_window_ms(int zoom);

/* Smallest usable terminal. */
#define UI_MIN_W 40
#define UI_MIN_H 12
/* From this width the market tab puts its panels side by side. */
#define UI_WIDE_W 160
#define UI_WIDE_H 24

#endif
