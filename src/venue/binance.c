/* binance: Binance USD-M futures REST adapter (https://fapi.binance.com).
 *
 * Symbols: canonical "BTC" <-> "BTCUSDT". Only USDT-margined perpetuals
 * map; dated contracts ("BTCUSDT_260327"), BUSD/USDC pairs and anything
 * else are skipped silently (they are other markets, not errors).
 *
 * Error policy (all parsers): a row for an untracked symbol or another
 * market is skipped before its fields are read. In a row we keep, a
 * required field that is missing, null, "", not a number or out of range
 * fails the whole body: the parser returns -1, err names endpoint, row and
 * field ("premiumIndex[2].markPrice: not a number ('abc')"), and nothing
 * from that body is kept (no half-applied snapshot, never a silent zero).
 * Optional fields that are absent or "" become NAN; present but malformed
 * they are errors too. An empty list is a valid body with no records. An
 * error body {"code":-1121,"msg":"Invalid symbol."} is an error naming code
 * and msg, whatever the endpoint.
 *
 * Units: prices USD (USDT), openInterest and sumOpenInterest are base-asset
 * units for USD-M, sumOpenInterestValue and quoteVolume USD, funding a
 * fraction per interval, all times ms. `/futures/data/...` timestamps are
 * documented as strings but real responses send numbers: both are accepted.
 *
 * Limits (general-info): REQUEST_WEIGHT 2400 per minute per IP; 429 on a
 * breach and, if we keep going, 418 with an IP ban from 2 minutes up to 3
 * days. Both come with code -1003 in the body, which rate_limited() reports;
 * the fetch layer must stop the venue on 429 (honour Retry-After) rather
 * than retry, or the ban escalates. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BN_QUOTE "USDT"

/* ---- requests ------------------------------------------------------------ */

static int b_premium(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "premiumIndex", NULL, NULL, "/fapi/v1/premiumIndex", NULL);
}

static int b_24hr(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "24hr", NULL, NULL, "/fapi/v1/ticker/24hr", NULL);
}

static int b_oi(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    return vu_request(req, "openInterest", sym, BN_QUOTE, "/fapi/v1/openInterest?symbol=", "");
}

static int b_oihist(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* 288 x 5 min = the last 24 h, to backfill the OI series at start-up */
    return vu_request(req, "openInterestHist", sym, BN_QUOTE,
                      "/futures/data/openInterestHist?symbol=", "&period=5m&limit=288");
}

static int b_klines_full(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* 500 hours (~3 weeks) of 1h candles for support levels; weight 5 */
    return vu_request(req, "klines", sym, BN_QUOTE, "/fapi/v1/klines?symbol=",
                      "&interval=1h&limit=500");
}

static int b_klines_recent(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* the current candle and the two before it (bridges a missed poll); weight 1 */
    return vu_request(req, "klines", sym, BN_QUOTE, "/fapi/v1/klines?symbol=",
                      "&interval=1h&limit=3");
}

static int b_depth(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* 1000 levels (weight 20): the most Binance gives, still not always 2 % of a BTC book */
    return vu_request(req, "depth", sym, BN_QUOTE, "/fapi/v1/depth?symbol=", "&limit=1000");
}

static int b_lsr(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    return vu_request(req, "globalLongShortAccountRatio", sym, BN_QUOTE,
                      "/futures/data/globalLongShortAccountRatio?symbol=", "&period=5m&limit=1");
}

/* Polling plan and its cost at the default configuration (5 symbols,
 * --interval 5, so period 0 = 12 polls a minute), in request weight per
 * minute against Binance's 2400:
 *   premiumIndex (all symbols, weight 10)  every 5 s   12 x 10     = 120
 *   ticker/24hr  (all symbols, weight 40)  every 60 s   1 x 40     =  40
 *   openInterest (per symbol, weight 1)    every 5 s   5 x 12 x 1  =  60
 *   depth limit=1000 (weight 20)           every 30 s  5 x 2 x 20  = 200
 *   klines limit=3 (weight 1)              every 60 s  5 x 1       =   5
 *   klines limit=500 (weight 5)            start, then daily       ~   0
 *   openInterestHist, globalLongShortAccountRatio: weight 0 in the docs
 *     but a separate 1000 requests / 5 min IP limit; counted as 1 each:
 *     hourly and every 5 min                                       ~   1
 *   total                                                          ~ 426
 * i.e. under a fifth of the limit; weight_per_min keeps half (1200) as our
 * ceiling so 15 or so symbols still fit. "klines" appears twice (history
 * and recent): the scheduler must key endpoints by table entry, not kind. */
