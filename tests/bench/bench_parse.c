/* bench_parse: parser throughput on each venue's largest bodies (benchmark).
 *
 *   bench_parse [SYMBOLS] [SECONDS]      throughput (default 300 symbols, 0.4 s each)
 *   bench_parse --check                  every endpoint's generated body parses
 *
 * Bodies come from bodies.c: the all-symbol ticker endpoints with SYMBOLS
 * instruments each, compact JSON as the venues send it. Each body is parsed
 * repeatedly by the venue adapter (the same function live and replay use)
 * into a reused struct recs for at least SECONDS; the figure is bytes parsed
 * per second of CPU and records produced per second. Two contexts: every
 * symbol tracked (the most records), and the default five tracked (what a
 * user pays: the parser skips the other rows).
 *
 * Output lines: "parse VENUE KIND bytes=N recs=N mbs_all=X recs_s=X mbs_5=X". */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "bodies.h"

#include "liqtop/record.h"
#include "liqtop/source.h"
#include "liqtop/venue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const tracked5[] = {"BTC", "ETH", "SOL", "XRP", "DOGE"};

struct csz {
    const struct bmarket *m;
    const char *venue;
};

static double csz_fn(const void *user, const char *sym)
{
    const struct csz *c = user;
    return bm_contract_size(c->m, c->venue, sym);
}

struct target {
    enum source_id src;
    const char *kind;
};

static const struct target targets[] = {
    {SRC_BINANCE, "premiumIndex"}, {SRC_BINANCE, "24hr"}, {SRC_BYBIT, "tickers"},
    {SRC_OKX, "tickers"},          {SRC_GATE, "tickers"}, {SRC_HYPERLIQUID, "metaAndAssetCtxs"},
};

/* Parse body repeatedly for at least `secs` of CPU; returns seconds per parse. */
static double time_parse(const struct venue_adapter *ad, const char *kind, const struct bbuf *b,
                         const struct parse_ctx *ctx, struct recs *r, double secs, size_t *nrec)
{
    char err[256];
    long iters = 0;
    double c0 = bu_cpu_s(), c1;
    do {
        for (int k = 0; k < 10; k++) {
            recs_clear(r);
            if (ad->parse(kind, b->p, b->len, ctx, r, err, sizeof err) != 0) {
                fprintf(stderr, "bench_parse: %s: %s\n", kind, err);
                exit(1);
            }
            bu_keep(r->tickers);
        }
        iters += 10;
        c1 = bu_cpu_s();
    } while (c1 - c0 < secs);
    *nrec = recs_count(r);
    return (c1 - c0) / (double)iters;
}

static int check_all(void)
{
    const int64_t t0 = 1767225600000LL; /* 2026-01-01 */
    struct bmarket *m = bm_new(40, tracked5, 5, 7, t0);
    bm_set_crash(m, t0 + 600000, 0.08);
    bm_advance(m, t0 + 900000);
    struct bbuf b;
    bbuf_init(&b);
    struct recs r;
    recs_init(&r);
    int bad = 0;
    for (int src = 0; src < SRC_COUNT; src++) {
        const struct venue_adapter *ad = source_adapter((enum source_id)src);
        if (!ad)
            continue;
        const char *vn = source_name((enum source_id)src);
        struct csz cz = {m, vn};
        for (size_t e = 0; e < ad->n_endpoints; e++) {
            const struct endpoint *ep = &ad->endpoints[e];
            for (size_t si = 0; si < (ep->per_symbol ? 5u : 1u); si++) {
                const char *sym = ep->per_symbol ? tracked5[si] : NULL;
                struct source_request req;
                memset(&req, 0, sizeof req);
                if (ep->build(sym, t0 + 900000, &req) != 0)
                    continue;
                if (bm_body(m, vn, ep->kind, sym, req.body[0] ? req.body : req.path, &b) != 0) {
                    printf("check %s %s %s: no generator\n", vn, ep->kind, sym ? sym : "-");
                    bad++;
                    continue;
                }
                struct parse_ctx ctx = {tracked5, 5, sym, csz_fn, &cz};
                char err[256] = "";
                recs_clear(&r);
                int rc = ad->parse(ep->kind, b.p, b.len, &ctx, &r, err, sizeof err);
                printf("check %-11s %-28s %-4s %7zu bytes %4zu records %s%s\n", vn, ep->kind,
                       sym ? sym : "-", b.len, recs_count(&r), rc == 0 ? "ok" : "FAIL: ",
                       rc == 0 ? "" : err);
                bad += rc != 0 || recs_count(&r) == 0;
            }
        }
    }
    recs_done(&r);
    bbuf_free(&b);
    bm_free(m);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--check") == 0)
        return check_all();
    size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 300;
    double secs = argc > 2 ? atof(argv[2]) : 0.4;
    if (n < 5)
        n = 5;
    const int64_t t0 = 1767225600000LL;
    struct bmarket *m = bm_new(n, tracked5, 5, 1, t0);
    bm_advance(m, t0 + 60000);
    struct bbuf b;
    bbuf_init(&b);
    struct recs r;
    recs_init(&r);
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        const struct target *tg = &targets[i];
        const struct venue_adapter *ad = source_adapter(tg->src);
        const char *vn = source_name(tg->src);
        if (bm_body(m, vn, tg->kind, NULL, "", &b) != 0) {
            fprintf(stderr, "bench_parse: no body for %s %s\n", vn, tg->kind);
            return 1;
        }
        struct csz cz = {m, vn};
        struct parse_ctx all = {NULL, 0, NULL, csz_fn, &cz};
        struct parse_ctx five = {tracked5, 5, NULL, csz_fn, &cz};
        size_t nrec_all, nrec_5;
        double t_all = time_parse(ad, tg->kind, &b, &all, &r, secs, &nrec_all);
        double t_5 = time_parse(ad, tg->kind, &b, &five, &r, secs, &nrec_5);
        printf("parse %s %s bytes=%zu recs=%zu mbs_all=%.1f recs_s=%.0f mbs_5=%.1f us_body=%.0f\n",
               vn, tg->kind, b.len, nrec_all, (double)b.len / t_all / 1e6,
               (double)nrec_all / t_all, (double)b.len / t_5 / 1e6, t_all * 1e6);
        fflush(stdout);
    }
    recs_done(&r);
    bbuf_free(&b);
    bm_free(m);
    return 0;
}
