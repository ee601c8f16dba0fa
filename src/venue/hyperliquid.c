/* hyperliquid: Hyperliquid perpetuals (public `POST /info`).
 *
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/
 * info-endpoint and info-endpoint/perpetuals, rate-limits-and-user-limits
 * (read in the mirror qiuham/crypto-api-docs docs/hyperliquid/, 2026-05).
 *
 * Requests (kind = the body's "type"):
 *   metaAndAssetCtxs  {"type":"metaAndAssetCtxs"} -> [meta, ctxs]; ctxs[i]
 *                     belongs to meta.universe[i] (the ctx has no name).
 *                     Numbers are strings. openInterest is in COINS (one
 *                     side); funding is the rate for ONE HOUR (Hyperliquid
 *                     settles hourly at 1/8 of its 8-hour formula), stored as
 *                     sent with funding_interval_h = 1.
 *   candleSnapshot    {"type":"candleSnapshot","req":{"coin":"BTC",
 *                     "interval":"1h","startTime":ms,"endTime":ms}} -> array
 *                     of {t ms, T ms, s, i, o, c, h, l, v, n}; o..v are strings
 *                     in the REST docs and numbers in the WebSocket type:
 *                     both accepted.
 *
 * Hyperliquid has no public liquidation feed: liquidations appear only in
 * per-user data (userFills, userEvents) and the SDK maintainers confirm there
 * is no API for all users' liquidations. This adapter emits no rec_liq; the
 * model estimates forced closures from OI drops during adverse moves.
 *
 * Symbols: Hyperliquid coin names are already canonical ("BTC"). Skipped:
 * delisted assets (isDelisted: true), HIP-3 builder assets ("dex:COIN"), and
 * names that are not plausible symbols (e.g. "kPEPE", 1000x units that would
 * not compare with other venues' PEPE).
 *
 * Field policy (what makes a body fail):
 *   - Assets that are untracked, delisted or HIP-3 are skipped after reading
 *     their universe entry; their ctx is not validated.
 *   - REQUIRED fields that are missing, null, "", of the wrong type, not a
 *     finite number or out of range fail the whole body with a named error,
 *     e.g. "metaAndAssetCtxs[1][3].markPx: not a number ('x')".
 *   - OPTIONAL fields may be missing or null (NAN in the record); present but
 *     malformed still fails.
 *   metaAndAssetCtxs: required universe[i].name, ctx markPx (> 0), oraclePx
 *     (> 0), openInterest (>= 0), funding; optional midPx, prevDayPx (>= 0;
 *     0 means no price a day ago and gives NAN), dayNtlVlm (>= 0). premium
 *     and impactPxs (often null) are not used.
 *     An empty universe or a universe/ctx length mismatch fails.
 *   candleSnapshot: required t, i (a known interval), o, h, l, c (> 0, h >= l);
 *     optional v (>= 0); s, when present, must match the requested coin. An
 *     empty array is valid (no candles in the window).
 *   Error bodies fail with their text: a JSON string, {"status":"err",
 *   "response":...}, null, or plain text (e.g. "Failed to deserialize the JSON
 *   body..." with HTTP 422).
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

/* candleSnapshot: 168 hourly candles (7 days) per request, the current one
 * included. Weight 20 + 1 per 60 candles returned = 23. */
#define HL_CANDLES 168
#define HL_HOUR_MS 3600000LL

/* ---- request builders ---------------------------------------------------- */

static void req_init(struct source_request *req, const char *kind, const char *sym)
{
    memset(req, 0, sizeof *req);
    text_copy(req->kind, sizeof req->kind, kind);
    text_copy(req->path, sizeof req->path, "/info");
    if (sym)
        text_copy(req->sym, sizeof req->sym, sym);
}

static int build_meta(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    req_init(req, "metaAndAssetCtxs", NULL);
    text_copy(req->body, sizeof req->body, "{\"type\":\"metaAndAssetCtxs\"}");
    return 0;
}

