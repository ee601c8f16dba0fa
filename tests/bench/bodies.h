/* bodies: a synthetic market that writes venue response bodies (benchmarks).
 *
 * Not fixtures and not the demo simulator: a small random-walk market of
 * `n` symbols (the tracked ones first) that produces, for any endpoint
 * liqtop polls, a body shaped like the venue's real answer (field names,
 * numbers as strings where the venue sends strings, compact JSON as the
 * venues send it, venue symbol spelling, contract units). All-symbol
 * endpoints list every symbol of the universe; per-symbol ones answer for
 * the symbol asked. The market can carry a scripted crash (a support break,
 * a liquidation waterfall, OI collapsing, then OI rebuilding without price)
 * so detectors have work to do.
 *
 * Deterministic for a given seed. Times are ms since the epoch. */
#ifndef LIQTOP_BENCH_BODIES_H
#define LIQTOP_BENCH_BODIES_H

#include <stddef.h>
#include <stdint.h>

struct bbuf {
    char *p;
    size_t len, cap;
};
void bbuf_init(struct bbuf *b);
void bbuf_free(struct bbuf *b);
void bbuf_clear(struct bbuf *b);
void bbuf_printf(struct bbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct bmarket;

/* A universe of n symbols: tracked[0..n_tracked) first, then well-known
 * names, then made-up ones. History (hourly candles, 5-minute OI) reaches
 * 600 h back from start_ms. NULL if out of memory. */
struct bmarket *bm_new(size_t n, const char *const *tracked, size_t n_tracked, uint64_t seed,
                       int64_t start_ms);
void bm_free(struct bmarket *m);
/* Scripted crash: starting at t_ms, prices fall by depth (fraction) over
 * 30 minutes in waves with liquidations, recover a third over 2 h, then OI
 * rebuilds for 6 h while price goes nowhere. */
void bm_set_crash(struct bmarket *m, int64_t t_ms, double depth);
/* Move the market to t_ms in 5 s steps. */
void bm_advance(struct bmarket *m, int64_t t_ms);
size_t bm_count(const struct bmarket *m);
const char *bm_name(const struct bmarket *m, size_t i);
/* Base units per contract of sym on okx or gate (NAN elsewhere or unknown). */
double bm_contract_size(const struct bmarket *m, const char *venue, const char *sym);

/* Write the body of endpoint `kind` of `venue` ("binance", "bybit", "okx",
 * "gate", "hyperliquid", "feargreed", "coingecko") into out (cleared first).
 * sym: canonical symbol for per-symbol endpoints, else NULL. request: the
 * request's path (query included) or POST body, for limit= and windows.
 * 0 ok, -1 unknown endpoint or symbol. */
int bm_body(struct bmarket *m, const char *venue, const char *kind, const char *sym,
            const char *request, struct bbuf *out);

#endif
