/* fetch: the live poll scheduler for the REST sources.
 *
 * For every enabled REST source it turns the adapter's endpoint table into
 * jobs (one per endpoint, or one per endpoint and tracked symbol), keeps a
 * next-due time per job, and sends them through http.h within the venue's
 * request budget. Each answer is journaled (on_response), parsed by the
 * adapter (pure), applied to the store with the wall clock as model time,
 * and announced (on_update). Health of every source lives in
 * store->health[src] and is kept here.
 *
 * Scheduling, per source:
 *   - next due per job: period_s (0 = cfg.interval_s) after the last start;
 *     from the second round on, per-symbol jobs of one endpoint are spread
 *     evenly over the period instead of firing together;
 *   - budget: a token bucket of adapter->weight_per_min * cfg.budget_scale
 *     weight per minute (burst: a quarter of a minute's budget), each request
 *     costing endpoint->weight; at most cfg.max_in_flight requests at once;
 *   - retries: timeouts, connection errors, resets and 5xx retry after
 *     retry_base_s (1 s) doubling per consecutive failure (cap 60 s), with
 *     +-25 % jitter; other 4xx after 30 s doubling to 5 min; parse errors
 *     like 5xx;
 *   - rate limits: 429, 418 (binance IP ban), 403 from bybit (its rate
 *     breach answer) and 200 bodies the adapter calls rate_limited (OKX 50011,
 *     bybit 10006) hold the whole source until Retry-After (418: honoured in
 *     full, up to 3 days; without the header 30 s doubling per repeat up to
 *     10 min, 418: 2 min doubling up to 1 h)
 *     and halve its budget (down to 1/8), recovering by 10 % per success a
 *     minute after the last limit.
 *
 * Health (store->health[src]):
 *   DOWN  some endpoint's latest attempt failed (except a 400/404 on a
 *         per-symbol request: a symbol the venue does not list keeps the
 *         source OK with last_error set), or the source is held by a rate limit;
 *   STALE no success for max(3 intervals, 2 periods of its fastest endpoint);
 *   OK    otherwise, after a first success; UNKNOWN before; DISABLED when
 *         cfg.enabled[src] is 0 or the source has no adapter.
 * last_error names the endpoint for HTTP and parse errors ("premiumIndex:
 * HTTP 503 Service Unavailable") and not for transport errors, which are the
 * venue's ("could not resolve host fapi.binance.com", "timeout after 15 s"). */
#ifndef LIQTOP_FETCH_H
#define LIQTOP_FETCH_H

#include "liqtop/config.h"
#include "liqtop/source.h"
#include "liqtop/store.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

struct loop;
struct fetch;

struct fetch_cfg {
    double interval_s;        /* base poll period, s (--interval); endpoints with period_s 0 */
    int allow_insecure_http;  /* 1: plain http to non-loopback hosts */
    double connect_timeout_s; /* TCP + TLS */
    double timeout_s;         /* whole request */
    double max_body_mib;      /* response cap, MiB (fractions allowed) */
    int max_in_flight;        /* per source */
    double budget_scale;      /* multiplies every adapter's weight_per_min (0.05..1) */
    double retry_base_s;      /* first retry delay after a transient failure, s (doubles) */
    char base_url[SRC_COUNT][256]; /* "" = adapter->default_base; no trailing '/' needed */
    int enabled[SRC_COUNT];
    /* The adapter of each source, filled by the caller: the app with
     *   for (int s = 0; s < SRC_COUNT; s++) cfg.adapters[s] = source_adapter(s);
     * tests with fakes. (fetch does not call source_adapter itself, so it
     * links without the venue registry.) An enabled REST source without an
     * adapter is reported DISABLED. */
    const struct venue_adapter *adapters[SRC_COUNT];
};

/* interval 5 s, 10 s connect, 15 s total, 8 MiB, 3 in flight, budget 1.0,
 * every REST source enabled (streams are not fetch's: disabled here). */
void fetch_cfg_default(struct fetch_cfg *cfg);

/* The [fetch] config section (base = struct fetch_cfg): allow_insecure_http,
 * connect_timeout, timeout, max_body_mib, max_in_flight, budget_scale. The
 * interval and endpoints come from [general] / [endpoints] (the app copies
 * them into interval_s and base_url). */
extern const struct cfg_key fetch_cfg_keys[];
extern const size_t fetch_cfg_n_keys;

/* Callbacks; all optional. They run from inside the loop; they must not call
 * fetch_free. */
struct fetch_callbacks {
    /* A body was parsed and applied to the store (run the model now). */
    void (*on_update)(void *user, enum source_id src, int64_t now_ms);
    /* store->health[src].state changed (UNKNOWN->OK too); reason is the
     * plain-words cause (the last error for DOWN, "answering again" for a
     * recovery, "no answer for 45 s" for STALE). */
    void (*on_health)(void *user, enum source_id src, enum health_state old,
                      enum health_state now, const char *reason);
    /* Every complete HTTP response, any status, before parsing, for the
     * journal. sym is "" for requests that are not per symbol. t_ms wall. */
    void (*on_response)(void *user, int64_t t_ms, enum source_id src, const char *kind,
                        const char *sym, int status, const char *body, size_t len);
    void *user;
};

/* symbols: canonical tracked symbols (copied). NULL with err on a bad
 * configuration (a base URL refused by the http policy names the source and
 * URL) or out of memory. store and loop must outlive the fetch. */
struct fetch *fetch_new(struct loop *loop, struct store *store, const struct fetch_cfg *cfg,
                        const char *const *symbols, size_t n, char *err, size_t errn);
void fetch_free(struct fetch *f);
void fetch_set_callbacks(struct fetch *f, const struct fetch_callbacks *cb);
/* Replace one source's adapter before fetch_start (tests); NULL disables it. */
void fetch_set_adapter(struct fetch *f, enum source_id src, const struct venue_adapter *a);

/* Begin polling (everything due at once, within budgets). 0 ok, -1 if the
 * http layer could not start. */
int fetch_start(struct fetch *f);
/* Make every job due now (the user pressed refresh); holds and budgets still apply. */
void fetch_poll_now(struct fetch *f);
/* 1 when every enabled source answered or failed each of its requests at
 * least once (a rate-limit hold counts as an answer for the requests it
 * stops): what --once waits for. */
int fetch_first_round_done(const struct fetch *f);

/* Counters for tests, benchmarks and the sources view. */
struct fetch_stats {
    uint64_t requests, responses, failures, rate_limited, bytes;
    size_t jobs, in_flight;
};
void fetch_get_stats(const struct fetch *f, enum source_id src, struct fetch_stats *out);
/* Effective budget of a source now (weight per minute, after slow-down). */
double fetch_budget_per_min(const struct fetch *f, enum source_id src);

#endif
