/* gate: Gate.io USDT-settled perpetual futures (APIv4, public REST).
 *
 * Docs: https://www.gate.com/docs/developers/apiv4/en/futures (read in the
 * mirror qiuham/crypto-api-docs docs/gateio/apiv4/en/futures.md, 2026-05).
 *
 * Endpoints (kind = last path segment):
 *   tickers        all contracts: last, mark_price, index_price, funding_rate,
 *                  change_percentage (PERCENT), total_size (open interest in
 *                  CONTRACTS), volume_24h_quote (USDT)
 *   contracts      all contracts: quanto_multiplier (base units per contract),
 *                  funding_interval (SECONDS)
 *   liq_orders     public liquidation orders of one contract, times in SECONDS,
 *                  sizes in CONTRACTS, order_size signed (+ buy, - sell)
 *   contract_stats 5-minute statistics of one contract (the body does not name
 *                  it): open_interest_usd, lsr_account, aggregated liquidations
 *
 * Symbols: canonical "BTC" <-> "BTC_USDT". Contracts that do not end in
 * "_USDT" or whose base is not a plausible symbol are skipped.
 *
 * Units: prices USDT (= USD), sizes converted from contracts to base units
 * with the contract size the caller supplies (parse_ctx_contract_size, fed
 * from our own `contracts` records), times converted from s to ms, percent
 * to fraction.
 *
 * Liquidations: only liq_orders produces rec_liq. contract_stats also carries
 * long_liq_usd/short_liq_usd per 5-minute bucket, but those aggregate the very
 * same forced orders liq_orders lists one by one: emitting both would count
 * every liquidation twice. liq_orders wins because it has exact times, prices
 * and sides; the contract_stats liquidation fields are ignored (not read, not
 * validated).
 *
 * Field policy (what makes a body fail):
 *   - Entries of untracked contracts are skipped after reading only their
 *     name; their other fields are neither used nor validated.
 *   - For tracked entries a REQUIRED field that is missing, null, "", of the
 *     wrong type, not a finite number, or out of range (a price <= 0, a
 *     negative size) fails the whole body with "ENDPOINT[i].field: problem".
 *   - An OPTIONAL field may be missing, null or "" (the record gets NAN); if
 *     it is present but malformed the body still fails.
 *   tickers:        required contract, last, mark_price, funding_rate,
 *                   total_size; optional index_price, change_percentage,
 *                   volume_24h_quote. OI is NAN while the contract size is
 *                   unknown (the store then has no Gate OI yet, no zero).
 *   contracts:      required name, quanto_multiplier (> 0); optional
 *                   funding_interval (> 0 s).
 *   liq_orders:     required contract, time, order_size, and a price:
 *                   fill_price (average taker price) or, when that is 0 or
 *                   absent (the whole order rested as maker), order_price.
 *                   size and left are not used. An entry with order_size 0
 *                   closed nothing and is skipped. A tracked contract whose
 *                   contract size is unknown fails the body (we cannot say
 *                   how much was liquidated; the next poll covers the same
 *                   window again, so nothing is lost once contracts loaded).
 *                   An empty array is a valid answer (no liquidations).
 *   contract_stats: required time, open_interest_usd; optional lsr_account,
 *                   open_interest. An empty array is valid.
 *   An error body {"label":"...","message":"..."} fails with its sanitized
 *   label and message.
 *
 * All functions here are pure: no I/O, no clock, no globals. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define GATE_PREFIX "/api/v4/futures/usdt"
/* contract name = canonical symbol + this ("BTC_USDT") */
#define GATE_SUFFIX "_USDT"
/* liq_orders: look back this far on every poll. Gate allows to - from <= 3600;
 * 300 s covers 30 missed 10-s polls, and the store drops the repeats. */
#define GATE_LIQ_WINDOW_S 300
/* Records per liq_orders answer we ask for: the maximum (default 100, at most
 * 1000 per the official SDK's parameter checks, gateio/gateapi-python
 * gate_api/api/futures_api.py list_liquidated_orders). */
#define GATE_LIQ_LIMIT 1000
/* contract_stats rows per request: 96 x 5 min = 8 h of OI history (the same
 * SDK caps limit at 100 for this endpoint). */
#define GATE_STATS_LIMIT 96

/* ---- request builders ---------------------------------------------------- */

static int build_tickers(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "tickers", NULL, NULL, GATE_PREFIX "/tickers", NULL);
}

static int build_contracts(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "contracts", NULL, NULL, GATE_PREFIX "/contracts", NULL);
}

