/* Poll scheduler (fetch.h) with fake adapters against the mock exchange.
 *
 * The fakes model the shapes the scheduler cares about, not a venue's JSON:
 *   fake binance (SRC_BINANCE): "premiumIndex", one call for all symbols
 *     (weight 10), and "openInterest" per symbol (weight 1), both at the
 *     interval; bodies: [{"symbol":"BTCUSDT","markPrice":"65000.5"}, ...] and
 *     {"openInterest":"80000.5"};
 *   fake bybit (SRC_BYBIT): "tickers", all symbols, same array shape with
 *     "lastPrice";
 *   fake okx (SRC_OKX): "tickers" with rate_limited() = body has code 50011.
 * Their parser is strict (cJSON) and names the field it did not like.
 *
 * Set LIQTOP_FETCH_BENCH=SECONDS to also run fetch_schedule_figures, which
 * prints requests and bytes per minute of a default-like schedule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/fetch.h"
#include "liqtop/loop.h"
#include "liqtop/store.h"
#include "support/mockctl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct mockex mock;
static char dir[64];

/* ---- fake adapters ---- */

static int build_premium(const char *sym, int64_t now, struct source_request *r)
{
    (void)sym;
    (void)now;
    snprintf(r->kind, sizeof r->kind, "premiumIndex");
    snprintf(r->path, sizeof r->path, "/fapi/v1/premiumIndex");
    return 0;
}

static int build_oi(const char *sym, int64_t now, struct source_request *r)
{
    (void)now;
    if (strcmp(sym, "NOPE") == 0)
        return -1; /* the venue lists no such market */
    snprintf(r->kind, sizeof r->kind, "openInterest");
    snprintf(r->path, sizeof r->path, "/fapi/v1/openInterest/%s", sym);
    snprintf(r->sym, sizeof r->sym, "%s", sym);
    return 0;
}

static int build_bybit(const char *sym, int64_t now, struct source_request *r)
{
    (void)sym;
    (void)now;
    snprintf(r->kind, sizeof r->kind, "tickers");
    snprintf(r->path, sizeof r->path, "/v5/market/tickers?category=linear");
    return 0;
}

static int build_okx(const char *sym, int64_t now, struct source_request *r)
{
    (void)sym;
    (void)now;
    snprintf(r->kind, sizeof r->kind, "tickers");
    snprintf(r->path, sizeof r->path, "/api/v5/market/tickers?instType=SWAP");
    return 0;
}

static int build_budget(const char *sym, int64_t now, struct source_request *r)
{
    (void)now;
    snprintf(r->kind, sizeof r->kind, "contract_stats");
    snprintf(r->path, sizeof r->path, "/budget?contract=%s_USDT", sym);
    snprintf(r->sym, sizeof r->sym, "%s", sym);
    return 0;
}

static int fake_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                      struct recs *out, char *err, size_t errn)
{
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!j) {
        const char *at = cJSON_GetErrorPtr();
        snprintf(err, errn, "invalid JSON at byte %ld",
                 at && at >= body && at <= body + len ? (long)(at - body) + 1 : 0L);
        return -1;
    }
    int rc = 0;
    if (strcmp(kind, "openInterest") == 0) {
        const cJSON *oi = cJSON_GetObjectItemCaseSensitive(j, "openInterest");
        if (!cJSON_IsString(oi)) {
            snprintf(err, errn, "openInterest: missing");
            rc = -1;
        } else {
            struct rec_ticker *t = recs_add_ticker(out, ctx->sym);
            t->oi_base = strtod(oi->valuestring, NULL);
        }
    } else if (strcmp(kind, "contract_stats") == 0) {
        /* budget test: any JSON will do */
    } else {
        const char *field = strcmp(kind, "premiumIndex") == 0 ? "markPrice" : "lastPrice";
        if (!cJSON_IsArray(j)) {
            snprintf(err, errn, "%s: not an array", kind);
            rc = -1;
        }
        int i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, j)
        {
            if (rc)
                break;
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "symbol");
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, field);
            if (!cJSON_IsString(s) || !cJSON_IsString(p)) {
                snprintf(err, errn, "%s[%d].%s: missing", kind, i, cJSON_IsString(s) ? field : "symbol");
                rc = -1;
                break;
            }
            char sym[SYM_MAX];
            size_t n = strlen(s->valuestring);
            if (n < 5 || n - 4 >= SYM_MAX || strcmp(s->valuestring + n - 4, "USDT") != 0)
                continue;
            memcpy(sym, s->valuestring, n - 4);
            sym[n - 4] = '\0';
            if (!parse_ctx_tracked(ctx, sym))
                continue;
            struct rec_ticker *t = recs_add_ticker(out, sym);
            double v = strtod(p->valuestring, NULL);
            if (strcmp(field, "markPrice") == 0)
                t->mark = v;
            else
                t->price = v;
            i++;
        }
    }
    cJSON_Delete(j);
    return rc;
}

static int okx_rate_limited(const char *body, size_t len)
{
    return len >= 15 && strstr(body, "\"code\":\"50011\"") != NULL;
}

