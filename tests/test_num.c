/* Strict numbers (num.h) and text sanitizing (text.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/num.h"
#include "liqtop/text.h"

#include <math.h>
#include <string.h>

static void parses_decimal_literals_only(void **state)
{
    (void)state;
    double v = -1;
    assert_int_equal(num_parse("63012.5", 7, &v), NUM_OK);
    assert_true(v == 63012.5);
    assert_int_equal(num_parse("-0.0001", 7, &v), NUM_OK);
    assert_true(v == -0.0001);
    assert_int_equal(num_parse("2.42712434772337e+15", 20, &v), NUM_OK);
    assert_true(v == 2.42712434772337e+15);
    assert_int_equal(num_parse("5.", 2, &v), NUM_OK);
    assert_int_equal(num_parse(".5", 2, &v), NUM_OK);
    /* length is honoured: the buffer need not end at the number */
    assert_int_equal(num_parse("12,34", 2, &v), NUM_OK);
    assert_true(v == 12);
    static const char *bad[] = {"", " 1", "1 ", "abc", "0x10", "inf", "nan", "1e", "--1",
                                "1.2.3", "1e5x", "+", ".", "NaN", "Infinity"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 42;
        assert_true(num_parse(bad[i], strlen(bad[i]), &v) != NUM_OK);
        assert_true(v == 42); /* untouched on error */
    }
    assert_int_equal(num_parse("1e999", 5, &v), NUM_RANGE);
    char longnum[80];
    memset(longnum, '1', sizeof longnum);
    assert_int_equal(num_parse(longnum, sizeof longnum, &v), NUM_TOO_LONG);
}

static void integers(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(num_parse_i64("1761051300000", 13, &v), NUM_OK);
    assert_true(v == 1761051300000LL);
    assert_int_equal(num_parse_i64("-9223372036854775808", 20, &v), NUM_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(num_parse_i64("9223372036854775808", 19, &v), NUM_RANGE);
    assert_int_equal(num_parse_i64("1.0", 3, &v), NUM_SYNTAX);
    assert_int_equal(num_parse_i64("-", 1, &v), NUM_SYNTAX);
}

static void formats(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(num_fmt_usd(b, sizeof b, 1.234e9), "$1.23B");
    assert_string_equal(num_fmt_usd(b, sizeof b, 999.0), "$999");
    assert_string_equal(num_fmt_usd(b, sizeof b, 45.6e6), "$45.6M");
    assert_string_equal(num_fmt_usd(b, sizeof b, -2.5e12), "-$2.50T");
    assert_string_equal(num_fmt_usd(b, sizeof b, NAN), "-");
    assert_string_equal(num_fmt_pct(b, sizeof b, -0.0123), "-1.23%");
    assert_string_equal(num_fmt_pct(b, sizeof b, 0.25), "+25.0%");
    assert_string_equal(num_fmt_price(b, sizeof b, 63012.54), "63012.5");
    assert_string_equal(num_fmt_price(b, sizeof b, 0.32141), "0.3214");
    char tiny[4];
    num_fmt_usd(tiny, sizeof tiny, 1.234e9);
    assert_int_equal(strlen(tiny), 3); /* truncated, never overflowed */
}

static void sanitize_neutralizes_escapes(void **state)
{
    (void)state;
    char out[64];
    const char evil[] = "BTC\033[2J\033]0;pwned\007USDT\r\n\xc0\xaf\xff";
    text_sanitize(out, sizeof out, evil, sizeof evil - 1);
    assert_null(strchr(out, '\033'));
    assert_null(strchr(out, '\007'));
    assert_null(strchr(out, '\r'));
    for (const char *p = out; *p; p++)
        assert_true(*p >= 0x20 && *p < 0x7f);
    assert_string_equal(out, "BTC?[2J?]0;pwned?USDT?");
    char small[4];
    assert_int_equal(text_sanitize(small, sizeof small, "ABCDEF", 6), 3);
    assert_string_equal(small, "ABC");
    assert_true(text_is_symbol("BTC"));
    assert_true(text_is_symbol("1000PEPE"));
    assert_false(text_is_symbol("btc"));
    assert_false(text_is_symbol(""));
    assert_false(text_is_symbol("ABCDEFGHIJKLMNOP"));
}

static void errf_formats_truncates_and_accepts_no_buffer(void **state)
{
    (void)state;
    char err[12] = "untouched";
    text_errf(err, sizeof err, "%s: line %d", "liqtop.conf", 7);
    assert_string_equal(err, "liqtop.conf"); /* truncated to 11 chars + NUL */
    text_errf(err, 0, "%s", "nothing");
    assert_string_equal(err, "liqtop.conf");
    text_errf(NULL, 8, "%s", "no crash");
    char big[32];
    text_errf(big, sizeof big, "%s: %d", "bad", 3);
    assert_string_equal(big, "bad: 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_decimal_literals_only),
        cmocka_unit_test(integers),
        cmocka_unit_test(formats),
        cmocka_unit_test(sanitize_neutralizes_escapes),
        cmocka_unit_test(errf_formats_truncates_and_accepts_no_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
