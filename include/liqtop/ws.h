/* ws: a small, strict RFC 6455 WebSocket client driven by the event loop.
 *
 * Debian 12's libcurl (7.88) has no WebSocket support, so this module does
 * the protocol itself over a libcurl CURLOPT_CONNECT_ONLY connection: curl
 * resolves, connects and does TLS (verification always on), then
 * curl_easy_send / curl_easy_recv carry the bytes. The connect phase runs in
 * a private curl multi handle whose sockets and timeout join the loop
 * (loop_watch, loop timers), so nothing ever blocks and there are no
 * threads. After the connect the socket from CURLINFO_ACTIVESOCKET is
 * watched directly.
 *
 * What it does: the upgrade handshake (random 16-byte Sec-WebSocket-Key, the
 * Sec-WebSocket-Accept check), masked client frames with a fresh random mask
 * each, text/binary/continuation frames (fragmented messages reassembled),
 * ping -> pong, the close handshake both ways, a frame and message size cap
 * (over it: close 1009 and an error), UTF-8 validation of text messages
 * (invalid: close 1007), protocol violations (close 1002), keepalive pings
 * after a silence and an idle timeout, partial reads and writes (a frame may
 * arrive one byte at a time; a send that would block is queued until the
 * socket is writable). Only ws:// and wss://; plain ws:// only to a loopback
 * host unless cfg.allow_insecure. No extensions, no subprotocols.
 *
 * Lifecycle: ws_new -> ws_connect -> on_open -> on_message ... -> on_close.
 * After on_close the handle is idle again and ws_connect may be called once
 * more (from on_close too). Every callback may call any function here,
 * ws_free included (it is deferred until the callback returns). */
#ifndef LIQTOP_WS_H
#define LIQTOP_WS_H

#include "liqtop/loop.h"

#include <stddef.h>
#include <stdint.h>

struct ws;

struct ws_cfg {
    int64_t connect_timeout_ms; /* TCP + TLS + upgrade reply; default 10000 */
    int64_t ping_after_ms;      /* send a ping after this long with nothing received; 0 = never */
    int64_t idle_timeout_ms;    /* fail after this long with nothing received (data, ping or
                                   pong); 0 = never. Default 0, set by the caller */
    int64_t close_timeout_ms;   /* wait for the server's close/EOF after ours; default 2000 */
    size_t max_message;         /* bytes: cap on one frame and on a reassembled message; 1 MiB */
    size_t max_send_queue;      /* bytes queued unsent before ws_send fails; default 4 MiB */
    int allow_insecure;         /* 1: ws:// to a non-loopback host is allowed */
    const char *ca_file;        /* extra CA bundle (PEM) for wss://, NULL = system store; copied */
    const char *user_agent;     /* NULL = "liqtop"; copied */
};
void ws_cfg_default(struct ws_cfg *cfg);

enum ws_state {
    WS_IDLE = 0,    /* not connected (new, or after on_close) */
    WS_CONNECTING,  /* resolving, TCP, TLS */
    WS_HANDSHAKE,   /* upgrade request sent, waiting for 101 */
    WS_OPEN,
    WS_CLOSING,     /* close frame sent or received, waiting for the end */
};

/* How a connection ended (passed to on_close). */
struct ws_close_info {
    int code;        /* close code received (remote) or sent (local); 1005 when a close
                        frame carried none; 1006 when the connection ended without any */
    int remote;      /* 1: the server started the close or dropped the connection */
    int error;       /* 0: a clean close handshake; 1: failure (network, protocol, timeout) */
    char reason[160]; /* plain words, sanitized: "closed by server (1001 going away)",
                         "message too big (2000000 bytes, limit 1048576)" */
};

struct ws_handler {
    void (*on_open)(struct ws *ws, void *user);
    /* A complete message. binary: 0 text (valid UTF-8), 1 binary. data is
     * NOT NUL-terminated and valid only during the call. */
    void (*on_message)(struct ws *ws, void *user, int binary, const char *data, size_t len);
    /* The connection is gone (whatever the cause, also a failed connect). */
    void (*on_close)(struct ws *ws, void *user, const struct ws_close_info *info);
};

