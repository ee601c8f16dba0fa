/* status: the bottom line (key hints from the keys in force, or a notice,
 * or the filter being typed). */
#include "panel.h"

#include <stdio.h>
#include <string.h>

void status_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r)
{
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_STATUS, " ");
    if (st->filter_edit) {
        surface_printf(s, r.y, r.x, ROLE_STATUS, " filter: %s_  (Enter apply, Esc clear)",
                       st->filter);
        return;
    }
    if (v->notice[0]) {
        surface_put(s, r.y, r.x + 1, ROLE_STATUS, v->notice, r.w - 2);
        return;
    }
    static const enum key_action hints[] = {ACT_HELP,   ACT_QUIT,   ACT_TAB_MARKET, ACT_DETAIL,
                                            ACT_SORT_NEXT, ACT_FILTER, ACT_ACK,     ACT_PAUSE,
                                            ACT_REFRESH, ACT_THEME};
    static const char *const labels[] = {"Help", "Quit", "Tabs", "Detail", "Sort",
                                         "Filter", "Ack", "Pause", "Refresh", "Theme"};
    int x = r.x;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        char keys[64];
        keymap_describe(v->keys, hints[i], keys, sizeof keys);
        if (strcmp(keys, "(unbound)") == 0)
            continue;
        char *comma = strchr(keys, ',');
        if (comma)
            *comma = '\0'; /* the first key is enough for a hint */
        if (hints[i] == ACT_TAB_MARKET)
            snprintf(keys, sizeof keys, "1-5");
        int need = (int)strlen(keys) + (int)strlen(labels[i]) + 2;
        if (x + need > r.x + r.w)
            break;
        x += surface_put(s, r.y, x, ROLE_STATUS, " ", 1);
        x += surface_put(s, r.y, x, ROLE_KEY, keys, -1);
        x += surface_put(s, r.y, x, ROLE_STATUS, labels[i], -1);
    }
    char right[80];
    snprintf(right, sizeof right, "%s ", v->theme_name ? v->theme_name : "");
    int rw = (int)strlen(right);
    if (x + rw + 2 <= r.x + r.w)
        surface_put(s, r.y, r.x + r.w - rw, ROLE_STATUS, right, rw);
}