static int build_liq_orders(const char *sym, int64_t now_ms, struct source_request *req)
{
    if (now_ms < 0)
        return -1;
    int64_t to = now_ms / 1000; /* Gate takes Unix seconds */
    int64_t from = to > GATE_LIQ_WINDOW_S ? to - GATE_LIQ_WINDOW_S : 0;
    char tail[80];
    snprintf(tail, sizeof tail, "&from=%" PRId64 "&to=%" PRId64 "&limit=%d", from, to,
             GATE_LIQ_LIMIT);
    return vu_request(req, "liq_orders", sym, GATE_SUFFIX, GATE_PREFIX "/liq_orders?contract=",
                      tail);
}

static int build_contract_stats(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    char tail[48];
    snprintf(tail, sizeof tail, "&interval=5m&limit=%d", GATE_STATS_LIMIT);
    return vu_request(req, "contract_stats", sym, GATE_SUFFIX,
                      GATE_PREFIX "/contract_stats?contract=", tail);
}

/* Budget. Gate's public limit is 200 requests per 10 s per endpoint and IP
 * (1200/min per endpoint). We count every endpoint against one budget of 600
 * weight/min, half of what a single endpoint alone may use, so even a
 * misjudged split between endpoints stays far inside the limit. Default use
 * (5 s refresh, 5 symbols): tickers 12/min, liq_orders 5 x 6 = 30/min,
 * contract_stats 5 / 5 min = 1/min, contracts 1/h: about 43 requests/min.
 *   tickers        every refresh: one call carries every contract
 *   contracts      hourly (and at start-up): contract sizes and funding
 *                  intervals change rarely
 *   liq_orders     per symbol every 10 s: liquidations matter fast, and the
 *                  300 s window makes a late or failed poll harmless
 *   contract_stats per symbol every 5 min: the data comes in 5-min buckets */
static const struct endpoint gate_endpoints[] = {
    {"tickers", 0, 0, 1, build_tickers, 0},
    {"contracts", 0, 3600, 1, build_contracts, 1},
    {"liq_orders", 1, 10, 1, build_liq_orders, 0},
    {"contract_stats", 1, 300, 1, build_contract_stats, 0},
};

/* ---- parsing helpers ------------------------------------------------------ */

/* Unix seconds (integral or not) -> ms. Values of 1e11 and more are ms or
 * garbage, not seconds (1e11 s is the year 5138). */
static int need_time_s(const cJSON *o, const char *key, const char *where, int64_t *out_ms,
                       char *err, size_t errn)
{
    double s;
    int st = json_get_number(o, key, &s);
    if (st != JSON_OK) {
        json_field_error(err, errn, where, key, o, st);
        return -1;
    }
    if (!(s > 0 && s < 1e11)) {
        snprintf(err, errn, "%s.%s: not a time in seconds (%g)", where, key, s);
        return -1;
    }
    *out_ms = (int64_t)llround(s * 1000.0);
    return 0;
}

/* Entry i of list `kind`: where = "KIND[i]"; it must be an object with a
 * contract name under `key`. 1 with sym set for a tracked USDT contract, 0
 * to skip the entry unread (another market, an untracked symbol), -1 with
 * err set. */
static int gate_row(const cJSON *it, const char *kind, size_t i, const char *key,
                    const struct parse_ctx *ctx, char where[40], char sym[SYM_MAX], char *err,
                    size_t errn)
{
    snprintf(where, 40, "%s[%zu]", kind, i);
    if (!cJSON_IsObject(it)) {
        snprintf(err, errn, "%s: not an object", where);
        return -1;
    }
    const char *name = vu_fstr(it, key, where, err, errn);
    if (!name)
        return -1;
    return vu_sym_strip(name, GATE_SUFFIX, sym) == 0 && parse_ctx_tracked(ctx, sym);
}

/* Top level must be an array; recognizes Gate's error object. */
static int need_array(const cJSON *root, const char *kind, char *err, size_t errn)
{
    if (cJSON_IsArray(root))
        return 0;
    const char *label = json_get_string(root, "label");
    if (label) {
        const char *msg = json_get_string(root, "message");
        char l[48], m[120];
        text_sanitize(l, sizeof l, label, strlen(label));
        text_sanitize(m, sizeof m, msg ? msg : "", msg ? strlen(msg) : 0);
        snprintf(err, errn, "%s: gate error %s: %s", kind, l, m);
        return -1;
    }
    snprintf(err, errn, "%s: expected an array, got %s", kind,
             cJSON_IsObject(root) ? "an object" : cJSON_IsString(root) ? "a string" : "a scalar");
    return -1;
}

/* The all-contract endpoints: an empty list is an error too. */
static int need_list(const cJSON *root, const char *kind, char *err, size_t errn)
{
    if (need_array(root, kind, err, errn) < 0)
        return -1;
    if (cJSON_GetArraySize(root) == 0) {
        snprintf(err, errn, "%s: empty list", kind);
        return -1;
    }
    return 0;
}

/* ---- parsers ---------------------------------------------------------------- */

