/* alerts: the alert history, newest first, coloured by severity. Alerts not
 * yet acknowledged are marked (and coloured over the whole row); crit ones
 * flash with view->flash until `a` acknowledges them. */
#include "panel.h"

#include <stdio.h>
#include <string.h>

static int sev_role(enum alert_sev sev)
{
    return sev == SEV_CRIT ? ROLE_ALERT_CRIT : sev == SEV_WARN ? ROLE_ALERT_WARN : ROLE_ALERT_INFO;
}

/* The selected alert in full: what, when it opened, how often it grew, and
 * the message wrapped over the lines below. */
static void selected_text(const struct view *v, const struct ui_state *st, struct surface *s,
                          struct rect r)
{
    const struct alert *a = alerts_get(v->alerts, (size_t)st->alert_sel);
    if (!a)
        return;
    char first[16], head[160];
    ui_format_clock(first, sizeof first, a->first_t_ms ? a->first_t_ms : a->t_ms,
                    st->local_clock);
    snprintf(head, sizeof head, "#%u %s %s %s%s%s  since %s  updates %u  (Enter: detail)", a->id,
             alert_sev_name(a->sev), a->kind, a->sym, a->venue[0] ? " " : "", a->venue, first,
             a->updates);
    ui_panel_title(s, (struct rect){r.y, r.x, 1, r.w}, head, NULL);
    const char *p = a->msg;
    int w = r.w - 2;
    for (int y = r.y + 1; y < r.y + r.h && *p && w > 0; y++) {
        int len = (int)strlen(p);
        int cut = len <= w ? len : w;
        if (cut < len) /* break at the last space that fits */
            for (int k = cut; k > w / 2; k--)
                if (p[k] == ' ') {
                    cut = k;
                    break;
                }
        surface_put(s, y, r.x + 1, sev_role(a->sev), p, cut);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

void alerts_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r,
                 int active)
{
    struct ui_hits *h = &st->hits;
    if (r.h <= 0 || r.w <= 0)
        return;
    const struct glyphs *g = ui_glyphs(v->utf8);
    size_t crit = 0;
    size_t unacked = alerts_unacked(v->alerts, &crit);
    size_t n = alerts_count(v->alerts);
    char title[64], right[64];
    if (crit)
        snprintf(title, sizeof title, "ALERTS  %zu new, %zu crit", unacked, crit);
    else
        snprintf(title, sizeof title, "ALERTS  %zu new", unacked);
    snprintf(right, sizeof right, "%zu held%s", n, unacked ? "  a: acknowledge" : "");
    ui_panel_title(s, r, title, right);
    int rows = r.h - 1;
    /* the alerts tab keeps the selected alert's whole text at the bottom */
    int detail_h = active && rows >= 8 && n > 0 ? 3 : 0;
    rows -= detail_h;
    h->alerts_y = r.y + 1;
    h->alerts_x = r.x;
    h->alerts_w = r.w;
    h->alerts_h = rows;
    if (n == 0) {
        if (rows > 0)
            surface_put(s, r.y + 1, r.x + 1, ROLE_DIM, "no alerts yet", r.w - 2);
        return;
    }
    /* scroll: keep the selection in view (when the alerts have the keys) */
    if (st->alert_sel >= (int)n)
        st->alert_sel = (int)n - 1;
    if (st->alert_sel < 0)
        st->alert_sel = 0;
    if (active) {
        st->alert_rows = rows > 0 ? rows : 1;
        if (st->alert_sel < st->alert_scroll)
            st->alert_scroll = st->alert_sel;
        if (rows > 0 && st->alert_sel >= st->alert_scroll + rows)
            st->alert_scroll = st->alert_sel - rows + 1;
    }
    if (st->alert_scroll > (int)n - rows)
        st->alert_scroll = (int)n - rows;
    if (st->alert_scroll < 0)
        st->alert_scroll = 0;
    int wide = r.w >= 120;
    for (int i = 0; i < rows && st->alert_scroll + i < (int)n; i++) {
        size_t idx = (size_t)(st->alert_scroll + i);
        const struct alert *a = alerts_get(v->alerts, idx);
        int y = r.y + 1 + i;
        char when[16], line[400];
        ui_format_clock(when, sizeof when, a->t_ms, st->local_clock);
        int role = sev_role(a->sev);
        int row_role = a->acked ? ROLE_NORMAL : role;
        if (!a->acked && a->sev == SEV_CRIT && !v->flash)
            row_role = ROLE_NORMAL; /* the "off" half of the flash */
        int x = r.x;
        x += surface_put(s, y, x, a->acked ? ROLE_DIM : role, a->acked ? " " : g->mark, 1);
        x++;
        x += surface_put(s, y, x, row_role, when, -1) + 1;
        x += surface_put(s, y, x, role, alert_sev_name(a->sev), 4) + 1;
        if (wide) {
            snprintf(line, sizeof line, "%-16s %-5s %-11s %s", a->kind, a->sym, a->venue, a->msg);
            if (a->updates)
                snprintf(line + strlen(line), sizeof line - strlen(line), "  (x%u)",
                         a->updates + 1);
        } else {
            snprintf(line, sizeof line, "%-15s %s", a->kind, a->msg);
        }
        surface_fill(s, y, x, r.x + r.w - x, 1, row_role, " ");
        surface_put(s, y, x, row_role, line, r.x + r.w - x);
        if (active && (int)idx == st->alert_sel)
            surface_set_role(s, y, r.x, r.w, ROLE_SELECTED);
    }
    if (detail_h)
        selected_text(v, st, s, (struct rect){r.y + r.h - detail_h, r.x, detail_h, r.w});
}
