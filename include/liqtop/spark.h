/* spark: sparklines and bars from numbers to glyphs.
 *
 * Two glyph sets: Unicode blocks for UTF-8 locales, and an ASCII twin for
 * everything else (htop's GraphMeterMode_dotsAscii idea). Pure. */
#ifndef LIQTOP_SPARK_H
#define LIQTOP_SPARK_H

#include "liqtop/ring.h"

#include <stddef.h>
#include <stdint.h>

/* Render n values (NAN = gap) scaled between their min and max as n glyphs
 * into buf (UTF-8; needs up to 3 bytes per glyph + 1). A flat series draws
 * a middle line. Returns buf. */
char *spark_render(char *buf, size_t bufn, const double *v, size_t n, int utf8);
/* Sample a series at n evenly spaced times ending at now_ms over window_ms
 * (values in force at each time; NAN before the series starts). */
void spark_sample(const struct series *s, int64_t now_ms, int64_t window_ms, double *out,
                  size_t n);
/* A horizontal bar of `width` cells filled to frac (0..1), with eighth-cell
 * resolution in UTF-8 ("█▉▊▋▌▍▎▏"), '#' in ASCII. Returns buf. */
char *spark_bar(char *buf, size_t bufn, double frac, int width, int utf8);

#endif
