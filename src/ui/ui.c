/* ui: frame layout, key and mouse handling (see ui.h). */
#include "panel.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROWS 256

void ui_state_init(struct ui_state *st)
{
    memset(st, 0, sizeof *st);
    st->tab = TAB_MARKET;
    st->sort_col = UI_COL_OI; /* the largest markets first, as the venues rank them */
    st->sort_desc = 1;
    st->page_rows = 10;
    st->alert_rows = 10;
    st->hits.tabs_y = -1;
}

static const char *const tab_names[TAB_COUNT] = {"market", "liquidations", "alerts", "sources",
                                                 "detail"};

int ui_tab_from_name(const char *name)
{
    if (!name || !*name)
        return -1;
    if (name[0] >= '1' && name[0] <= '0' + TAB_COUNT && !name[1])
        return name[0] - '1';
    for (int t = 0; t < TAB_COUNT; t++)
        if (strncmp(tab_names[t], name, strlen(name)) == 0)
            return t;
    return -1;
}

static void too_small(struct surface *s)
{
    const char *msg = "terminal too small";
    char need[48];
    snprintf(need, sizeof need, "need %dx%d, have %dx%d", UI_MIN_W, UI_MIN_H, s->w, s->h);
    int y = s->h / 2 - 1;
    if (y < 0)
        y = 0;
    int x1 = (s->w - (int)strlen(msg)) / 2, x2 = (s->w - (int)strlen(need)) / 2;
    surface_put(s, y, x1 > 0 ? x1 : 0, ROLE_ALERT_WARN, msg, -1);
    surface_put(s, y + 1, x2 > 0 ? x2 : 0, ROLE_NORMAL, need, -1);
}

/* The market tab below UI_WIDE_W: the table, the selected symbol's chart
 * when the window is tall, and the newest alerts under them. */
static void narrow_market(const struct view *v, struct ui_state *st, struct surface *s,
                          struct rect b)
{
    int table_h = (int)model_n_assets(v->model) + 1;
    if (table_h > b.h - 6)
        table_h = b.h - 6 >= 4 ? b.h - 6 : b.h;
    market_draw(v, st, s, (struct rect){b.y, b.x, table_h, b.w});
    int y = b.y + table_h + 1;
    int left = b.y + b.h - y;
    if (left >= 18) {
        int chart_h = left / 2;
        detail_price_chart(v, st, market_selected_asset(v, st), s,
                           (struct rect){y, b.x, chart_h, b.w});
        y += chart_h;
        left -= chart_h;
    }
    if (left >= 2)
        alerts_draw(v, st, s, (struct rect){y, b.x, left, b.w}, 0);
}

/* From UI_WIDE_W: market table (and the stress breakdown and the selected
 * symbol's chart under it) beside the liquidations panel, alerts below. */
static void dashboard(const struct view *v, struct ui_state *st, struct surface *s, struct rect b)
{
    const struct glyphs *g = ui_glyphs(v->utf8);
    int right_w = b.w * 2 / 5 > 84 ? 84 : b.w * 2 / 5;
    int left_w = b.w - right_w - 1;
    int alerts_h = b.h / 3 > 6 ? b.h / 3 : 6;
    int top_h = b.h - alerts_h;
    int market_h = (int)model_n_assets(v->model) + 1;
    if (market_h > top_h)
        market_h = top_h;
    market_draw(v, st, s, (struct rect){b.y, b.x, market_h, left_w});
    int y = b.y + market_h + 1;
    int left = b.y + top_h - y;
    if (left >= 7) {
        stress_draw(v, s, (struct rect){y, b.x, 7, left_w});
        y += 8;
        left -= 8;
    }
    if (left >= 6)
        detail_price_chart(v, st, market_selected_asset(v, st), s,
                           (struct rect){y, b.x, left, left_w});
    for (int yy = b.y; yy < b.y + top_h; yy++)
        surface_put(s, yy, b.x + left_w, ROLE_BORDER, g->vline, 1);
    liq_draw(v, s, (struct rect){b.y, b.x + left_w + 1, top_h, right_w});
    alerts_draw(v, st, s, (struct rect){b.y + top_h, b.x, alerts_h, b.w}, 0);
}

