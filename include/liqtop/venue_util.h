/* venue_util: helpers shared by the venue parsers in src/venue/.
 *
 * Everything here is pure: no I/O, no clock, no globals. The field readers
 * turn "this value is wrong" into an err naming the endpoint, the row and
 * the field, e.g. "premiumIndex[2].markPrice: not a number ('abc')", and
 * apply the range checks a venue parser needs (positive prices, plausible
 * millisecond timestamps), so a parser never stores a silent zero. */
#ifndef LIQTOP_VENUE_UTIL_H
#define LIQTOP_VENUE_UTIL_H

#include "liqtop/record.h"
#include "liqtop/source.h"

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

/* Where a value sits, formatted only when an error is reported:
 * KIND[i].SUB[j]. i or j < 0 leaves that index out; sub NULL leaves ".SUB[j]"
 * out. E.g. {"premiumIndex", 2, NULL, -1} -> "premiumIndex[2]",
 * {"liquidation-orders", 0, "details", 3} -> "liquidation-orders[0].details[3]". */
struct vu_at {
    const char *kind;
    long i;
    const char *sub;
    long j;
};

/* Value checks for vu_num / vu_cell. */
enum vu_check {
    VU_ANY = 0,    /* any finite number */
    VU_POS,        /* > 0 (prices, contract sizes) */
    VU_NONNEG,     /* >= 0 (quantities, volumes, OI) */
    VU_FRACTION,   /* a signed rate per period: |x| < 1 (funding) */
    VU_CHANGE,     /* a relative change: x >= -1 (24 h change as a fraction) */
};

/* Presence rule. */
enum vu_need {
    VU_REQUIRED = 0, /* missing, null or "" is an error */
    VU_OPTIONAL,     /* missing, null or "" gives NAN (0 for times); malformed is still an error */
};

/* A number field of an object (JSON number or numeric string). 0 ok, -1
 * with err set. */
int vu_num(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
           enum vu_check chk, double *out, char *err, size_t errn);
/* A millisecond timestamp field (number or string), checked to be a
 * plausible epoch-ms value (2001..2100; a value in seconds is an error). */
int vu_time(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need, int64_t *out,
            char *err, size_t errn);
/* A string field; NULL with err set if missing or not a string (or empty
 * when required). Optional: NULL without error when missing/null/"". */
const char *vu_str(const cJSON *obj, const char *key, struct vu_at at, enum vu_need need,
                   char *err, size_t errn);
/* Element `col` of a row array (klines, candles, book levels): always
 * required. Errors read "klines[3][1]: not a number ('abc')". */
int vu_cell(const cJSON *row, int col, struct vu_at at, enum vu_check chk, double *out, char *err,
            size_t errn);
int vu_cell_time(const cJSON *row, int col, struct vu_at at, int64_t *out, char *err,
                 size_t errn);

/* Format `at` into buf ("premiumIndex[2]"); returns buf. */
char *vu_at_str(char *buf, size_t n, struct vu_at at);
/* err = "AT: message" (printf-style message). */
void vu_error(char *err, size_t errn, struct vu_at at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Canonical symbol from a venue symbol: if vsym is exactly BASE followed by
 * suffix (e.g. "BTCUSDT" with "USDT",
 * "BTC-USDT-SWAP" with "-USDT-SWAP") and BASE is 1..15 of [A-Z0-9], copy
 * BASE to out (SYM_MAX) and return 0; else -1. */
int vu_sym_strip(const char *vsym, const char *suffix, char out[SYM_MAX]);
/* Venue symbol from a canonical one: BASE + suffix into out[n]; -1 if sym
 * is not a plausible canonical symbol or it does not fit. */
int vu_sym_join(const char *sym, const char *suffix, char *out, size_t n);

/* The canonical symbol of a list row: row must be an object whose `key`
 * is a string (else -1, err set). Returns 1 with sym filled when the venue
 * symbol is BASE+suffix and BASE is tracked by ctx; 0 when the row belongs
 * to another market (dated contract, other quote currency) or an untracked
 * symbol: the caller skips it without looking at its other fields. */
int vu_row_sym(const cJSON *row, const char *key, struct vu_at at, const char *suffix,
               const struct parse_ctx *ctx, char sym[SYM_MAX], char *err, size_t errn);
/* The symbol of a body that does not name one (klines, depth, candles):
 * ctx->sym. -1 with err if the context has none or it is not a symbol; 0
 * if it is not tracked (nothing to parse); 1 with sym filled otherwise. */
int vu_ctx_sym(const struct parse_ctx *ctx, const char *kind, char sym[SYM_MAX], char *err,
               size_t errn);

/* Fill a request: kind, sym (canonical or NULL) and path = prefix + vsym +
 * tail, where vsym = sym + venue_suffix (e.g. "BTC" + "USDT"). A venue-wide
 * endpoint passes NULL for both sym and venue_suffix. -1 if a suffix is given
 * without a symbol, sym is not a plausible symbol, or the path does not fit. */
int vu_request(struct source_request *req, const char *kind, const char *sym,
               const char *venue_suffix, const char *prefix, const char *tail);

/* OHLC sanity: low <= open, close <= high (the positive checks are done by
 * the reader). -1 with err "AT: high below low" etc. */
int vu_candle_check(const struct rec_candle *c, struct vu_at at, char *err, size_t errn);
/* Reverse recs->candles[from..n) in place (venues that send newest first). */
void vu_candles_reverse(struct recs *r, size_t from);

/* Record counts of a batch, to undo what a failed parse appended. */
struct vu_mark {
    size_t tickers, liqs, candles, depths, points, contracts;
    int has_fear_greed, has_market_cap, liqs_partial;
};
void vu_mark_take(const struct recs *r, struct vu_mark *m);
void vu_mark_rollback(struct recs *r, const struct vu_mark *m);

/* One price level of an order book: price USD, quantity base units. */
struct vu_level {
    double px, qty;
};
/* Summarise a book snapshot into d (mid, bid/ask USD notional within 1 %
 * and 2 % of mid, coverage_pct = the distance from mid, in %, that the
 * shallower side of the snapshot reaches; beyond it the 1 %/2 % figures are
 * lower bounds). Levels need not be sorted. Returns 0, or -1 with a reason
 * in err if a side is empty or the book is crossed (best bid >= best ask).
 * The caller has already checked px > 0 and qty >= 0. */
int vu_depth_summarise(const struct vu_level *bids, size_t nb, const struct vu_level *asks,
                       size_t na, struct rec_depth *d, char *err, size_t errn);

/* Exchange error text for messages: sanitized copy of a venue's msg field
 * (may be NULL -> ""). */
void vu_msg(char *dst, size_t n, const char *msg);

#endif
