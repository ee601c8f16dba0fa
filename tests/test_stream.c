/* stream: the three liquidation streams against mockws servers: store
 * totals equal what was sent, reconnect + resubscribe, health transitions,
 * rotation without a gap, keepalives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/loop.h"
#include "liqtop/record.h"
#include "liqtop/store.h"
#include "liqtop/stream.h"
#include "mock/mockws_spawn.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* All test events fall in one minute (one store bucket per venue), so the
 * store adds them in arrival order, the order expected sums are made in. */
#define T0 1718000040000LL /* minute-aligned */

static const char *const syms[] = {"BTC", "ETH"};

/* Expected sums per asset (index in syms) and side: the store keeps one
 * bucket per asset and venue and adds the assets in order, so the expected
 * total is summed the same way to compare doubles exactly. */
struct expect {
    double usd[2][2];
    uint32_t count[2];
};

static int sym_index(const char *sym)
{
    return strcmp(sym, "BTC") == 0 ? 0 : 1;
}

struct health_ev {
    enum source_id src;
    enum health_state old, now;
    char reason[160];
};

struct t {
    struct loop *loop;
    struct store *store;
    struct streams *st;
    struct health_ev ev[32];
    int n_ev;
    int journaled[SRC_COUNT];
    char last_kind[SRC_COUNT][32];
    int updates;
};

static void on_message(void *user, int64_t t_ms, enum source_id src, const char *kind,
                       const char *msg, size_t len)
{
    struct t *t = user;
    assert_true(t_ms > 1600000000000LL); /* the wall clock */
    assert_true(len > 0 && msg);
    t->journaled[src]++;
    snprintf(t->last_kind[src], sizeof t->last_kind[src], "%s", kind);
}

static void on_health(void *user, enum source_id src, enum health_state old, enum health_state now,
                      const char *reason)
{
    struct t *t = user;
    if (t->n_ev < 32) {
        struct health_ev *e = &t->ev[t->n_ev++];
        e->src = src;
        e->old = old;
        e->now = now;
        snprintf(e->reason, sizeof e->reason, "%s", reason);
    }
}

static void on_update(void *user, enum source_id src, int64_t now)
{
    (void)src;
    (void)now;
    struct t *t = user;
    t->updates++;
}

static void t_init(struct t *t)
{
    memset(t, 0, sizeof *t);
    t->loop = loop_new();
    struct store_cfg sc;
    store_cfg_default(&sc);
    t->store = store_new(&sc, syms, 2);
    assert_non_null(t->store);
    /* OKX contract sizes, as the REST instruments endpoint would teach them */
    struct recs r;
    recs_init(&r);
    recs_add_contract(&r, "BTC")->base_per_contract = 0.01;
    recs_add_contract(&r, "ETH")->base_per_contract = 0.1;
    store_apply(t->store, VENUE_OKX, &r, T0);
    recs_done(&r);
}

static void t_start(struct t *t, struct stream_cfg *cfg)
{
    char err[256];
    t->st = streams_new(t->loop, t->store, cfg, syms, 2, err, sizeof err);
    if (!t->st)
        fail_msg("streams_new: %s", err);
    struct stream_callbacks cb = {on_message, on_health, on_update, t};
    streams_set_callbacks(t->st, &cb);
    assert_int_equal(streams_start(t->st, err, sizeof err), 0);
}

static void t_done(struct t *t)
{
    streams_free(t->st);
    store_free(t->store);
    loop_free(t->loop);
}

static void totals(struct t *t, enum venue_id v, struct liq_totals *out)
{
    memset(out, 0, sizeof *out);
    store_liq_totals(t->store, -1, (int)v, T0 - 3600000, T0 + 3600000, out);
}

static int count_of(struct t *t, enum venue_id v)
{
    struct liq_totals lt;
    totals(t, v, &lt);
    return (int)(lt.count[0] + lt.count[1]);
}

/* Run the loop until the venue counts reach the wanted ones or ms pass. */
static void run_until_counts(struct t *t, int bn, int by, int ok, int ms)
{
    int64_t end = loop_now_ms() + ms;
    while (loop_now_ms() < end) {
        if (count_of(t, VENUE_BINANCE) >= bn && count_of(t, VENUE_BYBIT) >= by &&
            count_of(t, VENUE_OKX) >= ok)
            return;
        loop_run_once(t->loop, 20);
    }
}

