/* registry: the adapter of each REST source (see source.h). */
#include "liqtop/source.h"

const struct venue_adapter *source_adapter(enum source_id src)
{
    switch (src) {
    case SRC_BINANCE: return &binance_adapter;
    case SRC_BYBIT: return &bybit_adapter;
    case SRC_OKX: return &okx_adapter;
    case SRC_GATE: return &gate_adapter;
    case SRC_HYPERLIQUID: return &hyperliquid_adapter;
    case SRC_FEARGREED: return &feargreed_adapter;
    case SRC_COINGECKO: return &coingecko_adapter;
    default: return 0; /* stream sources have no REST adapter */
    }
}