static const struct endpoint binance_eps[] = {
    {"premiumIndex", 0, 0, 10, build_premium, 0},
    {"openInterest", 1, 0, 1, build_oi, 0},
};
static const struct venue_adapter fake_binance = {
    SRC_BINANCE, "https://fapi.binance.com", binance_eps, 2, 1200, fake_parse, NULL,
};
static const struct endpoint binance_all_eps[] = {{"premiumIndex", 0, 0, 10, build_premium, 0}};
static const struct venue_adapter fake_binance_all = {
    SRC_BINANCE, "https://fapi.binance.com", binance_all_eps, 1, 1200, fake_parse, NULL,
};
static const struct endpoint bybit_eps[] = {{"tickers", 0, 0, 1, build_bybit, 0}};
static const struct venue_adapter fake_bybit = {
    SRC_BYBIT, "https://api.bybit.com", bybit_eps, 1, 3000, fake_parse, NULL,
};
static const struct endpoint okx_eps[] = {{"tickers", 0, 0, 1, build_okx, 0}};
static const struct venue_adapter fake_okx = {
    SRC_OKX, "https://www.okx.com", okx_eps, 1, 600, fake_parse, okx_rate_limited,
};
static const struct endpoint budget_eps[] = {{"contract_stats", 1, 0, 1, build_budget, 0}};
static const struct venue_adapter fake_budget = {
    SRC_GATE, "https://api.gateio.ws", budget_eps, 1, 120, fake_parse, NULL,
};

/* ---- harness ---- */

struct rec {
    int updates[SRC_COUNT];
    int responses[SRC_COUNT];
    int resp_sym[8];
    int64_t resp_t[8][4]; /* first responses per per-symbol job */
    struct {
        enum source_id src;
        enum health_state old, now;
        char reason[200];
    } changes[64];
    int n_changes;
};

static const char *const SYMS[] = {"BTC", "ETH", "SOL", "NOPE"};

static void on_update(void *user, enum source_id src, int64_t now_ms)
{
    struct rec *r = user;
    assert_true(now_ms > 1600000000000LL); /* the wall clock, ms */
    r->updates[src]++;
}

static void on_health(void *user, enum source_id src, enum health_state old, enum health_state now,
                      const char *reason)
{
    struct rec *r = user;
    if (r->n_changes < 64) {
        r->changes[r->n_changes].src = src;
        r->changes[r->n_changes].old = old;
        r->changes[r->n_changes].now = now;
        snprintf(r->changes[r->n_changes].reason, 200, "%s", reason);
        r->n_changes++;
    }
}

static void on_response(void *user, int64_t t_ms, enum source_id src, const char *kind,
                        const char *sym, int status, const char *body, size_t len)
{
    struct rec *r = user;
    (void)status;
    (void)body;
    (void)len;
    assert_non_null(kind);
    r->responses[src]++;
    for (int i = 0; i < 4; i++) {
        if (strcmp(sym, SYMS[i]) == 0 && strcmp(kind, "openInterest") == 0) {
            if (r->resp_sym[i] < 4)
                r->resp_t[i][r->resp_sym[i]] = t_ms;
            r->resp_sym[i]++;
        }
    }
}

struct rig {
    struct loop *loop;
    struct store *store;
    struct fetch *fetch;
    struct rec rec;
};

static void rig_cfg(struct fetch_cfg *cfg)
{
    fetch_cfg_default(cfg);
    cfg->interval_s = 0.3;
    cfg->retry_base_s = 0.1;
    for (int s = 0; s < SRC_COUNT; s++)
        snprintf(cfg->base_url[s], sizeof cfg->base_url[s], "%s", mock.base);
}

static void rig_up(struct rig *g, struct fetch_cfg *cfg, const char *const *syms, size_t n)
{
    memset(g, 0, sizeof *g);
    g->loop = loop_new();
    struct store_cfg sc;
    store_cfg_default(&sc);
    g->store = store_new(&sc, syms, n);
    assert_non_null(g->store);
    char err[300];
    g->fetch = fetch_new(g->loop, g->store, cfg, syms, n, err, sizeof err);
    if (!g->fetch)
        fail_msg("fetch_new: %s", err);
    struct fetch_callbacks cb = {on_update, on_health, on_response, &g->rec};
    fetch_set_callbacks(g->fetch, &cb);
    assert_int_equal(fetch_start(g->fetch), 0);
}

static void rig_down(struct rig *g)
{
    fetch_free(g->fetch);
    store_free(g->store);
    loop_free(g->loop);
}

static void run_for(struct rig *g, int64_t ms)
{
    int64_t end = loop_now_ms() + ms;
    while (loop_now_ms() < end)
        loop_run_once(g->loop, end - loop_now_ms());
}

/* Run until the source reaches a state; fails after max_ms. */
static void run_until_state(struct rig *g, enum source_id s, enum health_state want, int64_t max_ms)
{
    int64_t end = loop_now_ms() + max_ms;
    while (g->store->health[s].state != want && loop_now_ms() < end)
        loop_run_once(g->loop, 50);
    if (g->store->health[s].state != want)
        fail_msg("%s: state %d, wanted %d (last error: %s)", source_name(s),
                 g->store->health[s].state, want, g->store->health[s].last_error);
}

