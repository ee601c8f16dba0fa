/* app_ui: the terminal front end of a run: frames, keys, commands. */
#include "app_int.h"

#include "liqtop/text.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Crit alerts not yet acknowledged blink once a second (wall clock, so
 * they blink in a paused or finished replay too). */
static int flash_phase(void)
{
    return (int)((loop_now_ms() / 1000) % 2 == 0);
}

static int crit_unacked(const struct app *a)
{
    size_t crit = 0;
    alerts_unacked(a->alerts, &crit);
    return crit > 0;
}

static void fill_view(const struct app *a, struct view *v)
{
    memset(v, 0, sizeof *v);
    v->store = a->store;
    v->model = a->model;
    v->alerts = a->alerts;
    v->keys = &a->set.keys;
    v->now_ms = a->now_ms;
    v->mode = a->mode;
    v->speed = a->speed;
    v->speed_max = a->speed_max;
    v->paused = a->paused;
    v->interval_s = app_interval_s(a);
    v->utf8 = a->utf8;
    v->theme_name = a->theme.name;
    v->offline = a->offline;
    text_copy(v->offline_reason, sizeof v->offline_reason, a->offline_reason);
    v->flash = flash_phase();
    if (a->notice[0] && loop_now_ms() < a->notice_until_mono)
        text_copy(v->notice, sizeof v->notice, a->notice);
}

int ui_open(struct app *a, char *err, size_t errn)
{
    a->term = term_open(&a->theme, !a->set.general.color, err, errn);
    if (!a->term)
        return -1;
    if (surface_init(&a->surf, 1, 1) != 0) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    a->force_full = 1;
    return 0;
}

void ui_close(struct app *a)
{
    term_close(a->term);
    a->term = NULL;
    surface_done(&a->surf);
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
    a->drawn_flash = v.flash;
    a->last_data_frame_mono = loop_now_ms();
}

/* A frame only when data changed (at most once per refresh interval), a key
 * was pressed, an alert came, the clock second turned, or the flash of an
 * unacknowledged crit alert changes phase (once a second). */
static int frame_due(const struct app *a)
{
    if (a->dirty || a->force_full)
        return 1;
    if (crit_unacked(a) && flash_phase() != a->drawn_flash)
        return 1;
    if (a->paused)
        return 0;
    int64_t since = loop_now_ms() - a->last_data_frame_mono;
    if (a->speed_max)
        return since >= 100; /* ten frames a second is plenty at full speed */
    if (a->now_ms / 1000 != a->drawn_second)
        return 1;
    if (alerts_version(a->alerts) != a->drawn_alerts_version)
        return 1;
    return a->store->version != a->drawn_store_version &&
           since >= (int64_t)(app_interval_s(a) * 1000);
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
            app_set_notice(a, msg);
            a->force_full = 1;
            return;
        }
        app_set_notice(a, err); /* a broken theme file is skipped, with its file:line */
    }
}

/* Ctrl-R: read the config and theme again; an error keeps what is in force. */
static void reload_config(struct app *a)
{
    struct settings next;
    settings_defaults(&next);
    char err[512], msg[600];
    if (settings_load(&next, a->opt->config_path, err, sizeof err) != 0) {
        snprintf(msg, sizeof msg, "config not reloaded: %s", err);
        app_set_notice(a, msg);
        return;
    }
    settings_apply_options(&next, a->opt);
    struct theme t;
    if (theme_load(&t, next.general.theme, err, sizeof err) != 0) {
        snprintf(msg, sizeof msg, "config not reloaded: %s", err);
        app_set_notice(a, msg);
        return;
    }
    /* keys, theme, colours and the interval apply now; symbols, sources and
     * history sizes are fixed for the run */
    a->set.keys = next.keys;
    a->set.general.interval = next.general.interval;
    a->theme = t;
    term_set_theme(a->term, &a->theme);
    a->force_full = 1;
    app_set_notice(a, next.path[0] ? "config reloaded" : "no config file: defaults in force");
}

static void change_speed(struct app *a, int faster)
{
    char msg[64];
    if (a->mode == MODE_LIVE) {
        double iv = app_interval_s(a) * (faster ? 0.5 : 2.0);
        a->set.general.interval = iv < 0.5 ? 0.5 : iv > 3600 ? 3600 : iv;
        snprintf(msg, sizeof msg, "refresh every %g s", a->set.general.interval);
    } else if (a->speed_max) {
        snprintf(msg, sizeof msg, "speed is max");
    } else {
        double sp = a->speed * (faster ? 2.0 : 0.5);
        a->speed = sp < 0.125 ? 0.125 : sp > 4096 ? 4096 : sp;
        app_clock_rebase(a);
        snprintf(msg, sizeof msg, "speed x%g", a->speed);
    }
    app_set_notice(a, msg);
}

