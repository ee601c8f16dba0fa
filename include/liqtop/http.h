/* http: HTTP(S) requests over libcurl's multi interface, inside our loop.
 *
 * One struct http owns one curl multi handle bound to a struct loop: curl's
 * sockets are watched by the loop and its timeout is a loop timer (see the
 * comment at the top of http.c for why socket_action and not
 * curl_multi_poll). Requests are asynchronous: http_submit returns at once and
 * the done callback runs later from inside loop_run_once, exactly once per
 * accepted request. No threads of ours.
 *
 * Policy, applied to every request and every redirect hop:
 *   - only http and https; at most 3 redirects;
 *   - TLS peer and host verification always on;
 *   - plain http only to loopback (127.0.0.0/8, ::1, localhost) unless
 *     cfg.allow_insecure_http: refused before anything is sent;
 *   - a response body cap (default 8 MiB, checked on the decoded bytes);
 *   - connect and total timeouts; connection reuse, HTTP/2 where offered,
 *     gzip/deflate/br/zstd as libcurl was built.
 * Errors are reported in plain words ("timeout after 10 s", "could not
 * resolve host api.binance.com", "response over 8 MiB"), already sanitized. */
#ifndef LIQTOP_HTTP_H
#define LIQTOP_HTTP_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct http;

struct http_cfg {
    long connect_timeout_ms; /* TCP + TLS handshake */
    long timeout_ms;         /* whole request, from submit to last byte */
    size_t max_body;         /* decoded body cap, bytes */
    int allow_insecure_http; /* 1: plain http to any host */
    long max_host_connections; /* per host; HTTP/2 multiplexes over one */
};

/* 10 s connect, 15 s total, 8 MiB, loopback-only http, 4 connections per host. */
void http_cfg_default(struct http_cfg *cfg);

/* Why a request failed; HTTP_OK means a complete HTTP response arrived (of
 * any status: a 503 is HTTP_OK here, the caller judges the status). */
enum http_err {
    HTTP_OK = 0,
    HTTP_ERR_POLICY,   /* refused by us: scheme, plain http to a remote host */
    HTTP_ERR_RESOLVE,  /* DNS */
    HTTP_ERR_CONNECT,  /* refused, unreachable, connect timeout */
    HTTP_ERR_TLS,      /* handshake or certificate */
    HTTP_ERR_TIMEOUT,  /* total timeout */
    HTTP_ERR_TRUNCATED, /* connection closed mid-body, reset, empty reply */
    HTTP_ERR_TOO_BIG,  /* over max_body */
    HTTP_ERR_REDIRECT, /* too many redirects */
    HTTP_ERR_PROTOCOL, /* malformed HTTP, bad content encoding */
    HTTP_ERR_OTHER,
};

/* The outcome of one request, valid only during the done callback (copy what
 * you keep; body belongs to the http layer). */
struct http_result {
    enum http_err err;
    char error[160];   /* plain words, sanitized; "" when err == HTTP_OK */
    int status;        /* HTTP status of the last response, 0 if none */
    const char *body;  /* decoded body, NUL-terminated (not counted in len); never NULL */
    size_t len;
    double latency_ms; /* submit to done */
    uint64_t bytes;    /* received on the wire: headers + (compressed) body */
    double retry_after_s; /* Retry-After (seconds or HTTP date), < 0 if absent */
    char content_type[64]; /* sanitized, "" if absent */
    const char *host;  /* host of the request URL */
};

typedef void (*http_done_fn)(void *user, const struct http_result *res);

struct http_request {
    const char *url;
    const char *post_body; /* NULL or "": GET; otherwise POST with this JSON body */
};

/* NULL on failure with err. The loop must outlive the http. */
struct http *http_new(struct loop *loop, const struct http_cfg *cfg, char *err, size_t errn);
/* Aborts every transfer in flight without calling their callbacks. Must not
 * be called from inside a done callback. */
void http_free(struct http *h);

/* Start a request. Returns an id > 0, or -1 with err when it is refused
 * before anything is sent (policy: "refusing plain http to non-loopback host
 * example.com (http://example.com/x); set allow_insecure_http = yes to allow
 * it", bad URL, out of memory); then fn is never called. Otherwise fn(user,
 * result) runs exactly once, later, from the loop (never from inside
 * http_submit). fn may submit new requests. */
long http_submit(struct http *h, const struct http_request *req, http_done_fn fn, void *user,
                 char *err, size_t errn);
/* Requests in flight. */
size_t http_in_flight(const struct http *h);

/* Check a URL against the policy without sending anything: 0 ok, -1 with err. */
int http_check_url(const char *url, int allow_insecure_http, char *err, size_t errn);
/* 1 if host (as in a URL, IPv6 possibly in brackets) is a loopback name or address. */
int http_host_is_loopback(const char *host);
/* Parse a Retry-After value: delay-seconds or an HTTP date, relative to
 * now_ms (wall clock, ms since the epoch). 0 with *secs >= 0, or -1. */
int http_parse_retry_after(const char *value, int64_t now_ms, double *secs);
/* What the http layer keeps of a response's headers. */
struct http_headers {
    double retry_after_s;   /* < 0 if absent or unparsable */
    char content_type[64];  /* sanitized, "" if absent */
};
void http_headers_reset(struct http_headers *hd);
/* One raw header line as curl hands it over (name: value CRLF, or a status
 * line "HTTP/..." that starts a new response and forgets the previous
 * headers); not NUL-terminated. Pure but for now_ms (wall clock, for an HTTP
 * date in Retry-After). Public for tests and fuzzing. */
void http_header_line(struct http_headers *hd, const char *line, size_t n, int64_t now_ms);
/* "Too Many Requests" etc., "" for an unknown status. */
const char *http_status_text(int status);

#endif
