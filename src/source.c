/* source: adapter registry and parse-context helpers (see source.h). */
#include "liqtop/source.h"

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
