/* app_replay: a journal as a data source (--replay FILE).
 *
 * Each line goes through the same parser as live, with the model's clock set
 * to the line's time, so a replay gives the same store, alerts and state as
 * the session that was recorded. A bad line is reported on stderr (never on
 * stdout, never over the UI: it becomes a notice) and skipped. */
#include "app_int.h"

#include "liqtop/source.h"
#include "liqtop/text.h"

#include <stdio.h>
#include <string.h>

int replay_open(struct app *a, char *err, size_t errn)
{
    a->reader = journal_reader_open(a->opt->replay_path, err, errn);
    if (!a->reader)
        return -1;
    recs_init(&a->replay_recs);
    /* health is what the journal shows: unknown until a source's first line */
    for (int s = 0; s < SRC_COUNT; s++)
        a->store->health[s].state = HEALTH_UNKNOWN;
    return 0;
}

void replay_close(struct app *a)
{
    if (!a->reader)
        return;
    journal_reader_close(a->reader);
    a->reader = NULL;
    recs_done(&a->replay_recs);
}

static void bad_line(struct app *a, const char *err)
{
    a->replay_bad_lines++;
    if (a->term)
        app_set_notice(a, err);
    else
        fprintf(stderr, "liqtop: %s (skipped)\n", err);
}

/* Endpoints (source, kind, symbol) whose latest line was a failure: as in
 * the live fetch layer, a source is down while any of them is. */
#define FAILING_MAX 128
static struct failing {
    int src;
    char kind[64];
    char sym[16];
} failing[FAILING_MAX];
static size_t n_failing;

static int failing_update(int src, const char *kind, const char *sym, int ok)
{
    size_t i = 0;
    while (i < n_failing && !(failing[i].src == src && strcmp(failing[i].kind, kind) == 0 &&
                              strcmp(failing[i].sym, sym) == 0))
        i++;
    if (ok && i < n_failing)
        failing[i] = failing[--n_failing];
    else if (!ok && i == n_failing && n_failing < FAILING_MAX) {
        failing[n_failing].src = src;
        text_copy(failing[n_failing].kind, sizeof failing[0].kind, kind);
        text_copy(failing[n_failing].sym, sizeof failing[0].sym, sym);
        n_failing++;
    }
    for (i = 0; i < n_failing; i++)
        if (failing[i].src == src)
            return 1;
    return 0;
}

/* Health bookkeeping as the live fetch layer does it, with journal time. */
static void mark(struct app *a, const struct journal_entry *e, int ok, const char *why,
                 int64_t now)
{
    int src = e->source;
    struct source_health *h = &a->store->health[src];
    enum health_state old = h->state;
    h->requests++;
    h->bytes += e->len;
    int down = failing_update(src, e->kind, e->symbol, ok);
    if (ok)
        h->last_ok_ms = now;
    if (!down) {
        h->state = HEALTH_OK;
    } else if (ok) {
        h->state = HEALTH_DOWN; /* another endpoint of the source still fails */
    } else {
        h->state = HEALTH_DOWN;
        h->errors++;
        h->last_err_ms = now;
        text_sanitize(h->last_error, sizeof h->last_error, why, strlen(why));
    }
    if (old != h->state)
        app_health_alert(a, (enum source_id)src, old, h->state, ok ? "answering again" : why,
                         now);
    (void)why;
}

static void apply_entry(struct app *a, const struct journal_entry *e)
{
    int64_t now = e->t_ms > a->now_ms ? e->t_ms : a->now_ms; /* model time never goes back */
    int src = e->source;
    char err[256] = "";
    if (src < 0 || src >= SRC_COUNT) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s:%ld: unknown venue '%s'", a->opt->replay_path, e->line,
                 e->venue);
        bad_line(a, msg);
        return;
    }
    enum venue_id venue = source_venue((enum source_id)src);
    struct store_contracts cz;
    struct parse_ctx ctx;
    parse_ctx_from_store(&ctx, &cz, a->store, venue, a->symp, a->n_syms, e->symbol);
    recs_clear(&a->replay_recs);
    if (e->status < 200 || e->status > 299) {
        snprintf(err, sizeof err, "%s%s%s: HTTP %d", e->kind, e->symbol[0] ? " " : "", e->symbol,
                 e->status);
        mark(a, e, 0, err, now);
    } else if (source_is_stream((enum source_id)src)) {
        int rc = stream_parse((enum source_id)src, e->body, e->len, &ctx, &a->replay_recs, err,
                              sizeof err);
        if (rc == STREAM_MSG_DATA || rc == STREAM_MSG_CONTROL) {
            store_apply(a->store, venue, &a->replay_recs, now);
            mark(a, e, 1, "", now);
        } else {
            mark(a, e, 0, err, now);
        }
    } else {
        const struct venue_adapter *ad = source_adapter((enum source_id)src);
        if (!ad || !source_endpoint(ad, e->kind)) {
            char msg[400];
            snprintf(msg, sizeof msg, "%s:%ld: unknown kind '%s' for %s", a->opt->replay_path,
                     e->line, e->kind, e->venue);
            bad_line(a, msg);
            return;
        }
        if (ad->parse(e->kind, e->body, e->len, &ctx, &a->replay_recs, err, sizeof err) == 0) {
            store_apply(a->store, venue, &a->replay_recs, now);
            mark(a, e, 1, "", now);
        } else {
            /* worded as the live fetch words it, so a replay shows the same state */
            char msg[400];
            snprintf(msg, sizeof msg, "%s%s%s: %s", e->kind, e->symbol[0] ? " " : "", e->symbol,
                     source_error_detail(e->kind, err));
            mark(a, e, 0, msg, now);
        }
    }
    app_after_update(a, now);
}

int replay_advance(struct app *a, int64_t target)
{
    char err[512];
    while (!app_quit_signal) {
        if (!a->have_pending) {
            if (a->replay_eof)
                return 1;
            int rc = journal_next(a->reader, &a->pending, err, sizeof err);
            if (rc == 0) {
                a->replay_eof = 1;
                return 1;
            }
            if (rc < 0) {
                bad_line(a, err);
                continue;
            }
            a->have_pending = 1;
            if (!a->clock_started) {
                /* the run starts at the journal's first line */
                a->now_ms = a->start_ms = a->pending.t_ms;
                if (a->opt->duration_s > 0)
                    a->end_ms = a->start_ms + (int64_t)(a->opt->duration_s * 1000.0);
                a->clock_started = 1;
                app_clock_rebase(a);
                if (target >= 0)
                    target = a->now_ms;
            }
        }
        if (a->end_ms && a->pending.t_ms > a->end_ms) {
            a->now_ms = a->end_ms;
            return 1;
        }
        if (target >= 0 && a->pending.t_ms > target)
            return 0;
        a->have_pending = 0; /* the body stays valid until the next journal_next */
        apply_entry(a, &a->pending);
    }
    return 0;
}
