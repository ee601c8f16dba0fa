/* options: command-line parsing (see options.h). */
#include "liqtop/options.h"

#include "liqtop/num.h"
#include "liqtop/text.h"
#include "liqtop/venue.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *err, size_t errn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errn, const char *fmt, ...)
{
    if (errn) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errn, fmt, ap);
        va_end(ap);
    }
    return -1;
}

const char *options_usage(void)
{
    return "usage: liqtop [options]\n"
           "\n"
           "A full-screen terminal monitor for crypto-derivatives market stress:\n"
           "prices, open interest, funding, liquidations, support breaks.\n"
           "\n"
           "modes:\n"
           "  (default)              live: poll the public exchange APIs\n"
           "  --demo                 the built-in simulated market (no network)\n"
           "  --replay FILE          replay a journal written by --record\n"
           "  --headless             no terminal UI: alerts as NDJSON on stdout\n"
           "  --once --json          one round (or the whole replay, or --duration),\n"
           "                         then the state as one JSON object on stdout\n"
           "  --dump-frame WxH       render one frame as plain text on stdout, exit\n"
           "\n"
           "options:\n"
           "  --seed N               demo random seed (default 1)\n"
           "  --speed X|max          demo/replay speed (market seconds per second)\n"
           "  --duration S           stop after S seconds (market time in demo/replay)\n"
           "  --interval S           refresh (and live base poll) interval, seconds\n"
           "  --symbols BTC,ETH,...  assets to track (default BTC,ETH,SOL,XRP,DOGE)\n"
           "  --endpoint VENUE=URL   replace a venue's base URL (repeatable)\n"
           "  --record FILE          append every response to a journal (NDJSON)\n"
           "  --config FILE          config file (default ~/.config/liqtop/config)\n"
           "  --theme NAME           colour theme (default, light, mono, ...)\n"
           "  --no-color             no colours (also NO_COLOR=1)\n"
           "  -h, --help             this text\n"
           "  -V, --version          print the version\n"
           "\n"
           "VENUE: binance bybit okx gate hyperliquid feargreed coingecko\n"
           "       binance_ws bybit_ws okx_ws\n"
           "Keys: press ? in the monitor; see man liqtop.\n";
}

int options_parse_endpoint(const char *venue, const char *url, struct opt_endpoint *ep, char *err,
                           size_t errn)
{
    int src = source_from_name(venue);
    if (src < 0)
        return fail(err, errn, "unknown venue '%s' (one of binance, bybit, okx, gate, "
                               "hyperliquid, feargreed, coingecko, binance_ws, bybit_ws, okx_ws)",
                    venue);
    int stream = source_is_stream((enum source_id)src);
    const char *rest = NULL;
    static const char *rest_schemes[] = {"http://", "https://"};
    static const char *ws_schemes[] = {"ws://", "wss://"};
    const char **schemes = stream ? ws_schemes : rest_schemes;
    for (int i = 0; i < 2; i++)
        if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
            rest = url + strlen(schemes[i]);
    if (!rest)
        return fail(err, errn, "%s: URL must start with %s or %s, got '%s'", venue, schemes[0],
                    schemes[1], url);
    size_t host_len = strcspn(rest, "/?#");
    if (host_len == 0)
        return fail(err, errn, "%s: URL has no host: '%s'", venue, url);
    if (rest[host_len] && strcmp(rest + host_len, "/") != 0)
        return fail(err, errn,
                    "%s: give only scheme, host and port (the paths stay), not '%s'", venue,
                    url);
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return fail(err, errn, "%s: URL contains a space or control character", venue);
    if (strlen(url) >= sizeof ep->url)
        return fail(err, errn, "%s: URL too long", venue);
    ep->source = src;
    text_copy(ep->url, sizeof ep->url, url);
    size_t len = strlen(ep->url);
    if (len && ep->url[len - 1] == '/')
        ep->url[len - 1] = '\0';
    return 0;
}

