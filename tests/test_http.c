/* HTTP layer (http.h) against the loopback mock exchange (tests/mock/mockex.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/http.h"
#include "liqtop/loop.h"
#include "support/mockctl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct mockex mock;
static char dir[64];
static char *doc; /* the body served at /doc */
static size_t doc_len;

struct done {
    int called;
    struct http_result r;
    char body[1 << 16];
    char error[160];
};

static void on_done(void *user, const struct http_result *r)
{
    struct done *d = user;
    d->called++;
    d->r = *r;
    size_t n = r->len < sizeof d->body - 1 ? r->len : sizeof d->body - 1;
    memcpy(d->body, r->body, n);
    d->body[n] = '\0';
    d->r.body = d->body;
    d->r.host = NULL;
    memcpy(d->error, r->error, sizeof d->error);
}

static int group_setup(void **state)
{
    (void)state;
    if (mockdir_new(dir, sizeof dir, "liqtop-http") != 0)
        return -1;
    /* a JSON document of ~10 KiB, shaped like a ticker list */
    size_t cap = 32768;
    doc = malloc(cap);
    size_t o = (size_t)snprintf(doc, cap, "[");
    for (int i = 0; i < 200; i++)
        o += (size_t)snprintf(doc + o, cap - o, "%s{\"symbol\":\"S%03dUSDT\",\"markPrice\":\"%d.5\"}",
                              i ? "," : "", i, 1000 + i);
    o += (size_t)snprintf(doc + o, cap - o, "]");
    doc_len = o;
    mockdir_write(dir, "doc.json", doc);
    mockdir_write(dir, "meta.json", "{\"kind\":\"meta\"}");
    mockdir_write(dir, "candles.json", "[1,2,3]");
    const char *map = "# test routes\n"
                      "GET /doc doc.json\n"
                      "GET /loop doc.json\n"
                      "GET /hop doc.json\n"
                      "POST /info meta meta.json\n"
                      "POST /info candleSnapshot candles.json\n";
    mockdir_write(dir, "map", map);
    return mockex_start_map(&mock, dir, "map");
}

static int group_teardown(void **state)
{
    (void)state;
    mockdir_done(&mock, dir);
    free(doc);
    return 0;
}

static int reset(void **state)
{
    (void)state;
    return mockex_reset(&mock);
}

/* Run one request to completion through a fresh loop and http. */
static long fetch_one(const struct http_cfg *cfg, const char *url, const char *post, struct done *d,
                      char *err, size_t errn)
{
    struct loop *l = loop_new();
    assert_non_null(l);
    char e[256];
    struct http *h = http_new(l, cfg, e, sizeof e);
    assert_non_null(h);
    struct http_request req = {url, post};
    memset(d, 0, sizeof *d);
    long id = http_submit(h, &req, on_done, d, err, errn);
    if (id > 0) {
        assert_int_equal(d->called, 0); /* never from inside submit */
        int64_t deadline = loop_now_ms() + 15000;
        while (!d->called && loop_now_ms() < deadline)
            loop_run_once(l, 100);
        assert_int_equal(d->called, 1);
        assert_int_equal(http_in_flight(h), 0);
    }
    http_free(h);
    loop_free(l);
    return id;
}

static void url_of(char *buf, size_t n, const char *path)
{
    snprintf(buf, n, "%s%s", mock.base, path);
}

/* fetch_one that must be submitted and answered (a callback, any outcome). */
static void fetch_ok(const struct http_cfg *cfg, const char *url, const char *post, struct done *d)
{
    char err[256];
    if (fetch_one(cfg, url, post, d, err, sizeof err) <= 0)
        fail_msg("%s: not submitted: %s", url, err);
}

/* Set a fault on /doc for the next n requests (0: until reset), then fetch /doc. */
static void fetch_doc_with(const struct http_cfg *cfg, const char *fault, int n, struct done *d)
{
    assert_int_equal(mockex_fault(&mock, "/doc", fault, n), 0);
    char url[128];
    url_of(url, sizeof url, "/doc");
    fetch_ok(cfg, url, NULL, d);
}

static void http_gets_a_gzip_body_intact(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    /* the mock answers 406 unless the client offers gzip: a 200 proves we did */
    assert_int_equal(mockex_fault(&mock, "/doc", "gzip", 0), 0);
    char url[128];
    url_of(url, sizeof url, "/doc?symbol=BTCUSDT");
    struct done *d = malloc(sizeof *d);
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_OK);
    assert_string_equal(d->error, "");
    assert_int_equal(d->r.status, 200);
    assert_int_equal(d->r.len, doc_len);
    assert_memory_equal(d->body, doc, doc_len);
    assert_true(d->r.bytes > doc_len); /* stored gzip + headers */
    assert_true(d->r.latency_ms >= 0 && d->r.latency_ms < 15000);
    assert_true(d->r.retry_after_s < 0);
    assert_string_equal(d->r.content_type, "application/json");
    assert_int_equal(mockex_count(&mock, "/doc"), 1);
    free(d);
}