void ui_render(const struct view *v, struct ui_state *st, struct surface *s)
{
    surface_clear(s);
    memset(&st->hits, 0, sizeof st->hits);
    st->hits.tabs_y = -1;
    if (s->w < UI_MIN_W || s->h < UI_MIN_H) {
        too_small(s);
        return;
    }
    st->wide = s->w >= UI_WIDE_W && s->h >= UI_WIDE_H;
    header_draw(v, st, s, (struct rect){0, 0, 1, s->w});
    summary_draw(v, s, (struct rect){1, 0, 1, s->w});
    tabs_draw(v, st, s, (struct rect){2, 0, 1, s->w});
    status_draw(v, st, s, (struct rect){s->h - 1, 0, 1, s->w});
    struct rect body = {3, 0, s->h - 4, s->w};
    if (v->offline) {
        /* two lines: the advice fits 80 columns, the error gets its own */
        int rows = v->offline_reason[0] ? 2 : 1;
        surface_fill(s, body.y, 0, s->w, rows, ROLE_ALERT_WARN, " ");
        surface_put(s, body.y, 1, ROLE_ALERT_WARN,
                    "No source has answered: no network, or a firewall? Press d for the demo market.",
                    s->w - 2);
        if (rows == 2) {
            char line[240];
            snprintf(line, sizeof line, "First error: %s", v->offline_reason);
            surface_put(s, body.y + 1, 1, ROLE_ALERT_WARN, line, s->w - 2);
        }
        body.y += rows;
        body.h -= rows;
    }
    if (st->help) {
        help_draw(v, st, s, body);
        return;
    }
    switch (st->tab) {
    case TAB_MARKET:
        if (st->wide)
            dashboard(v, st, s, body);
        else
            narrow_market(v, st, s, body);
        break;
    case TAB_LIQ: liq_draw(v, s, body); break;
    case TAB_ALERTS: alerts_draw(v, st, s, body, 1); break;
    case TAB_SOURCES: sources_draw(v, st, s, body); break;
    case TAB_DETAIL: detail_draw(v, st, market_selected_asset(v, st), s, body); break;
    default: break;
    }
}

/* ---- keys ------------------------------------------------------------- */

/* Move the market selection by delta rows (or to an end: INT_MIN / INT_MAX). */
static void move_selection(struct ui_state *st, const struct view *v, int delta, int to)
{
    int rows[MAX_ROWS];
    int n = (int)market_rows(v, st, rows, MAX_ROWS);
    if (n == 0)
        return;
    int cur = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(model_asset(v->model, (size_t)rows[i])->sym, st->sel_sym) == 0)
            cur = i;
    if (!st->sel_sym[0])
        cur = st->selected;
    int next = to < 0 ? 0 : to > 0 ? n - 1 : cur + delta;
    if (next < 0)
        next = 0;
    if (next >= n)
        next = n - 1;
    st->selected = next;
    snprintf(st->sel_sym, sizeof st->sel_sym, "%s", model_asset(v->model, (size_t)rows[next])->sym);
}

static void move_alert(struct ui_state *st, const struct view *v, int delta, int to)
{
    int n = (int)alerts_count(v->alerts);
    int next = to < 0 ? 0 : to > 0 ? n - 1 : st->alert_sel + delta;
    if (next >= n)
        next = n - 1;
    if (next < 0)
        next = 0;
    st->alert_sel = next;
}

/* Up, down, page, top, bottom on whatever the current tab lists. */
static void move_in_tab(struct ui_state *st, const struct view *v, int delta, int to)
{
    switch (st->tab) {
    case TAB_ALERTS: move_alert(st, v, delta, to); break;
    case TAB_SOURCES:
        st->src_scroll = to < 0 ? 0 : to > 0 ? SRC_COUNT - 1 : st->src_scroll + delta;
        if (st->src_scroll < 0)
            st->src_scroll = 0;
        if (st->src_scroll >= SRC_COUNT)
            st->src_scroll = SRC_COUNT - 1;
        break;
    default: move_selection(st, v, delta, to); break;
    }
}

static int page(const struct ui_state *st)
{
    int p = st->tab == TAB_ALERTS ? st->alert_rows : st->page_rows;
    return p > 1 ? p : 1;
}

