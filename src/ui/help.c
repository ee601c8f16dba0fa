/* help: the key help screen, generated from the key table. */
#include "panel.h"

#include <stdio.h>

void help_draw(const struct view *v, struct surface *s, struct rect r)
{
    surface_fill(s, r.y, r.x, r.w, r.h, ROLE_NORMAL, " ");
    surface_put(s, r.y, r.x + 1, ROLE_TITLE, "liqtop keys (any key closes this help)", r.w - 2);
    const struct key_binding *tab = keys_table();
    int y = r.y + 2;
    int col_w = r.w >= 120 ? r.w / 2 : r.w;
    int rows = r.h - 3;
    for (int a = 0; a < ACT_COUNT; a++) {
        if (rows <= 0)
            break;
        int yy = y + (a % rows), xx = r.x + 1 + (a / rows) * col_w;
        if (col_w == r.w && a >= rows) {
            surface_put(s, r.y + r.h - 1, r.x + 1, ROLE_DIM, "(window too small for every key)",
                        r.w - 2);
            break;
        }
        char keys[64];
        keymap_describe(v->keys, (enum key_action)a, keys, sizeof keys);
        surface_put(s, yy, xx, ROLE_KEY, keys, 14);
        surface_put(s, yy, xx + 15, ROLE_NORMAL, tab[a].help, col_w - 17);

    }
}
