/* mockex: a loopback mock exchange for tests (HTTP/1.1, one thread, poll).
 *
 * Serves fixture files by URL path (the query is ignored) and POST bodies
 * by their JSON "type" (hyperliquid's POST /info), and misbehaves on demand
 * per route, so tests can drive liqtop's fetch layer through every failure
 * it must survive without touching the internet.
 *
 *   mockex [-p PORT] [--port-file FILE] [-m MAPFILE]... [-R ROUTE]...
 *          [-f ROUTEID=MODE]... [-v]
 *
 *   -p PORT        port on 127.0.0.1; 0 (default) picks a free one. The port
 *                  is printed on stdout as one line.
 *   --port-file F  also write the port to F (for shell scripts).
 *   -m MAPFILE     routes, one per line, `#` comments:
 *                      GET  /fapi/v1/premiumIndex  binance/premiumIndex.json
 *                      POST /info  metaAndAssetCtxs  hyperliquid/metaAndAssetCtxs.json
 *                  file names are relative to the map file's directory.
 *   -R "LINE"      one route in map syntax (file relative to the cwd).
 *   -f ID=MODE     a fault from the start (same as the control endpoint).
 *   -v             log every request on stderr.
 *   -S             per-symbol bodies for any symbol: when a request names a
 *                  base asset other than BTC (symbol=ETHUSDT, instId=ETH-USDT-SWAP,
 *                  instFamily=ETH-USDT, contract=ETH_USDT, or "coin":"ETH" in a
 *                  POST body), every "BTC" in the fixture becomes that asset, so
 *                  BTC's per-symbol fixtures answer for every tracked symbol
 *                  (benchmarks track 50 symbols; the numbers stay BTC's).
 *
 * Route ids (for faults and counts): the path ("/fapi/v1/premiumIndex"), or
 * "path:type" for POST bodies with a "type" ("/info:metaAndAssetCtxs"). A
 * fault set on a path also covers its types; "*" covers every route.
 *
 * Faults (MODE, optional :ARG):
 *   ok               normal service (clears the fault)
 *   delay:MS         answer normally after MS ms (past the client's timeout)
 *   drip:MS          send the answer 16 bytes every MS ms (default 200)
 *   429[:S]          429 Too Many Requests, with Retry-After: S if given
 *   429date:S        429 with Retry-After as an HTTP date S seconds ahead
 *   418[:S]          418 (binance's IP ban), Retry-After: S if given
 *   403 500 502 503  that status with a small JSON error body
 *   status:N         any status N
 *   html[:N]         an HTML error page with status N (default 502)
 *   truncated        full Content-Length, half the body, then close
 *   resetmid         the same, then a TCP reset (RST) instead of a FIN
 *   ctype[:TYPE]     the normal body labelled Content-Type: TYPE (text/html)
 *   malformed        200, the first half of the body as a complete response
 *   garbage          200, bytes that are not JSON
 *   empty            200 with an empty body
 *   oversized[:B]    200, a JSON array of B bytes (default 9 MiB), with length
 *   oversized_nolen[:B]  the same without Content-Length (read until close)
 *   reset            close the connection without answering
 *   redirect:URL     302 to URL
 *   gzip             the normal body gzip-encoded; 406 if the client does not
 *                    accept gzip (stored deflate blocks: no zlib needed)
 *   badgzip          Content-Encoding: gzip on a body that is not gzip
 *   body:TEXT        200 with TEXT as the body (a venue error envelope, ...)
 * Add &n=N to the control request (or ID=MODE/N on the command line) to
 * apply a fault to the next N requests only.
 *
 * Control endpoints (not counted):
 *   GET /_mock/fault?route=ID&mode=MODE[&n=N]   set or clear (mode=ok) a fault
 *   GET /_mock/count?route=ID                   requests seen for ID ("*": all)
 *   GET /_mock/bytes                            response bytes sent (all routes)
 *   GET /_mock/stats                            {"total":N,"routes":{ID:N,...}}
 *   GET /_mock/reset                            zero counts, clear faults
 *   GET /_mock/quit                             exit
 * Unknown paths get 404 with a JSON body (and are counted under their id). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUTES 512
#define MAX_FAULTS 64
#define MAX_COUNTERS 1024
#define MAX_CONNS 256
#define ID_MAX 320
#define IN_MAX (1 << 20)

struct route {
    char method[8];
    char path[256];
    char type[64];
    char *body;
    size_t len;
};

struct fault {
    char id[ID_MAX];
    char mode[32];
    char arg[512];
    long remaining; /* requests left; -1 = until cleared */
};