static void run_for(struct t *t, int ms)
{
    int64_t end = loop_now_ms() + ms;
    while (loop_now_ms() < end)
        loop_run_once(t->loop, 20);
}

static void cfg_for(struct stream_cfg *cfg, const struct mockws *bn, const struct mockws *by,
                    const struct mockws *ok)
{
    stream_cfg_default(cfg);
    const struct mockws *m[3] = {bn, by, ok};
    for (int i = 0; i < 3; i++) {
        if (m[i])
            snprintf(cfg->base[i], sizeof cfg->base[i], "ws://127.0.0.1:%d", m[i]->port);
        else
            cfg->enabled[i] = 0;
    }
    cfg->backoff_min_ms = 50;
    cfg->backoff_max_ms = 200;
}

/* t_init, then start streams at the given mocks (NULL: that venue disabled). */
static void t_begin(struct t *t, const struct mockws *bn, const struct mockws *by,
                    const struct mockws *ok)
{
    t_init(t);
    struct stream_cfg cfg;
    cfg_for(&cfg, bn, by, ok);
    t_start(t, &cfg);
}

static void assert_totals(struct t *t, enum venue_id v, const struct expect *e)
{
    struct liq_totals lt;
    totals(t, v, &lt);
    for (int s = 0; s < 2; s++) {
        double want = 0;
        want += e->usd[0][s];
        want += e->usd[1][s];
        if (lt.count[s] != e->count[s] || lt.usd[s] != want)
            fail_msg("%s side %d: count %u usd %.10f, want %u %.10f", venue_name(v), s,
                     lt.count[s], lt.usd[s], e->count[s], want);
    }
    assert_int_equal(lt.estimated, 0);
}

/* Script builders: append a line. */
static void add(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t n, const char *fmt, ...)
{
    size_t l = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + l, n - l, fmt, ap);
    va_end(ap);
}

static void binance_msg(char *script, size_t n, struct expect *e, int i, const char *sym, int sell,
                        double qty, double price)
{
    add(script, n,
        "text {\"e\":\"forceOrder\",\"E\":%lld,\"o\":{\"s\":\"%sUSDT\",\"S\":\"%s\",\"o\":\"LIMIT\","
        "\"f\":\"IOC\",\"q\":\"%.17g\",\"p\":\"%.17g\",\"ap\":\"%.17g\",\"X\":\"FILLED\",\"l\":\"%.17g\","
        "\"z\":\"%.17g\",\"T\":%lld}}\n",
        (long long)(T0 + i * 100 + 5), sym, sell ? "SELL" : "BUY", qty, price + 7, price, qty, qty,
        (long long)(T0 + i * 100));
    if (e) {
        int side = sell ? LIQ_LONG : LIQ_SHORT;
        e->usd[sym_index(sym)][side] += qty * price;
        e->count[side]++;
    }
}

static void bybit_msg(char *script, size_t n, struct expect *e, int i, const char *sym, int buy,
                      double v, double p)
{
    add(script, n,
        "text {\"topic\":\"allLiquidation.%sUSDT\",\"type\":\"snapshot\",\"ts\":%lld,\"data\":[{\"T\":%lld,"
        "\"s\":\"%sUSDT\",\"S\":\"%s\",\"v\":\"%.17g\",\"p\":\"%.17g\"}]}\n",
        sym, (long long)(T0 + i * 100 + 50), (long long)(T0 + i * 100), sym, buy ? "Buy" : "Sell",
        v, p);
    if (e) {
        int side = buy ? LIQ_LONG : LIQ_SHORT;
        e->usd[sym_index(sym)][side] += v * p;
        e->count[side]++;
    }
}

