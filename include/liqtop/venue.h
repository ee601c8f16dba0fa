/* venue: the names of the data sources liqtop knows, in one table.
 *
 * A venue is a market (binance, bybit, okx, gate, hyperliquid) or a
 * market-wide index (feargreed, coingecko). A source is one connection
 * we poll or stream from: every venue's REST API, plus the liquidation
 * WebSocket streams of binance, bybit and okx. Health is kept per source;
 * market data is kept per venue. The spellings are fixed interfaces
 * (--endpoint VENUE=URL, the journal's "venue" field, headless output). */
#ifndef LIQTOP_VENUE_H
#define LIQTOP_VENUE_H

enum venue_id {
    VENUE_BINANCE,
    VENUE_BYBIT,
    VENUE_OKX,
    VENUE_GATE,
    VENUE_HYPERLIQUID,
    VENUE_FEARGREED,
    VENUE_COINGECKO,
    VENUE_COUNT
};

/* Venues below this one trade perpetuals and carry per-symbol market data. */
#define VENUE_MARKET_COUNT (VENUE_HYPERLIQUID + 1)

enum source_id {
    SRC_BINANCE,
    SRC_BYBIT,
    SRC_OKX,
    SRC_GATE,
    SRC_HYPERLIQUID,
    SRC_FEARGREED,
    SRC_COINGECKO,
    SRC_BINANCE_WS,
    SRC_BYBIT_WS,
    SRC_OKX_WS,
    SRC_COUNT
};

/* "binance", ... ; never NULL for a valid id, "?" otherwise. */
const char *venue_name(enum venue_id v);
/* Short label for narrow columns: "BN", "BY", "OK", "GT", "HL", "FG", "CG". */
const char *venue_abbrev(enum venue_id v);
/* -1 when the name is not a venue. Exact, lower case. */
int venue_from_name(const char *name);

/* "binance", ..., "binance_ws", "bybit_ws", "okx_ws". */
const char *source_name(enum source_id s);
int source_from_name(const char *name);
/* The venue whose data a source delivers (binance_ws -> binance). */
enum venue_id source_venue(enum source_id s);
/* 1 for the WebSocket stream sources. */
int source_is_stream(enum source_id s);

#endif
