/* help: the key help screen, generated from the key table with the keys in
 * force (a [keys] rebinding shows here), then the mouse, the marks and the
 * views. Scrolls when the window is too short for it. */
#include "panel.h"

#include <stdio.h>
#include <string.h>

struct help_line {
    int role;
    char keys[64];
    const char *text;
};

static const char *const extra[] = {
    "",
    "Mouse: click a row to select it (again: its detail view), a column title",
    "  to sort by it (again: reverse), a tab to open it; the wheel scrolls.",
    "",
    "Marks: + ok  ~ stale  ! down  ? waiting (sources);  ~ estimated figure;",
    "  >= (or >) a lower bound: the venue publishes only some liquidations;",
    "  * (or a dot) an alert not yet acknowledged; X where a zone broke.",
    "",
    "Views: 1 market (from 160 columns with liquidations and alerts beside),",
    "  2 liquidations, 3 alerts, 4 sources, 5 detail of the selected symbol.",
};
#define N_EXTRA ((int)(sizeof extra / sizeof extra[0]))

void help_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r)
{
    surface_fill(s, r.y, r.x, r.w, r.h, ROLE_NORMAL, " ");
    ui_panel_title(s, (struct rect){r.y, r.x, 1, r.w}, "liqtop keys",
                   "arrows scroll, any other key closes");
    const struct key_binding *tab = keys_table();
    int rows = r.h - 1;
    if (rows <= 0)
        return;
    /* two columns of keys when wide enough, else one list that scrolls */
    int two = r.w >= 130 && ACT_COUNT <= rows * 2;
    int key_rows = two ? (ACT_COUNT + 1) / 2 : ACT_COUNT;
    int lines = key_rows + N_EXTRA;
    int max_scroll = lines - rows > 0 ? lines - rows : 0;
    if (st->help_scroll > max_scroll)
        st->help_scroll = max_scroll;
    if (st->help_scroll < 0)
        st->help_scroll = 0;
    int col_w = two ? r.w / 2 : r.w;
    for (int i = 0; i < rows; i++) {
        int line = st->help_scroll + i;
        int y = r.y + 1 + i;
        if (line < key_rows) {
            for (int c = 0; c < (two ? 2 : 1); c++) {
                int a = line + c * key_rows;
                if (a >= ACT_COUNT)
                    continue;
                char keys[64];
                keymap_describe(v->keys, (enum key_action)a, keys, sizeof keys);
                int x = r.x + 1 + c * col_w;
                surface_put(s, y, x, strcmp(keys, "(unbound)") ? ROLE_KEY : ROLE_DIM, keys, 15);
                surface_put(s, y, x + 16, ROLE_NORMAL, tab[a].help, col_w - 18);
            }
        } else if (line - key_rows < N_EXTRA) {
            const char *t = extra[line - key_rows];
            surface_put(s, y, r.x + 1, ROLE_DIM, t, r.w - 2);
        }
    }
    if (max_scroll > 0 && st->help_scroll < max_scroll)
        surface_put(s, r.y + r.h - 1, r.x + r.w - 10, ROLE_DIM, "(more...)", 9);
}
