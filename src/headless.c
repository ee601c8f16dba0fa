/* headless: NDJSON alerts and the --once --json state (see headless.h). */
#include "liqtop/headless.h"

#include "liqtop/text.h"

#include <cJSON.h>
#include <math.h>
#include <string.h>

#define HOUR_MS 3600000LL

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

static double change_over(const struct series *s, int64_t now, int64_t back)
{
    double then = series_at(s, now - back), cur = last_of(s);
    return then > 0 && isfinite(cur) ? cur / then - 1 : NAN;
}

static cJSON *liq_object(const struct store *s, int asset, int venue, int64_t now)
{
    static const struct {
        const char *name;
        int64_t span;
    } windows[] = {{"1h", HOUR_MS}, {"4h", 4 * HOUR_MS}, {"24h", 24 * HOUR_MS}};
    cJSON *o = cJSON_CreateObject();
    int estimated = 0;
    for (size_t w = 0; w < 3; w++) {
        struct liq_totals t;
        store_liq_totals(s, asset, venue, now - windows[w].span, now + 1, &t);
        cJSON *x = cJSON_AddObjectToObject(o, windows[w].name);
        add_num(x, "long_usd", t.usd[LIQ_LONG]);
        add_num(x, "short_usd", t.usd[LIQ_SHORT]);
        add_num(x, "long_count", t.count[LIQ_LONG]);
        add_num(x, "short_count", t.count[LIQ_SHORT]);
        estimated |= t.estimated;
    }
    cJSON_AddBoolToObject(o, "estimated", estimated);
    return o;
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

int headless_state_json(FILE *out, const struct store *s, const struct alerts *al,
                        const struct headless_info *info)
{
    int64_t now = info->now_ms;
    cJSON *root = cJSON_CreateObject();
    add_num(root, "t", (double)now);
    add_str(root, "mode", info->mode);
    cJSON *syms = cJSON_AddArrayToObject(root, "symbols");
    for (size_t i = 0; i < s->n_assets; i++) {
        const struct asset *a = &s->assets[i];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "symbol", a->sym);
        double price = store_price(s, (int)i);
        add_num(o, "price", price);
        double p1h = store_price_at(s, (int)i, now - HOUR_MS);
        double p24 = store_price_at(s, (int)i, now - 24 * HOUR_MS);
        add_num(o, "change_1h", p1h > 0 ? price / p1h - 1 : NAN);
        add_num(o, "change_24h", p24 > 0 ? price / p24 - 1 : NAN);
        add_num(o, "oi_usd", last_of(&a->oi_usd));
        add_num(o, "oi_change_1h", change_over(&a->oi_usd, now, HOUR_MS));
        double funding = NAN;
        for (int v = 0; v < VENUE_MARKET_COUNT && isnan(funding); v++)
            funding = last_of(&a->venue[v].funding);
        add_num(o, "funding", funding);
        cJSON *venues = cJSON_AddObjectToObject(o, "venues");
        for (int v = 0; v < VENUE_MARKET_COUNT; v++) {
            const struct venue_data *vd = &a->venue[v];
            if (!vd->present) {
                cJSON_AddNullToObject(venues, venue_name((enum venue_id)v));
                continue;
            }
            cJSON *vo = cJSON_AddObjectToObject(venues, venue_name((enum venue_id)v));
            add_num(vo, "price", last_of(&vd->price));
            add_num(vo, "mark", last_of(&vd->mark));
            add_num(vo, "oi_usd", last_of(&vd->oi_usd));
            add_num(vo, "funding", last_of(&vd->funding));
            add_num(vo, "funding_interval_h", vd->funding_interval_h);
            add_num(vo, "ls_ratio", last_of(&vd->ls_ratio));
            cJSON_AddItemToObject(vo, "liquidations", liq_object(s, (int)i, v, now));
            add_str(vo, "liquidation_source", vd->liq_origin == LIQ_ORIGIN_REPORTED ? "reported"
                                              : vd->liq_origin == LIQ_ORIGIN_ESTIMATED
                                                  ? "estimated"
                                                  : "none");
        }
        cJSON_AddItemToObject(o, "liquidations", liq_object(s, (int)i, -1, now));
        cJSON_AddItemToArray(syms, o);
    }
    cJSON_AddItemToObject(root, "liquidations", liq_object(s, -1, -1, now));
    if (s->has_fear_greed) {
        cJSON *fg = cJSON_AddObjectToObject(root, "fear_greed");
        add_num(fg, "value", s->fear_greed.value);
        add_str(fg, "label", s->fear_greed.label);
    } else {
        cJSON_AddNullToObject(root, "fear_greed");
    }
    if (s->has_market_cap) {
        cJSON *mc = cJSON_AddObjectToObject(root, "market_cap");
        add_num(mc, "usd", s->market_cap.usd);
        add_num(mc, "change_24h_pct", s->market_cap.change_24h * 100.0);
        add_num(mc, "btc_dominance_pct", s->market_cap.btc_dominance * 100.0);
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
        add_num(o, "latency_ms", h->requests ? h->latency_ms : NAN);
        add_num(o, "requests", (double)h->requests);
        add_num(o, "errors", (double)h->errors);
        add_num(o, "bytes", (double)h->bytes);
        cJSON_AddItemToArray(srcs, o);
    }
    cJSON *alerts = cJSON_AddArrayToObject(root, "alerts");
    for (size_t i = alerts_count(al); i-- > 0;) {
        const struct alert *a = alerts_get(al, i);
        char line[2048];
        if (alert_format_json(a, line, sizeof line) >= 0)
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
