/* venue_util: shared helpers for the venue parsers (see venue_util.h). */
#include "liqtop/venue_util.h"

#include "liqtop/json.h"
#include "liqtop/stream.h"
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

/* err = "AT.KEY: message", or "AT[col]: message" when key is NULL. */
static void place_error(char *err, size_t errn, struct vu_at at, const char *key, int col,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static void place_error(char *err, size_t errn, struct vu_at at, const char *key, int col,
                        const char *fmt, ...)
{
    if (!errn)
        return;
    char where[96]; /* formatted only on the (rare) error paths */
    vu_at_str(where, sizeof where, at);
    int len = key ? snprintf(err, errn, "%s.%s: ", where, key)
                  : snprintf(err, errn, "%s[%d]: ", where, col);
    if (len < 0 || (size_t)len >= errn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + len, errn - (size_t)len, fmt, ap);
    va_end(ap);
}

/* A field read that did not give JSON_OK: 1 if it is an optional field that
 * is absent (the caller stores its default), else 0 with err naming it. */
static int absent_ok(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
                     int st, char *err, size_t errn)
{
    if (need == VU_OPTIONAL && (st == JSON_MISSING || st == JSON_NULL))
        return 1;
    char where[96];
    json_field_error(err, errn, vu_at_str(where, sizeof where, at), key, obj, st);
    return 0;
}

int vu_num(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
           enum vu_check chk, double *out, char *err, size_t errn)
{
    double v = NAN;
    int st = json_get_number(obj, key, &v);
    if (st != JSON_OK) {
        if (!absent_ok(obj, key, at, need, st, err, errn))
            return -1;
        *out = NAN;
        return 0;
    }
    const char *why = range_why(v, chk);
    if (why) {
        place_error(err, errn, at, key, 0, "%s (%.10g)", why, v);
        return -1;
    }
    *out = v;
    return 0;
}

int vu_time(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need, int64_t *out,
            char *err, size_t errn)
{
    int64_t v = 0;
    int st = json_get_int64(obj, key, &v);
    if (st != JSON_OK) {
        if (!absent_ok(obj, key, at, need, st, err, errn))
            return -1;
        *out = 0;
        return 0;
    }
    if (v < VU_MS_MIN || v > VU_MS_MAX) {
        place_error(err, errn, at, key, 0, "not a millisecond timestamp (%lld)", (long long)v);
        return -1;
    }
    *out = v;
    return 0;
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
    place_error(err, errn, at, key, 0, "%s",
                !it ? "missing" : empty ? "null or empty" : "wrong type");
    return NULL;
}

/* Element col of a row array, or NULL with err set. */
static const cJSON *cell(const cJSON *row, int col, struct vu_at at, char *err, size_t errn)
{
    if (!cJSON_IsArray(row)) {
        vu_error(err, errn, at, "not an array");
        return NULL;
    }
    const cJSON *it = cJSON_GetArrayItem(row, col);
    if (!it)
        place_error(err, errn, at, NULL, col, "missing (row has %d elements)",
                    cJSON_GetArraySize(row));
    return it;
}

static void cell_error(char *err, size_t errn, struct vu_at at, int col, const cJSON *it, int st)
{
    if (!errn)
        return;
    char excerpt[40] = "";
    if (cJSON_IsString(it) && it->valuestring)
        text_sanitize(excerpt, sizeof excerpt, it->valuestring, strlen(it->valuestring));
    if (excerpt[0])
        place_error(err, errn, at, NULL, col, "%s ('%s')", json_status_str(st), excerpt);
    else
        place_error(err, errn, at, NULL, col, "%s", json_status_str(st));
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
        place_error(err, errn, at, NULL, col, "%s (%.10g)", why, v);
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
        place_error(err, errn, at, NULL, col, "not a millisecond timestamp (%lld)", (long long)v);
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

int vu_oom(char *err, size_t errn, const char *kind)
{
    if (errn)
        snprintf(err, errn, "%s: out of memory", kind);
    return -1;
}

/* ---- list bodies ---------------------------------------------------------- */

struct vu_rows vu_rows_begin(const cJSON *arr, const char *kind, const char *key,
                             const char *suffix, const struct parse_ctx *ctx)
{
    struct vu_rows it;
    memset(&it, 0, sizeof it);
    it.at = (struct vu_at){kind, -1, NULL, -1};
    it.next = cJSON_IsArray(arr) ? arr->child : NULL;
    it.key = key;
    it.suffix = suffix;
    it.ctx = ctx;
    return it;
}

int vu_rows_next(struct vu_rows *it, char *err, size_t errn)
{
    while (it->next) {
        it->row = it->next;
        it->next = it->next->next;
        it->at.i++;
        int keep = vu_row_sym(it->row, it->key, it->at, it->suffix, it->ctx, it->sym, err, errn);
        if (keep != 0)
            return keep;
    }
    return 0;
}

int vu_candle_rows(const cJSON *arr, const char *kind, const char *sym, int vol_col,
                   int interval_s, struct recs *out, char *err, size_t errn)
{
    long i = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, arr) {
        struct vu_at at = {kind, i++, NULL, -1};
        struct rec_candle c;
        memset(&c, 0, sizeof c);
        if (vu_cell_time(row, 0, at, &c.t_ms, err, errn) ||
            vu_cell(row, 1, at, VU_POS, &c.open, err, errn) ||
            vu_cell(row, 2, at, VU_POS, &c.high, err, errn) ||
            vu_cell(row, 3, at, VU_POS, &c.low, err, errn) ||
            vu_cell(row, 4, at, VU_POS, &c.close, err, errn) ||
            vu_cell(row, vol_col, at, VU_NONNEG, &c.volume, err, errn) ||
            vu_candle_check(&c, at, err, errn))
            return -1;
        struct rec_candle *rc = recs_add_candle(out, sym);
        if (!rc)
            return vu_oom(err, errn, kind);
        rc->t_ms = c.t_ms;
        rc->interval_s = interval_s;
        rc->open = c.open;
        rc->high = c.high;
        rc->low = c.low;
        rc->close = c.close;
        rc->volume = c.volume;
    }
    return 0;
}

int vu_ls_point(struct vu_newest *nw, struct recs *out, const char *sym, int64_t t_ms,
                double ratio, struct vu_at at, char *err, size_t errn)
{
    if (nw->sym[0] && strcmp(nw->sym, sym) != 0) {
        vu_error(err, errn, at, "symbol %s differs from earlier rows (%s)", sym, nw->sym);
        return -1;
    }
    struct rec_point *p = recs_add_point(out, sym);
    if (!p)
        return vu_oom(err, errn, at.kind);
    p->t_ms = t_ms;
    p->series = RS_LS_RATIO;
    p->value = ratio;
    if (t_ms >= nw->t_ms) {
        text_copy(nw->sym, sizeof nw->sym, sym);
        nw->t_ms = t_ms;
        nw->v = ratio;
    }
    return 0;
}

int vu_ls_ticker(const struct vu_newest *nw, struct recs *out, const char *kind, char *err,
                 size_t errn)
{
    if (!nw->sym[0])
        return 0;
    struct rec_ticker *tk = recs_add_ticker(out, nw->sym);
    if (!tk)
        return vu_oom(err, errn, kind);
    tk->t_ms = nw->t_ms;
    tk->ls_ratio = nw->v;
    return 0;
}

/* ---- envelopes and entry points ------------------------------------------ */

int vu_envelope(const cJSON *root, const char *kind, const char *venue, const char *code_key,
                const char *msg_key, int64_t rate_limited_code, char *err, size_t errn)
{
    struct vu_at at = {kind, -1, NULL, -1};
    if (!cJSON_IsObject(root)) {
        vu_error(err, errn, at, "expected an object");
        return -1;
    }
    int64_t code;
    int st = json_get_int64(root, code_key, &code);
    if (st != JSON_OK) {
        json_field_error(err, errn, kind, code_key, root, st);
        return -1;
    }
    if (code != 0) {
        char msg[128];
        vu_msg(msg, sizeof msg, json_get_string(root, msg_key));
        vu_error(err, errn, at, "%s error %lld%s: %s", venue, (long long)code,
                 code == rate_limited_code ? " (rate limited)" : "", msg);
        return -1;
    }
    return 0;
}

int vu_body_code_is(const char *body, size_t len, const char *key, int64_t code)
{
    if (!body || len == 0 || len > 4096)
        return 0;
    cJSON *root = json_parse(body, len, NULL, 0);
    int64_t c = 0;
    int is = root && cJSON_IsObject(root) && json_get_int64(root, key, &c) == JSON_OK &&
             c == code;
    cJSON_Delete(root);
    return is;
}

vu_parse_fn vu_parser_find(const struct vu_parser *tab, size_t n, const char *kind)
{
    for (size_t i = 0; kind && i < n; i++)
        if (strcmp(tab[i].kind, kind) == 0)
            return tab[i].fn;
    return NULL;
}

int vu_parse_root(vu_parse_fn fn, vu_error_body_fn error_body, const cJSON *root,
                  const char *kind, const struct parse_ctx *ctx, struct recs *out, char *err,
                  size_t errn)
{
    struct vu_mark m;
    vu_mark_take(out, &m);
    int rc = error_body && error_body(root, kind, err, errn) ? -1
                                                             : fn(root, ctx, out, err, errn);
    if (rc != 0)
        vu_mark_rollback(out, &m);
    return rc;
}

int vu_parse_body(vu_parse_fn fn, vu_error_body_fn error_body, const char *kind,
                  const char *body, size_t len, const struct parse_ctx *ctx, struct recs *out,
                  char *err, size_t errn)
{
    char perr[96] = "";
    cJSON *root = json_parse(body, len, perr, sizeof perr);
    if (!root) {
        snprintf(err, errn, "%s: %s", kind, perr);
        return -1;
    }
    int rc = vu_parse_root(fn, error_body, root, kind, ctx, out, err, errn);
    cJSON_Delete(root);
    return rc;
}

int vu_parse(const char *venue, const struct vu_parser *tab, size_t n,
             vu_error_body_fn error_body, const char *kind, const char *body, size_t len,
             const struct parse_ctx *ctx, struct recs *out, char *err, size_t errn)
{
    char lerr[2];
    if (!err || !errn) { /* callers may pass no buffer; keep the code below simple */
        err = lerr;
        errn = sizeof lerr;
    }
    err[0] = '\0';
    vu_parse_fn fn = vu_parser_find(tab, n, kind);
    if (!fn || !out) {
        char k[40];
        vu_msg(k, sizeof k, kind);
        snprintf(err, errn, "%s: unknown kind '%s'", venue, k);
        return -1;
    }
    return vu_parse_body(fn, error_body, kind, body, len, ctx, out, err, errn);
}

/* ---- fields named by a string place ---------------------------------------- */

int vu_fnum(const cJSON *o, const char *key, const char *where, enum vu_need need, double lo,
            int lo_open, double *out, char *err, size_t errn)
{
    int st = need == VU_OPTIONAL ? json_get_number_opt(o, key, out) : json_get_number(o, key, out);
    if (st != JSON_OK) {
        json_field_error(err, errn, where, key, o, st);
        return -1;
    }
    if (!isnan(*out) && (lo_open ? !(*out > lo) : !(*out >= lo))) {
        snprintf(err, errn, "%s.%s: out of range (%g)", where, key, *out);
        return -1;
    }
    return 0;
}

int vu_fint64(const cJSON *o, const char *key, const char *where, int64_t *out, char *err,
              size_t errn)
{
    int st = json_get_int64(o, key, out);
    if (st != JSON_OK) {
        json_field_error(err, errn, where, key, o, st);
        return -1;
    }
    return 0;
}

const char *vu_fstr(const cJSON *o, const char *key, const char *where, char *err, size_t errn)
{
    const char *s = json_get_string(o, key);
    if (s && s[0])
        return s;
    const cJSON *it = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    json_field_error(err, errn, where, key, o,
                     !it ? JSON_MISSING : cJSON_IsString(it) ? JSON_NULL : JSON_BAD_TYPE);
    return NULL;
}

/* ---- liquidations ---------------------------------------------------------- */

int vu_ws_side(const cJSON *o, const char *key, const char *where, const char *buy_word,
               const char *sell_word, enum liq_side buy_means, enum liq_side *out, char *err,
               size_t errn)
{
    const char *side = json_get_string(o, key);
    if (side && strcmp(side, buy_word) == 0) {
        *out = buy_means;
        return 0;
    }
    if (side && strcmp(side, sell_word) == 0) {
        *out = buy_means == LIQ_LONG ? LIQ_SHORT : LIQ_LONG;
        return 0;
    }
    if (side) {
        char ex[40];
        text_sanitize(ex, sizeof ex, side, strlen(side));
        snprintf(err, errn, "%s.%s: not %s or %s ('%s')", where, key, buy_word, sell_word, ex);
    } else {
        json_field_error(err, errn, where, key, o, JSON_MISSING);
    }
    return -1;
}

int vu_liq_add(struct recs *out, const char *sym, int64_t t_ms, enum liq_side side, double price,
               double qty, const char *kind, char *err, size_t errn)
{
    struct rec_liq *l = recs_add_liq(out, sym);
    if (!l)
        return vu_oom(err, errn, kind);
    l->t_ms = t_ms;
    l->side = side;
    l->price = price;
    l->qty = qty;
    l->usd = qty * price;
    return 0;
}

int vu_ws_liq(struct recs *out, const char *sym, int64_t t_ms, enum liq_side side, double price,
              double qty, const char *where, char *err, size_t errn)
{
    struct rec_liq l;
    memset(&l, 0, sizeof l);
    text_copy(l.sym, sizeof l.sym, sym);
    l.t_ms = t_ms;
    l.side = side;
    l.price = price;
    l.qty = qty;
    l.usd = qty * price;
    const char *why = NULL;
    if (!stream_liq_plausible(&l, &why)) {
        snprintf(err, errn, "%s: %s", where, why);
        return -1;
    }
    struct rec_liq *r = recs_add_liq(out, sym);
    if (!r) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    *r = l;
    return 0;
}
