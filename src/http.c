/* http: libcurl multi inside our poll() loop (see http.h).
 *
 * Why curl_multi_socket_action and not curl_multi_perform + curl_multi_poll:
 * the program already owns one poll() loop (loop.h) with stdin, timers and,
 * later, WebSocket streams. curl_multi_poll would have to become that loop
 * (and Debian 12's 7.88 lacks curl_multi_waitfds to borrow curl's fds), so
 * instead curl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION ->
 * loop_watch/loop_unwatch) and when to wake it (CURLMOPT_TIMERFUNCTION -> one
 * loop timer), and we hand each readiness event back with
 * curl_multi_socket_action. This is curl's docs/examples/ephiperfifo.c shape
 * on our loop. All in the calling thread (curl may resolve names on its own
 * helper thread; that is internal to libcurl). */
#include "liqtop/http.h"

#include "liqtop/loop.h"
#include "liqtop/text.h"

#include <curl/curl.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* snprintf that truncates on purpose (messages have fixed buffers). */
static void msgf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void msgf(char *dst, size_t n, const char *fmt, ...)
{
    if (!n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

#ifndef LIQTOP_VERSION
#define LIQTOP_VERSION "0"
#endif

#define NO_TIMEOUT_REQUEST (-2) /* curl did not ask for a timeout during our timer */

struct xfer {
    struct http *h;
    CURL *e;
    long id;
    http_done_fn fn;
    void *user;
    char *buf; /* decoded body, +1 byte for the NUL */
    size_t len, cap;
    int too_big, oom;
    int refused; /* opensocket refused a plain-http hop to a remote address */
    char refused_msg[160];
    struct http_headers hd; /* what we keep of the response headers */
    char host[256];
    char url[512]; /* for messages; truncated copy */
    struct curl_slist *hdrs;
    char errbuf[CURL_ERROR_SIZE];
    struct xfer *prev, *next;
};

struct http {
    struct loop *loop;
    CURLM *multi;
    struct http_cfg cfg;
    long timer_id;    /* loop timer standing for curl's timeout, 0 if none */
    int in_timer;     /* inside our timer callback: requests go to want_timeout */
    long want_timeout;
    struct xfer *xfers;
    size_t n_xfers;
    long next_id;
    int *fds; /* sockets curl asked us to watch, to unwatch leftovers at free */
    size_t n_fds, cap_fds;
};

void http_cfg_default(struct http_cfg *cfg)
{
    cfg->connect_timeout_ms = 10000;
    cfg->timeout_ms = 15000;
    cfg->max_body = (size_t)8 << 20;
    cfg->allow_insecure_http = 0;
    cfg->max_host_connections = 4;
}

/* ---- policy and small parsers (pure) ---- */

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int http_host_is_loopback(const char *host)
{
    if (!host || !*host)
        return 0;
    char h[256];
    size_t n = strlen(host);
    if (n >= sizeof h)
        return 0;
    if (host[0] == '[' && host[n - 1] == ']') {
        memcpy(h, host + 1, n - 2);
        h[n - 2] = '\0';
    } else {
        memcpy(h, host, n + 1);
    }
    if (ieq(h, "localhost") || ieq(h, "localhost."))
        return 1;
    struct in_addr a4;
    if (inet_pton(AF_INET, h, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    struct in6_addr a6;
    if (inet_pton(AF_INET6, h, &a6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&a6))
            return 1;
        if (IN6_IS_ADDR_V4MAPPED(&a6))
            return a6.s6_addr[12] == 127;
    }
    return 0;
}

static int sockaddr_is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        struct sockaddr_in sin;
        memcpy(&sin, sa, sizeof sin);
        return (ntohl(sin.sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 sin6;
        memcpy(&sin6, sa, sizeof sin6);
        if (IN6_IS_ADDR_LOOPBACK(&sin6.sin6_addr))
            return 1;
        return IN6_IS_ADDR_V4MAPPED(&sin6.sin6_addr) && sin6.sin6_addr.s6_addr[12] == 127;
    }
    return 0;
}

static void sockaddr_text(const struct sockaddr *sa, char *buf, size_t n)
{
    const void *addr = NULL;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    if (sa->sa_family == AF_INET) {
        memcpy(&sin, sa, sizeof sin);
        addr = &sin.sin_addr;
    } else if (sa->sa_family == AF_INET6) {
        memcpy(&sin6, sa, sizeof sin6);
        addr = &sin6.sin6_addr;
    }
    if (!addr || !inet_ntop(sa->sa_family, addr, buf, (socklen_t)n))
        text_copy(buf, n, "?");
}

/* Scheme (lower case) and host of a URL; 0 ok, -1 if it is not a URL, -2 if
 * it has a scheme but no host (file:///x). */
static int url_parts(const char *url, char *scheme, size_t sn, char *host, size_t hn)
{
    CURLU *u = curl_url();
    if (!u)
        return -1;
    int rc = -1;
    char *s = NULL, *h = NULL;
    scheme[0] = host[0] = '\0';
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK) {
        text_copy(scheme, sn, s);
        for (char *p = scheme; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        rc = -2;
        if (curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
            text_copy(host, hn, h);
            rc = 0;
        }
    }
    curl_free(s);
    curl_free(h);
    curl_url_cleanup(u);
    return rc;
}

int http_check_url(const char *url, int allow_insecure_http, char *err, size_t errn)
{
    char safe[300], scheme[16], host[256];
    text_sanitize(safe, sizeof safe, url ? url : "", url ? strlen(url) : 0);
    if (!url || !*url) {
        msgf(err, errn, "empty URL");
        return -1;
    }
    int pr = url_parts(url, scheme, sizeof scheme, host, sizeof host);
    if (pr == -1) {
        msgf(err, errn, "not a valid URL: %s", safe);
        return -1;
    }
    if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
        msgf(err, errn, "only http and https URLs are allowed: %s", safe);
        return -1;
    }
    if (pr != 0) {
        msgf(err, errn, "no host in URL: %s", safe);
        return -1;
    }
    if (strcmp(scheme, "http") == 0 && !allow_insecure_http && !http_host_is_loopback(host)) {
        msgf(err, errn,
                 "refusing plain http to non-loopback host %s (%s); use https or set "
                 "allow_insecure_http = yes",
                 host, safe);
        return -1;
    }
    return 0;
}

int http_parse_retry_after(const char *value, int64_t now_ms, double *secs)
{
    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    char v[128];
    size_t n = text_copy(v, sizeof v, value);
    if (n >= sizeof v)
        return -1;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        v[--n] = '\0';
    if (!n)
        return -1;
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (v[i] < '0' || v[i] > '9')
            digits = 0;
    if (digits) {
        if (n > 9) /* over 30 years: nonsense */
            return -1;
        *secs = (double)strtol(v, NULL, 10);
        return 0;
    }
    time_t t = curl_getdate(v, NULL);
    if (t == (time_t)-1)
        return -1;
    double d = (double)t - (double)now_ms / 1000.0;
    *secs = d > 0 ? d : 0;
    return 0;
}

const char *http_status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 520: case 521: case 522: case 523: case 524: return "CDN error";
    default: return "";
    }
}

