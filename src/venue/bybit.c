/* bybit: Bybit v5 REST adapter, linear (USDT) perpetuals (https://api.bybit.com).
 *
 * Symbols: canonical "BTC" <-> "BTCUSDT". USDC perpetuals ("BTCPERP"),
 * dated futures ("BTC-26DEC25") and anything else in category=linear are
 * other markets and are skipped.
 *
 * Envelope: {"retCode":0,"retMsg":"OK","result":{...},"retExtInfo":{},
 * "time":ms}. retCode != 0 is an error naming code and retMsg; 10006 ("Too
 * many visits!") is the API rate limit and rate_limited() reports it. A
 * breach of the per-IP limit (600 requests per 5 s) is answered with HTTP
 * 403 "access too frequent" instead, and Bybit asks for a pause of at least
 * 10 minutes: that is the fetch layer's to handle (status 403 from Bybit =
 * rate limited, back off >= 10 min), the body may not even be JSON.
 *
 * Error policy (all parsers): rows for untracked symbols or other markets
 * are skipped before their fields are read. In a row we keep, a required
 * field that is missing, "", not a number or out of range fails the whole
 * body: -1, err names endpoint, list index and field ("tickers[2].markPrice:
 * not a number ('abc')"), and nothing from that body is kept. Bybit sends ""
 * for not-applicable numbers, so optional fields that are "" or absent are
 * NAN, not errors; present but malformed they are errors. An empty list is a
 * valid body with no records.
 *
 * Units: every market number is a string, timestamps included (ms). Linear
 * OI is in base units; openInterestValue and turnover24h in USD (USDT);
 * price24hPcnt and fundingRate are fractions. Since 2026-06-11 openInterest
 * counts both sides; singleOpenInterest(Value) is the one-sided figure the
 * other venues report, used when present. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BY_QUOTE "USDT"
#define BY_RATE_LIMITED 10006

/* ---- requests ------------------------------------------------------------ */

static int b_tickers(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "tickers", NULL, NULL, "/v5/market/tickers?category=linear", NULL);
}

static int b_kline_full(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* 500 hours (~3 weeks) of 1h candles, for support levels */
    return vu_request(req, "kline", sym, BY_QUOTE, "/v5/market/kline?category=linear&symbol=",
                      "&interval=60&limit=500");
}

static int b_kline_recent(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    return vu_request(req, "kline", sym, BY_QUOTE, "/v5/market/kline?category=linear&symbol=",
                      "&interval=60&limit=3");
}

static int b_ratio(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    return vu_request(req, "account-ratio", sym, BY_QUOTE,
                      "/v5/market/account-ratio?category=linear&symbol=", "&period=5min&limit=1");
}

/* Polling plan at the default configuration (5 symbols, --interval 5 s),
 * in requests per minute against Bybit's 600 per 5 s per IP (7200/min):
 *   tickers (all symbols, price+mark+OI+funding)  every 5 s    12
 *   kline limit=3 per symbol                      every 60 s    5
 *   kline limit=500 per symbol                    start, daily ~0
 *   account-ratio per symbol (5 min buckets)      every 5 min   1
 *   total                                                     ~18
 * Far below the limit; weight_per_min keeps half of it (3600) as our
 * ceiling. "kline" appears twice (history and recent): the scheduler must
 * key endpoints by table entry, not kind. */
static const struct endpoint by_endpoints[] = {
    {"tickers", 0, 0, 1, b_tickers, 0},
    {"kline", 1, 86400, 1, b_kline_full, 0},
    {"kline", 1, 60, 1, b_kline_recent, 0},
    {"account-ratio", 1, 300, 1, b_ratio, 0},
};

/* ---- parsers ------------------------------------------------------------- */

static int oom(char *err, size_t errn, const char *kind)
{
    if (errn)
        snprintf(err, errn, "%s: out of memory", kind);
    return -1;
}

/* result.list of an OK envelope, or NULL with err set. */
static const cJSON *result_list(const cJSON *root, const char *kind, const cJSON **result,
                                char *err, size_t errn)
{
    struct vu_at at = {kind, -1, NULL, -1};
    if (!cJSON_IsObject(root)) {
        vu_error(err, errn, at, "expected an object");
        return NULL;
    }
    int64_t code;
    int st = json_get_int64(root, "retCode", &code);
    if (st != JSON_OK) {
        json_field_error(err, errn, kind, "retCode", root, st);
        return NULL;
    }
    if (code != 0) {
        char msg[128];
        vu_msg(msg, sizeof msg, json_get_string(root, "retMsg"));
        vu_error(err, errn, at, "bybit error %lld%s: %s", (long long)code,
                 code == BY_RATE_LIMITED ? " (rate limited)" : "", msg);
        return NULL;
    }
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "result");
    if (!cJSON_IsObject(res)) {
        vu_error(err, errn, at, "result: %s", res ? "not an object" : "missing");
        return NULL;
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(res, "list");
    if (!cJSON_IsArray(list)) {
        vu_error(err, errn, at, "result.list: %s", list ? "not an array" : "missing");
        return NULL;
    }
    if (result)
        *result = res;
    return list;
}

