/* stream: liquidation WebSocket streams of binance, bybit and okx (see stream.h). */
#include "liqtop/stream.h"

#include "liqtop/text.h"
#include "liqtop/ws.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* ------------------------------------------------------------------ */
/* pure part                                                           */

static const struct {
    const char *kind;
    const char *default_base;
    const char *path;
    const char *note;
} meta[STREAM_COUNT] = {
    {"forceOrder", "wss://fstream.binance.com", "/ws/!forceOrder@arr",
     "liquidations: lower bound (Binance sends at most 1 per symbol per second)"},
    {"allLiquidation", "wss://stream.bybit.com", "/v5/public/linear", ""},
    {"liquidation-orders", "wss://ws.okx.com:8443", "/ws/v5/public",
     "liquidations: partial (OKX: not all liquidations are published)"},
};

static int is_stream(enum source_id src)
{
    return src == SRC_BINANCE_WS || src == SRC_BYBIT_WS || src == SRC_OKX_WS;
}

const char *stream_kind(enum source_id src)
{
    return is_stream(src) ? meta[STREAM_INDEX(src)].kind : NULL;
}

int stream_lower_bound(enum source_id src)
{
    return src == SRC_BINANCE_WS;
}

int stream_liq_plausible(const struct rec_liq *l, const char **why)
{
    if (!isfinite(l->price) || l->price <= 0) {
        *why = "price not positive";
        return 0;
    }
    if (!isfinite(l->qty) || l->qty <= 0) {
        *why = "quantity not positive";
        return 0;
    }
    if (!isfinite(l->usd) || l->usd <= 0 || l->usd > 1e10) {
        *why = "notional absurd (over 1e10 USD)";
        return 0;
    }
    /* ms since the epoch: 2001-09-09 .. 2286-11-20; seconds or us are rejected */
    if (l->t_ms < 1000000000000LL || l->t_ms >= 10000000000000LL) {
        *why = "time not in ms since the epoch";
        return 0;
    }
    return 1;
}

int stream_parse(enum source_id src, const char *msg, size_t len, const struct parse_ctx *ctx,
                 struct recs *out, char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    size_t n0 = out->n_liqs;
    int rc;
    switch (src) {
    case SRC_BINANCE_WS: rc = binance_ws_parse(msg, len, ctx, out, err, errn); break;
    case SRC_BYBIT_WS: rc = bybit_ws_parse(msg, len, ctx, out, err, errn); break;
    case SRC_OKX_WS: rc = okx_ws_parse(msg, len, ctx, out, err, errn); break;
    default:
        snprintf(err, errn, "%s is not a stream source", source_name(src));
        return STREAM_MSG_ERROR;
    }
    if (rc != STREAM_MSG_DATA)
        out->n_liqs = n0; /* nothing half-parsed stays behind */
    return rc;
}

/* ------------------------------------------------------------------ */
/* live part                                                           */

enum role { ROLE_CUR, ROLE_NEXT, ROLE_OLD };

struct src;

struct conn {
    struct src *src;
    struct ws *ws;
    enum role role;
    int64_t started_ms; /* loop_now_ms at connect */
    int64_t opened_ms;  /* loop_now_ms at open, 0 before */
    int n_subs, n_rejected;
    int rejected;       /* the venue refused the subscription: DOWN, not STALE */
    char reject_reason[160];
};

struct src {
    struct streams *s;
    enum source_id id;
    int idx;
    int enabled;
    char url[512];
    struct conn *cur, *next, *old;
    int attempt;        /* consecutive failed or short-lived connections */
    long t_reconnect, t_keepalive, t_rotate;
    int64_t rate_start; /* wall ms of the current rate window */
    uint64_t rate_count;
};

struct streams {
    struct loop *loop;
    struct store *store;
    struct stream_cfg cfg;
    char *ca_file;
    char (*syms)[SYM_MAX];
    const char **sym_ptrs;
    size_t n_syms;
    struct stream_callbacks cb;
    struct src src[STREAM_COUNT];
    struct recs recs;
    uint64_t rng;
};

