/* venuetest: venue parser test helpers (see venuetest.h). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/venuetest.h"

#include "liqtop/stream.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char vt_err[256];

int vt_near(double got, double want)
{
    if (fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want))) return 1;
    fprintf(stderr, "got %.17g, want %.17g\n", got, want);
    return 0;
}

static const char *const BTC_ETH[] = {"BTC", "ETH"};

struct parse_ctx vt_ctx(const char *sym)
{
    struct parse_ctx c = {BTC_ETH, 2, sym, NULL, NULL};
    return c;
}

double vt_okx_ct_val(const void *user, const char *sym)
{
    (void)user;
    if (strcmp(sym, "BTC") == 0) return 0.01;
    if (strcmp(sym, "ETH") == 0) return 0.1;
    return NAN;
}

int vt_parse(const struct venue_adapter *a, const char *kind, const char *body,
             const struct parse_ctx *ctx, struct recs *out)
{
    vt_err[0] = '\0';
    return a->parse(kind, body, strlen(body), ctx, out, vt_err, sizeof vt_err);
}

int vt_parse_fixture(const struct venue_adapter *a, const char *kind, const char *file,
                     const struct parse_ctx *ctx, struct recs *out)
{
    size_t len;
    char *body = tu_fixture(file, &len);
    vt_err[0] = '\0';
    int rc = a->parse(kind, body, len, ctx, out, vt_err, sizeof vt_err);
    free(body);
    return rc;
}

const struct rec_ticker *vt_ticker(const struct recs *r, const char *sym)
{
    for (size_t i = 0; i < r->n_tickers; i++)
        if (strcmp(r->tickers[i].sym, sym) == 0) return &r->tickers[i];
    return NULL;
}

/* The one check behind every expect: -1, the error (exact or contained),
 * no record. label says which case failed. */
static void check_fails(const struct venue_adapter *a, const char *kind, const char *body,
                        size_t len, const struct parse_ctx *ctx, const char *want, int exact,
                        const char *label)
{
    struct recs r;
    recs_init(&r);
    vt_err[0] = '\0';
    int rc = a->parse(kind, body, len, ctx, &r, vt_err, sizeof vt_err);
    size_t n = recs_count(&r);
    recs_done(&r);
    if (rc != -1)
        fail_msg("%s: %s: parse succeeded, expected error '%s'", kind, label, want ? want : "");
    if (want && (exact ? strcmp(vt_err, want) != 0 : strstr(vt_err, want) == NULL))
        fail_msg("%s: %s: error '%s', expected %s'%s'", kind, label, vt_err,
                 exact ? "" : "one containing ", want);
    if (n != 0) fail_msg("%s: %s: %zu records added by a failing parse", kind, label, n);
}

void vt_expect_err(const struct venue_adapter *a, const char *kind, const char *body,
                   const struct parse_ctx *ctx, const char *want)
{
    char label[160];
    snprintf(label, sizeof label, "body %.140s", body);
    check_fails(a, kind, body, strlen(body), ctx, want, 1, label);
}

void vt_expect_fail(const struct venue_adapter *a, const char *kind, const char *body,
                    const struct parse_ctx *ctx, const char *want)
{
    char label[160];
    snprintf(label, sizeof label, "body %.140s", body);
    check_fails(a, kind, body, strlen(body), ctx, want, 0, label);
}

void vt_expect_edits(const struct venue_adapter *a, const char *kind, const char *base,
                     const struct parse_ctx *ctx, const struct vt_edit *edits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *v = vt_replace(base, edits[i].from, edits[i].to);
        char label[256];
        snprintf(label, sizeof label, "case %zu ('%.100s' -> '%.100s')", i, edits[i].from,
                 edits[i].to);
        check_fails(a, kind, v, strlen(v), ctx, edits[i].want, 0, label);
        free(v);
    }
}

static size_t trimmed_len(const char *body, size_t len)
{
    while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == ' '))
        len--;
    return len;
}

void vt_expect_cuts(const struct venue_adapter *a, const char *kind, const char *body,
                    const struct parse_ctx *ctx, size_t from, size_t step, const char *want)
{
    size_t len = trimmed_len(body, strlen(body));
    for (size_t n = from; n < len; n += step) {
        char *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, body, n);
        char label[32];
        snprintf(label, sizeof label, "cut at %zu", n);
        check_fails(a, kind, cut, n, ctx, want, 0, label);
        free(cut);
    }
}

void vt_every_truncation_fails(const struct venue_adapter *a, const char *kind, const char *file,
                               const struct parse_ctx *ctx)
{
    size_t len;
    char *body = tu_fixture(file, &len);
    vt_expect_cuts(a, kind, body, ctx, 0, 1, NULL);
    struct recs r;
    recs_init(&r);
    if (a->parse(kind, body, trimmed_len(body, len), ctx, &r, vt_err, sizeof vt_err) != 0)
        fail_msg("%s: whole fixture failed: %s", file, vt_err);
    recs_done(&r);
    free(body);
}

const char *vt_build(const struct venue_adapter *a, const char *kind_want, size_t index,
                     const char *sym)
{
    static struct source_request req;
    assert_true(index < a->n_endpoints);
    const struct endpoint *e = &a->endpoints[index];
    assert_string_equal(e->kind, kind_want);
    if (e->build(sym, 1760352369000, &req) != 0) return NULL;
    assert_string_equal(req.kind, kind_want);
    assert_string_equal(req.body, "");
    assert_string_equal(req.sym, e->per_symbol ? sym : "");
    return req.path;
}

