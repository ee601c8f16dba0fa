/* app: one run of liqtop, from options to exit status (see app.h). */
#include "liqtop/app.h"

#include "liqtop/alert.h"
#include "liqtop/headless.h"
#include "liqtop/keys.h"
#include "liqtop/loop.h"
#include "liqtop/settings.h"
#include "liqtop/sim.h"
#include "liqtop/store.h"
#include "liqtop/surface.h"
#include "liqtop/term.h"
#include "liqtop/text.h"
#include "liqtop/theme.h"
#include "liqtop/ui.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SYMBOLS 64

enum output { OUT_UI, OUT_HEADLESS, OUT_ONCE, OUT_DUMP };

struct app {
    const struct options *opt;
    struct settings set;
    enum app_mode mode;
    enum output output;
    char syms[MAX_SYMBOLS][16];
    const char *symp[MAX_SYMBOLS];
    size_t n_syms;

    struct store *store;
    struct alerts *alerts;
    struct loop *loop;

    /* demo */
    struct sim *sim;
    struct recs out[VENUE_COUNT];

    /* market clock (demo, replay): market = base_market + (mono - base_mono) * speed */
    int64_t now_ms;
    int64_t end_ms; /* stop at this model time (0 = never) */
    double speed;
    int speed_max;
    int paused;
    int64_t base_market, base_mono;
    long tick_timer;

    /* terminal */
    struct term *term;
    struct theme theme;
    struct surface surf;
    struct ui_state ui;
    int utf8;
    int dirty;         /* something visible changed */
    int force_full;    /* repaint every cell (resize, theme) */
    uint64_t drawn_store_version, drawn_alerts_version;
    int64_t drawn_second;
    int64_t last_data_frame_mono;
    char notice[200];
    int64_t notice_until_mono;
    uint64_t bells_rung;

    int exit_code;
};

static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
    quit_signal = sig;
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
    signal(SIGPIPE, SIG_IGN);
}

static double interval_s(const struct app *a)
{
    if (a->set.general.interval > 0)
        return a->set.general.interval;
    return a->mode == MODE_LIVE ? 5.0 : 1.0;
}

static void set_notice(struct app *a, const char *msg)
{
    text_copy(a->notice, sizeof a->notice, msg);
    a->notice_until_mono = loop_now_ms() + 5000;
    a->dirty = 1;
}

/* ---- model hook ------------------------------------------------------- */

/* Called after each batch of data reached the store at model time now. */
static void after_update(struct app *a, int64_t now)
{
    if (now > a->now_ms)
        a->now_ms = now;
}

/* ---- demo ------------------------------------------------------------- */

static int demo_apply(struct app *a, int64_t now)
{
    for (int v = 0; v < VENUE_COUNT; v++) {
        if (recs_count(&a->out[v]))
            store_apply(a->store, (enum venue_id)v, &a->out[v], now);
        recs_clear(&a->out[v]);
    }
    return 0;
}

static int demo_start(struct app *a, char *err, size_t errn)
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
    a->now_ms = APP_DEMO_EPOCH_MS;
    demo_apply(a, a->now_ms);
    after_update(a, a->now_ms);
    /* the simulator stands in for every market source; streams are not used */
    for (int s = 0; s < SRC_COUNT; s++) {
        a->store->health[s].state = source_is_stream((enum source_id)s) ? HEALTH_DISABLED
                                                                          : HEALTH_OK;
        text_copy(a->store->health[s].note, sizeof a->store->health[s].note,
                  "simulated (demo)");
    }
    return 0;
}

/* Advance the simulated market to `target` one publication second at a
 * time, so the model sees every observation the venues would publish. */
static int demo_advance(struct app *a, int64_t target)
{
    if (a->end_ms && target > a->end_ms)
        target = a->end_ms;
    while (a->now_ms < target && !quit_signal) {
        int64_t next = a->now_ms + 1000 - (a->now_ms % 1000);
        if (next > target)
            next = target;
        if (sim_advance(a->sim, next, a->out) != 0)
            return -1;
        demo_apply(a, next);
        a->now_ms = next;
        after_update(a, next);
    }
    return 0;
}

/* ---- market clock ----------------------------------------------------- */

static void clock_rebase(struct app *a)
{
    a->base_market = a->now_ms;
    a->base_mono = loop_now_ms();
}

