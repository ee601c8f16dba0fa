/* ui: what a frame shows and how keys change it, independent of the terminal.
 *
 * ui_render draws the whole frame for a struct view (the read-only state of
 * the app) and a struct ui_state (selection, tab, sort, filter, help) into a
 * surface. It is pure: the same view and state give the same cells, so tests
 * and --dump-frame use it directly and the terminal backend (term.h) only
 * copies the result to the screen. ui_key turns a key into a state change or
 * a command for the app (quit, refresh, ...). */
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
    int offline;       /* no source answered after the first round */
    char notice[200];  /* one-line message for the status bar ("" = none) */
};

enum ui_tab { TAB_MARKET, TAB_LIQ, TAB_ALERTS, TAB_SOURCES, TAB_DETAIL, TAB_COUNT };

struct ui_state {
    enum ui_tab tab;
    int help;
    int selected; /* row index in the market table (after sort and filter) */
    int scroll;   /* first visible row */
    int sort_col;
    int sort_desc;
    char filter[16];
    int filter_edit; /* typing a filter */
    int local_clock;
    int page_rows; /* rows visible in the last frame (for PgUp/PgDn) */
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

void ui_state_init(struct ui_state *st);
/* Draw the frame (the surface is cleared first). */
void ui_render(const struct view *v, struct ui_state *st, struct surface *s);
/* Handle one key code (ncurses code or character). */
enum ui_command ui_key(struct ui_state *st, const struct view *v, int code);
/* Smallest usable terminal. */
#define UI_MIN_W 40
#define UI_MIN_H 12

#endif