int options_split_symbols(const char *list, char out[][16], size_t n, char *err, size_t errn)
{
    size_t count = 0;
    const char *p = list;
    while (p && *p) {
        size_t len = strcspn(p, ",");
        char sym[64];
        size_t k = 0;
        for (size_t i = 0; i < len && k + 1 < sizeof sym; i++)
            if (p[i] != ' ' && p[i] != '\t')
                sym[k++] = p[i];
        sym[k] = '\0';
        text_upper(sym);
        if (!text_is_symbol(sym))
            return fail(err, errn, "'%.*s' is not a symbol (letters and digits, at most 15)",
                        (int)(len > 20 ? 20 : len), p);
        int dup = 0;
        for (size_t i = 0; i < count; i++)
            dup |= strcmp(out[i], sym) == 0;
        if (!dup) {
            if (count == n)
                return fail(err, errn, "too many symbols (at most %zu)", n);
            text_copy(out[count++], 16, sym);
        }
        p += len;
        if (*p == ',')
            p++;
    }
    if (count == 0)
        return fail(err, errn, "no symbols given");
    return (int)count;
}

/* Take the value of an option: "--opt=value" or "--opt value". */
static const char *take_value(int argc, char **argv, int *i, const char *arg, const char *eq,
                              char *err, size_t errn)
{
    if (eq)
        return eq + 1;
    if (*i + 1 >= argc) {
        fail(err, errn, "%s: needs a value", arg);
        return NULL;
    }
    return argv[++*i];
}

static int parse_positive(const char *name, const char *v, double lo, double hi, double *out,
                          char *err, size_t errn)
{
    double d;
    if (num_parse(v, strlen(v), &d) != NUM_OK)
        return fail(err, errn, "%s: '%s' is not a number", name, v);
    if (d < lo || d > hi)
        return fail(err, errn, "%s: %s is out of range (%g..%g)", name, v, lo, hi);
    *out = d;
    return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errn)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->speed = 1.0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0) {
            o->help = 1;
            continue;
        }
        if (strcmp(arg, "-V") == 0) {
            o->version = 1;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0)
            return fail(err, errn, "%s: unexpected argument (options start with --)", arg);
        char name[48];
        const char *eq = strchr(arg, '=');
        size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
        if (nlen >= sizeof name)
            return fail(err, errn, "%.40s...: unknown option", arg);
        memcpy(name, arg, nlen);
        name[nlen] = '\0';
        const char *v = NULL;
#define FLAG(str, field)                                                                           \
    if (strcmp(name, str) == 0) {                                                                  \
        if (eq)                                                                                    \
            return fail(err, errn, "%s: takes no value", name);                                    \
        o->field = 1;                                                                              \
        continue;                                                                                  \
    }
