/* wsbench: how many messages per second the WebSocket client sustains on
 * loopback, and the CPU it costs (not a test; numbers for the report).
 *
 *   BUILD=build build/tests/wsbench [N] [ws|stream]
 *
 * Starts build/tests/mockws, which floods N small forceOrder messages
 * (~230 bytes) as fast as it can. "ws": the bare client (ws.c) counts them;
 * "stream": the binance_ws stream parses each one and adds it to a store.
 * Prints wall time, messages/s, and this process's user+sys CPU seconds per
 * 100k messages (the mock's own CPU is not counted). */
#include "liqtop/loop.h"
#include "liqtop/store.h"
#include "liqtop/stream.h"
#include "liqtop/ws.h"
#include "mock/mockws_spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static long got;
static double t_first, c_first;

static double cpu_s(void);

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void first_seen(void)
{
    if (t_first == 0) {
        t_first = now_s();
        c_first = cpu_s();
    }
}

static void on_msg(struct ws *ws, void *user, int binary, const char *data, size_t len)
{
    (void)ws;
    (void)user;
    (void)binary;
    (void)data;
    (void)len;
    first_seen();
    got++;
}

static void on_journal(void *user, int64_t t_ms, enum source_id src, const char *kind,
                       const char *msg, size_t len)
{
    (void)user;
    (void)t_ms;
    (void)src;
    (void)kind;
    (void)msg;
    (void)len;
    first_seen();
}

static void on_close(struct ws *ws, void *user, const struct ws_close_info *info)
{
    (void)ws;
    int *closed = user;
    *closed = 1;
    fprintf(stderr, "wsbench: closed: %s\n", info->reason);
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    const char *mode = argc > 2 ? argv[2] : "ws";
    char script[1024];
    snprintf(script, sizeof script,
             "accept\nwait 100\nflood %ld {\"e\":\"forceOrder\",\"E\":1718000040000,\"o\":{\"s\":\"BTCUSDT\","
             "\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"{i}.5\",\"p\":\"1.5\",\"ap\":\"1.25\","
             "\"X\":\"FILLED\",\"l\":\"{i}.5\",\"z\":\"{i}.5\",\"T\":1718000040000}}\nwait 60000\n",
             n);
    struct mockws m;
    if (mockws_start(&m, script) != 0)
        return 1;
    struct loop *loop = loop_new();
    int closed = 0;
    struct ws *ws = NULL;
    struct store *store = NULL;
    struct streams *st = NULL;
    char url[128], err[256];
    if (strcmp(mode, "stream") == 0) {
        static const char *const syms[] = {"BTC"};
        struct store_cfg sc;
        store_cfg_default(&sc);
        store = store_new(&sc, syms, 1);
        struct stream_cfg cfg;
        stream_cfg_default(&cfg);
        cfg.enabled[1] = cfg.enabled[2] = 0;
        snprintf(cfg.base[0], sizeof cfg.base[0], "ws://127.0.0.1:%d", m.port);
        st = streams_new(loop, store, &cfg, syms, 1, err, sizeof err);
        struct stream_callbacks cb = {on_journal, NULL, NULL, NULL};
        if (st)
            streams_set_callbacks(st, &cb);
        if (!st || streams_start(st, err, sizeof err) != 0) {
            fprintf(stderr, "wsbench: %s\n", err);
            return 1;
        }
    } else {
        struct ws_cfg cfg;
        ws_cfg_default(&cfg);
        struct ws_handler h = {NULL, on_msg, on_close};
        ws = ws_new(loop, &cfg, &h, &closed);
        snprintf(url, sizeof url, "ws://127.0.0.1:%d/bench", m.port);
        if (ws_connect(ws, url, err, sizeof err) != 0) {
            fprintf(stderr, "wsbench: %s\n", err);
            return 1;
        }
    }
    /* time and CPU from the first message to the last */
    int64_t deadline = loop_now_ms() + 120000;
    for (;;) {
        long have = st ? (long)store->health[SRC_BINANCE_WS].requests : got;
        if (have >= n || closed || loop_now_ms() > deadline)
            break;
        loop_run_once(loop, 100);
    }
    double t1 = now_s();
    double c1 = cpu_s();
    long have = st ? (long)store->health[SRC_BINANCE_WS].requests : got;
    double secs = t1 - t_first;
    double c0 = c_first;
    printf("mode %s: %ld messages in %.3f s = %.0f msg/s; client CPU %.3f s user+sys = %.3f s per "
           "100k messages\n",
           mode, have, secs, secs > 0 ? (double)have / secs : 0.0, c1 - c0,
           have ? (c1 - c0) * 100000.0 / (double)have : 0.0);
    if (st) {
        struct liq_totals lt;
        memset(&lt, 0, sizeof lt);
        store_liq_totals(store, -1, VENUE_BINANCE, 1718000040000LL - 60000, 1718000040000LL + 60000,
                         &lt);
        printf("store: %u long liquidations counted (of %ld sent); errors %llu %s\n", lt.count[0], n,
               (unsigned long long)store->health[SRC_BINANCE_WS].errors,
               store->health[SRC_BINANCE_WS].last_error);
        streams_free(st);
        store_free(store);
    } else {
        ws_free(ws);
    }
    loop_free(loop);
    mockws_cleanup(&m);
    return have >= n ? 0 : 1;
}