struct counter {
    char id[ID_MAX];
    unsigned long n;
};

struct conn {
    int fd;
    char *in;
    size_t in_len;
    char *out;
    size_t out_len, out_off;
    int busy;          /* a response is being sent */
    int64_t send_at;   /* monotonic ms; nothing is sent before */
    int drip_ms;       /* > 0: 16 bytes per step */
    int close_after;
    int close_now;
    int rst;           /* close with a TCP reset (SO_LINGER 0) instead of a FIN */
    int keep_alive;
};

static struct route routes[MAX_ROUTES];
static size_t n_routes;
static struct fault faults[MAX_FAULTS];
static size_t n_faults;
static struct counter counters[MAX_COUNTERS];
static size_t n_counters;
static unsigned long total_requests;
static unsigned long long bytes_sent;
static struct conn conns[MAX_CONNS];
static int verbose;
static int subst_symbols; /* -S */
static volatile sig_atomic_t stop_flag;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void copy(char *dst, size_t n, const char *src, size_t len)
{
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* ---- routes ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap);
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

/* "METHOD PATH [TYPE] FILE" relative to dir; 0 ok, -1 with a message. */
static int add_route(const char *line, const char *dir, const char *where)
{
    char f[4][512];
    int n = sscanf(line, "%511s %511s %511s %511s", f[0], f[1], f[2], f[3]);
    if (n < 3) {
        fprintf(stderr, "mockex: %s: expected METHOD PATH [TYPE] FILE\n", where);
        return -1;
    }
    if (n_routes == MAX_ROUTES) {
        fprintf(stderr, "mockex: %s: too many routes\n", where);
        return -1;
    }
    struct route *r = &routes[n_routes];
    memset(r, 0, sizeof *r);
    copy(r->method, sizeof r->method, f[0], strlen(f[0]));
    copy(r->path, sizeof r->path, f[1], strlen(f[1]));
    const char *file = f[2];
    if (n == 4) {
        copy(r->type, sizeof r->type, f[2], strlen(f[2]));
        file = f[3];
    }
    char path[1100];
    if (file[0] == '/' || !dir || !*dir)
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "%s/%s", dir, file);
    r->body = read_file(path, &r->len);
    if (!r->body) {
        fprintf(stderr, "mockex: %s: cannot read %s: %s\n", where, path, strerror(errno));
        return -1;
    }
    n_routes++;
    return 0;
}