static void http_posts_json_body(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char url[128];
    url_of(url, sizeof url, "/info");
    struct done *d = malloc(sizeof *d);
    fetch_ok(&cfg, url, "{\"type\":\"candleSnapshot\",\"req\":{}}", d);
    assert_int_equal(d->r.status, 200);
    assert_string_equal(d->body, "[1,2,3]");
    assert_int_equal(mockex_count(&mock, "/info:candleSnapshot"), 1);
    assert_int_equal(mockex_count(&mock, "/info:meta"), 0);
    free(d);
}

static void http_caps_response_size(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    cfg.max_body = 4096;
    struct done *d = malloc(sizeof *d);
    /* announced by Content-Length */
    fetch_doc_with(&cfg, "oversized:100000", 0, d);
    assert_int_equal(d->r.err, HTTP_ERR_TOO_BIG);
    assert_string_equal(d->error, "response over 4 KiB");
    /* not announced: counted while reading */
    fetch_doc_with(&cfg, "oversized_nolen:100000", 0, d);
    assert_int_equal(d->r.err, HTTP_ERR_TOO_BIG);
    assert_string_equal(d->error, "response over 4 KiB");
    /* the default cap is 8 MiB: the mock's default oversized body is 9 MiB */
    http_cfg_default(&cfg);
    fetch_doc_with(&cfg, "oversized_nolen", 0, d);
    assert_int_equal(d->r.err, HTTP_ERR_TOO_BIG);
    assert_string_equal(d->error, "response over 8 MiB");
    free(d);
}

static void http_times_out(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    cfg.timeout_ms = 300;
    char url[128];
    url_of(url, sizeof url, "/doc");
    struct done *d = malloc(sizeof *d);
    assert_int_equal(mockex_fault(&mock, "/doc", "delay:3000", 0), 0);
    int64_t t0 = loop_now_ms();
    fetch_ok(&cfg, url, NULL, d);
    int64_t took = loop_now_ms() - t0;
    assert_int_equal(d->r.err, HTTP_ERR_TIMEOUT);
    assert_string_equal(d->error, "timeout after 0.3 s");
    assert_true(took >= 250 && took < 2500);
    /* a slow drip is cut by the same total timeout */
    fetch_doc_with(&cfg, "drip:100", 0, d);
    assert_int_equal(d->r.err, HTTP_ERR_TIMEOUT);
    free(d);
}

static void http_reads_retry_after(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    struct done *d = malloc(sizeof *d);
    fetch_doc_with(&cfg, "429:30", 1, d);
    assert_int_equal(d->r.err, HTTP_OK); /* an answer; the caller judges 429 */
    assert_int_equal(d->r.status, 429);
    assert_true(d->r.retry_after_s == 30.0);
    assert_true(strstr(d->body, "-1003") != NULL);
    /* HTTP-date form */
    fetch_doc_with(&cfg, "429date:120", 1, d);
    assert_int_equal(d->r.status, 429);
    assert_true(d->r.retry_after_s > 115 && d->r.retry_after_s <= 121);
    /* none */
    fetch_doc_with(&cfg, "429", 1, d);
    assert_int_equal(d->r.status, 429);
    assert_true(d->r.retry_after_s < 0);
    /* 418 ban */
    fetch_doc_with(&cfg, "418:600", 1, d);
    assert_int_equal(d->r.status, 418);
    assert_true(d->r.retry_after_s == 600.0);
    free(d);
}

static void retry_after_parser(void **state)
{
    (void)state;
    double s = -1;
    int64_t now = 1445412480000LL; /* Wed, 21 Oct 2015 07:28:00 GMT */
    assert_int_equal(http_parse_retry_after("120", now, &s), 0);
    assert_true(s == 120.0);
    assert_int_equal(http_parse_retry_after("  7 \r\n", now, &s), 0);
    assert_true(s == 7.0);
    assert_int_equal(http_parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now, &s), 0);
    assert_true(s == 30.0);
    assert_int_equal(http_parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now, &s), 0);
    assert_true(s == 0.0); /* in the past: now */
    assert_int_equal(http_parse_retry_after("-5", now, &s), -1);
    assert_int_equal(http_parse_retry_after("soon", now, &s), -1);
    assert_int_equal(http_parse_retry_after("", now, &s), -1);
    assert_int_equal(http_parse_retry_after("99999999999", now, &s), -1);
}