static int64_t clock_target(const struct app *a)
{
    if (a->paused)
        return a->now_ms;
    int64_t elapsed = loop_now_ms() - a->base_mono;
    return a->base_market + (int64_t)((double)elapsed * a->speed);
}

static int finished(const struct app *a)
{
    return a->end_ms && a->now_ms >= a->end_ms;
}

/* ---- terminal UI ------------------------------------------------------ */

static void fill_view(const struct app *a, struct view *v)
{
    memset(v, 0, sizeof *v);
    v->store = a->store;
    v->alerts = a->alerts;
    v->keys = &a->set.keys;
    v->now_ms = a->now_ms;
    v->mode = a->mode;
    v->speed = a->speed;
    v->speed_max = a->speed_max;
    v->paused = a->paused;
    v->interval_s = interval_s(a);
    v->utf8 = a->utf8;
    v->theme_name = a->theme.name;
    if (a->notice[0] && loop_now_ms() < a->notice_until_mono)
        text_copy(v->notice, sizeof v->notice, a->notice);
}

static void draw(struct app *a)
{
    int w, h;
    term_size(a->term, &w, &h);
    if (w != a->surf.w || h != a->surf.h) {
        surface_resize(&a->surf, w, h);
        a->force_full = 1;
    }
    struct view v;
    fill_view(a, &v);
    ui_render(&v, &a->ui, &a->surf);
    term_present(a->term, &a->surf, a->force_full);
    a->force_full = 0;
    a->dirty = 0;
    a->drawn_store_version = a->store->version;
    a->drawn_alerts_version = alerts_version(a->alerts);
    a->drawn_second = a->now_ms / 1000;
    a->last_data_frame_mono = loop_now_ms();
}

/* A frame only when data changed (at most once per refresh interval), a key
 * was pressed, or the clock second turned. */
static int frame_due(const struct app *a)
{
    if (a->dirty || a->force_full)
        return 1;
    if (a->now_ms / 1000 != a->drawn_second)
        return 1;
    if (alerts_version(a->alerts) != a->drawn_alerts_version)
        return 1;
    if (a->store->version != a->drawn_store_version &&
        loop_now_ms() - a->last_data_frame_mono >= (int64_t)(interval_s(a) * 1000))
        return 1;
    return 0;
}

static void cycle_theme(struct app *a)
{
    char names[32][64];
    size_t n = theme_list(names, 32);
    size_t cur = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], a->theme.name) == 0)
            cur = i;
    for (size_t k = 1; k <= n; k++) {
        const char *next = names[(cur + k) % n];
        struct theme t;
        char err[256];
        if (theme_load(&t, next, err, sizeof err) == 0) {
            a->theme = t;
            term_set_theme(a->term, &a->theme);
            char msg[96];
            snprintf(msg, sizeof msg, "theme: %s", next);
            set_notice(a, msg);
            a->force_full = 1;
            return;
        }
        set_notice(a, err);
    }
}

static void reload_config(struct app *a)
{
    struct settings next;
    settings_defaults(&next);
    char err[512];
    if (settings_load(&next, a->opt->config_path, err, sizeof err) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "config not reloaded: %s", err);
        set_notice(a, msg);
        return;
    }
    settings_apply_options(&next, a->opt);
    struct theme t;
    if (theme_load(&t, next.general.theme, err, sizeof err) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "config not reloaded: %s", err);
        set_notice(a, msg);
        return;
    }
    /* symbols and history sizes need a restart; keys, theme, interval apply now */
    a->set.keys = next.keys;
    a->set.general.interval = next.general.interval;
    a->set.general.bell = next.general.bell;
    a->theme = t;
    term_set_theme(a->term, &a->theme);
    a->force_full = 1;
    set_notice(a, next.path[0] ? "config reloaded" : "config reloaded (no config file: defaults)");
}