static void okx_msg(char *script, size_t n, struct expect *e, int i, const char *sym, int sell,
                    int sz, double px)
{
    add(script, n,
        "text {\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":"
        "[{\"bkLoss\":\"0\",\"bkPx\":\"%.17g\",\"ccy\":\"\",\"posSide\":\"%s\",\"side\":\"%s\",\"sz\":\"%d\","
        "\"ts\":\"%lld\"}],\"instFamily\":\"%s-USDT\",\"instId\":\"%s-USDT-SWAP\",\"instType\":\"SWAP\","
        "\"uly\":\"%s-USDT\"}]}\n",
        px, sell ? "long" : "short", sell ? "sell" : "buy", sz, (long long)(T0 + i * 100), sym, sym,
        sym);
    if (e) {
        int side = sell ? LIQ_LONG : LIQ_SHORT;
        double ct = strcmp(sym, "BTC") == 0 ? 0.01 : 0.1;
        double qty = sz * ct;
        e->usd[sym_index(sym)][side] += qty * px;
        e->count[side]++;
    }
}

static void totals_match_what_the_mocks_sent(void **state)
{
    (void)state;
    static char sb[65536], sy[65536], so[65536];
    struct expect eb = {{{0, 0}, {0, 0}}, {0, 0}}, ey = eb, eo = eb;
    sb[0] = sy[0] = so[0] = '\0';
    add(sb, sizeof sb, "accept\n");
    add(sy, sizeof sy, "accept\nexpect-text\n");
    add(sy, sizeof sy, "text {\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"c1\",\"req_id\":\"liqtop-1\",\"op\":\"subscribe\"}\n");
    add(so, sizeof so, "accept\nexpect-text\n");
    add(so, sizeof so, "text {\"id\":\"liqtop1\",\"event\":\"subscribe\",\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"connId\":\"x\"}\n");
    for (int i = 0; i < 40; i++) {
        const char *sym = i % 3 ? "BTC" : "ETH";
        binance_msg(sb, sizeof sb, &eb, i, sym, i % 2, 0.001 * (i + 1), 60000.5 + i * 13.25);
        bybit_msg(sy, sizeof sy, &ey, i, sym, i % 4 != 0, 0.01 * (i + 3), 59990.25 + i);
        okx_msg(so, sizeof so, &eo, i, sym, i % 5 != 0, 2 + i, 61000.1 + i * 0.5);
    }
    /* an untracked symbol and a control message change nothing */
    binance_msg(sb, sizeof sb, NULL, 99, "DOGE", 1, 100, 0.125);
    add(sy, sizeof sy, "text {\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c1\",\"req_id\":\"\",\"op\":\"ping\"}\n");
    add(so, sizeof so, "text pong\n");
    add(sb, sizeof sb, "wait 2000\n");
    add(sy, sizeof sy, "wait 2000\n");
    add(so, sizeof so, "wait 2000\n");
    struct mockws mb, my, mo;
    assert_int_equal(mockws_start(&mb, sb), 0);
    assert_int_equal(mockws_start(&my, sy), 0);
    assert_int_equal(mockws_start(&mo, so), 0);
    struct t t;
    t_begin(&t, &mb, &my, &mo);
    run_until_counts(&t, 40, 40, 40, 8000);
    run_for(&t, 100); /* nothing more arrives */
    assert_totals(&t, VENUE_BINANCE, &eb);
    assert_totals(&t, VENUE_BYBIT, &ey);
    assert_totals(&t, VENUE_OKX, &eo);
    for (int s = SRC_BINANCE_WS; s <= SRC_OKX_WS; s++) {
        const struct source_health *h = &t.store->health[s];
        assert_int_equal(h->state, HEALTH_OK);
        assert_int_equal(h->errors, 0);
        assert_true(h->last_ok_ms > 0);
    }
    /* messages: 41 binance; bybit 40 + ack + pong; okx 40 + ack + pong */
    assert_int_equal(t.store->health[SRC_BINANCE_WS].requests, 41);
    assert_int_equal(t.store->health[SRC_BYBIT_WS].requests, 42);
    assert_int_equal(t.store->health[SRC_OKX_WS].requests, 42);
    /* journaled: data only, not acks or pongs */
    assert_int_equal(t.journaled[SRC_BINANCE_WS], 41);
    assert_int_equal(t.journaled[SRC_BYBIT_WS], 40);
    assert_int_equal(t.journaled[SRC_OKX_WS], 40);
    assert_string_equal(t.last_kind[SRC_BINANCE_WS], "forceOrder");
    assert_string_equal(t.last_kind[SRC_BYBIT_WS], "allLiquidation");
    assert_string_equal(t.last_kind[SRC_OKX_WS], "liquidation-orders");
    assert_true(t.updates >= 120);
    assert_non_null(strstr(t.store->health[SRC_BINANCE_WS].note, "lower bound"));
    assert_true(stream_lower_bound(SRC_BINANCE_WS));
    assert_false(stream_lower_bound(SRC_BYBIT_WS));
    /* the recent-events feed carries venue and side */
    const struct liq_event *ev = store_liq_recent(t.store, store_find(t.store, "BTC"), 0);
    assert_non_null(ev);
    t_done(&t);
    mockws_finish(&mb, 5000);
    mockws_finish(&my, 5000);
    mockws_finish(&mo, 5000);
    assert_int_equal(mockws_log_count(&mb, "request GET /ws/!forceOrder@arr"), 1);
    assert_int_equal(mockws_log_count(&my, "request GET /v5/public/linear"), 1);
    assert_int_equal(mockws_log_count(&mo, "request GET /ws/v5/public"), 1);
    assert_int_equal(mockws_log_count(&my, "recv text masked 97 {\"req_id\":\"liqtop-1\",\"op\":\"subscribe\","
                                           "\"args\":[\"allLiquidation.BTCUSDT\",\"allLiquidation.ETHUSDT\"]}"),
                     1);
    assert_int_equal(mockws_log_count(&mo, "{\"id\":\"liqtop1\",\"op\":\"subscribe\",\"args\":[{\"channel\":"
                                           "\"liquidation-orders\",\"instType\":\"SWAP\"}]}"),
                     1);
    mockws_cleanup(&mb);
    mockws_cleanup(&my);
    mockws_cleanup(&mo);
}

