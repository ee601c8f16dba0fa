/* levels: support and resistance zones from 1h candles.
 *
 * Pure: closed 1h candles in, zones out; no clock, no I/O, no globals.
 *
 * How (each step is a setting in struct level_cfg, [levels] in the config):
 *  1. ATR: mean true range of the last atr_period 1h bars (USD).
 *  2. Pivots: a 1h bar whose low is lower than the lows of the pivot_n bars
 *     on each side is a pivot low (highs likewise); the same on 4h bars
 *     derived from the 1h ones (UTC-aligned 00:00, 04:00, ...), which count
 *     for more (weight_4h).
 *  3. Weaker levels: the previous UTC day's and ISO week's low and high, and
 *     round numbers near the last close (for BTC at 97,000: 95,000, and
 *     the rounder 90,000 and 100,000, which weigh more).
 *  4. All level points sorted by price and clustered greedily: a zone takes
 *     points while they lie within zone_atr x ATR of its lowest point. A
 *     zone is [lowest, highest] member price, widened symmetrically to at
 *     least min_width_atr x ATR.
 *  5. Strength in 0..1: 1 - exp(-score / score_scale), where score sums the
 *     members' weights: a pivot weighs its timeframe weight x a volume factor
 *     (bar volume / median volume, clamped to 0.5..2) x a recency factor
 *     (halving every half_life_h hours before the last candle); weak levels
 *     weigh their fixed weights. Touches count the pivots in a zone.
 *  6. A level price keeps cutting through is no level: each time the 1h
 *     closes change sides of the zone (a close above it, then a close below,
 *     or the reverse) is a crossing, weighted by recency like a pivot; the
 *     score is divided by 1 + cross_penalty x the crossings. A zone in the
 *     middle of a range fades; one that held stays strong.
 * Whether a zone is a support or a resistance depends only on where price is:
 * a zone whose middle is below the price supports it. */
#ifndef LIQTOP_LEVELS_H
#define LIQTOP_LEVELS_H

#include "liqtop/record.h"

#include <stddef.h>
#include <stdint.h>

#define LEVELS_MAX 32 /* zones kept per asset (the strongest) */

struct level_cfg {
    int pivot_n;          /* bars each side that a 1h pivot must beat */
    int pivot_n_4h;       /* the same on 4h bars */
    int atr_period;       /* 1h bars in the ATR */
    double zone_atr;      /* cluster reach, in ATR */
    double min_width_atr; /* minimum zone width, in ATR */
    double half_life_h;   /* recency: a pivot this many hours old weighs half */
    double weight_4h;     /* a 4h pivot's weight (a 1h pivot weighs 1) */
    double weight_day;    /* previous UTC day's low/high */
    double weight_week;   /* previous ISO week's low/high */
    double weight_round;  /* a round number (95,000 for BTC) */
    double weight_round_major; /* a rounder one (100,000, 90,000) */
    double round_range_pct; /* round numbers within this % of the last close */
    double score_scale;   /* strength = 1 - exp(-score / score_scale) */
    double cross_penalty; /* score / (1 + cross_penalty x recency-weighted crossings) */
    int max_zones;        /* keep this many strongest zones (<= LEVELS_MAX) */
};

void levels_cfg_default(struct level_cfg *cfg);

/* Where a zone's members came from (bit set). */
enum {
    LEVEL_PIVOT_1H = 1u << 0,
    LEVEL_PIVOT_4H = 1u << 1,
    LEVEL_PREV_DAY = 1u << 2,
    LEVEL_PREV_WEEK = 1u << 3,
    LEVEL_ROUND = 1u << 4,
};

struct level_zone {
    double lo, hi;      /* USD */
    double strength;    /* 0..1 */
    double score;       /* the sum behind strength */
    int touches;        /* pivots (1h and 4h) in the zone */
    int crossings;      /* times the 1h closes changed sides of it */
    unsigned sources;   /* LEVEL_* bits */
    int64_t last_ms;    /* open time of the newest pivot in it (0 for weak-only zones) */
};

struct level_set {
    struct level_zone zone[LEVELS_MAX]; /* sorted by lo, ascending */
    size_t n;
    double atr;            /* USD, NAN if too few candles */
    double last_close;     /* close of the newest candle used */
    int64_t last_t_ms;     /* open time of the newest candle used */
    uint32_t n_candles;    /* candles used */
};

/* Compute zones from n 1h candles sorted by open time (oldest first), all of
 * them closed. Fewer than 2 x pivot_n + 1 candles (or no valid ATR) give an
 * empty set with n = 0. Candles with NAN or non-positive prices are skipped.
 * Returns the number of zones. */
size_t levels_compute(const struct rec_candle *c, size_t n, const struct level_cfg *cfg,
                      struct level_set *out);

/* Nearest zone whose middle is below price (support), or above or at it
 * (resistance); NULL if none. */
const struct level_zone *levels_support_below(const struct level_set *ls, double price);
const struct level_zone *levels_resistance_above(const struct level_set *ls, double price);

/* The nearest round number below price as a weak zone of no width
 * (LEVEL_ROUND, cfg's round-number weights): the support shown once price
 * has fallen through every zone computed from the candles (a crash below the
 * round numbers near the last close). 0, or -1 if price is unusable. Not
 * used for break alerts: it was never a level the market traded at. */
int levels_round_below(double price, const struct level_cfg *cfg, struct level_zone *out);

/* Distance from price to the zone's near edge in % of price (0 when price is
 * inside the zone); NAN if either is unknown. */
double levels_distance_pct(const struct level_zone *z, double price);

/* "pivot 1h+4h, prev day" style description of z->sources into buf. */
const char *levels_sources_str(unsigned sources, char *buf, size_t n);

#endif