/* /v5/market/tickers?category=linear: everything per symbol in one call. */
static int p_tickers(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                     size_t errn)
{
    const char *kind = "tickers";
    const cJSON *list = result_list(root, kind, NULL, err, errn);
    if (!list)
        return -1;
    int64_t t = 0;
    if (vu_time(root, "time", (struct vu_at){kind, -1, NULL, -1}, VU_OPTIONAL, &t, err, errn))
        return -1;
    long i = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, list) {
        struct vu_at at = {kind, i++, NULL, -1};
        char sym[SYM_MAX];
        int keep = vu_row_sym(row, "symbol", at, BY_QUOTE, ctx, sym, err, errn);
        if (keep <= 0) {
            if (keep < 0)
                return -1;
            continue;
        }
        double last, mark, index, funding, fih, pcnt, prev, turnover, oi1, oiv1, oi2, oiv2;
        if (vu_num(row, "lastPrice", at, VU_REQUIRED, VU_POS, &last, err, errn) ||
            vu_num(row, "markPrice", at, VU_REQUIRED, VU_POS, &mark, err, errn) ||
            vu_num(row, "indexPrice", at, VU_OPTIONAL, VU_POS, &index, err, errn) ||
            vu_num(row, "fundingRate", at, VU_OPTIONAL, VU_FRACTION, &funding, err, errn) ||
            vu_num(row, "fundingIntervalHour", at, VU_OPTIONAL, VU_POS, &fih, err, errn) ||
            vu_num(row, "price24hPcnt", at, VU_OPTIONAL, VU_CHANGE, &pcnt, err, errn) ||
            vu_num(row, "prevPrice24h", at, VU_OPTIONAL, VU_POS, &prev, err, errn) ||
            vu_num(row, "turnover24h", at, VU_OPTIONAL, VU_NONNEG, &turnover, err, errn) ||
            vu_num(row, "singleOpenInterest", at, VU_OPTIONAL, VU_NONNEG, &oi1, err, errn) ||
            vu_num(row, "singleOpenInterestValue", at, VU_OPTIONAL, VU_NONNEG, &oiv1, err, errn) ||
            vu_num(row, "openInterest", at, VU_OPTIONAL, VU_NONNEG, &oi2, err, errn) ||
            vu_num(row, "openInterestValue", at, VU_OPTIONAL, VU_NONNEG, &oiv2, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, sym);
        if (!tk)
            return oom(err, errn, kind);
        tk->t_ms = t;
        tk->price = last;
        tk->mark = mark;
        tk->index = index;
        tk->funding = funding;
        tk->funding_interval_h = fih;
        tk->change_24h = pcnt;
        tk->open_24h = prev;
        tk->volume_24h_usd = turnover;
        /* one side: the single-side fields when sent, else the legacy fields
         * (one-sided before 2026-06-11) */
        tk->oi_base = !isnan(oi1) ? oi1 : oi2;
        tk->oi_usd = !isnan(oiv1) ? oiv1 : oiv2;
    }
    return 0;
}

/* /v5/market/kline: result.list = [[start, o, h, l, c, volume(base), turnover], ...],
 * newest first, all strings. result.symbol names the market; the request's
 * symbol (ctx->sym) is used when it does not. */
static int p_kline(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                   size_t errn)
{
    const char *kind = "kline";
    const cJSON *res = NULL;
    const cJSON *list = result_list(root, kind, &res, err, errn);
    if (!list)
        return -1;
    struct vu_at top = {kind, -1, NULL, -1};
    char sym[SYM_MAX];
    const char *vsym = vu_str(res, "symbol", (struct vu_at){"kline.result", -1, NULL, -1},
                              VU_OPTIONAL, err, errn);
    if (vsym) {
        if (vu_sym_strip(vsym, BY_QUOTE, sym) != 0) {
            char clean[40];
            vu_msg(clean, sizeof clean, vsym);
            vu_error(err, errn, top, "symbol '%s' is not a USDT perpetual", clean);
            return -1;
        }
        if (ctx && ctx->sym && strcmp(ctx->sym, sym) != 0) {
            vu_error(err, errn, top, "symbol %s does not match the request", sym);
            return -1;
        }
        if (!parse_ctx_tracked(ctx, sym))
            return 0;
    } else {
        int keep = vu_ctx_sym(ctx, kind, sym, err, errn);
        if (keep <= 0)
            return keep;
    }
    size_t first = out->n_candles;
    long i = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, list) {
        struct vu_at at = {kind, i++, NULL, -1};
        struct rec_candle c;
        memset(&c, 0, sizeof c);
        if (vu_cell_time(row, 0, at, &c.t_ms, err, errn) ||
            vu_cell(row, 1, at, VU_POS, &c.open, err, errn) ||
            vu_cell(row, 2, at, VU_POS, &c.high, err, errn) ||
            vu_cell(row, 3, at, VU_POS, &c.low, err, errn) ||
            vu_cell(row, 4, at, VU_POS, &c.close, err, errn) ||
            vu_cell(row, 5, at, VU_NONNEG, &c.volume, err, errn) ||
            vu_candle_check(&c, at, err, errn))
            return -1;
        struct rec_candle *rc = recs_add_candle(out, sym);
        if (!rc)
            return oom(err, errn, kind);
        rc->t_ms = c.t_ms;
        rc->interval_s = 3600; /* the builders ask for interval=60 (minutes) */
        rc->open = c.open;
        rc->high = c.high;
        rc->low = c.low;
        rc->close = c.close;
        rc->volume = c.volume;
    }
    vu_candles_reverse(out, first); /* oldest first, as the store prefers */
    return 0;
}