static void set_zoom(struct ui_state *st, int delta)
{
    int z = st->zoom + delta;
    if (ui_zoom_window_ms(z) != ui_zoom_window_ms(st->zoom))
        st->zoom = z;
}

/* Enter in the alerts tab opens the detail of the alert's symbol. */
static void detail_from_alert(struct ui_state *st, const struct view *v)
{
    const struct alert *a = alerts_get(v->alerts, (size_t)st->alert_sel);
    if (!a || !a->sym[0])
        return;
    for (size_t i = 0; i < model_n_assets(v->model); i++)
        if (strcmp(model_asset(v->model, i)->sym, a->sym) == 0)
            snprintf(st->sel_sym, sizeof st->sel_sym, "%s", a->sym);
}

enum ui_command ui_key(struct ui_state *st, const struct view *v, int code)
{
    if (st->help) {
        /* the help scrolls with the movement keys; anything else closes it */
        enum key_action a = keymap_lookup(v->keys, code);
        if (a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP || a == ACT_PAGE_DOWN) {
            int d = a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : a == ACT_PAGE_UP ? -10 : 10;
            st->help_scroll += d;
            if (st->help_scroll < 0)
                st->help_scroll = 0;
            return UI_NONE;
        }
        st->help = 0;
        return UI_NONE;
    }
    if (st->filter_edit) {
        size_t len = strlen(st->filter);
        if (code == 27) {
            st->filter[0] = '\0';
            st->filter_edit = 0;
        } else if (code == '\n' || code == '\r' || code == KEY_ENTER) {
            st->filter_edit = 0;
        } else if (code == KEY_BACKSPACE || code == 127 || code == 8) {
            if (len)
                st->filter[len - 1] = '\0';
        } else if (((code >= 'A' && code <= 'Z') || (code >= 'a' && code <= 'z') ||
                    (code >= '0' && code <= '9')) &&
                   len + 1 < sizeof st->filter) {
            st->filter[len] = (char)code;
            st->filter[len + 1] = '\0';
        }
        st->selected = st->scroll = 0;
        st->sel_sym[0] = '\0';
        return UI_NONE;
    }
    enum key_action a = keymap_lookup(v->keys, code);
    switch (a) {
    case ACT_QUIT: return UI_QUIT;
    case ACT_HELP: st->help = 1; st->help_scroll = 0; return UI_NONE;
    case ACT_UP: move_in_tab(st, v, -1, 0); break;
    case ACT_DOWN: move_in_tab(st, v, 1, 0); break;
    case ACT_PAGE_UP: move_in_tab(st, v, -page(st), 0); break;
    case ACT_PAGE_DOWN: move_in_tab(st, v, page(st), 0); break;
    case ACT_TOP: move_in_tab(st, v, 0, -1); break;
    case ACT_BOTTOM: move_in_tab(st, v, 0, 1); break;
    case ACT_DETAIL:
        if (st->tab == TAB_ALERTS)
            detail_from_alert(st, v);
        st->tab = TAB_DETAIL;
        break;
    case ACT_BACK:
        if (st->tab != TAB_MARKET)
            st->tab = TAB_MARKET;
        else
            st->filter[0] = '\0';
        break;
    case ACT_SORT_NEXT: st->sort_col = (st->sort_col + 1) % UI_COL_COUNT; break;
    case ACT_SORT_REVERSE: st->sort_desc = !st->sort_desc; break;
    case ACT_FILTER:
        st->filter_edit = 1;
        st->filter[0] = '\0';
        st->tab = st->tab == TAB_DETAIL ? TAB_MARKET : st->tab;
        break;
    case ACT_TAB_MARKET: st->tab = TAB_MARKET; break;
    case ACT_TAB_LIQ: st->tab = TAB_LIQ; break;
    case ACT_TAB_ALERTS: st->tab = TAB_ALERTS; break;
    case ACT_TAB_SOURCES: st->tab = TAB_SOURCES; break;
    case ACT_TAB_DETAIL: st->tab = TAB_DETAIL; break;
    case ACT_TAB_NEXT: st->tab = (enum ui_tab)((st->tab + 1) % TAB_COUNT); break;
    case ACT_TAB_PREV: st->tab = (enum ui_tab)((st->tab + TAB_COUNT - 1) % TAB_COUNT); break;
    case ACT_ZOOM_OUT: set_zoom(st, 1); break;
    case ACT_ZOOM_IN: set_zoom(st, -1); break;
    case ACT_CLOCK: st->local_clock = !st->local_clock; break;
    case ACT_PAUSE: return UI_PAUSE;
    case ACT_REFRESH: return UI_REFRESH;
    case ACT_FASTER: return UI_FASTER;
    case ACT_SLOWER: return UI_SLOWER;
    case ACT_THEME: return UI_THEME;
    case ACT_RELOAD: return UI_RELOAD;
    case ACT_DEMO: return v->offline ? UI_DEMO : UI_NONE;
    case ACT_ACK: return UI_ACK;
    default: break;
    }
    return UI_NONE;
}

