/* gen_journal: write a realistic --record journal (benchmark input).
 *
 *   gen_journal OUT HOURS UNIVERSE [SYMBOLS]
 *
 * What liqtop's default configuration would record in HOURS of market time
 * (--interval 5, the tracked SYMBOLS, default BTC,ETH,SOL,XRP,DOGE): every
 * REST endpoint of every adapter at its own period (period 0 = 5 s), one
 * request per tracked symbol for per-symbol endpoints, spread over the
 * period after the first round as the scheduler does, each answered 60 to
 * 300 ms later; lines in arrival order, written with journal_format_line
 * (the recorder's own encoder). Bodies come from bodies.c: all-symbol
 * endpoints list UNIVERSE instruments (a real exchange lists 200 to 600;
 * the size of a day's journal grows with it), and the market crashes 8 %
 * in the middle of the run. The liquidation WebSocket streams are not
 * included (their traffic depends on the market; a crash adds a few
 * thousand small lines).
 *
 * Prints "journal lines=N bytes=N hours=X universe=N" on stdout. */
#define _POSIX_C_SOURCE 200809L
#include "bodies.h"

#include "liqtop/journal.h"
#include "liqtop/options.h"
#include "liqtop/source.h"
#include "liqtop/venue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1767225600000LL /* 2026-01-01 00:00 UTC */
#define MAX_SYMS 64
#define MAX_JOBS 1024

struct job {
    enum source_id src;
    const struct endpoint *ep;
    const char *sym; /* NULL: all-symbol */
    int64_t period_ms;
    int64_t due;     /* next request */
    int64_t latency; /* ms until its answer */
    int slot, nslots;
};

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gen_journal OUT HOURS UNIVERSE [SYMBOLS]\n");
        return 2;
    }
    const char *out_path = argv[1];
    double hours = atof(argv[2]);
    size_t universe = (size_t)atoi(argv[3]);
    char list[256];
    snprintf(list, sizeof list, "%s", argc > 4 ? argv[4] : "BTC,ETH,SOL,XRP,DOGE");
    const char *syms[MAX_SYMS];
    size_t ns = 0;
    for (char *tok = strtok(list, ","); tok && ns < MAX_SYMS; tok = strtok(NULL, ","))
        syms[ns++] = tok;
    if (universe < ns)
        universe = ns;

    struct bmarket *m = bm_new(universe, syms, ns, 42, T0);
    if (!m)
        return 1;
    int64_t end = T0 + (int64_t)(hours * 3600000.0);
    bm_set_crash(m, T0 + (end - T0) / 2, 0.08);

    static struct job jobs[MAX_JOBS];
    size_t nj = 0;
    uint64_t lat_seed = 12345;
    for (int src = 0; src < SRC_COUNT; src++) {
        const struct venue_adapter *ad = source_adapter((enum source_id)src);
        if (!ad)
            continue;
        for (size_t e = 0; e < ad->n_endpoints; e++) {
            const struct endpoint *ep = &ad->endpoints[e];
            size_t n = ep->per_symbol ? ns : 1;
            for (size_t k = 0; k < n && nj < MAX_JOBS; k++) {
                struct job *j = &jobs[nj++];
                j->src = (enum source_id)src;
                j->ep = ep;
                j->sym = ep->per_symbol ? syms[k] : NULL;
                j->period_ms = (ep->period_s > 0 ? ep->period_s : 5) * 1000LL;
                j->due = T0;
                lat_seed = lat_seed * 6364136223846793005ULL + 1442695040888963407ULL;
                j->latency = 60 + (int64_t)((lat_seed >> 33) % 240);
                j->slot = (int)k;
                j->nslots = (int)n;
            }
        }
    }

    FILE *f = fopen(out_path, "w");
    if (!f) {
        perror(out_path);
        return 1;
    }
    struct bbuf body;
    bbuf_init(&body);
    unsigned long long lines = 0, bytes = 0;
    int64_t last_t = 0;
    for (;;) {
        size_t best = 0;
        for (size_t i = 1; i < nj; i++)
            if (jobs[i].due + jobs[i].latency < jobs[best].due + jobs[best].latency)
                best = i;
        struct job *j = &jobs[best];
        int64_t t = j->due + j->latency;
        if (t > end)
            break;
        if (t < last_t)
            t = last_t; /* arrival order */
        last_t = t;
        bm_advance(m, j->due);
        struct source_request req;
        memset(&req, 0, sizeof req);
        const char *vn = source_name(j->src);
        if (j->ep->build(j->sym, j->due, &req) == 0 &&
            bm_body(m, vn, j->ep->kind, j->sym, req.body[0] ? req.body : req.path, &body) == 0) {
            size_t len;
            char *line = journal_format_line(t, vn, j->ep->kind, j->sym ? j->sym : "", 200,
                                             body.p, body.len, &len);
            if (!line || fwrite(line, 1, len, f) != len) {
                perror(out_path);
                return 1;
            }
            free(line);
            lines++;
            bytes += len;
        }
        /* from the second round on, per-symbol requests are spread over the period */
        int64_t spread = j->due == T0 && j->nslots > 1 ? j->period_ms * j->slot / j->nslots : 0;
        j->due += j->period_ms + spread;
    }
    if (fclose(f) != 0) {
        perror(out_path);
        return 1;
    }
    printf("journal lines=%llu bytes=%llu hours=%.2f universe=%zu symbols=%zu\n", lines, bytes,
           hours, universe, ns);
    bbuf_free(&body);
    bm_free(m);
    return 0;
}
