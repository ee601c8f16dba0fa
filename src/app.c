/* app: one run of liqtop, from options to exit status (see app.h).
 *
 * Setup order: settings (defaults < config file < command line), symbols,
 * theme, store, model, alerts and their sinks, then one data source (demo,
 * replay or live) and one output (terminal UI, headless NDJSON, --once
 * --json, --dump-frame). Every way out goes through the same teardown, which
 * restores the terminal first. */
#include "app_int.h"

#include "liqtop/headless.h"
#include "liqtop/text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile sig_atomic_t app_quit_signal;

static void on_quit_signal(int sig)
{
    app_quit_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: poll() returns EINTR and the loop sees the flag at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is a write error, not a death */
}

double app_interval_s(const struct app *a)
{
    if (a->set.general.interval > 0)
        return a->set.general.interval;
    return a->mode == MODE_LIVE ? 5.0 : 1.0;
}

void app_set_notice(struct app *a, const char *msg)
{
    text_sanitize(a->notice, sizeof a->notice, msg, strlen(msg));
    a->notice_until_mono = loop_now_ms() + 5000;
    a->dirty = 1;
}

void app_after_update(struct app *a, int64_t now)
{
    if (now > a->now_ms)
        a->now_ms = now;
    model_update(a->model, a->now_ms, a->alerts);
}

void app_health_alert(struct app *a, enum source_id src, enum health_state old,
                      enum health_state now, const char *reason, int64_t t_ms)
{
    struct alert al;
    memset(&al, 0, sizeof al);
    al.t_ms = t_ms;
    al.value = NAN;
    al.threshold = NAN;
    text_copy(al.venue, sizeof al.venue, source_name(src));
    if (now == HEALTH_DOWN || (now == HEALTH_STALE && old == HEALTH_OK)) {
        text_copy(al.kind, sizeof al.kind, "source_down");
        al.sev = SEV_WARN;
        snprintf(al.msg, sizeof al.msg, "%s %s: %s", source_name(src),
                 now == HEALTH_DOWN ? "down" : "stale", reason && *reason ? reason : "no answer");
    } else if (now == HEALTH_OK && (old == HEALTH_DOWN || old == HEALTH_STALE)) {
        text_copy(al.kind, sizeof al.kind, "source_up");
        al.sev = SEV_INFO;
        snprintf(al.msg, sizeof al.msg, "%s answering again", source_name(src));
    } else {
        return; /* first answers and disabling are not news */
    }
    alerts_raise(a->alerts, &al);
}

void app_clock_rebase(struct app *a)
{
    a->base_market = a->now_ms;
    a->base_mono = loop_now_ms();
}

int64_t app_clock_target(const struct app *a)
{
    if (a->paused)
        return a->now_ms;
    int64_t elapsed = loop_now_ms() - a->base_mono;
    return a->base_market + (int64_t)((double)elapsed * a->speed);
}

int app_finished(const struct app *a)
{
    if (a->mode == MODE_REPLAY && a->replay_eof && !a->have_pending)
        return a->output != OUT_UI; /* the UI stays on the last state */
    return a->end_ms && a->now_ms >= a->end_ms;
}

/* ---- the loop's timer: moves the data source on ------------------------ */

/* Headless alerts go to stdout; once its reader is gone (EPIPE: SIGPIPE is
 * ignored) nobody hears them, so an unattended run stops instead of working
 * on for nothing. */
static int output_lost(struct app *a)
{
    if (a->output != OUT_HEADLESS || !ferror(stdout))
        return 0;
    if (!a->exit_code) {
        fprintf(stderr, "liqtop: cannot write alerts to stdout (reader gone?); stopping\n");
        a->exit_code = 1;
    }
    return 1;
}

