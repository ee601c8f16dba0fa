/* pricealert: the user's own price alerts, [alert.NAME] sections.
 *
 *   [alert.btc100k]
 *   symbol = BTC
 *   above = 100000          # or: below = 90000, or: change_pct = -5
 *   window = 3600           # seconds, for change_pct (default 3600)
 *   repeat = yes            # default no: fire once
 *   cooldown = 1800         # seconds between repeats (default 3600)
 *   severity = warn         # info, warn (default) or crit
 *
 * An alert fires when its condition becomes true: price crosses above
 * (below) the level, or the change over `window` reaches change_pct
 * (negative: falls at least that far; positive: rises at least that far).
 * The condition must first be seen false, so an alert set on the wrong side
 * of the market does not fire at start-up. A repeating alert re-arms once
 * the condition is false again and fires again no sooner than `cooldown`
 * after the last time. Alerts go through alerts_raise with kind "price",
 * the symbol, venue "" and a fresh episode per firing (so two price alerts
 * on one symbol never swallow each other in the alert cooldown). Pure. */
#ifndef LIQTOP_PRICEALERT_H
#define LIQTOP_PRICEALERT_H

#include "liqtop/alert.h"
#include "liqtop/store.h"

#include <stddef.h>
#include <stdint.h>

#define PRICEALERT_MAX 64
#define PRICEALERT_NAME_MAX 32

enum pricealert_op { PA_NONE = 0, PA_ABOVE, PA_BELOW, PA_CHANGE };

struct pricealert_def {
    char name[PRICEALERT_NAME_MAX];
    char sym[SYM_MAX];
    enum pricealert_op op;
    double level;     /* USD for above/below, % for change */
    double window_s;  /* change window */
    int repeat;
    double cooldown_s;
    enum alert_sev sev;
};

struct pricealert_cfg {
    struct pricealert_def def[PRICEALERT_MAX];
    size_t n;
};

/* Set one key of [alert.NAME] (the cfg_dynamic_fn contract: 0, or -1 with
 * err). The entry is created on its first key. */
int pricealert_cfg_set(struct pricealert_cfg *cfg, const char *name, const char *key,
                       const char *value, char *err, size_t errn);
/* Every alert complete (a symbol and one condition)? 0, or -1 with err
 * naming the section. */
int pricealert_cfg_check(const struct pricealert_cfg *cfg, char *err, size_t errn);

struct pricealert_state {
    int asset;        /* store index, -1 if the symbol is not tracked */
    int armed;        /* condition seen false since the last firing */
    int done;         /* a one-shot alert that fired */
    int64_t fired_ms; /* last firing, 0 if never */
    int64_t last_t;   /* newest price observation evaluated */
    uint32_t fired;   /* times fired */
};

/* Resolve symbols against the store; state[] has cfg->n entries. */
void pricealert_init(const struct pricealert_cfg *cfg, const struct store *s,
                     struct pricealert_state *state);
/* Evaluate every alert at now_ms (al may be NULL). episode_seq is the
 * model's counter. Returns the number fired. */
int pricealert_step(const struct pricealert_cfg *cfg, struct pricealert_state *state,
                    const struct store *s, struct alerts *al, uint64_t *episode_seq,
                    int64_t now_ms);

#endif
