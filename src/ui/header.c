/* header: the top line (clock, mode, source health, Fear & Greed, market cap). */
#include "panel.h"

#include "liqtop/num.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void ui_format_time(char *buf, size_t n, int64_t t_ms, int local)
{
    time_t secs = (time_t)(t_ms / 1000);
    struct tm tm;
    if (local ? !localtime_r(&secs, &tm) : !gmtime_r(&secs, &tm)) {
        snprintf(buf, n, "--");
        return;
    }
    char tz[16] = "UTC";
    if (local)
        strftime(tz, sizeof tz, "%Z", &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(buf, n, "%s %s", when, tz);
}

/* A mark per source that reads without colour: + ok, ~ stale, ! down, ? not yet, - off. */
static void health_mark(enum health_state h, char *mark, int *role)
{
    switch (h) {
    case HEALTH_OK: *mark = '+'; *role = ROLE_OK; break;
    case HEALTH_STALE: *mark = '~'; *role = ROLE_STALE; break;
    case HEALTH_DOWN: *mark = '!'; *role = ROLE_BAD; break;
    case HEALTH_DISABLED: *mark = '-'; *role = ROLE_DIM; break;
    default: *mark = '?'; *role = ROLE_DIM; break;
    }
}

void header_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r)
{
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_HEADER, " ");
    int x = r.x;
    x += surface_put(s, r.y, x, ROLE_HEADER, " liqtop ", -1);
    char mode[32];
    if (v->mode == MODE_LIVE)
        snprintf(mode, sizeof mode, "LIVE");
    else if (v->speed_max)
        snprintf(mode, sizeof mode, "%s max", v->mode == MODE_DEMO ? "DEMO" : "REPLAY");
    else
        snprintf(mode, sizeof mode, "%s x%g", v->mode == MODE_DEMO ? "DEMO" : "REPLAY", v->speed);
    if (v->paused)
        strncat(mode, " PAUSED", sizeof mode - strlen(mode) - 1);
    x += surface_put(s, r.y, x, ROLE_HEADER, mode, -1) + 1;
    char when[48];
    ui_format_time(when, sizeof when, v->now_ms, st->local_clock);
    x += surface_put(s, r.y, x, ROLE_HEADER, when, -1) + 2;

    /* source health: only sources that matter in this mode */
    for (int src = 0; src < SRC_COUNT && x < r.x + r.w - 4; src++) {
        const struct source_health *h = &v->store->health[src];
        if (h->state == HEALTH_DISABLED)
            continue;
        char mark;
        int role;
        health_mark(h->state, &mark, &role);
        char label[8];
        snprintf(label, sizeof label, "%s%s%c", venue_abbrev(source_venue((enum source_id)src)),
                 source_is_stream((enum source_id)src) ? "w" : "", mark);
        x += surface_put(s, r.y, x, role, label, -1) + 1;
    }

    /* right side: Fear & Greed and market cap, as room allows */
    char right[96] = "";
    if (v->store->has_fear_greed) {
        char fg[48];
        snprintf(fg, sizeof fg, "F&G %d %s", v->store->fear_greed.value,
                 v->store->fear_greed.label);
        strncat(right, fg, sizeof right - strlen(right) - 1);
    }
    if (v->store->has_market_cap) {
        char cap[16], ch[16], mc[48];
        num_fmt_usd(cap, sizeof cap, v->store->market_cap.usd);
        num_fmt_pct(ch, sizeof ch, v->store->market_cap.change_24h);
        snprintf(mc, sizeof mc, "%sMCap %s %s", right[0] ? "  " : "", cap, ch);
        strncat(right, mc, sizeof right - strlen(right) - 1);
    }
    int rw = utf8_columns(right);
    if (rw && x + rw + 1 <= r.x + r.w)
        surface_put(s, r.y, r.x + r.w - rw - 1, ROLE_HEADER, right, -1);
}
