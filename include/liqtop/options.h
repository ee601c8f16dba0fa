/* options: the command line (see DESIGN.md "Interfaces that are fixed").
 *
 * Pure: argv in, struct options out, or an error naming the option. main
 * turns an error into exit status 2. */
#ifndef LIQTOP_OPTIONS_H
#define LIQTOP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#define OPT_MAX_ENDPOINTS 16
#define OPT_URL_MAX 256

struct opt_endpoint {
    int source; /* enum source_id */
    char url[OPT_URL_MAX];
};

struct options {
    int help, version;
    int demo, headless, once, json, no_color;
    uint64_t seed;
    int seed_set;
    double speed; /* market seconds per real second; 0 with speed_max */
    int speed_max, speed_set;
    double duration_s; /* 0 = no limit */
    double interval_s; /* 0 = not given (config or default applies) */
    const char *config_path;
    const char *theme;
    const char *symbols; /* "BTC,ETH" as given, NULL if not given */
    struct opt_endpoint endpoints[OPT_MAX_ENDPOINTS];
    size_t n_endpoints;
    const char *record_path;
    const char *replay_path;
    int dump_frame, dump_w, dump_h;
};

/* 0 ok; -1 with err ("--speed: 'fast' is not a number or 'max'"). Strings in
 * *o point into argv. */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errn);
/* The --help text. */
const char *options_usage(void);
/* Parse "VENUE=URL" (for --endpoint and the [endpoints] config section);
 * 0 ok, -1 with err. */
int options_parse_endpoint(const char *venue, const char *url, struct opt_endpoint *ep, char *err,
                           size_t errn);
/* Split "BTC,eth, SOL" into upper-case canonical symbols (max n, each
 * [A-Z0-9]{1,15}); returns the count or -1 with err naming the bad entry. */
int options_split_symbols(const char *list, char out[][16], size_t n, char *err, size_t errn);

#endif
