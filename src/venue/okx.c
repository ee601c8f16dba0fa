/* okx: OKX v5 REST adapter, USDT-margined perpetual swaps.
 *
 * Host: OKX's "Production Trading Services" page names
 * https://openapi.okx.com for REST since its update of about 2026-05-27
 * (the page as published in January 2026 still said https://www.okx.com,
 * which keeps answering). The default follows the current page;
 * `--endpoint okx=https://www.okx.com` restores the old host.
 *
 * Symbols: canonical "BTC" <-> instId "BTC-USDT-SWAP" (instFamily
 * "BTC-USDT"). Coin-margined ("BTC-USD-SWAP") and USDC swaps are other
 * markets and are skipped.
 *
 * Envelope: {"code":"0","msg":"","data":[...]}; code is a string ("0" is
 * success; a number is accepted too, OKX's own 404 page sends one). Any
 * other code is an error naming code and msg; 50011 is the rate limit and
 * rate_limited() reports it (the HTTP status that comes with it is
 * documented nowhere we could find: treat 429 the same).
 *
 * Error policy (all parsers): rows for untracked symbols or other markets
 * are skipped before their fields are read. In a row we keep, a required
 * field that is missing, "", not a number or out of range fails the whole
 * body: -1, err names endpoint, data index and field ("mark-price[1].markPx:
 * not a number ('abc')"), nothing from that body is kept. OKX sends "" for
 * n/a numbers: optional fields that are "" or absent are NAN. An empty data
 * list is a valid body with no records. Liquidation rows of a symbol whose
 * contract size is unknown are skipped (see p_liqs).
 *
 * Units: every number is a string, ts included (ms). Sizes in contracts
 * (sz, oi, vol24h) are converted to base units with ctVal (instruments);
 * oiCcy is already in coins, oiUsd in USD. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OKX_SWAP "-USDT-SWAP"
#define OKX_FAMILY "-USDT"
#define OKX_RATE_LIMITED 50011

/* ---- requests ------------------------------------------------------------ */

static int b_tickers(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "tickers", NULL, NULL, "/api/v5/market/tickers?instType=SWAP", NULL);
}

static int b_mark(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "mark-price", NULL, NULL, "/api/v5/public/mark-price?instType=SWAP",
                      NULL);
}

static int b_oi(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "open-interest", NULL, NULL,
                      "/api/v5/public/open-interest?instType=SWAP", NULL);
}

static int b_funding(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    /* instId=ANY returns every perpetual in one call */
    return vu_request(req, "funding-rate", NULL, NULL, "/api/v5/public/funding-rate?instId=ANY",
                      NULL);
}

static int b_candles_full(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* 300 hours, the most one call returns */
    return vu_request(req, "candles", sym, OKX_SWAP, "/api/v5/market/candles?instId=",
                      "&bar=1H&limit=300");
}

static int b_candles_recent(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    return vu_request(req, "candles", sym, OKX_SWAP, "/api/v5/market/candles?instId=",
                      "&bar=1H&limit=3");
}

static int b_instruments(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    return vu_request(req, "instruments", NULL, NULL, "/api/v5/public/instruments?instType=SWAP",
                      NULL);
}

static int b_liqs(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)now_ms;
    /* SWAP needs instFamily (or uly); the default state is "unfilled" (resting
     * orders), so ask for filled ones explicitly. One family per call: the
     * endpoint has no all-families form for SWAP. */
    return vu_request(req, "liquidation-orders", sym, OKX_FAMILY,
                      "/api/v5/public/liquidation-orders?instType=SWAP&instFamily=",
                      "&state=filled&limit=100");
}

/* OKX limits are per endpoint and IP, per 2 s: tickers 20, mark-price 10
 * (IP+instId), open-interest 20, funding-rate 10, candles 40, instruments
 * 20, liquidation-orders 40 (SDK docstring; the page is gone). Our plan at
 * the default configuration (5 symbols, --interval 5 s), per minute:
 *   tickers, mark-price, open-interest   every 5 s     12 each (limits 300-600/min)
 *   funding-rate (all perps)             every 60 s     1      (limit 300/min)
 *   candles limit=3 per symbol           every 60 s     5      (limit 1200/min)
 *   candles limit=300 per symbol         start, daily  ~0
 *   instruments (contract sizes)         start, hourly ~0      (limit 600/min)
 *   liquidation-orders per family        every 5 s     60      (limit 1200/min)
 *   total                                             ~102
 * No endpoint gets above 5 % of its own limit. weight_per_min (one budget
 * for the venue) is 300: half of the 20 requests / 2 s most of these
 * endpoints share, which also caps any single endpoint at or below the
 * strictest one (mark-price, funding-rate: 10 / 2 s = 300/min). "candles"
 * appears twice (history and recent): the scheduler must key endpoints by
 * table entry, not kind. */
