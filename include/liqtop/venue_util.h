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
#include <math.h>
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

/* err = "KIND: out of memory"; returns -1. */
int vu_oom(char *err, size_t errn, const char *kind);

/* ---- list bodies ---------------------------------------------------------- */

/* Walks the rows of a list body (a JSON array) that belong to tracked
 * symbols: each row must be an object whose `key` names the venue symbol
 * BASE+suffix (vu_row_sym); rows of other markets or untracked symbols are
 * skipped before their other fields are read. Caller storage, no
 * allocation; `arr`, `kind`, `key`, `suffix` and `ctx` must outlive it.
 *
 *   struct vu_rows it = vu_rows_begin(list, "tickers", "symbol", "USDT", ctx);
 *   int r;
 *   while ((r = vu_rows_next(&it, err, errn)) > 0)
 *       ... it.row, it.at ("tickers[i]"), it.sym ...
 *   return r; // 0 at the end, -1 with err set */
struct vu_rows {
    const cJSON *row;   /* the current row */
    struct vu_at at;    /* {kind, its index, NULL, -1} */
    char sym[SYM_MAX];  /* its canonical symbol */
    const cJSON *next;  /* internal */
    const char *key, *suffix;
    const struct parse_ctx *ctx;
};
/* arr not an array: no rows. */
struct vu_rows vu_rows_begin(const cJSON *arr, const char *kind, const char *key,
                             const char *suffix, const struct parse_ctx *ctx);
/* 1 with the next kept row in it, 0 at the end, -1 with err (a row that is
 * not an object or has no symbol string). */
int vu_rows_next(struct vu_rows *it, char *err, size_t errn);

/* Candle rows [openTime ms, open, high, low, close, ...] of arr (errors
 * "KIND[i][col]: ...") appended as candles of sym in body order: prices > 0
 * and consistent (vu_candle_check), volume (base units) >= 0 at column
 * vol_col, interval_s stored in every record. 0, or -1 with err. */
int vu_candle_rows(const cJSON *arr, const char *kind, const char *sym, int vol_col,
                   int interval_s, struct recs *out, char *err, size_t errn);

/* Long/short ratio lists (one symbol, a row per period): each row gives a
 * RS_LS_RATIO point, and the newest row the ticker's ls_ratio. Start with
 * VU_NEWEST_INIT. */
struct vu_newest {
    char sym[SYM_MAX];
    int64_t t_ms;
    double v;
};
#define VU_NEWEST_INIT {"", 0, NAN}
/* Append the point (ratio = longs / shorts) and remember it if it is the
 * newest so far. -1 with err if sym differs from earlier rows ("AT: symbol X
 * differs from earlier rows (Y)") or memory runs out. */
int vu_ls_point(struct vu_newest *nw, struct recs *out, const char *sym, int64_t t_ms,
                double ratio, struct vu_at at, char *err, size_t errn);
/* The newest ratio as a ticker's ls_ratio (nothing if there were no rows). */
int vu_ls_ticker(const struct vu_newest *nw, struct recs *out, const char *kind, char *err,
                 size_t errn);

/* ---- envelopes and entry points ------------------------------------------ */

/* A venue envelope {CODE_KEY: 0, MSG_KEY: "..."} (bybit retCode/retMsg,
 * okx code/msg; the code may be a number or a numeric string): 0 if root is
 * an object whose code is 0, else -1 with err "KIND: expected an object",
 * the code field's error, or "KIND: VENUE error CODE: MSG" (" (rate
 * limited)" after CODE when it is rate_limited_code). */
int vu_envelope(const cJSON *root, const char *kind, const char *venue, const char *code_key,
                const char *msg_key, int64_t rate_limited_code, char *err, size_t errn);

/* 1 if body is a small JSON object (at most 4 KiB: error bodies are small,
 * larger bodies are data and are not parsed) whose `key` is the integer
 * code, else 0. For the adapters' rate_limited. */
int vu_body_code_is(const char *body, size_t len, const char *key, int64_t code);