static int64_t on_tick(struct loop *l, void *user)
{
    struct app *a = user;
    if (app_quit_signal || output_lost(a)) {
        /* the terminal UI checks the flag in before_sleep; without it
         * (--headless, --once, live or demo at finite speed) nothing else
         * would; a headless run whose stdout reader is gone stops too */
        loop_stop(l);
        return -1;
    }
    if (a->sim) {
        int64_t target = a->speed_max ? a->now_ms + 60000 : app_clock_target(a);
        if (demo_advance(a, target) != 0) {
            a->exit_code = 1;
            if (!a->term)
                fprintf(stderr, "liqtop: simulator: out of memory\n");
            loop_stop(l);
            return -1;
        }
    } else if (a->reader) {
        if (!a->replay_eof || a->have_pending)
            replay_advance(a, a->speed_max ? -1 : app_clock_target(a));
    } else if (a->fetch) {
        live_tick(a);
        if (a->output == OUT_ONCE || a->output == OUT_DUMP) {
            int collected = !a->end_ms || a->now_ms >= a->end_ms;
            /* a source that never answers is bounded by the http timeouts;
             * this cap only guards against a scheduler that never settles */
            int give_up = loop_now_ms() - a->live_started_mono > 120000;
            if ((live_first_round_done(a) && collected) || give_up)
                loop_stop(l);
        }
    }
    if (a->sink)
        alertsink_poll(a->sink, loop_now_ms());
    if (app_finished(a) && a->output != OUT_UI)
        loop_stop(l);
    if (app_finished(a) && a->output == OUT_UI && a->mode == MODE_DEMO)
        a->paused = 1; /* --duration reached in the UI: hold the last state */
    if (a->speed_max && (a->sim || (a->reader && !a->replay_eof)))
        return 0;
    return a->fetch ? 250 : 100;
}

/* ---- setup and teardown ----------------------------------------------- */

static int setup_symbols(struct app *a, char *err, size_t errn)
{
    char inner[256];
    int n = options_split_symbols(a->set.general.symbols, a->syms, APP_MAX_SYMBOLS, inner,
                                  sizeof inner);
    if (n < 0) {
        snprintf(err, errn, "symbols: %s%s", inner,
                 a->opt->symbols ? "" : " (in the config file, [general] symbols)");
        return -1;
    }
    a->n_syms = (size_t)n;
    for (size_t i = 0; i < a->n_syms; i++)
        a->symp[i] = a->syms[i];
    return 0;
}

static int make_market(struct app *a, char *err, size_t errn)
{
    a->store = store_new(&a->set.store, a->symp, a->n_syms);
    a->model = a->store ? model_new(&a->set.model, a->store) : NULL;
    if (!a->store || !a->model) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    return 0;
}

static void free_market(struct app *a)
{
    model_free(a->model);
    a->model = NULL;
    store_free(a->store);
    a->store = NULL;
}

int app_switch_to_demo(struct app *a, char *err, size_t errn)
{
    if (a->mode != MODE_LIVE)
        return 0;
    live_stop(a);
    free_market(a);
    if (make_market(a, err, errn) != 0 || demo_start(a, err, errn) != 0)
        return -1;
    a->mode = MODE_DEMO;
    a->offline = 0;
    a->speed = 1;
    a->speed_max = 0;
    a->end_ms = 0;
    app_clock_rebase(a);
    app_set_notice(a, "demo market: simulated data, no network");
    a->force_full = 1;
    return 0;
}

static int start_source(struct app *a, char *err, size_t errn)
{
    switch (a->mode) {
    case MODE_DEMO:
        if (demo_start(a, err, errn) != 0)
            return -1;
        if (a->opt->duration_s > 0)
            a->end_ms = a->start_ms + (int64_t)llround(a->opt->duration_s * 1000.0);
        return 0;
    case MODE_REPLAY:
        /* the clock starts at the journal's first line (replay_advance) */
        return replay_open(a, err, errn);
    case MODE_LIVE:
        if (live_start(a, err, errn) != 0)
            return -1;
        if (a->opt->duration_s > 0)
            a->end_ms = a->start_ms + (int64_t)llround(a->opt->duration_s * 1000.0);
        return 0;
    }
    return -1;
}

/* Everything that can run without the loop and the terminal: --speed max
 * demo and replay for --once, --dump-frame and --headless. */
static int run_to_end_fast(struct app *a)
{
    if (a->sim) {
        if (!a->end_ms && a->output == OUT_HEADLESS) {
            while (!app_quit_signal && !output_lost(a))
                if (demo_advance(a, a->now_ms + 3600000) != 0)
                    return -1;
            return 0;
        }
        return a->end_ms ? demo_advance(a, a->end_ms) : 0;
    }
    replay_advance(a, -1);
    return 0;
}