/* "8 MiB", "1500 KiB", "100 bytes" */
static void size_text(size_t n, char *buf, size_t bn)
{
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        msgf(buf, bn, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        msgf(buf, bn, "%zu KiB", n >> 10);
    else
        msgf(buf, bn, "%zu bytes", n);
}

static void secs_text(long ms, char *buf, size_t bn)
{
    msgf(buf, bn, "%g s", (double)ms / 1000.0);
}

/* ---- curl callbacks ---- */

static size_t on_write(char *p, size_t size, size_t nmemb, void *userp)
{
    struct xfer *x = userp;
    size_t n = size * nmemb;
    if (n > x->h->cfg.max_body - x->len) { /* len <= max_body always */
        x->too_big = 1;
        return 0; /* != n: curl aborts with CURLE_WRITE_ERROR */
    }
    if (x->len + n + 1 > x->cap) {
        size_t ncap = x->cap ? x->cap : 16384;
        while (ncap < x->len + n + 1)
            ncap *= 2;
        char *nb = realloc(x->buf, ncap);
        if (!nb) {
            x->oom = 1;
            return 0;
        }
        x->buf = nb;
        x->cap = ncap;
    }
    memcpy(x->buf + x->len, p, n);
    x->len += n;
    return n;
}

void http_headers_reset(struct http_headers *hd)
{
    hd->retry_after_s = -1;
    hd->content_type[0] = '\0';
}

void http_header_line(struct http_headers *hd, const char *p, size_t n, int64_t now_ms)
{
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        /* a new response (after a redirect or 100-continue): forget the old headers */
        http_headers_reset(hd);
        return;
    }
    const char *colon = memchr(p, ':', n);
    if (!colon)
        return;
    size_t nl = (size_t)(colon - p);
    const char *v = colon + 1;
    size_t vl = n - nl - 1;
    while (vl && (*v == ' ' || *v == '\t')) {
        v++;
        vl--;
    }
    while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
        vl--;
    char name[32];
    if (nl >= sizeof name)
        return;
    memcpy(name, p, nl);
    name[nl] = '\0';
    if (ieq(name, "retry-after")) {
        char val[128];
        if (vl < sizeof val) {
            memcpy(val, v, vl);
            val[vl] = '\0';
            double s;
            if (http_parse_retry_after(val, now_ms, &s) == 0)
                hd->retry_after_s = s;
        }
    } else if (ieq(name, "content-type")) {
        text_sanitize(hd->content_type, sizeof hd->content_type, v, vl);
    }
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *userp)
{
    struct xfer *x = userp;
    size_t n = size * nmemb;
    http_header_line(&x->hd, p, n, loop_wall_ms());
    return n;
}