static int load_map(const char *mapfile)
{
    FILE *f = fopen(mapfile, "r");
    if (!f) {
        fprintf(stderr, "mockex: %s: %s\n", mapfile, strerror(errno));
        return -1;
    }
    char dir[512];
    const char *slash = strrchr(mapfile, '/');
    if (slash)
        copy(dir, sizeof dir, mapfile, (size_t)(slash - mapfile));
    else
        copy(dir, sizeof dir, ".", 1);
    char line[2048], where[600];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#' || *p == '\n' || *p == '\r')
            continue;
        snprintf(where, sizeof where, "%s:%d", mapfile, lineno);
        if (add_route(p, dir, where) != 0) {
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

static const struct route *find_route(const char *method, const char *path, const char *type)
{
    const struct route *any = NULL;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *r = &routes[i];
        if (strcmp(r->method, method) != 0 || strcmp(r->path, path) != 0)
            continue;
        if (r->type[0] && strcmp(r->type, type) == 0)
            return r;
        if (!r->type[0] && !any)
            any = r;
    }
    return any;
}

/* ---- counters and faults ---- */

static void count(const char *id)
{
    total_requests++;
    for (size_t i = 0; i < n_counters; i++)
        if (strcmp(counters[i].id, id) == 0) {
            counters[i].n++;
            return;
        }
    if (n_counters < MAX_COUNTERS) {
        copy(counters[n_counters].id, ID_MAX, id, strlen(id));
        counters[n_counters++].n = 1;
    }
}

static unsigned long count_of(const char *id)
{
    if (strcmp(id, "*") == 0)
        return total_requests;
    unsigned long n = 0;
    size_t il = strlen(id);
    for (size_t i = 0; i < n_counters; i++) {
        /* a path counts its types too */
        if (strcmp(counters[i].id, id) == 0 ||
            (strncmp(counters[i].id, id, il) == 0 && counters[i].id[il] == ':'))
            n += counters[i].n;
    }
    return n;
}

static void set_fault(const char *id, const char *mode, long n)
{
    size_t i;
    for (i = 0; i < n_faults; i++)
        if (strcmp(faults[i].id, id) == 0)
            break;
    if (strcmp(mode, "ok") == 0 || strcmp(mode, "none") == 0) {
        if (i < n_faults)
            faults[i] = faults[--n_faults];
        return;
    }
    if (i == n_faults) {
        if (n_faults == MAX_FAULTS)
            return;
        n_faults++;
    }
    struct fault *f = &faults[i];
    memset(f, 0, sizeof *f);
    copy(f->id, sizeof f->id, id, strlen(id));
    const char *colon = strchr(mode, ':');
    if (colon) {
        copy(f->mode, sizeof f->mode, mode, (size_t)(colon - mode));
        copy(f->arg, sizeof f->arg, colon + 1, strlen(colon + 1));
    } else {
        copy(f->mode, sizeof f->mode, mode, strlen(mode));
    }
    f->remaining = n > 0 ? n : -1;
}

/* The fault for a request id ("path" or "path:type"), consuming one use. */
static int take_fault(const char *id, const char *path, struct fault *out)
{
    const char *keys[3] = {id, path, "*"};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < n_faults; i++) {
            if (strcmp(faults[i].id, keys[k]) != 0)
                continue;
            *out = faults[i];
            if (faults[i].remaining > 0 && --faults[i].remaining == 0)
                faults[i] = faults[--n_faults];
            return 1;
        }
    }
    return 0;
}

/* ---- gzip with stored blocks ---- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    static uint32_t table[256];
    static int ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static char *gzip_stored(const char *src, size_t n, size_t *out_len)
{
    size_t blocks = n / 65535 + 1;
    char *o = malloc(10 + blocks * 5 + n + 8);
    if (!o)
        return NULL;
    unsigned char *p = (unsigned char *)o;
    const unsigned char hdr[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
    memcpy(p, hdr, 10);
    p += 10;
    size_t off = 0;
    do {
        size_t k = n - off > 65535 ? 65535 : n - off;
        int last = off + k == n;
        *p++ = (unsigned char)(last ? 1 : 0);
        *p++ = (unsigned char)(k & 0xff);
        *p++ = (unsigned char)(k >> 8);
        *p++ = (unsigned char)(~k & 0xff);
        *p++ = (unsigned char)((~k >> 8) & 0xff);
        memcpy(p, src + off, k);
        p += k;
        off += k;
    } while (off < n);
    uint32_t crc = crc32_of((const unsigned char *)src, n);
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(crc >> (8 * i));
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)((uint32_t)n >> (8 * i));
    *out_len = (size_t)(p - (unsigned char *)o);
    return o;
}

/* ---- responses ---- */

static void http_date(int64_t delta_s, char *buf, size_t n)
{
    time_t t = time(NULL) + (time_t)delta_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 406: return "Not Acceptable";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/* Set c->out to a response. body_len_hdr: the Content-Length to announce
 * (-1: none, read until close); only body_send bytes of body are sent. */
static void respond(struct conn *c, int status, const char *ctype, const char *extra,
                    const char *body, size_t body_send, long long body_len_hdr)
{
    char head[2048];
    int hn = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nServer: mockex\r\nContent-Type: %s\r\n%s",
                      status, reason(status), ctype, extra ? extra : "");
    if (body_len_hdr >= 0)
        hn += snprintf(head + hn, sizeof head - (size_t)hn, "Content-Length: %lld\r\n", body_len_hdr);
    else
        c->close_after = 1;
    if (!c->keep_alive)
        c->close_after = 1;
    hn += snprintf(head + hn, sizeof head - (size_t)hn, "Connection: %s\r\n\r\n",
                   c->close_after ? "close" : "keep-alive");
    free(c->out);
    c->out = malloc((size_t)hn + body_send + 1);
    if (!c->out) {
        c->close_now = 1;
        return;
    }
    memcpy(c->out, head, (size_t)hn);
    if (body_send)
        memcpy(c->out + hn, body, body_send);
    c->out_len = (size_t)hn + body_send;
    c->out_off = 0;
    c->busy = 1;
}