static const char *mode_name(enum app_mode m)
{
    return m == MODE_DEMO ? "demo" : m == MODE_REPLAY ? "replay" : "live";
}

static int finish_output(struct app *a)
{
    if (a->output == OUT_DUMP) {
        ui_dump_frame(a, a->opt->dump_w, a->opt->dump_h);
    } else if (a->output == OUT_ONCE) {
        struct headless_info info = {mode_name(a->mode), a->now_ms};
        if (headless_state_json(stdout, a->store, a->model, a->alerts, &info) != 0) {
            fprintf(stderr, "liqtop: writing the state: %s\n", strerror(errno));
            return 1;
        }
    }
    return 0;
}

static int choose_utf8(const struct app *a)
{
    if (a->set.general.utf8 == 1)
        return 1;
    if (a->set.general.utf8 == 2)
        return 0;
    return term_locale_utf8();
}

static int run(struct app *a)
{
    char err[600];
    settings_defaults(&a->set);
    if (settings_load(&a->set, a->opt->config_path, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return 2;
    }
    settings_apply_options(&a->set, a->opt);
    if (setup_symbols(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return 2;
    }
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        a->set.general.color = 0;
    a->mode = a->opt->demo ? MODE_DEMO : a->opt->replay_path ? MODE_REPLAY : MODE_LIVE;
    a->output = a->opt->headless ? OUT_HEADLESS
                : a->opt->once   ? OUT_ONCE
                : a->opt->dump_frame ? OUT_DUMP
                                     : OUT_UI;
    a->speed = a->opt->speed_set && !a->opt->speed_max ? a->opt->speed : 1.0;
    /* --once and --dump-frame of a demo or replay need no waiting */
    a->speed_max = a->opt->speed_max ||
                   (a->mode != MODE_LIVE && (a->output == OUT_ONCE || a->output == OUT_DUMP));
    a->utf8 = choose_utf8(a);
    ui_state_init(&a->ui);

    if (theme_load(&a->theme, a->set.general.theme, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s; using the default theme\n", err);
        theme_builtin(&a->theme);
    }
    if (make_market(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return 1;
    }
    a->alerts = alerts_new(&a->set.model.alerts);
    if (!a->alerts) {
        fprintf(stderr, "liqtop: out of memory\n");
        return 1;
    }
    if (a->output == OUT_HEADLESS)
        alerts_add_sink(a->alerts, headless_alert_sink(stdout));
    a->sink = alertsink_new(&a->set.model.sink, err, sizeof err);
    if (a->sink)
        alerts_add_sink(a->alerts, alertsink_sink(a->sink));
    else
        fprintf(stderr, "liqtop: alert log and hook disabled: %s\n", err);

    install_signals();
    a->loop = loop_new();
    if (!a->loop) {
        fprintf(stderr, "liqtop: out of memory\n");
        return 1;
    }
    if (start_source(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return a->mode == MODE_LIVE && strstr(err, "http") ? 2 : 1;
    }

    if (a->mode != MODE_LIVE && a->speed_max && a->output != OUT_UI) {
        if (run_to_end_fast(a) != 0) {
            fprintf(stderr, "liqtop: simulator: out of memory\n");
            return 1;
        }
        if (a->exit_code)
            return a->exit_code;
        return finish_output(a);
    }
    if (a->output == OUT_UI && ui_open(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return 1;
    }
    app_clock_rebase(a);
    loop_timer_add(a->loop, 0, on_tick, a);
    int rc;
    if (a->output == OUT_UI) {
        rc = ui_run(a);
    } else {
        rc = loop_run(a->loop);
    }
    if (rc != 0) {
        ui_close(a);
        fprintf(stderr, "liqtop: event loop failed: %s\n", strerror(errno));
        return 1;
    }
    if (a->exit_code)
        return a->exit_code;
    return finish_output(a);
}

int app_run(const struct options *opt)
{
    struct app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "liqtop: out of memory\n");
        return 1;
    }
    a->opt = opt;
    int rc = run(a);
    /* the terminal first, so nothing below can leave it raw */
    ui_close(a);
    live_stop(a);
    replay_close(a);
    demo_stop(a);
    alertsink_free(a->sink);
    free_market(a);
    alerts_free(a->alerts);
    loop_free(a->loop);
    free(a);
    return rc;
}
