/* headless: NDJSON alerts and the --once --json state (see headless.h). */
#include "liqtop/headless.h"

#include "liqtop/text.h"

#include <cJSON.h>
#include <math.h>
#include <string.h>


/* cJSON prints NaN as null already; be explicit so the contract is visible. */
static cJSON *num_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void add_num(cJSON *o, const char *k, double v)
{
    cJSON_AddItemToObject(o, k, num_or_null(v));
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    char safe[512];
    text_sanitize(safe, sizeof safe, v, strlen(v));
    cJSON_AddStringToObject(o, k, safe);
}

static void sink_emit(void *user, const struct alert *a, int is_update)
{
    if (is_update)
        return;
    char line[2048];
    if (alert_format_json(a, line, sizeof line) < 0)
        return;
    FILE *out = user;
    fputs(line, out);
    fputc('\n', out);
    fflush(out);
}

struct alert_sink headless_alert_sink(FILE *out)
{
    return (struct alert_sink){sink_emit, out};
}

static double last_of(const struct series *s)
{
    double v;
    return series_last(s, NULL, &v) ? v : NAN;
}

static cJSON *totals_object(const struct liq_totals *t)
{
    cJSON *x = cJSON_CreateObject();
    add_num(x, "long_usd", t->usd[LIQ_LONG]);
    add_num(x, "short_usd", t->usd[LIQ_SHORT]);
    add_num(x, "long_count", t->count[LIQ_LONG]);
    add_num(x, "short_count", t->count[LIQ_SHORT]);
    return x;
}

/* {"1h":{...},"4h":{...},"24h":{...},"estimated":bool} */
static cJSON *liq_object(const struct liq_totals *h1, const struct liq_totals *h4,
                         const struct liq_totals *h24)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "1h", totals_object(h1));
    cJSON_AddItemToObject(o, "4h", totals_object(h4));
    cJSON_AddItemToObject(o, "24h", totals_object(h24));
    cJSON_AddBoolToObject(o, "estimated", h1->estimated || h4->estimated || h24->estimated);
    return o;
}

static cJSON *change_object(const struct model_change *c)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "5m", c->m5);
    add_num(o, "1h", c->h1);
    add_num(o, "4h", c->h4);
    add_num(o, "24h", c->h24);
    return o;
}

static void add_zone(cJSON *o, const char *key, int has, const struct level_zone *z,
                     double dist_pct)
{
    if (!has) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    cJSON *x = cJSON_AddObjectToObject(o, key);
    add_num(x, "lo", z->lo);
    add_num(x, "hi", z->hi);
    add_num(x, "strength", z->strength);
    add_num(x, "distance_pct", dist_pct);
}

static const char *origin_name(enum liq_origin o)
{
    return o == LIQ_ORIGIN_REPORTED ? "reported" : o == LIQ_ORIGIN_ESTIMATED ? "estimated" : "none";
}

static const char *health_name(enum health_state h)
{
    switch (h) {
    case HEALTH_OK: return "ok";
    case HEALTH_STALE: return "stale";
    case HEALTH_DOWN: return "down";
    case HEALTH_DISABLED: return "disabled";
    default: return "unknown";
    }
}

static cJSON *venue_object(const struct asset *as, const struct model_venue *mv, int v)
{
    const struct venue_data *vd = &as->venue[v];
    cJSON *o = cJSON_CreateObject();
    add_num(o, "price", last_of(&vd->price));
    add_num(o, "mark", last_of(&vd->mark));
    add_num(o, "oi_usd", mv->oi_usd);
    cJSON_AddItemToObject(o, "oi_change", change_object(&mv->oi_change));
    add_num(o, "funding", mv->funding);
    add_num(o, "funding_interval_h", mv->funding_interval_h);
    add_num(o, "funding_apr", mv->funding_apr);
    add_num(o, "ls_ratio", mv->ls_ratio);
    add_num(o, "change_24h", mv->change_24h);
    cJSON_AddBoolToObject(o, "fresh", mv->fresh);
    cJSON_AddItemToObject(o, "liquidations", liq_object(&mv->liq_1h, &mv->liq_4h, &mv->liq_24h));
    add_str(o, "liquidation_source", origin_name(mv->liq_origin));
    return o;
}

/* The low and high of the venues' own 24h liquidation totals, as analysts
 * quote "between $828M and $974M depending on the source". */
static void add_range(cJSON *liq, const struct model_asset *ma)
{
    double lo = NAN, hi = NAN;
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        const struct model_venue *mv = &ma->venue[v];
        if (!mv->present || mv->liq_origin == LIQ_ORIGIN_NONE)
            continue;
        double t = mv->liq_24h.usd[0] + mv->liq_24h.usd[1];
        if (isnan(lo) || t < lo)
            lo = t;
        if (isnan(hi) || t > hi)
            hi = t;
    }
    cJSON *r = cJSON_AddObjectToObject(liq, "range_24h");
    add_num(r, "low_usd", lo);
    add_num(r, "high_usd", hi);
}

