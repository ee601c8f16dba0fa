/* source: the venue adapter interface.
 *
 * A venue adapter is a const table (htop's MeterClass pattern): the
 * endpoints it polls, how to build each request, and one pure parser that
 * turns a response body into normalized records (record.h). Adapters do no
 * I/O and read no clock; the fetch layer (http, poller) schedules requests,
 * journals bodies and hands them to adapter->parse; replay hands journaled
 * bodies to the same parse. */
#ifndef LIQTOP_SOURCE_H
#define LIQTOP_SOURCE_H

#include "liqtop/record.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

/* One request, relative to the venue's base URL. */
struct source_request {
    char kind[32];  /* journal kind: last path segment, or hyperliquid's "type" */
    char path[512]; /* path and query, e.g. "/fapi/v1/premiumIndex" */
    char body[256]; /* POST body; "" means GET */
    char sym[SYM_MAX]; /* canonical symbol of a per-symbol request, "" otherwise */
};

struct endpoint {
    const char *kind;
    int per_symbol; /* 1: one request per tracked symbol */
    int period_s;   /* poll period; 0 = the refresh interval (--interval) */
    int weight;     /* cost in the venue's request budget */
    /* Build the request. sym: canonical symbol for per-symbol endpoints, NULL
     * otherwise; now_ms: model time, for endpoints that take a time window
     * (hyperliquid candleSnapshot, gate liq_orders). Return 0, or -1 if this
     * venue has no market for sym. */
    int (*build)(const char *sym, int64_t now_ms, struct source_request *req);
    /* 1: answered before the venue's other endpoints start (contract sizes
     * that other parsers convert with: OKX instruments, Gate contracts), so
     * the first round does not fail for want of them. */
    int first;
};

/* What a parser may know beyond the body; all inputs, no globals. */
struct parse_ctx {
    const char *const *symbols; /* tracked canonical symbols; NULL = keep all */
    size_t n_symbols;
    const char *sym; /* canonical symbol of the request, for bodies that do
                        not name it (klines, depth, candles); NULL if n/a */
    /* Base units per contract for venues quoting contracts (OKX ctVal, Gate
     * quanto_multiplier); NAN when unknown. May be NULL. */
    double (*contract_size)(const void *user, const char *sym);
    const void *user;
};

/* A parser's error without the endpoint kind it starts with ("tickers: x"
 * for kind "tickers" gives "x"): fetch and replay put the kind in front of
 * it themselves, and "tickers: tickers: x" would say it twice. */
const char *source_error_detail(const char *kind, const char *err);

/* A parse context whose contract sizes come from the store (the venue's
 * base_per_contract, learnt from its instruments/contracts endpoint). The
 * holder carries the callback's state and must outlive the context's use;
 * sym may be NULL. Used by the live fetch, the streams and replay alike. */
struct store;
struct store_contracts {
    const struct store *store;
    enum venue_id venue;
};
void parse_ctx_from_store(struct parse_ctx *ctx, struct store_contracts *holder,
                          const struct store *s, enum venue_id venue,
                          const char *const *symbols, size_t n, const char *sym);

/* 1 if sym is tracked (or the context tracks everything). */
int parse_ctx_tracked(const struct parse_ctx *ctx, const char *sym);
/* Contract size via the callback, NAN if unavailable. */
double parse_ctx_contract_size(const struct parse_ctx *ctx, const char *sym);

struct venue_adapter {
    enum source_id source;
    const char *default_base; /* official public API host, e.g. "https://fapi.binance.com" */
    const struct endpoint *endpoints;
    size_t n_endpoints;
    double weight_per_min; /* budget we keep, below the venue's published limit */
    /* Parse a body of endpoint `kind`. 0 ok (records appended to out), -1 on
     * error with err naming the field ("premiumIndex[3].markPrice: not a
     * number"). A venue error envelope (bybit retCode != 0, okx code != "0")
     * is an error too. Must never crash on any input. */
    int (*parse)(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                 struct recs *out, char *err, size_t errn);
    /* Optional: 1 if a body (of any status) says "rate limited" (OKX code
     * 50011, bybit retCode 10006), else 0. */
    int (*rate_limited)(const char *body, size_t len);
};

extern const struct venue_adapter binance_adapter;
extern const struct venue_adapter bybit_adapter;
extern const struct venue_adapter okx_adapter;
extern const struct venue_adapter gate_adapter;
extern const struct venue_adapter hyperliquid_adapter;
extern const struct venue_adapter feargreed_adapter;
extern const struct venue_adapter coingecko_adapter;

/* The adapter of a REST source; NULL for the stream sources. */
const struct venue_adapter *source_adapter(enum source_id src);
/* Find an endpoint by kind; NULL if unknown. */
const struct endpoint *source_endpoint(const struct venue_adapter *a, const char *kind);

#endif