static void respond_json(struct conn *c, int status, const char *extra, const char *body)
{
    size_t n = strlen(body);
    respond(c, status, "application/json", extra, body, n, (long long)n);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Value of a query parameter, percent-decoded; 0 if absent. */
static int query_param(const char *query, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t o = 0;
            for (size_t i = nl + 1; i < len && o + 1 < n; i++) {
                if (p[i] == '%' && i + 2 < len + 1 && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
                    out[o++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
                    i += 2;
                } else {
                    out[o++] = p[i] == '+' ? ' ' : p[i];
                }
            }
            out[o] = '\0';
            return 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    return 0;
}

static void control(struct conn *c, const char *path, const char *query)
{
    char route[ID_MAX], mode[600], nbuf[32], body[65536];
    if (strcmp(path, "/_mock/fault") == 0) {
        if (!query_param(query, "route", route, sizeof route) ||
            !query_param(query, "mode", mode, sizeof mode)) {
            respond_json(c, 400, NULL, "{\"error\":\"need route and mode\"}");
            return;
        }
        long n = query_param(query, "n", nbuf, sizeof nbuf) ? strtol(nbuf, NULL, 10) : 0;
        set_fault(route, mode, n);
        if (verbose)
            fprintf(stderr, "mockex: fault %s = %s%s%s\n", route, mode, n ? " n=" : "",
                    n ? nbuf : "");
        respond_json(c, 200, NULL, "{\"ok\":true}");
    } else if (strcmp(path, "/_mock/count") == 0) {
        if (!query_param(query, "route", route, sizeof route))
            copy(route, sizeof route, "*", 1);
        snprintf(body, sizeof body, "%lu\n", count_of(route));
        respond(c, 200, "text/plain", NULL, body, strlen(body), (long long)strlen(body));
    } else if (strcmp(path, "/_mock/bytes") == 0) {
        snprintf(body, sizeof body, "%llu\n", bytes_sent);
        respond(c, 200, "text/plain", NULL, body, strlen(body), (long long)strlen(body));
    } else if (strcmp(path, "/_mock/stats") == 0) {
        size_t o = (size_t)snprintf(body, sizeof body, "{\"total\":%lu,\"bytes\":%llu,\"routes\":{",
                                    total_requests, bytes_sent);
        for (size_t i = 0; i < n_counters && o + ID_MAX + 32 < sizeof body; i++)
            o += (size_t)snprintf(body + o, sizeof body - o, "%s\"%s\":%lu", i ? "," : "",
                                  counters[i].id, counters[i].n);
        snprintf(body + o, sizeof body - o, "}}\n");
        respond_json(c, 200, NULL, body);
    } else if (strcmp(path, "/_mock/reset") == 0) {
        n_counters = 0;
        n_faults = 0;
        total_requests = 0;
        bytes_sent = 0;
        respond_json(c, 200, NULL, "{\"ok\":true}");
    } else if (strcmp(path, "/_mock/quit") == 0) {
        respond_json(c, 200, NULL, "{\"ok\":true}");
        stop_flag = 1;
    } else {
        respond_json(c, 404, NULL, "{\"error\":\"unknown control endpoint\"}");
    }
}

static const char html_page[] =
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n";

static void serve(struct conn *c, const char *method, const char *path, const char *id,
                  const struct route *r, int accepts_gzip)
{
    struct fault f;
    char extra[256], date[64];
    extra[0] = '\0';
    if (!take_fault(id, path, &f)) {
        if (!r) {
            respond_json(c, 404, NULL, "{\"code\":-1,\"msg\":\"mockex: no route\"}");
            return;
        }
        respond(c, 200, "application/json", NULL, r->body, r->len, (long long)r->len);
        return;
    }
    const char *body = r ? r->body : "{}";
    size_t len = r ? r->len : 2;
    long arg = f.arg[0] ? strtol(f.arg, NULL, 10) : -1;
    const char *m = f.mode;
    (void)method;
    if (strcmp(m, "delay") == 0) {
        respond(c, r ? 200 : 404, "application/json", NULL, body, len, (long long)len);
        c->send_at = now_ms() + (arg > 0 ? arg : 1000);
    } else if (strcmp(m, "drip") == 0) {
        respond(c, r ? 200 : 404, "application/json", NULL, body, len, (long long)len);
        c->drip_ms = arg > 0 ? (int)arg : 200;
    } else if (strcmp(m, "429") == 0 || strcmp(m, "418") == 0) {
        if (arg >= 0)
            snprintf(extra, sizeof extra, "Retry-After: %ld\r\n", arg);
        respond_json(c, atoi(m), extra,
                     m[1] == '2' ? "{\"code\":-1003,\"msg\":\"Too many requests; mock.\"}"
                                 : "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until later (mock).\"}");
    } else if (strcmp(m, "429date") == 0) {
        http_date(arg >= 0 ? arg : 30, date, sizeof date);
        snprintf(extra, sizeof extra, "Retry-After: %s\r\n", date);
        respond_json(c, 429, extra, "{\"code\":-1003,\"msg\":\"Too many requests; mock.\"}");
    } else if (strcmp(m, "403") == 0 || strcmp(m, "500") == 0 || strcmp(m, "502") == 0 ||
               strcmp(m, "503") == 0 || strcmp(m, "status") == 0) {
        int st = strcmp(m, "status") == 0 ? (int)(arg > 0 ? arg : 500) : atoi(m);
        char b[128];
        snprintf(b, sizeof b, "{\"code\":%d,\"msg\":\"mock fault\"}", st);
        respond_json(c, st, NULL, b);
    } else if (strcmp(m, "html") == 0) {
        respond(c, arg > 0 ? (int)arg : 502, "text/html", NULL, html_page, strlen(html_page),
                (long long)strlen(html_page));
    } else if (strcmp(m, "truncated") == 0) {
        respond(c, 200, "application/json", NULL, body, len / 2, (long long)len);
        c->close_after = 1;
    } else if (strcmp(m, "resetmid") == 0) {
        respond(c, 200, "application/json", NULL, body, len / 2, (long long)len);
        c->close_after = 1;
        c->rst = 1;
    } else if (strcmp(m, "ctype") == 0) {
        respond(c, r ? 200 : 404, f.arg[0] ? f.arg : "text/html", NULL, body, len, (long long)len);
    } else if (strcmp(m, "malformed") == 0) {
        respond(c, 200, "application/json", NULL, body, len / 2, (long long)(len / 2));
    } else if (strcmp(m, "garbage") == 0) {
        static const char g[] = "\x01\xff not json at all \x1b[31m";
        respond(c, 200, "application/json", NULL, g, sizeof g - 1, (long long)(sizeof g - 1));
    } else if (strcmp(m, "empty") == 0) {
        respond(c, 200, "application/json", NULL, "", 0, 0);
    } else if (strcmp(m, "oversized") == 0 || strcmp(m, "oversized_nolen") == 0) {
        size_t n = arg > 0 ? (size_t)arg : (size_t)9 << 20;
        char *big = malloc(n + 1);
        if (!big) {
            c->close_now = 1;
            return;
        }
        big[0] = '[';
        for (size_t i = 1; i + 1 < n; i += 2) {
            big[i] = '0';
            big[i + 1] = ',';
        }
        big[n - 1] = ']';
        if (n > 2 && big[n - 2] == ',')
            big[n - 2] = '0';
        respond(c, 200, "application/json", NULL, big, n,
                strcmp(m, "oversized") == 0 ? (long long)n : -1);
        free(big);
    } else if (strcmp(m, "reset") == 0) {
        c->close_now = 1;
    } else if (strcmp(m, "redirect") == 0) {
        snprintf(extra, sizeof extra, "Location: %.200s\r\n", f.arg);
        respond_json(c, 302, extra, "{}");
    } else if (strcmp(m, "gzip") == 0) {
        if (!accepts_gzip) {
            respond_json(c, 406, NULL, "{\"error\":\"client does not accept gzip\"}");
            return;
        }
        size_t zl = 0;
        char *z = gzip_stored(body, len, &zl);
        if (!z) {
            c->close_now = 1;
            return;
        }
        respond(c, 200, "application/json", "Content-Encoding: gzip\r\n", z, zl, (long long)zl);
        free(z);
    } else if (strcmp(m, "body") == 0) {
        respond_json(c, 200, NULL, f.arg);
    } else if (strcmp(m, "badgzip") == 0) {
        respond(c, 200, "application/json", "Content-Encoding: gzip\r\n", body, len,
                (long long)len);
    } else {
        char b[160];
        snprintf(b, sizeof b, "{\"error\":\"mockex: unknown fault mode %.60s\"}", m);
        respond_json(c, 500, NULL, b);
    }
}

/* -S: the base asset a per-symbol request names, "" if none. query is the
 * raw query string, post the POST body ("" for GET). */
static void request_asset(const char *query, const char *post, char *out, size_t n)
{
    static const struct {
        const char *key, *suffix;
    } keys[] = {{"symbol=", "USDT"}, {"instId=", "-USDT-SWAP"}, {"instFamily=", "-USDT"},
                {"contract=", "_USDT"}, {"\"coin\":\"", "\""}};
    out[0] = '\0';
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *src = k == 4 ? post : query;
        const char *p = strstr(src, keys[k].key);
        if (!p || (k < 4 && p != src && p[-1] != '&'))
            continue;
        p += strlen(keys[k].key);
        const char *e = strstr(p, keys[k].suffix);
        if (!e || e == p || (size_t)(e - p) >= n)
            continue;
        copy(out, n, p, (size_t)(e - p));
        return;
    }
}

/* body with every "BTC" replaced by asset; malloc'd, NULL if out of memory. */
static char *replace_btc(const char *body, size_t len, const char *asset, size_t *out_len)
{
    size_t al = strlen(asset), cap = len + 1, n = 0;
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(body + i, "BTC", 3) == 0)
            cap += al;
    char *o = malloc(cap);
    if (!o)
        return NULL;
    for (size_t i = 0; i < len;) {
        if (i + 3 <= len && memcmp(body + i, "BTC", 3) == 0) {
            memcpy(o + n, asset, al);
            n += al;
            i += 3;
        } else {
            o[n++] = body[i++];
        }
    }
    *out_len = n;
    return o;
}

