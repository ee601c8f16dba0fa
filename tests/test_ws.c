/* ws: SHA-1/base64/UTF-8 building blocks, and the client against mockws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/loop.h"
#include "liqtop/ws.h"
#include "mock/mockws_spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building blocks ---- */

static void hex(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha1_matches_rfc3174_vectors(void **state)
{
    (void)state;
    uint8_t d[20];
    char h[41];
    ws_sha1("abc", 3, d);
    hex(d, 20, h);
    assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *t2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ws_sha1(t2, strlen(t2), d);
    hex(d, 20, h);
    assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    ws_sha1(million, 1000000, d);
    free(million);
    hex(d, 20, h);
    assert_string_equal(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    char t4[641];
    for (int i = 0; i < 10; i++)
        memcpy(t4 + 64 * i, "0123456701234567012345670123456701234567012345670123456701234567", 64);
    ws_sha1(t4, 640, d);
    hex(d, 20, h);
    assert_string_equal(h, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
    /* the padding boundary: 55, 56 and 64 bytes (one or two final blocks) */
    ws_sha1("", 0, d);
    hex(d, 20, h);
    assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void base64_and_accept_key(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(ws_base64("", 0, out), 0);
    assert_string_equal(out, "");
    ws_base64("f", 1, out);
    assert_string_equal(out, "Zg==");
    ws_base64("fo", 2, out);
    assert_string_equal(out, "Zm8=");
    ws_base64("foobar", 6, out);
    assert_string_equal(out, "Zm9vYmFy");
    char acc[29];
    ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", acc); /* RFC 6455 section 1.3 */
    assert_string_equal(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

static void utf8_validation(void **state)
{
    (void)state;
    assert_true(ws_utf8_valid("plain", 5));
    assert_true(ws_utf8_valid("", 0));
    assert_true(ws_utf8_valid("\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80", 9)); /* u-umlaut, euro, emoji */
    assert_false(ws_utf8_valid("\xc3\x28", 2));                          /* bad continuation */
    assert_false(ws_utf8_valid("\xc0\xaf", 2));                          /* overlong '/' */
    assert_false(ws_utf8_valid("\xed\xa0\x80", 3));                      /* surrogate */
    assert_false(ws_utf8_valid("\xf4\x90\x80\x80", 4));                  /* > U+10FFFF */
    assert_false(ws_utf8_valid("\xe2\x82", 2));                          /* truncated */
    assert_false(ws_utf8_valid("\xff", 1));
}

/* ---- the client against mockws ---- */

struct tc {
    struct loop *loop;
    struct ws *ws;
    int opened, closed;
    struct ws_close_info info;
    int n_msgs;
    char msg[8][4096];
    size_t msg_len[8];
    int msg_binary[8];
    const char *send_on_open;
    size_t send_len;
    int close_on_open;
    int free_on_message;
};

static void on_open(struct ws *ws, void *user)
{
    struct tc *t = user;
    t->opened++;
    if (t->send_on_open)
        assert_int_equal(ws_send_text(ws, t->send_on_open, t->send_len), 0);
    if (t->close_on_open)
        ws_close(ws, 1000, "bye");
}

static void on_message(struct ws *ws, void *user, int binary, const char *data, size_t len)
{
    struct tc *t = user;
    if (t->n_msgs < 8) {
        size_t n = len < 4095 ? len : 4095;
        memcpy(t->msg[t->n_msgs], data, n);
        t->msg[t->n_msgs][n] = '\0';
        t->msg_len[t->n_msgs] = len;
        t->msg_binary[t->n_msgs] = binary;
    }
    t->n_msgs++;
    if (t->free_on_message) {
        ws_free(ws);
        t->ws = NULL;
        t->closed = 1; /* done: no on_close comes after ws_free */
    }
}

static void on_close(struct ws *ws, void *user, const struct ws_close_info *info)
{
    (void)ws;
    struct tc *t = user;
    t->closed++;
    t->info = *info;
}

static const struct ws_handler handler = {on_open, on_message, on_close};

static void tc_init(struct tc *t, const struct ws_cfg *cfg)
{
    memset(t, 0, sizeof *t);
    t->loop = loop_new();
    assert_non_null(t->loop);
    struct ws_cfg def;
    ws_cfg_default(&def);
    t->ws = ws_new(t->loop, cfg ? cfg : &def, &handler, t);
    assert_non_null(t->ws);
}

static void tc_done(struct tc *t)
{
    ws_free(t->ws);
    loop_free(t->loop);
}

/* Run the loop until on_close (or ms pass). */
static void run_until_closed(struct tc *t, int ms)
{
    int64_t end = loop_now_ms() + ms;
    while (!t->closed && loop_now_ms() < end)
        loop_run_once(t->loop, 20);
}

static void run_for(struct tc *t, int ms)
{
    int64_t end = loop_now_ms() + ms;
    while (loop_now_ms() < end)
        loop_run_once(t->loop, 20);
}

static void connect_to(struct tc *t, const struct mockws *m, const char *path)
{
    char url[256], err[256];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d%s", m->port, path);
    assert_int_equal(ws_connect(t->ws, url, err, sizeof err), 0);
}

/* Start the mock with script, connect to its path (cfg: NULL for the
 * defaults) and run until the connection closes or ms pass. */
static void tc_session(struct tc *t, struct mockws *m, const char *script, const struct ws_cfg *cfg,
                       const char *path, int ms)
{
    assert_int_equal(mockws_start(m, script), 0);
    tc_init(t, cfg);
    connect_to(t, m, path);
    run_until_closed(t, ms);
}

/* Let the mock finish (3 s at most), then free both sides. */
static void tc_finish(struct tc *t, struct mockws *m)
{
    mockws_finish(m, 3000);
    mockws_cleanup(m);
    tc_done(t);
}

static void text_both_ways_masked_and_server_close(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\ntext hello\nexpect-text\nclose 1000 bye\n"), 0);
    struct tc t;
    tc_init(&t, NULL);
    t.send_on_open = "hi there";
    t.send_len = 8;
    connect_to(&t, &m, "/ws/test?x=1");
    run_until_closed(&t, 5000);
    assert_int_equal(t.opened, 1);
    assert_int_equal(t.n_msgs, 1);
    assert_string_equal(t.msg[0], "hello");
    assert_int_equal(t.msg_binary[0], 0);
    assert_int_equal(t.closed, 1);
    assert_int_equal(t.info.code, 1000);
    assert_int_equal(t.info.remote, 1);
    assert_int_equal(t.info.error, 0);
    assert_string_equal(t.info.reason, "closed by server (1000 normal: bye)");
    assert_int_equal(ws_state(t.ws), WS_IDLE);
    assert_int_equal(mockws_finish(&m, 3000), 0);
    assert_int_equal(mockws_log_count(&m, "request GET /ws/test?x=1"), 1);
    assert_int_equal(mockws_log_count(&m, "handshake ok"), 1);
    assert_int_equal(mockws_log_count(&m, "recv text masked 8 hi there"), 1);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1000"), 1);
    assert_int_equal(mockws_log_count(&m, "unmasked"), 0);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void fragmented_message_is_reassembled_and_ping_answered(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m,
               "accept\nfrag 4 {\"msg\":\"split in four parts\"}\n"
               "ping abc\nwait 300\nclose 1000\n",
               NULL, "/", 5000);
    assert_int_equal(t.n_msgs, 1);
    assert_string_equal(t.msg[0], "{\"msg\":\"split in four parts\"}");
    assert_int_equal(t.info.code, 1000);
    mockws_finish(&m, 3000);
    /* the ping between fragments and the later one both got pongs */
    assert_int_equal(mockws_log_count(&m, "recv pong masked mid"), 1);
    assert_int_equal(mockws_log_count(&m, "recv pong masked abc"), 1);
    struct ws_stats st;
    ws_get_stats(t.ws, &st);
    assert_int_equal(st.pings_in, 2);
    assert_int_equal(st.messages_in, 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void server_close_going_away_is_echoed(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\nclose 1001\n", NULL, "/", 5000);
    assert_int_equal(t.info.code, 1001);
    assert_int_equal(t.info.remote, 1);
    assert_int_equal(t.info.error, 0);
    assert_string_equal(t.info.reason, "closed by server (1001 going away)");
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1001"), 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void client_close_handshake(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\nexpect-close\n"), 0);
    struct tc t;
    tc_init(&t, NULL);
    t.close_on_open = 1;
    connect_to(&t, &m, "/");
    run_until_closed(&t, 5000);
    assert_int_equal(t.info.code, 1000);
    assert_int_equal(t.info.remote, 0);
    assert_int_equal(t.info.error, 0);
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1000"), 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void abrupt_disconnect_is_an_error(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\ntext one\nwait 100\ndrop\n", NULL, "/", 5000);
    assert_int_equal(t.n_msgs, 1);
    assert_int_equal(t.closed, 1);
    assert_int_equal(t.info.code, 1006);
    assert_int_equal(t.info.error, 1);
    assert_int_equal(t.info.remote, 1);
    assert_non_null(strstr(t.info.reason, "without a close frame"));
    tc_finish(&t, &m);
}

static void reset_is_an_error(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\nwait 50\nreset\n", NULL, "/", 5000);
    assert_int_equal(t.closed, 1);
    assert_int_equal(t.info.code, 1006);
    assert_int_equal(t.info.error, 1);
    tc_finish(&t, &m);
}

static void oversized_frame_closes_1009(void **state)
{
    (void)state;
    struct ws_cfg cfg;
    ws_cfg_default(&cfg);
    cfg.max_message = 1u << 20;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\noversize 2000000\nexpect-close 3000\n", &cfg, "/", 5000);
    assert_int_equal(t.n_msgs, 0);
    assert_int_equal(t.info.code, 1009);
    assert_int_equal(t.info.error, 1);
    assert_int_equal(t.info.remote, 0);
    assert_non_null(strstr(t.info.reason, "message too big"));
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1009"), 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void oversized_fragmented_message_closes_1009(void **state)
{
    (void)state;
    struct mockws m;
    /* 3 fragments of ~40 bytes against a 64-byte cap */
    assert_int_equal(mockws_start(&m, "accept\nfrag 3 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
                                      "expect-close 3000\n"),
                     0);
    struct ws_cfg cfg;
    ws_cfg_default(&cfg);
    cfg.max_message = 64;
    struct tc t;
    tc_init(&t, &cfg);
    connect_to(&t, &m, "/");
    run_until_closed(&t, 5000);
    assert_int_equal(t.n_msgs, 0);
    assert_int_equal(t.info.code, 1009);
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1009"), 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void invalid_utf8_closes_1007(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\nbad-utf8\nexpect-close 3000\n", NULL, "/", 5000);
    assert_int_equal(t.n_msgs, 0);
    assert_int_equal(t.info.code, 1007);
    assert_int_equal(t.info.error, 1);
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "recv close masked 1007"), 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void protocol_violations_close_1002(void **state)
{
    (void)state;
    /* a masked server frame, RSV1 without an extension, an unknown opcode,
     * a fragmented ping, a continuation out of nowhere */
    const char *raws[] = {"81 85 01 02 03 04 69 67 6f 68 6e", "c1 00", "83 00", "09 00", "80 01 61"};
    for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        char script[256];
        snprintf(script, sizeof script, "accept\nraw %s\nexpect-close 3000\n", raws[i]);
        struct mockws m;
        struct tc t;
        tc_session(&t, &m, script, NULL, "/", 5000);
        assert_int_equal(t.n_msgs, 0);
        assert_int_equal(t.info.code, 1002);
        assert_non_null(strstr(t.info.reason, "protocol error"));
        mockws_finish(&m, 3000);
        assert_int_equal(mockws_log_count(&m, "recv close masked 1002"), 1);
        mockws_cleanup(&m);
        tc_done(&t);
    }
}

static void handshake_failures(void **state)
{
    (void)state;
    struct {
        const char *script;
        const char *reason;
    } cases[] = {
        {"accept-garbage\n", "handshake: not an HTTP/1.1 reply"},
        {"accept-status 403\n", "handshake: HTTP 403 Nope (expected 101)"},
        {"accept-badkey\nwait 500\n", "handshake: wrong Sec-WebSocket-Accept"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mockws m;
        struct tc t;
        tc_session(&t, &m, cases[i].script, NULL, "/", 5000);
        assert_int_equal(t.opened, 0);
        assert_int_equal(t.closed, 1);
        assert_int_equal(t.info.error, 1);
        if (!strstr(t.info.reason, cases[i].reason))
            fail_msg("reason '%s' lacks '%s'", t.info.reason, cases[i].reason);
        /* no control character from the garbage reaches the reason */
        for (const char *c = t.info.reason; *c; c++)
            assert_true(*c >= 0x20 && *c < 0x7f);
        tc_finish(&t, &m);
    }
}

static void one_byte_at_a_time(void **state)
{
    (void)state;
    struct mockws m;
    struct tc t;
    tc_session(&t, &m,
               "accept-bytewise\nbytewise {\"e\":\"one byte per write\"}\n"
               "close 1000\n",
               NULL, "/", 8000);
    assert_int_equal(t.opened, 1);
    assert_int_equal(t.n_msgs, 1);
    assert_string_equal(t.msg[0], "{\"e\":\"one byte per write\"}");
    assert_int_equal(t.info.code, 1000);
    tc_finish(&t, &m);
}

static void echo_roundtrip_utf8(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\necho on\nexpect-text\nwait 200\nclose 1000\n"), 0);
    struct tc t;
    tc_init(&t, NULL);
    t.send_on_open = "echo \xc3\xbc \xe2\x82\xac";
    t.send_len = strlen(t.send_on_open);
    connect_to(&t, &m, "/");
    run_until_closed(&t, 5000);
    assert_int_equal(t.n_msgs, 1);
    assert_string_equal(t.msg[0], t.send_on_open);
    tc_finish(&t, &m);
}

/* The server does not read for a while: the client's send backs up
 * (curl_easy_send returns CURLE_AGAIN), is queued and finished later. */
static void large_send_is_queued_until_writable(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\nstall 400\nexpect-text 5000\nclose 1000\n"), 0);
    size_t n = 12u << 20;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)big[i];
        h *= 1099511628211ULL;
    }
    struct ws_cfg cfg;
    ws_cfg_default(&cfg);
    cfg.max_send_queue = 16u << 20;
    struct tc t;
    tc_init(&t, &cfg);
    t.send_on_open = big;
    t.send_len = n;
    connect_to(&t, &m, "/");
    run_until_closed(&t, 10000);
    assert_int_equal(t.info.code, 1000);
    struct ws_stats st;
    ws_get_stats(t.ws, &st);
    assert_true(st.bytes_out > n);
    assert_true(st.send_waits > 0); /* the queue was really used */
    mockws_finish(&m, 3000);
    char want[64];
    snprintf(want, sizeof want, "recv text masked %zu ", n);
    assert_int_equal(mockws_log_count(&m, want), 1);
    snprintf(want, sizeof want, "hash %016llx", (unsigned long long)h);
    assert_int_equal(mockws_log_count(&m, want), 1);
    free(big);
    mockws_cleanup(&m);
    tc_done(&t);
}

/* Defaults, but a ping after 100 ms of quiet and a 400 ms idle timeout. */
static void fast_keepalive(struct ws_cfg *cfg)
{
    ws_cfg_default(cfg);
    cfg->ping_after_ms = 100;
    cfg->idle_timeout_ms = 400;
}

static void keepalive_pings_keep_a_quiet_connection(void **state)
{
    (void)state;
    struct ws_cfg cfg;
    fast_keepalive(&cfg);
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\nwait 1000\nclose 1000\n", &cfg, "/", 5000);
    assert_int_equal(t.info.code, 1000); /* not an idle timeout */
    assert_int_equal(t.info.error, 0);
    mockws_finish(&m, 3000);
    assert_true(mockws_log_count(&m, "recv ping masked liqtop") >= 3);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void idle_timeout_without_pong(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\nmute on\nwait 1500\n"), 0);
    struct ws_cfg cfg;
    fast_keepalive(&cfg);
    struct tc t;
    tc_init(&t, &cfg);
    connect_to(&t, &m, "/");
    int64_t t0 = loop_now_ms();
    run_until_closed(&t, 5000);
    int64_t took = loop_now_ms() - t0;
    assert_int_equal(t.closed, 1);
    assert_int_equal(t.info.error, 1);
    assert_non_null(strstr(t.info.reason, "no data or pong for"));
    assert_true(took >= 380 && took < 1400);
    mockws_finish(&m, 3000);
    assert_true(mockws_log_count(&m, "recv ping masked liqtop") >= 1);
    mockws_cleanup(&m);
    tc_done(&t);
}

static void connect_refused_and_bad_urls(void **state)
{
    (void)state;
    struct tc t;
    tc_init(&t, NULL);
    char err[256];
    assert_int_equal(ws_connect(t.ws, "ws://example.com/x", err, sizeof err), -1);
    assert_non_null(strstr(err, "loopback"));
    assert_int_equal(ws_connect(t.ws, "http://127.0.0.1/", err, sizeof err), -1);
    assert_non_null(strstr(err, "ws://"));
    assert_int_equal(ws_connect(t.ws, "ws://127.0.0.1:99999/", err, sizeof err), -1);
    assert_int_equal(ws_connect(t.ws, "ws:///path", err, sizeof err), -1);
    assert_int_equal(ws_connect(t.ws, "ws://us er@127.0.0.1/", err, sizeof err), -1);
    assert_int_equal(ws_connect(t.ws, "ws://127.0.0.1/a b", err, sizeof err), -1);
    assert_int_equal(ws_state(t.ws), WS_IDLE);
    /* nothing listens on port 1 */
    assert_int_equal(ws_connect(t.ws, "ws://127.0.0.1:1/", err, sizeof err), 0);
    assert_int_equal(ws_connect(t.ws, "ws://127.0.0.1:1/", err, sizeof err), -1); /* busy */
    run_until_closed(&t, 5000);
    assert_int_equal(t.closed, 1);
    assert_int_equal(t.info.error, 1);
    assert_non_null(strstr(t.info.reason, "connect failed"));
    tc_done(&t);
}

static void free_inside_message_callback(void **state)
{
    (void)state;
    struct mockws m;
    assert_int_equal(mockws_start(&m, "accept\ntext a\ntext b\nwait 300\n"), 0);
    struct tc t;
    tc_init(&t, NULL);
    t.free_on_message = 1;
    connect_to(&t, &m, "/");
    run_until_closed(&t, 5000);
    assert_int_equal(t.n_msgs, 1); /* nothing delivered after ws_free */
    run_for(&t, 100);              /* the loop holds no stale watch or timer */
    mockws_finish(&m, 3000);
    mockws_cleanup(&m);
    loop_free(t.loop);
}

static void reconnect_from_on_close(void **state)
{
    (void)state;
    /* two connections in a row on one handle */
    struct mockws m;
    struct tc t;
    tc_session(&t, &m, "accept\ntext first\nclose 1001\naccept\ntext second\nclose 1000\n", NULL,
               "/", 5000);
    assert_int_equal(t.info.code, 1001);
    t.closed = 0;
    connect_to(&t, &m, "/");
    run_until_closed(&t, 5000);
    assert_int_equal(t.info.code, 1000);
    assert_int_equal(t.n_msgs, 2);
    assert_string_equal(t.msg[0], "first");
    assert_string_equal(t.msg[1], "second");
    mockws_finish(&m, 3000);
    assert_int_equal(mockws_log_count(&m, "handshake ok"), 2);
    mockws_cleanup(&m);
    tc_done(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha1_matches_rfc3174_vectors),
        cmocka_unit_test(base64_and_accept_key),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(text_both_ways_masked_and_server_close),
        cmocka_unit_test(fragmented_message_is_reassembled_and_ping_answered),
        cmocka_unit_test(server_close_going_away_is_echoed),
        cmocka_unit_test(client_close_handshake),
        cmocka_unit_test(abrupt_disconnect_is_an_error),
        cmocka_unit_test(reset_is_an_error),
        cmocka_unit_test(oversized_frame_closes_1009),
        cmocka_unit_test(oversized_fragmented_message_closes_1009),
        cmocka_unit_test(invalid_utf8_closes_1007),
        cmocka_unit_test(protocol_violations_close_1002),
        cmocka_unit_test(handshake_failures),
        cmocka_unit_test(one_byte_at_a_time),
        cmocka_unit_test(echo_roundtrip_utf8),
        cmocka_unit_test(large_send_is_queued_until_writable),
        cmocka_unit_test(keepalive_pings_keep_a_quiet_connection),
        cmocka_unit_test(idle_timeout_without_pong),
        cmocka_unit_test(connect_refused_and_bad_urls),
        cmocka_unit_test(free_inside_message_callback),
        cmocka_unit_test(reconnect_from_on_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