static void handle_command(struct app *a, enum ui_command cmd)
{
    switch (cmd) {
    case UI_QUIT: loop_stop(a->loop); break;
    case UI_PAUSE:
        a->paused = !a->paused;
        clock_rebase(a);
        set_notice(a, a->paused ? "paused (p resumes)" : "resumed");
        break;
    case UI_FASTER:
    case UI_SLOWER:
        if (a->mode == MODE_LIVE) {
            double iv = interval_s(a) * (cmd == UI_FASTER ? 0.5 : 2.0);
            a->set.general.interval = iv < 0.5 ? 0.5 : iv > 3600 ? 3600 : iv;
            char msg[64];
            snprintf(msg, sizeof msg, "refresh every %g s", a->set.general.interval);
            set_notice(a, msg);
        } else if (!a->speed_max) {
            double sp = a->speed * (cmd == UI_FASTER ? 2.0 : 0.5);
            a->speed = sp < 0.125 ? 0.125 : sp > 4096 ? 4096 : sp;
            clock_rebase(a);
            char msg[64];
            snprintf(msg, sizeof msg, "speed x%g", a->speed);
            set_notice(a, msg);
        }
        break;
    case UI_REFRESH: set_notice(a, "refreshed"); break;
    case UI_THEME: cycle_theme(a); break;
    case UI_RELOAD: reload_config(a); break;
    case UI_ACK: alerts_ack_all(a->alerts); break;
    case UI_DEMO:
    case UI_NONE: break;
    }
    a->dirty = 1;
}

static void on_stdin(struct loop *l, int fd, int revents, void *user)
{
    struct app *a = user;
    if (revents & LOOP_ERROR) {
        /* the terminal went away (hang-up, closed stdin): stop reading, never spin */
        loop_unwatch(l, fd);
        if (!isatty(fd))
            loop_stop(l);
        return;
    }
    int code;
    struct view v;
    while ((code = term_read_key(a->term)) >= 0) {
        if (code == KEY_RESIZE) {
            a->force_full = 1;
            continue;
        }
        fill_view(a, &v);
        handle_command(a, ui_key(&a->ui, &v, code));
        a->dirty = 1;
    }
}

static void bell_sink(void *user, const struct alert *al, int is_update)
{
    struct app *a = user;
    if (!is_update && al->sev == SEV_CRIT && a->set.general.bell && a->term)
        a->bells_rung++;
}

/* ---- the loop --------------------------------------------------------- */

static int64_t on_tick(struct loop *l, void *user)
{
    struct app *a = user;
    if (a->sim) {
        int64_t target = a->speed_max ? a->now_ms + 60000 : clock_target(a);
        if (demo_advance(a, target) != 0) {
            fprintf(stderr, "liqtop: simulator: out of memory\n");
            a->exit_code = 1;
            loop_stop(l);
            return -1;
        }
    }
    if (finished(a))
        loop_stop(l);
    if (a->speed_max)
        return 0;
    return a->paused ? 250 : 100;
}

static void before_sleep(struct loop *l, void *user)
{
    struct app *a = user;
    if (quit_signal) {
        loop_stop(l);
        return;
    }
    if (!a->term)
        return;
    /* keys typed between wake-ups (and KEY_RESIZE after SIGWINCH) */
    on_stdin(l, STDIN_FILENO, 0, a);
    if (a->bells_rung) {
        term_bell(a->term);
        a->bells_rung = 0;
    }
    if (frame_due(a)) {
        /* at --speed max, draw at most ten frames a second */
        if (!a->speed_max || loop_now_ms() - a->last_data_frame_mono >= 100 || a->dirty)
            draw(a);
    }
}

static int run_loop(struct app *a)
{
    a->loop = loop_new();
    if (!a->loop)
        return -1;
    clock_rebase(a);
    a->tick_timer = loop_timer_add(a->loop, 0, on_tick, a);
    if (a->term)
        loop_watch(a->loop, STDIN_FILENO, LOOP_READ, on_stdin, a);
    loop_set_before_sleep(a->loop, before_sleep, a);
    int rc = loop_run(a->loop);
    loop_free(a->loop);
    a->loop = NULL;
    return rc;
}

/* ---- setup ------------------------------------------------------------ */