static double last_mark(const struct store *st, const char *sym, enum venue_id v)
{
    int i = store_find(st, sym);
    double val = NAN;
    int64_t t;
    if (i >= 0)
        series_last(&st->assets[i].venue[v].mark, &t, &val);
    return val;
}

/* ---- setup ---- */

static int group_setup(void **state)
{
    (void)state;
    if (mockdir_new(dir, sizeof dir, "liqtop-fetch") != 0)
        return -1;
    mockdir_write(dir, "premium.json", "[{\"symbol\":\"BTCUSDT\",\"markPrice\":\"65000.5\"},"
                               "{\"symbol\":\"ETHUSDT\",\"markPrice\":\"3500.25\"},"
                               "{\"symbol\":\"DOGEUSDT\",\"markPrice\":\"0.12\"},"
                               "{\"symbol\":\"SOLUSDT\",\"markPrice\":\"150.1\"}]");
    mockdir_write(dir, "oi.json", "{\"openInterest\":\"80000.5\",\"symbol\":\"BTCUSDT\"}");
    mockdir_write(dir, "bybit.json", "[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"65001\"},"
                             "{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"3501\"}]");
    mockdir_write(dir, "okx.json", "[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"65002\"}]");
    mockdir_write(dir, "budget.json", "[]");
    mockdir_write(dir, "map", "GET /fapi/v1/premiumIndex premium.json\n"
                      "GET /fapi/v1/openInterest/BTC oi.json\n"
                      "GET /fapi/v1/openInterest/ETH oi.json\n"
                      "GET /fapi/v1/openInterest/SOL oi.json\n"
                      "GET /v5/market/tickers bybit.json\n"
                      "GET /api/v5/market/tickers okx.json\n"
                      "GET /budget budget.json\n");
    return mockex_start_map(&mock, dir, "map");
}

static int group_teardown(void **state)
{
    (void)state;
    mockdir_done(&mock, dir);
    return 0;
}

static int reset(void **state)
{
    (void)state;
    static int64_t last;
    int64_t now = loop_now_ms();
    if (getenv("LIQTOP_TEST_TIMES") && last)
        fprintf(stderr, "(previous test took %lld ms)\n", (long long)(now - last));
    last = now;
    return mockex_reset(&mock);
}

/* ---- tests ---- */

static void fetch_first_round_fills_the_store(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    /* 1 s, not 0.3: the first round must end before the second starts even
     * under valgrind (tests/valgrind.sh), where it takes ~0.5 s */
    cfg.interval_s = 1.0;
    cfg.adapters[SRC_BINANCE] = &fake_binance;
    cfg.adapters[SRC_BYBIT] = &fake_bybit;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    assert_false(fetch_first_round_done(g.fetch));
    int64_t end = loop_now_ms() + 5000;
    while (!fetch_first_round_done(g.fetch) && loop_now_ms() < end)
        loop_run_once(g.loop, 50);
    assert_true(fetch_first_round_done(g.fetch));
    /* premiumIndex once, openInterest for BTC ETH SOL; bybit tickers once */
    assert_int_equal(mockex_count(&mock, "/fapi/v1/premiumIndex"), 1);
    assert_int_equal(mockex_count(&mock, "/fapi/v1/openInterest/BTC"), 1);
    assert_int_equal(mockex_count(&mock, "/v5/market/tickers"), 1);
    assert_int_equal(g.rec.updates[SRC_BINANCE], 4);
    assert_int_equal(g.rec.responses[SRC_BINANCE], 4);
    assert_int_equal(g.rec.updates[SRC_BYBIT], 1);
    assert_true(last_mark(g.store, "BTC", VENUE_BINANCE) == 65000.5);
    assert_true(last_mark(g.store, "SOL", VENUE_BINANCE) == 150.1);
    assert_int_equal(store_find(g.store, "DOGE"), -1);
    const struct source_health *h = &g.store->health[SRC_BINANCE];
    assert_int_equal(h->state, HEALTH_OK);
    assert_int_equal(h->requests, 4);
    assert_int_equal(h->errors, 0);
    assert_true(h->bytes > 200);
    assert_true(h->latency_ms > 0 && h->latency_ms < 5000);
    assert_true(h->last_ok_ms > 1600000000000LL);
    assert_true(h->requests_per_min == 4);
    assert_int_equal(g.store->health[SRC_OKX].state, HEALTH_DISABLED); /* no adapter */
    assert_int_equal(g.store->health[SRC_BINANCE_WS].state, HEALTH_UNKNOWN); /* not ours */
    /* UNKNOWN -> OK reported once per source */
    int ups = 0;
    for (int i = 0; i < g.rec.n_changes; i++)
        ups += g.rec.changes[i].now == HEALTH_OK;
    assert_int_equal(ups, 2);
    /* the second round comes after the interval, not before */
    run_for(&g, 300);
    assert_int_equal(mockex_count(&mock, "/fapi/v1/premiumIndex"), 1);
    run_for(&g, 1000);
    assert_int_equal(mockex_count(&mock, "/fapi/v1/premiumIndex"), 2);
    rig_down(&g);
}