static int find_ev(const struct t *t, enum source_id src, enum health_state old,
                   enum health_state now, const char *reason_part)
{
    for (int i = 0; i < t->n_ev; i++)
        if (t->ev[i].src == src && t->ev[i].old == old && t->ev[i].now == now &&
            (!reason_part || strstr(t->ev[i].reason, reason_part)))
            return i;
    return -1;
}

/* Run the loop until src went from old to now, or ms pass. */
static void run_until_ev(struct t *t, enum source_id src, enum health_state old,
                         enum health_state now, int ms)
{
    int64_t end = loop_now_ms() + ms;
    while (loop_now_ms() < end && find_ev(t, src, old, now, NULL) < 0)
        loop_run_once(t->loop, 20);
}

static void reconnect_and_resubscribe_after_abrupt_disconnect(void **state)
{
    (void)state;
    static char sy[16384];
    struct expect ey = {{{0, 0}, {0, 0}}, {0, 0}};
    sy[0] = '\0';
    add(sy, sizeof sy, "accept\nexpect-text\n");
    for (int i = 0; i < 5; i++)
        bybit_msg(sy, sizeof sy, &ey, i, "BTC", i % 2, 0.5 + i, 64000.5);
    add(sy, sizeof sy, "wait 200\ndrop\naccept\nexpect-text\n");
    for (int i = 5; i < 12; i++)
        bybit_msg(sy, sizeof sy, &ey, i, "ETH", i % 2, 0.25 * i, 3000.25);
    add(sy, sizeof sy, "wait 1500\n");
    struct mockws my;
    assert_int_equal(mockws_start(&my, sy), 0);
    struct t t;
    t_begin(&t, NULL, &my, NULL);
    run_until_counts(&t, 0, 12, 0, 8000);
    assert_totals(&t, VENUE_BYBIT, &ey);
    const struct source_health *h = &t.store->health[SRC_BYBIT_WS];
    assert_int_equal(h->state, HEALTH_OK);
    assert_int_equal(h->errors, 1);
    assert_non_null(strstr(h->last_error, "without a close frame"));
    int a = find_ev(&t, SRC_BYBIT_WS, HEALTH_UNKNOWN, HEALTH_OK, NULL);
    int b = find_ev(&t, SRC_BYBIT_WS, HEALTH_OK, HEALTH_STALE, "without a close frame");
    int c = find_ev(&t, SRC_BYBIT_WS, HEALTH_STALE, HEALTH_OK, NULL);
    assert_true(a >= 0 && b > a && c > b);
    assert_int_equal(t.store->health[SRC_BINANCE_WS].state, HEALTH_DISABLED);
    t_done(&t);
    mockws_finish(&my, 5000);
    assert_int_equal(mockws_log_count(&my, "conn 2"), 1);
    assert_int_equal(mockws_log_count(&my, "\"op\":\"subscribe\",\"args\":[\"allLiquidation.BTCUSDT\","
                                           "\"allLiquidation.ETHUSDT\"]"),
                     2); /* subscribed again after the reconnect */
    mockws_cleanup(&my);
}