static cJSON *symbol_object(const struct store *s, const struct model *m, size_t i)
{
    const struct model_asset *ma = model_asset(m, i);
    const struct asset *as = &s->assets[i];
    cJSON *o = cJSON_CreateObject();
    add_str(o, "symbol", ma->sym);
    add_num(o, "price", ma->price);
    add_num(o, "change_1h", ma->change_1h);
    add_num(o, "change_24h", ma->change_24h);
    add_num(o, "oi_usd", ma->oi_usd);
    cJSON_AddItemToObject(o, "oi_change", change_object(&ma->oi_change));
    /* the OI-weighted mean over fresh venues, as a rate per 8 hours */
    add_num(o, "funding", ma->funding_apr / (365.0 * 3.0));
    add_num(o, "funding_apr", ma->funding_apr);
    add_num(o, "ls_ratio", ma->ls_ratio);
    add_zone(o, "support", ma->has_support, &ma->support, ma->support_dist_pct);
    add_zone(o, "resistance", ma->has_resistance, &ma->resistance, ma->resistance_dist_pct);
    cJSON *d = cJSON_AddObjectToObject(o, "depth_usd");
    add_num(d, "bid_1pct", ma->depth_bid1);
    add_num(d, "ask_1pct", ma->depth_ask1);
    add_num(d, "bid_2pct", ma->depth_bid2);
    add_num(d, "ask_2pct", ma->depth_ask2);
    cJSON *liq = liq_object(&ma->liq_1h, &ma->liq_4h, &ma->liq_24h);
    add_range(liq, ma);
    cJSON *top = cJSON_AddArrayToObject(liq, "largest");
    for (size_t k = 0; k < ma->n_top_liqs; k++) {
        const struct liq_event *e = &ma->top_liqs[k];
        cJSON *x = cJSON_CreateObject();
        add_num(x, "t", (double)e->t_ms);
        add_str(x, "venue", venue_name(e->venue));
        add_str(x, "side", e->side == LIQ_LONG ? "long" : "short");
        add_num(x, "price", e->price);
        add_num(x, "qty", e->qty);
        add_num(x, "usd", e->usd);
        cJSON_AddBoolToObject(x, "estimated", e->estimated);
        cJSON_AddItemToArray(top, x);
    }
    cJSON_AddItemToObject(o, "liquidations", liq);
    cJSON *venues = cJSON_AddObjectToObject(o, "venues");
    for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
        if (!ma->venue[v].present)
            cJSON_AddNullToObject(venues, venue_name((enum venue_id)v));
        else
            cJSON_AddItemToObject(venues, venue_name((enum venue_id)v),
                                  venue_object(as, &ma->venue[v], v));
    }
    return o;
}

int headless_state_json(FILE *out, const struct store *s, const struct model *m,
                        const struct alerts *al, const struct headless_info *info)
{
    const struct model_market *mk = model_market(m);
    cJSON *root = cJSON_CreateObject();
    add_num(root, "t", (double)info->now_ms);
    add_str(root, "mode", info->mode);
    cJSON *syms = cJSON_AddArrayToObject(root, "symbols");
    for (size_t i = 0; i < s->n_assets && i < model_n_assets(m); i++)
        cJSON_AddItemToArray(syms, symbol_object(s, m, i));
    cJSON_AddItemToObject(root, "liquidations", liq_object(&mk->liq_1h, &mk->liq_4h, &mk->liq_24h));
    cJSON *st = cJSON_AddObjectToObject(root, "stress");
    add_num(st, "index", mk->stress);
    add_str(st, "band", mk->stress_band == 2 ? "crit" : mk->stress_band == 1 ? "warn" : "calm");
    cJSON *comps = cJSON_AddArrayToObject(st, "components");
    for (int c = 0; c < STRESS_NCOMP; c++) {
        cJSON *x = cJSON_CreateObject();
        add_str(x, "name", mk->comp[c].name ? mk->comp[c].name : "");
        add_num(x, "raw", mk->comp[c].raw);
        add_str(x, "unit", mk->comp[c].unit ? mk->comp[c].unit : "");
        add_num(x, "norm", mk->comp[c].norm);
        add_num(x, "weight", mk->comp[c].weight);
        cJSON_AddItemToArray(comps, x);
    }
    if (mk->has_fear_greed) {
        cJSON *fg = cJSON_AddObjectToObject(root, "fear_greed");
        add_num(fg, "value", mk->fear_greed);
        add_str(fg, "label", mk->fear_greed_label);
    } else {
        cJSON_AddNullToObject(root, "fear_greed");
    }
    if (!isnan(mk->market_cap_usd)) {
        cJSON *mc = cJSON_AddObjectToObject(root, "market_cap");
        add_num(mc, "usd", mk->market_cap_usd);
        add_num(mc, "change_24h_pct", mk->market_cap_change_24h * 100.0);
        add_num(mc, "btc_dominance_pct", mk->btc_dominance * 100.0);
    } else {
        cJSON_AddNullToObject(root, "market_cap");
    }
    cJSON *srcs = cJSON_AddArrayToObject(root, "sources");
    for (int i = 0; i < SRC_COUNT; i++) {
        const struct source_health *h = &s->health[i];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "venue", source_name((enum source_id)i));
        add_str(o, "state", health_name(h->state));
        if (h->last_error[0])
            add_str(o, "last_error", h->last_error);
        else
            cJSON_AddNullToObject(o, "last_error");
        if (h->note[0])
            add_str(o, "note", h->note);
        add_num(o, "latency_ms", h->last_ok_ms ? h->latency_ms : NAN);
        add_num(o, "requests", (double)h->requests);
        add_num(o, "errors", (double)h->errors);
        add_num(o, "bytes", (double)h->bytes);
        cJSON_AddItemToArray(srcs, o);
    }
    cJSON *alerts = cJSON_AddArrayToObject(root, "alerts");
    for (size_t i = alerts_count(al); i-- > 0;) {
        char line[2048];
        if (alert_format_json(alerts_get(al, i), line, sizeof line) >= 0)
            cJSON_AddItemToArray(alerts, cJSON_Parse(line));
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF || fflush(out) ? -1 : 0;
    cJSON_free(text);
    return rc;
}