/* Every connection curl opens passes here: a plain-http hop (also one reached
 * by a redirect) may only connect to a loopback address unless allowed. */
static curl_socket_t on_opensocket(void *userp, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct xfer *x = userp;
    if (purpose == CURLSOCKTYPE_IPCXN && !x->h->cfg.allow_insecure_http) {
        char *eu = NULL;
        if (curl_easy_getinfo(x->e, CURLINFO_EFFECTIVE_URL, &eu) == CURLE_OK && eu &&
            strncmp(eu, "http:", 5) == 0 && !sockaddr_is_loopback(&a->addr)) {
            char ip[64], safe[200];
            sockaddr_text(&a->addr, ip, sizeof ip);
            text_sanitize(safe, sizeof safe, eu, strlen(eu));
            msgf(x->refused_msg, sizeof x->refused_msg,
                     "refusing plain http to non-loopback address %s (%s)", ip, safe);
            x->refused = 1;
            return CURL_SOCKET_BAD;
        }
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static void finish_all(struct http *h);

static void on_fd(struct loop *l, int fd, int revents, void *user)
{
    (void)l;
    struct http *h = user;
    int flags = ((revents & LOOP_READ) ? CURL_CSELECT_IN : 0) |
                ((revents & LOOP_WRITE) ? CURL_CSELECT_OUT : 0) |
                ((revents & LOOP_ERROR) ? CURL_CSELECT_ERR : 0);
    int running = 0;
    CURLMcode mc = curl_multi_socket_action(h->multi, fd, flags, &running);
    if (mc != CURLM_OK)
        fprintf(stderr, "liqtop: curl_multi_socket_action: %s\n", curl_multi_strerror(mc));
    finish_all(h);
}

static void fds_add(struct http *h, int fd)
{
    for (size_t i = 0; i < h->n_fds; i++)
        if (h->fds[i] == fd)
            return;
    if (h->n_fds == h->cap_fds) {
        size_t nc = h->cap_fds ? h->cap_fds * 2 : 8;
        int *nf = realloc(h->fds, nc * sizeof *nf);
        if (!nf)
            return; /* only used for cleanup at free */
        h->fds = nf;
        h->cap_fds = nc;
    }
    h->fds[h->n_fds++] = fd;
}

static void fds_del(struct http *h, int fd)
{
    for (size_t i = 0; i < h->n_fds; i++)
        if (h->fds[i] == fd) {
            h->fds[i] = h->fds[--h->n_fds];
            return;
        }
}

static int on_socket(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)e;
    (void)socketp;
    struct http *h = userp;
    if (what == CURL_POLL_REMOVE) {
        loop_unwatch(h->loop, s);
        fds_del(h, s);
        return 0;
    }
    int ev = ((what & CURL_POLL_IN) ? LOOP_READ : 0) | ((what & CURL_POLL_OUT) ? LOOP_WRITE : 0);
    if (loop_watch(h->loop, s, ev, on_fd, h) != 0)
        return -1;
    fds_add(h, s);
    return 0;
}

static int64_t on_timer(struct loop *l, void *user)
{
    (void)l;
    struct http *h = user;
    /* While we run, curl's new timeout requests (also those caused by
     * callbacks submitting requests) are collected and returned to the loop,
     * which reschedules this same timer: a non-repeating timer otherwise. */
    h->in_timer = 1;
    h->want_timeout = NO_TIMEOUT_REQUEST;
    int running = 0;
    CURLMcode mc = curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    if (mc != CURLM_OK)
        fprintf(stderr, "liqtop: curl_multi_socket_action: %s\n", curl_multi_strerror(mc));
    finish_all(h);
    h->in_timer = 0;
    if (h->want_timeout < 0) {
        h->timer_id = 0;
        return -1;
    }
    return h->want_timeout;
}

static int on_curl_timer(CURLM *m, long timeout_ms, void *userp)
{
    (void)m;
    struct http *h = userp;
    if (h->in_timer) {
        h->want_timeout = timeout_ms;
        return 0;
    }
    if (timeout_ms < 0) {
        if (h->timer_id > 0)
            loop_timer_del(h->loop, h->timer_id);
        h->timer_id = 0;
        return 0;
    }
    if (h->timer_id > 0) {
        loop_timer_set(h->loop, h->timer_id, timeout_ms);
        return 0;
    }
    long id = loop_timer_add(h->loop, timeout_ms, on_timer, h);
    if (id < 0)
        return -1;
    h->timer_id = id;
    return 0;
}

/* ---- results ---- */

static void describe_error(struct xfer *x, CURLcode rc, struct http_result *r)
{
    struct http *h = x->h;
    char detail[CURL_ERROR_SIZE + 8], t[32];
    text_sanitize(detail, sizeof detail, x->errbuf, strlen(x->errbuf));
    if (!detail[0])
        text_copy(detail, sizeof detail, curl_easy_strerror(rc));
    const char *host = x->host;
    if (x->refused) {
        r->err = HTTP_ERR_POLICY;
        text_copy(r->error, sizeof r->error, x->refused_msg);
        return;
    }
    if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        r->err = HTTP_ERR_TOO_BIG;
        size_text(h->cfg.max_body, t, sizeof t);
        msgf(r->error, sizeof r->error, "response over %s", t);
        return;
    }
    if (x->oom) {
        r->err = HTTP_ERR_OTHER;
        msgf(r->error, sizeof r->error, "out of memory reading the response");
        return;
    }
    long os_errno = 0;
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        r->err = HTTP_ERR_RESOLVE;
        msgf(r->error, sizeof r->error, "could not resolve host %s", host);
        break;
    case CURLE_COULDNT_RESOLVE_PROXY:
        r->err = HTTP_ERR_RESOLVE;
        msgf(r->error, sizeof r->error, "could not resolve the proxy (%s)", detail);
        break;
    case CURLE_COULDNT_CONNECT:
        r->err = HTTP_ERR_CONNECT;
        if (curl_easy_getinfo(x->e, CURLINFO_OS_ERRNO, &os_errno) != CURLE_OK)
            os_errno = 0;
        if (os_errno == ECONNREFUSED)
            msgf(r->error, sizeof r->error, "connection refused by %s", host);
        else if (os_errno == ENETUNREACH)
            msgf(r->error, sizeof r->error, "network unreachable (connecting to %s)", host);
        else if (os_errno == EHOSTUNREACH)
            msgf(r->error, sizeof r->error, "host %s unreachable", host);
        else if (os_errno)
            msgf(r->error, sizeof r->error, "could not connect to %s: %s", host,
                     strerror((int)os_errno));
        else
            msgf(r->error, sizeof r->error, "could not connect to %s", host);
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connect_us = 0;
        if (curl_easy_getinfo(x->e, CURLINFO_CONNECT_TIME_T, &connect_us) != CURLE_OK)
            connect_us = 0;
        if (connect_us == 0) {
            r->err = HTTP_ERR_CONNECT;
            secs_text(h->cfg.connect_timeout_ms < h->cfg.timeout_ms ? h->cfg.connect_timeout_ms
                                                                    : h->cfg.timeout_ms,
                      t, sizeof t);
            msgf(r->error, sizeof r->error, "connect timeout after %s (%s)", t, host);
        } else {
            r->err = HTTP_ERR_TIMEOUT;
            secs_text(h->cfg.timeout_ms, t, sizeof t);
            msgf(r->error, sizeof r->error, "timeout after %s", t);
        }
        break;
    }
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        r->err = HTTP_ERR_TLS;
        msgf(r->error, sizeof r->error, "TLS certificate of %s not trusted: %s", host, detail);
        break;
    case CURLE_SSL_CONNECT_ERROR:
        r->err = HTTP_ERR_TLS;
        msgf(r->error, sizeof r->error, "TLS handshake with %s failed: %s", host, detail);
        break;
    case CURLE_PARTIAL_FILE:
        r->err = HTTP_ERR_TRUNCATED;
        msgf(r->error, sizeof r->error, "connection closed mid-body (%s)", detail);
        break;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        r->err = HTTP_ERR_TRUNCATED;
        msgf(r->error, sizeof r->error, "connection reset by %s", host);
        break;
    case CURLE_GOT_NOTHING:
        r->err = HTTP_ERR_TRUNCATED;
        msgf(r->error, sizeof r->error, "%s closed the connection without a reply", host);
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        r->err = HTTP_ERR_REDIRECT;
        msgf(r->error, sizeof r->error, "too many redirects (more than 3)");
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        r->err = HTTP_ERR_POLICY;
        msgf(r->error, sizeof r->error, "redirect refused (only http and https%s): %s",
                 h->cfg.allow_insecure_http ? "" : ", no https to http", detail);
        break;
    case CURLE_BAD_CONTENT_ENCODING:
        r->err = HTTP_ERR_PROTOCOL;
        msgf(r->error, sizeof r->error, "could not decode the compressed response: %s",
                 detail);
        break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
        r->err = HTTP_ERR_PROTOCOL;
        msgf(r->error, sizeof r->error, "malformed reply from %s: %s", host, detail);
        break;
    case CURLE_OUT_OF_MEMORY:
        r->err = HTTP_ERR_OTHER;
        msgf(r->error, sizeof r->error, "out of memory");
        break;
    default:
        r->err = HTTP_ERR_OTHER;
        msgf(r->error, sizeof r->error, "%s: %s", curl_easy_strerror(rc), detail);
        break;
    }
}