static void server_close_then_refused_goes_stale_then_down(void **state)
{
    (void)state;
    struct mockws mb;
    assert_int_equal(mockws_start(&mb, "accept\nclose 1001\n"), 0);
    struct t t;
    t_begin(&t, &mb, NULL, NULL);
    /* the mock exits after the close: the reconnects are refused */
    run_until_ev(&t, SRC_BINANCE_WS, HEALTH_STALE, HEALTH_DOWN, 5000);
    int a = find_ev(&t, SRC_BINANCE_WS, HEALTH_UNKNOWN, HEALTH_OK, "connected");
    int b = find_ev(&t, SRC_BINANCE_WS, HEALTH_OK, HEALTH_STALE, "closed by server (1001 going away)");
    int c = find_ev(&t, SRC_BINANCE_WS, HEALTH_STALE, HEALTH_DOWN, "connect failed");
    if (!(a >= 0 && b > a && c > b))
        fail_msg("transitions a=%d b=%d c=%d (n=%d)", a, b, c, t.n_ev);
    const struct source_health *h = &t.store->health[SRC_BINANCE_WS];
    assert_int_equal(h->state, HEALTH_DOWN);
    assert_true(h->retry_at_ms > 0);
    assert_true(h->errors >= 2);
    t_done(&t);
    mockws_finish(&mb, 3000);
    assert_int_equal(mockws_log_count(&mb, "recv close masked 1001"), 1);
    mockws_cleanup(&mb);
}

static void subscription_refused_is_down(void **state)
{
    (void)state;
    struct mockws mo;
    assert_int_equal(mockws_start(&mo, "accept\nexpect-text\n"
                                       "text {\"id\":\"liqtop1\",\"event\":\"error\",\"code\":\"60018\","
                                       "\"msg\":\"Wrong URL or channel doesn't exist.\",\"connId\":\"z\"}\n"
                                       "expect-close 3000\n"),
                     0);
    struct t t;
    t_begin(&t, NULL, NULL, &mo);
    run_until_ev(&t, SRC_OKX_WS, HEALTH_OK, HEALTH_DOWN, 5000);
    int d = find_ev(&t, SRC_OKX_WS, HEALTH_OK, HEALTH_DOWN, "request rejected: 60018 Wrong URL");
    if (d < 0)
        fail_msg("no OK->DOWN with the venue's reason (n=%d, last '%s')", t.n_ev,
                 t.store->health[SRC_OKX_WS].last_error);
    assert_int_equal(t.journaled[SRC_OKX_WS], 1); /* the refusal is journaled */
    t_done(&t);
    mockws_finish(&mo, 3000);
    assert_int_equal(mockws_log_count(&mo, "recv close masked 1000"), 1);
    mockws_cleanup(&mo);
}

static void malformed_message_is_counted_and_skipped(void **state)
{
    (void)state;
    static char sb[8192];
    struct expect eb = {{{0, 0}, {0, 0}}, {0, 0}};
    sb[0] = '\0';
    add(sb, sizeof sb, "accept\ntext {\"e\":\"forceOrder\",\"E\":1,\"o\":{}}\n");
    binance_msg(sb, sizeof sb, &eb, 1, "BTC", 1, 0.5, 64000);
    add(sb, sizeof sb, "wait 1000\n");
    struct mockws mb;
    assert_int_equal(mockws_start(&mb, sb), 0);
    struct t t;
    t_begin(&t, &mb, NULL, NULL);
    run_until_counts(&t, 1, 0, 0, 5000);
    assert_totals(&t, VENUE_BINANCE, &eb);
    const struct source_health *h = &t.store->health[SRC_BINANCE_WS];
    assert_int_equal(h->state, HEALTH_OK);
    assert_int_equal(h->errors, 1);
    assert_string_equal(h->last_error, "binance_ws message: forceOrder.o.s: missing");
    t_done(&t);
    mockws_finish(&mb, 3000);
    mockws_cleanup(&mb);
}