/* /v5/market/account-ratio: buyRatio / sellRatio = long / short accounts. A
 * RS_LS_RATIO point per row; the newest row also as the ticker's ls_ratio. */
static int p_ratio(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                   size_t errn)
{
    const char *kind = "account-ratio";
    const cJSON *list = result_list(root, kind, NULL, err, errn);
    if (!list)
        return -1;
    char last_sym[SYM_MAX] = "";
    int64_t last_t = 0;
    double last_v = NAN;
    long i = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, list) {
        struct vu_at at = {kind, i++, NULL, -1};
        char sym[SYM_MAX];
        int keep = vu_row_sym(row, "symbol", at, BY_QUOTE, ctx, sym, err, errn);
        if (keep <= 0) {
            if (keep < 0)
                return -1;
            continue;
        }
        double buy, sell;
        int64_t t;
        if (vu_num(row, "buyRatio", at, VU_REQUIRED, VU_NONNEG, &buy, err, errn) ||
            vu_num(row, "sellRatio", at, VU_REQUIRED, VU_POS, &sell, err, errn) ||
            vu_time(row, "timestamp", at, VU_REQUIRED, &t, err, errn))
            return -1;
        if (buy > 1 || sell > 1) {
            vu_error(err, errn, at, "buyRatio/sellRatio above 1 (%.10g/%.10g)", buy, sell);
            return -1;
        }
        if (last_sym[0] && strcmp(last_sym, sym) != 0) {
            vu_error(err, errn, at, "symbol %s differs from earlier rows (%s)", sym, last_sym);
            return -1;
        }
        struct rec_point *p = recs_add_point(out, sym);
        if (!p)
            return oom(err, errn, kind);
        p->t_ms = t;
        p->series = RS_LS_RATIO;
        p->value = buy / sell;
        if (t >= last_t) {
            text_copy(last_sym, sizeof last_sym, sym);
            last_t = t;
            last_v = p->value;
        }
    }
    if (last_sym[0]) {
        struct rec_ticker *tk = recs_add_ticker(out, last_sym);
        if (!tk)
            return oom(err, errn, kind);
        tk->t_ms = last_t;
        tk->ls_ratio = last_v;
    }
    return 0;
}

typedef int (*parse_fn)(const cJSON *, const struct parse_ctx *, struct recs *, char *, size_t);

static const struct {
    const char *kind;
    parse_fn fn;
} by_parsers[] = {
    {"tickers", p_tickers},
    {"kline", p_kline},
    {"account-ratio", p_ratio},
};

static int by_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                    struct recs *out, char *err, size_t errn)
{
    char lerr[2];
    if (!err || !errn) {
        err = lerr;
        errn = sizeof lerr;
    }
    err[0] = '\0';
    parse_fn fn = NULL;
    for (size_t i = 0; kind && i < sizeof by_parsers / sizeof by_parsers[0]; i++)
        if (strcmp(by_parsers[i].kind, kind) == 0)
            fn = by_parsers[i].fn;
    if (!fn || !out) {
        char k[40];
        vu_msg(k, sizeof k, kind);
        snprintf(err, errn, "bybit: unknown kind '%s'", k);
        return -1;
    }
    char perr[96];
    cJSON *root = json_parse(body, len, perr, sizeof perr);
    if (!root) {
        snprintf(err, errn, "%s: %s", kind, perr);
        return -1;
    }
    struct vu_mark m;
    vu_mark_take(out, &m);
    int rc = fn(root, ctx, out, err, errn);
    if (rc != 0)
        vu_mark_rollback(out, &m);
    cJSON_Delete(root);
    return rc;
}

/* retCode 10006 in a (small) envelope. The IP-limit answer is HTTP 403,
 * which only the fetch layer sees (see the top of this file). */
static int by_rate_limited(const char *body, size_t len)
{
    if (!body || len == 0 || len > 4096)
        return 0;
    cJSON *root = json_parse(body, len, NULL, 0);
    int64_t code = 0;
    int limited = root && cJSON_IsObject(root) &&
                  json_get_int64(root, "retCode", &code) == JSON_OK && code == BY_RATE_LIMITED;
    cJSON_Delete(root);
    return limited;
}

const struct venue_adapter bybit_adapter = {
    .source = SRC_BYBIT,
    .default_base = "https://api.bybit.com",
    .endpoints = by_endpoints,
    .n_endpoints = sizeof by_endpoints / sizeof by_endpoints[0],
    .weight_per_min = 3600, /* half of 600 requests / 5 s per IP */
    .parse = by_parse,
    .rate_limited = by_rate_limited,
};
