/* header: the top lines: clock, mode and source health; the market summary
 * (stress gauge and its top components, Fear & Greed, market cap); the tab bar. */
#include "panel.h"

#include "liqtop/num.h"
#include "liqtop/spark.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A mark per source that reads without colour: + ok, ~ stale, ! down, ? not yet. */
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

static void mode_text(const struct view *v, char *buf, size_t n)
{
    if (v->mode == MODE_LIVE)
        snprintf(buf, n, "LIVE");
    else if (v->speed_max)
        snprintf(buf, n, "%s max", v->mode == MODE_DEMO ? "DEMO" : "REPLAY");
    else
        snprintf(buf, n, "%s x%g", v->mode == MODE_DEMO ? "DEMO" : "REPLAY", v->speed);
    if (v->paused)
        strncat(buf, " PAUSED", n - strlen(buf) - 1);
}

void header_draw(const struct view *v, const struct ui_state *st, struct surface *s, struct rect r)
{
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_HEADER, " ");
    int end = r.x + r.w;

    /* right: unacknowledged alerts; crit ones flash with the rows */
    size_t crit = 0;
    size_t unacked = alerts_unacked(v->alerts, &crit);
    char right[48] = "";
    int right_role = ROLE_HEADER;
    if (crit) {
        snprintf(right, sizeof right, " %zu CRIT ", crit);
        right_role = v->flash ? ROLE_HEADER : ROLE_ALERT_CRIT;
    } else if (unacked) {
        snprintf(right, sizeof right, " %zu new ", unacked);
        right_role = ROLE_ALERT_WARN;
    }
    int rw = utf8_columns(right);
    if (rw && rw + 30 <= r.w) {
        surface_put(s, r.y, end - rw, right_role, right, rw);
        end -= rw + 1;
    }

    char mode[40], when[48];
    mode_text(v, mode, sizeof mode);
    ui_format_time(when, sizeof when, v->now_ms, st->local_clock);
    /* narrow: the date goes first, then the program name */
    int src_w = 0; /* "BN+ " per source, "BNw+ " per stream */
    for (int src = 0; src < SRC_COUNT; src++)
        if (v->store->health[src].state != HEALTH_DISABLED)
            src_w += (int)strlen(venue_abbrev(source_venue((enum source_id)src))) + 2 +
                     source_is_stream((enum source_id)src);
    int need = 8 + (int)strlen(mode) + 1 + (int)strlen(when) + 1 + src_w;
    const char *clock = when;
    int show_name = 1;
    if (need > end - r.x) {
        clock = when + 11; /* "12:00:05 UTC" */
        need -= 11;
    }
    if (need > end - r.x)
        show_name = 0;
    int x = r.x;
    if (show_name)
        x += surface_put(s, r.y, x, ROLE_HEADER, " liqtop ", end - x);
    else
        x += surface_put(s, r.y, x, ROLE_HEADER, " ", end - x);
    x += surface_put(s, r.y, x, ROLE_HEADER, mode, end - x) + 1;
    x += surface_put(s, r.y, x, ROLE_HEADER, clock, end - x) + 1;

    /* source health: only sources that matter in this mode */
    for (int src = 0; src < SRC_COUNT && x < end - 3; src++) {
        const struct source_health *h = &v->store->health[src];
        if (h->state == HEALTH_DISABLED)
            continue;
        char mark;
        int role;
        health_mark(h->state, &mark, &role);
        char label[8];
        snprintf(label, sizeof label, "%s%s%c", venue_abbrev(source_venue((enum source_id)src)),
                 source_is_stream((enum source_id)src) ? "w" : "", mark);
        int lw = (int)strlen(label);
        if (x + lw > end)
            break;
        x += surface_put(s, r.y, x, role, label, lw) + 1;
    }
}

static int comp_cmp_desc(const struct stress_comp *a, const struct stress_comp *b)
{
    double x = isnan(a->norm) ? -1 : a->norm * a->weight;
    double y = isnan(b->norm) ? -1 : b->norm * b->weight;
    return x < y ? 1 : x > y ? -1 : 0;
}

static const char *comp_label(const char *name)
{
    if (strcmp(name, "liquidations") == 0)
        return "liq";
    if (strcmp(name, "oi_change") == 0)
        return "OI";
    if (strcmp(name, "fear_greed") == 0)
        return "F&G";
    return name;
}

static int stress_role(int band)
{
    return band >= 2 ? ROLE_GAUGE_HIGH : band == 1 ? ROLE_GAUGE_MID : ROLE_GAUGE_LOW;
}

