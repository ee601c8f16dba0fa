/* pricealert: user price alerts from [alert.NAME] (see pricealert.h). */
#include "liqtop/pricealert.h"

#include "liqtop/config.h"
#include "liqtop/detect.h"
#include "liqtop/num.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_WINDOW_S (7 * 86400.0)

static int valid_name(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-') ||
            i + 1 >= PRICEALERT_NAME_MAX)
            return 0;
    }
    return i > 0;
}

static int parse_num(const char *key, const char *value, double lo, double hi, double *out,
                     char *err, size_t errn)
{
    double v;
    int st = num_parse(value, strlen(value), &v);
    if (st != NUM_OK) {
        text_errf(err, errn, "%s: '%.40s' is %s", key, value, num_status_str(st));
        return -1;
    }
    if (v < lo || v > hi) {
        text_errf(err, errn, "%s: %g is out of range [%g, %g]", key, v, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int pricealert_cfg_set(struct pricealert_cfg *cfg, const char *name, const char *key,
                       const char *value, char *err, size_t errn)
{
    if (!name || !valid_name(name)) {
        text_errf(err, errn, "[alert.%.40s]: the name must be 1-31 of A-Z a-z 0-9 _ -",
                name ? name : "");
        return -1;
    }
    struct pricealert_def *d = NULL;
    for (size_t i = 0; i < cfg->n; i++)
        if (strcmp(cfg->def[i].name, name) == 0)
            d = &cfg->def[i];
    if (!d) {
        if (cfg->n == PRICEALERT_MAX) {
            text_errf(err, errn, "[alert.%s]: more than %d price alerts", name, PRICEALERT_MAX);
            return -1;
        }
        d = &cfg->def[cfg->n];
        memset(d, 0, sizeof *d);
        text_copy(d->name, sizeof d->name, name);
        d->window_s = 3600;
        d->cooldown_s = 3600;
        d->sev = SEV_WARN;
        d->level = NAN;
        cfg->n++; /* kept even if this key is bad: a failed load discards the settings */
    }
    enum pricealert_op op = PA_NONE;
    double v;
    if (strcmp(key, "symbol") == 0) {
        char sym[SYM_MAX];
        if (strlen(value) >= sizeof sym) {
            text_errf(err, errn, "symbol: '%.40s' is too long", value);
            return -1;
        }
        text_copy(sym, sizeof sym, value);
        text_upper(sym);
        if (!text_is_symbol(sym)) {
            text_errf(err, errn, "symbol: '%.40s' is not a symbol (A-Z, 0-9)", value);
            return -1;
        }
        text_copy(d->sym, sizeof d->sym, sym);
        return 0;
    } else if (strcmp(key, "above") == 0) {
        op = PA_ABOVE;
    } else if (strcmp(key, "below") == 0) {
        op = PA_BELOW;
    } else if (strcmp(key, "change_pct") == 0) {
        op = PA_CHANGE;
    } else if (strcmp(key, "window") == 0) {
        return parse_num(key, value, 60, MAX_WINDOW_S, &d->window_s, err, errn);
    } else if (strcmp(key, "cooldown") == 0) {
        return parse_num(key, value, 0, MAX_WINDOW_S, &d->cooldown_s, err, errn);
    } else if (strcmp(key, "repeat") == 0) {
        int b = config_parse_bool(value);
        if (b < 0) {
            text_errf(err, errn, "repeat: '%.40s' is not yes or no", value);
            return -1;
        }
        d->repeat = b;
        return 0;
    } else if (strcmp(key, "severity") == 0) {
        int sv = alert_sev_from_name(value);
        if (sv < 0) {
            text_errf(err, errn, "severity: '%.40s' is not one of: info, warn, crit", value);
            return -1;
        }
        d->sev = (enum alert_sev)sv;
        return 0;
    } else {
        text_errf(err, errn,
                "unknown key '%.40s' in [alert.%s] (symbol, above, below, change_pct, window, "
                "repeat, cooldown, severity)",
                key, name);
        return -1;
    }
    if (d->op != PA_NONE && d->op != op) {
        text_errf(err, errn, "%s: [alert.%s] already has a condition (use one of above, below, "
                           "change_pct)", key, name);
        return -1;
    }
    if (op == PA_CHANGE) {
        if (parse_num(key, value, -99, 1000, &v, err, errn))
            return -1;
        if (v == 0) {
            text_errf(err, errn, "change_pct: must not be 0");
            return -1;
        }
    } else if (parse_num(key, value, 1e-12, 1e12, &v, err, errn)) {
        return -1;
    }
    d->op = op;
    d->level = v;
    return 0;
}

int pricealert_cfg_check(const struct pricealert_cfg *cfg, char *err, size_t errn)
{
    for (size_t i = 0; i < cfg->n; i++) {
        const struct pricealert_def *d = &cfg->def[i];
        if (!d->sym[0]) {
            text_errf(err, errn, "[alert.%s]: no symbol", d->name);
            return -1;
        }
        if (d->op == PA_NONE) {
            text_errf(err, errn, "[alert.%s]: needs one of above, below, change_pct", d->name);
            return -1;
        }
    }
    return 0;
}

void pricealert_init(const struct pricealert_cfg *cfg, const struct store *s,
                     struct pricealert_state *state)
{
    for (size_t i = 0; i < cfg->n; i++) {
        memset(&state[i], 0, sizeof state[i]);
        state[i].asset = s ? store_find(s, cfg->def[i].sym) : -1;
    }
}

static void window_str(char *buf, size_t n, double s)
{
    if (s >= 3600 && fmod(s, 3600) == 0)
        snprintf(buf, n, "%.0f h", s / 3600);
    else if (s >= 60 && fmod(s, 60) == 0)
        snprintf(buf, n, "%.0f min", s / 60);
    else
        snprintf(buf, n, "%.0f s", s);
}

int pricealert_step(const struct pricealert_cfg *cfg, struct pricealert_state *state,
                    const struct store *s, struct alerts *al, uint64_t *episode_seq,
                    int64_t now_ms)
{
    int fired = 0;
    for (size_t i = 0; i < cfg->n; i++) {
        const struct pricealert_def *d = &cfg->def[i];
        struct pricealert_state *st = &state[i];
        if (st->asset < 0 || st->done || d->op == PA_NONE)
            continue;
        int64_t t;
        double p;
        if (!series_last(&s->assets[st->asset].price, &t, &p) || !(p > 0))
            continue;
        st->last_t = t;
        double value = p, chg = NAN;
        int cond;
        if (d->op == PA_ABOVE) {
            cond = p > d->level;
        } else if (d->op == PA_BELOW) {
            cond = p < d->level;
        } else {
            double then = store_price_at(s, st->asset, now_ms - (int64_t)(d->window_s * 1000));
            if (!(then > 0))
                continue; /* not enough history: neither arms nor fires */
            chg = (p / then - 1) * 100;
            value = chg;
            cond = d->level < 0 ? chg <= d->level : chg >= d->level;
        }
        if (!cond) {
            st->armed = 1;
            continue;
        }
        if (!st->armed)
            continue;
        if (st->fired_ms && now_ms - st->fired_ms < (int64_t)(d->cooldown_s * 1000))
            continue;
        st->armed = 0;
        st->fired_ms = now_ms;
        st->fired++;
        if (!d->repeat)
            st->done = 1;
        fired++;
        uint64_t ep = ++*episode_seq;
        if (!al)
            continue;
        char px[32], lv[32], win[16];
        detect_fmt_price(px, sizeof px, p);
        struct alert a;
        memset(&a, 0, sizeof a);
        a.t_ms = now_ms;
        text_copy(a.kind, sizeof a.kind, "price");
        text_copy(a.sym, sizeof a.sym, d->sym);
        a.sev = d->sev;
        a.value = value;
        a.threshold = d->level;
        a.episode = ep;
        if (d->op == PA_CHANGE) {
            window_str(win, sizeof win, d->window_s);
            snprintf(a.msg, sizeof a.msg, "%s %+.1f %% in %s (alert %s, threshold %+g %%): %s",
                     d->sym, chg, win, d->name, d->level, px);
        } else {
            detect_fmt_price(lv, sizeof lv, d->level);
            snprintf(a.msg, sizeof a.msg, "%s %s %s: %s (alert %s)", d->sym,
                     d->op == PA_ABOVE ? "above" : "below", lv, px, d->name);
        }
        alerts_raise(al, &a);
    }
    return fired;
}