void stream_cfg_default(struct stream_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (int i = 0; i < STREAM_COUNT; i++)
        cfg->enabled[i] = 1;
    cfg->connect_timeout_ms = 10000;
    cfg->ws_ping_after_ms = 20000;
    cfg->idle_timeout_ms = 45000;
    cfg->backoff_min_ms = 1000;
    cfg->backoff_max_ms = 60000;
    cfg->stable_after_ms = 30000;
    cfg->bybit_ping_ms = 20000;
    cfg->okx_ping_ms = 25000;
    cfg->rotate_after_ms[STREAM_INDEX(SRC_BINANCE_WS)] = 23LL * 3600000 + 1800000;
    cfg->max_message = 1u << 20;
}

static uint64_t rng_next(struct streams *s)
{
    uint64_t x = s->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s->rng = x;
    return x;
}

static struct source_health *health(struct src *r)
{
    return &r->s->store->health[r->id];
}

static void set_error(struct src *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(struct src *r, const char *fmt, ...)
{
    struct source_health *h = health(r);
    char raw[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    text_sanitize(h->last_error, sizeof h->last_error, raw, strlen(raw));
    h->last_err_ms = loop_wall_ms();
}

static void set_state(struct src *r, enum health_state st, const char *reason)
{
    struct source_health *h = health(r);
    enum health_state old = h->state;
    h->state = st;
    if (old != st && r->s->cb.on_health)
        r->s->cb.on_health(r->s->cb.user, r->id, old, st, reason ? reason : "");
}

static void conn_free(struct conn *c)
{
    if (!c)
        return;
    ws_free(c->ws); /* deferred by ws when inside one of its callbacks */
    free(c);
}

static int64_t reconnect_cb(struct loop *l, void *user);
static int64_t keepalive_cb(struct loop *l, void *user);
static int64_t rotate_cb(struct loop *l, void *user);
static struct conn *conn_start(struct src *r, enum role role);

static void schedule_reconnect(struct src *r)
{
    struct streams *s = r->s;
    int64_t d = s->cfg.backoff_min_ms;
    for (int i = 0; i < r->attempt && d < s->cfg.backoff_max_ms; i++)
        d *= 2;
    if (d > s->cfg.backoff_max_ms)
        d = s->cfg.backoff_max_ms;
    /* jitter: uniform in [d/2, d], so reconnecting clients spread out */
    int64_t half = d / 2;
    d = half + (int64_t)(rng_next(s) % (uint64_t)(d - half + 1));
    r->attempt++;
    health(r)->retry_at_ms = loop_wall_ms() + d;
    if (r->t_reconnect > 0)
        loop_timer_set(s->loop, r->t_reconnect, d);
    else
        r->t_reconnect = loop_timer_add(s->loop, d, reconnect_cb, r);
}

static void send_subscriptions(struct conn *c)
{
    struct src *r = c->src;
    struct streams *s = r->s;
    c->n_subs = 0;
    if (r->id == SRC_BYBIT_WS) {
        /* Bybit: args per request are not limited for linear, but one
         * connection's args must stay under 21,000 characters; 10 per
         * request keeps each refusal small. */
        for (size_t i = 0; i < s->n_syms; i += 10) {
            char msg[1024];
            size_t o = (size_t)snprintf(msg, sizeof msg,
                                        "{\"req_id\":\"liqtop-%zu\",\"op\":\"subscribe\",\"args\":[",
                                        i / 10 + 1);
            for (size_t k = i; k < s->n_syms && k < i + 10; k++)
                o += (size_t)snprintf(msg + o, sizeof msg - o, "%s\"allLiquidation.%sUSDT\"",
                                      k > i ? "," : "", s->syms[k]);
            o += (size_t)snprintf(msg + o, sizeof msg - o, "]}");
            if (ws_send_text(c->ws, msg, o) == 0)
                c->n_subs++;
        }
    } else if (r->id == SRC_OKX_WS) {
        static const char sub[] = "{\"id\":\"liqtop1\",\"op\":\"subscribe\",\"args\":"
                                  "[{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"}]}";
        if (ws_send_text(c->ws, sub, sizeof sub - 1) == 0)
            c->n_subs++;
    }
}

