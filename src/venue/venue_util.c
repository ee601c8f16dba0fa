/* venue_util: shared helpers for the venue parsers (see venue_util.h). */
#include "liqtop/venue_util.h"

#include "liqtop/json.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Plausible epoch milliseconds: 2001-09-09 .. 2100-01-01. A value in
 * seconds (1.7e9) or microseconds (1.7e15) falls outside and is an error,
 * which catches unit mix-ups instead of storing a date in 1970. */
#define VU_MS_MIN 1000000000000LL
#define VU_MS_MAX 4102444800000LL

char *vu_at_str(char *buf, size_t n, struct vu_at at)
{
    if (!n)
        return buf;
    int len = snprintf(buf, n, "%s", at.kind ? at.kind : "");
    if (at.i >= 0 && len >= 0 && (size_t)len < n)
        len += snprintf(buf + len, n - (size_t)len, "[%ld]", at.i);
    if (at.sub && len >= 0 && (size_t)len < n)
        len += snprintf(buf + len, n - (size_t)len, ".%s", at.sub);
    if (at.sub && at.j >= 0 && len >= 0 && (size_t)len < n)
        snprintf(buf + len, n - (size_t)len, "[%ld]", at.j);
    return buf;
}

void vu_error(char *err, size_t errn, struct vu_at at, const char *fmt, ...)
{
    if (!errn)
        return;
    char where[96];
    vu_at_str(where, sizeof where, at);
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, errn, "%s: %s", where, msg);
}

/* Why v fails the check, or NULL if it passes. */
static const char *range_why(double v, enum vu_check chk)
{
    switch (chk) {
    case VU_ANY: return NULL;
    case VU_POS: return v > 0 ? NULL : "not positive";
    case VU_NONNEG: return v >= 0 ? NULL : "negative";
    case VU_FRACTION: return fabs(v) < 1 ? NULL : "absurd rate";
    case VU_CHANGE: return v >= -1 ? NULL : "below -100%";
    }
    return NULL;
}

int vu_num(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
           enum vu_check chk, double *out, char *err, size_t errn)
{
    double v = NAN;
    int st = json_get_number(obj, key, &v);
    char where[96]; /* formatted only on the (rare) error paths */
    if (st == JSON_OK) {
        const char *why = range_why(v, chk);
        if (why) {
            if (errn)
                snprintf(err, errn, "%s.%s: %s (%.10g)", vu_at_str(where, sizeof where, at), key,
                         why, v);
            return -1;
        }
        *out = v;
        return 0;
    }
    if (need == VU_OPTIONAL && (st == JSON_MISSING || st == JSON_NULL)) {
        *out = NAN;
        return 0;
    }
    json_field_error(err, errn, vu_at_str(where, sizeof where, at), key, obj, st);
    return -1;
}

int vu_time(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need, int64_t *out,
            char *err, size_t errn)
{
    int64_t v = 0;
    int st = json_get_int64(obj, key, &v);
    char where[96];
    if (st == JSON_OK) {
        if (v < VU_MS_MIN || v > VU_MS_MAX) {
            if (errn)
                snprintf(err, errn, "%s.%s: not a millisecond timestamp (%lld)",
                         vu_at_str(where, sizeof where, at), key, (long long)v);
            return -1;
        }
        *out = v;
        return 0;
    }
    if (need == VU_OPTIONAL && (st == JSON_MISSING || st == JSON_NULL)) {
        *out = 0;
        return 0;
    }
    json_field_error(err, errn, vu_at_str(where, sizeof where, at), key, obj, st);
    return -1;
}

const char *vu_str(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
                   char *err, size_t errn)
{
    const cJSON *it = obj && cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (cJSON_IsString(it) && it->valuestring && it->valuestring[0])
        return it->valuestring;
    int empty = !it || cJSON_IsNull(it) || (cJSON_IsString(it) && it->valuestring && !it->valuestring[0]);
    if (need == VU_OPTIONAL && empty)
        return NULL;
    char where[96];
    vu_at_str(where, sizeof where, at);
    if (errn)
        snprintf(err, errn, "%s.%s: %s", where, key,
                 !it ? "missing" : empty ? "null or empty" : "wrong type");
    return NULL;
}

static const cJSON *cell(const cJSON *row, int col, struct vu_at at, char *err, size_t errn)
{
    char where[96];
    if (!cJSON_IsArray(row)) {
        if (errn)
            snprintf(err, errn, "%s: not an array", vu_at_str(where, sizeof where, at));
        return NULL;
    }
    const cJSON *it = cJSON_GetArrayItem(row, col);
    if (!it && errn)
        snprintf(err, errn, "%s[%d]: missing (row has %d elements)",
                 vu_at_str(where, sizeof where, at), col, cJSON_GetArraySize(row));
    return it;
}