static void fetch_source_goes_down_with_reason_and_recovers(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    cfg.adapters[SRC_BYBIT] = &fake_bybit;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);
    run_until_state(&g, SRC_BYBIT, HEALTH_OK, 3000);
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "503", 0), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_DOWN, 3000);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error,
                        "premiumIndex: HTTP 503 Service Unavailable");
    int k = g.rec.n_changes - 1;
    assert_int_equal(g.rec.changes[k].src, SRC_BINANCE);
    assert_int_equal(g.rec.changes[k].old, HEALTH_OK);
    assert_int_equal(g.rec.changes[k].now, HEALTH_DOWN);
    assert_string_equal(g.rec.changes[k].reason, "premiumIndex: HTTP 503 Service Unavailable");
    assert_true(g.store->health[SRC_BINANCE].retry_at_ms > g.store->health[SRC_BINANCE].last_err_ms);
    /* only the faulty source is down; bybit keeps answering */
    int by = g.rec.updates[SRC_BYBIT];
    run_for(&g, 700);
    assert_int_equal(g.store->health[SRC_BYBIT].state, HEALTH_OK);
    assert_true(g.rec.updates[SRC_BYBIT] > by);
    assert_int_equal(g.store->health[SRC_BINANCE].state, HEALTH_DOWN);
    /* the fault clears: back to OK */
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "ok", 0), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 5000);
    k = g.rec.n_changes - 1;
    assert_int_equal(g.rec.changes[k].old, HEALTH_DOWN);
    assert_string_equal(g.rec.changes[k].reason, "answering again");
    assert_true(g.store->health[SRC_BINANCE].errors >= 1);
    rig_down(&g);
}

static void fetch_names_parse_and_body_errors(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);
    static const struct {
        const char *mode, *error;
    } cases[] = {
        {"malformed", "premiumIndex: invalid JSON at byte "},
        {"garbage", "premiumIndex: invalid JSON at byte "},
        {"empty", "premiumIndex: empty response (HTTP 200)"},
        {"html:200", "premiumIndex: got an HTML page instead of JSON (captive portal or CDN error?)"},
        {"body:{\"x\":1}", "premiumIndex: not an array"},
        {"body:[{\"symbol\":\"BTCUSDT\"}]", "premiumIndex: premiumIndex[0].markPrice: missing"},
        {"truncated", "connection closed mid-body ("},
        {"html:502", "premiumIndex: HTTP 502 Bad Gateway"},
        {"status:404", "premiumIndex: HTTP 404 Not Found"},
        {"403", "premiumIndex: HTTP 403 Forbidden (blocked in this region?)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", cases[i].mode, 0), 0);
        run_until_state(&g, SRC_BINANCE, HEALTH_DOWN, 3000);
        const char *got = g.store->health[SRC_BINANCE].last_error;
        if (strncmp(got, cases[i].error, strlen(cases[i].error)) != 0)
            fail_msg("mode %s: last_error \"%s\", wanted \"%s...\"", cases[i].mode, got,
                     cases[i].error);
        assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "ok", 0), 0);
        fetch_poll_now(g.fetch);
        run_until_state(&g, SRC_BINANCE, HEALTH_OK, 40000);
    }
    rig_down(&g);
}

static void fetch_reports_timeouts_and_refused_connections(void **state)
{
    (void)state;
    /* a port nobody listens on */
    int port = mock_closed_port();
    assert_true(port > 0);

    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.timeout_s = 0.5;
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    cfg.adapters[SRC_BYBIT] = &fake_bybit;
    snprintf(cfg.base_url[SRC_BYBIT], sizeof cfg.base_url[SRC_BYBIT], "http://127.0.0.1:%d/", port);
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "delay:3000", 0), 0);
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    int64_t end = loop_now_ms() + 5000;
    while (!fetch_first_round_done(g.fetch) && loop_now_ms() < end)
        loop_run_once(g.loop, 50);
    assert_true(fetch_first_round_done(g.fetch)); /* failures count for --once */
    assert_int_equal(g.store->health[SRC_BYBIT].state, HEALTH_DOWN);
    assert_string_equal(g.store->health[SRC_BYBIT].last_error, "connection refused by 127.0.0.1");
    assert_int_equal(g.store->health[SRC_BINANCE].state, HEALTH_DOWN);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error, "timeout after 0.5 s");
    assert_int_equal(g.rec.changes[0].old, HEALTH_UNKNOWN);
    assert_int_equal(g.rec.changes[0].now, HEALTH_DOWN);
    rig_down(&g);
}

/* A host that cannot be reached (refused here; DNS alike) fails every
 * endpoint of it: the source waits on one doubling backoff, so each wait ends
 * in one request, not one per job (4 jobs here; 27 for binance by default). */
