/* app: wires sources -> store -> model -> presentation for one run.
 *
 * main parses the command line and calls app_run, which loads the config,
 * builds the store, picks the data source (simulator, journal replay, or
 * the live fetch layer) and the output (terminal UI, headless NDJSON,
 * --once --json, --dump-frame), runs the event loop, and restores the
 * terminal on every way out. */
#ifndef LIQTOP_APP_H
#define LIQTOP_APP_H

#include "liqtop/options.h"

/* The general settings ([general] section). */
struct general_cfg {
    double interval;   /* seconds; 0 = mode default (live 5, demo/replay 1) */
    char symbols[512]; /* "BTC,ETH,SOL,XRP,DOGE" */
    char theme[64];
    int color;         /* 0 = never use colour */
    int utf8;          /* 0 auto, 1 always, 2 never */
};

/* Run; returns the process exit status (0 ok, 1 runtime failure, 2 bad
 * usage or config). */
int app_run(const struct options *opt);

/* Demo market time starts here (2026-01-01T00:00:00Z) so runs repeat exactly. */
#define APP_DEMO_EPOCH_MS 1767225600000LL

#endif
