/* headless: machine-readable output (no terminal UI).
 *
 * --headless prints each alert as one NDJSON line on stdout:
 *   {"t":ms,"kind":"support_break","severity":"crit","symbol":"BTC",
 *    "venue":"binance","value":..,"threshold":..,"msg":".."}
 * --once --json prints the whole state as one JSON object (see
 * headless_state_json for the fields). Numbers unknown to liqtop are null,
 * never 0. Diagnostics never go to stdout. */
#ifndef LIQTOP_HEADLESS_H
#define LIQTOP_HEADLESS_H

#include "liqtop/alert.h"
#include "liqtop/model.h"
#include "liqtop/store.h"

#include <stdio.h>

/* An alert sink (alert.h) writing NDJSON lines to a FILE (user), flushed
 * per line. Updates of an episode are not printed again. */
struct alert_sink headless_alert_sink(FILE *out);

struct headless_info {
    const char *mode;  /* "live", "demo", "replay" */
    int64_t now_ms;    /* model time of the state */
};

/* Write the state object and a newline. Returns 0, -1 on a write error. */
int headless_state_json(FILE *out, const struct store *s, const struct model *m,
                        const struct alerts *al, const struct headless_info *info);

#endif