double vt_plan_per_min(const struct venue_adapter *a, int n_syms, double refresh_s)
{
    double per_min = 0;
    for (size_t i = 0; i < a->n_endpoints; i++) {
        const struct endpoint *e = &a->endpoints[i];
        double period = e->period_s ? e->period_s : refresh_s;
        per_min += e->weight * (e->per_symbol ? n_syms : 1) * 60.0 / period;
    }
    return per_min;
}

double vt_best_seconds(const struct venue_adapter *a, const char *kind, const char *body,
                       size_t len, const struct parse_ctx *ctx, int reps, int batches)
{
    struct recs r;
    recs_init(&r);
    double best = 1e9;
    for (int batch = 0; batch < batches; batch++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < reps; i++) {
            recs_clear(&r);
            if (a->parse(kind, body, len, ctx, &r, vt_err, sizeof vt_err) != 0)
                fail_msg("%s: timed parse failed: %s", kind, vt_err);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (s < best) best = s;
    }
    recs_done(&r);
    return best;
}

void vt_sym_name(size_t i, char buf[16])
{
    if (i < 2)
        snprintf(buf, 16, "%s", i ? "ETH" : "BTC");
    else
        snprintf(buf, 16, "C%u", (unsigned)i);
}

void vt_throughput_300(const struct venue_adapter *a, const char *kind, const char *body,
                       size_t len, const char *label)
{
    static const char *const five[] = {"BTC", "ETH", "C7", "C42", "C299"};
    struct parse_ctx tracked = {five, 5, NULL, NULL, NULL};
    struct parse_ctx all = {NULL, 0, NULL, NULL, NULL};
    struct recs r;
    recs_init(&r);
    assert_int_equal(a->parse(kind, body, len, &all, &r, vt_err, sizeof vt_err), 0);
    assert_int_equal(r.n_tickers, 300);
    recs_clear(&r);
    assert_int_equal(a->parse(kind, body, len, &tracked, &r, vt_err, sizeof vt_err), 0);
    assert_int_equal(r.n_tickers, 5);
    recs_done(&r);
    const struct parse_ctx *ctxs[2] = {&tracked, &all};
    for (int k = 0; k < 2; k++) {
        /* best of 5 batches: the machine is shared, the best batch is the parser */
        int reps = 40;
        double s = vt_best_seconds(a, kind, body, len, ctxs[k], reps, 5);
        fprintf(stderr, "%s, 300 symbols, %zu bytes, %s: %.1f MB/s (%.0f us/body)\n", label, len,
                k ? "all kept" : "5 tracked", (double)len * reps / s / 1e6, s / reps * 1e6);
    }
}

char *vt_replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    if (!p) fail_msg("'%s' not in fixture", from);
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), sl = strlen(s);
    char *r = malloc(sl - fl + tl + 1);
    assert_non_null(r);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, p + fl, sl - a - fl + 1);
    return r;
}

char *vt_variant(const char *fixture, const char *from, const char *to)
{
    char *src = tu_fixture(fixture, NULL);
    if (!strstr(src, from)) fail_msg("'%s' not in %s", from, fixture);
    char *out = vt_replace(src, from, to);
    free(src);
    return out;
}

/* ---- stream parsers ----------------------------------------------------- */

int vt_stream(enum source_id src, const struct parse_ctx *ctx, const char *msg, size_t len,
              struct recs *r)
{
    recs_clear(r);
    vt_err[0] = '\0';
    return stream_parse(src, msg, len, ctx, r, vt_err, sizeof vt_err);
}

int vt_stream_fixture(enum source_id src, const struct parse_ctx *ctx, const char *file,
                      struct recs *r)
{
    size_t len;
    char *body = tu_fixture(file, &len);
    int rc = vt_stream(src, ctx, body, len, r);
    free(body);
    return rc;
}

void vt_stream_edits(enum source_id src, const struct parse_ctx *ctx, const char *fixture,
                     const struct vt_edit *edits, size_t n, int exact)
{
    struct recs r;
    recs_init(&r);
    for (size_t i = 0; i < n; i++) {
        char *v = vt_variant(fixture, edits[i].from, edits[i].to);
        int rc = vt_stream(src, ctx, v, strlen(v), &r);
        free(v);
        const char *want = edits[i].want;
        if (!want[0]) {
            if (rc != STREAM_MSG_DATA)
                fail_msg("case %zu ('%s' -> '%s'): rc %d err '%s', want data", i, edits[i].from,
                         edits[i].to, rc, vt_err);
            continue;
        }
        if (rc != STREAM_MSG_ERROR || (exact ? strcmp(vt_err, want) != 0 : !strstr(vt_err, want)))
            fail_msg("case %zu ('%s' -> '%s'): rc %d err '%s', want '%s'", i, edits[i].from,
                     edits[i].to, rc, vt_err, want);
        if (r.n_liqs != 0)
            fail_msg("case %zu: %zu liquidations kept by a failing message", i, r.n_liqs);
    }
    recs_done(&r);
}

void vt_stream_cuts(enum source_id src, const struct parse_ctx *ctx, const char *fixture,
                    size_t margin, size_t step)
{
    size_t len;
    char *body = tu_fixture(fixture, &len);
    struct recs r;
    recs_init(&r);
    for (size_t cut = 0; cut + margin < len; cut += step) {
        int rc = vt_stream(src, ctx, body, cut, &r);
        if (rc != STREAM_MSG_ERROR)
            fail_msg("%s cut at %zu: rc %d, want an error", fixture, cut, rc);
    }
    recs_done(&r);
    free(body);
}
