/* settings: every configurable value, their defaults, and the config file's
 * sections (main layer: it knows each module's settings table).
 *
 * Precedence: built-in defaults < config file < command line. A reload
 * (Ctrl-R) loads into a fresh copy and swaps only on success, so an error
 * keeps the settings in force. */
#ifndef LIQTOP_SETTINGS_H
#define LIQTOP_SETTINGS_H

#include "liqtop/app.h"
#include "liqtop/config.h"
#include "liqtop/fetch.h"
#include "liqtop/keys.h"
#include "liqtop/model.h"
#include "liqtop/options.h"
#include "liqtop/store.h"
#include "liqtop/stream.h"

#include <stddef.h>

struct settings {
    struct general_cfg general;
    struct store_cfg store;
    struct model_cfg model;  /* [levels] [detect] [stress] [alerts] [alert.NAME] */
    struct fetch_cfg fetch;  /* [fetch]; base URLs come from [endpoints] */
    struct stream_cfg streams; /* base URLs from [endpoints]; insecure flag from [fetch] */
    struct keymap keys;
    struct opt_endpoint endpoints[OPT_MAX_ENDPOINTS]; /* from [endpoints] */
    size_t n_endpoints;
    char path[512]; /* config file read ("" if none) */
};

void settings_defaults(struct settings *st);
/* Load the config file: opt_path if given (must exist), else the default
 * path if it exists. 0 ok, -1 with err "FILE:LINE: ...". */
int settings_load(struct settings *st, const char *opt_path, char *err, size_t errn);
/* Apply command-line options over the file (interval, symbols, theme,
 * colour, endpoints), then copy the shared values into the fetch and stream
 * settings (interval, base URLs, allow_insecure_http). */
void settings_apply_options(struct settings *st, const struct options *opt);
/* The sections, for documentation and tests; returns the count. */
size_t settings_sections(struct settings *st, struct cfg_section *out, size_t max);

#endif
