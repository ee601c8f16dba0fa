/* fetch: poll scheduler, budgets, backoff and source health (see fetch.h).
 *
 * Two clocks: scheduling uses the monotonic loop_now_ms (immune to wall
 * clock jumps); everything stored or reported (model time, health
 * timestamps, journal) uses the wall clock loop_wall_ms, which DESIGN.md
 * lets the fetch layer read. */
#include "liqtop/fetch.h"

#include "liqtop/http.h"
#include "liqtop/loop.h"
#include "liqtop/text.h"

#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* snprintf that truncates on purpose (messages have fixed buffers). */
static void msgf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void msgf(char *dst, size_t n, const char *fmt, ...)
{
    if (!n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

#define RETRY_CAP_MS 60000        /* transient failures: longest wait */
#define CLIENT_RETRY_BASE_MS 30000 /* other 4xx: first wait, doubling */
#define CLIENT_RETRY_CAP_MS 300000
#define RL_BASE_S 30.0          /* 429 without Retry-After: first hold, doubling */
#define RL_CAP_S 600.0
#define BAN_BASE_S 120.0        /* 418 without Retry-After */
#define BAN_CAP_S 3600.0
#define RETRY_AFTER_MAX_S 259200.0 /* binance bans last at most 3 days */
#define SLOW_MAX 8.0
#define TICK_MAX_MS 1000        /* health and requests/min refresh at least this often */

struct job {
    struct fetch *f;
    enum source_id src;
    const struct endpoint *ep;
    char sym[SYM_MAX]; /* "" unless per symbol */
    int per_symbol;
    int slot, nslots; /* position among the endpoint's per-symbol jobs */
    int spread_done;
    int64_t period_ms;
    int64_t next_due; /* monotonic ms */
    int64_t started;
    struct source_request req; /* of the attempt in flight or the last one */
    int in_flight;
    int done_once; /* answered or failed at least once */
    int ok_once;
    int fails;     /* consecutive */
    int failing;   /* latest attempt failed */
    int client_err; /* ... with a 400/404 on a per-symbol request */
};

struct src_state {
    const struct venue_adapter *a;
    int enabled; /* REST source, enabled, with an adapter */
    char base[256];
    size_t j0, j1; /* its jobs: f->jobs[j0..j1) */
    double capacity, tokens, rate_per_ms, slow;
    int64_t tokens_at;
    int64_t hold_until; /* monotonic; rate-limit hold */
    /* monotonic: the host could not be resolved or connected to, which no
     * endpoint of it escapes, so nothing is sent before the failed request's
     * retry time (0: reachable). Without it every job retried on its own
     * backoff: 200 doomed requests per venue in the first 3 minutes offline. */
    int64_t unreachable_until;
    int unreachable_strikes; /* failures in a row of that kind: the wait doubles */
    char hold_msg[160];
    int rl_strikes;
    int64_t last_rl;
    int in_flight;
    int64_t stale_after_ms;
    int64_t last_ok_mono; /* 0: never */
    int64_t rpm_sec[60];
    uint32_t rpm_cnt[60];
    struct fetch_stats st;
};

struct fetch {
    struct loop *loop;
    struct store *store;
    struct fetch_cfg cfg;
    struct http *http;
    char (*syms)[SYM_MAX];
    const char **sym_ptrs;
    size_t n_syms;
    struct job *jobs;
    size_t n_jobs;
    struct src_state src[SRC_COUNT];
    struct fetch_callbacks cb;
    long tick_id;
    int started;
    uint64_t rng;
    struct recs recs; /* reused between responses */
};

void fetch_cfg_default(struct fetch_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->interval_s = 5.0;
    cfg->allow_insecure_http = 0;
    cfg->connect_timeout_s = 10.0;
    cfg->timeout_s = 15.0;
    cfg->max_body_mib = 8.0;
    cfg->max_in_flight = 3;
    cfg->budget_scale = 1.0;
    cfg->retry_base_s = 1.0;
    for (int s = 0; s < SRC_COUNT; s++)
        cfg->enabled[s] = !source_is_stream((enum source_id)s);
}

const struct cfg_key fetch_cfg_keys[] = {
    {"allow_insecure_http", CFG_BOOL, offsetof(struct fetch_cfg, allow_insecure_http), 0, 1, 0,
     NULL, "allow plain http to hosts other than loopback (yes/no; https is always verified)"},
    {"connect_timeout", CFG_DOUBLE, offsetof(struct fetch_cfg, connect_timeout_s), 0.5, 60, 0,
     NULL, "TCP and TLS connect timeout, seconds"},
    {"timeout", CFG_DOUBLE, offsetof(struct fetch_cfg, timeout_s), 1, 120, 0, NULL,
     "whole-request timeout, seconds"},
    {"max_body_mib", CFG_DOUBLE, offsetof(struct fetch_cfg, max_body_mib), 0.01, 256, 0, NULL,
     "largest response accepted, MiB (decoded)"},
    {"max_in_flight", CFG_INT, offsetof(struct fetch_cfg, max_in_flight), 1, 16, 0, NULL,
     "requests in flight per venue at most"},
    {"budget_scale", CFG_DOUBLE, offsetof(struct fetch_cfg, budget_scale), 0.05, 1, 0, NULL,
     "fraction of each venue's request budget to use (lower it when sharing an IP)"},
};
const size_t fetch_cfg_n_keys = sizeof fetch_cfg_keys / sizeof fetch_cfg_keys[0];

/* ---- small helpers ---- */

static double rnd01(struct fetch *f)
{
    /* xorshift64*: jitter only, not security */
    f->rng ^= f->rng >> 12;
    f->rng ^= f->rng << 25;
    f->rng ^= f->rng >> 27;
    return (double)((f->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static int64_t period_of(const struct fetch *f, const struct endpoint *ep)
{
    double s = ep->period_s > 0 ? (double)ep->period_s : f->cfg.interval_s;
    int64_t ms = (int64_t)(s * 1000.0);
    return ms > 50 ? ms : 50;
}

static void rpm_note(struct src_state *st, int64_t now)
{
    int64_t sec = now / 1000;
    int slot = (int)(sec % 60);
    if (st->rpm_sec[slot] != sec) {
        st->rpm_sec[slot] = sec;
        st->rpm_cnt[slot] = 0;
    }
    st->rpm_cnt[slot]++;
}

static double rpm_value(const struct src_state *st, int64_t now)
{
    int64_t sec = now / 1000;
    uint32_t n = 0;
    for (int i = 0; i < 60; i++)
        if (st->rpm_cnt[i] && sec - st->rpm_sec[i] < 60)
            n += st->rpm_cnt[i];
    return (double)n;
}

static void kick(struct fetch *f)
{
    if (f->tick_id > 0)
        loop_timer_set(f->loop, f->tick_id, 0);
}

static void set_error(struct fetch *f, enum source_id s, const char *msg)
{
    struct source_health *h = &f->store->health[s];
    text_sanitize(h->last_error, sizeof h->last_error, msg, strlen(msg));
}

/* ---- health ---- */

static void health_update(struct fetch *f, enum source_id s, int64_t now)
{
    struct src_state *st = &f->src[s];
    struct source_health *h = &f->store->health[s];
    h->requests_per_min = rpm_value(st, now);
    enum health_state ns;
    size_t failing = 0, hard = 0, ok = 0, n = st->j1 - st->j0;
    for (size_t i = st->j0; i < st->j1; i++) {
        const struct job *j = &f->jobs[i];
        failing += j->failing;
        hard += j->failing && !j->client_err;
        ok += j->ok_once;
    }
    if (!st->enabled)
        ns = HEALTH_DISABLED;
    else if (st->hold_until > now || hard || (n && failing == n))
        ns = HEALTH_DOWN;
    else if (!ok)
        ns = h->state == HEALTH_DISABLED ? HEALTH_UNKNOWN : h->state;
    else if (now - st->last_ok_mono > st->stale_after_ms)
        ns = HEALTH_STALE;
    else
        ns = HEALTH_OK;
    if (ns == h->state)
        return;
    enum health_state old = h->state;
    h->state = ns;
    char reason[200];
    switch (ns) {
    case HEALTH_DOWN:
        text_copy(reason, sizeof reason, h->last_error);
        break;
    case HEALTH_STALE:
        msgf(reason, sizeof reason, "no answer for %.0f s",
                 (double)(now - st->last_ok_mono) / 1000.0);
        break;
    case HEALTH_OK:
        text_copy(reason, sizeof reason,
                  old == HEALTH_UNKNOWN ? "first answer" : "answering again");
        break;
    default:
        reason[0] = '\0';
    }
    if (f->cb.on_health)
        f->cb.on_health(f->cb.user, s, old, ns, reason);
}

/* ---- outcomes ---- */

enum fail_kind { FAIL_TRANSIENT, FAIL_CLIENT };

/* The wait after the n-th failure in a row (n >= 1): base doubling up to
 * cap, +-25 % jitter so clients that failed together do not retry together. */
static double backoff_ms(struct fetch *f, int n, double base, double cap)
{
    int shift = n - 1 < 16 ? n - 1 : 16;
    double d = base * (double)(1 << shift);
    if (d > cap)
        d = cap;
    return d * (0.75 + 0.5 * rnd01(f));
}

/* A hold (rate limit) or an unreachable host answers every request of the
 * source for --once: none of them would get another answer before it ends. */
static void answer_all_for_once(struct fetch *f, const struct src_state *st)
{
    for (size_t i = st->j0; i < st->j1; i++)
        f->jobs[i].done_once = 1;
}

static void job_failed(struct fetch *f, struct job *j, enum fail_kind kind, int status,
                       const char *msg, int64_t now)
{
    struct src_state *st = &f->src[j->src];
    struct source_health *h = &f->store->health[j->src];
    j->fails++;
    j->failing = 1;
    j->done_once = 1;
    j->client_err = kind == FAIL_CLIENT && j->per_symbol && (status == 400 || status == 404);
    double d = kind == FAIL_CLIENT ? backoff_ms(f, j->fails, CLIENT_RETRY_BASE_MS, CLIENT_RETRY_CAP_MS)
                                   : backoff_ms(f, j->fails, f->cfg.retry_base_s * 1000.0,
                                                RETRY_CAP_MS);
    j->next_due = now + (int64_t)d;
    st->st.failures++;
    h->errors++;
    h->last_err_ms = loop_wall_ms();
    h->retry_at_ms = h->last_err_ms + (int64_t)d;
    set_error(f, j->src, msg);
}

static void rate_limited(struct fetch *f, struct job *j, int status, double retry_after_s,
                         int in_body, int64_t now)
{
    struct src_state *st = &f->src[j->src];
    struct source_health *h = &f->store->health[j->src];
    /* Answers to requests that were in flight together are one event: only
     * a limit that comes after the hold has run out is a repeat (else three
     * parallel 429s would hold 30 s * 4 and cut the budget to 1/8). */
    int repeat = st->hold_until <= now;
    if (repeat || st->rl_strikes == 0)
        st->rl_strikes++;
    st->last_rl = now;
    st->st.rate_limited++;
    int shift = st->rl_strikes - 1 < 16 ? st->rl_strikes - 1 : 16;
    double hold;
    if (retry_after_s >= 0) {
        hold = retry_after_s < 1 ? 1 : retry_after_s;
        if (hold > RETRY_AFTER_MAX_S)
            hold = RETRY_AFTER_MAX_S;
    } else if (status == 418) {
        hold = BAN_BASE_S * (double)(1 << shift);
        if (hold > BAN_CAP_S)
            hold = BAN_CAP_S;
    } else {
        hold = RL_BASE_S * (double)(1 << shift);
        if (hold > RL_CAP_S)
            hold = RL_CAP_S;
    }
    int64_t until = now + (int64_t)(hold * 1000.0);
    if (until > st->hold_until)
        st->hold_until = until;
    if (repeat)
        st->slow = st->slow * 2 > SLOW_MAX ? SLOW_MAX : st->slow * 2;
    st->tokens = 0;
    st->tokens_at = now;
    char msg[160];
    double secs = ceil((double)(st->hold_until - now) / 1000.0);
    if (in_body)
        msgf(msg, sizeof msg,
             "rate limited (venue error code in an HTTP %d answer), retry in %.0f s",
             status, secs);
    else if (status == 418)
        msgf(msg, sizeof msg, "HTTP 418 (IP banned by the venue), retry in %.0f s", secs);
    else if (status == 403)
        msgf(msg, sizeof msg, "HTTP 403 (rate limit), retry in %.0f s", secs);
    else
        msgf(msg, sizeof msg, "HTTP %d, retry in %.0f s", status, secs);
    text_copy(st->hold_msg, sizeof st->hold_msg, msg);
    j->fails++;
    j->failing = 1;
    j->client_err = 0;
    answer_all_for_once(f, st);
    if (j->next_due < st->hold_until)
        j->next_due = st->hold_until;
    st->st.failures++;
    h->errors++;
    h->last_err_ms = loop_wall_ms();
    h->retry_at_ms = h->last_err_ms + (st->hold_until - now);
    set_error(f, j->src, msg);
}

static void job_ok(struct fetch *f, struct job *j, const struct http_result *res, int64_t now,
                   int64_t wall)
{
    struct src_state *st = &f->src[j->src];
    struct source_health *h = &f->store->health[j->src];
    j->fails = 0;
    j->failing = 0;
    j->client_err = 0;
    j->ok_once = 1;
    j->done_once = 1;
    st->unreachable_until = 0;
    st->unreachable_strikes = 0;
    j->next_due = j->started + j->period_ms;
    if (j->per_symbol && !j->spread_done && j->nslots > 1) {
        /* spread this endpoint's per-symbol requests over its period */
        j->next_due += j->period_ms * j->slot / j->nslots;
        j->spread_done = 1;
    }
    st->last_ok_mono = now;
    if (st->last_rl && now - st->last_rl > 60000) {
        st->rl_strikes = 0;
        st->slow = st->slow * 0.9 < 1 ? 1 : st->slow * 0.9;
    }
    h->last_ok_ms = wall;
    h->latency_ms = res->latency_ms;
}

static int looks_html(const struct http_result *res)
{
    if (strstr(res->content_type, "html"))
        return 1;
    size_t i = 0;
    while (i < res->len && (res->body[i] == ' ' || res->body[i] == '\n' || res->body[i] == '\r' ||
                            res->body[i] == '\t'))
        i++;
    return i < res->len && res->body[i] == '<';
}

static void on_done(void *user, const struct http_result *res)
{
    struct job *j = user;
    struct fetch *f = j->f;
    struct src_state *st = &f->src[j->src];
    struct source_health *h = &f->store->health[j->src];
    const struct venue_adapter *a = st->a;
    int64_t now = loop_now_ms(), wall = loop_wall_ms();
    const char *kind = j->req.kind[0] ? j->req.kind : j->ep->kind;
    char msg[200];
    j->in_flight = 0;
    st->in_flight--;
    h->bytes += res->bytes;
    st->st.bytes += res->bytes;
    if (res->err != HTTP_OK) {
        job_failed(f, j, FAIL_TRANSIENT, 0, res->error, now);
        if (res->err == HTTP_ERR_RESOLVE || res->err == HTTP_ERR_CONNECT) {
            /* the source's own backoff, not the job's: every job of it
             * takes a turn at failing, and a job's first failure waits 1 s */
            st->unreachable_strikes++;
            double d = backoff_ms(f, st->unreachable_strikes, f->cfg.retry_base_s * 1000.0,
                                  RETRY_CAP_MS);
            if (now + (int64_t)d > st->unreachable_until)
                st->unreachable_until = now + (int64_t)d;
            if (j->next_due < st->unreachable_until)
                j->next_due = st->unreachable_until;
            h->retry_at_ms = wall + (st->unreachable_until - now);
            answer_all_for_once(f, st);
        }
        goto out;
    }
    st->st.responses++;
    if (f->cb.on_response)
        f->cb.on_response(f->cb.user, wall, j->src, kind, j->req.sym, res->status, res->body,
                          res->len);
    int status = res->status;
    const char *sym_note = j->per_symbol ? j->sym : "";
    const char *sep = j->per_symbol ? " " : "";
    if (status == 429 || status == 418 || (status == 403 && j->src == SRC_BYBIT)) {
        rate_limited(f, j, status, res->retry_after_s, 0, now);
    } else if (status >= 200 && status < 300) {
        if (a->rate_limited && a->rate_limited(res->body, res->len)) {
            rate_limited(f, j, status, res->retry_after_s, 1, now);
            goto out;
        }
        struct store_contracts cz;
        struct parse_ctx ctx;
        parse_ctx_from_store(&ctx, &cz, f->store, source_venue(j->src), f->sym_ptrs, f->n_syms,
                             j->per_symbol ? j->sym : NULL);
        char perr[160];
        perr[0] = '\0';
        recs_clear(&f->recs);
        if (res->len == 0) {
            msgf(msg, sizeof msg, "%s%s%s: empty response (HTTP %d)", kind, sep, sym_note,
                     status);
            job_failed(f, j, FAIL_TRANSIENT, status, msg, now);
        } else if (a->parse(kind, res->body, res->len, &ctx, &f->recs, perr, sizeof perr) != 0) {
            if (looks_html(res))
                msgf(msg, sizeof msg,
                         "%s%s%s: got an HTML page instead of JSON (captive portal or CDN error?)",
                         kind, sep, sym_note);
            else {
                const char *pe = source_error_detail(kind, perr);
                msgf(msg, sizeof msg, "%s%s%s: %s", kind, sep, sym_note,
                         pe[0] ? pe : "parse error");
            }
            job_failed(f, j, FAIL_TRANSIENT, status, msg, now);
        } else {
            store_apply(f->store, source_venue(j->src), &f->recs, wall);
            job_ok(f, j, res, now, wall);
            health_update(f, j->src, now);
            if (f->cb.on_update)
                f->cb.on_update(f->cb.user, j->src, wall);
            goto out;
        }
    } else {
        const char *txt = http_status_text(status);
        if (status == 403)
            txt = "Forbidden (blocked in this region?)";
        else if (status == 451)
            txt = "Unavailable For Legal Reasons (restricted location)";
        msgf(msg, sizeof msg, "%s%s%s: HTTP %d%s%s", kind, sep, sym_note, status,
                 txt[0] ? " " : "", txt);
        int transient = status >= 500 || status == 408 || status < 200;
        job_failed(f, j, transient ? FAIL_TRANSIENT : FAIL_CLIENT, status, msg, now);
    }
out:
    health_update(f, j->src, now);
    kick(f);
}

/* ---- dispatch ---- */

static void refill(struct src_state *st, int64_t now)
{
    if (now > st->tokens_at) {
        st->tokens += (double)(now - st->tokens_at) * st->rate_per_ms / st->slow;
        if (st->tokens > st->capacity)
            st->tokens = st->capacity;
        st->tokens_at = now;
    }
}

static void start_job(struct fetch *f, struct job *j, int64_t now)
{
    struct src_state *st = &f->src[j->src];
    struct source_health *h = &f->store->health[j->src];
    memset(&j->req, 0, sizeof j->req);
    if (j->ep->build(j->per_symbol ? j->sym : NULL, loop_wall_ms(), &j->req) != 0) {
        /* the venue lost this market since we started: try again next period */
        j->done_once = 1;
        j->next_due = now + j->period_ms;
        return;
    }
    char url[800];
    msgf(url, sizeof url, "%s%s", st->base, j->req.path);
    struct http_request hr = {url, j->req.body};
    j->started = now;
    j->in_flight = 1;
    st->in_flight++;
    st->st.requests++;
    h->requests++;
    rpm_note(st, now);
    char err[300];
    if (http_submit(f->http, &hr, on_done, j, err, sizeof err) < 0) {
        j->in_flight = 0;
        st->in_flight--;
        job_failed(f, j, FAIL_CLIENT, 0, err, now);
        health_update(f, j->src, now);
    }
}

/* 1 while some `first` endpoint of the source (contract sizes) has not
 * answered or failed yet: the others wait for it. */
static int waiting_for_first(const struct fetch *f, const struct src_state *st)
{
    for (size_t i = st->j0; i < st->j1; i++)
        if (f->jobs[i].ep->first && !f->jobs[i].done_once)
            return 1;
    return 0;
}

/* 1 if job j goes before job b. All-symbol endpoints (the prices of every
 * market in one call) go before per-symbol ones, so a long symbol list with
 * heavy per-symbol requests (depth) cannot starve the prices; oldest first
 * within each. But a per-symbol job that has waited a whole interval longer
 * than the all-symbol one goes first: when the budget fits only the
 * all-symbol calls (a short --interval, or the budget halved after a 429)
 * the per-symbol ones would otherwise never run, and a source whose
 * per-symbol request had failed would stay down for good. */
static int goes_before(const struct fetch *f, const struct job *j, const struct job *b)
{
    if (j->per_symbol == b->per_symbol)
        return j->next_due < b->next_due;
    const struct job *all = j->per_symbol ? b : j, *per = j->per_symbol ? j : b;
    int64_t grace = (int64_t)(f->cfg.interval_s * 1000.0);
    int per_first = per->next_due < all->next_due - grace;
    return j == per ? per_first : !per_first;
}

static struct job *next_job(struct fetch *f, const struct src_state *st, int64_t now)
{
    struct job *best = NULL;
    int only_first = waiting_for_first(f, st);
    for (size_t i = st->j0; i < st->j1; i++) {
        struct job *j = &f->jobs[i];
        if (j->in_flight || j->next_due > now || (only_first && !j->ep->first))
            continue;
        if (!best || goes_before(f, j, best))
            best = j;
    }
    return best;
}

static void dispatch(struct fetch *f, int64_t now)
{
    for (int s = 0; s < SRC_COUNT; s++) {
        struct src_state *st = &f->src[s];
        if (!st->enabled || st->hold_until > now || st->unreachable_until > now)
            continue;
        refill(st, now);
        while (st->in_flight < f->cfg.max_in_flight) {
            struct job *j = next_job(f, st, now);
            if (!j)
                break;
            double w = j->ep->weight > 0 ? (double)j->ep->weight : 0.0;
            if (w > st->tokens)
                break; /* wait for the bucket: keeps to the budget, oldest first */
            st->tokens -= w;
            start_job(f, j, now);
        }
    }
}

static int64_t next_wake(struct fetch *f, int64_t now)
{
    int64_t w = TICK_MAX_MS;
    for (int s = 0; s < SRC_COUNT; s++) {
        struct src_state *st = &f->src[s];
        if (!st->enabled)
            continue;
        int64_t gate = st->hold_until > st->unreachable_until ? st->hold_until
                                                              : st->unreachable_until;
        if (gate > now) {
            if (gate - now < w)
                w = gate - now;
            continue;
        }
        if (st->in_flight >= f->cfg.max_in_flight)
            continue; /* a completion kicks us */
        struct job *j = NULL;
        int only_first = waiting_for_first(f, st);
        for (size_t i = st->j0; i < st->j1; i++) {
            struct job *c = &f->jobs[i];
            if (only_first && !c->ep->first)
                continue; /* the answer of the first endpoint kicks us */
            if (!c->in_flight && (!j || c->next_due < j->next_due))
                j = c;
        }
        if (!j)
            continue;
        int64_t d = j->next_due - now;
        double need = (double)(j->ep->weight > 0 ? j->ep->weight : 0) - st->tokens;
        if (need > 0 && st->rate_per_ms > 0) {
            int64_t tw = (int64_t)ceil(need * st->slow / st->rate_per_ms);
            if (tw > d)
                d = tw;
        }
        if (d < w)
            w = d;
    }
    return w < 1 ? 1 : w;
}

static int64_t on_tick(struct loop *l, void *user)
{
    (void)l;
    struct fetch *f = user;
    int64_t now = loop_now_ms();
    dispatch(f, now);
    for (int s = 0; s < SRC_COUNT; s++) {
        struct src_state *st = &f->src[s];
        if (!st->enabled)
            continue;
        if (st->hold_until && st->hold_until <= now) {
            st->hold_until = 0;
            st->tokens_at = now;
        }
        health_update(f, (enum source_id)s, now);
    }
    return next_wake(f, now);
}

/* ---- setup ---- */

static int check_base(const struct fetch *f, enum source_id s, char *err, size_t errn)
{
    const struct src_state *st = &f->src[s];
    char url[300], why[400];
    msgf(url, sizeof url, "%s/", st->base);
    if (http_check_url(url, f->cfg.allow_insecure_http, why, sizeof why) != 0) {
        msgf(err, errn, "%s: %s", source_name(s), why);
        return -1;
    }
    return 0;
}

static void set_source(struct fetch *f, enum source_id s, const struct venue_adapter *a)
{
    struct src_state *st = &f->src[s];
    st->a = a;
    st->enabled = a && f->cfg.enabled[s] && !source_is_stream(s);
    const char *base = f->cfg.base_url[s][0] ? f->cfg.base_url[s] : (a ? a->default_base : "");
    text_copy(st->base, sizeof st->base, base ? base : "");
    size_t n = strlen(st->base);
    while (n && st->base[n - 1] == '/')
        st->base[--n] = '\0';
}

struct fetch *fetch_new(struct loop *loop, struct store *store, const struct fetch_cfg *cfg,
                        const char *const *symbols, size_t n, char *err, size_t errn)
{
    struct fetch *f = calloc(1, sizeof *f);
    if (!f) {
        msgf(err, errn, "out of memory");
        return NULL;
    }
    f->loop = loop;
    f->store = store;
    f->cfg = *cfg;
    if (f->cfg.max_in_flight < 1)
        f->cfg.max_in_flight = 1;
    if (!(f->cfg.interval_s > 0))
        f->cfg.interval_s = 5.0;
    if (!(f->cfg.budget_scale > 0))
        f->cfg.budget_scale = 1.0;
    if (!(f->cfg.retry_base_s > 0))
        f->cfg.retry_base_s = 1.0;
    f->rng = (uint64_t)loop_now_ms() * 0x9E3779B97F4A7C15ULL ^ (uint64_t)getpid() ^ 0x5bd1e995;
    if (!f->rng)
        f->rng = 1;
    recs_init(&f->recs);
    f->syms = n ? calloc(n, sizeof *f->syms) : NULL;
    f->sym_ptrs = n ? calloc(n, sizeof *f->sym_ptrs) : NULL;
    if (n && (!f->syms || !f->sym_ptrs)) {
        msgf(err, errn, "out of memory");
        fetch_free(f);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        text_copy(f->syms[i], SYM_MAX, symbols[i]);
        f->sym_ptrs[i] = f->syms[i];
    }
    f->n_syms = n;
    for (int s = 0; s < SRC_COUNT; s++) {
        set_source(f, (enum source_id)s, cfg->adapters[s]);
        if (f->src[s].enabled && check_base(f, (enum source_id)s, err, errn) != 0) {
            fetch_free(f);
            return NULL;
        }
    }
    struct http_cfg hc;
    http_cfg_default(&hc);
    hc.connect_timeout_ms = (long)(f->cfg.connect_timeout_s * 1000.0);
    hc.timeout_ms = (long)(f->cfg.timeout_s * 1000.0);
    hc.max_body = (size_t)(f->cfg.max_body_mib * 1048576.0);
    hc.allow_insecure_http = f->cfg.allow_insecure_http;
    f->http = http_new(loop, &hc, err, errn);
    if (!f->http) {
        fetch_free(f);
        return NULL;
    }
    return f;
}

void fetch_free(struct fetch *f)
{
    if (!f)
        return;
    if (f->tick_id > 0)
        loop_timer_del(f->loop, f->tick_id);
    http_free(f->http);
    recs_done(&f->recs);
    free(f->jobs);
    free(f->syms);
    free(f->sym_ptrs);
    free(f);
}

void fetch_set_callbacks(struct fetch *f, const struct fetch_callbacks *cb)
{
    if (cb)
        f->cb = *cb;
    else
        memset(&f->cb, 0, sizeof f->cb);
}

void fetch_set_adapter(struct fetch *f, enum source_id src, const struct venue_adapter *a)
{
    if ((int)src < 0 || src >= SRC_COUNT || f->started)
        return;
    set_source(f, src, a);
}

static int build_jobs(struct fetch *f, char *err, size_t errn)
{
    size_t cap = 0;
    for (int s = 0; s < SRC_COUNT; s++) {
        const struct src_state *st = &f->src[s];
        if (!st->enabled)
            continue;
        for (size_t e = 0; e < st->a->n_endpoints; e++)
            cap += st->a->endpoints[e].per_symbol ? f->n_syms : 1;
    }
    f->jobs = cap ? calloc(cap, sizeof *f->jobs) : NULL;
    if (cap && !f->jobs) {
        msgf(err, errn, "out of memory");
        return -1;
    }
    int64_t now = loop_now_ms(), wall = loop_wall_ms();
    for (int s = 0; s < SRC_COUNT; s++) {
        struct src_state *st = &f->src[s];
        st->j0 = st->j1 = f->n_jobs;
        if (!st->enabled)
            continue;
        int64_t min_period = 0;
        double maxw = 1;
        for (size_t e = 0; e < st->a->n_endpoints; e++) {
            const struct endpoint *ep = &st->a->endpoints[e];
            int64_t p = period_of(f, ep);
            if (!min_period || p < min_period)
                min_period = p;
            if (ep->weight > maxw)
                maxw = ep->weight;
            size_t first = f->n_jobs;
            size_t count = ep->per_symbol ? f->n_syms : 1;
            for (size_t k = 0; k < count; k++) {
                struct source_request req;
                memset(&req, 0, sizeof req);
                const char *sym = ep->per_symbol ? f->syms[k] : NULL;
                if (!ep->build || ep->build(sym, wall, &req) != 0)
                    continue; /* no market for this symbol here */
                struct job *j = &f->jobs[f->n_jobs++];
                j->f = f;
                j->src = (enum source_id)s;
                j->ep = ep;
                j->per_symbol = ep->per_symbol;
                if (sym)
                    text_copy(j->sym, sizeof j->sym, sym);
                j->period_ms = p;
                j->next_due = now;
            }
            for (size_t i = first; i < f->n_jobs; i++) {
                f->jobs[i].slot = (int)(i - first);
                f->jobs[i].nslots = (int)(f->n_jobs - first);
            }
        }
        st->j1 = f->n_jobs;
        int64_t stale = (int64_t)(3.0 * f->cfg.interval_s * 1000.0);
        st->stale_after_ms = 2 * min_period > stale ? 2 * min_period : stale;
        double per_min = st->a->weight_per_min > 0 ? st->a->weight_per_min : 60.0;
        per_min *= f->cfg.budget_scale;
        st->rate_per_ms = per_min / 60000.0;
        st->capacity = per_min / 4.0 > maxw ? per_min / 4.0 : maxw;
        st->tokens = st->capacity;
        st->tokens_at = now;
        st->slow = 1.0;
        st->st.jobs = st->j1 - st->j0;
    }
    return 0;
}

int fetch_start(struct fetch *f)
{
    char err[300];
    if (f->started)
        return 0;
    for (int s = 0; s < SRC_COUNT; s++) {
        if (f->src[s].enabled && check_base(f, (enum source_id)s, err, sizeof err) != 0) {
            f->src[s].enabled = 0;
            set_error(f, (enum source_id)s, err);
        }
    }
    if (build_jobs(f, err, sizeof err) != 0)
        return -1;
    for (int s = 0; s < SRC_COUNT; s++) {
        if (source_is_stream((enum source_id)s))
            continue;
        if (!f->src[s].enabled)
            f->store->health[s].state = HEALTH_DISABLED;
    }
    f->tick_id = loop_timer_add(f->loop, 0, on_tick, f);
    if (f->tick_id < 0) {
        f->tick_id = 0;
        return -1;
    }
    f->started = 1;
    return 0;
}

void fetch_poll_now(struct fetch *f)
{
    int64_t now = loop_now_ms();
    for (size_t i = 0; i < f->n_jobs; i++)
        if (!f->jobs[i].in_flight && f->jobs[i].next_due > now)
            f->jobs[i].next_due = now;
    kick(f);
}

int fetch_first_round_done(const struct fetch *f)
{
    if (!f->started)
        return 0;
    for (size_t i = 0; i < f->n_jobs; i++)
        if (!f->jobs[i].done_once)
            return 0;
    return 1;
}

void fetch_get_stats(const struct fetch *f, enum source_id src, struct fetch_stats *out)
{
    memset(out, 0, sizeof *out);
    if ((int)src < 0 || src >= SRC_COUNT)
        return;
    *out = f->src[src].st;
    out->in_flight = (size_t)(f->src[src].in_flight > 0 ? f->src[src].in_flight : 0);
    out->jobs = f->src[src].j1 - f->src[src].j0;
}

double fetch_budget_per_min(const struct fetch *f, enum source_id src)
{
    if ((int)src < 0 || src >= SRC_COUNT || !f->src[src].enabled)
        return 0;
    return f->src[src].rate_per_ms * 60000.0 / f->src[src].slow;
}