/* Header value (case-insensitive name) within the header block; "" if absent. */
static void header(const char *head, size_t hlen, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    out[0] = '\0';
    const char *p = head, *end = head + hlen;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
            const char *v = p + nl + 1;
            while (v < eol && (*v == ' ' || *v == '\t'))
                v++;
            size_t vl = (size_t)(eol - v);
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
                vl--;
            copy(out, n, v, vl);
            return;
        }
        p = eol + 1;
    }
}

/* Handle one complete request at the start of c->in; returns the bytes it
 * used, 0 if it is not complete yet, -1 to close. */
static long handle_request(struct conn *c)
{
    char *hend = NULL;
    for (size_t i = 0; i + 3 < c->in_len; i++)
        if (memcmp(c->in + i, "\r\n\r\n", 4) == 0) {
            hend = c->in + i;
            break;
        }
    if (!hend)
        return c->in_len >= IN_MAX ? -1 : 0;
    size_t hlen = (size_t)(hend - c->in) + 4;
    char clen[32], conn_h[64], ae[256];
    header(c->in, hlen, "Content-Length", clen, sizeof clen);
    header(c->in, hlen, "Connection", conn_h, sizeof conn_h);
    header(c->in, hlen, "Accept-Encoding", ae, sizeof ae);
    size_t blen = clen[0] ? (size_t)strtoul(clen, NULL, 10) : 0;
    if (blen > IN_MAX)
        return -1;
    if (c->in_len < hlen + blen)
        return 0;
    char method[16], target[2048], version[16];
    char line[2100];
    const char *eol = memchr(c->in, '\r', hlen);
    copy(line, sizeof line, c->in, (size_t)(eol - c->in));
    if (sscanf(line, "%15s %2047s %15s", method, target, version) != 3)
        return -1;
    c->keep_alive = strcmp(version, "HTTP/1.0") != 0 && strncasecmp(conn_h, "close", 5) != 0;
    char path[2048], *q = strchr(target, '?');
    const char *query = "";
    if (q) {
        *q = '\0';
        query = q + 1;
    }
    copy(path, sizeof path, target, strlen(target));
    if (strncmp(path, "/_mock/", 7) == 0) {
        control(c, path, query);
        return (long)(hlen + blen);
    }
    /* hyperliquid-style POST: route by the body's "type" */
    char type[64] = "";
    char asset[32] = "";
    if (blen) {
        char body[4096];
        copy(body, sizeof body, c->in + hlen, blen);
        if (subst_symbols)
            request_asset("", body, asset, sizeof asset);
        const char *t = strstr(body, "\"type\"");
        if (t) {
            t = strchr(t + 6, ':');
            if (t) {
                t++;
                while (*t == ' ')
                    t++;
                if (*t == '"') {
                    const char *e = strchr(t + 1, '"');
                    if (e)
                        copy(type, sizeof type, t + 1, (size_t)(e - t - 1));
                }
            }
        }
    }
    char id[ID_MAX];
    if (type[0])
        snprintf(id, sizeof id, "%.255s:%.63s", path, type);
    else
        snprintf(id, sizeof id, "%.255s", path);
    count(id);
    const struct route *r = find_route(method, path, type);
    if (subst_symbols && !asset[0])
        request_asset(query, "", asset, sizeof asset);
    struct route sub;
    char *sub_body = NULL;
    if (r && asset[0] && strcmp(asset, "BTC") != 0) {
        sub = *r;
        sub_body = replace_btc(r->body, r->len, asset, &sub.len);
        if (sub_body) {
            sub.body = sub_body;
            r = &sub;
        }
    }
    serve(c, method, path, id, r, strstr(ae, "gzip") != NULL);
    free(sub_body);
    if (verbose)
        fprintf(stderr, "mockex: %s %s -> %.3s\n", method, id,
                c->busy && c->out ? c->out + 9 : "closed");
    return (long)(hlen + blen);
}