static int build_candles(const char *sym, int64_t now_ms, struct source_request *req)
{
    if (!sym || !text_is_symbol(sym) || now_ms < 0)
        return -1;
    /* Start on an hour boundary so the window holds exactly HL_CANDLES
     * candles, the last one the hour in progress. */
    int64_t start = (now_ms / HL_HOUR_MS - (HL_CANDLES - 1)) * HL_HOUR_MS;
    if (start < 0)
        start = 0;
    req_init(req, "candleSnapshot", sym);
    snprintf(req->body, sizeof req->body,
             "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"%s\",\"interval\":\"1h\","
             "\"startTime\":%" PRId64 ",\"endTime\":%" PRId64 "}}",
             sym, start, now_ms);
    return 0;
}

/* Budget. Hyperliquid allows an aggregated weight of 1200 per minute per IP;
 * we keep 600. metaAndAssetCtxs weighs 20 and carries every perp in one call:
 * every refresh (5 s default) = 240/min. candleSnapshot weighs 20 + 1 per 60
 * candles = 23 for 168 candles; per symbol every 5 min (hourly candles move
 * slowly; the candle in progress is refreshed) = 23/min for 5 symbols.
 * Total about 263/min at the defaults. */
static const struct endpoint hl_endpoints[] = {
    {"metaAndAssetCtxs", 0, 0, 20, build_meta, 0},
    {"candleSnapshot", 1, 300, 20 + (HL_CANDLES + 59) / 60, build_candles, 0},
};

/* ---- parsing helpers ------------------------------------------------------ */

/* Describe a body that is not what an info request returns: Hyperliquid
 * answers bad requests with plain text or a JSON string. */
static void error_body(const cJSON *root, const char *kind, char *err, size_t errn)
{
    char msg[120];
    if (cJSON_IsString(root) && root->valuestring) {
        text_sanitize(msg, sizeof msg, root->valuestring, strlen(root->valuestring));
        snprintf(err, errn, "%s: hyperliquid error: %s", kind, msg);
        return;
    }
    const char *status = json_get_string(root, "status");
    if (status && strcmp(status, "err") == 0) {
        const char *resp = json_get_string(root, "response");
        text_sanitize(msg, sizeof msg, resp ? resp : "", resp ? strlen(resp) : 0);
        snprintf(err, errn, "%s: hyperliquid error: %s", kind, msg);
        return;
    }
    snprintf(err, errn, "%s: expected an array, got %s", kind,
             cJSON_IsNull(root)     ? "null"
             : cJSON_IsObject(root) ? "an object"
                                    : "a scalar");
}

/* ---- metaAndAssetCtxs ------------------------------------------------------ */