static void xfer_free(struct xfer *x)
{
    if (x->e)
        curl_easy_cleanup(x->e);
    curl_slist_free_all(x->hdrs);
    free(x->buf);
    free(x);
}

static void unlink_xfer(struct http *h, struct xfer *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        h->xfers = x->next;
    if (x->next)
        x->next->prev = x->prev;
    x->prev = x->next = NULL;
    h->n_xfers--;
}

static void finish(struct http *h, struct xfer *x, CURLcode rc)
{
    struct http_result r;
    memset(&r, 0, sizeof r);
    r.retry_after_s = x->hd.retry_after_s;
    text_copy(r.content_type, sizeof r.content_type, x->hd.content_type);
    r.host = x->host;
    long status = 0;
    if (curl_easy_getinfo(x->e, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        r.status = (int)status;
    curl_off_t total_us = 0, dl = 0;
    long hdr = 0;
    if (curl_easy_getinfo(x->e, CURLINFO_TOTAL_TIME_T, &total_us) == CURLE_OK)
        r.latency_ms = (double)total_us / 1000.0;
    if (curl_easy_getinfo(x->e, CURLINFO_SIZE_DOWNLOAD_T, &dl) == CURLE_OK && dl > 0)
        r.bytes += (uint64_t)dl;
    if (curl_easy_getinfo(x->e, CURLINFO_HEADER_SIZE, &hdr) == CURLE_OK && hdr > 0)
        r.bytes += (uint64_t)hdr;
    if (rc == CURLE_OK && !x->too_big && !x->refused) {
        r.err = HTTP_OK;
    } else {
        describe_error(x, rc, &r);
    }
    if (!x->buf) {
        x->buf = malloc(1);
        x->cap = x->buf ? 1 : 0;
    }
    if (x->buf)
        x->buf[x->len] = '\0';
    r.body = x->buf ? x->buf : "";
    r.len = x->buf ? x->len : 0;
    CURLMcode mc = curl_multi_remove_handle(h->multi, x->e);
    if (mc != CURLM_OK)
        fprintf(stderr, "liqtop: curl_multi_remove_handle: %s\n", curl_multi_strerror(mc));
    unlink_xfer(h, x);
    x->fn(x->user, &r);
    xfer_free(x);
}

static void finish_all(struct http *h)
{
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(h->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *e = msg->easy_handle;
        CURLcode rc = msg->data.result;
        struct xfer *x = NULL;
        if (curl_easy_getinfo(e, CURLINFO_PRIVATE, &x) != CURLE_OK || !x)
            continue;
        finish(h, x, rc);
    }
}

/* ---- public ---- */

struct http *http_new(struct loop *loop, const struct http_cfg *cfg, char *err, size_t errn)
{
    CURLcode grc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (grc != CURLE_OK) {
        msgf(err, errn, "libcurl init failed: %s", curl_easy_strerror(grc));
        return NULL;
    }
    struct http *h = calloc(1, sizeof *h);
    if (!h) {
        curl_global_cleanup();
        msgf(err, errn, "out of memory");
        return NULL;
    }
    h->loop = loop;
    h->cfg = *cfg;
    if (h->cfg.max_body == 0)
        h->cfg.max_body = (size_t)8 << 20;
    h->next_id = 1;
    h->multi = curl_multi_init();
    if (!h->multi) {
        msgf(err, errn, "curl_multi_init failed");
        free(h);
        curl_global_cleanup();
        return NULL;
    }
    CURLMcode mc = CURLM_OK;
#define MSET(opt, val)                                                                             \
    do {                                                                                           \
        if (mc == CURLM_OK)                                                                        \
            mc = curl_multi_setopt(h->multi, opt, val);                                            \
    } while (0)
    MSET(CURLMOPT_SOCKETFUNCTION, on_socket);
    MSET(CURLMOPT_SOCKETDATA, h);
    MSET(CURLMOPT_TIMERFUNCTION, on_curl_timer);
    MSET(CURLMOPT_TIMERDATA, h);
    MSET(CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    MSET(CURLMOPT_MAX_HOST_CONNECTIONS,
         h->cfg.max_host_connections > 0 ? h->cfg.max_host_connections : 4L);
#undef MSET
    if (mc != CURLM_OK) {
        msgf(err, errn, "curl_multi_setopt: %s", curl_multi_strerror(mc));
        curl_multi_cleanup(h->multi);
        free(h);
        curl_global_cleanup();
        return NULL;
    }
    return h;
}

void http_free(struct http *h)
{
    if (!h)
        return;
    while (h->xfers) {
        struct xfer *x = h->xfers;
        CURLMcode mc = curl_multi_remove_handle(h->multi, x->e);
        if (mc != CURLM_OK)
            fprintf(stderr, "liqtop: curl_multi_remove_handle: %s\n", curl_multi_strerror(mc));
        unlink_xfer(h, x);
        xfer_free(x);
    }
    CURLMcode mc = curl_multi_cleanup(h->multi);
    if (mc != CURLM_OK)
        fprintf(stderr, "liqtop: curl_multi_cleanup: %s\n", curl_multi_strerror(mc));
    for (size_t i = 0; i < h->n_fds; i++)
        loop_unwatch(h->loop, h->fds[i]);
    if (h->timer_id > 0)
        loop_timer_del(h->loop, h->timer_id);
    free(h->fds);
    free(h);
    curl_global_cleanup();
}

size_t http_in_flight(const struct http *h)
{
    return h->n_xfers;
}

long http_submit(struct http *h, const struct http_request *req, http_done_fn fn, void *user,
                 char *err, size_t errn)
{
    if (http_check_url(req->url, h->cfg.allow_insecure_http, err, errn) != 0)
        return -1;
    struct xfer *x = calloc(1, sizeof *x);
    if (!x) {
        msgf(err, errn, "out of memory");
        return -1;
    }
    x->h = h;
    x->fn = fn;
    x->user = user;
    http_headers_reset(&x->hd);
    char scheme[16];
    if (url_parts(req->url, scheme, sizeof scheme, x->host, sizeof x->host) != 0) {
        msgf(err, errn, "not a valid URL");
        free(x);
        return -1;
    }
    char safe_host[256];
    text_sanitize(safe_host, sizeof safe_host, x->host, strlen(x->host));
    text_copy(x->host, sizeof x->host, safe_host);
    text_sanitize(x->url, sizeof x->url, req->url, strlen(req->url));
    int https = strcmp(scheme, "https") == 0;
    int loopback = http_host_is_loopback(x->host);
    x->e = curl_easy_init();
    if (!x->e) {
        msgf(err, errn, "curl_easy_init failed");
        free(x);
        return -1;
    }
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(x->e, opt, val);                                                 \
    } while (0)
    SET(CURLOPT_URL, req->url);
    SET(CURLOPT_PRIVATE, x);
    SET(CURLOPT_WRITEFUNCTION, on_write);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, x);
    SET(CURLOPT_OPENSOCKETFUNCTION, on_opensocket);
    SET(CURLOPT_OPENSOCKETDATA, x);
    SET(CURLOPT_ERRORBUFFER, x->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);
    /* never another protocol, also not through a redirect; no https -> http downgrade */
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR,
        (https && !h->cfg.allow_insecure_http) ? "https" : "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, 3L);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    SET(CURLOPT_PIPEWAIT, 1L); /* wait for an HTTP/2 connection to multiplex over */
    SET(CURLOPT_ACCEPT_ENCODING, ""); /* every encoding this libcurl decodes */
    SET(CURLOPT_CONNECTTIMEOUT_MS, h->cfg.connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, h->cfg.timeout_ms);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->cfg.max_body);
    SET(CURLOPT_USERAGENT, "liqtop/" LIQTOP_VERSION);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    if (loopback)
        SET(CURLOPT_PROXY, ""); /* loopback never goes through a proxy from the environment */
    if (req->post_body && *req->post_body) {
        x->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
        if (!x->hdrs)
            rc = CURLE_OUT_OF_MEMORY;
        SET(CURLOPT_HTTPHEADER, x->hdrs);
        SET(CURLOPT_POSTFIELDSIZE, (long)strlen(req->post_body));
        SET(CURLOPT_COPYPOSTFIELDS, req->post_body);
    }
#undef SET
    if (rc != CURLE_OK) {
        msgf(err, errn, "curl_easy_setopt: %s", curl_easy_strerror(rc));
        xfer_free(x);
        return -1;
    }
    x->id = h->next_id++;
    x->next = h->xfers;
    if (h->xfers)
        h->xfers->prev = x;
    h->xfers = x;
    h->n_xfers++;
    CURLMcode mc = curl_multi_add_handle(h->multi, x->e);
    if (mc != CURLM_OK) {
        msgf(err, errn, "curl_multi_add_handle: %s", curl_multi_strerror(mc));
        unlink_xfer(h, x);
        xfer_free(x);
        return -1;
    }
    return x->id;
}