static void conn_close(struct conn *c)
{
    if (c->rst) {
        struct linger lg = {1, 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    close(c->fd);
    free(c->in);
    free(c->out);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

static void conn_read(struct conn *c)
{
    char buf[65536];
    ssize_t n = recv(c->fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        conn_close(c);
        return;
    }
    if (n < 0)
        return;
    if (c->in_len + (size_t)n > IN_MAX) {
        conn_close(c);
        return;
    }
    char *ni = realloc(c->in, c->in_len + (size_t)n + 1);
    if (!ni) {
        conn_close(c);
        return;
    }
    c->in = ni;
    memcpy(c->in + c->in_len, buf, (size_t)n);
    c->in_len += (size_t)n;
}

static void conn_process(struct conn *c)
{
    while (c->fd >= 0 && !c->busy && c->in_len) {
        long used = handle_request(c);
        if (used < 0 || c->close_now) {
            conn_close(c);
            return;
        }
        if (used == 0)
            return;
        memmove(c->in, c->in + used, c->in_len - (size_t)used);
        c->in_len -= (size_t)used;
    }
}

static void conn_write(struct conn *c, int64_t now)
{
    if (!c->busy || now < c->send_at)
        return;
    size_t left = c->out_len - c->out_off;
    size_t k = c->drip_ms > 0 && left > 16 ? 16 : left;
    ssize_t n = send(c->fd, c->out + c->out_off, k, MSG_NOSIGNAL);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR)
            conn_close(c);
        return;
    }
    c->out_off += (size_t)n;
    bytes_sent += (unsigned long long)n;
    if (c->drip_ms > 0)
        c->send_at = now + c->drip_ms;
    if (c->out_off < c->out_len)
        return;
    if (c->close_after) {
        conn_close(c);
        return;
    }
    free(c->out);
    c->out = NULL;
    c->out_len = c->out_off = 0;
    c->busy = 0;
    c->send_at = 0;
    c->drip_ms = 0;
    conn_process(c); /* pipelined requests */
}

static int listen_on(int port, int *bound)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0) {
        close(fd);
        return -1;
    }
    socklen_t al = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &al);
    *bound = ntohs(a.sin_port);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void usage(void)
{
    fprintf(stderr, "usage: mockex [-p PORT] [--port-file FILE] [-m MAPFILE]... [-R 'METHOD PATH "
                    "[TYPE] FILE']... [-f ROUTE=MODE[/N]]... [-S] [-v]\n");
}

