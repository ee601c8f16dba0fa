/* ws: RFC 6455 client over a libcurl CONNECT_ONLY connection (see ws.h). */
#include "liqtop/ws.h"

#include "liqtop/text.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define HANDSHAKE_MAX 16384 /* bytes of reply headers we accept */
#define RECV_CHUNK 65536

/* ------------------------------------------------------------------ */
/* SHA-1, base64, UTF-8                                                */

static uint32_t rol32(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t t = rol32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol32(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void ws_sha1(const void *data, size_t len, uint8_t out[20])
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    const uint8_t *p = data;
    size_t left = len;
    while (left >= 64) {
        sha1_block(h, p);
        p += 64;
        left -= 64;
    }
    uint8_t tail[128];
    memset(tail, 0, sizeof tail);
    if (left)
        memcpy(tail, p, left);
    tail[left] = 0x80;
    size_t tl = left + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    sha1_block(h, tail);
    if (tl == 128)
        sha1_block(h, tail + 64);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

size_t ws_base64(const void *data, size_t len, char *out)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uint8_t *p = data;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? tab[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

void ws_accept_key(const char *key, char out[29])
{
    char buf[128];
    size_t kl = strlen(key);
    if (kl > sizeof buf - sizeof WS_GUID)
        kl = sizeof buf - sizeof WS_GUID;
    memcpy(buf, key, kl);
    memcpy(buf + kl, WS_GUID, sizeof WS_GUID - 1);
    uint8_t dig[20];
    ws_sha1(buf, kl + sizeof WS_GUID - 1, dig);
    ws_base64(dig, 20, out);
}

int ws_utf8_valid(const void *s, size_t len)
{
    const uint8_t *p = s;
    size_t i = 0;
    while (i < len) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        if (len - i < n + 1)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

const char *ws_close_code_name(int code)
{
    switch (code) {
    case 1000: return "normal";
    case 1001: return "going away";
    case 1002: return "protocol error";
    case 1003: return "unsupported data";
    case 1005: return "no status";
    case 1006: return "abnormal closure";
    case 1007: return "invalid payload";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1010: return "extension required";
    case 1011: return "internal error";
    case 1012: return "service restart";
    case 1013: return "try again later";
    case 1014: return "bad gateway";
    default: return "";
    }
}

/* Codes a peer may put in a close frame (RFC 6455 7.4, IANA registry). */
static int close_code_valid(int code)
{
    if (code >= 1000 && code <= 1003)
        return 1;
    if (code >= 1007 && code <= 1014)
        return 1;
    return code >= 3000 && code <= 4999;
}

/* ------------------------------------------------------------------ */
/* the client                                                          */

enum { OP_CONT = 0, OP_TEXT = 1, OP_BIN = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10 };

struct buf {
    uint8_t *p;
    size_t len, cap;
};

struct ws {
    struct loop *loop;
    struct ws_cfg cfg;
    char *ca_file, *user_agent;
    struct ws_handler h;
    void *user;
    enum ws_state state;

    /* connect phase */
    CURLM *multi;
    CURL *easy;
    long curl_timer;
    char curl_err[CURL_ERROR_SIZE];
    int tearing_down;

    int fd;         /* our watch on the connected socket, -1 if none */
    int fd_events;  /* what we watch for */
    long tick;      /* deadline timer */
    int64_t deadline_connect, deadline_close;

    char host_hdr[300];
    char path[2048];
    char accept_expect[29];

    struct buf out;  /* bytes to send; [out_off, out.len) pending */
    size_t out_off;
    struct buf in;   /* received, unparsed */
    struct buf msg;  /* fragmented message being reassembled */
    int msg_op;      /* OP_TEXT/OP_BIN while reassembling, 0 otherwise */

    int close_sent, close_received;
    int failed; /* we failed the connection: input is discarded until the end */
    struct ws_close_info info; /* filled when the end is decided */
    int info_set;

    struct ws_stats st;
    int64_t last_ping_ms;

    uint8_t rnd[256];
    size_t rnd_pos;

    unsigned gen;   /* bumped on each teardown, so a handler can see it happened */
    int depth;      /* callbacks in progress */
    int free_pending;
    int detached;   /* ws_feed_detached: no socket; output is discarded */
};

void ws_cfg_default(struct ws_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->connect_timeout_ms = 10000;
    cfg->ping_after_ms = 0;
    cfg->idle_timeout_ms = 0;
    cfg->close_timeout_ms = 2000;
    cfg->max_message = 1u << 20;
    cfg->max_send_queue = 4u << 20;
}

static void random_bytes(struct ws *ws, void *out, size_t n)
{
    uint8_t *o = out;
    while (n) {
        if (ws->rnd_pos >= sizeof ws->rnd) {
            size_t got = 0;
            while (got < sizeof ws->rnd) {
                ssize_t r = getrandom(ws->rnd + got, sizeof ws->rnd - got, 0);
                if (r < 0) {
                    if (errno == EINTR)
                        continue;
                    /* never expected on Linux >= 3.17; fall back to something
                     * unpredictable enough for masking */
                    struct timespec ts;
                    clock_gettime(CLOCK_MONOTONIC, &ts);
                    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
                                 (uint64_t)(uintptr_t)ws;
                    for (size_t i = got; i < sizeof ws->rnd; i++) {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        ws->rnd[i] = (uint8_t)x;
                    }
                    break;
                }
                got += (size_t)r;
            }
            ws->rnd_pos = 0;
        }
        *o++ = ws->rnd[ws->rnd_pos++];
        n--;
    }
}

static int buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 4096;
    while (ncap < b->len + extra)
        ncap *= 2;
    uint8_t *p = realloc(b->p, ncap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = ncap;
    return 0;
}

static void set_info(struct ws *ws, int code, int remote, int error, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void set_info(struct ws *ws, int code, int remote, int error, const char *fmt, ...)
{
    if (ws->info_set)
        return;
    ws->info_set = 1;
    ws->info.code = code;
    ws->info.remote = remote;
    ws->info.error = error;
    char raw[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    text_sanitize(ws->info.reason, sizeof ws->info.reason, raw, strlen(raw));
}

static void watch_fd(struct ws *ws);
static void fd_cb(struct loop *l, int fd, int revents, void *user);
static int64_t tick_cb(struct loop *l, void *user);
static void finish(struct ws *ws);

/* Release the connection; keeps the buffers' storage. */
static void teardown(struct ws *ws)
{
    ws->tearing_down = 1;
    if (ws->fd >= 0) {
        loop_unwatch(ws->loop, ws->fd);
        ws->fd = -1;
    }
    if (ws->curl_timer > 0) {
        loop_timer_del(ws->loop, ws->curl_timer);
        ws->curl_timer = 0;
    }
    if (ws->tick > 0) {
        loop_timer_del(ws->loop, ws->tick);
        ws->tick = 0;
    }
    if (ws->easy) {
        if (ws->multi)
            curl_multi_remove_handle(ws->multi, ws->easy);
        curl_easy_cleanup(ws->easy);
        ws->easy = NULL;
    }
    if (ws->multi) {
        curl_multi_cleanup(ws->multi);
        ws->multi = NULL;
    }
    ws->tearing_down = 0;
    ws->out.len = ws->out_off = 0;
    ws->in.len = 0;
    ws->msg.len = 0;
    ws->msg_op = 0;
    ws->state = WS_IDLE;
    ws->st.opened_ms = 0;
    ws->gen++;
}

static void really_free(struct ws *ws)
{
    teardown(ws);
    free(ws->out.p);
    free(ws->in.p);
    free(ws->msg.p);
    free(ws->ca_file);
    free(ws->user_agent);
    free(ws);
}

/* Callbacks run with depth > 0 so ws_free inside them is deferred. */
static void call_open(struct ws *ws)
{
    if (!ws->h.on_open)
        return;
    ws->depth++;
    ws->h.on_open(ws, ws->user);
    ws->depth--;
}

static void call_message(struct ws *ws, int binary, const uint8_t *p, size_t n)
{
    ws->st.messages_in++;
    if (!ws->h.on_message)
        return;
    ws->depth++;
    ws->h.on_message(ws, ws->user, binary, (const char *)p, n);
    ws->depth--;
}

/* End the connection now and report it. */
static void finish(struct ws *ws)
{
    if (ws->state == WS_IDLE)
        return;
    if (!ws->info_set)
        set_info(ws, 1006, 1, 1, "connection lost");
    struct ws_close_info info = ws->info;
    teardown(ws);
    if (ws->h.on_close) {
        ws->depth++;
        ws->h.on_close(ws, ws->user, &info);
        ws->depth--;
    }
}

/* ---- sending ---- */

static int flush_out(struct ws *ws)
{
    if (ws->detached) /* ws_feed_detached: nothing to send to */
        ws->out_off = ws->out.len;
    while (ws->out_off < ws->out.len) {
        size_t n = 0;
        CURLcode rc = curl_easy_send(ws->easy, ws->out.p + ws->out_off,
                                     ws->out.len - ws->out_off, &n);
        if (rc == CURLE_AGAIN) {
            ws->st.send_waits++;
            break;
        }
        if (rc != CURLE_OK) {
            set_info(ws, 1006, 0, 1, "send failed: %s", curl_easy_strerror(rc));
            return -1;
        }
        ws->out_off += n;
        ws->st.bytes_out += n;
    }
    if (ws->out_off == ws->out.len)
        ws->out_off = ws->out.len = 0; /* compact only when empty: a TLS retry needs the same bytes */
    watch_fd(ws);
    return 0;
}

/* Queue one masked frame. */
static int queue_frame(struct ws *ws, int op, const void *data, size_t len)
{
    if (ws->out.len - ws->out_off + len > ws->cfg.max_send_queue)
        return -1;
    if (buf_reserve(&ws->out, len + 14) != 0)
        return -1;
    uint8_t *h = ws->out.p + ws->out.len;
    size_t hl = 0;
    h[hl++] = (uint8_t)(0x80 | op);
    if (len < 126) {
        h[hl++] = (uint8_t)(0x80 | len);
    } else if (len <= 0xFFFF) {
        h[hl++] = 0x80 | 126;
        h[hl++] = (uint8_t)(len >> 8);
        h[hl++] = (uint8_t)len;
    } else {
        h[hl++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            h[hl++] = (uint8_t)((uint64_t)len >> (8 * i));
    }
    uint8_t mask[4];
    random_bytes(ws, mask, 4);
    memcpy(h + hl, mask, 4);
    hl += 4;
    const uint8_t *src = data;
    for (size_t i = 0; i < len; i++)
        h[hl + i] = src[i] ^ mask[i & 3];
    ws->out.len += hl + len;
    return 0;
}

static int send_frame(struct ws *ws, int op, const void *data, size_t len)
{
    if (queue_frame(ws, op, data, len) != 0)
        return -1;
    if (flush_out(ws) != 0) {
        finish(ws);
        return -1;
    }
    return 0;
}

static void send_close(struct ws *ws, int code, const char *reason)
{
    if (ws->close_sent)
        return;
    uint8_t p[125];
    size_t n = 0;
    if (code > 0) {
        p[0] = (uint8_t)(code >> 8);
        p[1] = (uint8_t)code;
        n = 2;
        if (reason) {
            size_t rl = strlen(reason);
            if (rl > 123)
                rl = 123;
            memcpy(p + 2, reason, rl);
            n += rl;
        }
    }
    ws->close_sent = 1;
    queue_frame(ws, OP_CLOSE, p, n);
}

/* Protocol failure: send a close with `code`, then wait for the end. */
static void fail(struct ws *ws, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(struct ws *ws, int code, const char *fmt, ...)
{
    char raw[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    set_info(ws, code, 0, 1, "%s", raw);
    ws->failed = 1;
    if (ws->state == WS_OPEN || ws->state == WS_CLOSING) {
        send_close(ws, code, NULL);
        ws->state = WS_CLOSING;
        if (!ws->deadline_close)
            ws->deadline_close = loop_now_ms() + ws->cfg.close_timeout_ms;
        if (flush_out(ws) != 0)
            finish(ws);
    } else {
        finish(ws);
    }
}

int ws_send_text(struct ws *ws, const char *data, size_t len)
{
    if (!ws || ws->state != WS_OPEN)
        return -1;
    return send_frame(ws, OP_TEXT, data, len);
}

int ws_send_binary(struct ws *ws, const void *data, size_t len)
{
    if (!ws || ws->state != WS_OPEN)
        return -1;
    return send_frame(ws, OP_BIN, data, len);
}

int ws_send_ping(struct ws *ws, const void *data, size_t len)
{
    if (!ws || ws->state != WS_OPEN || len > 125)
        return -1;
    ws->st.pings_out++;
    ws->last_ping_ms = loop_now_ms();
    return send_frame(ws, OP_PING, data, len);
}

/* ---- watching ---- */

static void watch_fd(struct ws *ws)
{
    if (ws->fd < 0)
        return;
    int ev = LOOP_READ | (ws->out_off < ws->out.len ? LOOP_WRITE : 0);
    if (ev != ws->fd_events) {
        loop_watch(ws->loop, ws->fd, ev, fd_cb, ws);
        ws->fd_events = ev;
    }
}

static int64_t next_deadline(const struct ws *ws, int64_t now)
{
    int64_t d = -1;
#define TAKE(x)                                                                                    \
    do {                                                                                           \
        int64_t v_ = (x);                                                                          \
        if (v_ > 0 && (d < 0 || v_ < d))                                                           \
            d = v_;                                                                                \
    } while (0)
    if (ws->state == WS_CONNECTING || ws->state == WS_HANDSHAKE)
        TAKE(ws->deadline_connect);
    if (ws->state == WS_CLOSING)
        TAKE(ws->deadline_close);
    if (ws->state == WS_OPEN) {
        int64_t last = ws->st.last_rx_ms ? ws->st.last_rx_ms : ws->st.opened_ms;
        if (ws->cfg.idle_timeout_ms > 0)
            TAKE(last + ws->cfg.idle_timeout_ms);
        if (ws->cfg.ping_after_ms > 0) {
            int64_t p = last + ws->cfg.ping_after_ms;
            if (ws->last_ping_ms > last)
                p = ws->last_ping_ms + ws->cfg.ping_after_ms;
            TAKE(p);
        }
    }
#undef TAKE
    (void)now;
    return d;
}

static int64_t tick_cb(struct loop *l, void *user)
{
    (void)l;
    struct ws *ws = user;
    int64_t now = loop_now_ms();
    unsigned gen = ws->gen;
    if ((ws->state == WS_CONNECTING || ws->state == WS_HANDSHAKE) && now >= ws->deadline_connect) {
        set_info(ws, 1006, 0, 1, "%s timed out after %.1f s",
                 ws->state == WS_CONNECTING ? "connect" : "handshake",
                 (double)ws->cfg.connect_timeout_ms / 1000.0);
        ws->tick = 0;
        finish(ws);
        return -1;
    }
    if (ws->state == WS_CLOSING && now >= ws->deadline_close) {
        if (!ws->info_set)
            set_info(ws, 1006, 0, 1, "close handshake timed out");
        ws->tick = 0;
        finish(ws);
        return -1;
    }
    if (ws->state == WS_OPEN) {
        int64_t last = ws->st.last_rx_ms ? ws->st.last_rx_ms : ws->st.opened_ms;
        if (ws->cfg.idle_timeout_ms > 0 && now - last >= ws->cfg.idle_timeout_ms) {
            ws->tick = 0;
            set_info(ws, 1006, 0, 1, "no data or pong for %.1f s",
                     (double)(now - last) / 1000.0);
            finish(ws);
            return -1;
        }
        if (ws->cfg.ping_after_ms > 0 && now - last >= ws->cfg.ping_after_ms &&
            (ws->last_ping_ms <= last || now - ws->last_ping_ms >= ws->cfg.ping_after_ms)) {
            ws_send_ping(ws, "liqtop", 6);
            if (ws->gen != gen)
                return -1;
        }
    }
    if (ws->gen != gen)
        return -1;
    int64_t d = next_deadline(ws, now);
    if (d < 0)
        return 1000; /* nothing due; look again later (cheap) */
    return d > now ? d - now : 0;
}

static void arm_tick(struct ws *ws)
{
    if (ws->tick > 0)
        loop_timer_set(ws->loop, ws->tick, 0);
    else
        ws->tick = loop_timer_add(ws->loop, 0, tick_cb, ws);
}

/* ---- receiving ---- */

static int header_value_is(const char *v, size_t vl, const char *want)
{
    while (vl && (*v == ' ' || *v == '\t'))
        v++, vl--;
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        vl--;
    return vl == strlen(want) && strncasecmp(v, want, vl) == 0;
}

/* Connection: a comma-separated list of tokens; one must be "upgrade". */
static int header_has_token(const char *v, size_t vl, const char *tok)
{
    size_t i = 0;
    while (i < vl) {
        size_t j = i;
        while (j < vl && v[j] != ',')
            j++;
        if (header_value_is(v + i, j - i, tok))
            return 1;
        i = j + 1;
    }
    return 0;
}

static void excerpt(char *dst, size_t n, const uint8_t *p, size_t len)
{
    text_sanitize(dst, n, (const char *)p, len > 40 ? 40 : len);
}

/* Parse the upgrade reply. Returns bytes consumed (> 0), 0 if incomplete, -1 failed. */
static long parse_handshake(struct ws *ws)
{
    const uint8_t *p = ws->in.p;
    size_t n = ws->in.len;
    static const char pre[] = "HTTP/1.1 ";
    size_t cmp = n < sizeof pre - 1 ? n : sizeof pre - 1;
    if (memcmp(p, pre, cmp) != 0) {
        char ex[48];
        excerpt(ex, sizeof ex, p, n);
        set_info(ws, 1006, 1, 1, "handshake: not an HTTP/1.1 reply ('%s')", ex);
        return -1;
    }
    const uint8_t *end = NULL;
    for (size_t i = 3; i < n; i++) {
        if (p[i] == '\n' && p[i - 1] == '\r' && p[i - 2] == '\n' && p[i - 3] == '\r') {
            end = p + i + 1;
            break;
        }
    }
    if (!end) {
        if (n > HANDSHAKE_MAX) {
            set_info(ws, 1006, 1, 1, "handshake: reply headers over %d bytes", HANDSHAKE_MAX);
            return -1;
        }
        return 0;
    }
    /* status line */
    const char *s = (const char *)p;
    const char *eol = s;
    while (!(eol[0] == '\r' && eol[1] == '\n')) /* bounded: a CRLFCRLF lies before end */
        eol++;
    size_t sl = (size_t)(eol - s);
    int status = 0;
    if (sl >= 12 && isdigit((unsigned char)s[9]) && isdigit((unsigned char)s[10]) &&
        isdigit((unsigned char)s[11]) && (sl == 12 || s[12] == ' '))
        status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    if (status != 101) {
        char ex[64];
        text_sanitize(ex, sizeof ex, s + (sl > 9 ? 9 : sl), sl > 9 ? (sl - 9 > 50 ? 50 : sl - 9) : 0);
        if (status)
            set_info(ws, 1006, 1, 1, "handshake: HTTP %s (expected 101)", ex);
        else
            set_info(ws, 1006, 1, 1, "handshake: malformed status line ('%s')", ex);
        return -1;
    }
    int upgrade = 0, connection = 0, accept = 0;
    const char *line = eol + 2;
    const char *hend = (const char *)end - 2;
    while (line < hend) {
        const char *le = line;
        while (le < hend && !(le[0] == '\r' && le[1] == '\n'))
            le++;
        const char *colon = memchr(line, ':', (size_t)(le - line));
        if (!colon || colon == line) {
            char ex[48];
            excerpt(ex, sizeof ex, (const uint8_t *)line, (size_t)(le - line));
            set_info(ws, 1006, 1, 1, "handshake: malformed header line ('%s')", ex);
            return -1;
        }
        size_t nl = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vl = (size_t)(le - v);
        if (nl == 7 && strncasecmp(line, "Upgrade", 7) == 0)
            upgrade = header_value_is(v, vl, "websocket");
        else if (nl == 10 && strncasecmp(line, "Connection", 10) == 0)
            connection = header_has_token(v, vl, "upgrade");
        else if (nl == 20 && strncasecmp(line, "Sec-WebSocket-Accept", 20) == 0)
            accept = header_value_is(v, vl, ws->accept_expect) ? 1 : -1;
        else if ((nl == 24 && strncasecmp(line, "Sec-WebSocket-Extensions", 24) == 0) ||
                 (nl == 22 && strncasecmp(line, "Sec-WebSocket-Protocol", 22) == 0)) {
            set_info(ws, 1006, 1, 1, "handshake: server chose an extension or subprotocol we did not offer");
            return -1;
        }
        line = le + 2;
    }
    if (!upgrade || !connection) {
        set_info(ws, 1006, 1, 1, "handshake: missing 'Upgrade: websocket' or 'Connection: Upgrade'");
        return -1;
    }
    if (accept != 1) {
        set_info(ws, 1006, 1, 1, "handshake: %s Sec-WebSocket-Accept",
                 accept == 0 ? "missing" : "wrong");
        return -1;
    }
    return (long)(end - p);
}

static void handle_close_frame(struct ws *ws, const uint8_t *p, size_t n)
{
    int code = 1005;
    char reason[128] = "";
    if (n == 1) {
        fail(ws, 1002, "protocol error: close frame with a 1-byte payload");
        return;
    }
    if (n >= 2) {
        code = p[0] << 8 | p[1];
        if (!close_code_valid(code)) {
            fail(ws, 1002, "protocol error: invalid close code %d", code);
            return;
        }
        if (!ws_utf8_valid(p + 2, n - 2)) {
            fail(ws, 1007, "invalid UTF-8 in the close reason");
            return;
        }
        text_sanitize(reason, sizeof reason, (const char *)p + 2, n - 2);
    }
    ws->close_received = 1;
    if (!ws->close_sent) {
        /* the server started it: echo the code (RFC 6455 5.5.1) */
        const char *name = ws_close_code_name(code);
        if (reason[0])
            set_info(ws, code, 1, 0, "closed by server (%d%s%s: %s)", code, name[0] ? " " : "",
                     name, reason);
        else
            set_info(ws, code, 1, 0, "closed by server (%d%s%s)", code, name[0] ? " " : "", name);
        send_close(ws, code == 1005 ? 0 : code, NULL);
    } else if (!ws->info_set) {
        set_info(ws, code, 0, 0, "closed (%d %s)", code, ws_close_code_name(code));
    }
    ws->state = WS_CLOSING;
    if (!ws->deadline_close)
        ws->deadline_close = loop_now_ms() + ws->cfg.close_timeout_ms;
    arm_tick(ws);
    if (flush_out(ws) != 0)
        finish(ws);
}

/* Parse and handle frames in ws->in. Returns 0 to go on, -1 when the
 * handle was torn down or freed-pending (caller must stop touching it). */
static int process_frames(struct ws *ws)
{
    unsigned gen = ws->gen;
    size_t pos = 0;
    int ret = 0;
    while ((ws->state == WS_OPEN || ws->state == WS_CLOSING) && !ws->failed) {
        const uint8_t *p = ws->in.p + pos;
        size_t n = ws->in.len - pos;
        if (n < 2)
            break;
        int fin = p[0] & 0x80, rsv = p[0] & 0x70, op = p[0] & 0x0F;
        int masked = p[1] & 0x80;
        uint64_t len = p[1] & 0x7F;
        size_t hl = 2;
        if (rsv) {
            fail(ws, 1002, "protocol error: reserved bits set (no extension negotiated)");
            break;
        }
        if (masked) {
            fail(ws, 1002, "protocol error: masked frame from the server");
            break;
        }
        if (op != OP_CONT && op != OP_TEXT && op != OP_BIN && op != OP_CLOSE && op != OP_PING &&
            op != OP_PONG) {
            fail(ws, 1002, "protocol error: unknown opcode %d", op);
            break;
        }
        if (op >= 8 && (!fin || len > 125)) {
            fail(ws, 1002, "protocol error: %s control frame",
                 !fin ? "fragmented" : "oversized");
            break;
        }
        if (len == 126) {
            if (n < 4)
                break;
            len = (uint64_t)p[2] << 8 | p[3];
            hl = 4;
            if (len < 126) {
                fail(ws, 1002, "protocol error: non-minimal frame length");
                break;
            }
        } else if (len == 127) {
            if (n < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | p[2 + i];
            hl = 10;
            if (len >> 63) {
                fail(ws, 1002, "protocol error: frame length has the top bit set");
                break;
            }
            if (len <= 0xFFFF) {
                fail(ws, 1002, "protocol error: non-minimal frame length");
                break;
            }
        }
        if (len > ws->cfg.max_message) {
            fail(ws, 1009, "message too big (frame of %llu bytes, limit %zu)",
                 (unsigned long long)len, ws->cfg.max_message);
            break;
        }
        if (n - hl < len)
            break; /* wait for the rest */
        const uint8_t *pl = p + hl;
        size_t pn = (size_t)len;
        pos += hl + pn;
        ws->st.frames_in++;
        if (op == OP_CLOSE) {
            handle_close_frame(ws, pl, pn);
            if (ws->gen != gen)
                return -1;
            continue;
        }
        if (op == OP_PING) {
            ws->st.pings_in++;
            if (!ws->close_sent) {
                queue_frame(ws, OP_PONG, pl, pn);
                if (flush_out(ws) != 0) {
                    finish(ws);
                    return -1;
                }
            }
            continue;
        }
        if (op == OP_PONG) {
            ws->st.pongs_in++;
            continue;
        }
        if (ws->state == WS_CLOSING)
            continue; /* data after a close is ignored (RFC 6455 5.5.1) */
        if (op == OP_CONT && !ws->msg_op) {
            fail(ws, 1002, "protocol error: continuation frame without a message");
            break;
        }
        if (op != OP_CONT && ws->msg_op) {
            fail(ws, 1002, "protocol error: new message inside a fragmented one");
            break;
        }
        if (fin && op != OP_CONT) {
            if (op == OP_TEXT && !ws_utf8_valid(pl, pn)) {
                fail(ws, 1007, "invalid UTF-8 in a text message");
                break;
            }
            call_message(ws, op == OP_BIN, pl, pn);
            if (ws->gen != gen || ws->free_pending)
                return -1;
            continue;
        }
        if (op != OP_CONT)
            ws->msg_op = op;
        if (ws->msg.len + pn > ws->cfg.max_message) {
            fail(ws, 1009, "message too big (over %zu bytes in fragments)", ws->cfg.max_message);
            break;
        }
        if (buf_reserve(&ws->msg, pn) != 0) {
            fail(ws, 1011, "out of memory");
            break;
        }
        if (pn) { /* an empty first fragment leaves msg.p NULL: no pointer arithmetic on it */
            memcpy(ws->msg.p + ws->msg.len, pl, pn);
            ws->msg.len += pn;
        }
        if (fin) {
            int mop = ws->msg_op;
            size_t ml = ws->msg.len;
            ws->msg_op = 0;
            ws->msg.len = 0;
            if (mop == OP_TEXT && !ws_utf8_valid(ws->msg.p, ml)) {
                fail(ws, 1007, "invalid UTF-8 in a text message");
                break;
            }
            call_message(ws, mop == OP_BIN, ws->msg.p, ml);
            if (ws->gen != gen || ws->free_pending)
                return -1;
        }
    }
    if (ws->gen != gen)
        return -1;
    if (ws->failed) {
        ws->in.len = 0;
    } else if (pos) {
        memmove(ws->in.p, ws->in.p + pos, ws->in.len - pos);
        ws->in.len -= pos;
    }
    return ret;
}

static int process_input(struct ws *ws)
{
    unsigned gen = ws->gen;
    if (ws->state == WS_HANDSHAKE) {
        long used = parse_handshake(ws);
        if (used < 0) {
            finish(ws);
            return -1;
        }
        if (used == 0)
            return 0;
        memmove(ws->in.p, ws->in.p + used, ws->in.len - (size_t)used);
        ws->in.len -= (size_t)used;
        ws->state = WS_OPEN;
        ws->st.opened_ms = loop_now_ms();
        ws->deadline_connect = 0;
        arm_tick(ws);
        call_open(ws);
        if (ws->gen != gen || ws->free_pending)
            return -1;
    }
    return process_frames(ws);
}

static void read_ready(struct ws *ws)
{
    unsigned gen = ws->gen;
    for (;;) {
        /* room for the largest frame we accept plus its header */
        if (buf_reserve(&ws->in, RECV_CHUNK) != 0) {
            fail(ws, 1011, "out of memory");
            return;
        }
        size_t n = 0;
        CURLcode rc = curl_easy_recv(ws->easy, ws->in.p + ws->in.len, ws->in.cap - ws->in.len, &n);
        if (rc == CURLE_AGAIN)
            return;
        if (rc != CURLE_OK) {
            set_info(ws, 1006, 1, 1, "receive failed: %s", curl_easy_strerror(rc));
            finish(ws);
            return;
        }
        if (n == 0) {
            if (ws->state == WS_CLOSING && ws->close_received) {
                finish(ws); /* the server closed TCP after the close handshake: clean */
            } else if (ws->state == WS_HANDSHAKE) {
                set_info(ws, 1006, 1, 1, "handshake: connection closed before the reply");
                finish(ws);
            } else {
                set_info(ws, 1006, 1, 1, "connection closed by server without a close frame");
                finish(ws);
            }
            return;
        }
        ws->in.len += n;
        ws->st.bytes_in += n;
        ws->st.last_rx_ms = loop_now_ms();
        if (ws->failed) {
            ws->in.len = 0; /* after a failure we only wait for the end */
            continue;
        }
        if (process_input(ws) != 0 || ws->gen != gen || ws->free_pending)
            return;
        if (ws->state == WS_IDLE)
            return;
        /* a partial frame larger than what we keep is caught by the size cap,
         * so the buffer never holds more than max_message + 14 + RECV_CHUNK */
    }
}

static void fd_cb(struct loop *l, int fd, int revents, void *user)
{
    (void)l;
    (void)fd;
    struct ws *ws = user;
    unsigned gen = ws->gen;
    ws->depth++;
    if (revents & LOOP_WRITE) {
        if (flush_out(ws) != 0)
            finish(ws);
    }
    if (ws->gen == gen && !ws->free_pending && (revents & (LOOP_READ | LOOP_ERROR)))
        read_ready(ws);
    /* after both close frames we wait for the server's EOF (read_ready
     * finishes on it) or deadline_close (tick_cb) */
    ws->depth--;
    if (ws->free_pending && ws->depth == 0)
        really_free(ws);
}

/* ---- connect phase: curl multi on the loop ---- */

static void check_multi(struct ws *ws);

static void curl_fd_cb(struct loop *l, int fd, int revents, void *user)
{
    (void)l;
    struct ws *ws = user;
    int flags = ((revents & LOOP_READ) ? CURL_CSELECT_IN : 0) |
                ((revents & LOOP_WRITE) ? CURL_CSELECT_OUT : 0) |
                ((revents & LOOP_ERROR) ? CURL_CSELECT_ERR : 0);
    int running = 0;
    ws->depth++;
    curl_multi_socket_action(ws->multi, fd, flags, &running);
    check_multi(ws);
    ws->depth--;
    if (ws->free_pending && ws->depth == 0)
        really_free(ws);
}

static int64_t curl_timer_cb(struct loop *l, void *user)
{
    (void)l;
    struct ws *ws = user;
    int running = 0;
    ws->curl_timer = 0; /* this one ends; curl re-arms through timer_fn */
    ws->depth++;
    curl_multi_socket_action(ws->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_multi(ws);
    ws->depth--;
    if (ws->free_pending && ws->depth == 0)
        really_free(ws);
    return -1;
}

static int socket_fn(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    (void)socketp;
    struct ws *ws = userp;
    if (ws->tearing_down || ws->state != WS_CONNECTING)
        return 0;
    if (what == CURL_POLL_REMOVE) {
        loop_unwatch(ws->loop, s);
        return 0;
    }
    int ev = ((what & CURL_POLL_IN) ? LOOP_READ : 0) | ((what & CURL_POLL_OUT) ? LOOP_WRITE : 0);
    loop_watch(ws->loop, s, ev, curl_fd_cb, ws);
    return 0;
}

static int timer_fn(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    struct ws *ws = userp;
    if (ws->tearing_down)
        return 0;
    if (timeout_ms < 0) {
        if (ws->curl_timer > 0)
            loop_timer_del(ws->loop, ws->curl_timer);
        ws->curl_timer = 0;
    } else if (ws->curl_timer > 0) {
        loop_timer_set(ws->loop, ws->curl_timer, timeout_ms);
    } else {
        ws->curl_timer = loop_timer_add(ws->loop, timeout_ms, curl_timer_cb, ws);
    }
    return 0;
}

static void start_handshake(struct ws *ws)
{
    curl_socket_t s = CURL_SOCKET_BAD;
    CURLcode rc = curl_easy_getinfo(ws->easy, CURLINFO_ACTIVESOCKET, &s);
    if (rc != CURLE_OK || s == CURL_SOCKET_BAD) {
        set_info(ws, 1006, 0, 1, "connect: no socket after connect");
        finish(ws);
        return;
    }
    if (ws->curl_timer > 0) {
        loop_timer_del(ws->loop, ws->curl_timer);
        ws->curl_timer = 0;
    }
    ws->state = WS_HANDSHAKE;
    ws->fd = (int)s;
    ws->fd_events = 0;
    uint8_t nonce[16];
    random_bytes(ws, nonce, sizeof nonce);
    char key[32];
    ws_base64(nonce, sizeof nonce, key);
    ws_accept_key(key, ws->accept_expect);
    char req[3072];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\n"
                     "Host: %s\r\n"
                     "User-Agent: %s\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "\r\n",
                     ws->path, ws->host_hdr, ws->user_agent ? ws->user_agent : "liqtop", key);
    if (n < 0 || (size_t)n >= sizeof req || buf_reserve(&ws->out, (size_t)n) != 0) {
        set_info(ws, 1006, 0, 1, "handshake: request too long");
        finish(ws);
        return;
    }
    memcpy(ws->out.p + ws->out.len, req, (size_t)n);
    ws->out.len += (size_t)n;
    if (flush_out(ws) != 0) {
        finish(ws);
        return;
    }
    watch_fd(ws);
    arm_tick(ws);
}

static void check_multi(struct ws *ws)
{
    CURLMsg *m;
    int left;
    while (ws->multi && ws->state == WS_CONNECTING && (m = curl_multi_info_read(ws->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        CURLcode rc = m->data.result;
        if (rc != CURLE_OK) {
            if (ws->curl_err[0])
                set_info(ws, 1006, 0, 1, "connect failed: %s", ws->curl_err);
            else
                set_info(ws, 1006, 0, 1, "connect failed: %s", curl_easy_strerror(rc));
            finish(ws);
            return;
        }
        start_handshake(ws);
        return;
    }
}

static int host_is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0)
        return 1;
    if (strncmp(host, "127.", 4) != 0)
        return 0;
    /* a dotted IPv4 literal in 127.0.0.0/8 */
    int dots = 0;
    for (const char *p = host; *p; p++) {
        if (*p == '.')
            dots++;
        else if (!isdigit((unsigned char)*p))
            return 0;
    }
    return dots == 3;
}

struct url_parts {
    int tls;
    char host[280]; /* holds any authority parse_url accepts (< 280 bytes) */
    long port;
    char path[2048];
};

static int parse_url(const char *url, int allow_insecure, struct url_parts *u, char *err,
                     size_t errn)
{
    const char *rest;
    if (strncasecmp(url, "wss://", 6) == 0) {
        u->tls = 1;
        rest = url + 6;
    } else if (strncasecmp(url, "ws://", 5) == 0) {
        u->tls = 0;
        rest = url + 5;
    } else {
        snprintf(err, errn, "only ws:// and wss:// URLs are supported");
        return -1;
    }
    size_t hl = strcspn(rest, "/?#");
    if (strchr(rest, '#')) {
        snprintf(err, errn, "URL has a fragment");
        return -1;
    }
    char authority[280];
    if (hl == 0 || hl >= sizeof authority) {
        snprintf(err, errn, "URL has no host or it is too long");
        return -1;
    }
    memcpy(authority, rest, hl);
    authority[hl] = '\0';
    if (strchr(authority, '@')) {
        snprintf(err, errn, "user names in WebSocket URLs are not supported");
        return -1;
    }
    u->port = u->tls ? 443 : 80;
    const char *pp = NULL;
    if (authority[0] == '[') {
        char *rb = strchr(authority, ']');
        if (!rb) {
            snprintf(err, errn, "bad IPv6 address in URL");
            return -1;
        }
        for (char *c = authority + 1; c < rb; c++)
            if (!isxdigit((unsigned char)*c) && *c != ':' && *c != '.') {
                snprintf(err, errn, "bad IPv6 address in URL");
                return -1;
            }
        size_t l = (size_t)(rb - authority) + 1;
        memcpy(u->host, authority, l);
        u->host[l] = '\0';
        if (rb[1] == ':')
            pp = rb + 2;
        else if (rb[1]) {
            snprintf(err, errn, "bad host in URL");
            return -1;
        }
    } else {
        char *colon = strchr(authority, ':');
        size_t l = colon ? (size_t)(colon - authority) : strlen(authority);
        memcpy(u->host, authority, l);
        u->host[l] = '\0';
        if (colon)
            pp = colon + 1;
        for (char *c = u->host; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-' && *c != '_') {
                snprintf(err, errn, "bad host in URL");
                return -1;
            }
        if (!u->host[0]) {
            snprintf(err, errn, "URL has no host");
            return -1;
        }
    }
    if (pp) {
        char *end = NULL;
        errno = 0;
        u->port = strtol(pp, &end, 10);
        if (!*pp || *end || errno || u->port < 1 || u->port > 65535) {
            snprintf(err, errn, "bad port in URL");
            return -1;
        }
    }
    if (!u->tls && !allow_insecure && !host_is_loopback(u->host)) {
        snprintf(err, errn,
                 "plain ws:// is only allowed to loopback (set allow_insecure_http = yes)");
        return -1;
    }
    const char *path = rest + hl;
    if (!*path)
        path = "/";
    if (strlen(path) + 2 >= sizeof u->path) {
        snprintf(err, errn, "URL path too long");
        return -1;
    }
    snprintf(u->path, sizeof u->path, "%s%s", *path == '?' ? "/" : "", path);
    for (const char *c = u->path; *c; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f) {
            snprintf(err, errn, "URL path has spaces or control characters");
            return -1;
        }
    return 0;
}

int ws_url_check(const char *url, int allow_insecure, char *err, size_t errn)
{
    struct url_parts u;
    if (errn)
        err[0] = '\0';
    return parse_url(url, allow_insecure, &u, err, errn);
}

int ws_connect(struct ws *ws, const char *url, char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    if (ws->state != WS_IDLE) {
        snprintf(err, errn, "already connected or connecting");
        return -1;
    }
    struct url_parts u;
    if (parse_url(url, ws->cfg.allow_insecure, &u, err, errn) != 0)
        return -1;
    snprintf(ws->path, sizeof ws->path, "%s", u.path);
    if (u.port == (u.tls ? 443 : 80))
        snprintf(ws->host_hdr, sizeof ws->host_hdr, "%s", u.host);
    else
        snprintf(ws->host_hdr, sizeof ws->host_hdr, "%s:%ld", u.host, u.port);
    char curl_url[320];
    snprintf(curl_url, sizeof curl_url, "%s://%s:%ld/", u.tls ? "https" : "http", u.host, u.port);

    ws->multi = curl_multi_init();
    ws->easy = curl_easy_init();
    if (!ws->multi || !ws->easy) {
        teardown(ws);
        snprintf(err, errn, "out of memory");
        return -1;
    }
    ws->curl_err[0] = '\0';
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(ws->easy, opt, val);                                             \
    } while (0)
    SET(CURLOPT_URL, curl_url);
    SET(CURLOPT_CONNECT_ONLY, 1L);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)ws->cfg.connect_timeout_ms);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_TCP_NODELAY, 1L);
    SET(CURLOPT_ERRORBUFFER, ws->curl_err);
    if (ws->ca_file)
        SET(CURLOPT_CAINFO, ws->ca_file);
#undef SET
    if (rc != CURLE_OK) {
        snprintf(err, errn, "curl: %s", curl_easy_strerror(rc));
        teardown(ws);
        return -1;
    }
    curl_multi_setopt(ws->multi, CURLMOPT_SOCKETFUNCTION, socket_fn);
    curl_multi_setopt(ws->multi, CURLMOPT_SOCKETDATA, ws);
    curl_multi_setopt(ws->multi, CURLMOPT_TIMERFUNCTION, timer_fn);
    curl_multi_setopt(ws->multi, CURLMOPT_TIMERDATA, ws);
    ws->state = WS_CONNECTING;
    ws->info_set = 0;
    memset(&ws->info, 0, sizeof ws->info);
    ws->close_sent = ws->close_received = 0;
    ws->failed = 0;
    ws->deadline_close = 0;
    ws->deadline_connect = loop_now_ms() + ws->cfg.connect_timeout_ms;
    ws->last_ping_ms = 0;
    ws->st.last_rx_ms = 0;
    ws->fd = -1;
    ws->fd_events = 0;
    /* curl calls timer_fn from here: the connect starts from the loop, so
     * no callback of ours can run inside ws_connect */
    if (curl_multi_add_handle(ws->multi, ws->easy) != CURLM_OK) {
        teardown(ws);
        snprintf(err, errn, "curl: cannot add the connection");
        return -1;
    }
    arm_tick(ws);
    return 0;
}

struct ws *ws_new(struct loop *loop, const struct ws_cfg *cfg, const struct ws_handler *h,
                  void *user)
{
    struct ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->loop = loop;
    if (cfg)
        ws->cfg = *cfg;
    else
        ws_cfg_default(&ws->cfg);
    if (ws->cfg.max_message == 0)
        ws->cfg.max_message = 1u << 20;
    if (ws->cfg.max_send_queue == 0)
        ws->cfg.max_send_queue = 4u << 20;
    if (ws->cfg.connect_timeout_ms <= 0)
        ws->cfg.connect_timeout_ms = 10000;
    if (ws->cfg.close_timeout_ms <= 0)
        ws->cfg.close_timeout_ms = 2000;
    ws->ca_file = ws->cfg.ca_file ? strdup(ws->cfg.ca_file) : NULL;
    ws->user_agent = ws->cfg.user_agent ? strdup(ws->cfg.user_agent) : NULL;
    ws->cfg.ca_file = ws->ca_file;
    ws->cfg.user_agent = ws->user_agent;
    if (h)
        ws->h = *h;
    ws->user = user;
    ws->fd = -1;
    ws->rnd_pos = sizeof ws->rnd; /* refill on first use */
    return ws;
}

void ws_free(struct ws *ws)
{
    if (!ws)
        return;
    if (ws->depth > 0) {
        /* inside one of our callbacks: drop the connection now (no more
         * callbacks), free when the dispatch unwinds */
        ws->free_pending = 1;
        ws->h.on_close = NULL;
        ws->h.on_message = NULL;
        ws->h.on_open = NULL;
        teardown(ws);
        return;
    }
    really_free(ws);
}

void ws_close(struct ws *ws, int code, const char *reason)
{
    if (!ws)
        return;
    if (ws->state == WS_CONNECTING || ws->state == WS_HANDSHAKE) {
        set_info(ws, code, 0, 0, "closed before open");
        finish(ws);
        return;
    }
    if (ws->state != WS_OPEN)
        return;
    set_info(ws, code, 0, 0, "closed by us (%d%s%s)", code,
             ws_close_code_name(code)[0] ? " " : "", ws_close_code_name(code));
    send_close(ws, code, reason);
    ws->state = WS_CLOSING;
    ws->deadline_close = loop_now_ms() + ws->cfg.close_timeout_ms;
    arm_tick(ws);
    if (flush_out(ws) != 0)
        finish(ws);
}

void ws_abort(struct ws *ws, const char *reason)
{
    if (!ws || ws->state == WS_IDLE)
        return;
    set_info(ws, 1006, 0, 1, "%s", reason ? reason : "aborted");
    finish(ws);
}

enum ws_state ws_state(const struct ws *ws)
{
    return ws ? ws->state : WS_IDLE;
}

void ws_get_stats(const struct ws *ws, struct ws_stats *out)
{
    *out = ws->st;
}

/* ---- the receive path without a socket (fuzzing, tests) ---- */

enum ws_state ws_feed_detached(struct loop *loop, const struct ws_cfg *cfg,
                               const struct ws_handler *h, void *user, int handshake,
                               const void *data, size_t len, size_t chunk)
{
    struct ws *ws = ws_new(loop, cfg, h, user);
    if (!ws)
        return WS_IDLE;
    ws->detached = 1;
    ws->state = handshake ? WS_HANDSHAKE : WS_OPEN;
    if (!handshake)
        ws->st.opened_ms = loop_now_ms();
    ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", ws->accept_expect);
    const uint8_t *p = data;
    if (chunk == 0)
        chunk = len ? len : 1;
    unsigned gen = ws->gen;
    ws->depth++;
    while (len && ws->gen == gen && !ws->free_pending && ws->state != WS_IDLE) {
        size_t n = len < chunk ? len : chunk;
        if (buf_reserve(&ws->in, n) != 0)
            break;
        memcpy(ws->in.p + ws->in.len, p, n);
        p += n;
        len -= n;
        if (ws->failed)
            continue; /* after a failure input is discarded, as in read_ready */
        ws->in.len += n;
        ws->st.bytes_in += n;
        if (process_input(ws) != 0)
            break;
    }
    enum ws_state end = ws->gen == gen && !ws->free_pending ? ws->state : WS_IDLE;
    ws->depth--;
    really_free(ws);
    return end;
}