static void on_open(struct ws *ws, void *user)
{
    (void)ws;
    struct conn *c = user;
    struct src *r = c->src;
    struct streams *s = r->s;
    c->opened_ms = loop_now_ms();
    send_subscriptions(c);
    if (c->role == ROLE_NEXT) {
        /* rotation: the new connection takes over, the old one closes */
        if (r->old) {
            struct conn *o = r->old;
            r->old = NULL;
            conn_free(o);
        }
        r->old = r->cur;
        r->cur = c;
        r->next = NULL;
        c->role = ROLE_CUR;
        if (r->old) {
            r->old->role = ROLE_OLD;
            ws_close(r->old->ws, 1000, "rotating");
        }
    }
    health(r)->latency_ms = (double)(c->opened_ms - c->started_ms);
    health(r)->retry_at_ms = 0;
    set_state(r, HEALTH_OK, "connected");
    int64_t rot = s->cfg.rotate_after_ms[r->idx];
    if (rot > 0) {
        if (r->t_rotate > 0)
            loop_timer_set(s->loop, r->t_rotate, rot);
        else
            r->t_rotate = loop_timer_add(s->loop, rot, rotate_cb, r);
    }
    if ((r->id == SRC_BYBIT_WS || r->id == SRC_OKX_WS) && r->t_keepalive <= 0) {
        int64_t p = r->id == SRC_BYBIT_WS ? s->cfg.bybit_ping_ms : s->cfg.okx_ping_ms;
        if (p > 0)
            r->t_keepalive = loop_timer_add(s->loop, p, keepalive_cb, r);
    }
}

static void count_rate(struct src *r, int64_t now)
{
    struct source_health *h = health(r);
    if (!r->rate_start)
        r->rate_start = now;
    r->rate_count++;
    int64_t span = now - r->rate_start;
    if (span >= 60000) {
        h->requests_per_min = (double)r->rate_count * 60000.0 / (double)span;
        r->rate_start = now;
        r->rate_count = 0;
    }
}

static void on_message(struct ws *ws, void *user, int binary, const char *data, size_t len)
{
    (void)ws;
    struct conn *c = user;
    struct src *r = c->src;
    struct streams *s = r->s;
    struct source_health *h = health(r);
    int64_t now = loop_wall_ms();
    h->requests++;
    h->bytes += len;
    h->last_ok_ms = now;
    count_rate(r, now);
    if (binary) {
        h->errors++;
        set_error(r, "%s: unexpected binary message (%zu bytes)", source_name(r->id), len);
        return;
    }
    struct store_contracts cz;
    struct parse_ctx ctx;
    parse_ctx_from_store(&ctx, &cz, s->store, source_venue(r->id), s->sym_ptrs, s->n_syms, NULL);
    recs_clear(&s->recs);
    char err[200];
    int rc = stream_parse(r->id, data, len, &ctx, &s->recs, err, sizeof err);
    if (rc != STREAM_MSG_CONTROL && s->cb.on_message)
        s->cb.on_message(s->cb.user, now, r->id, meta[r->idx].kind, data, len);
    switch (rc) {
    case STREAM_MSG_DATA:
        if (err[0])
            set_error(r, "%s message: %s", source_name(r->id), err);
        if (s->recs.n_liqs) {
            size_t used = store_apply(s->store, source_venue(r->id), &s->recs, now);
            if (used && s->cb.on_update)
                s->cb.on_update(s->cb.user, r->id, now);
        }
        break;
    case STREAM_MSG_REJECTED:
        h->errors++;
        set_error(r, "%s: %s", source_name(r->id), err);
        c->n_rejected++;
        if (c->n_subs > 0 && c->n_rejected >= c->n_subs && !c->rejected) {
            /* nothing will flow on this connection: say so, retry later */
            c->rejected = 1;
            snprintf(c->reject_reason, sizeof c->reject_reason, "%s", h->last_error);
            ws_close(c->ws, 1000, "subscription refused");
        }
        break;
    case STREAM_MSG_CONTROL:
        break;
    default:
        h->errors++;
        set_error(r, "%s message: %s", source_name(r->id), err);
        break;
    }
}

