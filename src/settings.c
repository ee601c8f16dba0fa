/* settings: defaults, config sections and overrides (see settings.h). */
#include "liqtop/settings.h"

#include "liqtop/text.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const utf8_choices[] = {"auto", "yes", "no", NULL};

static const struct cfg_key general_keys[] = {
    CFG_KEY_DOUBLE(struct general_cfg, interval, 0.1, 86400,
                   "refresh interval in seconds (live: also the base poll interval); "
                   "default 5 live, 1 demo and replay"),
    CFG_KEY_STRING(struct general_cfg, symbols, "assets to track, comma-separated"),
    CFG_KEY_STRING(struct general_cfg, theme, "colour theme name"),
    CFG_KEY_BOOL(struct general_cfg, color, "use colours (NO_COLOR=1 also turns them off)"),
    CFG_KEY_ENUM(struct general_cfg, utf8, utf8_choices,
                 "Unicode glyphs: auto (from the locale), yes, no"),
};

static const struct cfg_key store_keys[] = {
    CFG_KEY_UINT32(struct store_cfg, liq_events, 16, 100000,
                   "recent liquidation events kept per asset (the feed)"),
    CFG_KEY_UINT32(struct store_cfg, liq_minutes, 60, 100000,
                   "per-minute liquidation buckets per asset and venue (1500 = 25 h)"),
    CFG_KEY_UINT32(struct store_cfg, candles, 50, 5000, "1h candles kept per asset"),
    CFG_KEY_UINT32(struct store_cfg, stale_after_s, 10, 86400,
                   "seconds after which a venue's data leaves the aggregates"),
};

/* series capacities live one level down in struct store_cfg */
static const struct cfg_key series_keys[] = {
    CFG_KEY_UINT32(struct series_cfg, fast_samples, 16, 1000000,
                   "observations kept per series at full resolution"),
    CFG_KEY_UINT32(struct series_cfg, slow_samples, 16, 1000000,
                   "samples kept per series at reduced resolution"),
    CFG_KEY_UINT32(struct series_cfg, slow_step_s, 1, 86400,
                   "reduced resolution step in seconds"),
};

static int endpoints_handler(void *user, const char *sub, const char *key, const char *value,
                             char *err, size_t errn)
{
    struct settings *st = user;
    if (sub && *sub) {
        snprintf(err, errn, "[endpoints.%s] is not a section (use [endpoints])", sub);
        return -1;
    }
    if (st->n_endpoints == OPT_MAX_ENDPOINTS) {
        snprintf(err, errn, "too many endpoints");
        return -1;
    }
    if (options_parse_endpoint(key, value, &st->endpoints[st->n_endpoints], err, errn))
        return -1;
    st->n_endpoints++;
    return 0;
}

void settings_defaults(struct settings *st)
{
    memset(st, 0, sizeof *st);
    st->general.interval = 0;
    text_copy(st->general.symbols, sizeof st->general.symbols, "BTC,ETH,SOL,XRP,DOGE");
    text_copy(st->general.theme, sizeof st->general.theme, "default");
    st->general.color = 1;
    st->general.utf8 = 0;
    store_cfg_default(&st->store);
    model_cfg_default(&st->model);
    fetch_cfg_default(&st->fetch);
    stream_cfg_default(&st->streams);
    keymap_default(&st->keys);
}

size_t settings_sections(struct settings *st, struct cfg_section *out, size_t max)
{
    struct cfg_section all[] = {
        {"general", general_keys, sizeof general_keys / sizeof general_keys[0], &st->general,
         NULL, NULL},
        {"store", store_keys, sizeof store_keys / sizeof store_keys[0], &st->store, NULL, NULL},
        {"history", series_keys, sizeof series_keys / sizeof series_keys[0], &st->store.series,
         NULL, NULL},
        {"fetch", fetch_cfg_keys, fetch_cfg_n_keys, &st->fetch, NULL, NULL},
        {"keys", NULL, 0, NULL, keys_cfg_handler, &st->keys},
        {"endpoints", NULL, 0, NULL, endpoints_handler, st},
    };
    size_t n = sizeof all / sizeof all[0];
    if (n > max)
        n = max;
    memcpy(out, all, n * sizeof all[0]);
    return n + model_cfg_sections(&st->model, out + n, max - n);
}

int settings_load(struct settings *st, const char *opt_path, char *err, size_t errn)
{
    char path[512];
    if (opt_path) {
        text_copy(path, sizeof path, opt_path);
    } else {
        config_default_path(path, sizeof path);
        struct stat sb;
        if (!path[0] || stat(path, &sb) != 0)
            return 0; /* no file: defaults */
    }
    struct settings next = *st;
    struct cfg_section secs[16];
    size_t n = settings_sections(&next, secs, 16);
    if (config_load_file(path, secs, n, err, errn) != 0)
        return -1;
    char inner[400];
    if (model_cfg_check(&next.model, inner, sizeof inner) != 0) {
        snprintf(err, errn, "%s: %s", path, inner);
        return -1;
    }
    text_copy(next.path, sizeof next.path, path);
    *st = next;
    return 0;
}

void settings_apply_options(struct settings *st, const struct options *opt)
{
    if (opt->interval_s > 0)
        st->general.interval = opt->interval_s;
    if (opt->symbols)
        text_copy(st->general.symbols, sizeof st->general.symbols, opt->symbols);
    if (opt->theme)
        text_copy(st->general.theme, sizeof st->general.theme, opt->theme);
    if (opt->no_color)
        st->general.color = 0;
    for (size_t i = 0; i < opt->n_endpoints; i++) {
        /* the command line replaces a config entry for the same source */
        size_t k = 0;
        while (k < st->n_endpoints && st->endpoints[k].source != opt->endpoints[i].source)
            k++;
        if (k == st->n_endpoints) {
            if (st->n_endpoints == OPT_MAX_ENDPOINTS)
                continue;
            st->n_endpoints++;
        }
        st->endpoints[k] = opt->endpoints[i];
    }
    st->fetch.interval_s = st->general.interval > 0 ? st->general.interval : 5.0;
    st->streams.allow_insecure_http = st->fetch.allow_insecure_http;
    for (size_t i = 0; i < st->n_endpoints; i++) {
        int src = st->endpoints[i].source;
        if (source_is_stream((enum source_id)src))
            text_copy(st->streams.base[STREAM_INDEX(src)], sizeof st->streams.base[0],
                      st->endpoints[i].url);
        else
            text_copy(st->fetch.base_url[src], sizeof st->fetch.base_url[0],
                      st->endpoints[i].url);
    }
}