static int setup_symbols(struct app *a, char *err, size_t errn)
{
    char inner[256];
    int n = options_split_symbols(a->set.general.symbols, a->syms, MAX_SYMBOLS, inner,
                                  sizeof inner);
    if (n < 0) {
        snprintf(err, errn, "symbols: %s", inner);
        return -1;
    }
    a->n_syms = (size_t)n;
    for (size_t i = 0; i < a->n_syms; i++)
        a->symp[i] = a->syms[i];
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

static void dump_frame(struct app *a)
{
    struct surface s;
    if (surface_init(&s, a->opt->dump_w, a->opt->dump_h) != 0)
        return;
    struct view v;
    fill_view(a, &v);
    ui_render(&v, &a->ui, &s);
    char line[8192];
    for (int y = 0; y < s.h; y++) {
        surface_line(&s, y, line, sizeof line);
        puts(line);
    }
    fflush(stdout);
    surface_done(&s);
}

int app_run(const struct options *opt)
{
    struct app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "liqtop: out of memory\n");
        return 1;
    }
    a->opt = opt;
    char err[600];
    int rc = 0;
    settings_defaults(&a->set);
    if (settings_load(&a->set, opt->config_path, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        rc = 2;
        goto out;
    }
    settings_apply_options(&a->set, opt);
    if (setup_symbols(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s%s\n", err,
                opt->symbols ? "" : " (in the config file, [general] symbols)");
        rc = 2;
        goto out;
    }
    if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
        a->set.general.color = 0;
    a->mode = opt->demo ? MODE_DEMO : opt->replay_path ? MODE_REPLAY : MODE_LIVE;
    a->output = opt->headless ? OUT_HEADLESS : opt->once ? OUT_ONCE : opt->dump_frame ? OUT_DUMP
                                                                                    : OUT_UI;
    a->speed = opt->speed_set ? opt->speed : 1.0;
    a->speed_max = opt->speed_max;
    a->utf8 = choose_utf8(a);
    ui_state_init(&a->ui);

    if (theme_load(&a->theme, a->set.general.theme, err, sizeof err) != 0) {
        /* a bad theme is not fatal: say why and use the default */
        fprintf(stderr, "liqtop: %s; using the default theme\n", err);
        theme_builtin(&a->theme);
    }

    a->store = store_new(&a->set.store, a->symp, a->n_syms);
    a->alerts = alerts_new(&a->set.alerts);
    if (!a->store || !a->alerts) {
        fprintf(stderr, "liqtop: out of memory\n");
        rc = 1;
        goto out;
    }
    if (a->output == OUT_HEADLESS)
        alerts_add_sink(a->alerts, headless_alert_sink(stdout));
    alerts_add_sink(a->alerts, (struct alert_sink){bell_sink, a});

    if (a->mode != MODE_DEMO) {
        fprintf(stderr, "liqtop: %s mode is not available in this build yet; try --demo\n",
                a->mode == MODE_LIVE ? "live" : "replay");
        rc = 1;
        goto out;
    }
    if (demo_start(a, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        rc = 1;
        goto out;
    }
    if (opt->duration_s > 0)
        a->end_ms = a->now_ms + (int64_t)llround(opt->duration_s * 1000.0);
    install_signals();

    if (a->output == OUT_ONCE || a->output == OUT_DUMP) {
        /* collect for --duration (market time), as fast as the machine goes */
        if (a->end_ms && demo_advance(a, a->end_ms) != 0) {
            fprintf(stderr, "liqtop: simulator: out of memory\n");
            rc = 1;
            goto out;
        }
        if (a->output == OUT_DUMP) {
            dump_frame(a);
        } else {
            struct headless_info info = {"demo", a->now_ms};
            if (headless_state_json(stdout, a->store, a->alerts, &info) != 0)
                rc = 1;
        }
        goto out;
    }
    if (a->output == OUT_HEADLESS && a->speed_max) {
        while (!quit_signal && !finished(a)) {
            int64_t target = a->end_ms ? a->end_ms : a->now_ms + 3600000;
            if (demo_advance(a, target) != 0) {
                rc = 1;
                goto out;
            }
        }
        goto out;
    }
    if (a->output == OUT_UI) {
        a->term = term_open(&a->theme, !a->set.general.color, err, sizeof err);
        if (!a->term) {
            fprintf(stderr, "liqtop: %s\n", err);
            rc = 1;
            goto out;
        }
        surface_init(&a->surf, 1, 1);
        a->force_full = 1;
    }
    if (run_loop(a) != 0) {
        rc = 1;
        if (a->term) {
            term_close(a->term);
            a->term = NULL;
        }
        fprintf(stderr, "liqtop: event loop failed: %s\n", strerror(errno));
    }
    rc = rc ? rc : a->exit_code;

out:
    term_close(a->term);
    surface_done(&a->surf);
    if (a->sim) {
        sim_free(a->sim);
        for (int v = 0; v < VENUE_COUNT; v++)
            recs_done(&a->out[v]);
    }
    store_free(a->store);
    alerts_free(a->alerts);
    free(a);
    return rc;
}