/* One endpoint's parser: root is the parsed body. 0, or -1 with err. */
typedef int (*vu_parse_fn)(const cJSON *root, const struct parse_ctx *ctx, struct recs *out,
                           char *err, size_t errn);
struct vu_parser {
    const char *kind;
    vu_parse_fn fn;
};
/* The parser of kind in tab[0..n), NULL if none or kind is NULL. */
vu_parse_fn vu_parser_find(const struct vu_parser *tab, size_t n, const char *kind);
/* Optional check run before the parser on every body: 1 (err set) if root
 * is the venue's error body, else 0. */
typedef int (*vu_error_body_fn)(const cJSON *root, const char *kind, char *err, size_t errn);
/* Run fn on root; if it fails, what it appended to out is taken back (no
 * half-applied batch). error_body may be NULL. */
int vu_parse_root(vu_parse_fn fn, vu_error_body_fn error_body, const cJSON *root,
                  const char *kind, const struct parse_ctx *ctx, struct recs *out, char *err,
                  size_t errn);
/* Parse body (len bytes, not NUL-terminated) as JSON ("KIND: <why>" if it
 * is not) and run vu_parse_root on it. */
int vu_parse_body(vu_parse_fn fn, vu_error_body_fn error_body, const char *kind,
                  const char *body, size_t len, const struct parse_ctx *ctx, struct recs *out,
                  char *err, size_t errn);
/* A venue_adapter.parse over a table: err may be NULL or errn 0; an unknown
 * kind (or out NULL) is "VENUE: unknown kind 'KIND'". */
int vu_parse(const char *venue, const struct vu_parser *tab, size_t n,
             vu_error_body_fn error_body, const char *kind, const char *body, size_t len,
             const struct parse_ctx *ctx, struct recs *out, char *err, size_t errn);

/* ---- fields named by a string place ----------------------------------------
 * For the parsers that format the place themselves (gate, hyperliquid, the
 * WebSocket streams): errors read "WHERE.KEY: problem ('excerpt')" as
 * json_field_error writes them, and "WHERE.KEY: out of range (V)". */

/* A number >= lo (> lo when lo_open; -INFINITY with lo_open = any finite
 * number). VU_OPTIONAL: missing, null or "" give NAN; malformed fails. */
int vu_fnum(const cJSON *o, const char *key, const char *where, enum vu_need need, double lo,
            int lo_open, double *out, char *err, size_t errn);
/* A required integer (number or numeric string); no range check. */
int vu_fint64(const cJSON *o, const char *key, const char *where, int64_t *out, char *err,
              size_t errn);
/* A required non-empty string: NULL with err "missing", "null" (also for
 * "") or "wrong type". */
const char *vu_fstr(const cJSON *o, const char *key, const char *where, char *err, size_t errn);

/* ---- liquidations ---------------------------------------------------------- */

/* Which side a WebSocket liquidation field (o.key, one of two words) says
 * was liquidated. buy_means is the side for buy_word, the other side goes
 * with sell_word: venues that send the forced ORDER's side (Binance "BUY",
 * OKX "buy") pass LIQ_SHORT, since a forced buy closes a short; Bybit sends
 * the POSITION side ("Buy" = a long) and passes LIQ_LONG. Errors:
 * "WHERE.KEY: not BUY or SELL ('x')" (the words as given) or missing. */
int vu_ws_side(const cJSON *o, const char *key, const char *where, const char *buy_word,
               const char *sell_word, enum liq_side buy_means, enum liq_side *out, char *err,
               size_t errn);
/* Append a liquidation of qty base units at price USD (usd = qty x price).
 * -1 with err "KIND: out of memory". */
int vu_liq_add(struct recs *out, const char *sym, int64_t t_ms, enum liq_side side, double price,
               double qty, const char *kind, char *err, size_t errn);
/* The same for a stream message, after stream_liq_plausible: -1 with err
 * "WHERE: why" if implausible, or "out of memory". */
int vu_ws_liq(struct recs *out, const char *sym, int64_t t_ms, enum liq_side side, double price,
              double qty, const char *where, char *err, size_t errn);

#endif
