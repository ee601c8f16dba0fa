/* alert: dedupe, episodes, history and sinks (see alert.h). */
#include "liqtop/alert.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SINKS 8

struct alerts {
    struct alerts_cfg cfg;
    struct alert *hist; /* ring, newest at head - 1 */
    size_t head, len;
    uint32_t next_id;
    uint64_t version;
    struct alert_sink sinks[MAX_SINKS];
    size_t n_sinks;
};

void alerts_cfg_default(struct alerts_cfg *cfg)
{
    cfg->cooldown_s = 900;
    cfg->history = 500;
}

struct alerts *alerts_new(const struct alerts_cfg *cfg)
{
    struct alerts *al = calloc(1, sizeof *al);
    if (!al)
        return NULL;
    al->cfg = *cfg;
    if (al->cfg.history < 1)
        al->cfg.history = 1;
    al->hist = calloc((size_t)al->cfg.history, sizeof *al->hist);
    if (!al->hist) {
        free(al);
        return NULL;
    }
    al->next_id = 1;
    return al;
}

void alerts_free(struct alerts *al)
{
    if (!al)
        return;
    free(al->hist);
    free(al);
}

int alerts_add_sink(struct alerts *al, struct alert_sink sink)
{
    if (al->n_sinks == MAX_SINKS)
        return -1;
    al->sinks[al->n_sinks++] = sink;
    return 0;
}

size_t alerts_count(const struct alerts *al)
{
    return al->len;
}

const struct alert *alerts_get(const struct alerts *al, size_t i)
{
    if (i >= al->len)
        return NULL;
    size_t cap = (size_t)al->cfg.history;
    return &al->hist[(al->head + cap - 1 - i) % cap];
}

static struct alert *get_mut(struct alerts *al, size_t i)
{
    size_t cap = (size_t)al->cfg.history;
    return i < al->len ? &al->hist[(al->head + cap - 1 - i) % cap] : NULL;
}

static int same_key(const struct alert *a, const struct alert *b)
{
    return strcmp(a->kind, b->kind) == 0 && strcmp(a->sym, b->sym) == 0 &&
           strcmp(a->venue, b->venue) == 0;
}

static void emit(struct alerts *al, const struct alert *a, int is_update)
{
    for (size_t i = 0; i < al->n_sinks; i++)
        al->sinks[i].emit(al->sinks[i].user, a, is_update);
}

int alerts_raise(struct alerts *al, const struct alert *in)
{
    int64_t cooldown_ms = (int64_t)(al->cfg.cooldown_s * 1000.0);
    if (in->episode) {
        /* an update of a running episode, wherever it sits in the history
         * (another episode of the same key may have opened since) */
        for (size_t i = 0; i < al->len; i++) {
            struct alert *h = get_mut(al, i);
            if (h->episode != in->episode || !same_key(h, in))
                continue;
            h->t_ms = in->t_ms;
            h->value = in->value;
            h->threshold = in->threshold;
            if (in->sev > h->sev) {
                h->sev = in->sev;
                h->acked = 0; /* an escalation needs attention again */
            }
            memcpy(h->msg, in->msg, sizeof h->msg);
            h->msg[sizeof h->msg - 1] = '\0';
            h->updates++;
            al->version++;
            emit(al, h, 1);
            return 2;
        }
        /* a new episode (a different, non-zero id) always gets through */
    } else {
        /* the newest alert of this key decides the cooldown */
        for (size_t i = 0; i < al->len; i++) {
            const struct alert *h = get_mut(al, i);
            if (!same_key(h, in))
                continue;
            if (in->t_ms - h->t_ms < cooldown_ms)
                return 0;
            break;
        }
    }
    size_t cap = (size_t)al->cfg.history;
    struct alert *slot = &al->hist[al->head];
    *slot = *in;
    slot->kind[sizeof slot->kind - 1] = '\0';
    slot->sym[sizeof slot->sym - 1] = '\0';
    slot->venue[sizeof slot->venue - 1] = '\0';
    slot->msg[sizeof slot->msg - 1] = '\0';
    slot->id = al->next_id++;
    slot->first_t_ms = in->t_ms;
    slot->updates = 0;
    slot->acked = 0;
    al->head = (al->head + 1) % cap;
    if (al->len < cap)
        al->len++;
    al->version++;
    emit(al, slot, 0);
    return 1;
}