static void cell_error(char *err, size_t errn, struct vu_at at, int col, const cJSON *it, int st)
{
    if (!errn)
        return;
    char where[96];
    vu_at_str(where, sizeof where, at);
    char excerpt[40] = "";
    if (cJSON_IsString(it) && it->valuestring)
        text_sanitize(excerpt, sizeof excerpt, it->valuestring, strlen(it->valuestring));
    if (excerpt[0])
        snprintf(err, errn, "%s[%d]: %s ('%s')", where, col, json_status_str(st), excerpt);
    else
        snprintf(err, errn, "%s[%d]: %s", where, col, json_status_str(st));
}

int vu_cell(const cJSON *row, int col, struct vu_at at, enum vu_check chk, double *out, char *err,
            size_t errn)
{
    const cJSON *it = cell(row, col, at, err, errn);
    if (!it)
        return -1;
    double v;
    int st = json_number(it, &v);
    if (st != JSON_OK) {
        cell_error(err, errn, at, col, it, st);
        return -1;
    }
    const char *why = range_why(v, chk);
    if (why) {
        char where[96];
        if (errn)
            snprintf(err, errn, "%s[%d]: %s (%.10g)", vu_at_str(where, sizeof where, at), col, why,
                     v);
        return -1;
    }
    *out = v;
    return 0;
}

int vu_cell_time(const cJSON *row, int col, struct vu_at at, int64_t *out, char *err,
                 size_t errn)
{
    const cJSON *it = cell(row, col, at, err, errn);
    if (!it)
        return -1;
    int64_t v;
    int st = json_int64(it, &v);
    if (st != JSON_OK) {
        cell_error(err, errn, at, col, it, st);
        return -1;
    }
    if (v < VU_MS_MIN || v > VU_MS_MAX) {
        char where[96];
        if (errn)
            snprintf(err, errn, "%s[%d]: not a millisecond timestamp (%lld)",
                     vu_at_str(where, sizeof where, at), col, (long long)v);
        return -1;
    }
    *out = v;
    return 0;
}

int vu_sym_strip(const char *vsym, const char *suffix, char out[SYM_MAX])
{
    if (!vsym || !suffix)
        return -1;
    size_t n = strlen(vsym), k = strlen(suffix);
    if (n <= k || n - k >= SYM_MAX || memcmp(vsym + n - k, suffix, k) != 0)
        return -1;
    char base[SYM_MAX];
    memcpy(base, vsym, n - k);
    base[n - k] = '\0';
    if (!text_is_symbol(base))
        return -1;
    memcpy(out, base, n - k + 1);
    return 0;
}