static int parse_tickers(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                         char *err, size_t errn)
{
    if (need_list(root, "tickers", err, errn) < 0)
        return -1;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        char where[40], sym[SYM_MAX];
        int keep = gate_row(it, "tickers", i++, "contract", ctx, where, sym, err, errn);
        if (keep <= 0) {
            if (keep < 0)
                return -1;
            continue;
        }
        double last, mark, index, funding, total, chg, vol;
        if (vu_fnum(it, "last", where, VU_REQUIRED, 0, 1, &last, err, errn) < 0 ||
            vu_fnum(it, "mark_price", where, VU_REQUIRED, 0, 1, &mark, err, errn) < 0 ||
            vu_fnum(it, "index_price", where, VU_OPTIONAL, 0, 1, &index, err, errn) < 0 ||
            vu_fnum(it, "funding_rate", where, VU_REQUIRED, -INFINITY, 1, &funding, err,
                    errn) < 0 ||
            vu_fnum(it, "total_size", where, VU_REQUIRED, 0, 0, &total, err, errn) < 0 ||
            vu_fnum(it, "change_percentage", where, VU_OPTIONAL, -100, 0, &chg, err, errn) < 0 ||
            vu_fnum(it, "volume_24h_quote", where, VU_OPTIONAL, 0, 0, &vol, err, errn) < 0)
            return -1;
        struct rec_ticker *t = recs_add_ticker(out, sym);
        if (!t)
            return vu_oom(err, errn, "tickers");
        t->price = last;
        t->mark = mark;
        t->index = index;
        t->funding = funding;
        t->change_24h = chg / 100.0; /* "4.43" means +4.43 % */
        t->volume_24h_usd = vol;
        double cs = parse_ctx_contract_size(ctx, sym);
        if (cs > 0 && isfinite(cs)) { /* total_size counts contracts, one side */
            t->oi_base = total * cs;
            t->oi_usd = t->oi_base * mark;
        }
    }
    return 0;
}

static int parse_contracts(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                           char *err, size_t errn)
{
    if (need_list(root, "contracts", err, errn) < 0)
        return -1;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        char where[40], sym[SYM_MAX];
        int keep = gate_row(it, "contracts", i++, "name", ctx, where, sym, err, errn);
        if (keep <= 0) {
            if (keep < 0)
                return -1;
            continue;
        }
        double mult, interval_s;
        if (vu_fnum(it, "quanto_multiplier", where, VU_REQUIRED, 0, 1, &mult, err, errn) < 0 ||
            vu_fnum(it, "funding_interval", where, VU_OPTIONAL, 0, 1, &interval_s, err, errn) < 0)
            return -1;
        struct rec_contract *c = recs_add_contract(out, sym);
        if (!c)
            return vu_oom(err, errn, "contracts");
        c->base_per_contract = mult;
        if (!isnan(interval_s)) {
            struct rec_ticker *t = recs_add_ticker(out, sym);
            if (!t)
                return vu_oom(err, errn, "contracts");
            t->funding_interval_h = interval_s / 3600.0;
        }
    }
    return 0;
}

static int parse_liq_orders(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                            char *err, size_t errn)
{
    if (need_array(root, "liq_orders", err, errn) < 0)
        return -1;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        char where[40], sym[SYM_MAX];
        int keep = gate_row(it, "liq_orders", i++, "contract", ctx, where, sym, err, errn);
        if (keep <= 0) {
            if (keep < 0)
                return -1;
            continue;
        }
        int64_t t_ms;
        double order_size, fill, order_px;
        if (need_time_s(it, "time", where, &t_ms, err, errn) < 0 ||
            vu_fnum(it, "order_size", where, VU_REQUIRED, -INFINITY, 1, &order_size, err,
                    errn) < 0 ||
            vu_fnum(it, "fill_price", where, VU_OPTIONAL, 0, 0, &fill, err, errn) < 0 ||
            vu_fnum(it, "order_price", where, VU_OPTIONAL, 0, 0, &order_px, err, errn) < 0)
            return -1;
        if (order_size == 0)
            continue; /* the forced order closed nothing */
        double price = fill > 0 ? fill : order_px > 0 ? order_px : NAN;
        if (isnan(price)) {
            snprintf(err, errn, "%s.fill_price: no price (fill_price and order_price absent or 0)",
                     where);
            return -1;
        }
        double cs = parse_ctx_contract_size(ctx, sym);
        if (!(cs > 0 && isfinite(cs))) {
            /* Not an error of the body: at start-up this answer can beat the
             * contracts one (calling it a failure marked gate down on every
             * start). The orders come again in the next poll; err keeps a
             * warning, the parse succeeds with what it could size. */
            snprintf(err, errn, "%s.order_size: contract size of %s" GATE_SUFFIX
                     " unknown (contracts not loaded)", where, sym);
            continue;
        }
        /* Gate: order_size > 0 is a buy. A forced buy closes a short position,
         * a forced sell closes a long. */
        if (vu_liq_add(out, sym, t_ms, order_size > 0 ? LIQ_SHORT : LIQ_LONG, price,
                       fabs(order_size) * cs, "liq_orders", err, errn))
            return -1;
    }
    /* A full page means older orders in the window were cut off. */
    if (i >= GATE_LIQ_LIMIT)
        out->liqs_partial = 1;
    return 0;
}

