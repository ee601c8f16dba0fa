/* app_live: the public APIs as a data source (the default mode).
 *
 * The fetch layer polls the REST sources and the stream layer holds the
 * liquidation WebSockets, both inside our loop. Every response and message
 * goes to the journal first when --record is on, then to the parsers and
 * the store; the model runs after each update with the wall clock as model
 * time (the only mode where model time is the real time). */
#include "app_int.h"

#include "liqtop/source.h"
#include "liqtop/text.h"

#include <stdio.h>
#include <string.h>

/* A failed journal write stops recording (the rest of the run is still
 * shown) and says so once, in the UI or on stderr. */
static void record(struct app *a, int64_t t, const char *venue, const char *kind,
                   const char *sym, int status, const char *body, size_t len)
{
    if (!a->journal)
        return;
    char err[256];
    if (journal_write(a->journal, t, venue, kind, sym, status, body, len, err, sizeof err) != 0) {
        char msg[320];
        snprintf(msg, sizeof msg, "recording stopped: %s", err);
        if (a->term)
            app_set_notice(a, msg);
        else
            fprintf(stderr, "liqtop: %s\n", msg);
        journal_close(a->journal);
        a->journal = NULL;
    }
}

static void on_response(void *user, int64_t t, enum source_id src, const char *kind,
                        const char *sym, int status, const char *body, size_t len)
{
    record(user, t, source_name(src), kind, sym, status, body, len);
}

static void on_message(void *user, int64_t t, enum source_id src, const char *stream,
                       const char *msg, size_t len)
{
    record(user, t, source_name(src), stream, "", 200, msg, len);
}

static void on_update(void *user, enum source_id src, int64_t now)
{
    (void)src;
    app_after_update(user, now);
}

static void on_health(void *user, enum source_id src, enum health_state old,
                      enum health_state now, const char *reason)
{
    struct app *a = user;
    app_health_alert(a, src, old, now, reason, loop_wall_ms());
    a->dirty = 1;
}

int live_start(struct app *a, char *err, size_t errn)
{
    a->now_ms = a->start_ms = loop_wall_ms();
    if (a->opt->record_path) {
        a->journal = journal_open(a->opt->record_path, err, errn);
        if (!a->journal)
            return -1;
    }
    struct fetch_cfg fc = a->set.fetch;
    for (int s = 0; s < SRC_COUNT; s++)
        fc.adapters[s] = source_adapter((enum source_id)s);
    a->fetch = fetch_new(a->loop, a->store, &fc, a->symp, a->n_syms, err, errn);
    if (!a->fetch)
        return -1;
    struct fetch_callbacks fcb = {on_update, on_health, on_response, a};
    fetch_set_callbacks(a->fetch, &fcb);
    a->streams = streams_new(a->loop, a->store, &a->set.streams, a->symp, a->n_syms, err, errn);
    if (!a->streams)
        return -1;
    struct stream_callbacks scb = {on_message, on_health, on_update, a};
    streams_set_callbacks(a->streams, &scb);
    if (fetch_start(a->fetch) != 0) {
        snprintf(err, errn, "cannot start the HTTP client (libcurl)");
        return -1;
    }
    if (streams_start(a->streams, err, errn) != 0)
        return -1;
    a->live_started_mono = loop_now_ms();
    return 0;
}

void live_poll_now(struct app *a)
{
    if (a->fetch)
        fetch_poll_now(a->fetch);
}

int live_first_round_done(const struct app *a)
{
    return a->fetch && fetch_first_round_done(a->fetch);
}

/* 1 when every REST source in use has failed at least once and none has
 * answered (no network, a firewall); `first` gets the earliest of those
 * errors as "venue: reason". This does not wait for the whole first round:
 * with no network the failing calls retry with backoff, and the per-symbol
 * ones would wait behind them for a minute or more before the user learns
 * why the screen is empty. */
static int all_rest_failed(const struct app *a, char *first, size_t n)
{
    int used = 0;
    int64_t t_first = 0;
    first[0] = '\0';
    for (int s = 0; s < SRC_COUNT; s++) {
        struct fetch_stats fs;
        if (source_is_stream((enum source_id)s))
            continue;
        fetch_get_stats(a->fetch, (enum source_id)s, &fs);
        if (!fs.jobs)
            continue; /* not in use */
        used++;
        const struct source_health *h = &a->store->health[s];
        if (h->last_ok_ms > 0 || h->last_err_ms == 0)
            return 0;
        if (!t_first || h->last_err_ms < t_first) {
            t_first = h->last_err_ms;
            snprintf(first, n, "%s: %s", source_name((enum source_id)s), h->last_error);
        }
    }
    return used > 0;
}

void live_tick(struct app *a)
{
    int64_t now = loop_wall_ms();
    /* time moves on even when no data arrives: staleness, episode ends */
    app_after_update(a, now);
    char reason[sizeof a->offline_reason];
    int offline = a->fetch && all_rest_failed(a, reason, sizeof reason);
    if (offline != a->offline || (offline && strcmp(reason, a->offline_reason) != 0)) {
        a->offline = offline;
        text_copy(a->offline_reason, sizeof a->offline_reason, offline ? reason : "");
        a->dirty = 1;
    }
}

void live_stop(struct app *a)
{
    streams_free(a->streams);
    a->streams = NULL;
    fetch_free(a->fetch);
    a->fetch = NULL;
    if (a->journal) {
        journal_close(a->journal);
        a->journal = NULL;
    }
}