static void fetch_unreachable_host_is_probed_not_hammered(void **state)
{
    (void)state;
    int port = mock_closed_port();
    assert_true(port > 0);
    struct fetch_cfg cfg;
    rig_cfg(&cfg); /* retry_base_s 0.1 */
    cfg.max_in_flight = 1;
    cfg.adapters[SRC_BINANCE] = &fake_binance; /* premiumIndex + openInterest x 3 */
    snprintf(cfg.base_url[SRC_BINANCE], sizeof cfg.base_url[SRC_BINANCE], "http://127.0.0.1:%d/",
             port);
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    run_for(&g, 3000);
    struct fetch_stats st;
    fetch_get_stats(g.fetch, SRC_BINANCE, &st);
    /* waits of about 0.1, 0.2, 0.4, 0.8, 1.6 s (+-25 %) fit 3 s: at most
     * 7 requests; a backoff per job would have made about 4 x 5 */
    print_message("unreachable host: %llu requests in 3 s\n", (unsigned long long)st.requests);
    assert_true(st.requests >= 3);
    assert_true(st.requests <= 7);
    assert_int_equal(g.store->health[SRC_BINANCE].state, HEALTH_DOWN);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error, "connection refused by 127.0.0.1");
    assert_true(fetch_first_round_done(g.fetch)); /* --once does not wait on it */
    rig_down(&g);
}

static void fetch_marks_slow_sources_stale(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.interval_s = 0.2; /* stale after 3 intervals = 0.6 s without an answer */
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "delay:1500", 0), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_STALE, 3000);
    int k = g.rec.n_changes - 1;
    assert_true(strncmp(g.rec.changes[k].reason, "no answer for ", 14) == 0);
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "ok", 0), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000); /* the slow answer arrives */
    rig_down(&g);
}

static void fetch_backoff_grows(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "500", 0), 0);
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    const struct source_health *h = &g.store->health[SRC_BINANCE];
    int64_t waits[6], at[6];
    int n = 0;
    uint64_t seen = 0;
    int64_t end = loop_now_ms() + 8000;
    while (n < 6 && loop_now_ms() < end) {
        loop_run_once(g.loop, 20);
        if (h->errors != seen) {
            seen = h->errors;
            waits[n] = h->retry_at_ms - h->last_err_ms;
            at[n] = loop_now_ms();
            n++;
        }
    }
    assert_int_equal(n, 6);
    /* 0.1 s doubling, +-25 % jitter: each wait is longer than the one before */
    assert_true(waits[0] >= 75 && waits[0] <= 125);
    for (int i = 1; i < n; i++) {
        if (!(waits[i] > waits[i - 1]))
            fail_msg("wait %d (%lld ms) not above wait %d (%lld ms)", i, (long long)waits[i],
                     i - 1, (long long)waits[i - 1]);
        /* and the requests really were that far apart */
        assert_true(at[i] - at[i - 1] >= waits[i - 1] - 20);
    }
    assert_true(waits[5] >= 2400); /* 3.2 s * 0.75 */
    /* retries of a failing source are not faster than its backoff: 6 requests */
    assert_int_equal(mockex_count(&mock, "/fapi/v1/premiumIndex"), 6);
    rig_down(&g);
}

static void fetch_honours_rate_limits(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.interval_s = 0.2;
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    cfg.adapters[SRC_BYBIT] = &fake_bybit;
    cfg.adapters[SRC_OKX] = &fake_okx;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);
    run_until_state(&g, SRC_BYBIT, HEALTH_OK, 3000);
    run_until_state(&g, SRC_OKX, HEALTH_OK, 3000);
    double budget = fetch_budget_per_min(g.fetch, SRC_BINANCE);
    assert_true(budget == 1200);

    /* 429 with Retry-After: 2 s of silence, then service resumes at half budget */
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "429:2", 1), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_DOWN, 3000);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error, "HTTP 429, retry in 2 s");
    long n0 = mockex_count(&mock, "/fapi/v1/premiumIndex");
    run_for(&g, 1500);
    assert_int_equal(mockex_count(&mock, "/fapi/v1/premiumIndex"), n0);
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);
    assert_true(fetch_budget_per_min(g.fetch, SRC_BINANCE) == 600);

    /* 418: the ban is honoured in full */
    assert_int_equal(mockex_fault(&mock, "/fapi/v1/premiumIndex", "418:1", 1), 0);
    run_until_state(&g, SRC_BINANCE, HEALTH_DOWN, 3000);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error,
                        "HTTP 418 (IP banned by the venue), retry in 1 s");
    run_until_state(&g, SRC_BINANCE, HEALTH_OK, 3000);

    /* bybit answers a rate breach with 403; OKX with code 50011 in a 200 body */
    assert_int_equal(mockex_fault(&mock, "/v5/market/tickers", "403", 1), 0);
    assert_int_equal(mockex_fault(&mock, "/api/v5/market/tickers",
                                  "body:{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}", 1),
                     0);
    run_until_state(&g, SRC_BYBIT, HEALTH_DOWN, 3000);
    run_until_state(&g, SRC_OKX, HEALTH_DOWN, 3000);
    assert_string_equal(g.store->health[SRC_BYBIT].last_error, "HTTP 403 (rate limit), retry in 30 s");
    assert_string_equal(g.store->health[SRC_OKX].last_error,
                        "rate limited (venue error code in an HTTP 200 answer), retry in 30 s");
    struct fetch_stats st;
    fetch_get_stats(g.fetch, SRC_OKX, &st);
    assert_int_equal(st.rate_limited, 1);
    /* while held, poll-now does not break the hold */
    long b0 = mockex_count(&mock, "/v5/market/tickers");
    fetch_poll_now(g.fetch);
    run_for(&g, 500);
    assert_int_equal(mockex_count(&mock, "/v5/market/tickers"), b0);
    assert_int_equal(g.store->health[SRC_BINANCE].state, HEALTH_OK);
    rig_down(&g);
}

