/* gauge: the stress index broken down by component (dashboard). */
#include "panel.h"

#include "liqtop/spark.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void stress_draw(const struct view *v, struct surface *s, struct rect r)
{
    if (r.h <= 0)
        return;
    const struct model_market *mk = model_market(v->model);
    const struct glyphs *g = ui_glyphs(v->utf8);
    char title[64], right[48];
    if (isnan(mk->stress))
        snprintf(title, sizeof title, "STRESS --/100 (too little data)");
    else
        snprintf(title, sizeof title, "STRESS %.0f/100 %s", mk->stress,
                 mk->stress_band >= 2 ? "CRIT" : mk->stress_band == 1 ? "WARN" : "calm");
    snprintf(right, sizeof right, "share of full stress, raw, weight");
    ui_panel_title(s, r, title, right);
    int bar_w = r.w - 14 - 6 - 16 - 6;
    if (bar_w > 30)
        bar_w = 30;
    for (int i = 0; i < STRESS_NCOMP && i + 1 < r.h; i++) {
        const struct stress_comp *c = &mk->comp[i];
        int y = r.y + 1 + i, x = r.x + 1;
        surface_put(s, y, x, ROLE_NORMAL, c->name ? c->name : "?", 13);
        x += 14;
        if (bar_w >= 4) {
            surface_fill(s, y, x, bar_w, 1, ROLE_DIM, g->dot);
            if (!isnan(c->norm)) {
                char bar[128];
                spark_bar(bar, sizeof bar, c->norm, bar_w, v->utf8);
                int role = c->norm >= 0.66 ? ROLE_GAUGE_HIGH : c->norm >= 0.33 ? ROLE_GAUGE_MID
                                                                               : ROLE_GAUGE_LOW;
                surface_put(s, y, x, role, bar, bar_w);
            }
            x += bar_w + 1;
        }
        char buf[64];
        if (isnan(c->norm))
            snprintf(buf, sizeof buf, "   -");
        else
            snprintf(buf, sizeof buf, "%3.0f%%", c->norm * 100);
        x += surface_put(s, y, x, ROLE_NORMAL, buf, -1) + 1;
        if (isnan(c->raw))
            snprintf(buf, sizeof buf, "no data");
        else
            snprintf(buf, sizeof buf, "%.2f %s", c->raw, c->unit ? c->unit : "");
        ui_cell(s, y, x, 16, 1, isnan(c->raw) ? ROLE_DIM : ROLE_NORMAL, buf);
        x += 17;
        snprintf(buf, sizeof buf, "w %g", c->weight);
        surface_put(s, y, x, ROLE_DIM, buf, r.x + r.w - x);
    }
}
