/* alerts: the most recent alerts, newest first, coloured by severity. */
#include "panel.h"

#include <stdio.h>
#include <string.h>

void alerts_draw(const struct view *v, struct surface *s, struct rect r)
{
    if (r.h <= 0)
        return;
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_COLUMN, " ");
    size_t crit = 0;
    size_t unacked = alerts_unacked(v->alerts, &crit);
    char title[64];
    snprintf(title, sizeof title, "ALERTS (%zu new%s)", unacked, crit ? ", CRIT" : "");
    surface_put(s, r.y, r.x, ROLE_COLUMN, title, r.w);
    size_t n = alerts_count(v->alerts);
    if (n == 0) {
        surface_put(s, r.y + 1, r.x + 1, ROLE_DIM, "no alerts yet", r.w - 2);
        return;
    }
    for (int i = 0; i < r.h - 1 && (size_t)i < n; i++) {
        const struct alert *a = alerts_get(v->alerts, (size_t)i);
        char when[48];
        ui_format_time(when, sizeof when, a->t_ms, 0);
        int role = a->sev == SEV_CRIT ? ROLE_ALERT_CRIT
                   : a->sev == SEV_WARN ? ROLE_ALERT_WARN
                                        : ROLE_ALERT_INFO;
        char line[320];
        /* time of day only: the date is in the header */
        snprintf(line, sizeof line, "%.8s %-4s %-15s %s", when + 11, alert_sev_name(a->sev),
                 a->kind, a->msg);
        int y = r.y + 1 + i;
        surface_put(s, y, r.x, a->acked ? ROLE_NORMAL : role, line, r.w);
    }
}