static void on_close(struct ws *ws, void *user, const struct ws_close_info *info)
{
    (void)ws;
    struct conn *c = user;
    struct src *r = c->src;
    struct streams *s = r->s;
    if (c->role == ROLE_OLD) {
        if (r->old == c)
            r->old = NULL;
        conn_free(c);
        return;
    }
    if (c->role == ROLE_NEXT) {
        /* the rotation's new connection failed: keep the current one, retry */
        r->next = NULL;
        set_error(r, "%s: new connection failed: %s", source_name(r->id), info->reason);
        if (r->t_rotate > 0)
            loop_timer_set(s->loop, r->t_rotate, 60000);
        conn_free(c);
        return;
    }
    /* the current connection ended */
    struct source_health *h = health(r);
    int was_open = c->opened_ms > 0;
    int lived = was_open && loop_now_ms() - c->opened_ms >= s->cfg.stable_after_ms;
    h->errors++;
    if (c->rejected)
        set_error(r, "%s", c->reject_reason);
    else
        set_error(r, "%s", info->reason);
    r->cur = NULL;
    char reason[200];
    snprintf(reason, sizeof reason, "%s", h->last_error);
    int rejected = c->rejected;
    conn_free(c);
    c = NULL;
    if (lived && !rejected)
        r->attempt = 0;
    if (r->next) {
        /* a rotation was under way: its connection becomes the current one */
        r->cur = r->next;
        r->next = NULL;
        r->cur->role = ROLE_CUR;
        if (ws_state(r->cur->ws) == WS_OPEN)
            return;
    }
    if (r->cur)
        return;
    schedule_reconnect(r);
    set_state(r, (was_open && !rejected) ? HEALTH_STALE : HEALTH_DOWN, reason);
}

static const struct ws_handler handler = {on_open, on_message, on_close};

static struct conn *conn_start(struct src *r, enum role role)
{
    struct streams *s = r->s;
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    struct ws_cfg wc;
    ws_cfg_default(&wc);
    wc.connect_timeout_ms = s->cfg.connect_timeout_ms;
    wc.ping_after_ms = s->cfg.ws_ping_after_ms;
    wc.idle_timeout_ms = s->cfg.idle_timeout_ms;
    wc.max_message = s->cfg.max_message;
    wc.allow_insecure = s->cfg.allow_insecure_http;
    wc.ca_file = s->ca_file;
    c->src = r;
    c->role = role;
    c->ws = ws_new(s->loop, &wc, &handler, c);
    if (!c->ws) {
        free(c);
        return NULL;
    }
    char err[200];
    c->started_ms = loop_now_ms();
    if (ws_connect(c->ws, r->url, err, sizeof err) != 0) {
        set_error(r, "%s: %s", source_name(r->id), err);
        ws_free(c->ws);
        free(c);
        return NULL;
    }
    return c;
}

static int64_t reconnect_cb(struct loop *l, void *user)
{
    (void)l;
    struct src *r = user;
    r->t_reconnect = 0;
    health(r)->retry_at_ms = 0;
    if (!r->cur) {
        r->cur = conn_start(r, ROLE_CUR);
        if (!r->cur) {
            schedule_reconnect(r);
            set_state(r, HEALTH_DOWN, health(r)->last_error);
        }
    }
    return -1;
}

static int64_t keepalive_cb(struct loop *l, void *user)
{
    (void)l;
    struct src *r = user;
    struct streams *s = r->s;
    int64_t period = r->id == SRC_BYBIT_WS ? s->cfg.bybit_ping_ms : s->cfg.okx_ping_ms;
    if (!r->cur || ws_state(r->cur->ws) != WS_OPEN)
        return period;
    if (r->id == SRC_BYBIT_WS) {
        static const char ping[] = "{\"req_id\":\"liqtop-ping\",\"op\":\"ping\"}";
        ws_send_text(r->cur->ws, ping, sizeof ping - 1);
        return period;
    }
    /* OKX: "ping" when nothing arrived for `period` (their rule: N < 30 s) */
    struct ws_stats st;
    ws_get_stats(r->cur->ws, &st);
    int64_t now = loop_now_ms();
    int64_t last = st.last_rx_ms > st.opened_ms ? st.last_rx_ms : st.opened_ms;
    int64_t quiet = now - last;
    if (quiet >= period - 50) {
        ws_send_text(r->cur->ws, "ping", 4);
        return period;
    }
    return period - quiet;
}

static int64_t rotate_cb(struct loop *l, void *user)
{
    (void)l;
    struct src *r = user;
    if (r->cur && ws_state(r->cur->ws) == WS_OPEN && !r->next) {
        r->next = conn_start(r, ROLE_NEXT);
        if (!r->next)
            return 60000;
    }
    return r->s->cfg.rotate_after_ms[r->idx]; /* on_open re-arms it precisely */
}