static void fetch_keeps_to_the_budget(void **state)
{
    (void)state;
    static const char *const many[] = {"A1", "A2", "A3", "A4", "A5", "A6", "A7",
                                       "A8", "A9", "A10", "A11", "A12", "A13", "A14",
                                       "A15", "A16", "A17", "A18", "A19", "A20"};
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.interval_s = 0.2; /* unbudgeted: 20 symbols / 0.2 s = 100 requests/s */
    cfg.adapters[SRC_GATE] = &fake_budget; /* 120 weight/min, weight 1 each */
    struct rig g;
    rig_up(&g, &cfg, many, 20);
    run_for(&g, 2000);
    long n = mockex_count(&mock, "/budget");
    struct fetch_stats st;
    fetch_get_stats(g.fetch, SRC_GATE, &st);
    /* burst of a quarter minute (30) plus 2/s refill */
    fprintf(stderr, "budget: %ld requests in 2 s (rpm %.0f, sent %llu)\n", n,
            g.store->health[SRC_GATE].requests_per_min, (unsigned long long)st.requests);
    assert_true(n >= 30);
    assert_true(n <= 30 + 4 + 1);
    assert_true((long)st.requests >= n && (long)st.requests <= n + 3); /* some in flight */
    assert_true(fabs(g.store->health[SRC_GATE].requests_per_min - (double)st.requests) <= 3);
    assert_int_equal(g.store->health[SRC_GATE].state, HEALTH_OK);
    /* budget_scale halves it */
    rig_down(&g);
    mockex_reset(&mock);
    cfg.budget_scale = 0.5;
    rig_up(&g, &cfg, many, 20);
    run_for(&g, 2000);
    n = mockex_count(&mock, "/budget");
    assert_true(n >= 15 && n <= 15 + 2 + 1);
    rig_down(&g);
}

static void fetch_spreads_per_symbol_requests(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.interval_s = 0.8;
    cfg.adapters[SRC_BINANCE] = &fake_binance;
    struct rig g;
    rig_up(&g, &cfg, SYMS, 3);
    int64_t end = loop_now_ms() + 5000;
    while (loop_now_ms() < end &&
           (g.rec.resp_sym[0] < 2 || g.rec.resp_sym[1] < 2 || g.rec.resp_sym[2] < 2))
        loop_run_once(g.loop, 20);
    /* round 1 together, round 2 at 0, 1/3 and 2/3 of the period */
    int64_t lo = INT64_MAX, hi = 0;
    for (int i = 0; i < 3; i++) {
        assert_true(g.rec.resp_sym[i] >= 2);
        int64_t t = g.rec.resp_t[i][1];
        lo = t < lo ? t : lo;
        hi = t > hi ? t : hi;
    }
    assert_true(hi - lo >= 400);
    rig_down(&g);
}

static void fetch_unlisted_symbol_does_not_take_the_source_down(void **state)
{
    (void)state;
    static const char *const syms[] = {"BTC", "XYZ", "NOPE"};
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.adapters[SRC_BINANCE] = &fake_binance;
    struct rig g;
    rig_up(&g, &cfg, syms, 3);
    int64_t end = loop_now_ms() + 5000;
    while (!fetch_first_round_done(g.fetch) && loop_now_ms() < end)
        loop_run_once(g.loop, 50);
    struct fetch_stats st;
    fetch_get_stats(g.fetch, SRC_BINANCE, &st);
    assert_int_equal(st.jobs, 3); /* premiumIndex + BTC + XYZ; NOPE has no market */
    assert_int_equal(g.store->health[SRC_BINANCE].state, HEALTH_OK);
    assert_string_equal(g.store->health[SRC_BINANCE].last_error,
                        "openInterest XYZ: HTTP 404 Not Found");
    rig_down(&g);
}

static void fetch_refuses_insecure_base_urls(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    rig_cfg(&cfg);
    cfg.adapters[SRC_BINANCE] = &fake_binance_all;
    snprintf(cfg.base_url[SRC_BINANCE], sizeof cfg.base_url[SRC_BINANCE], "http://example.com");
    struct loop *l = loop_new();
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, SYMS, 3);
    char err[300];
    struct fetch *f = fetch_new(l, s, &cfg, SYMS, 3, err, sizeof err);
    assert_null(f);
    assert_string_equal(err, "binance: refusing plain http to non-loopback host example.com "
                             "(http://example.com/); use https or set allow_insecure_http = yes");
    cfg.allow_insecure_http = 1;
    f = fetch_new(l, s, &cfg, SYMS, 3, err, sizeof err);
    assert_non_null(f);
    fetch_free(f);
    store_free(s);
    loop_free(l);
}