static const struct endpoint bn_endpoints[] = {
    {"premiumIndex", 0, 0, 10, b_premium, 0},
    {"24hr", 0, 60, 40, b_24hr, 0},
    {"openInterest", 1, 0, 1, b_oi, 0},
    {"openInterestHist", 1, 3600, 1, b_oihist, 0},
    {"klines", 1, 86400, 5, b_klines_full, 0},
    {"klines", 1, 60, 1, b_klines_recent, 0},
    {"depth", 1, 30, 20, b_depth, 0},
    {"globalLongShortAccountRatio", 1, 300, 1, b_lsr, 0},
};

/* ---- parsers ------------------------------------------------------------- */

static int want_array(const cJSON *root, const char *kind, char *err, size_t errn)
{
    if (cJSON_IsArray(root))
        return 0;
    if (errn)
        snprintf(err, errn, "%s: expected an array", kind);
    return -1;
}

/* /fapi/v1/premiumIndex: mark, index, last funding rate, for all symbols. */
static int p_premium(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                     size_t errn)
{
    const char *kind = "premiumIndex";
    if (want_array(root, kind, err, errn))
        return -1;
    struct vu_rows it = vu_rows_begin(root, kind, "symbol", BN_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double mark, index, funding;
        int64_t t;
        if (vu_num(it.row, "markPrice", it.at, VU_REQUIRED, VU_POS, &mark, err, errn) ||
            vu_num(it.row, "indexPrice", it.at, VU_OPTIONAL, VU_POS, &index, err, errn) ||
            vu_num(it.row, "lastFundingRate", it.at, VU_OPTIONAL, VU_FRACTION, &funding, err,
                   errn) ||
            vu_time(it.row, "time", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->mark = mark;
        tk->index = index;
        tk->funding = funding;
        /* the funding interval is not in this body (8 h unless /fapi/v1/fundingInfo
         * says otherwise): left NAN rather than guessed */
    }
    return r;
}

/* /fapi/v1/ticker/24hr: last price, 24 h change and quote volume, all symbols. */
static int p_24hr(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                  size_t errn)
{
    const char *kind = "24hr";
    if (want_array(root, kind, err, errn))
        return -1;
    struct vu_rows it = vu_rows_begin(root, kind, "symbol", BN_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double last, pct, open, qvol;
        int64_t t;
        if (vu_num(it.row, "lastPrice", it.at, VU_REQUIRED, VU_POS, &last, err, errn) ||
            vu_num(it.row, "priceChangePercent", it.at, VU_OPTIONAL, VU_ANY, &pct, err, errn) ||
            vu_num(it.row, "openPrice", it.at, VU_OPTIONAL, VU_POS, &open, err, errn) ||
            vu_num(it.row, "quoteVolume", it.at, VU_OPTIONAL, VU_NONNEG, &qvol, err, errn) ||
            vu_time(it.row, "closeTime", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        if (pct < -100) { /* false for NAN */
            vu_error(err, errn, it.at, "priceChangePercent below -100 (%.10g)", pct);
            return -1;
        }
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->price = last;
        tk->change_24h = pct / 100.0; /* Binance sends percent: "-2.478" */
        tk->open_24h = open;
        tk->volume_24h_usd = qvol;
    }
    return r;
}

/* The canonical symbol a per-symbol body names; it must be a USDT perpetual
 * and, when the request's symbol is known, the same one. Returns 1 to keep,
 * 0 if untracked, -1 on error. */
static int body_sym(const cJSON *row, struct vu_at at, const struct parse_ctx *ctx,
                    char sym[SYM_MAX], char *err, size_t errn)
{
    const char *vsym = vu_str(row, "symbol", at, VU_REQUIRED, err, errn);
    if (!vsym)
        return -1;
    char clean[40];
    if (vu_sym_strip(vsym, BN_QUOTE, sym) != 0) {
        vu_msg(clean, sizeof clean, vsym);
        vu_error(err, errn, at, "symbol '%s' is not a USDT perpetual", clean);
        return -1;
    }
    if (ctx && ctx->sym && strcmp(ctx->sym, sym) != 0) {
        vu_msg(clean, sizeof clean, ctx->sym);
        vu_error(err, errn, at, "symbol %s does not match the request (%s)", sym, clean);
        return -1;
    }
    return parse_ctx_tracked(ctx, sym) ? 1 : 0;
}

/* /fapi/v1/openInterest: {"openInterest":"83782.317","symbol":"BTCUSDT","time":ms}. */
static int p_oi(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                size_t errn)
{
    const char *kind = "openInterest";
    struct vu_at at = {kind, -1, NULL, -1};
    if (!cJSON_IsObject(root)) {
        vu_error(err, errn, at, "expected an object");
        return -1;
    }
    char sym[SYM_MAX];
    int keep = body_sym(root, at, ctx, sym, err, errn);
    if (keep <= 0)
        return keep;
    double oi;
    int64_t t;
    if (vu_num(root, "openInterest", at, VU_REQUIRED, VU_NONNEG, &oi, err, errn) ||
        vu_time(root, "time", at, VU_OPTIONAL, &t, err, errn))
        return -1;
    struct rec_ticker *tk = recs_add_ticker(out, sym);
    if (!tk)
        return vu_oom(err, errn, kind);
    tk->t_ms = t;
    tk->oi_base = oi; /* USD-M: contracts are base units */
    return 0;
}

/* /futures/data/openInterestHist: one RS_OI_BASE and one RS_OI_USD point per row. */
static int p_oihist(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                    size_t errn)
{
    const char *kind = "openInterestHist";
    if (want_array(root, kind, err, errn))
        return -1;
    struct vu_rows it = vu_rows_begin(root, kind, "symbol", BN_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double base, usd;
        int64_t t;
        if (vu_num(it.row, "sumOpenInterest", it.at, VU_REQUIRED, VU_NONNEG, &base, err, errn) ||
            vu_num(it.row, "sumOpenInterestValue", it.at, VU_REQUIRED, VU_NONNEG, &usd, err,
                   errn) ||
            vu_time(it.row, "timestamp", it.at, VU_REQUIRED, &t, err, errn))
            return -1;
        struct rec_point *p = recs_add_point(out, it.sym);
        if (!p)
            return vu_oom(err, errn, kind);
        p->t_ms = t;
        p->series = RS_OI_BASE;
        p->value = base;
        if (!(p = recs_add_point(out, it.sym)))
            return vu_oom(err, errn, kind);
        p->t_ms = t;
        p->series = RS_OI_USD;
        p->value = usd;
    }
    return r;
}

/* /fapi/v1/klines: rows [openTime, o, h, l, c, volume(base), closeTime, ...];
 * the body does not name the symbol, so it comes from ctx->sym. */
static int p_klines(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                    size_t errn)
{
    const char *kind = "klines";
    if (want_array(root, kind, err, errn))
        return -1;
    char sym[SYM_MAX];
    int keep = vu_ctx_sym(ctx, kind, sym, err, errn);
    if (keep <= 0)
        return keep;
    /* volume (base units) in column 5; the builders ask for interval=1h */
    return vu_candle_rows(root, kind, sym, 5, 3600, out, err, errn);
}

/* Read one side of the book ([[px, qty], ...]) into a new array. */
static int read_side(const cJSON *root, const char *side, struct vu_level **lv, size_t *n,
                     char *err, size_t errn)
{
    *lv = NULL;
    *n = 0;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, side);
    if (!cJSON_IsArray(arr)) {
        if (errn)
            snprintf(err, errn, "depth.%s: %s", side, arr ? "not an array" : "missing");
        return -1;
    }
    int cnt = cJSON_GetArraySize(arr);
    if (cnt <= 0)
        return 0;
    *lv = malloc(sizeof **lv * (size_t)cnt);
    if (!*lv)
        return vu_oom(err, errn, "depth");
    long j = 0;
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, arr) {
        struct vu_at at = {"depth", -1, side, j};
        struct vu_level *l = &(*lv)[j++];
        if (vu_cell(lvl, 0, at, VU_POS, &l->px, err, errn) ||
            vu_cell(lvl, 1, at, VU_NONNEG, &l->qty, err, errn)) {
            free(*lv);
            *lv = NULL;
            return -1;
        }
    }
    *n = (size_t)j;
    return 0;
}

/* /fapi/v1/depth: {"lastUpdateId", "E", "T", "bids": [[px, qty]...], "asks": [...]},
 * summarised to USD notional within 1 % and 2 % of mid. Symbol from ctx. */
static int p_depth(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                   size_t errn)
{
    const char *kind = "depth";
    struct vu_at at = {kind, -1, NULL, -1};
    if (!cJSON_IsObject(root)) {
        vu_error(err, errn, at, "expected an object");
        return -1;
    }
    char sym[SYM_MAX];
    int keep = vu_ctx_sym(ctx, kind, sym, err, errn);
    if (keep <= 0)
        return keep;
    int64_t t_tx, t_ev;
    if (vu_time(root, "T", at, VU_OPTIONAL, &t_tx, err, errn) ||
        vu_time(root, "E", at, VU_OPTIONAL, &t_ev, err, errn))
        return -1;
    struct vu_level *bids = NULL, *asks = NULL;
    size_t nb = 0, na = 0;
    if (read_side(root, "bids", &bids, &nb, err, errn) ||
        read_side(root, "asks", &asks, &na, err, errn)) {
        free(bids);
        return -1;
    }
    struct rec_depth d;
    char why[160];
    int rc = vu_depth_summarise(bids, nb, asks, na, &d, why, sizeof why);
    free(bids);
    free(asks);
    if (rc != 0) {
        vu_error(err, errn, at, "%s", why);
        return -1;
    }
    struct rec_depth *rd = recs_add_depth(out, sym);
    if (!rd)
        return vu_oom(err, errn, kind);
    rd->t_ms = t_tx ? t_tx : t_ev;
    rd->mid = d.mid;
    rd->bid_1pct = d.bid_1pct;
    rd->ask_1pct = d.ask_1pct;
    rd->bid_2pct = d.bid_2pct;
    rd->ask_2pct = d.ask_2pct;
    rd->coverage_pct = d.coverage_pct;
    return 0;
}

/* /futures/data/globalLongShortAccountRatio: a RS_LS_RATIO point per row and
 * the newest row's ratio as the ticker's ls_ratio (longs / shorts by account). */
static int p_lsr(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                 size_t errn)
{
    const char *kind = "globalLongShortAccountRatio";
    if (want_array(root, kind, err, errn))
        return -1;
    struct vu_newest newest = VU_NEWEST_INIT;
    struct vu_rows it = vu_rows_begin(root, kind, "symbol", BN_QUOTE, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double ratio;
        int64_t t;
        if (vu_num(it.row, "longShortRatio", it.at, VU_REQUIRED, VU_NONNEG, &ratio, err, errn) ||
            vu_time(it.row, "timestamp", it.at, VU_REQUIRED, &t, err, errn) ||
            vu_ls_point(&newest, out, it.sym, t, ratio, it.at, err, errn))
            return -1;
    }
    return r < 0 ? -1 : vu_ls_ticker(&newest, out, kind, err, errn);
}

/* {"code":-1121,"msg":"Invalid symbol."}: no success body of ours has "code". */
static int error_body(const cJSON *root, const char *kind, char *err, size_t errn)
{
    if (!cJSON_IsObject(root))
        return 0;
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");
    if (!code)
        return 0;
    int64_t c = 0;
    char msg[128];
    vu_msg(msg, sizeof msg, json_get_string(root, "msg"));
    if (json_int64(code, &c) == JSON_OK)
        snprintf(err, errn, "%s: binance error %lld: %s", kind, (long long)c, msg);
    else
        snprintf(err, errn, "%s: binance error (code not a number): %s", kind, msg);
    return 1;
}

static const struct vu_parser bn_parsers[] = {
    {"premiumIndex", p_premium},
    {"24hr", p_24hr},
    {"openInterest", p_oi},
    {"openInterestHist", p_oihist},
    {"klines", p_klines},
    {"depth", p_depth},
    {"globalLongShortAccountRatio", p_lsr},
};

static int bn_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                    struct recs *out, char *err, size_t errn)
{
    return vu_parse("binance", bn_parsers, sizeof bn_parsers / sizeof bn_parsers[0], error_body,
                    kind, body, len, ctx, out, err, errn);
}

/* 429 and 418 bodies carry code -1003 ("Too many requests; current limit
 * ...", "Way too many requests; IP banned until ..."). Error bodies are
 * small objects: a large body or an array is data, so skip the parse. */
static int bn_rate_limited(const char *body, size_t len)
{
    return vu_body_code_is(body, len, "code", -1003);
}

const struct venue_adapter binance_adapter = {
    .source = SRC_BINANCE,
    .default_base = "https://fapi.binance.com",
    .endpoints = bn_endpoints,
    .n_endpoints = sizeof bn_endpoints / sizeof bn_endpoints[0],
    .weight_per_min = 1200, /* half of REQUEST_WEIGHT 2400/min (see the plan above) */
    .parse = bn_parse,
    .rate_limited = bn_rate_limited,
};
