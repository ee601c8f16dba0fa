/* coingecko: CoinGecko global market figures (public REST, keyless).
 *
 * Docs: https://docs.coingecko.com/reference/crypto-global (response fields,
 * "cache / update frequency: every 10 minutes") and
 * https://docs.coingecko.com/docs/errors-and-rate-limits (status codes; the
 * keyless limit is per IP, shared with everyone on it, figure unpublished).
 *
 * Request: GET /api/v3/global (kind "global").
 * Response: {"data":{..., "total_market_cap":{"usd":num,...},
 * "market_cap_percentage":{"btc":num,...},
 * "market_cap_change_percentage_24h_usd":num, "updated_at":num}}.
 * Numbers are JSON numbers, some in exponent notation (2.42712434772337e+15);
 * percentages are PERCENT (converted to fractions); updated_at is in SECONDS.
 *
 * Field policy: required data (object), data.total_market_cap.usd (> 0) and
 * data.updated_at (seconds); optional-but-strict
 * market_cap_change_percentage_24h_usd and market_cap_percentage.btc
 * (0..100): missing or null give NAN, present but malformed fails the body
 * with "global.data.field: problem". Error bodies fail with their message:
 * {"status":{"error_code":429,"error_message":"..."}},
 * {"error":{"status":{...}}} and {"error":"..."}.
 *
 * Pure: no I/O, no clock, no globals. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int build_global(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    memset(req, 0, sizeof *req);
    text_copy(req->kind, sizeof req->kind, "global");
    text_copy(req->path, sizeof req->path, "/api/v3/global");
    return 0;
}

/* The figure refreshes every 10 minutes and the keyless limit is strict,
 * unpublished and shared per IP (older third-party notes say 5-15 or 10-50
 * calls/min): poll every 5 minutes (so a value is at most 5 min older than
 * CoinGecko's) and keep a budget of 2 calls/min, under half the lowest figure
 * seen, which still leaves room for a retry. */
static const struct endpoint cg_endpoints[] = {
    {"global", 0, 300, 1, build_global, 0},
};

/* The message of a CoinGecko error body, or NULL if root is not one.
 * *code gets error_code when there is one (else 0). */
static const char *error_message(const cJSON *root, int *code)
{
    *code = 0;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "status");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (cJSON_IsObject(e))
        st = cJSON_GetObjectItemCaseSensitive(e, "status");
    if (cJSON_IsObject(st)) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(st, "error_code");
        if (cJSON_IsNumber(c) && c->valuedouble >= 0 && c->valuedouble < 1e6)
            *code = (int)c->valuedouble;
        const char *m = json_get_string(st, "error_message");
        return m ? m : "(no message)";
    }
    if (cJSON_IsString(e))
        return e->valuestring;
    return NULL;
}

static int parse_global(const cJSON *root, struct recs *out, char *err, size_t errn)
{
    if (!cJSON_IsObject(root)) {
        snprintf(err, errn, "global: expected an object");
        return -1;
    }
    int code;
    const char *emsg = error_message(root, &code);
    if (emsg) {
        char m[120];
        text_sanitize(m, sizeof m, emsg, strlen(emsg));
        if (code)
            snprintf(err, errn, "global: coingecko error %d: %s", code, m);
        else
            snprintf(err, errn, "global: coingecko error: %s", m);
        return -1;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!cJSON_IsObject(data)) {
        json_field_error(err, errn, "global", "data", root, data ? JSON_BAD_TYPE : JSON_MISSING);
        return -1;
    }
    const cJSON *mcap = cJSON_GetObjectItemCaseSensitive(data, "total_market_cap");
    if (!cJSON_IsObject(mcap)) {
        json_field_error(err, errn, "global.data", "total_market_cap", data,
                         mcap ? JSON_BAD_TYPE : JSON_MISSING);
        return -1;
    }
    double usd, chg, btc, upd;
    int st = json_get_number(mcap, "usd", &usd);
    if (st != JSON_OK) {
        json_field_error(err, errn, "global.data.total_market_cap", "usd", mcap, st);
        return -1;
    }
    if (!(usd > 0)) {
        snprintf(err, errn, "global.data.total_market_cap.usd: out of range (%g)", usd);
        return -1;
    }
    st = json_get_number(data, "updated_at", &upd);
    if (st != JSON_OK) {
        json_field_error(err, errn, "global.data", "updated_at", data, st);
        return -1;
    }
    if (!(upd > 0 && upd < 1e11)) { /* seconds; 1e11 and more is ms or garbage */
        snprintf(err, errn, "global.data.updated_at: not a time in seconds (%g)", upd);
        return -1;
    }
    st = json_get_number_opt(data, "market_cap_change_percentage_24h_usd", &chg);
    if (st != JSON_OK) {
        json_field_error(err, errn, "global.data", "market_cap_change_percentage_24h_usd", data,
                         st);
        return -1;
    }
    if (!isnan(chg) && chg < -100) {
        snprintf(err, errn, "global.data.market_cap_change_percentage_24h_usd: out of range (%g)",
                 chg);
        return -1;
    }
    btc = NAN;
    const cJSON *pct = cJSON_GetObjectItemCaseSensitive(data, "market_cap_percentage");
    if (pct && !cJSON_IsNull(pct)) {
        if (!cJSON_IsObject(pct)) {
            json_field_error(err, errn, "global.data", "market_cap_percentage", data,
                             JSON_BAD_TYPE);
            return -1;
        }
        st = json_get_number_opt(pct, "btc", &btc);
        if (st != JSON_OK) {
            json_field_error(err, errn, "global.data.market_cap_percentage", "btc", pct, st);
            return -1;
        }
        if (!isnan(btc) && !(btc >= 0 && btc <= 100)) {
            snprintf(err, errn, "global.data.market_cap_percentage.btc: out of range (%g)", btc);
            return -1;
        }
    }
    out->has_market_cap = 1;
    out->market_cap.t_ms = (int64_t)llround(upd * 1000.0);
    out->market_cap.usd = usd;
    out->market_cap.change_24h = chg / 100.0;    /* percent -> fraction, NAN stays NAN */
    out->market_cap.btc_dominance = btc / 100.0; /* percent -> fraction */
    return 0;
}

static int cg_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                    struct recs *out, char *err, size_t errn)
{
    (void)ctx; /* market-wide: no symbols */
    if (!kind || !out || strcmp(kind, "global") != 0) {
        char k[32] = "";
        if (kind)
            text_sanitize(k, sizeof k, kind, strlen(kind));
        snprintf(err, errn, "coingecko: unknown kind '%s'", k);
        return -1;
    }
    char perr[64] = "";
    cJSON *root = json_parse(body, len, perr, sizeof perr);
    if (!root) {
        snprintf(err, errn, "global: %s", perr);
        return -1;
    }
    int rc = parse_global(root, out, err, errn);
    cJSON_Delete(root);
    return rc;
}

/* 429 comes with {"status":{"error_code":429,...}} on CoinGecko's own limit. */
static int cg_rate_limited(const char *body, size_t len)
{
    cJSON *root = json_parse(body, len, NULL, 0);
    if (!root)
        return 0;
    int code = 0;
    if (cJSON_IsObject(root))
        (void)error_message(root, &code);
    cJSON_Delete(root);
    return code == 429;
}

const struct venue_adapter coingecko_adapter = {
    .source = SRC_COINGECKO,
    .default_base = "https://api.coingecko.com",
    .endpoints = cg_endpoints,
    .n_endpoints = sizeof cg_endpoints / sizeof cg_endpoints[0],
    .weight_per_min = 2,
    .parse = cg_parse,
    .rate_limited = cg_rate_limited,
};
