/* Journal (journal.h): exact round trip of hostile bodies, bad lines skipped
 * with their numbers, a killed writer loses at most the line it was writing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/journal.h"
#include "liqtop/venue.h"
#include "support/testutil.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[64];

static int fresh_path(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/liqtop-journal-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(path); /* journal_open creates it */
    return 0;
}

static int remove_path(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

struct body {
    char *p;
    size_t n;
};

static void write_ok(struct journal *j, int64_t t, const char *venue, const char *kind,
                     const char *sym, int status, const char *body, size_t n)
{
    char err[256];
    int rc = journal_write(j, t, venue, kind, sym, status, body, n, err, sizeof err);
    if (rc != 0)
        fail_msg("journal_write: %s", err);
}

static void journal_line_has_the_documented_shape(void **state)
{
    (void)state;
    size_t n = 0;
    char *line = journal_format_line(1718000000123LL, "binance", "premiumIndex", NULL, 200,
                                     "{\"a\":\"1.5\"}", 11, &n);
    assert_non_null(line);
    const char *want = "{\"t\":1718000000123,\"venue\":\"binance\",\"kind\":\"premiumIndex\","
                       "\"status\":200,\"body\":\"{\\\"a\\\":\\\"1.5\\\"}\"}\n";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(line, want, n);
    free(line);
    line = journal_format_line(5, "okx", "candles", "BTC", 429, "x\n\t\x01\x7f\\", 6, &n);
    want = "{\"t\":5,\"venue\":\"okx\",\"kind\":\"candles\",\"status\":429,"
           "\"body\":\"x\\n\\t\\u0001\\u007f\\\\\",\"symbol\":\"BTC\"}\n";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(line, want, n);
    free(line);
}

/* Valid-UTF-8 bodies give lines any JSON parser reads back to the same text. */
static void journal_lines_are_plain_json(void **state)
{
    (void)state;
    const char *body = "{\"msg\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 \\\"q\\\" / \x1b[2J\",\"n\":[1,2]}";
    size_t n = 0;
    char *line = journal_format_line(42, "bybit", "tickers", "ETH", 200, body, strlen(body), &n);
    assert_non_null(line);
    cJSON *j = cJSON_ParseWithLength(line, n);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "body")->valuestring, body);
    assert_string_equal(cJSON_GetObjectItem(j, "venue")->valuestring, "bybit");
    assert_string_equal(cJSON_GetObjectItem(j, "symbol")->valuestring, "ETH");
    assert_true(cJSON_GetObjectItem(j, "t")->valuedouble == 42);
    cJSON_Delete(j);
    free(line);
}