size_t alerts_unacked(const struct alerts *al, size_t *crit)
{
    size_t n = 0, c = 0;
    for (size_t i = 0; i < al->len; i++) {
        const struct alert *a = alerts_get(al, i);
        if (!a->acked) {
            n++;
            c += a->sev == SEV_CRIT;
        }
    }
    if (crit)
        *crit = c;
    return n;
}

void alerts_ack_all(struct alerts *al)
{
    for (size_t i = 0; i < al->len; i++)
        get_mut(al, i)->acked = 1;
    al->version++;
}

uint64_t alerts_version(const struct alerts *al)
{
    return al->version;
}

const char *alert_sev_name(enum alert_sev sev)
{
    switch (sev) {
    case SEV_INFO: return "info";
    case SEV_WARN: return "warn";
    case SEV_CRIT: return "crit";
    }
    return "info";
}

int alert_sev_from_name(const char *name)
{
    for (int s = SEV_INFO; s <= SEV_CRIT; s++)
        if (name && strcmp(name, alert_sev_name((enum alert_sev)s)) == 0)
            return s;
    return -1;
}

/* Append to buf at *o; 0 ok, -1 when it does not fit. */
static int put(char *buf, size_t n, size_t *o, const char *s, size_t len)
{
    if (*o + len >= n)
        return -1;
    memcpy(buf + *o, s, len);
    *o += len;
    buf[*o] = '\0';
    return 0;
}

static int put_str(char *buf, size_t n, size_t *o, const char *s, size_t max)
{
    char clean[ALERT_MSG_MAX + 8];
    size_t len = text_sanitize(clean, sizeof clean, s, max);
    if (put(buf, n, o, "\"", 1))
        return -1;
    for (size_t i = 0; i < len; i++) {
        /* text_sanitize left printable ASCII only: just the two specials */
        if (clean[i] == '"' || clean[i] == '\\') {
            char esc[2] = {'\\', clean[i]};
            if (put(buf, n, o, esc, 2))
                return -1;
        } else if (put(buf, n, o, &clean[i], 1)) {
            return -1;
        }
    }
    return put(buf, n, o, "\"", 1);
}

static int put_num(char *buf, size_t n, size_t *o, double v)
{
    char tmp[40];
    if (!isfinite(v))
        return put(buf, n, o, "null", 4);
    int w = snprintf(tmp, sizeof tmp, "%.15g", v == 0 ? 0.0 : v); /* no "-0" */
    if (w <= 0 || (size_t)w >= sizeof tmp)
        return -1;
    /* JSON wants '.', whatever LC_NUMERIC says */
    for (int i = 0; i < w; i++)
        if (tmp[i] == ',')
            tmp[i] = '.';
    return put(buf, n, o, tmp, (size_t)w);
}

int alert_format_json(const struct alert *a, char *buf, size_t n)
{
    size_t o = 0;
    char t[32];
    if (!n)
        return -1;
    buf[0] = '\0';
    int w = snprintf(t, sizeof t, "{\"t\":%lld,\"kind\":", (long long)a->t_ms);
    int bad = w <= 0 || put(buf, n, &o, t, (size_t)w) || put_str(buf, n, &o, a->kind, sizeof a->kind) ||
              put(buf, n, &o, ",\"severity\":", 12) ||
              put_str(buf, n, &o, alert_sev_name(a->sev), 8) ||
              put(buf, n, &o, ",\"symbol\":", 10) || put_str(buf, n, &o, a->sym, sizeof a->sym) ||
              put(buf, n, &o, ",\"venue\":", 9) || put_str(buf, n, &o, a->venue, sizeof a->venue) ||
              put(buf, n, &o, ",\"value\":", 9) || put_num(buf, n, &o, a->value) ||
              put(buf, n, &o, ",\"threshold\":", 13) || put_num(buf, n, &o, a->threshold) ||
              put(buf, n, &o, ",\"msg\":", 7) || put_str(buf, n, &o, a->msg, sizeof a->msg) ||
              put(buf, n, &o, "}", 1);
    if (bad) {
        buf[0] = '\0';
        return -1;
    }
    return (int)o;
}