static const struct endpoint okx_endpoints[] = {
    {"tickers", 0, 0, 1, b_tickers, 0},
    {"mark-price", 0, 0, 1, b_mark, 0},
    {"open-interest", 0, 0, 1, b_oi, 0},
    {"funding-rate", 0, 60, 1, b_funding, 0},
    {"candles", 1, 86400, 1, b_candles_full, 0},
    {"candles", 1, 60, 1, b_candles_recent, 0},
    {"instruments", 0, 3600, 1, b_instruments, 1},
    {"liquidation-orders", 1, 0, 1, b_liqs, 0},
};

/* ---- parsers ------------------------------------------------------------- */

/* data[] of an OK envelope, or NULL with err set. */
static const cJSON *envelope_data(const cJSON *root, const char *kind, char *err, size_t errn)
{
    struct vu_at at = {kind, -1, NULL, -1};
    if (vu_envelope(root, kind, "okx", "code", "msg", OKX_RATE_LIMITED, err, errn))
        return NULL;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!cJSON_IsArray(data)) {
        vu_error(err, errn, at, "data: %s", data ? "not an array" : "missing");
        return NULL;
    }
    return data;
}

/* /api/v5/market/tickers?instType=SWAP: last, open24h, volCcy24h. */
static int p_tickers(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                     size_t errn)
{
    const char *kind = "tickers";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double last, open, vol_base;
        int64_t t;
        if (vu_num(it.row, "last", it.at, VU_REQUIRED, VU_POS, &last, err, errn) ||
            vu_num(it.row, "open24h", it.at, VU_OPTIONAL, VU_POS, &open, err, errn) ||
            vu_num(it.row, "volCcy24h", it.at, VU_OPTIONAL, VU_NONNEG, &vol_base, err, errn) ||
            vu_time(it.row, "ts", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->price = last;
        tk->open_24h = open;
        tk->change_24h = last / open - 1; /* NAN when open24h is n/a */
        /* volCcy24h is base units for derivatives; valued it.at the last price it
         * approximates the USD turnover (exact would need per-trade prices) */
        tk->volume_24h_usd = vol_base * last;
    }
    return r;
}

/* /api/v5/public/mark-price?instType=SWAP: markPx. */
static int p_mark(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                  size_t errn)
{
    const char *kind = "mark-price";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double mark;
        int64_t t;
        if (vu_num(it.row, "markPx", it.at, VU_REQUIRED, VU_POS, &mark, err, errn) ||
            vu_time(it.row, "ts", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->mark = mark;
    }
    return r;
}

/* /api/v5/public/open-interest?instType=SWAP: oiCcy (coins) and oiUsd. oi
 * (contracts) is not read: oiCcy is the same in base units. */
static int p_oi(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                size_t errn)
{
    const char *kind = "open-interest";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double base, usd;
        int64_t t;
        if (vu_num(it.row, "oiCcy", it.at, VU_REQUIRED, VU_NONNEG, &base, err, errn) ||
            vu_num(it.row, "oiUsd", it.at, VU_REQUIRED, VU_NONNEG, &usd, err, errn) ||
            vu_time(it.row, "ts", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->oi_base = base;
        tk->oi_usd = usd;
    }
    return r;
}

/* /api/v5/public/funding-rate?instId=ANY: fundingRate (the rate for the
 * coming settlement) and the interval nextFundingTime - fundingTime. */
static int p_funding(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                     size_t errn)
{
    const char *kind = "funding-rate";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        double rate;
        int64_t t, cur, next;
        if (vu_num(it.row, "fundingRate", it.at, VU_REQUIRED, VU_FRACTION, &rate, err, errn) ||
            vu_time(it.row, "fundingTime", it.at, VU_REQUIRED, &cur, err, errn) ||
            vu_time(it.row, "nextFundingTime", it.at, VU_REQUIRED, &next, err, errn) ||
            vu_time(it.row, "ts", it.at, VU_OPTIONAL, &t, err, errn))
            return -1;
        int64_t gap = next - cur;
        if (gap <= 0 || gap > 24 * 3600000LL) {
            vu_error(err, errn, it.at, "nextFundingTime - fundingTime is not 0..24 h (%lld ms)",
                     (long long)gap);
            return -1;
        }
        struct rec_ticker *tk = recs_add_ticker(out, it.sym);
        if (!tk)
            return vu_oom(err, errn, kind);
        tk->t_ms = t;
        tk->funding = rate;
        tk->funding_interval_h = (double)gap / 3600000.0;
    }
    return r;
}

/* /api/v5/market/candles: data = [[ts, o, h, l, c, vol(contracts), volCcy(base),
 * volCcyQuote, confirm], ...], newest first; the symbol is ctx->sym. */
static int p_candles(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                     size_t errn)
{
    const char *kind = "candles";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    char sym[SYM_MAX];
    int keep = vu_ctx_sym(ctx, kind, sym, err, errn);
    if (keep <= 0)
        return keep;
    size_t first = out->n_candles;
    /* volume: volCcy (base units) in column 6, not vol (contracts) in 5; the
     * builders ask for bar=1H */
    if (vu_candle_rows(data, kind, sym, 6, 3600, out, err, errn))
        return -1;
    vu_candles_reverse(out, first);
    return 0;
}

/* /api/v5/public/instruments?instType=SWAP: ctVal (base units per contract)
 * of linear USDT swaps. An instrument announced but not yet listed has ""
 * in most fields: it is skipped, not an error. */
static int p_instruments(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                         char *err, size_t errn)
{
    const char *kind = "instruments";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        const char *ct_type = json_get_string(it.row, "ctType");
        if (ct_type && ct_type[0] && strcmp(ct_type, "linear") != 0) {
            char clean[24];
            vu_msg(clean, sizeof clean, ct_type);
            vu_error(err, errn, it.at, "ctType '%s' for a USDT swap (expected linear)", clean);
            return -1;
        }
        double ct_val;
        if (vu_num(it.row, "ctVal", it.at, VU_OPTIONAL, VU_POS, &ct_val, err, errn))
            return -1;
        if (isnan(ct_val))
            continue;
        struct rec_contract *c = recs_add_contract(out, it.sym);
        if (!c)
            return vu_oom(err, errn, kind);
        c->base_per_contract = ct_val;
    }
    return r;
}

/* Order by the de-duplication key (instId, ts, sz, bkPx); values parsed
 * from the same strings compare equal. */
static int liq_key_cmp(const struct rec_liq *x, const struct rec_liq *y)
{
    int c = strcmp(x->sym, y->sym);
    if (c)
        return c;
    if (x->t_ms != y->t_ms)
        return x->t_ms < y->t_ms ? -1 : 1;
    if (x->qty != y->qty)
        return x->qty < y->qty ? -1 : 1;
    if (x->price != y->price)
        return x->price < y->price ? -1 : 1;
    return 0;
}

/* qsort order: the key, then side, so the result does not depend on qsort. */
static int liq_cmp(const void *a, const void *b)
{
    const struct rec_liq *x = a, *y = b;
    int c = liq_key_cmp(x, y);
    return c ? c : (int)x->side - (int)y->side;
}

/* Which side was liquidated. side is the closing order's side: a forced
 * sell closes a long. posSide long/short must agree; net (one-way mode) or
 * absent leaves side alone to decide. -1 on anything else. */
static int liq_side(const cJSON *d, struct vu_at at, enum liq_side *out, char *err, size_t errn)
{
    const char *side = vu_str(d, "side", at, VU_REQUIRED, err, errn);
    if (!side)
        return -1;
    char clean[24];
    if (strcmp(side, "sell") == 0)
        *out = LIQ_LONG;
    else if (strcmp(side, "buy") == 0)
        *out = LIQ_SHORT;
    else {
        vu_msg(clean, sizeof clean, side);
        vu_error(err, errn, at, "side: not buy/sell ('%s')", clean);
        return -1;
    }
    const char *pos = vu_str(d, "posSide", at, VU_OPTIONAL, err, errn);
    if (!pos || strcmp(pos, "net") == 0)
        return 0;
    vu_msg(clean, sizeof clean, pos);
    int is_long = strcmp(pos, "long") == 0, is_short = strcmp(pos, "short") == 0;
    if (!is_long && !is_short) {
        vu_error(err, errn, at, "posSide: not long/short/net ('%s')", clean);
        return -1;
    }
    if ((is_long && *out == LIQ_LONG) || (is_short && *out == LIQ_SHORT))
        return 0;
    vu_error(err, errn, at, "posSide '%s' contradicts side '%s'", clean, side);
    return -1;
}

/* /api/v5/public/liquidation-orders (no longer in OKX's docs; best effort):
 * data = [{instId, instFamily, details: [{side, posSide, bkPx, sz, bkLoss,
 * ts}]}]. sz is contracts: base = sz x ctVal from ctx->contract_size.
 * Details of a symbol whose contract size is unknown (instruments not
 * loaded yet) are skipped; if that leaves nothing while some rows were
 * skipped, err says so (a warning: the parse still succeeds). Duplicates within a
 * body (same instId, ts, sz, bkPx) are dropped; rows come out sorted by
 * symbol and time. OKX says this list is not every liquidation: partial. */
static int p_liqs(const cJSON *root, const struct parse_ctx *ctx, struct recs *out, char *err,
                  size_t errn)
{
    const char *kind = "liquidation-orders";
    const cJSON *data = envelope_data(root, kind, err, errn);
    if (!data)
        return -1;
    size_t first = out->n_liqs, skipped = 0;
    char skipped_sym[SYM_MAX] = "";
    struct vu_rows it = vu_rows_begin(data, kind, "instId", OKX_SWAP, ctx);
    int r;
    while ((r = vu_rows_next(&it, err, errn)) > 0) {
        const cJSON *details = cJSON_GetObjectItemCaseSensitive(it.row, "details");
        if (!cJSON_IsArray(details)) {
            vu_error(err, errn, it.at, "details: %s", details ? "not an array" : "missing");
            return -1;
        }
        double ct_val = parse_ctx_contract_size(ctx, it.sym);
        int known = ct_val > 0 && isfinite(ct_val);
        long j = 0;
        const cJSON *d;
        cJSON_ArrayForEach(d, details) {
            struct vu_at dat = {kind, it.at.i, "details", j++};
            if (!cJSON_IsObject(d)) {
                vu_error(err, errn, dat, "not an object");
                return -1;
            }
            enum liq_side side;
            double px, sz;
            int64_t t;
            if (liq_side(d, dat, &side, err, errn) ||
                vu_num(d, "bkPx", dat, VU_REQUIRED, VU_POS, &px, err, errn) ||
                vu_num(d, "sz", dat, VU_REQUIRED, VU_POS, &sz, err, errn) ||
                vu_time(d, "ts", dat, VU_REQUIRED, &t, err, errn))
                return -1;
            if (!known) {
                skipped++;
                text_copy(skipped_sym, sizeof skipped_sym, it.sym);
                continue;
            }
            if (vu_liq_add(out, it.sym, t, side, px, sz * ct_val, kind, err, errn))
                return -1;
        }
    }
    if (r < 0)
        return -1;
    size_t n = out->n_liqs - first;
    if (n == 0 && skipped > 0) {
        /* Not an error of the body: at start-up this answer can beat the
         * instruments one, and calling it a failure marked OKX down on every
         * start. The rows come again in the next poll, once sizes are known;
         * err keeps the warning. */
        if (errn)
            snprintf(err, errn, "%s: contract size of %s unknown (instruments not loaded), %zu "
                     "liquidations skipped", kind, skipped_sym, skipped);
        return 0;
    }
    if (n > 1) {
        struct rec_liq *l = out->liqs + first;
        qsort(l, n, sizeof *l, liq_cmp);
        size_t w = 1;
        for (size_t k = 1; k < n; k++)
            if (liq_key_cmp(&l[k], &l[w - 1]) != 0)
                l[w++] = l[k];
        out->n_liqs = first + w;
    }
    out->liqs_partial = 1;
    return 0;
}

static const struct vu_parser okx_parsers[] = {
    {"tickers", p_tickers},         {"mark-price", p_mark},     {"open-interest", p_oi},
    {"funding-rate", p_funding},    {"candles", p_candles},     {"instruments", p_instruments},
    {"liquidation-orders", p_liqs},
};

static int okx_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                     struct recs *out, char *err, size_t errn)
{
    return vu_parse("okx", okx_parsers, sizeof okx_parsers / sizeof okx_parsers[0], NULL, kind,
                    body, len, ctx, out, err, errn);
}

/* code "50011" in a (small) envelope. */
static int okx_rate_limited(const char *body, size_t len)
{
    return vu_body_code_is(body, len, "code", OKX_RATE_LIMITED);
}

const struct venue_adapter okx_adapter = {
    .source = SRC_OKX,
    .default_base = "https://openapi.okx.com",
    .endpoints = okx_endpoints,
    .n_endpoints = sizeof okx_endpoints / sizeof okx_endpoints[0],
    .weight_per_min = 300, /* see the plan above the endpoint table */
    .parse = okx_parse,
    .rate_limited = okx_rate_limited,
};