/* cfg and handler are copied. NULL if out of memory. */
struct ws *ws_new(struct loop *loop, const struct ws_cfg *cfg, const struct ws_handler *h,
                  void *user);
/* Drops any connection without calling on_close; safe inside callbacks. */
void ws_free(struct ws *ws);

/* Start connecting to url ("ws://host[:port]/path?query" or "wss://...").
 * 0 started (on_open or on_close follows, never from inside this call);
 * -1 with err when the URL is refused or the handle is busy. */
int ws_connect(struct ws *ws, const char *url, char *err, size_t errn);

/* Check a URL the way ws_connect would, without connecting. 0 ok, -1 with err. */
int ws_url_check(const char *url, int allow_insecure, char *err, size_t errn);

/* Queue a text / binary message or a ping (payload <= 125 bytes). 0 ok, -1
 * if not open, the payload is too big or the queue is full. */
int ws_send_text(struct ws *ws, const char *data, size_t len);
int ws_send_binary(struct ws *ws, const void *data, size_t len);
int ws_send_ping(struct ws *ws, const void *data, size_t len);

/* Start the close handshake (code 1000..4999, reason <= 123 bytes, may be
 * NULL). on_close follows once the server answers and closes TCP (or
 * close_timeout_ms passes). While still connecting the connection is simply
 * dropped and on_close is called from inside ws_close. No-op when idle. */
void ws_close(struct ws *ws, int code, const char *reason);
/* Drop the connection now (no close frame); on_close is called with
 * error = 1 and the given reason unless the handle is idle. */
void ws_abort(struct ws *ws, const char *reason);

enum ws_state ws_state(const struct ws *ws);

struct ws_stats {
    uint64_t bytes_in, bytes_out;  /* wire bytes after TLS, this handle's lifetime */
    uint64_t messages_in, frames_in;
    uint64_t pings_in, pongs_in, pings_out;
    uint64_t send_waits; /* times a send would have blocked and was queued */
    int64_t last_rx_ms;  /* loop_now_ms() of the last byte received, 0 if none */
    int64_t opened_ms;   /* loop_now_ms() when the current connection opened, 0 if not open */
};
void ws_get_stats(const struct ws *ws, struct ws_stats *out);

/* ---- building blocks, public for tests and the mock server ---- */

/* SHA-1 (FIPS 180-4 / RFC 3174) of len bytes. */
void ws_sha1(const void *data, size_t len, uint8_t out[20]);
/* Standard base64 with padding; out needs 4 * ((len + 2) / 3) + 1 bytes.
 * Returns the length written (NUL-terminated). */
size_t ws_base64(const void *data, size_t len, char *out);
/* Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)); out[29]. */
void ws_accept_key(const char *key, char out[29]);
/* 1 if s[0..len) is valid UTF-8 (no overlong forms, no surrogates, <= U+10FFFF). */
int ws_utf8_valid(const void *s, size_t len);
/* The receive path (upgrade reply, frame decoding, reassembly, UTF-8 and
 * close handling) over bytes that did not come from a socket, for fuzzing
 * and tests: data is handed over `chunk` bytes at a time (0: all at once) as
 * if received on a connection in the handshake state (handshake = 1; the
 * expected Sec-WebSocket-Accept is RFC 6455's example
 * "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") or already open (0). Messages go to
 * h->on_message and the end to h->on_close, as live; what the client would
 * send (pongs, close) is discarded. The loop only holds timers that never
 * run here. The handle is freed before returning; callbacks must not call
 * ws_connect. Returns the state reached (WS_IDLE once the connection ended). */
enum ws_state ws_feed_detached(struct loop *loop, const struct ws_cfg *cfg,
                               const struct ws_handler *h, void *user, int handshake,
                               const void *data, size_t len, size_t chunk);
/* "going away" for 1001, ... ; "" for codes without a name. */
const char *ws_close_code_name(int code);

#endif