/* Rotation opens the new connection before closing the old one: events
 * keep flowing, health never leaves OK, and the old connection is closed
 * with 1000. */
static void rotation_makes_before_it_breaks(void **state)
{
    (void)state;
    static char sb[16384];
    struct expect eb = {{{0, 0}, {0, 0}}, {0, 0}};
    sb[0] = '\0';
    add(sb, sizeof sb, "accept\n");
    binance_msg(sb, sizeof sb, &eb, 1, "BTC", 1, 0.5, 64000);
    add(sb, sizeof sb, "wait 200\naccept-keep\n");
    binance_msg(sb, sizeof sb, &eb, 2, "ETH", 0, 2, 3000.5);
    add(sb, sizeof sb, "parked-expect-close 3000\nwait 500\n");
    struct mockws mb;
    assert_int_equal(mockws_start(&mb, sb), 0);
    struct t t;
    t_init(&t);
    struct stream_cfg cfg;
    cfg_for(&cfg, &mb, NULL, NULL);
    cfg.rotate_after_ms[STREAM_INDEX(SRC_BINANCE_WS)] = 300;
    t_start(&t, &cfg);
    run_until_counts(&t, 2, 0, 0, 5000);
    run_for(&t, 300);
    assert_totals(&t, VENUE_BINANCE, &eb);
    assert_int_equal(t.store->health[SRC_BINANCE_WS].state, HEALTH_OK);
    assert_int_equal(find_ev(&t, SRC_BINANCE_WS, HEALTH_OK, HEALTH_STALE, NULL), -1);
    t_done(&t);
    mockws_finish(&mb, 5000);
    assert_int_equal(mockws_log_count(&mb, "conn 2"), 1);
    assert_int_equal(mockws_log_count(&mb, "parked recv close masked 1000"), 1);
    mockws_cleanup(&mb);
}

static void keepalives_are_sent(void **state)
{
    (void)state;
    struct mockws my, mo;
    assert_int_equal(mockws_start(&my, "accept\nwait 700\n"), 0);
    assert_int_equal(mockws_start(&mo, "accept\nwait 700\n"), 0);
    struct t t;
    t_init(&t);
    struct stream_cfg cfg;
    cfg_for(&cfg, NULL, &my, &mo);
    cfg.bybit_ping_ms = 100;
    cfg.okx_ping_ms = 100;
    t_start(&t, &cfg);
    run_for(&t, 600);
    t_done(&t);
    mockws_finish(&my, 3000);
    mockws_finish(&mo, 3000);
    assert_true(mockws_log_count(&my, "{\"req_id\":\"liqtop-ping\",\"op\":\"ping\"}") >= 3);
    assert_true(mockws_log_count(&mo, "recv text masked 4 ping") >= 3);
    mockws_cleanup(&my);
    mockws_cleanup(&mo);
}

static void bad_endpoint_is_refused_up_front(void **state)
{
    (void)state;
    struct t t;
    t_init(&t);
    struct stream_cfg cfg;
    stream_cfg_default(&cfg);
    snprintf(cfg.base[STREAM_INDEX(SRC_OKX_WS)], 256, "ws://10.1.2.3:8443");
    char err[256];
    assert_null(streams_new(t.loop, t.store, &cfg, syms, 2, err, sizeof err));
    assert_non_null(strstr(err, "okx_ws endpoint"));
    assert_non_null(strstr(err, "loopback"));
    snprintf(cfg.base[STREAM_INDEX(SRC_OKX_WS)], 256, "https://ws.okx.com:8443");
    assert_null(streams_new(t.loop, t.store, &cfg, syms, 2, err, sizeof err));
    cfg.base[STREAM_INDEX(SRC_OKX_WS)][0] = '\0';
    t.st = streams_new(t.loop, t.store, &cfg, syms, 2, err, sizeof err);
    assert_non_null(t.st);
    assert_string_equal(streams_url(t.st, SRC_BINANCE_WS), "wss://fstream.binance.com/ws/!forceOrder@arr");
    assert_string_equal(streams_url(t.st, SRC_BYBIT_WS), "wss://stream.bybit.com/v5/public/linear");
    assert_string_equal(streams_url(t.st, SRC_OKX_WS), "wss://ws.okx.com:8443/ws/v5/public");
    t_done(&t); /* never started: no connection was made */
}

