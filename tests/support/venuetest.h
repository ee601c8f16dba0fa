/* venuetest: helpers shared by the venue parser tests (REST adapters and
 * stream parsers): parse a body or fixture into records, expect an error,
 * run tables of broken variants and truncations, time a parser.
 *
 * Include after <cmocka.h>. Every failure goes through cmocka's fail_msg
 * and names the kind, the case and the error seen. */
#ifndef LIQTOP_VENUETEST_H
#define LIQTOP_VENUETEST_H

#include "liqtop/record.h"
#include "liqtop/source.h"

#include <math.h>
#include <stddef.h>

/* |a - b| <= tol, else fail naming the expression and both values. */
#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);         \
    } while (0)

/* 1 if got equals want within 1e-12 relative (absolute below 1); else 0,
 * with both values on stderr. */
int vt_near(double got, double want);

/* The error text of the last vt_parse* / vt_stream* call ("" on success
 * without a warning). Overwritten by every call. */
extern char vt_err[256];

/* A context tracking BTC and ETH, no contract sizes; sym as given. */
struct parse_ctx vt_ctx(const char *sym);
/* Contract sizes of our OKX fixtures (ctVal): BTC 0.01, ETH 0.1, else NAN. */
double vt_okx_ct_val(const void *user, const char *sym);

/* Parse a NUL-terminated body of endpoint kind; rc of adapter->parse. */
int vt_parse(const struct venue_adapter *a, const char *kind, const char *body,
             const struct parse_ctx *ctx, struct recs *out);
/* Parse tests/fixtures/FILE. */
int vt_parse_fixture(const struct venue_adapter *a, const char *kind, const char *file,
                     const struct parse_ctx *ctx, struct recs *out);
/* The first ticker of sym in r, NULL if none. */
const struct rec_ticker *vt_ticker(const struct recs *r, const char *sym);

/* Expect the parse of body to fail with exactly `want` (vt_expect_err) or an
 * error containing `want` (vt_expect_fail), adding no record. */
void vt_expect_err(const struct venue_adapter *a, const char *kind, const char *body,
                   const struct parse_ctx *ctx, const char *want);
void vt_expect_fail(const struct venue_adapter *a, const char *kind, const char *body,
                    const struct parse_ctx *ctx, const char *want);

/* One broken variant: body with the first `from` replaced by `to` must fail
 * with an error containing `want`. */
struct vt_edit {
    const char *from, *to, *want;
};
/* Check each edit of base; a failure names the case index and the edit. */
void vt_expect_edits(const struct venue_adapter *a, const char *kind, const char *base,
                     const struct parse_ctx *ctx, const struct vt_edit *edits, size_t n);
#define VT_N(arr) (sizeof(arr) / sizeof((arr)[0]))

/* Every prefix of body (trailing white space trimmed) of from, from+step,
 * ... bytes, given as an exact-size copy so ASan sees reads past the end,
 * must fail, add no record and, if want is not NULL, name `want`. */
void vt_expect_cuts(const struct venue_adapter *a, const char *kind, const char *body,
                    const struct parse_ctx *ctx, size_t from, size_t step, const char *want);
/* Every truncation of the fixture fails (vt_expect_cuts from 0 by 1) and
 * the whole fixture parses. */
void vt_every_truncation_fails(const struct venue_adapter *a, const char *kind, const char *file,
                               const struct parse_ctx *ctx);

/* The path endpoints[index] builds for sym (now 1760352369000), after
 * checking its kind is kind_want, the request is a GET and req.sym is sym
 * for per-symbol endpoints, "" otherwise. NULL if the build refuses sym.
 * Static buffer, overwritten by the next call. */
const char *vt_build(const struct venue_adapter *a, const char *kind_want, size_t index,
                     const char *sym);
/* Requests (weight-weighted) per minute of the whole plan with n_syms
 * symbols and a refresh interval of refresh_s seconds. */
double vt_plan_per_min(const struct venue_adapter *a, int n_syms, double refresh_s);

/* Best of `batches` timed runs of `reps` parses of body (each must return
 * 0), in seconds per run. */
double vt_best_seconds(const struct venue_adapter *a, const char *kind, const char *body,
                       size_t len, const struct parse_ctx *ctx, int reps, int batches);
/* Name of symbol i of such a body: BTC, ETH, then C2, C3, ... (buf: 16). */
void vt_sym_name(size_t i, char buf[16]);
/* Throughput report for an all-symbol body of 300 symbols named BTC, ETH,
 * C2..C299: all kept gives 300 tickers, five tracked give 5; then prints
 * MB/s for both to stderr, prefixed by label. */
void vt_throughput_300(const struct venue_adapter *a, const char *kind, const char *body,
                       size_t len, const char *label);

/* The fixture with the first `from` replaced by `to`; fails if absent.
 * vt_replace does the same on a string. malloc'd, free with free(). */
char *vt_variant(const char *fixture, const char *from, const char *to);
char *vt_replace(const char *s, const char *from, const char *to);

/* ---- stream parsers (stream_parse) ------------------------------------- */

/* Clear r, then stream_parse msg; rc is a STREAM_MSG_* value. */
int vt_stream(enum source_id src, const struct parse_ctx *ctx, const char *msg, size_t len,
              struct recs *r);
int vt_stream_fixture(enum source_id src, const struct parse_ctx *ctx, const char *file,
                      struct recs *r);
/* Each edit of the fixture: want "" must give STREAM_MSG_DATA, otherwise
 * STREAM_MSG_ERROR with an error equal to want (exact) or containing it,
 * and no liquidation. A failure names the case index and the edit. */
void vt_stream_edits(enum source_id src, const struct parse_ctx *ctx, const char *fixture,
                     const struct vt_edit *edits, size_t n, int exact);
/* Prefixes of 0, step, ... bytes below len - margin are errors. */
void vt_stream_cuts(enum source_id src, const struct parse_ctx *ctx, const char *fixture,
                    size_t margin, size_t step);

#endif