struct streams *streams_new(struct loop *loop, struct store *store, const struct stream_cfg *cfg,
                            const char *const *symbols, size_t n, char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    struct streams *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errn, "out of memory");
        return NULL;
    }
    s->loop = loop;
    s->store = store;
    if (cfg)
        s->cfg = *cfg;
    else
        stream_cfg_default(&s->cfg);
    if (s->cfg.backoff_min_ms <= 0)
        s->cfg.backoff_min_ms = 1000;
    if (s->cfg.backoff_max_ms < s->cfg.backoff_min_ms)
        s->cfg.backoff_max_ms = s->cfg.backoff_min_ms;
    s->ca_file = s->cfg.ca_file ? strdup(s->cfg.ca_file) : NULL;
    s->cfg.ca_file = s->ca_file;
    recs_init(&s->recs);
    s->syms = calloc(n ? n : 1, sizeof *s->syms);
    s->sym_ptrs = calloc(n ? n : 1, sizeof *s->sym_ptrs);
    if (!s->syms || !s->sym_ptrs) {
        snprintf(err, errn, "out of memory");
        streams_free(s);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!symbols[i] || !text_is_symbol(symbols[i])) {
            snprintf(err, errn, "stream symbols: '%s' is not a canonical symbol",
                     symbols[i] ? symbols[i] : "(null)");
            streams_free(s);
            return NULL;
        }
        text_copy(s->syms[s->n_syms], SYM_MAX, symbols[i]);
        s->sym_ptrs[s->n_syms] = s->syms[s->n_syms];
        s->n_syms++;
    }
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
        seed = (uint64_t)loop_now_ms() ^ (uint64_t)(uintptr_t)s;
    s->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < STREAM_COUNT; i++) {
        struct src *r = &s->src[i];
        r->s = s;
        r->id = (enum source_id)(SRC_BINANCE_WS + i);
        r->idx = i;
        r->enabled = s->cfg.enabled[i];
        char base[256];
        text_copy(base, sizeof base, s->cfg.base[i][0] ? s->cfg.base[i] : meta[i].default_base);
        size_t bl = strlen(base);
        while (bl && base[bl - 1] == '/')
            base[--bl] = '\0';
        snprintf(r->url, sizeof r->url, "%s%s", base, meta[i].path);
        struct source_health *h = health(r);
        text_copy(h->note, sizeof h->note, meta[i].note);
        if (!r->enabled) {
            h->state = HEALTH_DISABLED;
            continue;
        }
        char why[200];
        if (ws_url_check(r->url, s->cfg.allow_insecure_http, why, sizeof why) != 0) {
            snprintf(err, errn, "%s endpoint '%s': %s", source_name(r->id), base, why);
            streams_free(s);
            return NULL;
        }
        if (r->id == SRC_BYBIT_WS && s->n_syms == 0) {
            r->enabled = 0; /* Bybit needs one subscription per symbol */
            h->state = HEALTH_DISABLED;
            text_copy(h->last_error, sizeof h->last_error, "no symbols to subscribe to");
        }
    }
    return s;
}

void streams_set_callbacks(struct streams *s, const struct stream_callbacks *cb)
{
    if (cb)
        s->cb = *cb;
    else
        memset(&s->cb, 0, sizeof s->cb);
}

int streams_start(struct streams *s, char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    for (int i = 0; i < STREAM_COUNT; i++) {
        struct src *r = &s->src[i];
        if (!r->enabled || r->cur || r->t_reconnect > 0)
            continue;
        r->cur = conn_start(r, ROLE_CUR);
        if (!r->cur) {
            snprintf(err, errn, "%s", health(r)->last_error);
            return -1;
        }
    }
    return 0;
}

void streams_free(struct streams *s)
{
    if (!s)
        return;
    for (int i = 0; i < STREAM_COUNT; i++) {
        struct src *r = &s->src[i];
        if (r->t_reconnect > 0)
            loop_timer_del(s->loop, r->t_reconnect);
        if (r->t_keepalive > 0)
            loop_timer_del(s->loop, r->t_keepalive);
        if (r->t_rotate > 0)
            loop_timer_del(s->loop, r->t_rotate);
        conn_free(r->cur);
        conn_free(r->next);
        conn_free(r->old);
        r->cur = r->next = r->old = NULL;
    }
    recs_done(&s->recs);
    free(s->syms);
    free(s->sym_ptrs);
    free(s->ca_file);
    free(s);
}

const char *streams_url(const struct streams *s, enum source_id src)
{
    return is_stream(src) ? s->src[STREAM_INDEX(src)].url : "";
}
