/* The command line (options.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/options.h"
#include "liqtop/venue.h"

#include <string.h>

static int parse(struct options *o, char *err, size_t n, const char *a1, const char *a2,
                 const char *a3, const char *a4)
{
    /* options point into argv, so the copies must outlive the parse: static */
    static char bufs[5][128];
    const char *in[5] = {"liqtop", a1, a2, a3, a4};
    char *argv[6] = {NULL};
    int argc = 0;
    while (argc < 5 && in[argc]) {
        strncpy(bufs[argc], in[argc], sizeof bufs[argc] - 1);
        argv[argc] = bufs[argc];
        argc++;
    }
    return options_parse(argc, argv, o, err, n);
}

static void good_combinations(void **state)
{
    (void)state;
    struct options o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "--demo", "--seed", "7", "--headless"), 0);
    assert_true(o.demo && o.headless && o.seed == 7);
    assert_int_equal(parse(&o, err, sizeof err, "--demo", "--speed", "max", NULL), 0);
    assert_true(o.speed_max);
    assert_int_equal(parse(&o, err, sizeof err, "--demo", "--speed=2.5", "--duration=60", NULL),
                     0);
    assert_true(o.speed == 2.5 && o.duration_s == 60);
    assert_int_equal(parse(&o, err, sizeof err, "--endpoint", "binance=http://127.0.0.1:8081/",
                           "--once", "--json"),
                     0);
    assert_int_equal(o.n_endpoints, 1);
    assert_int_equal(o.endpoints[0].source, SRC_BINANCE);
    assert_string_equal(o.endpoints[0].url, "http://127.0.0.1:8081");
    assert_int_equal(parse(&o, err, sizeof err, "--endpoint", "okx_ws=ws://127.0.0.1:9", NULL,
                           NULL),
                     0);
    assert_int_equal(parse(&o, err, sizeof err, "--demo", "--dump-frame", "200x50", NULL), 0);
    assert_true(o.dump_frame && o.dump_w == 200 && o.dump_h == 50);
    assert_int_equal(parse(&o, err, sizeof err, "--demo", "--dump-frame", NULL, NULL), 0);
    assert_true(o.dump_w == 80 && o.dump_h == 24);
    assert_int_equal(parse(&o, err, sizeof err, "--symbols", "btc, eth,SOL", NULL, NULL), 0);
    char syms[8][16];
    assert_int_equal(options_split_symbols(o.symbols, syms, 8, err, sizeof err), 3);
    assert_string_equal(syms[1], "ETH");
}

/* Each bad usage names the option. */
static void errors_name_the_option(void **state)
{
    (void)state;
    static const struct {
        const char *a[4];
        const char *expect;
    } cases[] = {
        {{"--bogus", NULL, NULL, NULL}, "--bogus: unknown option"},
        {{"--demo", "--speed", "fast", NULL}, "--speed: 'fast' is not a number or 'max'"},
        {{"--demo", "--speed", "0", NULL}, "--speed: 0 is out of range"},
        {{"--duration", "-5", NULL, NULL}, "--duration: -5 is out of range"},
        {{"--interval", NULL, NULL, NULL}, "--interval: needs a value"},
        {{"--demo", "--seed", "x", NULL}, "--seed: 'x' is not"},
        {{"--endpoint", "nowhere=http://x", NULL, NULL}, "--endpoint: unknown venue 'nowhere'"},
        {{"--endpoint", "binance=ftp://x", NULL, NULL}, "--endpoint: binance: URL must start"},
        {{"--endpoint", "binance=http://h/fapi", NULL, NULL}, "--endpoint: binance: give only"},
        {{"--endpoint", "binance_ws=http://h", NULL, NULL}, "--endpoint: binance_ws: URL must start with ws://"},
        {{"--endpoint", "binance", NULL, NULL}, "--endpoint: expected VENUE=URL"},
        {{"--symbols", "BTC,,E$H", NULL, NULL}, "--symbols: '' is not a symbol"},
        {{"--demo", "--replay", "x", NULL}, "--replay: cannot be combined with --demo"},
        {{"--json", NULL, NULL, NULL}, "--json: use it with --once"},
        {{"--dump-frame", "5x5", NULL, NULL}, "--dump-frame: 5x5 is out of range"},
        {{"--dump-frame=axb", NULL, NULL, NULL}, "--dump-frame: expected WxH"},
        {{"--speed", "2", NULL, NULL}, "--speed: only applies to --demo and --replay"},
        {{"--demo=1", NULL, NULL, NULL}, "--demo: takes no value"},
        {{"stray", NULL, NULL, NULL}, "stray: unexpected argument"},
        {{"--theme", "../etc", NULL, NULL}, "--theme: '../etc' is not a theme name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct options o;
        char err[256] = "";
        assert_int_equal(parse(&o, err, sizeof err, cases[i].a[0], cases[i].a[1], cases[i].a[2],
                               cases[i].a[3]),
                         -1);
        if (strncmp(err, cases[i].expect, strlen(cases[i].expect)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].expect);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_combinations),
        cmocka_unit_test(errors_name_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
