/* app_int: the state of one run, shared by the app_*.c files. Not public.
 *
 * app.c sets up and tears down; app_demo.c, app_replay.c and app_live.c are
 * the three data sources; app_ui.c is the terminal front end. */
#ifndef LIQTOP_APP_INT_H
#define LIQTOP_APP_INT_H

#include "liqtop/alert.h"
#include "liqtop/alertsink.h"
#include "liqtop/app.h"
#include "liqtop/fetch.h"
#include "liqtop/journal.h"
#include "liqtop/loop.h"
#include "liqtop/model.h"
#include "liqtop/settings.h"
#include "liqtop/sim.h"
#include "liqtop/store.h"
#include "liqtop/stream.h"
#include "liqtop/surface.h"
#include "liqtop/term.h"
#include "liqtop/theme.h"
#include "liqtop/ui.h"

#include <signal.h>

#define APP_MAX_SYMBOLS 64

enum output { OUT_UI, OUT_HEADLESS, OUT_ONCE, OUT_DUMP };

struct app {
    const struct options *opt;
    struct settings set;
    enum app_mode mode;
    enum output output;
    char syms[APP_MAX_SYMBOLS][16];
    const char *symp[APP_MAX_SYMBOLS];
    size_t n_syms;

    struct store *store;
    struct model *model;
    struct alerts *alerts;
    struct alertsink *sink;
    struct loop *loop;

    /* demo */
    struct sim *sim;
    struct recs out[VENUE_COUNT];

    /* replay */
    struct journal_reader *reader;
    struct journal_entry pending; /* read but not yet due (finite speed) */
    int have_pending, replay_eof;
    struct recs replay_recs;
    long replay_bad_lines;

    /* live */
    struct fetch *fetch;
    struct streams *streams;
    struct journal *journal; /* --record */
    int64_t live_started_mono;

    /* model time and the market clock (demo, replay):
     * market = base_market + (mono - base_mono) * speed */
    int64_t now_ms;
    int64_t start_ms; /* model time when the run started */
    int64_t end_ms;   /* stop at this model time (0 = never) */
    double speed;
    int speed_max;
    int paused;
    int64_t base_market, base_mono;
    int clock_started; /* replay: the base is set from the first line */

    /* terminal */
    struct term *term;
    struct theme theme;
    struct surface surf;
    struct ui_state ui;
    int utf8;
    int offline; /* live: every REST source failed, none answered */
    char offline_reason[200]; /* the first of those errors, "venue: reason" */
    int dirty;
    int force_full;
    uint64_t drawn_store_version, drawn_alerts_version;
    int64_t drawn_second;
    int drawn_flash; /* flash phase of the last frame (unacked crit alerts blink) */
    int64_t last_data_frame_mono;
    char notice[200];
    int64_t notice_until_mono;

    int exit_code;
};

extern volatile sig_atomic_t app_quit_signal;

/* app.c */
void app_after_update(struct app *a, int64_t now_ms);
void app_set_notice(struct app *a, const char *msg);
double app_interval_s(const struct app *a);
/* A source's health changed: raise source_down / source_up. */
void app_health_alert(struct app *a, enum source_id src, enum health_state old,
                      enum health_state now, const char *reason, int64_t now_ms);
int app_finished(const struct app *a);
void app_clock_rebase(struct app *a);
int64_t app_clock_target(const struct app *a);

/* app_demo.c */
int demo_start(struct app *a, char *err, size_t errn);
int demo_advance(struct app *a, int64_t target_ms);
void demo_stop(struct app *a);

/* app_replay.c */
int replay_open(struct app *a, char *err, size_t errn);
/* Apply every line with t <= target (all of them with target < 0).
 * Returns 0, or 1 at the end of the journal. */
int replay_advance(struct app *a, int64_t target_ms);
void replay_close(struct app *a);

/* app_live.c */
int live_start(struct app *a, char *err, size_t errn);
void live_poll_now(struct app *a);
/* 1 once every source answered or failed its first requests. */
int live_first_round_done(const struct app *a);
/* Checks run every second: offline banner, model tick, hook reaping. */
void live_tick(struct app *a);
void live_stop(struct app *a);

/* app_ui.c */
int ui_open(struct app *a, char *err, size_t errn);
void ui_close(struct app *a);
/* Run the interactive loop until quit; returns 0 or -1. */
int ui_run(struct app *a);
/* Render one frame into a W x H surface and print it as text. */
void ui_dump_frame(struct app *a, int w, int h);
/* Switch a live run that found no network to the demo market ('d'). */
int app_switch_to_demo(struct app *a, char *err, size_t errn);

#endif
