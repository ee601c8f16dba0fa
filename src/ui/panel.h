/* panel: internal interface between the ui panels (src/ui/). Not public. */
#ifndef LIQTOP_UI_PANEL_H
#define LIQTOP_UI_PANEL_H

#include "liqtop/ui.h"

#include <stddef.h>

struct rect {
    int y, x, h, w;
};

/* Format a model time as "2026-01-01 12:00:05 UTC" (or local). */
void ui_format_time(char *buf, size_t n, int64_t t_ms, int local);

void header_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r);
void status_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r);
void help_draw(const struct view *v, struct surface *s, struct rect r);

/* The market table. market_rows fills the sorted, filtered asset indices. */
size_t market_rows(const struct view *v, const struct ui_state *st, int *rows, size_t max);
void market_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r);
int market_sort_columns(void);
const char *market_sort_name(int col);

/* The most recent alerts, one per line. */
void alerts_draw(const struct view *v, struct surface *s, struct rect r);

#endif