#define VALUE()                                                                                    \
    do {                                                                                           \
        v = take_value(argc, argv, &i, name, eq, err, errn);                                       \
        if (!v)                                                                                    \
            return -1;                                                                             \
    } while (0)
        FLAG("--help", help)
        FLAG("--version", version)
        FLAG("--demo", demo)
        FLAG("--headless", headless)
        FLAG("--once", once)
        FLAG("--json", json)
        FLAG("--no-color", no_color)
        if (strcmp(name, "--seed") == 0) {
            VALUE();
            int64_t s;
            if (num_parse_i64(v, strlen(v), &s) != NUM_OK || s < 0)
                return fail(err, errn, "--seed: '%s' is not a non-negative whole number", v);
            o->seed = (uint64_t)s;
            o->seed_set = 1;
        } else if (strcmp(name, "--speed") == 0) {
            VALUE();
            o->speed_set = 1;
            if (strcmp(v, "max") == 0) {
                o->speed_max = 1;
                o->speed = 0;
            } else {
                double d;
                if (num_parse(v, strlen(v), &d) != NUM_OK)
                    return fail(err, errn, "--speed: '%s' is not a number or 'max'", v);
                if (d <= 0 || d > 1e6)
                    return fail(err, errn, "--speed: %s is out of range (above 0, at most 1e6)",
                                v);
                o->speed = d;
                o->speed_max = 0;
            }
        } else if (strcmp(name, "--duration") == 0) {
            VALUE();
            if (parse_positive(name, v, 0.001, 1e9, &o->duration_s, err, errn))
                return -1;
        } else if (strcmp(name, "--interval") == 0) {
            VALUE();
            if (parse_positive(name, v, 0.1, 86400, &o->interval_s, err, errn))
                return -1;
        } else if (strcmp(name, "--config") == 0) {
            VALUE();
            o->config_path = v;
        } else if (strcmp(name, "--theme") == 0) {
            VALUE();
            if (!*v || strchr(v, '/') || strlen(v) > 48)
                return fail(err, errn, "--theme: '%s' is not a theme name", v);
            o->theme = v;
        } else if (strcmp(name, "--symbols") == 0) {
            VALUE();
            char tmp[64][16];
            if (options_split_symbols(v, tmp, 64, err, errn) < 0) {
                char inner[200];
                text_copy(inner, sizeof inner, err);
                return fail(err, errn, "--symbols: %s", inner);
            }
            o->symbols = v;
        } else if (strcmp(name, "--endpoint") == 0) {
            VALUE();
            const char *e = strchr(v, '=');
            if (!e)
                return fail(err, errn, "--endpoint: expected VENUE=URL, got '%s'", v);
            if (o->n_endpoints == OPT_MAX_ENDPOINTS)
                return fail(err, errn, "--endpoint: too many (at most %d)", OPT_MAX_ENDPOINTS);
            char venue[32];
            size_t vl = (size_t)(e - v);
            if (vl >= sizeof venue)
                return fail(err, errn, "--endpoint: unknown venue '%.*s'", 31, v);
            memcpy(venue, v, vl);
            venue[vl] = '\0';
            char inner[300];
            if (options_parse_endpoint(venue, e + 1, &o->endpoints[o->n_endpoints], inner,
                                       sizeof inner))
                return fail(err, errn, "--endpoint: %s", inner);
            o->n_endpoints++;
        } else if (strcmp(name, "--record") == 0) {
            VALUE();
            o->record_path = v;
        } else if (strcmp(name, "--replay") == 0) {
            VALUE();
            o->replay_path = v;
        } else if (strcmp(name, "--dump-frame") == 0) {
            /* the size is optional: --dump-frame, --dump-frame 80x24, --dump-frame=80x24 */
            const char *sz = eq ? eq + 1
                                : (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
                                      ? argv[++i]
                                      : NULL;
            o->dump_frame = 1;
            o->dump_w = 80;
            o->dump_h = 24;
            if (sz) {
                int w, h;
                char tail;
                if (sscanf(sz, "%dx%d%c", &w, &h, &tail) != 2)
                    return fail(err, errn, "--dump-frame: expected WxH (e.g. 200x50), got '%s'",
                                sz);
                if (w < 10 || w > 1000 || h < 3 || h > 500)
                    return fail(err, errn, "--dump-frame: %dx%d is out of range (10x3..1000x500)",
                                w, h);
                o->dump_w = w;
                o->dump_h = h;
            }
        } else {
            return fail(err, errn, "%s: unknown option (see liqtop --help)", name);
        }
#undef FLAG
#undef VALUE
    }
    if (o->demo && o->replay_path)
        return fail(err, errn, "--replay: cannot be combined with --demo");
    if (o->record_path && (o->demo || o->replay_path))
        return fail(err, errn, "--record: only records live sessions (not --demo or --replay)");
    if (o->json && !o->once)
        return fail(err, errn, "--json: use it with --once");
    if (o->once && o->headless)
        return fail(err, errn, "--once: cannot be combined with --headless");
    if (o->dump_frame && (o->once || o->headless))
        return fail(err, errn, "--dump-frame: cannot be combined with --once or --headless");
    if (o->speed_set && !o->demo && !o->replay_path)
        return fail(err, errn, "--speed: only applies to --demo and --replay");
    if (o->seed_set && !o->demo)
        return fail(err, errn, "--seed: only applies to --demo");
    return 0;
}