static int parse_meta(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                      size_t errn)
{
    if (!cJSON_IsArray(root)) {
        error_body(root, "metaAndAssetCtxs", err, errn);
        return -1;
    }
    if (cJSON_GetArraySize(root) != 2) {
        snprintf(err, errn, "metaAndAssetCtxs: expected [meta, ctxs], got %d elements",
                 cJSON_GetArraySize(root));
        return -1;
    }
    const cJSON *meta = cJSON_GetArrayItem(root, 0);
    const cJSON *ctxs = cJSON_GetArrayItem(root, 1);
    const cJSON *universe = cJSON_IsObject(meta) ? cJSON_GetObjectItemCaseSensitive(meta, "universe")
                                                 : NULL;
    if (!cJSON_IsObject(meta)) {
        snprintf(err, errn, "metaAndAssetCtxs[0]: not an object");
        return -1;
    }
    if (!cJSON_IsArray(universe)) {
        json_field_error(err, errn, "metaAndAssetCtxs[0]", "universe", meta,
                         universe ? JSON_BAD_TYPE : JSON_MISSING);
        return -1;
    }
    if (!cJSON_IsArray(ctxs)) {
        snprintf(err, errn, "metaAndAssetCtxs[1]: not an array");
        return -1;
    }
    int n = cJSON_GetArraySize(universe);
    if (n == 0) {
        snprintf(err, errn, "metaAndAssetCtxs[0].universe: empty list");
        return -1;
    }
    if (cJSON_GetArraySize(ctxs) != n) {
        snprintf(err, errn, "metaAndAssetCtxs: %d assets in universe but %d contexts", n,
                 cJSON_GetArraySize(ctxs));
        return -1;
    }
    /* Walk both lists side by side (cJSON arrays are linked lists). */
    const cJSON *u = universe->child, *c = ctxs->child;
    for (int i = 0; u && c; i++, u = u->next, c = c->next) {
        char where[48];
        snprintf(where, sizeof where, "metaAndAssetCtxs[0].universe[%d]", i);
        if (!cJSON_IsObject(u)) {
            snprintf(err, errn, "%s: not an object", where);
            return -1;
        }
        const char *name = vu_fstr(u, "name", where, err, errn);
        if (!name)
            return -1;
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "isDelisted")))
            continue;
        /* HIP-3 "dex:COIN" and non-canonical names fail text_is_symbol */
        if (!text_is_symbol(name) || !parse_ctx_tracked(ctx, name))
            continue;
        snprintf(where, sizeof where, "metaAndAssetCtxs[1][%d]", i);
        if (!cJSON_IsObject(c)) {
            snprintf(err, errn, "%s: not an object", where);
            return -1;
        }
        double mark, oracle, oi, funding, mid, prev, vol;
        if (vu_fnum(c, "markPx", where, VU_REQUIRED, 0, 1, &mark, err, errn) < 0 ||
            vu_fnum(c, "oraclePx", where, VU_REQUIRED, 0, 1, &oracle, err, errn) < 0 ||
            vu_fnum(c, "openInterest", where, VU_REQUIRED, 0, 0, &oi, err, errn) < 0 ||
            vu_fnum(c, "funding", where, VU_REQUIRED, -INFINITY, 1, &funding, err, errn) < 0 ||
            vu_fnum(c, "midPx", where, VU_OPTIONAL, 0, 1, &mid, err, errn) < 0 ||
            vu_fnum(c, "prevDayPx", where, VU_OPTIONAL, 0, 0, &prev, err, errn) < 0 ||
            vu_fnum(c, "dayNtlVlm", where, VU_OPTIONAL, 0, 0, &vol, err, errn) < 0)
            return -1;
        if (prev == 0)
            prev = NAN; /* "0.0": no price a day ago (new listing), not a price */
        struct rec_ticker *t = recs_add_ticker(out, name);
        if (!t)
            return vu_oom(err, errn, "metaAndAssetCtxs");
        /* No last-trade price in this call: the mid is the nearest thing
         * (NAN when the book is one-sided). */
        t->price = mid;
        t->mark = mark;
        t->index = oracle; /* the oracle is Hyperliquid's spot index */
        t->oi_base = oi;
        t->oi_usd = oi * mark;
        t->funding = funding; /* per hour */
        t->funding_interval_h = 1;
        t->open_24h = prev;
        t->change_24h = mark / prev - 1.0; /* NAN when prevDayPx absent */
        t->volume_24h_usd = vol;
    }
    return 0;
}

/* ---- candleSnapshot -------------------------------------------------------- */

static int interval_seconds(const char *s)
{
    static const struct {
        const char *name;
        int secs;
    } tab[] = {{"1m", 60},       {"3m", 180},      {"5m", 300},       {"15m", 900},
               {"30m", 1800},    {"1h", 3600},     {"2h", 7200},      {"4h", 14400},
               {"8h", 28800},    {"12h", 43200},   {"1d", 86400},     {"3d", 259200},
               {"1w", 604800},   {"1M", 2592000}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0)
            return tab[i].secs;
    return 0;
}

