/* stream: the three liquidation WebSocket streams (binance_ws, bybit_ws,
 * okx_ws), run by the event loop, feeding the store.
 *
 * Binance and Bybit publish liquidations only over WebSocket; OKX has a
 * documented WS channel too. Each stream keeps one connection (ws.h), sends
 * its subscription (Bybit, OKX) and keepalives, and on any failure
 * reconnects with exponential backoff and jitter, subscribing again. Every
 * text message is parsed by a pure parser (stream_parse, also used by replay)
 * and its liquidations go to store_apply with the model time = the wall
 * clock (loop_wall_ms) at arrival. Health per stream is kept in
 * store->health[SRC_*_WS]:
 *   UNKNOWN  before the first connect completes
 *   OK       connected (and subscribed); messages flowing or keepalives answered
 *   STALE    was OK, the connection dropped; reconnecting (retry_at_ms set)
 *   DOWN     connect attempts fail, or the venue rejected the subscription
 *   DISABLED not enabled in stream_cfg
 * last_error holds the last problem in plain words ("closed by server (1001
 * going away)", "bybit_ws message: data[0].v: not a number ('abc')");
 * requests counts messages received, bytes their payload bytes, errors
 * disconnects plus malformed messages; note says when the figures are a
 * lower bound (binance) or partial (okx).
 *
 * Sources: Binance USD-M "Websocket Market Streams" and "All Market
 * Liquidation Order Streams"; Bybit v5 "Connect" and "All Liquidation";
 * OKX v5 "WebSocket Connect", "Subscribe", "Liquidation orders channel"
 * (tests/fixtures/README.md has the addresses). */
#ifndef LIQTOP_STREAM_H
#define LIQTOP_STREAM_H

#include "liqtop/loop.h"
#include "liqtop/record.h"
#include "liqtop/source.h"
#include "liqtop/store.h"
#include "liqtop/venue.h"

#include <stddef.h>
#include <stdint.h>

/* Index of a stream source in the arrays below: src - SRC_BINANCE_WS. */
#define STREAM_COUNT 3
#define STREAM_INDEX(src) ((int)(src) - (int)SRC_BINANCE_WS)

struct stream_cfg {
    /* Base URL per stream (scheme, host, port; the path is ours), "" = the
     * venue's default: wss://fstream.binance.com, wss://stream.bybit.com,
     * wss://ws.okx.com:8443. Set from --endpoint binance_ws=URL etc. */
    char base[STREAM_COUNT][256];
    int enabled[STREAM_COUNT];   /* default 1 each */
    int allow_insecure_http;     /* ws:// to a non-loopback host (default 0) */
    int64_t connect_timeout_ms;  /* TCP + TLS + upgrade; default 10000 */
    int64_t ws_ping_after_ms;    /* protocol ping after this much silence; default 20000 */
    int64_t idle_timeout_ms;     /* nothing received (data, pong) this long -> reconnect; 45000 */
    int64_t backoff_min_ms;      /* first reconnect delay; default 1000 */
    int64_t backoff_max_ms;      /* cap; default 60000 */
    int64_t stable_after_ms;     /* a connection that lived this long resets the backoff; 30000 */
    int64_t bybit_ping_ms;       /* {"op":"ping"} period (Bybit recommends 20 s); default 20000 */
    int64_t okx_ping_ms;         /* "ping" after this much silence (OKX: N < 30 s); default 25000 */
    /* Open a fresh connection and drop the old one after this long, 0 =
     * never. Binance ends connections at 24 h; default 23.5 h for binance_ws,
     * 0 for the others. The new connection opens before the old one closes;
     * the store drops the events both carry. */
    int64_t rotate_after_ms[STREAM_COUNT];
    size_t max_message;          /* bytes per message; default 1 MiB */
    const char *ca_file;         /* extra CA bundle for wss:// (tests), NULL = system */
};
void stream_cfg_default(struct stream_cfg *cfg);

/* Callbacks for the application (all optional; `user` is passed back). */
struct stream_callbacks {
    /* Each received message worth journaling (data, malformed, rejections;
     * not keepalive answers or acks), before it is applied. t_ms: wall clock
     * ms; stream_name: the journal "kind" ("forceOrder", "allLiquidation",
     * "liquidation-orders"); the journal "venue" is source_name(src) and the
     * status 200. msg is not NUL-terminated. */
    void (*on_message)(void *user, int64_t t_ms, enum source_id src, const char *stream_name,
                       const char *msg, size_t len);
    /* store->health[src].state changed; reason in plain words ("" if none). */
    void (*on_health)(void *user, enum source_id src, enum health_state old,
                      enum health_state now, const char *reason);
    /* Liquidations from src were applied to the store at model time now_ms. */
    void (*on_update)(void *user, enum source_id src, int64_t now_ms);
    void *user;
};

struct streams;

/* Create the streams for the tracked canonical symbols (copied). Checks the
 * URLs (scheme, loopback rule) without connecting: NULL with err naming the
 * stream on a bad URL or out of memory. Sets health to DISABLED/UNKNOWN and
 * the notes. The store and loop must outlive the streams. */
struct streams *streams_new(struct loop *loop, struct store *store, const struct stream_cfg *cfg,
                            const char *const *symbols, size_t n, char *err, size_t errn);
void streams_set_callbacks(struct streams *s, const struct stream_callbacks *cb);
/* Start connecting every enabled stream. 0 ok, -1 with err. */
int streams_start(struct streams *s, char *err, size_t errn);
/* Close everything (no callbacks) and free. Not from inside a stream callback. */
void streams_free(struct streams *s);

/* The full URL a stream connects to ("wss://fstream.binance.com/ws/!forceOrder@arr"). */
const char *streams_url(const struct streams *s, enum source_id src);

/* ---- pure parsing (live and replay) ---- */

enum stream_msg {
    STREAM_MSG_ERROR = -1,   /* malformed; err names the field */
    STREAM_MSG_DATA = 0,     /* liquidations appended to out (maybe none: untracked symbols) */
    STREAM_MSG_CONTROL = 1,  /* subscribe ack, pong, notice: nothing to apply */
    STREAM_MSG_REJECTED = 2, /* the venue refused a request (subscribe error); err says why */
};

/* Parse one message of a stream source. Pure: no I/O, clock or globals.
 * Records for symbols the ctx does not track are skipped. On
 * STREAM_MSG_DATA err may still hold a warning about skipped entries (OKX
 * contract size unknown), else "". Never crashes on any input. */
int stream_parse(enum source_id src, const char *msg, size_t len, const struct parse_ctx *ctx,
                 struct recs *out, char *err, size_t errn);

/* The venue parsers behind stream_parse (src/venue/{binance,bybit,okx}_ws.c). */
int binance_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                     char *err, size_t errn);
int bybit_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                   char *err, size_t errn);
int okx_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                 char *err, size_t errn);

/* Journal kind of a stream ("forceOrder", "allLiquidation", "liquidation-orders"), NULL if src
 * is not a stream. */
const char *stream_kind(enum source_id src);
/* 1 if a stream's liquidation totals are a lower bound (binance_ws: at most
 * the latest liquidation per symbol per second is pushed). */
int stream_lower_bound(enum source_id src);
/* Plausibility checks shared by the parsers: prices and sizes finite and
 * > 0, notional below 1e10 USD, times in ms between 2001 and 2286. */
int stream_liq_plausible(const struct rec_liq *l, const char **why);

#endif
