/* num: strict number parsing and compact number formatting.
 *
 * Exchanges send numbers as JSON numbers or as strings ("63012.5"). Both go
 * through num_parse, which accepts only a plain decimal literal: optional
 * '-', digits, optional fraction, optional exponent. No spaces, no hex, no
 * "inf"/"nan", no empty string, nothing after the number. The result must be
 * finite. It does not depend on the C locale (LC_NUMERIC). */
#ifndef LIQTOP_NUM_H
#define LIQTOP_NUM_H

#include <stddef.h>
#include <stdint.h>

enum num_status {
    NUM_OK = 0,
    NUM_EMPTY = -1,    /* zero-length input */
    NUM_SYNTAX = -2,   /* not a decimal literal */
    NUM_RANGE = -3,    /* overflow, or not finite */
    NUM_TOO_LONG = -4, /* over 63 characters */
};

/* Parse s[0..len) (need not be NUL-terminated). *out untouched on error. */
int num_parse(const char *s, size_t len, double *out);
/* Integer form: digits only after an optional '-', fits int64. */
int num_parse_i64(const char *s, size_t len, int64_t *out);
/* A word for an error message: "empty", "not a number", "out of range". */
const char *num_status_str(int status);

/* Compact human formats for the UI (always NUL-terminate, never overflow;
 * NAN gives "-"). Results are locale-independent.
 *   num_fmt_usd(1.234e9)   -> "$1.23B"     (K, M, B, T suffixes)
 *   num_fmt_qty(1234567)   -> "1.23M"
 *   num_fmt_price(63012.5) -> "63012.5", 0.1234 -> "0.1234" (4-5 significant digits min)
 *   num_fmt_pct(-0.0123)   -> "-1.23%"     (input is a fraction)  */
char *num_fmt_usd(char *buf, size_t n, double usd);
char *num_fmt_qty(char *buf, size_t n, double v);
char *num_fmt_price(char *buf, size_t n, double price);
char *num_fmt_pct(char *buf, size_t n, double frac);

#endif