static void journal_round_trips_hostile_bodies(void **state)
{
    (void)state;
#define B(s) {s, sizeof(s) - 1}
    static const struct {
        const char *p;
        size_t n;
    } fixed[] = {
        B(""),
        B("\""),
        B("\\"),
        B("\\u0041 is not A"),
        B("\\udc80 literal text"),
        B("\x00\x01\x1f\x7f"),
        B("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), /* valid 2-, 3-, 4-byte UTF-8 */
        B("\x80"),                                     /* lone continuation */
        B("\xff\xfe"),                                 /* never UTF-8 */
        B("\xc0\xaf"),                                 /* overlong '/' */
        B("\xe0\x80\xaf"),                             /* overlong */
        B("\xed\xa0\x80"),                             /* encoded surrogate */
        B("\xe2\x82"),                                 /* cut 3-byte sequence */
        B("\xf4\x90\x80\x80"),                         /* above U+10FFFF */
        B("\xf0\x9f\x98"),                             /* cut 4-byte sequence at the end */
        B("\n\r\t\b\f"),
        B("</script>\xe2\x80\xa8"),
    };
#undef B
    enum { NF = sizeof fixed / sizeof fixed[0], NR = 400 };
    struct body bodies[NF + NR + 1];
    size_t nb = 0;
    for (size_t i = 0; i < NF; i++) {
        bodies[nb].n = fixed[i].n;
        bodies[nb].p = malloc(fixed[i].n + 1);
        memcpy(bodies[nb].p, fixed[i].p, fixed[i].n);
        nb++;
    }
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (int r = 0; r < NR; r++) {
        size_t n = rnd() % 3000;
        char *p = malloc(n + 1);
        for (size_t k = 0; k < n; k++) {
            uint32_t x = rnd();
            /* mix uniform bytes with runs of valid UTF-8 and escapes */
            if (x % 7 == 0 && k + 3 < n) {
                memcpy(p + k, "\xe2\x82\xac", 3);
                k += 2;
            } else {
                p[k] = (char)all[(x >> 8) & 0xff];
            }
        }
        bodies[nb].p = p;
        bodies[nb].n = n;
        nb++;
    }
    /* one body at the 8 MiB cap */
    bodies[nb].n = (size_t)8 << 20;
    bodies[nb].p = malloc(bodies[nb].n);
    for (size_t k = 0; k < bodies[nb].n; k++)
        bodies[nb].p[k] = (char)(rnd() & 0xff);
    nb++;

    char err[256];
    struct journal *j = journal_open(path, err, sizeof err);
    assert_non_null(j);
    for (size_t i = 0; i < nb; i++)
        write_ok(j, 1700000000000LL + (int64_t)i, i % 2 ? "gate" : "binance_ws", "liq_orders",
                 i % 3 ? "BTC" : NULL, 200 + (int)(i % 300), bodies[i].p, bodies[i].n);
    journal_close(j);

    struct journal_reader *r = journal_reader_open(path, err, sizeof err);
    assert_non_null(r);
    struct journal_entry e;
    for (size_t i = 0; i < nb; i++) {
        int rc = journal_next(r, &e, err, sizeof err);
        if (rc != 1)
            fail_msg("entry %zu: rc %d: %s", i, rc, err);
        assert_int_equal(e.t_ms, 1700000000000LL + (int64_t)i);
        assert_string_equal(e.venue, i % 2 ? "gate" : "binance_ws");
        assert_int_equal(e.source, i % 2 ? SRC_GATE : SRC_BINANCE_WS);
        assert_string_equal(e.kind, "liq_orders");
        assert_string_equal(e.symbol, i % 3 ? "BTC" : "");
        assert_int_equal(e.status, 200 + (int)(i % 300));
        assert_int_equal(e.line, (long)i + 1);
        if (e.len != bodies[i].n || memcmp(e.body, bodies[i].p, e.len) != 0)
            fail_msg("body %zu differs (len %zu vs %zu)", i, e.len, bodies[i].n);
        assert_int_equal(e.body[e.len], '\0');
    }
    assert_int_equal(journal_next(r, &e, err, sizeof err), 0);
    journal_reader_close(r);
    for (size_t i = 0; i < nb; i++)
        free(bodies[i].p);
}

static void journal_skips_bad_lines_with_their_numbers(void **state)
{
    (void)state;
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"t\":1,\"venue\":\"binance\",\"kind\":\"premiumIndex\",\"status\":200,\"body\":\"[]\"}\n", f);
    fputs("this is not json\n", f);                                        /* 2 */
    fputs("{\"status\":200,\"body\":\"{}\",\"kind\":\"tickers\",\"t\":2,"   /* 3: any order, */
          "\"extra\":{\"a\":[1,{\"b\":null}],\"c\":\"}\"},\"venue\":\"bybit\"}\r\n", f); /* extra field */
    fputs("{\"t\":3,\"venue\":\"okx\",\"kind\":\"candles\",\"status\":200}\n", f); /* 4: no body */
    fputs("\n   \n", f);                                                  /* 5, 6: blank */
    fputs("{\"t\":4,\"venue\":\"kraken\",\"kind\":\"x\",\"status\":200,\"body\":\"\"}\n", f); /* 7 */
    fputs("{\"t\":5,\"venue\":\"okx\",\"kind\":\"candles\",\"status\":200,\"body\":\"a\\qb\"}\n", f); /* 8 */
    fputs("{\"t\":6.5,\"venue\":\"okx\",\"kind\":\"candles\",\"status\":200,\"body\":\"\"}\n", f); /* 9 */
    fputs("{\"t\":7,\"venue\":\"okx\",\"kind\":\"candles\",\"status\":200,\"body\":\"\"} x\n", f); /* 10 */
    fputs("{\"t\":8,\"venue\":\"hyperliquid\",\"kind\":\"candleSnapshot\",\"status\":200,"
          "\"body\":\"[]\",\"symbol\":\"SOL\"}\n", f);                             /* 11 */
    fclose(f);

    char err[256];
    struct journal_reader *r = journal_reader_open(path, err, sizeof err);
    assert_non_null(r);
    struct journal_entry e;
    char want[300];
    assert_int_equal(journal_next(r, &e, err, sizeof err), 1);
    assert_int_equal(e.t_ms, 1);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: byte 1: expected '{'", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), 1);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.source, SRC_BYBIT);
    assert_string_equal(e.kind, "tickers");
    assert_string_equal(e.body, "{}");
    assert_string_equal(e.symbol, "");
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:4: missing field \"body\"", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:7: unknown venue \"kraken\"", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:8: byte 61: bad escape in string", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:9: byte 6: expected an integer", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:10: byte 63: text after the object", path);
    assert_string_equal(err, want);
    assert_int_equal(journal_next(r, &e, err, sizeof err), 1);
    assert_int_equal(e.line, 11);
    assert_string_equal(e.symbol, "SOL");
    assert_int_equal(e.source, SRC_HYPERLIQUID);
    assert_int_equal(journal_next(r, &e, err, sizeof err), 0);
    journal_reader_close(r);
}