static void fetch_config_keys_load(void **state)
{
    (void)state;
    struct fetch_cfg cfg;
    fetch_cfg_default(&cfg);
    struct cfg_section sec = {"fetch", fetch_cfg_keys, fetch_cfg_n_keys, &cfg, NULL, NULL};
    char err[200];
    const char *text = "[fetch]\nallow_insecure_http = yes\ntimeout = 20\nconnect_timeout = 3\n"
                       "max_body_mib = 16\nmax_in_flight = 2\nbudget_scale = 0.5\n";
    assert_int_equal(config_load_string("t", text, &sec, 1, err, sizeof err), 0);
    assert_int_equal(cfg.allow_insecure_http, 1);
    assert_true(cfg.timeout_s == 20 && cfg.connect_timeout_s == 3);
    assert_true(cfg.max_body_mib == 16 && cfg.budget_scale == 0.5);
    assert_int_equal(cfg.max_in_flight, 2);
    assert_int_equal(config_load_string("t", "[fetch]\nbudget_scale = 2\n", &sec, 1, err, sizeof err),
                     -1);
}

/* ---- figures (opt-in): a default-like schedule against the mock ----
 *
 * Models what the real adapters are expected to poll at --interval 5 for 10
 * symbols (BTC ETH SOL XRP DOGE BNB ADA AVAX LINK LTC), with bodies sized like
 * the venues' real all-symbol answers (element sizes from
 * /work/shared/api-reference samples, symbol counts as listed today):
 *   binance: premiumIndex all (w10, 5 s, ~670 x 260 B), ticker/24hr all (w40,
 *     60 s, ~670 x 420 B), openInterest per symbol (w1, 5 s, 80 B), klines 1h
 *     per symbol (w2, 300 s, 100 x 150 B), depth per symbol (w5, 15 s, 100
 *     levels, ~4.5 KB);
 *   bybit: tickers all (5 s, ~500 x 700 B), kline per symbol (300 s, ~12 KB);
 *   okx: tickers all (5 s, ~250 x 380 B), liquidation-orders (15 s, ~25 KB);
 *   gate: liq_orders (15 s, ~4 KB), contract_stats per symbol (60 s, 400 B);
 *   hyperliquid: metaAndAssetCtxs (5 s, ~200 x 350 B), candleSnapshot per
 *     symbol (300 s, ~10 KB);
 *   feargreed: fng (300 s, 230 B); coingecko: global (120 s, 1.1 KB). */

struct bench_ep {
    enum source_id src;
    const char *kind;
    int per_symbol, period_s, weight;
    size_t bytes;
};
static const struct bench_ep bench_eps[] = {
    {SRC_BINANCE, "premiumIndex", 0, 0, 10, 670 * 260},
    {SRC_BINANCE, "ticker24hr", 0, 60, 40, 670 * 420},
    {SRC_BINANCE, "openInterest", 1, 0, 1, 80},
    {SRC_BINANCE, "klines", 1, 300, 2, 100 * 150},
    {SRC_BINANCE, "depth", 1, 15, 5, 4500},
    {SRC_BYBIT, "tickers", 0, 0, 1, 500 * 700},
    {SRC_BYBIT, "kline", 1, 300, 1, 12000},
    {SRC_OKX, "tickers", 0, 0, 1, 250 * 380},
    {SRC_OKX, "liquidation-orders", 0, 15, 1, 25000},
    {SRC_GATE, "liq_orders", 0, 15, 1, 4000},
    {SRC_GATE, "contract_stats", 1, 60, 1, 400},
    {SRC_HYPERLIQUID, "metaAndAssetCtxs", 0, 0, 20, 200 * 350},
    {SRC_HYPERLIQUID, "candleSnapshot", 1, 300, 20, 10000},
    {SRC_FEARGREED, "fng", 0, 300, 1, 230},
    {SRC_COINGECKO, "global", 0, 120, 1, 1100},
};
enum { N_BENCH = sizeof bench_eps / sizeof bench_eps[0] };

static int bench_build(int i, const char *sym, struct source_request *r)
{
    snprintf(r->kind, sizeof r->kind, "%s", bench_eps[i].kind);
    snprintf(r->path, sizeof r->path, "/bench/%s/%s%s%s", source_name(bench_eps[i].src),
             bench_eps[i].kind, sym ? "?symbol=" : "", sym ? sym : "");
    if (sym)
        snprintf(r->sym, sizeof r->sym, "%s", sym);
    return 0;
}
#define BB(i)                                                                                      \
    static int bench_build_##i(const char *sym, int64_t now, struct source_request *r)            \
    {                                                                                              \
        (void)now;                                                                                 \
        return bench_build(i, sym, r);                                                             \
    }
BB(0) BB(1) BB(2) BB(3) BB(4) BB(5) BB(6) BB(7) BB(8) BB(9) BB(10) BB(11) BB(12) BB(13) BB(14)
static int (*const bench_builders[N_BENCH])(const char *, int64_t, struct source_request *) = {
    bench_build_0, bench_build_1, bench_build_2,  bench_build_3,  bench_build_4,
    bench_build_5, bench_build_6, bench_build_7,  bench_build_8,  bench_build_9,
    bench_build_10, bench_build_11, bench_build_12, bench_build_13, bench_build_14};

