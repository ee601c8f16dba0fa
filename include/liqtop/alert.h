/* alert: the one path every alert takes, from a detector to the sinks.
 *
 * A detector fills a struct alert and calls alerts_raise. The alert module
 * drops repeats (same kind, symbol and venue within the cooldown), folds
 * updates of a running episode into the alert that opened it (a cascade is one
 * alert whose value and severity grow, not one alert per minute), keeps a
 * bounded history for the UI, and hands new alerts to the sinks (headless
 * stdout, the alert log, the bell, a hook command). Time is the model time in
 * the alert; this module never reads a clock. */
#ifndef LIQTOP_ALERT_H
#define LIQTOP_ALERT_H

#include <stddef.h>
#include <stdint.h>

enum alert_sev { SEV_INFO = 0, SEV_WARN = 1, SEV_CRIT = 2 };

#define ALERT_KIND_MAX 24
#define ALERT_MSG_MAX 200

struct alert {
    int64_t t_ms;             /* model time it fired (or was last updated) */
    char kind[ALERT_KIND_MAX]; /* "support_break", "liq_cascade", ... */
    enum alert_sev sev;
    char sym[16];   /* "BTC"; "" for market-wide alerts */
    char venue[16]; /* "binance", "all", or "" */
    double value, threshold;
    char msg[ALERT_MSG_MAX];
    /* Detectors set episode != 0 for an ongoing condition: a later alert with
     * the same (kind, sym, venue, episode) updates the first one instead of
     * raising a new one. 0 = a one-off event. */
    uint64_t episode;
    /* Filled by the alert module. */
    uint32_t id;         /* sequence number, 1.. */
    int64_t first_t_ms;  /* when the episode opened */
    uint32_t updates;    /* how many times it was updated */
    int acked;
};

/* A sink sees each new alert once (is_update = 0), and each update of an
 * episode (is_update = 1) with the alert as it now stands. */
struct alert_sink {
    void (*emit)(void *user, const struct alert *a, int is_update);
    void *user;
};

struct alerts_cfg {
    double cooldown_s; /* same (kind, symbol, venue) again within this: dropped */
    int history;       /* alerts kept for the panel */
};

void alerts_cfg_default(struct alerts_cfg *cfg);

struct alerts;

struct alerts *alerts_new(const struct alerts_cfg *cfg);
void alerts_free(struct alerts *al);
/* Up to 8 sinks. 0 ok, -1 when full. */
int alerts_add_sink(struct alerts *al, struct alert_sink sink);
/* Returns 1 if raised as new, 2 if it updated an episode, 0 if dropped. */
int alerts_raise(struct alerts *al, const struct alert *a);
/* Alerts held, newest first: alerts_get(al, 0) is the latest. */
size_t alerts_count(const struct alerts *al);
const struct alert *alerts_get(const struct alerts *al, size_t i);
/* Number not yet acknowledged, and how many of those are crit. */
size_t alerts_unacked(const struct alerts *al, size_t *crit);
void alerts_ack_all(struct alerts *al);
/* Bumped on every change (for redraw decisions). */
uint64_t alerts_version(const struct alerts *al);
const char *alert_sev_name(enum alert_sev sev); /* "info", "warn", "crit" */
/* The inverse of alert_sev_name; -1 if the word is not a severity. */
int alert_sev_from_name(const char *name);

/* The alert as one NDJSON line (headless stdout and the alert log), without
 * the newline:
 *   {"t":ms,"kind":"..","severity":"..","symbol":"..","venue":"..",
 *    "value":n,"threshold":n,"msg":".."}
 * Numbers are JSON numbers (null for NAN or infinity); strings are
 * sanitized (text_sanitize) and JSON-escaped. Returns the length written, or
 * -1 if buf (n bytes) is too small (buf then holds "" when n > 0). 512 bytes
 * always suffice. */
int alert_format_json(const struct alert *a, char *buf, size_t n);

#endif