static double fixed_ctval(const void *user, const char *sym)
{
    (void)user;
    (void)sym;
    return 0.01;
}

/* Deterministic mutations of every fixture (byte flips, truncation,
 * insertions): the parsers return a status and never crash (ASan/UBSan in
 * `make asan`), and an error never leaves records behind. */
static void parsers_survive_mutations(void **state)
{
    (void)state;
    static const struct {
        enum source_id src;
        const char *file;
    } fx[] = {
        {SRC_BINANCE_WS, "binance_ws/forceOrder.json"},
        {SRC_BINANCE_WS, "binance_ws/forceOrder_combined.json"},
        {SRC_BYBIT_WS, "bybit_ws/allLiquidation.json"},
        {SRC_BYBIT_WS, "bybit_ws/subscribe_refused.json"},
        {SRC_OKX_WS, "okx_ws/liquidation-orders.json"},
        {SRC_OKX_WS, "okx_ws/error.json"},
    };
    static const char junk[] = "\"{}[],:0-9eE.+\\\x00\xff\xc3";
    struct parse_ctx ctx = {NULL, 0, NULL, fixed_ctval, NULL};
    struct recs r;
    recs_init(&r);
    uint64_t x = 0x2545F4914F6CDD1DULL;
    int counts[4] = {0, 0, 0, 0};
    for (size_t f = 0; f < sizeof fx / sizeof fx[0]; f++) {
        size_t len;
        char *orig = tu_fixture(fx[f].file, &len);
        char *buf = malloc(len + 64);
        for (int round = 0; round < 3000; round++) {
            memcpy(buf, orig, len);
            size_t n = len;
            int edits = 1 + round % 4;
            for (int e = 0; e < edits; e++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                size_t at = (size_t)(x % n);
                switch ((x >> 32) % 3) {
                case 0: buf[at] = junk[(x >> 40) % (sizeof junk - 1)]; break;
                case 1: n = at ? at : 1; break;
                default:
                    if (n < len + 60) {
                        memmove(buf + at + 1, buf + at, n - at);
                        buf[at] = junk[(x >> 40) % (sizeof junk - 1)];
                        n++;
                    }
                }
            }
            recs_clear(&r);
            char err[200];
            int rc = stream_parse(fx[f].src, buf, n, &ctx, &r, err, sizeof err);
            assert_true(rc >= STREAM_MSG_ERROR && rc <= STREAM_MSG_REJECTED);
            counts[rc + 1]++;
            if (rc == STREAM_MSG_ERROR) {
                assert_int_equal(r.n_liqs, 0);
                assert_true(err[0] != '\0');
            }
            for (size_t i = 0; i < r.n_liqs; i++) {
                const char *why;
                assert_true(stream_liq_plausible(&r.liqs[i], &why));
            }
        }
        free(buf);
        free(orig);
    }
    assert_true(counts[0] > 1000); /* most mutations are errors */
    assert_true(counts[1] > 0);    /* some still parse */
    recs_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totals_match_what_the_mocks_sent),
        cmocka_unit_test(reconnect_and_resubscribe_after_abrupt_disconnect),
        cmocka_unit_test(server_close_then_refused_goes_stale_then_down),
        cmocka_unit_test(subscription_refused_is_down),
        cmocka_unit_test(malformed_message_is_counted_and_skipped),
        cmocka_unit_test(rotation_makes_before_it_breaks),
        cmocka_unit_test(keepalives_are_sent),
        cmocka_unit_test(bad_endpoint_is_refused_up_front),
        cmocka_unit_test(parsers_survive_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