void summary_draw(const struct view *v, struct surface *s, struct rect r)
{
    const struct model_market *mk = model_market(v->model);
    const struct glyphs *g = ui_glyphs(v->utf8);
    int end = r.x + r.w;

    /* right side first: Fear & Greed and market cap, as room allows */
    char right[128] = "";
    if (mk->has_fear_greed) {
        char fg[48];
        snprintf(fg, sizeof fg, "F&G %d %s", mk->fear_greed, mk->fear_greed_label);
        strncat(right, fg, sizeof right - strlen(right) - 1);
    }
    char cap[16], ch[16];
    num_fmt_usd(cap, sizeof cap, mk->market_cap_usd);
    num_fmt_pct(ch, sizeof ch, mk->market_cap_change_24h);
    int x_right = end;
    if (!isnan(mk->market_cap_usd)) {
        /* market cap, then its change in colour */
        int cw = 5 + (int)strlen(cap) + 1 + (int)strlen(ch);
        if (cw + 30 <= r.w) {
            x_right -= cw + 1;
            int x = x_right;
            x += surface_put(s, r.y, x, ROLE_NORMAL, "MCap ", -1);
            x += surface_put(s, r.y, x, ROLE_NORMAL, cap, -1) + 1;
            surface_put(s, r.y, x, ui_change_role(mk->market_cap_change_24h), ch, -1);
        }
    }
    if (right[0]) {
        int fw = utf8_columns(right);
        if (fw + 30 <= x_right - r.x) {
            x_right -= fw + 2;
            int role = mk->fear_greed <= 25 ? ROLE_DOWN : mk->fear_greed >= 75 ? ROLE_UP
                                                                                  : ROLE_NORMAL;
            surface_put(s, r.y, x_right, role, right, fw);
        }
    }

    /* left: the stress gauge */
    int x = r.x;
    x += surface_put(s, r.y, x, ROLE_TITLE, " STRESS ", -1);
    int gw = r.w >= 120 ? 20 : 10;
    int role = stress_role(mk->stress_band);
    char num[16];
    if (isnan(mk->stress)) {
        surface_fill(s, r.y, x, gw, 1, ROLE_DIM, g->dot);
        snprintf(num, sizeof num, " --");
    } else {
        char bar[128];
        spark_bar(bar, sizeof bar, mk->stress / 100.0, gw, v->utf8);
        surface_fill(s, r.y, x, gw, 1, ROLE_DIM, g->dot);
        surface_put(s, r.y, x, role, bar, gw);
        snprintf(num, sizeof num, " %3.0f %s", mk->stress,
                 mk->stress_band >= 2 ? "CRIT" : mk->stress_band == 1 ? "WARN" : "calm");
    }
    x += gw;
    x += surface_put(s, r.y, x, isnan(mk->stress) ? ROLE_DIM : role, num, x_right - x) + 1;

    /* the components that push it most, as far as they fit */
    struct stress_comp c[STRESS_NCOMP];
    memcpy(c, mk->comp, sizeof c);
    for (int i = 1; i < STRESS_NCOMP; i++)
        for (int j = i; j > 0 && comp_cmp_desc(&c[j - 1], &c[j]) > 0; j--) {
            struct stress_comp t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    for (int i = 0; i < 3 && i < STRESS_NCOMP; i++) {
        if (isnan(c[i].norm) || c[i].norm <= 0 || !c[i].name)
            break;
        char item[48];
        snprintf(item, sizeof item, "%s %.0f%%", comp_label(c[i].name), c[i].norm * 100);
        int iw = (int)strlen(item);
        if (x + iw + 1 > x_right - 1)
            break;
        x += surface_put(s, r.y, x, c[i].norm >= 0.66 ? ROLE_GAUGE_HIGH
                                    : c[i].norm >= 0.33 ? ROLE_GAUGE_MID
                                                        : ROLE_DIM,
                         item, iw) + 1;
    }
}

static const char *const tab_names[3][TAB_COUNT] = {
    {"Market", "Liquidations", "Alerts", "Sources", "Detail"},
    {"Market", "Liq", "Alerts", "Sources", "Detail"},
    {"Mkt", "Liq", "Alr", "Src", "Det"},
};

/* Width of the tab labels with one naming set (" 1 Market " + a gap each). */
static int tabs_width(int set, const struct ui_state *st)
{
    int total = 0;
    for (int t = 0; t < TAB_COUNT; t++)
        total += (set == 2 ? 3 : 4) + (int)strlen(tab_names[set][t]) + 1 +
                 (t == TAB_DETAIL && st->sel_sym[0] && set == 0 ? 1 + (int)strlen(st->sel_sym) : 0);
    return total;
}

void tabs_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r)
{
    struct ui_hits *h = &st->hits;
    h->tabs_y = r.y;
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_NORMAL, " ");
    /* right: the sort and the filter in force */
    char right[96];
    const struct glyphs *g = ui_glyphs(v->utf8);
    snprintf(right, sizeof right, "sort %s%s%s%s", market_sort_name(st->sort_col),
             st->sort_desc ? g->down : g->up, st->filter[0] ? "  filter " : "", st->filter);
    int rw = utf8_columns(right);
    /* the longest names that fit beside the sort, else the shortest */
    int set = 0;
    while (set < 2 && tabs_width(set, st) + rw + 1 > r.w)
        set++;
    int x = r.x;
    for (int t = 0; t < TAB_COUNT; t++) {
        char label[48];
        if (set == 2)
            snprintf(label, sizeof label, "%d:%s", t + 1, tab_names[set][t]);
        else if (t == TAB_DETAIL && st->sel_sym[0] && set == 0)
            snprintf(label, sizeof label, " %d %s %s ", t + 1, tab_names[set][t], st->sel_sym);
        else
            snprintf(label, sizeof label, " %d %s ", t + 1, tab_names[set][t]);
        int lw = (int)strlen(label);
        if (x + lw > r.x + r.w)
            break;
        /* in the wide layout the market tab shows the liquidations and alerts too */
        int active = (int)st->tab == t ||
                     (st->wide && st->tab == TAB_MARKET && (t == TAB_LIQ || t == TAB_ALERTS));
        h->tab_x0[t] = x;
        x += surface_put(s, r.y, x, (int)st->tab == t ? ROLE_SELECTED : active ? ROLE_TITLE
                                                                                : ROLE_DIM,
                         label, lw);
        h->tab_x1[t] = x;
        x++;
    }
    if (x + rw <= r.x + r.w)
        surface_put(s, r.y, r.x + r.w - rw, ROLE_DIM, right, rw);
}