static void http_limits_redirects(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char url[128], target[160];
    struct done *d = malloc(sizeof *d);
    /* one hop is followed */
    snprintf(target, sizeof target, "redirect:%s/doc", mock.base);
    assert_int_equal(mockex_fault(&mock, "/hop", target, 0), 0);
    url_of(url, sizeof url, "/hop");
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.status, 200);
    assert_int_equal(d->r.len, doc_len);
    /* a loop stops after 3 */
    assert_int_equal(mockex_fault(&mock, "/loop", "redirect:/loop", 0), 0);
    url_of(url, sizeof url, "/loop");
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_ERR_REDIRECT);
    assert_string_equal(d->error, "too many redirects (more than 3)");
    assert_int_equal(mockex_count(&mock, "/loop"), 4); /* the first and 3 redirects */
    free(d);
}

static void http_refuses_other_protocols(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    cfg.allow_insecure_http = 1; /* even then */
    char url[128], err[256];
    struct done *d = malloc(sizeof *d);
    assert_int_equal(fetch_one(&cfg, "file:///etc/passwd", NULL, d, err, sizeof err), -1);
    assert_string_equal(err, "only http and https URLs are allowed: file:///etc/passwd");
    assert_int_equal(fetch_one(&cfg, "ftp://127.0.0.1/x", NULL, d, err, sizeof err), -1);
    assert_true(strstr(err, "only http and https") != NULL);
    assert_int_equal(d->called, 0);
    /* through a redirect */
    assert_int_equal(mockex_fault(&mock, "/hop", "redirect:file:///etc/passwd", 0), 0);
    url_of(url, sizeof url, "/hop");
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_ERR_POLICY);
    assert_true(strstr(d->error, "redirect refused") != NULL);
    assert_true(strstr(d->body, "root:") == NULL);
    assert_int_equal(mockex_fault(&mock, "/hop", "redirect:ftp://127.0.0.1:1/x", 0), 0);
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_ERR_POLICY);
    free(d);
}

static void http_refuses_plain_http_to_remote_hosts(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char url[128], err[256];
    struct done *d = malloc(sizeof *d);
    assert_int_equal(fetch_one(&cfg, "http://example.com/api", NULL, d, err, sizeof err), -1);
    assert_string_equal(err, "refusing plain http to non-loopback host example.com "
                             "(http://example.com/api); use https or set allow_insecure_http = yes");
    assert_int_equal(d->called, 0);
    assert_int_equal(http_check_url("http://10.0.0.1:8080/x", 0, err, sizeof err), -1);
    assert_int_equal(http_check_url("http://10.0.0.1:8080/x", 1, err, sizeof err), 0);
    assert_int_equal(http_check_url("https://fapi.binance.com", 0, err, sizeof err), 0);
    assert_int_equal(http_check_url("http://localhost:9/x", 0, err, sizeof err), 0);
    assert_int_equal(http_check_url("http://[::1]:9/x", 0, err, sizeof err), 0);
    assert_int_equal(http_check_url("http://127.9.9.9/x", 0, err, sizeof err), 0);
    assert_int_equal(http_check_url("http://128.0.0.1/x", 0, err, sizeof err), -1);
    assert_int_equal(http_check_url("http://127.0.0.1.evil.com/x", 0, err, sizeof err), -1);
    assert_int_equal(http_check_url("not a url", 0, err, sizeof err), -1);
    assert_true(http_host_is_loopback("LOCALHOST"));
    assert_true(http_host_is_loopback("::ffff:127.0.0.1"));
    assert_false(http_host_is_loopback("::2"));
    assert_false(http_host_is_loopback("localhost.example.com"));
    /* a redirect from loopback to a remote plain-http address is refused
     * before connecting (192.0.2.1 is TEST-NET-1: nothing would answer) */
    assert_int_equal(mockex_fault(&mock, "/hop", "redirect:http://192.0.2.1/steal", 0), 0);
    url_of(url, sizeof url, "/hop");
    int64_t t0 = loop_now_ms();
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_ERR_POLICY);
    assert_string_equal(d->error, "refusing plain http to non-loopback address 192.0.2.1 "
                                  "(http://192.0.2.1/steal)");
    assert_true(loop_now_ms() - t0 < 2000);
    free(d);
}

static void http_reports_connection_refused(void **state)
{
    (void)state;
    /* a port nobody listens on */
    int port = mock_closed_port();
    assert_true(port > 0);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/x", port);
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    struct done *d = malloc(sizeof *d);
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_ERR_CONNECT);
    assert_string_equal(d->error, "connection refused by 127.0.0.1");
    assert_int_equal(d->r.status, 0);
    free(d);
}

