/* bench_render: time to render one frame into an in-memory surface (benchmark).
 *
 *   bench_render [SYMBOLS]               default: the default five symbols
 *
 * The state is the demo's: the simulator (seed 1, as --demo) run for two
 * market hours in 1 s steps through store_apply and model_update, as
 * app_demo.c does, so the shock, the break and the cascade are on screen.
 * Then ui_render (the function the terminal front end and --dump-frame
 * call) draws the frame into a surface of each size, repeatedly, for at
 * least 0.3 s of CPU; the figure is CPU microseconds per frame. Copying the
 * surface to ncurses (term_present) is not included: the pty figures
 * (ptydrive) cover the terminal side.
 *
 * The market view at both sizes, then every other view (tab) at 220x60.
 *
 * Output: "render WxH symbols=N tab=NAME us_per_frame=X". */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include "liqtop/alert.h"
#include "liqtop/keys.h"
#include "liqtop/model.h"
#include "liqtop/sim.h"
#include "liqtop/store.h"
#include "liqtop/surface.h"
#include "liqtop/ui.h"

#include <stdlib.h>
#include <string.h>

#define DEMO_EPOCH 1767225600000LL /* 2026-01-01, as the demo */

static const char *const five[] = {"BTC", "ETH", "SOL", "XRP", "DOGE"};

static void apply(struct store *s, struct recs out[VENUE_COUNT], int64_t now)
{
    for (int v = 0; v < VENUE_COUNT; v++) {
        if (recs_count(&out[v]))
            store_apply(s, (enum venue_id)v, &out[v], now);
        recs_clear(&out[v]);
    }
}

static double frame_us(const struct view *v, int w, int h, enum ui_tab tab)
{
    struct surface surf;
    if (surface_init(&surf, w, h) != 0)
        exit(1);
    struct ui_state st;
    ui_state_init(&st);
    st.tab = tab;
    long n = 0;
    double c0 = bu_cpu_s(), c1;
    do {
        for (int k = 0; k < 20; k++) {
            ui_render(v, &st, &surf);
            bu_keep(surf.cells);
        }
        n += 20;
        c1 = bu_cpu_s();
    } while (c1 - c0 < 0.3);
    surface_done(&surf);
    return (c1 - c0) / (double)n * 1e6;
}

int main(int argc, char **argv)
{
    size_t ns = argc > 1 ? (size_t)atoi(argv[1]) : 5;
    if (ns < 1)
        ns = 1;
    if (ns > 64)
        ns = 64; /* the app's limit */
    static char names[64][16];
    const char *syms[64];
    for (size_t i = 0; i < ns; i++) {
        if (i < 5)
            snprintf(names[i], sizeof names[i], "%s", five[i]);
        else
            snprintf(names[i], sizeof names[i], "ALT%02u", (unsigned)(i % 100));
        syms[i] = names[i];
    }
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, syms, ns);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = model_new(&mc, s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    struct sim_cfg simc;
    sim_cfg_default(&simc);
    simc.seed = 1;
    struct sim *sim = sim_new(&simc, syms, ns, DEMO_EPOCH);
    if (!s || !m || !al || !sim)
        return 1;
    struct recs out[VENUE_COUNT];
    for (int v = 0; v < VENUE_COUNT; v++)
        recs_init(&out[v]);
    sim_history(sim, out);
    apply(s, out, DEMO_EPOCH);
    model_update(m, DEMO_EPOCH, al);
    int64_t now = DEMO_EPOCH;
    while (now < DEMO_EPOCH + 2 * 3600000LL) {
        now += 1000;
        sim_advance(sim, now, out);
        apply(s, out, now);
        model_update(m, now, al);
    }
    struct keymap km;
    keymap_default(&km);
    struct view v;
    memset(&v, 0, sizeof v);
    v.store = s;
    v.model = m;
    v.alerts = al;
    v.keys = &km;
    v.now_ms = now;
    v.mode = MODE_DEMO;
    v.speed = 1;
    v.interval_s = 1;
    v.utf8 = 1;
    v.theme_name = "default";
    static const int sizes[][2] = {{80, 24}, {220, 60}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        printf("render %dx%d symbols=%zu tab=market us_per_frame=%.1f alerts=%zu\n", sizes[i][0],
               sizes[i][1], ns, frame_us(&v, sizes[i][0], sizes[i][1], TAB_MARKET),
               alerts_count(al));
    /* the other views, at the large size */
    static const char *const tab_names[TAB_COUNT] = {"market", "liquidations", "alerts",
                                                     "sources", "detail"};
    for (int t = TAB_MARKET + 1; t < TAB_COUNT; t++)
        printf("render 220x60 symbols=%zu tab=%s us_per_frame=%.1f alerts=%zu\n", ns,
               tab_names[t], frame_us(&v, 220, 60, (enum ui_tab)t), alerts_count(al));
    for (int k = 0; k < VENUE_COUNT; k++)
        recs_done(&out[k]);
    sim_free(sim);
    alerts_free(al);
    model_free(m);
    store_free(s);
    return 0;
}