int vu_sym_join(const char *sym, const char *suffix, char *out, size_t n)
{
    if (!sym || !suffix || !text_is_symbol(sym))
        return -1;
    int len = snprintf(out, n, "%s%s", sym, suffix);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

void vu_mark_take(const struct recs *r, struct vu_mark *m)
{
    m->tickers = r->n_tickers;
    m->liqs = r->n_liqs;
    m->candles = r->n_candles;
    m->depths = r->n_depths;
    m->points = r->n_points;
    m->contracts = r->n_contracts;
    m->has_fear_greed = r->has_fear_greed;
    m->has_market_cap = r->has_market_cap;
    m->liqs_partial = r->liqs_partial;
}

void vu_mark_rollback(struct recs *r, const struct vu_mark *m)
{
    r->n_tickers = m->tickers;
    r->n_liqs = m->liqs;
    r->n_candles = m->candles;
    r->n_depths = m->depths;
    r->n_points = m->points;
    r->n_contracts = m->contracts;
    r->has_fear_greed = m->has_fear_greed;
    r->has_market_cap = m->has_market_cap;
    r->liqs_partial = m->liqs_partial;
}

int vu_depth_summarise(const struct vu_level *bids, size_t nb, const struct vu_level *asks,
                       size_t na, struct rec_depth *d, char *err, size_t errn)
{
    if (nb == 0 || na == 0) {
        if (errn)
            snprintf(err, errn, "%s: empty side", nb == 0 ? "bids" : "asks");
        return -1;
    }
    double best_bid = bids[0].px, best_ask = asks[0].px;
    for (size_t i = 1; i < nb; i++)
        if (bids[i].px > best_bid)
            best_bid = bids[i].px;
    for (size_t i = 1; i < na; i++)
        if (asks[i].px < best_ask)
            best_ask = asks[i].px;
    if (!(best_bid < best_ask)) {
        if (errn)
            snprintf(err, errn, "crossed book (best bid %.10g >= best ask %.10g)", best_bid,
                     best_ask);
        return -1;
    }
    double mid = (best_bid + best_ask) / 2;
    /* a hair of tolerance so a level exactly 1 % away counts as within */
    const double eps = 1e-12;
    double b1 = 0, b2 = 0, a1 = 0, a2 = 0, reach_b = 0, reach_a = 0;
    for (size_t i = 0; i < nb; i++) {
        double dist = (mid - bids[i].px) / mid;
        if (dist > reach_b)
            reach_b = dist;
        if (dist <= 0.02 + eps) {
            double usd = bids[i].px * bids[i].qty;
            b2 += usd;
            if (dist <= 0.01 + eps)
                b1 += usd;
        }
    }
    for (size_t i = 0; i < na; i++) {
        double dist = (asks[i].px - mid) / mid;
        if (dist > reach_a)
            reach_a = dist;
        if (dist <= 0.02 + eps) {
            double usd = asks[i].px * asks[i].qty;
            a2 += usd;
            if (dist <= 0.01 + eps)
                a1 += usd;
        }
    }
    d->mid = mid;
    d->bid_1pct = b1;
    d->bid_2pct = b2;
    d->ask_1pct = a1;
    d->ask_2pct = a2;
    d->coverage_pct = (reach_b < reach_a ? reach_b : reach_a) * 100.0;
    return 0;
}

void vu_msg(char *dst, size_t n, const char *msg)
{
    if (!n)
        return;
    if (!msg) {
        dst[0] = '\0';
        return;
    }
    text_sanitize(dst, n, msg, strlen(msg));
}

int vu_row_sym(const cJSON *row, const char *key, struct vu_at at, const char *suffix,
               const struct parse_ctx *ctx, char sym[SYM_MAX], char *err, size_t errn)
{
    if (!cJSON_IsObject(row)) {
        vu_error(err, errn, at, "not an object");
        return -1;
    }
    const char *vsym = vu_str(row, key, at, VU_REQUIRED, err, errn);
    if (!vsym)
        return -1;
    if (vu_sym_strip(vsym, suffix, sym) != 0)
        return 0;
    return parse_ctx_tracked(ctx, sym) ? 1 : 0;
}

int vu_ctx_sym(const struct parse_ctx *ctx, const char *kind, char sym[SYM_MAX], char *err,
               size_t errn)
{
    if (!ctx || !ctx->sym || !text_is_symbol(ctx->sym)) {
        if (errn)
            snprintf(err, errn, "%s: the body does not name its symbol and the request's is unknown",
                     kind);
        return -1;
    }
    text_copy(sym, SYM_MAX, ctx->sym);
    return parse_ctx_tracked(ctx, sym) ? 1 : 0;
}

int vu_request(struct source_request *req, const char *kind, const char *sym,
               const char *venue_suffix, const char *prefix, const char *tail)
{
    char vsym[64] = "";
    if (venue_suffix && !sym)
        return -1; /* a per-symbol endpoint needs its symbol */
    if (sym && vu_sym_join(sym, venue_suffix ? venue_suffix : "", vsym, sizeof vsym) != 0)
        return -1;
    memset(req, 0, sizeof *req);
    text_copy(req->kind, sizeof req->kind, kind);
    if (sym)
        text_copy(req->sym, sizeof req->sym, sym);
    int n = snprintf(req->path, sizeof req->path, "%s%s%s", prefix, vsym, tail ? tail : "");
    return n < 0 || (size_t)n >= sizeof req->path ? -1 : 0;
}

int vu_candle_check(const struct rec_candle *c, struct vu_at at, char *err, size_t errn)
{
    const char *why = NULL;
    if (c->high < c->low)
        why = "high below low";
    else if (c->open < c->low || c->open > c->high)
        why = "open outside low..high";
    else if (c->close < c->low || c->close > c->high)
        why = "close outside low..high";
    if (!why)
        return 0;
    vu_error(err, errn, at, "%s (o %.10g h %.10g l %.10g c %.10g)", why, c->open, c->high, c->low,
             c->close);
    return -1;
}

void vu_candles_reverse(struct recs *r, size_t from)
{
    if (from >= r->n_candles)
        return;
    size_t i = from, j = r->n_candles - 1;
    while (i < j) {
        struct rec_candle t = r->candles[i];
        r->candles[i++] = r->candles[j];
        r->candles[j--] = t;
    }
}