static void handle_command(struct app *a, enum ui_command cmd)
{
    char err[256];
    switch (cmd) {
    case UI_QUIT: loop_stop(a->loop); break;
    case UI_PAUSE:
        a->paused = !a->paused;
        app_clock_rebase(a);
        app_set_notice(a, a->paused ? "paused: p resumes" : "resumed");
        break;
    case UI_FASTER: change_speed(a, 1); break;
    case UI_SLOWER: change_speed(a, 0); break;
    case UI_REFRESH:
        live_poll_now(a);
        app_set_notice(a, a->mode == MODE_LIVE ? "polling every source now" : "refreshed");
        break;
    case UI_THEME: cycle_theme(a); break;
    case UI_RELOAD: reload_config(a); break;
    case UI_ACK: alerts_ack_all(a->alerts); break;
    case UI_DEMO:
        if (app_switch_to_demo(a, err, sizeof err) != 0)
            app_set_notice(a, err);
        break;
    case UI_NONE: break;
    }
    a->dirty = 1;
}

static void read_keys(struct app *a)
{
    int code;
    struct view v;
    while ((code = term_read_key(a->term)) >= 0) {
        if (code == KEY_RESIZE) {
            a->force_full = 1;
            continue;
        }
        fill_view(a, &v);
        if (code == KEY_MOUSE) {
            struct ui_mouse ev;
            if (term_mouse(a->term, &ev) == 0)
                handle_command(a, ui_mouse(&a->ui, &v, &ev));
            continue;
        }
        handle_command(a, ui_key(&a->ui, &v, code));
        if (loop_stopped(a->loop))
            return;
    }
}

static void on_stdin(struct loop *l, int fd, int revents, void *user)
{
    struct app *a = user;
    if (revents & LOOP_ERROR) {
        /* the terminal is gone (closed stdin, hang-up): never spin on it */
        loop_unwatch(l, fd);
        loop_stop(l);
        return;
    }
    read_keys(a);
}

static void before_sleep(struct loop *l, void *user)
{
    struct app *a = user;
    if (app_quit_signal) {
        loop_stop(l);
        return;
    }
    /* keys that arrived while we worked, and KEY_RESIZE after SIGWINCH */
    read_keys(a);
    if (loop_stopped(l))
        return;
    if (a->sink) {
        unsigned bells = alertsink_take_bell(a->sink);
        if (bells)
            term_bell(a->term);
    }
    if (frame_due(a))
        draw(a);
}

int ui_run(struct app *a)
{
    ui_state_init(&a->ui);
    loop_watch(a->loop, STDIN_FILENO, LOOP_READ, on_stdin, a);
    loop_set_before_sleep(a->loop, before_sleep, a);
    int rc = loop_run(a->loop);
    loop_unwatch(a->loop, STDIN_FILENO);
    return rc;
}

/* LIQTOP_DUMP_TAB=NAME[:SYMBOL] picks the view a dump shows ("detail:ETH",
 * "sources", "alerts", ...); unknown names leave the market tab. */
static void dump_tab(struct app *a)
{
    const char *env = getenv("LIQTOP_DUMP_TAB");
    if (!env || !*env)
        return;
    char name[32];
    text_copy(name, sizeof name, env);
    char *colon = strchr(name, ':');
    if (colon) {
        *colon = '\0';
        text_copy(a->ui.sel_sym, sizeof a->ui.sel_sym, colon + 1);
        text_upper(a->ui.sel_sym);
    }
    int t = ui_tab_from_name(name);
    if (t >= 0)
        a->ui.tab = (enum ui_tab)t;
}

void ui_dump_frame(struct app *a, int w, int h)
{
    struct surface s;
    if (surface_init(&s, w, h) != 0)
        return;
    ui_state_init(&a->ui);
    dump_tab(a);
    struct view v;
    fill_view(a, &v);
    v.flash = 1; /* a dump shows crit alerts in their alert colours */
    ui_render(&v, &a->ui, &s);
    char line[8192];
    for (int y = 0; y < s.h; y++) {
        surface_line(&s, y, line, sizeof line);
        puts(line);
    }
    fflush(stdout);
    surface_done(&s);
}