static void http_reports_truncated_and_broken_replies(void **state)
{
    (void)state;
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char url[128];
    url_of(url, sizeof url, "/doc");
    struct done *d = malloc(sizeof *d);
    fetch_doc_with(&cfg, "truncated", 1, d);
    assert_int_equal(d->r.err, HTTP_ERR_TRUNCATED);
    assert_true(strncmp(d->error, "connection closed mid-body (", 28) == 0);
    fetch_doc_with(&cfg, "reset", 1, d);
    assert_int_equal(d->r.err, HTTP_ERR_TRUNCATED);
    assert_string_equal(d->error, "127.0.0.1 closed the connection without a reply");
    fetch_doc_with(&cfg, "badgzip", 1, d);
    assert_int_equal(d->r.err, HTTP_ERR_PROTOCOL);
    assert_true(strstr(d->error, "could not decode the compressed response") != NULL);
    /* the fault was for one request only: service is back */
    fetch_ok(&cfg, url, NULL, d);
    assert_int_equal(d->r.err, HTTP_OK);
    assert_int_equal(d->r.len, doc_len);
    free(d);
}

/* Many requests at once over one loop: all complete, each exactly once, and
 * the connections are reused (far fewer sockets than requests). */
static void http_runs_many_requests_concurrently(void **state)
{
    (void)state;
    struct loop *l = loop_new();
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char e[256];
    struct http *h = http_new(l, &cfg, e, sizeof e);
    assert_non_null(h);
    enum { N = 24 };
    struct done *d = calloc(N, sizeof *d);
    char url[128];
    url_of(url, sizeof url, "/doc");
    struct http_request req = {url, NULL};
    assert_int_equal(mockex_fault(&mock, "/doc", "delay:100", 0), 0);
    for (int i = 0; i < N; i++)
        assert_true(http_submit(h, &req, on_done, &d[i], e, sizeof e) > 0);
    assert_int_equal(http_in_flight(h), N);
    int64_t deadline = loop_now_ms() + 15000;
    while (http_in_flight(h) && loop_now_ms() < deadline)
        loop_run_once(l, 100);
    for (int i = 0; i < N; i++) {
        assert_int_equal(d[i].called, 1);
        assert_int_equal(d[i].r.status, 200);
        assert_int_equal(d[i].r.len, doc_len);
    }
    assert_int_equal(mockex_count(&mock, "/doc"), N);
    http_free(h);
    loop_free(l);
    free(d);
}

/* Freeing with requests in flight calls no callback and leaks nothing (ASan). */
static void http_free_aborts_in_flight(void **state)
{
    (void)state;
    struct loop *l = loop_new();
    struct http_cfg cfg;
    http_cfg_default(&cfg);
    char e[256], url[128];
    struct http *h = http_new(l, &cfg, e, sizeof e);
    url_of(url, sizeof url, "/doc");
    assert_int_equal(mockex_fault(&mock, "/doc", "delay:2000", 0), 0);
    struct done *d = calloc(1, sizeof *d);
    struct http_request req = {url, NULL};
    assert_true(http_submit(h, &req, on_done, d, e, sizeof e) > 0);
    for (int i = 0; i < 5; i++)
        loop_run_once(l, 20);
    http_free(h);
    assert_int_equal(d->called, 0);
    loop_free(l);
    free(d);
}

static void status_texts(void **state)
{
    (void)state;
    assert_string_equal(http_status_text(429), "Too Many Requests");
    assert_string_equal(http_status_text(503), "Service Unavailable");
    assert_string_equal(http_status_text(299), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(http_gets_a_gzip_body_intact, reset),
        cmocka_unit_test_setup(http_posts_json_body, reset),
        cmocka_unit_test_setup(http_caps_response_size, reset),
        cmocka_unit_test_setup(http_times_out, reset),
        cmocka_unit_test_setup(http_reads_retry_after, reset),
        cmocka_unit_test(retry_after_parser),
        cmocka_unit_test_setup(http_limits_redirects, reset),
        cmocka_unit_test_setup(http_refuses_other_protocols, reset),
        cmocka_unit_test_setup(http_refuses_plain_http_to_remote_hosts, reset),
        cmocka_unit_test(http_reports_connection_refused),
        cmocka_unit_test_setup(http_reports_truncated_and_broken_replies, reset),
        cmocka_unit_test_setup(http_runs_many_requests_concurrently, reset),
        cmocka_unit_test_setup(http_free_aborts_in_flight, reset),
        cmocka_unit_test(status_texts),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