static void journal_parse_rejects_broken_escapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\\ud800\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\\udc00\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\\u12G4\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\\u12\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"ab",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"a\tb\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":2000,\"body\":\"\"}",
        "{\"t\":-1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"a b\",\"status\":200,\"body\":\"\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\",\"symbol\":\"ABCDEFGHIJKLMNOPQ\"}",
        "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\",\"x\":[[[[",
        "",
        "[]",
    };
    char *buf = NULL, err[160];
    size_t cap = 0;
    struct journal_entry e;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (journal_parse_line(bad[i], strlen(bad[i]), &e, &buf, &cap, err, sizeof err) != -1)
            fail_msg("line %zu accepted: %s", i, bad[i]);
        assert_true(err[0] != '\0');
    }
    /* a surrogate pair from another writer is the 4-byte UTF-8 character */
    const char *pair = "{\"t\":1,\"venue\":\"okx\",\"kind\":\"k\",\"status\":200,\"body\":\"\\ud83d\\ude00\"}";
    assert_int_equal(journal_parse_line(pair, strlen(pair), &e, &buf, &cap, err, sizeof err), 0);
    assert_int_equal(e.len, 4);
    assert_memory_equal(e.body, "\xf0\x9f\x98\x80", 4);
    free(buf);
}

static void journal_appends_and_repairs_a_cut_last_line(void **state)
{
    (void)state;
    char err[256];
    struct journal *j = journal_open(path, err, sizeof err);
    assert_non_null(j);
    for (int i = 0; i < 3; i++)
        write_ok(j, i, "coingecko", "global", NULL, 200, "{\"data\":{}}", 11);
    journal_close(j);
    /* cut the last line in the middle, as a kill during write(2) could */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size - 10), 0);

    struct journal_reader *r = journal_reader_open(path, err, sizeof err);
    struct journal_entry e;
    assert_int_equal(journal_next(r, &e, err, sizeof err), 1);
    assert_int_equal(journal_next(r, &e, err, sizeof err), 1);
    assert_int_equal(journal_next(r, &e, err, sizeof err), -1);
    assert_true(strstr(err, ":3: last line cut short (no newline)") != NULL);
    assert_int_equal(journal_next(r, &e, err, sizeof err), 0);
    journal_reader_close(r);

    /* a new run appends on a fresh line: its lines are readable */
    j = journal_open(path, err, sizeof err);
    write_ok(j, 99, "feargreed", "fng", NULL, 200, "{}", 2);
    journal_close(j);
    r = journal_reader_open(path, err, sizeof err);
    int good = 0, bad = 0, rc;
    while ((rc = journal_next(r, &e, err, sizeof err)) != 0) {
        if (rc == 1)
            good++;
        else
            bad++;
    }
    assert_int_equal(good, 3);
    assert_int_equal(bad, 1);
    assert_int_equal(e.t_ms, 99);
    journal_reader_close(r);
}

/* kill -9 a process writing large lines: every line it finished is intact,
 * at most the last one is lost. */
static void journal_survives_kill_9(void **state)
{
    (void)state;
    enum { BODY = 256 * 1024 };
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[256];
        struct journal *j = journal_open(path, err, sizeof err);
        if (!j)
            _exit(1);
        char *body = malloc(BODY);
        for (int64_t i = 0;; i++) {
            for (size_t k = 0; k < BODY; k++)
                body[k] = (char)("\"\\\n\x01\xff" "abc"[(k + (size_t)i) % 8]);
            if (journal_write(j, i, "binance", "depth", "BTC", 200, body, BODY, err, sizeof err))
                _exit(1);
        }
    }
    struct stat st;
    for (int i = 0; i < 500; i++) {
        if (stat(path, &st) == 0 && st.st_size > 20 * 1024 * 1024)
            break;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);

    char err[256];
    struct journal_reader *r = journal_reader_open(path, err, sizeof err);
    assert_non_null(r);
    struct journal_entry e;
    char *want = malloc(BODY);
    int rc;
    long good = 0, bad = 0, bad_line = 0, last_line = 0;
    while ((rc = journal_next(r, &e, err, sizeof err)) != 0) {
        last_line++;
        if (rc < 0) {
            bad++;
            bad_line = last_line;
            continue;
        }
        assert_int_equal(e.t_ms, good);
        for (size_t k = 0; k < BODY; k++)
            want[k] = (char)("\"\\\n\x01\xff" "abc"[(k + (size_t)e.t_ms) % 8]);
        assert_int_equal(e.len, BODY);
        assert_memory_equal(e.body, want, BODY);
        good++;
    }
    journal_reader_close(r);
    free(want);
    fprintf(stderr, "kill -9: %ld lines intact, %ld cut\n", good, bad);
    assert_true(good >= 5);
    assert_true(bad <= 1);
    if (bad)
        assert_int_equal(bad_line, last_line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(journal_line_has_the_documented_shape),
        cmocka_unit_test(journal_lines_are_plain_json),
        cmocka_unit_test_setup_teardown(journal_round_trips_hostile_bodies, fresh_path, remove_path),
        cmocka_unit_test_setup_teardown(journal_skips_bad_lines_with_their_numbers, fresh_path,
                                        remove_path),
        cmocka_unit_test(journal_parse_rejects_broken_escapes),
        cmocka_unit_test_setup_teardown(journal_appends_and_repairs_a_cut_last_line, fresh_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(journal_survives_kill_9, fresh_path, remove_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
