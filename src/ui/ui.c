/* ui: frame layout and key handling (see ui.h). */
#include "panel.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

void ui_state_init(struct ui_state *st)
{
    memset(st, 0, sizeof *st);
    st->tab = TAB_MARKET;
    st->sort_col = 0;
    st->page_rows = 10;
}

static void too_small(struct surface *s)
{
    const char *msg = "terminal too small";
    char need[48];
    snprintf(need, sizeof need, "need %dx%d, have %dx%d", UI_MIN_W, UI_MIN_H, s->w, s->h);
    int y = s->h / 2 - 1;
    surface_put(s, y < 0 ? 0 : y, (s->w - (int)strlen(msg)) / 2 > 0 ? (s->w - (int)strlen(msg)) / 2 : 0,
                ROLE_ALERT_WARN, msg, -1);
    surface_put(s, y + 1, (s->w - (int)strlen(need)) / 2 > 0 ? (s->w - (int)strlen(need)) / 2 : 0,
                ROLE_NORMAL, need, -1);
}

void ui_render(const struct view *v, struct ui_state *st, struct surface *s)
{
    surface_clear(s);
    if (s->w < UI_MIN_W || s->h < UI_MIN_H) {
        too_small(s);
        return;
    }
    struct rect header = {0, 0, 1, s->w};
    struct rect status = {s->h - 1, 0, 1, s->w};
    header_draw(v, st, s, header);
    status_draw(v, st, s, status);
    struct rect body = {1, 0, s->h - 2, s->w};
    if (st->help) {
        help_draw(v, s, body);
        return;
    }
    int line = body.y;
    if (v->offline) {
        surface_fill(s, line, 0, s->w, 1, ROLE_ALERT_WARN, " ");
        surface_put(s, line, 1, ROLE_ALERT_WARN,
                    "No source has answered: no network, or a firewall? Press d for the demo market.",
                    s->w - 2);
        line++;
    }
    int table_h = (int)v->store->n_assets + 1;
    int avail = body.y + body.h - line;
    /* keep at least 4 rows for alerts when there is room */
    if (table_h > avail - 5)
        table_h = avail - 5 > 3 ? avail - 5 : avail;
    struct rect table = {line, 0, table_h, s->w};
    market_draw(v, st, s, table);
    line += table_h + 1;
    struct rect alerts = {line, 0, body.y + body.h - line, s->w};
    alerts_draw(v, s, alerts);
}

static void clamp_selection(struct ui_state *st, const struct view *v)
{
    int n = (int)v->store->n_assets;
    if (st->selected >= n)
        st->selected = n - 1;
    if (st->selected < 0)
        st->selected = 0;
}

enum ui_command ui_key(struct ui_state *st, const struct view *v, int code)
{
    if (st->help) {
        st->help = 0; /* any key closes the help */
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
        return UI_NONE;
    }
    enum key_action a = keymap_lookup(v->keys, code);
    switch (a) {
    case ACT_QUIT: return UI_QUIT;
    case ACT_HELP: st->help = 1; return UI_NONE;
    case ACT_UP: st->selected--; break;
    case ACT_DOWN: st->selected++; break;
    case ACT_PAGE_UP: st->selected -= st->page_rows; break;
    case ACT_PAGE_DOWN: st->selected += st->page_rows; break;
    case ACT_TOP: st->selected = 0; break;
    case ACT_BOTTOM: st->selected = (int)v->store->n_assets - 1; break;
    case ACT_BACK:
        st->filter[0] = '\0';
        st->tab = TAB_MARKET;
        break;
    case ACT_SORT_NEXT: st->sort_col = (st->sort_col + 1) % market_sort_columns(); break;
    case ACT_SORT_REVERSE: st->sort_desc = !st->sort_desc; break;
    case ACT_FILTER:
        st->filter_edit = 1;
        st->filter[0] = '\0';
        break;
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
    clamp_selection(st, v);
    return UI_NONE;
}
