/* venue: names of venues and sources (see venue.h). */
#include "liqtop/venue.h"

#include <string.h>

static const struct {
    const char *name;
    const char *abbrev;
} venues[VENUE_COUNT] = {
    [VENUE_BINANCE] = {"binance", "BN"},         [VENUE_BYBIT] = {"bybit", "BY"},
    [VENUE_OKX] = {"okx", "OK"},                 [VENUE_GATE] = {"gate", "GT"},
    [VENUE_HYPERLIQUID] = {"hyperliquid", "HL"}, [VENUE_FEARGREED] = {"feargreed", "FG"},
    [VENUE_COINGECKO] = {"coingecko", "CG"},
};

static const struct {
    const char *name;
    enum venue_id venue;
} sources[SRC_COUNT] = {
    [SRC_BINANCE] = {"binance", VENUE_BINANCE},
    [SRC_BYBIT] = {"bybit", VENUE_BYBIT},
    [SRC_OKX] = {"okx", VENUE_OKX},
    [SRC_GATE] = {"gate", VENUE_GATE},
    [SRC_HYPERLIQUID] = {"hyperliquid", VENUE_HYPERLIQUID},
    [SRC_FEARGREED] = {"feargreed", VENUE_FEARGREED},
    [SRC_COINGECKO] = {"coingecko", VENUE_COINGECKO},
    [SRC_BINANCE_WS] = {"binance_ws", VENUE_BINANCE},
    [SRC_BYBIT_WS] = {"bybit_ws", VENUE_BYBIT},
    [SRC_OKX_WS] = {"okx_ws", VENUE_OKX},
};

const char *venue_name(enum venue_id v)
{
    return (unsigned)v < VENUE_COUNT ? venues[v].name : "?";
}

const char *venue_abbrev(enum venue_id v)
{
    return (unsigned)v < VENUE_COUNT ? venues[v].abbrev : "??";
}

int venue_from_name(const char *name)
{
    for (int i = 0; name && i < VENUE_COUNT; i++)
        if (strcmp(name, venues[i].name) == 0)
            return i;
    return -1;
}

const char *source_name(enum source_id s)
{
    return (unsigned)s < SRC_COUNT ? sources[s].name : "?";
}

int source_from_name(const char *name)
{
    for (int i = 0; name && i < SRC_COUNT; i++)
        if (strcmp(name, sources[i].name) == 0)
            return i;
    return -1;
}

enum venue_id source_venue(enum source_id s)
{
    return (unsigned)s < SRC_COUNT ? sources[s].venue : VENUE_COUNT;
}

int source_is_stream(enum source_id s)
{
    return s == SRC_BINANCE_WS || s == SRC_BYBIT_WS || s == SRC_OKX_WS;
}