static int parse_candles(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                         char *err, size_t errn)
{
    if (!cJSON_IsArray(root)) {
        error_body(root, "candleSnapshot", err, errn);
        return -1;
    }
    const char *want = ctx ? ctx->sym : NULL;
    if (want && !text_is_symbol(want))
        want = NULL;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        char where[40];
        snprintf(where, sizeof where, "candleSnapshot[%zu]", i++);
        if (!cJSON_IsObject(it)) {
            snprintf(err, errn, "%s: not an object", where);
            return -1;
        }
        const char *coin = json_get_string(it, "s");
        if (coin && want && strcmp(coin, want) != 0) {
            char c[SYM_MAX];
            text_sanitize(c, sizeof c, coin, strlen(coin));
            snprintf(err, errn, "%s.s: coin '%s' is not the requested %s", where, c, want);
            return -1;
        }
        const char *sym = want ? want : coin;
        if (!sym || !text_is_symbol(sym)) {
            snprintf(err, errn, "%s.s: no usable coin name in body or request", where);
            return -1;
        }
        const cJSON *iv = cJSON_GetObjectItemCaseSensitive(it, "i");
        int interval_s = cJSON_IsString(iv) ? interval_seconds(iv->valuestring) : 0;
        if (!interval_s) {
            if (cJSON_IsString(iv)) {
                char s[16];
                text_sanitize(s, sizeof s, iv->valuestring, strlen(iv->valuestring));
                snprintf(err, errn, "%s.i: unknown interval ('%s')", where, s);
            } else {
                json_field_error(err, errn, where, "i", it, iv ? JSON_BAD_TYPE : JSON_MISSING);
            }
            return -1;
        }
        int64_t t_ms;
        if (vu_fint64(it, "t", where, &t_ms, err, errn) < 0)
            return -1;
        if (t_ms <= 0) {
            snprintf(err, errn, "%s.t: out of range (%" PRId64 ")", where, t_ms);
            return -1;
        }
        double o, h, l, c, v;
        if (vu_fnum(it, "o", where, VU_REQUIRED, 0, 1, &o, err, errn) < 0 ||
            vu_fnum(it, "h", where, VU_REQUIRED, 0, 1, &h, err, errn) < 0 ||
            vu_fnum(it, "l", where, VU_REQUIRED, 0, 1, &l, err, errn) < 0 ||
            vu_fnum(it, "c", where, VU_REQUIRED, 0, 1, &c, err, errn) < 0 ||
            vu_fnum(it, "v", where, VU_OPTIONAL, 0, 0, &v, err, errn) < 0)
            return -1;
        if (h < l || h < o || h < c || l > o || l > c) {
            snprintf(err, errn, "%s.h: high/low do not bracket open/close (o %g h %g l %g c %g)",
                     where, o, h, l, c);
            return -1;
        }
        if (!parse_ctx_tracked(ctx, sym))
            continue;
        struct rec_candle *k = recs_add_candle(out, sym);
        if (!k)
            return vu_oom(err, errn, "candleSnapshot");
        k->t_ms = t_ms;
        k->interval_s = interval_s;
        k->open = o;
        k->high = h;
        k->low = l;
        k->close = c;
        k->volume = v; /* base units */
    }
    return 0;
}

static const struct vu_parser hl_parsers[] = {
    {"metaAndAssetCtxs", parse_meta},
    {"candleSnapshot", parse_candles},
};

static int hl_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                    struct recs *out, char *err, size_t errn)
{
    if (!kind || !out) {
        snprintf(err, errn, "hyperliquid: no kind");
        return -1;
    }
    vu_parse_fn fn = vu_parser_find(hl_parsers, sizeof hl_parsers / sizeof hl_parsers[0], kind);
    if (!fn) {
        char k[32];
        text_sanitize(k, sizeof k, kind, strlen(kind));
        snprintf(err, errn, "hyperliquid: unknown kind '%s'", k);
        return -1;
    }
    char perr[64] = "";
    cJSON *root = json_parse(body, len, perr, sizeof perr);
    if (!root) {
        /* Plain-text error answers are common here: quote their start. */
        char excerpt[80] = "";
        if (body && len)
            text_sanitize(excerpt, sizeof excerpt, body, len < 79 ? len : 79);
        if (excerpt[0] && excerpt[0] != '{' && excerpt[0] != '[')
            snprintf(err, errn, "%s: %s ('%s')", kind, perr, excerpt);
        else
            snprintf(err, errn, "%s: %s", kind, perr);
        return -1;
    }
    int rc = vu_parse_root(fn, NULL, root, kind, ctx, out, err, errn);
    cJSON_Delete(root);
    return rc;
}

const struct venue_adapter hyperliquid_adapter = {
    .source = SRC_HYPERLIQUID,
    .default_base = "https://api.hyperliquid.xyz",
    .endpoints = hl_endpoints,
    .n_endpoints = sizeof hl_endpoints / sizeof hl_endpoints[0],
    .weight_per_min = 600,
    .parse = hl_parse,
    .rate_limited = NULL, /* Hyperliquid signals its limit by HTTP 429 alone */
};