/* ---- mouse ------------------------------------------------------------ */

static int inside(int y, int x, int y0, int x0, int h, int w)
{
    return y >= y0 && y < y0 + h && x >= x0 && x < x0 + w;
}

static void click_market(struct ui_state *st, const struct view *v, const struct ui_mouse *ev)
{
    const struct ui_hits *h = &st->hits;
    if (ev->y == h->market_y) {
        for (int c = 0; c < UI_COL_COUNT; c++) {
            if (h->col_x1[c] && ev->x >= h->col_x0[c] && ev->x < h->col_x1[c]) {
                if (st->sort_col == c) {
                    st->sort_desc = !st->sort_desc;
                } else {
                    st->sort_col = c;
                    st->sort_desc = c != UI_COL_SYMBOL; /* numbers: largest first */
                }
                return;
            }
        }
        return;
    }
    int row = st->scroll + (ev->y - h->market_y - 1);
    int rows[MAX_ROWS];
    int n = (int)market_rows(v, st, rows, MAX_ROWS);
    if (row < 0 || row >= n)
        return;
    if (row == st->selected && st->tab == TAB_MARKET) {
        st->tab = TAB_DETAIL;
        return;
    }
    st->selected = row;
    snprintf(st->sel_sym, sizeof st->sel_sym, "%s", model_asset(v->model, (size_t)rows[row])->sym);
}

enum ui_command ui_mouse(struct ui_state *st, const struct view *v, const struct ui_mouse *ev)
{
    const struct ui_hits *h = &st->hits;
    if (ev->kind == UI_MOUSE_NONE)
        return UI_NONE;
    int wheel = ev->kind == UI_MOUSE_WHEEL_UP ? -1 : ev->kind == UI_MOUSE_WHEEL_DOWN ? 1 : 0;
    if (st->help) {
        if (wheel) {
            st->help_scroll += wheel * 3;
            if (st->help_scroll < 0)
                st->help_scroll = 0;
        } else {
            st->help = 0;
        }
        return UI_NONE;
    }
    if (st->filter_edit)
        return UI_NONE;
    int in_market = h->market_w > 0 &&
                    inside(ev->y, ev->x, h->market_y, h->market_x, h->market_rows + 1, h->market_w);
    int in_alerts = h->alerts_w > 0 &&
                    inside(ev->y, ev->x, h->alerts_y, h->alerts_x, h->alerts_h, h->alerts_w);
    if (wheel) {
        if (in_alerts) {
            if (st->tab == TAB_ALERTS)
                move_alert(st, v, wheel * 3, 0);
            else
                st->alert_scroll = st->alert_scroll + wheel * 3 < 0 ? 0
                                                                    : st->alert_scroll + wheel * 3;
        } else if (st->tab == TAB_DETAIL) {
            set_zoom(st, wheel);
        } else {
            move_in_tab(st, v, wheel, 0);
        }
        return UI_NONE;
    }
    /* a click */
    if (ev->y == h->tabs_y) {
        for (int t = 0; t < TAB_COUNT; t++)
            if (h->tab_x1[t] && ev->x >= h->tab_x0[t] && ev->x < h->tab_x1[t])
                st->tab = (enum ui_tab)t;
        return UI_NONE;
    }
    if (in_market) {
        click_market(st, v, ev);
        return UI_NONE;
    }
    if (in_alerts) {
        int i = st->alert_scroll + (ev->y - h->alerts_y);
        if (i < (int)alerts_count(v->alerts))
            st->alert_sel = i;
        return UI_NONE;
    }
    return UI_NONE;
}