static int bench_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                       struct recs *out, char *err, size_t errn)
{
    (void)kind, (void)ctx, (void)out;
    if (len < 2 || body[0] != '[') {
        snprintf(err, errn, "not an array");
        return -1;
    }
    return 0;
}

static void fetch_schedule_figures(void **state)
{
    (void)state;
    const char *secs_env = getenv("LIQTOP_FETCH_BENCH");
    double secs = secs_env ? atof(secs_env) : 0;
    if (!(secs > 0)) {
        skip();
        return;
    }
    static const char *const syms[] = {"BTC", "ETH", "SOL", "XRP", "DOGE",
                                       "BNB", "ADA", "AVAX", "LINK", "LTC"};
    static const double budgets[SRC_COUNT] = {1200, 3000, 600, 600, 600, 60, 5};
    static struct endpoint eps[SRC_COUNT][8];
    static struct venue_adapter ad[SRC_COUNT];
    size_t ne[SRC_COUNT] = {0};
    char mapbuf[4096];
    size_t mo = 0;
    for (int i = 0; i < N_BENCH; i++) {
        const struct bench_ep *b = &bench_eps[i];
        eps[b->src][ne[b->src]++] =
            (struct endpoint){b->kind, b->per_symbol, b->period_s, b->weight, bench_builders[i], 0};
        char name[80], *body = malloc(b->bytes + 1);
        body[0] = '[';
        memset(body + 1, ' ', b->bytes - 2);
        body[b->bytes - 1] = ']';
        body[b->bytes] = '\0';
        snprintf(name, sizeof name, "bench_%d.json", i);
        mockdir_write(dir, name, body);
        free(body);
        mo += (size_t)snprintf(mapbuf + mo, sizeof mapbuf - mo, "GET /bench/%s/%s %s\n",
                               source_name(b->src), b->kind, name);
    }
    mockdir_write(dir, "bench.map", mapbuf);
    struct mockex m2;
    assert_int_equal(mockex_start_map(&m2, dir, "bench.map"), 0);
    struct fetch_cfg cfg;
    fetch_cfg_default(&cfg);
    cfg.interval_s = 5;
    for (int s = 0; s < SRC_COUNT; s++) {
        if (!ne[s])
            continue;
        ad[s] = (struct venue_adapter){(enum source_id)s, "https://x", eps[s], ne[s], budgets[s],
                                       bench_parse, NULL};
        cfg.adapters[s] = &ad[s];
        snprintf(cfg.base_url[s], sizeof cfg.base_url[s], "%s", m2.base);
    }
    struct rig g;
    rig_up(&g, &cfg, syms, 10);
    run_for(&g, (int64_t)(secs * 1000));
    double per_min = 60.0 / secs;
    uint64_t treq = 0, tbytes = 0;
    fprintf(stderr, "schedule over %.0f s, interval 5 s, 10 symbols:\n", secs);
    for (int s = 0; s < SRC_COUNT; s++) {
        if (!ne[s])
            continue;
        struct fetch_stats st;
        fetch_get_stats(g.fetch, (enum source_id)s, &st);
        fprintf(stderr, "  %-12s jobs %3zu  %6.1f req/min  %8.1f KiB/min  failures %llu  state %d\n",
                source_name((enum source_id)s), st.jobs, (double)st.requests * per_min,
                (double)st.bytes * per_min / 1024.0, (unsigned long long)st.failures,
                g.store->health[s].state);
        treq += st.requests;
        tbytes += st.bytes;
    }
    fprintf(stderr, "  total        %6.1f req/min  %8.1f KiB/min (mock sent %.1f KiB/min)\n",
            (double)treq * per_min, (double)tbytes * per_min / 1024.0,
            (double)mockex_bytes(&m2) * per_min / 1024.0);
    rig_down(&g);
    mockex_stop(&m2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(fetch_first_round_fills_the_store, reset),
        cmocka_unit_test_setup(fetch_source_goes_down_with_reason_and_recovers, reset),
        cmocka_unit_test_setup(fetch_names_parse_and_body_errors, reset),
        cmocka_unit_test_setup(fetch_reports_timeouts_and_refused_connections, reset),
        cmocka_unit_test_setup(fetch_unreachable_host_is_probed_not_hammered, reset),
        cmocka_unit_test_setup(fetch_marks_slow_sources_stale, reset),
        cmocka_unit_test_setup(fetch_backoff_grows, reset),
        cmocka_unit_test_setup(fetch_honours_rate_limits, reset),
        cmocka_unit_test_setup(fetch_keeps_to_the_budget, reset),
        cmocka_unit_test_setup(fetch_spreads_per_symbol_requests, reset),
        cmocka_unit_test_setup(fetch_unlisted_symbol_does_not_take_the_source_down, reset),
        cmocka_unit_test_setup(fetch_refuses_insecure_base_urls, reset),
        cmocka_unit_test(fetch_config_keys_load),
        cmocka_unit_test_setup(fetch_schedule_figures, reset),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
