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

/* result.list of an OK envelope, or NULL with err set. */
static const cJSON *result_list(const cJSON *root, const char *kind, const cJSON **result,
                                char *err, size_t errn)
{
    struct vu_at at = {kind, -1, NULL, -1};
    if (vu_envelope(root, kind, "bybit", "retCode", "retMsg", BY_RATE_LIMITED, err, errn))
        return NULL;
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
    struct vu_rows it = vu_rows_begin(list, kind, "symbol", BY_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double last, mark, index, funding, fih, pcnt, prev, turnover, oi1, oiv1, oi2, oiv2;
        if (vu_num(it.row, "lastPrice", it.at, VU_REQUIRED, VU_POS, &last, err, errn) ||
            vu_num(it.row, "markPrice", it.at, VU_REQUIRED, VU_POS, &mark, err, errn) ||
            vu_num(it.row, "indexPrice", it.at, VU_OPTIONAL, VU_POS, &index, err, errn) ||
            vu_num(it.row, "fundingRate", it.at, VU_OPTIONAL, VU_FRACTION, &funding, err, errn) ||
            vu_num(it.row, "fundingIntervalHour", it.at, VU_OPTIONAL, VU_POS, &fih, err, errn) ||
            vu_num(it.row, "price24hPcnt", it.at, VU_OPTIONAL, VU_CHANGE, &pcnt, err, errn) ||
            vu_num(it.row, "prevPrice24h", it.at, VU_OPTIONAL, VU_POS, &prev, err, errn) ||
            vu_num(it.row, "turnover24h", it.at, VU_OPTIONAL, VU_NONNEG, &turnover, err, errn) ||
            vu_num(it.row, "singleOpenInterest", it.at, VU_OPTIONAL, VU_NONNEG, &oi1, err, errn) ||
            vu_num(it.row, "singleOpenInterestValue", it.at, VU_OPTIONAL, VU_NONNEG, &oiv1, err,
                   errn) ||
            vu_num(it.row, "openInterest", it.at, VU_OPTIONAL, VU_NONNEG, &oi2, err, errn) ||
            vu_num(it.row, "openInterestValue", it.at, VU_OPTIONAL, VU_NONNEG, &oiv2, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
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
    return r;
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
    /* volume (base units) in column 5; the builders ask for interval=60 (minutes) */
    if (vu_candle_rows(list, kind, sym, 5, 3600, out, err, errn))
        return -1;
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
    struct vu_newest newest = VU_NEWEST_INIT;
    struct vu_rows it = vu_rows_begin(list, kind, "symbol", BY_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double buy, sell;
        int64_t t;
        if (vu_num(it.row, "buyRatio", it.at, VU_REQUIRED, VU_NONNEG, &buy, err, errn) ||
            vu_num(it.row, "sellRatio", it.at, VU_REQUIRED, VU_POS, &sell, err, errn) ||
            vu_time(it.row, "timestamp", it.at, VU_REQUIRED, &t, err, errn))
            return -1;
        if (buy > 1 || sell > 1) {
            vu_error(err, errn, it.at, "buyRatio/sellRatio above 1 (%.10g/%.10g)", buy, sell);
            return -1;
        }
        if (vu_ls_point(&newest, out, it.sym, t, buy / sell, it.at, err, errn))
            return -1;
    }
    return r < 0 ? -1 : vu_ls_ticker(&newest, out, kind, err, errn);
}

static const struct vu_parser by_parsers[] = {
    {"tickers", p_tickers},
    {"kline", p_kline},
    {"account-ratio", p_ratio},
};

static int by_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                    struct recs *out, char *err, size_t errn)
{
    return vu_parse("bybit", by_parsers, sizeof by_parsers / sizeof by_parsers[0], NULL, kind,
                    body, len, ctx, out, err, errn);
}

/* retCode 10006 in a (small) envelope. The IP-limit answer is HTTP 403,
 * which only the fetch layer sees (see the top of this file). */
static int by_rate_limited(const char *body, size_t len)
{
    return vu_body_code_is(body, len, "retCode", BY_RATE_LIMITED);
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