static int parse_contract_stats(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                                char *err, size_t errn)
{
    if (need_array(root, "contract_stats", err, errn) < 0)
        return -1;
    const char *sym = ctx ? ctx->sym : NULL;
    if (!sym || !text_is_symbol(sym)) {
        snprintf(err, errn, "contract_stats: request has no symbol (the body names none)");
        return -1;
    }
    if (!parse_ctx_tracked(ctx, sym))
        return 0;
    double cs = parse_ctx_contract_size(ctx, sym);
    size_t first = out->n_points, i = 0;
    int64_t t_first = 0, t_last = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        char where[40];
        snprintf(where, sizeof where, "contract_stats[%zu]", i);
        if (!cJSON_IsObject(it)) {
            snprintf(err, errn, "%s: not an object", where);
            return -1;
        }
        int64_t t_ms;
        double oi_usd, lsr, oi_contracts;
        if (need_time_s(it, "time", where, &t_ms, err, errn) < 0 ||
            vu_fnum(it, "open_interest_usd", where, VU_REQUIRED, 0, 0, &oi_usd, err, errn) < 0 ||
            vu_fnum(it, "lsr_account", where, VU_OPTIONAL, 0, 0, &lsr, err, errn) < 0 ||
            vu_fnum(it, "open_interest", where, VU_OPTIONAL, 0, 0, &oi_contracts, err, errn) < 0)
            return -1;
        if (i == 0)
            t_first = t_ms;
        t_last = t_ms;
        i++;
        struct rec_point *p = recs_add_point(out, sym);
        if (!p)
            goto oom;
        p->t_ms = t_ms;
        p->series = RS_OI_USD;
        p->value = oi_usd;
        if (!isnan(lsr)) { /* long accounts / short accounts */
            if (!(p = recs_add_point(out, sym)))
                goto oom;
            p->t_ms = t_ms;
            p->series = RS_LS_RATIO;
            p->value = lsr;
        }
        if (!isnan(oi_contracts) && cs > 0 && isfinite(cs)) {
            if (!(p = recs_add_point(out, sym)))
                goto oom;
            p->t_ms = t_ms;
            p->series = RS_OI_BASE;
            p->value = oi_contracts * cs;
        }
    }
    /* The store keeps series in time order and drops older samples: hand the
     * rows over oldest first whatever order Gate used. */
    if (t_first > t_last) {
        for (size_t a = first, b = out->n_points - 1; a < b; a++, b--) {
            struct rec_point tmp = out->points[a];
            out->points[a] = out->points[b];
            out->points[b] = tmp;
        }
    }
    return 0;
oom:
    return vu_oom(err, errn, "contract_stats");
}

static const struct vu_parser gate_parsers[] = {
    {"tickers", parse_tickers},
    {"contracts", parse_contracts},
    {"liq_orders", parse_liq_orders},
    {"contract_stats", parse_contract_stats},
};

static int gate_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                      struct recs *out, char *err, size_t errn)
{
    if (!kind || !out) {
        snprintf(err, errn, "gate: no kind");
        return -1;
    }
    vu_parse_fn fn =
        vu_parser_find(gate_parsers, sizeof gate_parsers / sizeof gate_parsers[0], kind);
    if (!fn) {
        char k[32];
        text_sanitize(k, sizeof k, kind, strlen(kind));
        snprintf(err, errn, "gate: unknown kind '%s'", k);
        return -1;
    }
    return vu_parse_body(fn, NULL, kind, body, len, ctx, out, err, errn);
}

/* Gate answers an exceeded limit with HTTP 429 and label TOO_MANY_REQUESTS. */
static int gate_rate_limited(const char *body, size_t len)
{
    cJSON *root = json_parse(body, len, NULL, 0);
    if (!root)
        return 0;
    const char *label = json_get_string(root, "label");
    int rl = label && strcmp(label, "TOO_MANY_REQUESTS") == 0;
    cJSON_Delete(root);
    return rl;
}

const struct venue_adapter gate_adapter = {
    .source = SRC_GATE,
    .default_base = "https://api.gateio.ws",
    .endpoints = gate_endpoints,
    .n_endpoints = sizeof gate_endpoints / sizeof gate_endpoints[0],
    .weight_per_min = 600,
    .parse = gate_parse,
    .rate_limited = gate_rate_limited,
};
