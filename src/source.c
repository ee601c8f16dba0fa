/* source: adapter registry and parse-context helpers (see source.h). */
#include "liqtop/source.h"

#include "liqtop/store.h"

#include <math.h>
#include <string.h>

int parse_ctx_tracked(const struct parse_ctx *ctx, const char *sym)
{
    if (!ctx || !ctx->symbols)
        return 1;
    for (size_t i = 0; i < ctx->n_symbols; i++)
        if (strcmp(ctx->symbols[i], sym) == 0)
            return 1;
    return 0;
}

double parse_ctx_contract_size(const struct parse_ctx *ctx, const char *sym)
{
    if (!ctx || !ctx->contract_size)
        return NAN;
    return ctx->contract_size(ctx->user, sym);
}

const struct endpoint *source_endpoint(const struct venue_adapter *a, const char *kind)
{
    for (size_t i = 0; a && i < a->n_endpoints; i++)
        if (strcmp(a->endpoints[i].kind, kind) == 0)
            return &a->endpoints[i];
    return NULL;
}

static double store_contract_size(const void *user, const char *sym)
{
    const struct store_contracts *h = user;
    int i = store_find(h->store, sym);
    if (i < 0 || (unsigned)h->venue >= VENUE_MARKET_COUNT)
        return NAN;
    return h->store->assets[i].venue[h->venue].base_per_contract;
}

void parse_ctx_from_store(struct parse_ctx *ctx, struct store_contracts *holder,
                          const struct store *s, enum venue_id venue,
                          const char *const *symbols, size_t n, const char *sym)
{
    holder->store = s;
    holder->venue = venue;
    ctx->symbols = symbols;
    ctx->n_symbols = n;
    ctx->sym = sym && *sym ? sym : NULL;
    ctx->contract_size = store_contract_size;
    ctx->user = holder;
}

const char *source_error_detail(const char *kind, const char *err)
{
    size_t kl = strlen(kind);
    if (strncmp(err, kind, kl) == 0 && err[kl] == ':' && err[kl + 1] == ' ')
        return err + kl + 2;
    return err;
}
