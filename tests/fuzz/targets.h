/* Fuzz targets: one function per parser liqtop runs on data it does not
 * control. Each takes any bytes and must neither crash, nor read or write
 * out of bounds, nor leak (under ASan/UBSan and libFuzzer's leak check).
 *
 * The same functions run under libFuzzer (tests/fuzz/fuzz_one.c, one binary
 * per target, built by tests/fuzz/run.sh with clang) and under the plain
 * corpus replay of `make check` / `make asan` (tests/test_fuzz_corpus.c),
 * which feeds every file of tests/fuzz/corpus/<target>/ to every target.
 *
 * Input layouts (so seeds are readable and mutations stay meaningful):
 *   venue targets:  FLAGS KIND '\n' BODY   FLAGS one byte: bit 0 no request
 *                   symbol, bit 1 contract sizes unknown, bit 2 track every
 *                   symbol; KIND the endpoint ("premiumIndex")
 *   stream:         FLAGS SOURCE '\n' MESSAGE  (SOURCE "binance_ws", ...)
 *   config, theme:  the file's text
 *   journal:        one line (no newline needed)
 *   ws:             FLAGS BYTES   bit 0: start at the upgrade reply, bits
 *                   1..7: bytes per read (0 = all at once)
 *   http_header:    header lines as curl hands them, each ending in '\n'
 *   http_url:       FLAGS URL   bit 0: allow_insecure_http */
#ifndef LIQTOP_FUZZ_TARGETS_H
#define LIQTOP_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t len);

struct fuzz_target {
    const char *name; /* also the corpus directory: tests/fuzz/corpus/NAME */
    fuzz_fn fn;
};

int fuzz_binance(const uint8_t *data, size_t len);
int fuzz_bybit(const uint8_t *data, size_t len);
int fuzz_okx(const uint8_t *data, size_t len);
int fuzz_gate(const uint8_t *data, size_t len);
int fuzz_hyperliquid(const uint8_t *data, size_t len);
int fuzz_feargreed(const uint8_t *data, size_t len);
int fuzz_coingecko(const uint8_t *data, size_t len);
int fuzz_stream(const uint8_t *data, size_t len);
int fuzz_config(const uint8_t *data, size_t len);
int fuzz_theme(const uint8_t *data, size_t len);
int fuzz_journal(const uint8_t *data, size_t len);
int fuzz_ws(const uint8_t *data, size_t len);
int fuzz_http_header(const uint8_t *data, size_t len);
int fuzz_http_url(const uint8_t *data, size_t len);

/* Every target, in a fixed order; *n gets the count. */
const struct fuzz_target *fuzz_targets(size_t *n);

#endif