int main(int argc, char **argv)
{
    int port = 0;
    const char *port_file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (strcmp(a, "-S") == 0) {
            subst_symbols = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage();
            return 0;
        } else if (!v) {
            usage();
            return 2;
        } else if (strcmp(a, "-p") == 0 || strcmp(a, "--port") == 0) {
            port = atoi(v);
            i++;
        } else if (strcmp(a, "--port-file") == 0) {
            port_file = v;
            i++;
        } else if (strcmp(a, "-m") == 0 || strcmp(a, "--map") == 0) {
            if (load_map(v) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "-R") == 0 || strcmp(a, "--route") == 0) {
            if (add_route(v, NULL, "-R") != 0)
                return 2;
            i++;
        } else if (strcmp(a, "-f") == 0 || strcmp(a, "--fault") == 0) {
            char spec[1024], *eq;
            copy(spec, sizeof spec, v, strlen(v));
            eq = strchr(spec, '=');
            if (!eq) {
                fprintf(stderr, "mockex: -f wants ROUTE=MODE\n");
                return 2;
            }
            *eq = '\0';
            long n = 0;
            char *slash = strrchr(eq + 1, '/');
            if (slash && slash[1] >= '0' && slash[1] <= '9' && strncmp(eq + 1, "redirect", 8) != 0 &&
                strncmp(eq + 1, "body", 4) != 0) {
                n = strtol(slash + 1, NULL, 10);
                *slash = '\0';
            }
            set_fault(spec, eq + 1, n);
            i++;
        } else {
            usage();
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    int bound = 0;
    int lfd = listen_on(port, &bound);
    if (lfd < 0) {
        fprintf(stderr, "mockex: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        return 1;
    }
    printf("%d\n", bound);
    fflush(stdout);
    if (port_file) {
        FILE *pf = fopen(port_file, "w");
        if (pf) {
            fprintf(pf, "%d\n", bound);
            fclose(pf);
        }
    }
    for (int i = 0; i < MAX_CONNS; i++)
        conns[i].fd = -1;
    struct pollfd pfd[MAX_CONNS + 1];
    int idx[MAX_CONNS + 1];
    while (!stop_flag) {
        int64_t now = now_ms();
        int np = 0, timeout = 1000;
        pfd[np].fd = lfd;
        pfd[np].events = POLLIN;
        idx[np++] = -1;
        for (int i = 0; i < MAX_CONNS; i++) {
            struct conn *c = &conns[i];
            if (c->fd < 0)
                continue;
            short ev = POLLIN;
            if (c->busy) {
                if (now >= c->send_at)
                    ev |= POLLOUT;
                else if (c->send_at - now < timeout)
                    timeout = (int)(c->send_at - now);
            }
            pfd[np].fd = c->fd;
            pfd[np].events = ev;
            idx[np++] = i;
        }
        int rc = poll(pfd, (nfds_t)np, timeout);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            perror("mockex: poll");
            return 1;
        }
        now = now_ms();
        for (int k = 0; k < np; k++) {
            if (!pfd[k].revents)
                continue;
            if (idx[k] < 0) {
                int cfd;
                while ((cfd = accept(lfd, NULL, NULL)) >= 0) {
                    int slot = -1;
                    for (int i = 0; i < MAX_CONNS; i++)
                        if (conns[i].fd < 0) {
                            slot = i;
                            break;
                        }
                    if (slot < 0) {
                        close(cfd);
                        continue;
                    }
                    fcntl(cfd, F_SETFL, fcntl(cfd, F_GETFL) | O_NONBLOCK);
                    int one = 1;
                    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    memset(&conns[slot], 0, sizeof conns[slot]);
                    conns[slot].fd = cfd;
                }
                continue;
            }
            struct conn *c = &conns[idx[k]];
            if (c->fd < 0)
                continue;
            if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
                conn_read(c);
                if (c->fd >= 0)
                    conn_process(c);
            }
            if (c->fd >= 0 && (pfd[k].revents & POLLOUT))
                conn_write(c, now);
        }
    }
    fprintf(stderr, "mockex: %lu requests, %llu bytes sent\n", total_requests, bytes_sent);
    for (size_t i = 0; i < n_counters; i++)
        fprintf(stderr, "mockex:   %6lu %s\n", counters[i].n, counters[i].id);
    for (int i = 0; i < MAX_CONNS; i++)
        if (conns[i].fd >= 0)
            conn_close(&conns[i]);
    for (size_t i = 0; i < n_routes; i++)
        free(routes[i].body);
    close(lfd);
    return 0;
}
