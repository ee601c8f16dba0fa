/* app_demo: the simulated market as a data source (--demo). */
#include "app_int.h"

#include "liqtop/text.h"

#include <stdio.h>

/* Hand what the simulator published to the store, venue by venue. */
static void apply_outputs(struct app *a, int64_t now)
{
    for (int v = 0; v < VENUE_COUNT; v++) {
        if (recs_count(&a->out[v]))
            store_apply(a->store, (enum venue_id)v, &a->out[v], now);
        recs_clear(&a->out[v]);
    }
}

int demo_start(struct app *a, char *err, size_t errn)
{
    struct sim_cfg cfg;
    sim_cfg_default(&cfg);
    cfg.seed = a->opt->seed;
    a->sim = sim_new(&cfg, a->symp, a->n_syms, APP_DEMO_EPOCH_MS);
    if (!a->sim) {
        snprintf(err, errn, "cannot start the simulator: out of memory");
        return -1;
    }
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_init(&a->out[v]);
    if (sim_history(a->sim, a->out) != 0) {
        snprintf(err, errn, "simulator history: out of memory");
        return -1;
    }
    a->now_ms = a->start_ms = APP_DEMO_EPOCH_MS;
    apply_outputs(a, a->now_ms);
    /* the simulator stands in for every REST source; the streams are not used */
    for (int s = 0; s < SRC_COUNT; s++) {
        struct source_health *h = &a->store->health[s];
        h->state = source_is_stream((enum source_id)s) ? HEALTH_DISABLED : HEALTH_OK;
        h->last_ok_ms = a->now_ms;
        text_copy(h->note, sizeof h->note, "simulated (demo market)");
    }
    app_after_update(a, a->now_ms);
    return 0;
}

/* One publication second at a time, so the model sees every observation the
 * venues publish (detectors count consecutive observations). */
int demo_advance(struct app *a, int64_t target)
{
    if (a->end_ms && target > a->end_ms)
        target = a->end_ms;
    while (a->now_ms < target && !app_quit_signal) {
        int64_t next = a->now_ms + 1000 - (a->now_ms % 1000);
        if (next > target)
            next = target;
        if (sim_advance(a->sim, next, a->out) != 0)
            return -1;
        apply_outputs(a, next);
        for (int s = 0; s < SRC_COUNT; s++)
            if (a->store->health[s].state == HEALTH_OK)
                a->store->health[s].last_ok_ms = next;
        app_after_update(a, next);
    }
    return 0;
}

void demo_stop(struct app *a)
{
    if (!a->sim)
        return;
    sim_free(a->sim);
    a->sim = NULL;
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_done(&a->out[v]);
}
