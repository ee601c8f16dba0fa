/* Fuzz targets (see targets.h for the input layouts). */
#include "fuzz/targets.h"

#include "liqtop/alert.h"
#include "liqtop/config.h"
#include "liqtop/http.h"
#include "liqtop/journal.h"
#include "liqtop/loop.h"
#include "liqtop/model.h"
#include "liqtop/record.h"
#include "liqtop/settings.h"
#include "liqtop/source.h"
#include "liqtop/store.h"
#include "liqtop/stream.h"
#include "liqtop/theme.h"
#include "liqtop/venue.h"
#include "liqtop/ws.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Model time for everything the targets apply: 2024-06-10. */
#define FUZZ_NOW_MS 1718000000000LL

static const char *const fuzz_syms[] = {"BTC", "ETH", "SOL"};

/* A copy of exactly len bytes (nothing readable past the end, so ASan sees
 * any overread), or NUL-terminated when nul is set. */
static char *dup_bytes(const uint8_t *p, size_t len, int nul)
{
    char *b = malloc(len + (nul ? 1 : 0) + (len == 0 && !nul ? 1 : 0));
    if (!b)
        return NULL;
    if (len)
        memcpy(b, p, len);
    if (nul)
        b[len] = '\0';
    return b;
}

/* Split FLAGS NAME '\n' REST; 0 ok, -1 if the input has no such shape. */
static int split_head(const uint8_t *data, size_t len, unsigned *flags, char *name, size_t nn,
                      const uint8_t **rest, size_t *rest_len)
{
    if (len < 2)
        return -1;
    *flags = data[0];
    const uint8_t *nl = memchr(data + 1, '\n', len - 1);
    if (!nl)
        return -1;
    size_t kl = (size_t)(nl - (data + 1));
    if (kl >= nn)
        return -1;
    memcpy(name, data + 1, kl);
    name[kl] = '\0';
    *rest = nl + 1;
    *rest_len = len - (size_t)(nl + 1 - data);
    return 0;
}

static double contract_size_fixed(const void *user, const char *sym)
{
    (void)user;
    (void)sym;
    return 0.01;
}

static void fill_ctx(struct parse_ctx *ctx, unsigned flags)
{
    memset(ctx, 0, sizeof *ctx);
    if (!(flags & 4)) {
        ctx->symbols = fuzz_syms;
        ctx->n_symbols = sizeof fuzz_syms / sizeof fuzz_syms[0];
    }
    ctx->sym = (flags & 1) ? NULL : "BTC";
    ctx->contract_size = (flags & 2) ? NULL : contract_size_fixed;
}

/* What the parsers produced goes on into the store and the model, as live:
 * records that parse but hold absurd values must not hurt them either. */
static void apply(enum venue_id venue, const struct recs *r)
{
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, fuzz_syms, sizeof fuzz_syms / sizeof fuzz_syms[0]);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = s ? model_new(&mc, s) : NULL;
    if (m) {
        store_apply(s, venue, r, FUZZ_NOW_MS);
        model_update(m, FUZZ_NOW_MS, NULL);
    }
    model_free(m);
    store_free(s);
}

static int fuzz_venue(enum source_id src, const uint8_t *data, size_t len)
{
    unsigned flags;
    char kind[40];
    const uint8_t *body;
    size_t blen;
    if (split_head(data, len, &flags, kind, sizeof kind, &body, &blen) != 0)
        return 0;
    const struct venue_adapter *a = source_adapter(src);
    char *b = dup_bytes(body, blen, 0);
    if (!a || !b) {
        free(b);
        return 0;
    }
    struct parse_ctx ctx;
    fill_ctx(&ctx, flags);
    struct recs out;
    recs_init(&out);
    char err[256];
    err[0] = '\0';
    int rc = a->parse(kind, b, blen, &ctx, &out, err, sizeof err);
    if (rc == 0 && (flags & 8) == 0)
        apply(source_venue(src), &out);
    /* an error message must be a terminated string */
    if (rc != 0 && strlen(err) >= sizeof err)
        abort();
    if (a->rate_limited)
        (void)a->rate_limited(b, blen);
    recs_done(&out);
    free(b);
    return 0;
}

int fuzz_binance(const uint8_t *d, size_t n) { return fuzz_venue(SRC_BINANCE, d, n); }
int fuzz_bybit(const uint8_t *d, size_t n) { return fuzz_venue(SRC_BYBIT, d, n); }
int fuzz_okx(const uint8_t *d, size_t n) { return fuzz_venue(SRC_OKX, d, n); }
int fuzz_gate(const uint8_t *d, size_t n) { return fuzz_venue(SRC_GATE, d, n); }
int fuzz_hyperliquid(const uint8_t *d, size_t n) { return fuzz_venue(SRC_HYPERLIQUID, d, n); }
int fuzz_feargreed(const uint8_t *d, size_t n) { return fuzz_venue(SRC_FEARGREED, d, n); }
int fuzz_coingecko(const uint8_t *d, size_t n) { return fuzz_venue(SRC_COINGECKO, d, n); }

int fuzz_stream(const uint8_t *data, size_t len)
{
    unsigned flags;
    char name[32];
    const uint8_t *msg;
    size_t mlen;
    if (split_head(data, len, &flags, name, sizeof name, &msg, &mlen) != 0)
        return 0;
    int src = source_from_name(name);
    if (src < 0 || !source_is_stream((enum source_id)src))
        src = SRC_BINANCE_WS + (int)(flags >> 4) % STREAM_COUNT;
    char *b = dup_bytes(msg, mlen, 0);
    if (!b)
        return 0;
    struct parse_ctx ctx;
    fill_ctx(&ctx, flags);
    struct recs out;
    recs_init(&out);
    char err[256];
    int rc = stream_parse((enum source_id)src, b, mlen, &ctx, &out, err, sizeof err);
    if (rc == STREAM_MSG_DATA && (flags & 8) == 0)
        apply(source_venue((enum source_id)src), &out);
    recs_done(&out);
    free(b);
    return 0;
}

