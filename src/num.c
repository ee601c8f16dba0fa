/* num: strict number parsing and formatting (see num.h). */
#include "liqtop/num.h"

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_MAX_LEN 63

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Check the JSON number grammar (leading zeros tolerated: venues send "00.1"
 * rarely, but "007" is still a number, not an attack). */
static int check_syntax(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < len && is_digit(s[i]))
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return NUM_SYNTAX;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_digits = 0;
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        while (i < len && is_digit(s[i]))
            i++, exp_digits++;
        if (exp_digits == 0)
            return NUM_SYNTAX;
    }
    return i == len ? NUM_OK : NUM_SYNTAX;
}

/* strtod honours LC_NUMERIC; the grammar above only admits '.', so swap it
 * for the locale's radix character when that differs. */
static double locale_strtod(char *buf, char **end)
{
    const char *radix = localeconv()->decimal_point;
    if (radix && radix[0] && radix[0] != '.' && radix[1] == '\0') {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = radix[0];
    }
    return strtod(buf, end);
}

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define NUM_FAST_PATH 1
#else
#define NUM_FAST_PATH 0 /* extended-precision arithmetic would round twice */
#endif

/* The exact fast path for decimal literals (Clinger, 1990): when the
 * significant digits fit in 53 bits and the power of ten is at most 22,
 * both are exact doubles and one IEEE multiplication or division rounds
 * correctly, so the result is strtod's, bit for bit. Venue prices, sizes
 * and rates ("63012.50000000", "-0.00012500") nearly all qualify, and
 * strtod was the largest cost of parsing a depth body. The syntax has been
 * checked. Returns 1 with *out set, 0 to leave it to strtod. */
static int fast_decimal(const char *s, size_t len, double *out)
{
#if NUM_FAST_PATH
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int neg = 0;
    if (s[i] == '-' || s[i] == '+')
        neg = s[i++] == '-';
    uint64_t m = 0;
    int digits = 0; /* significant digits in m (leading zeros not counted) */
    long exp10 = 0;
    for (; i < len && is_digit(s[i]); i++) {
        if (m == 0 && s[i] == '0')
            continue;
        if (++digits > 19)
            return 0;
        m = m * 10 + (uint64_t)(s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && is_digit(s[i]); i++) {
            exp10--;
            if (m == 0 && s[i] == '0')
                continue;
            if (++digits > 19)
                return 0;
            m = m * 10 + (uint64_t)(s[i] - '0');
        }
    }
    if (i < len) { /* an exponent: e, E, optional sign, digits */
        i++;
        int eneg = 0;
        if (s[i] == '-' || s[i] == '+')
            eneg = s[i++] == '-';
        long e = 0;
        for (; i < len; i++) {
            if (e > 100000)
                return 0;
            e = e * 10 + (s[i] - '0');
        }
        exp10 += eneg ? -e : e;
    }
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return 1;
    }
    while (m % 10 == 0 && exp10 < 0) { /* "63012.50000000": fewer digits, same value */
        m /= 10;
        exp10++;
    }
    if (m > (1ULL << 53) || exp10 < -22 || exp10 > 22)
        return 0;
    double v = (double)m;
    v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
    *out = neg ? -v : v;
    return 1;
#else
    (void)s;
    (void)len;
    (void)out;
    return 0;
#endif
}

int num_parse(const char *s, size_t len, double *out)
{
    if (!s || len == 0)
        return NUM_EMPTY;
    if (len > NUM_MAX_LEN)
        return NUM_TOO_LONG;
    int st = check_syntax(s, len);
    if (st != NUM_OK)
        return st;
    if (fast_decimal(s, len, out))
        return NUM_OK;
    char buf[NUM_MAX_LEN + 1];
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = locale_strtod(buf, &end);
    if (end != buf + len)
        return NUM_SYNTAX;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
        return NUM_RANGE;
    if (!isfinite(v))
        return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

int num_parse_i64(const char *s, size_t len, int64_t *out)
{
    if (!s || len == 0)
        return NUM_EMPTY;
    if (len > NUM_MAX_LEN)
        return NUM_TOO_LONG;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '-')
        neg = 1, i = 1;
    if (i == len)
        return NUM_SYNTAX;
    uint64_t acc = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return NUM_SYNTAX;
        unsigned d = (unsigned)(s[i] - '0');
        if (acc > (UINT64_MAX - d) / 10)
            return NUM_RANGE;
        acc = acc * 10 + d;
    }
    if (!neg && acc > (uint64_t)INT64_MAX)
        return NUM_RANGE;
    if (neg && acc > (uint64_t)INT64_MAX + 1)
        return NUM_RANGE;
    *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return NUM_OK;
}

const char *num_status_str(int status)
{
    switch (status) {
    case NUM_OK: return "ok";
    case NUM_EMPTY: return "empty";
    case NUM_SYNTAX: return "not a number";
    case NUM_RANGE: return "out of range";
    case NUM_TOO_LONG: return "too long";
    default: return "bad number";
    }
}

/* snprintf with %f honours LC_NUMERIC too; liqtop keeps LC_NUMERIC at "C"
 * (main sets only LC_CTYPE from the environment), so '.' is the radix here. */
static char *fmt_scaled(char *buf, size_t n, double v, const char *prefix)
{
    static const struct {
        double div;
        char suffix;
    } scale[] = {{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}, {1e3, 'K'}};
    if (!n)
        return buf;
    if (isnan(v)) {
        snprintf(buf, n, "-");
        return buf;
    }
    const char *sign = v < 0 ? "-" : "";
    double a = fabs(v);
    for (size_t i = 0; i < sizeof scale / sizeof scale[0]; i++) {
        if (a >= scale[i].div * 0.9995) {
            double x = a / scale[i].div;
            int decimals = x >= 100 ? 0 : x >= 10 ? 1 : 2;
            snprintf(buf, n, "%s%s%.*f%c", sign, prefix, decimals, x, scale[i].suffix);
            return buf;
        }
    }
    snprintf(buf, n, "%s%s%.0f", sign, prefix, a);
    return buf;
}

char *num_fmt_usd(char *buf, size_t n, double usd)
{
    return fmt_scaled(buf, n, usd, "$");
}

char *num_fmt_qty(char *buf, size_t n, double v)
{
    return fmt_scaled(buf, n, v, "");
}

char *num_fmt_price(char *buf, size_t n, double p)
{
    if (!n)
        return buf;
    if (isnan(p)) {
        snprintf(buf, n, "-");
        return buf;
    }
    double a = fabs(p);
    int decimals = a >= 10000 ? 1 : a >= 100 ? 2 : a >= 1 ? 3 : a >= 0.01 ? 4 : 6;
    snprintf(buf, n, "%.*f", decimals, p);
    return buf;
}

char *num_fmt_pct(char *buf, size_t n, double frac)
{
    if (!n)
        return buf;
    if (isnan(frac)) {
        snprintf(buf, n, "-");
        return buf;
    }
    double pct = frac * 100.0;
    double a = fabs(pct);
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    snprintf(buf, n, "%+.*f%%", decimals, pct);
    return buf;
}