int fuzz_config(const uint8_t *data, size_t len)
{
    char *text = dup_bytes(data, len, 1);
    struct settings *st = malloc(sizeof *st);
    if (text && st) {
        settings_defaults(st);
        struct cfg_section secs[32];
        size_t n = settings_sections(st, secs, sizeof secs / sizeof secs[0]);
        char err[600];
        if (config_load_string("fuzz.conf", text, secs, n, err, sizeof err) == 0)
            (void)model_cfg_check(&st->model, err, sizeof err);
    }
    free(st);
    free(text);
    return 0;
}

int fuzz_theme(const uint8_t *data, size_t len)
{
    char *text = dup_bytes(data, len, 1);
    if (text) {
        struct theme t;
        char err[300];
        if (theme_parse(&t, "fuzz", text, err, sizeof err) == 0) {
            theme_degrade(&t, 8);
            theme_degrade(&t, 0);
        }
    }
    free(text);
    return 0;
}

int fuzz_journal(const uint8_t *data, size_t len)
{
    char *line = dup_bytes(data, len, 0);
    if (!line)
        return 0;
    struct journal_entry e;
    char *buf = NULL, err[256];
    size_t cap = 0;
    if (journal_parse_line(line, len, &e, &buf, &cap, err, sizeof err) == 0) {
        /* what was read writes back and reads again to the same bytes */
        size_t ol;
        char *again = journal_format_line(e.t_ms, e.venue, e.kind, e.symbol, e.status, e.body,
                                          e.len, &ol);
        if (again) {
            struct journal_entry e2;
            char *buf2 = NULL;
            size_t cap2 = 0;
            if (ol == 0 || again[ol - 1] != '\n')
                abort();
            if (journal_parse_line(again, ol - 1, &e2, &buf2, &cap2, err, sizeof err) != 0 ||
                e2.len != e.len || memcmp(e2.body, e.body, e.len) != 0 || e2.t_ms != e.t_ms ||
                e2.status != e.status || strcmp(e2.kind, e.kind) != 0 ||
                strcmp(e2.venue, e.venue) != 0 || strcmp(e2.symbol, e.symbol) != 0)
                abort(); /* journal round trip broken */
            free(buf2);
            free(again);
        }
    }
    free(buf);
    free(line);
    return 0;
}

static void ws_on_message(struct ws *ws, void *user, int binary, const char *p, size_t n)
{
    (void)ws;
    (void)binary;
    size_t *total = user;
    /* touch every byte: ASan checks the message is really there */
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (unsigned char)p[i];
    *total += n + (sum & 1);
}

int fuzz_ws(const uint8_t *data, size_t len)
{
    if (len < 1)
        return 0;
    static struct loop *loop; /* only holds timers, which never run */
    if (!loop)
        loop = loop_new();
    if (!loop)
        return 0;
    struct ws_cfg cfg;
    ws_cfg_default(&cfg);
    cfg.max_message = 4096; /* small, so the size checks are reached */
    struct ws_handler h = {NULL, ws_on_message, NULL};
    size_t total = 0;
    char *b = dup_bytes(data + 1, len - 1, 0);
    if (b)
        ws_feed_detached(loop, &cfg, &h, &total, data[0] & 1, b, len - 1, data[0] >> 1);
    free(b);
    return 0;
}

int fuzz_http_header(const uint8_t *data, size_t len)
{
    struct http_headers hd;
    http_headers_reset(&hd);
    const uint8_t *p = data, *end = data + len;
    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        char *line = dup_bytes(p, n, 0);
        if (line) {
            http_header_line(&hd, line, n, FUZZ_NOW_MS);
            if (hd.retry_after_s != hd.retry_after_s) /* NaN must never come out */
                abort();
        }
        free(line);
        p += n;
    }
    if (strlen(hd.content_type) >= sizeof hd.content_type)
        abort();
    /* the whole input as one Retry-After value */
    char *v = dup_bytes(data, len, 1);
    double secs;
    if (v && http_parse_retry_after(v, FUZZ_NOW_MS, &secs) == 0 && !(secs >= 0))
        abort();
    free(v);
    return 0;
}

int fuzz_http_url(const uint8_t *data, size_t len)
{
    if (len < 1)
        return 0;
    char *url = dup_bytes(data + 1, len - 1, 1);
    if (!url)
        return 0;
    char err[400];
    (void)http_check_url(url, data[0] & 1, err, sizeof err);
    (void)http_host_is_loopback(url);
    (void)ws_url_check(url, data[0] & 1, err, sizeof err);
    free(url);
    return 0;
}

static const struct fuzz_target targets[] = {
    {"binance", fuzz_binance},
    {"bybit", fuzz_bybit},
    {"okx", fuzz_okx},
    {"gate", fuzz_gate},
    {"hyperliquid", fuzz_hyperliquid},
    {"feargreed", fuzz_feargreed},
    {"coingecko", fuzz_coingecko},
    {"stream", fuzz_stream},
    {"config", fuzz_config},
    {"theme", fuzz_theme},
    {"journal", fuzz_journal},
    {"ws", fuzz_ws},
    {"http_header", fuzz_http_header},
    {"http_url", fuzz_http_url},
};

const struct fuzz_target *fuzz_targets(size_t *n)
{
    *n = sizeof targets / sizeof targets[0];
    return targets;
}
