/* The pure renderer (ui.h): a store and model with known figures rendered
 * into surfaces at 80x24 and 200x50; columns, sorting, filtering,
 * selection, tabs, the too-small message, ASCII vs UTF-8 glyphs, estimated
 * marks, flashing, mouse hits; then every view of the simulated market at
 * several sizes in both glyph sets. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/model.h"
#include "liqtop/sim.h"
#include "liqtop/term.h"
#include "liqtop/text.h"
#include "liqtop/ui.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN 60000LL
#define T0 1767225600000LL

static const char *const syms[] = {"BTC", "ETH", "SOL", "DOGE"};
#define NSYM 4
static const double base_px[NSYM] = {95000, 3400, 180, 0.32};
static const double chg_1h[NSYM] = {0.01, -0.02, 0.03, -0.04};
static const double oi_usd[NSYM] = {8e9, 4e9, 1.6e9, 8e8};
static const double funding[NSYM] = {0.0001, -0.0002, 0.0003, 0.00005};

struct fx {
    struct store *s;
    struct model *m;
    struct model_cfg cfg;
    struct alerts *al;
    struct keymap km;
    struct recs r;
    struct view v;
    struct ui_state st;
    struct surface surf;
    int64_t now;
};

static void apply(struct fx *f, enum venue_id vn)
{
    store_apply(f->s, vn, &f->r, f->now);
    recs_clear(&f->r);
}

static void add_liq(struct fx *f, enum venue_id vn, const char *sym, int64_t t, enum liq_side side,
                    double px, double usd)
{
    struct rec_liq *l = recs_add_liq(&f->r, sym);
    l->t_ms = t;
    l->side = side;
    l->price = px;
    l->usd = usd;
    l->qty = usd / px;
    apply(f, vn);
}

/* Two hours of minutes on binance: each price steps by its chg_1h at T0 +
 * 30 min, so at T0 + 60 min the 1h change is exactly chg_1h. */
/* A view of s, m and al with km's keys at now in mode; the rest zero. */
static struct view view_on(const struct store *s, const struct model *m, const struct alerts *al,
                           const struct keymap *km, int64_t now, enum app_mode mode)
{
    struct view v = {0};
    v.store = s;
    v.model = m;
    v.alerts = al;
    v.keys = km;
    v.now_ms = now;
    v.mode = mode;
    return v;
}

static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    struct store_cfg sc;
    store_cfg_default(&sc);
    f->s = store_new(&sc, syms, NSYM);
    model_cfg_default(&f->cfg);
    f->cfg.estimate.enable = 0; /* only the estimates the test writes */
    f->m = model_new(&f->cfg, f->s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    f->al = alerts_new(&ac);
    assert_non_null(f->s);
    assert_non_null(f->m);
    assert_non_null(f->al);
    keymap_default(&f->km);
    recs_init(&f->r);
    for (f->now = T0 - 60 * MIN; f->now <= T0 + 60 * MIN; f->now += MIN) {
        for (int i = 0; i < NSYM; i++) {
            struct rec_ticker *t = recs_add_ticker(&f->r, syms[i]);
            double px = base_px[i] * (f->now >= T0 + 30 * MIN ? 1 + chg_1h[i] : 1);
            t->mark = t->price = px;
            t->oi_usd = oi_usd[i];
            t->funding = funding[i];
            t->funding_interval_h = 8;
            t->ls_ratio = 1.5 + i * 0.1;
        }
        apply(f, VENUE_BINANCE);
        /* the other venues quote the same prices (they must be present to
         * count in per-venue figures) */
        enum venue_id others[] = {VENUE_BYBIT, VENUE_OKX, VENUE_HYPERLIQUID};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < NSYM; i++) {
                struct rec_ticker *t = recs_add_ticker(&f->r, syms[i]);
                t->mark = t->price = base_px[i] * (f->now >= T0 + 30 * MIN ? 1 + chg_1h[i] : 1);
            }
            apply(f, others[k]);
        }
        model_update(f->m, f->now, NULL);
    }
    f->now -= MIN;
    /* liquidations: reported on okx, bybit and binance; estimated on hyperliquid */
    add_liq(f, VENUE_OKX, "BTC", f->now - 10 * MIN, LIQ_LONG, 95500, 2e6);
    add_liq(f, VENUE_BYBIT, "BTC", f->now - 5 * MIN, LIQ_SHORT, 95600, 5e5);
    add_liq(f, VENUE_BINANCE, "ETH", f->now - 3 * MIN, LIQ_LONG, 3340, 1e6);
    struct rec_liq l = {"DOGE", f->now - 2 * MIN, LIQ_LONG, 0.31, 3e5 / 0.31, 3e5};
    assert_int_equal(store_add_liq(f->s, 3, VENUE_HYPERLIQUID, &l, 1), 1);
    /* Fear & Greed and market cap */
    f->r.has_fear_greed = 1;
    f->r.fear_greed = (struct rec_fear_greed){f->now, 21, "Extreme Fear"};
    apply(f, VENUE_FEARGREED);
    f->r.has_market_cap = 1;
    f->r.market_cap = (struct rec_market_cap){f->now, 3.2e12, -0.045, 0.58};
    apply(f, VENUE_COINGECKO);
    /* health */
    f->s->health[SRC_BINANCE].state = HEALTH_OK;
    f->s->health[SRC_BYBIT].state = HEALTH_OK;
    f->s->health[SRC_OKX].state = HEALTH_DOWN;
    text_copy(f->s->health[SRC_OKX].last_error, sizeof f->s->health[SRC_OKX].last_error,
              "HTTP 503");
    f->s->health[SRC_BINANCE_WS].state = HEALTH_OK;
    text_copy(f->s->health[SRC_BINANCE_WS].note, sizeof f->s->health[SRC_BINANCE_WS].note,
              "liquidations: lower bound (Binance sends at most 1 per symbol per second)");
    for (int src = SRC_GATE; src < SRC_COUNT; src++)
        if (src != SRC_BINANCE_WS)
            f->s->health[src].state = HEALTH_DISABLED;
    model_update(f->m, f->now, NULL);
    /* alerts: one crit, one warn */
    struct alert a;
    memset(&a, 0, sizeof a);
    a.t_ms = f->now - 60000;
    text_copy(a.kind, sizeof a.kind, "liq_cascade");
    a.sev = SEV_CRIT;
    text_copy(a.sym, sizeof a.sym, "BTC");
    text_copy(a.venue, sizeof a.venue, "all");
    a.value = a.threshold = NAN;
    text_copy(a.msg, sizeof a.msg, "BTC long liquidation cascade: 2 waves, $2.5M longs");
    assert_int_equal(alerts_raise(f->al, &a), 1);
    a.t_ms = f->now - 30000;
    text_copy(a.kind, sizeof a.kind, "funding_extreme");
    a.sev = SEV_WARN;
    text_copy(a.sym, sizeof a.sym, "ETH");
    text_copy(a.msg, sizeof a.msg, "ETH funding -219 %/yr on binance: shorts crowded");
    assert_int_equal(alerts_raise(f->al, &a), 1);

    f->v = view_on(f->s, f->m, f->al, &f->km, f->now, MODE_DEMO);
    f->v.speed = 1;
    f->v.interval_s = 1;
    f->v.utf8 = 1;
    f->v.theme_name = "default";
    f->v.flash = 1;
    ui_state_init(&f->st);
    assert_int_equal(surface_init(&f->surf, 80, 24), 0);
}

static void fx_close(struct fx *f)
{
    surface_done(&f->surf);
    recs_done(&f->r);
    alerts_free(f->al);
    model_free(f->m);
    store_free(f->s);
}

/* cmocka fixture: *state is an open struct fx. */
static int fx_setup(void **state)
{
    struct fx *f = malloc(sizeof *f);
    if (!f)
        return -1;
    fx_open(f);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx_close(*state);
    free(*state);
    return 0;
}

static void render(struct fx *f, int w, int h)
{
    if (f->surf.w != w || f->surf.h != h)
        assert_int_equal(surface_resize(&f->surf, w, h), 0);
    ui_render(&f->v, &f->st, &f->surf);
}

static const char *line(const struct fx *f, int y)
{
    static char buf[4096];
    surface_line(&f->surf, y, buf, sizeof buf);
    return buf;
}

/* First row containing needle, or -1. */
static int find(const struct fx *f, const char *needle)
{
    for (int y = 0; y < f->surf.h; y++)
        if (strstr(line(f, y), needle))
            return y;
    return -1;
}

static int has(const struct fx *f, const char *needle)
{
    return find(f, needle) >= 0;
}

static void key(struct fx *f, int code)
{
    ui_key(&f->st, &f->v, code);
}

/* The row of the market table that starts with sym, or -1. */
static int sym_row(const struct fx *f, const char *sym)
{
    size_t n = strlen(sym);
    for (int y = 0; y < f->surf.h; y++)
        if (strncmp(line(f, y), sym, n) == 0 && line(f, y)[n] == ' ')
            return y;
    return -1;
}

/* The symbols of the market table, top down, joined with spaces. */
static const char *table_order(struct fx *f)
{
    static char out[128];
    out[0] = '\0';
    int y0 = f->st.hits.market_y;
    assert_non_null(strstr(line(f, y0), "SYMBOL"));
    for (int y = y0 + 1; y < f->surf.h; y++) {
        char word[16] = "";
        sscanf(line(f, y), "%15s", word);
        int known = 0;
        for (int i = 0; i < NSYM; i++)
            known |= strcmp(word, syms[i]) == 0;
        if (!known)
            break;
        if (out[0])
            strcat(out, " ");
        strcat(out, word);
    }
    return out;
}

static void dump(const struct fx *f)
{
    for (int y = 0; y < f->surf.h; y++)
        print_message("|%s\n", line(f, y));
}

/* An assertion that shows the screen when it fails. */
#define EXPECT(f, cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            dump(f);                                                                               \
            fail_msg("%s", #cond);                                                                 \
        }                                                                                          \
    } while (0)

/* ------------------------------------------------------------------------ */

static void market_columns_at_80_and_200(void **state)
{
    struct fx *f = *state;
    render(f, 80, 24);
    int y = find(f, "SYMBOL");
    assert_int_equal(y, 3); /* header, summary, tabs, then the table */
    const char *t = line(f, y);
    for (const char *c = "PRICE\0" "1H\0" "24H\0" "OI\0" "FUND/YR\0" "LIQ 1H L/S\0"; *c;
         c += strlen(c) + 1)
        if (!strstr(t, c))
            fail_msg("80 columns: no '%s' in '%s'", c, t);
    assert_true(utf8_columns(line(f, y)) <= 80);
    /* the model's figures: price, 1h change, OI, annualized funding */
    const char *btc = line(f, sym_row(f, "BTC"));
    assert_non_null(strstr(btc, "95950.0"));
    assert_non_null(strstr(btc, "+1.00%"));
    assert_non_null(strstr(btc, "$8.00B"));
    assert_non_null(strstr(btc, "+11.0%")); /* 0.0001 x 3 x 365 */
    render(f, 200, 50);
    t = line(f, find(f, "SYMBOL"));
    for (const char *c = "TREND 24H\0" "OI 1H\0" "FUND/8H\0" "L/S\0" "SUPPORT\0" "TO SUP\0"; *c;
         c += strlen(c) + 1)
        if (!strstr(t, c))
            fail_msg("200 columns: no '%s' in '%s'", c, t);
    btc = line(f, sym_row(f, "BTC"));
    EXPECT(f, strstr(btc, "+0.0100%")); /* per 8 h */
    assert_non_null(strstr(btc, "1.50"));     /* long/short */
    /* header: mode, clock, health marks, Fear & Greed, market cap */
    assert_non_null(strstr(line(f, 0), "DEMO x1"));
    assert_non_null(strstr(line(f, 0), "2026-01-01 01:00:00 UTC"));
    assert_non_null(strstr(line(f, 0), "BN+"));
    assert_non_null(strstr(line(f, 0), "OK!"));
    assert_non_null(strstr(line(f, 0), "BNw+"));
    assert_null(strstr(line(f, 0), "GT")); /* disabled sources are not shown */
    assert_non_null(strstr(line(f, 1), "STRESS"));
    assert_non_null(strstr(line(f, 1), "F&G 21 Extreme Fear"));
    assert_non_null(strstr(line(f, 1), "MCap $3.20T -4.50%"));
}

static void sorting_by_key_and_reverse(void **state)
{
    struct fx *f = *state;
    render(f, 80, 24);
    assert_string_equal(table_order(f), "BTC ETH SOL DOGE"); /* OI, largest first */
    assert_non_null(strstr(line(f, find(f, "SYMBOL")), "OI▼"));
    key(f, 'S');
    render(f, 80, 24);
    assert_string_equal(table_order(f), "DOGE SOL ETH BTC");
    assert_non_null(strstr(line(f, find(f, "SYMBOL")), "OI▲"));
    /* s cycles: OI -> OI 1H -> FUND/8H ...; the tab bar names the sort */
    key(f, 's');
    render(f, 80, 24);
    assert_int_equal(f->st.sort_col, UI_COL_OI1H);
    assert_non_null(strstr(line(f, 2), "sort OI 1H"));
    f->st.sort_col = UI_COL_CH1H;
    f->st.sort_desc = 1;
    render(f, 80, 24);
    assert_string_equal(table_order(f), "SOL BTC ETH DOGE");
    f->st.sort_col = UI_COL_SYMBOL;
    f->st.sort_desc = 0;
    render(f, 80, 24);
    assert_string_equal(table_order(f), "BTC DOGE ETH SOL");
    f->st.sort_col = UI_COL_APR;
    f->st.sort_desc = 0;
    render(f, 80, 24);
    assert_string_equal(table_order(f), "ETH DOGE BTC SOL");
    /* liquidations 1h: BTC 2.5M, ETH 1M, DOGE 0.3M, SOL none */
    f->st.sort_col = UI_COL_LIQ;
    f->st.sort_desc = 1;
    render(f, 80, 24);
    assert_string_equal(table_order(f), "BTC ETH DOGE SOL");
    /* every column is reachable with s and comes back round */
    for (int i = 0; i < UI_COL_COUNT; i++)
        key(f, 's');
    assert_int_equal(f->st.sort_col, UI_COL_LIQ);
}

static void filter_and_selection(void **state)
{
    struct fx *f = *state;
    render(f, 80, 24);
    int y0 = find(f, "SYMBOL");
    /* the first row is selected; j moves down, selection drawn in its role */
    assert_string_equal(f->st.sel_sym, "BTC");
    key(f, 'j');
    render(f, 80, 24);
    assert_string_equal(f->st.sel_sym, "ETH");
    assert_int_equal(surface_cell(&f->surf, y0 + 2, 0)->role, ROLE_SELECTED);
    assert_int_equal(surface_cell(&f->surf, y0 + 2, 40)->role, ROLE_SELECTED);
    assert_true(surface_cell(&f->surf, y0 + 1, 0)->role != ROLE_SELECTED);
    /* the selection follows its symbol when the order changes */
    key(f, 'S');
    render(f, 80, 24);
    assert_string_equal(f->st.sel_sym, "ETH");
    assert_int_equal(surface_cell(&f->surf, y0 + 3, 0)->role, ROLE_SELECTED);
    /* G, g, k at the top stays */
    key(f, 'G');
    render(f, 80, 24);
    assert_string_equal(f->st.sel_sym, "BTC");
    key(f, 'g');
    key(f, 'k');
    render(f, 80, 24);
    assert_string_equal(f->st.sel_sym, "DOGE");
    key(f, KEY_NPAGE);
    assert_string_equal(f->st.sel_sym, "BTC");
    key(f, KEY_PPAGE);
    assert_string_equal(f->st.sel_sym, "DOGE");
    /* filter: "/", letters (either case), Enter; Esc clears */
    key(f, '/');
    render(f, 80, 24);
    assert_non_null(strstr(line(f, 23), "filter:"));
    key(f, 'o');
    key(f, 'G');
    render(f, 80, 24);
    assert_non_null(strstr(line(f, 23), "filter: oG_"));
    key(f, '\n');
    render(f, 80, 24);
    assert_string_equal(table_order(f), "DOGE");
    assert_non_null(strstr(line(f, 2), "filter oG"));
    key(f, '/');
    key(f, 'x');
    key(f, 'x');
    key(f, '\n');
    render(f, 80, 24);
    assert_true(has(f, "no symbol matches the filter"));
    key(f, 27);
    render(f, 80, 24);
    assert_string_equal(table_order(f), "DOGE SOL ETH BTC");
}

static void tabs_and_views(void **state)
{
    struct fx *f = *state;
    int sizes[2][2] = {{80, 24}, {200, 50}};
    for (int k = 0; k < 2; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        ui_state_init(&f->st);
        key(f, '2');
        render(f, w, h);
        assert_true(has(f, "LIQUIDATIONS"));
        assert_true(has(f, "24h by source"));
        assert_true(has(f, "LARGEST 24H"));
        key(f, '3');
        render(f, w, h);
        assert_true(has(f, "ALERTS  2 new, 1 crit"));
        assert_true(has(f, "liq_cascade"));
        assert_true(has(f, "funding_extreme"));
        key(f, '4');
        render(f, w, h);
        assert_true(has(f, "SOURCES"));
        assert_true(has(f, "HTTP 503"));
        assert_non_null(strstr(line(f, find(f, "okx ")), "down"));
        assert_true(has(f, "lower bound"));
        key(f, '5');
        render(f, w, h);
        assert_true(has(f, "BTC  95950.0"));
        assert_true(has(f, "window 4h"));
        assert_true(has(f, "VENUE"));
        assert_true(has(f, "-4h"));
        key(f, 27);
        render(f, w, h);
        assert_true(has(f, "SYMBOL"));
        /* Enter opens the detail of the selected symbol; Tab and Left cycle */
        key(f, 'j');
        key(f, '\n');
        render(f, w, h);
        assert_int_equal(f->st.tab, TAB_DETAIL);
        assert_true(has(f, "ETH  3332.00"));
        key(f, 'j'); /* next symbol */
        render(f, w, h);
        EXPECT(f, has(f, "SOL  185.40"));
        key(f, '\t');
        assert_int_equal(f->st.tab, TAB_MARKET);
        key(f, KEY_LEFT);
        assert_int_equal(f->st.tab, TAB_DETAIL);
        /* zoom: > shorter, < longer, clamped */
        key(f, '<');
        render(f, w, h);
        assert_true(has(f, "window 12h"));
        for (int i = 0; i < 10; i++)
            key(f, '>');
        render(f, w, h);
        assert_true(has(f, "window 15m"));
        key(f, '<');
        render(f, w, h);
        assert_true(has(f, "window 1h"));
    }
    /* Enter on an alert opens its symbol */
    ui_state_init(&f->st);
    key(f, '3');
    render(f, 80, 24);
    key(f, 'j'); /* newest first: the funding alert, then the cascade */
    key(f, '\n');
    render(f, 80, 24);
    assert_int_equal(f->st.tab, TAB_DETAIL);
    assert_string_equal(f->st.sel_sym, "BTC");
}

static void wide_layout_shows_three_panels(void **state)
{
    struct fx *f = *state;
    render(f, 200, 50);
    assert_true(f->st.wide);
    int ym = find(f, "SYMBOL"), yl = find(f, "LIQUIDATIONS"), ya = find(f, "ALERTS  2 new");
    assert_true(ym >= 0 && yl >= 0 && ya >= 0);
    assert_int_equal(ym, yl); /* side by side */
    assert_true(ya > ym + NSYM);
    assert_true(has(f, "STRESS ")); /* the breakdown under the table */
    render(f, 159, 50);
    assert_false(f->st.wide);
    assert_false(has(f, "LIQUIDATIONS"));
    assert_true(has(f, "ALERTS"));
}

static void too_small_message(void **state)
{
    struct fx *f = *state;
    render(f, 39, 12);
    assert_true(has(f, "terminal too small"));
    assert_true(has(f, "need 40x12, have 39x12"));
    render(f, 40, 11);
    assert_true(has(f, "terminal too small"));
    render(f, 40, 12);
    assert_false(has(f, "terminal too small"));
    assert_true(has(f, "SYMBOL"));
    assert_true(has(f, "BTC"));
    /* every view fits at the minimum without writing past the edges */
    for (int t = 0; t < TAB_COUNT; t++) {
        f->st.tab = (enum ui_tab)t;
        render(f, 40, 12);
        assert_false(has(f, "terminal too small"));
    }
}

/* Bytes >= 0x80 anywhere on the surface. */
static int non_ascii(const struct fx *f)
{
    for (int y = 0; y < f->surf.h; y++)
        for (int x = 0; x < f->surf.w; x++)
            if ((unsigned char)surface_cell(&f->surf, y, x)->ch[0] >= 0x80)
                return 1;
    return 0;
}

static int has_braille(const struct fx *f)
{
    for (int y = 0; y < f->surf.h; y++)
        for (int x = 0; x < f->surf.w; x++) {
            const unsigned char *c = (const unsigned char *)surface_cell(&f->surf, y, x)->ch;
            if (c[0] == 0xe2 && (c[1] & 0xfc) == 0xa0)
                return 1;
        }
    return 0;
}

static void ascii_and_utf8_glyphs(void **state)
{
    struct fx *f = *state;
    for (int t = 0; t < TAB_COUNT; t++) {
        ui_state_init(&f->st);
        f->st.tab = (enum ui_tab)t;
        f->v.utf8 = 0;
        render(f, 200, 50);
        if (non_ascii(f)) {
            dump(f);
            fail_msg("tab %d has non-ASCII cells with utf8 = 0", t);
        }
        render(f, 80, 24);
        assert_false(non_ascii(f));
        f->v.utf8 = 1;
        render(f, 200, 50);
        assert_true(non_ascii(f)); /* blocks, box lines or braille */
    }
    f->st.tab = TAB_DETAIL;
    render(f, 120, 40);
    assert_true(has_braille(f));
    f->v.utf8 = 0;
    render(f, 120, 40);
    assert_false(has_braille(f));
    assert_true(has(f, "|")); /* the ASCII chart and axis */
    /* sort marks */
    f->st.tab = TAB_MARKET;
    render(f, 80, 24);
    assert_non_null(strstr(line(f, find(f, "SYMBOL")), "OIv"));
}

static void estimated_and_lower_bound_marks(void **state)
{
    struct fx *f = *state;
    render(f, 80, 24);
    /* DOGE's liquidations are estimated: a leading ~ in the estimated role */
    int y = sym_row(f, "DOGE");
    const char *doge = line(f, y);
    const char *tilde = strstr(doge, "~$300K/$0");
    assert_non_null(tilde);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(tilde - doge), doge);
    assert_int_equal(surface_cell(&f->surf, y, utf8_columns(prefix))->role, ROLE_ESTIMATED);
    /* BTC's are reported: no mark */
    assert_non_null(strstr(line(f, sym_row(f, "BTC")), " $2.00M/$500K"));
    assert_null(strstr(line(f, sym_row(f, "BTC")), "~"));
    /* the liquidations panel: estimated venue marked, binance a lower bound */
    f->st.tab = TAB_LIQ;
    render(f, 80, 24);
    EXPECT(f, strstr(line(f, find(f, "hyperliquid ")), "~$300K/$0"));
    assert_non_null(strstr(line(f, find(f, "binance ")), "≥$1.00M/$0"));
    assert_true(has(f, "binance: liquidations: lower bound"));
    assert_non_null(strstr(line(f, find(f, "all venues")), "~$3.30M/$500K"));
    /* the cross-source range over venues' 24h totals, and the order count */
    assert_true(has(f, "24h by source $300K..$2.00M"));
    assert_true(has(f, "orders 1h 4"));
    /* the feed: largest first, estimated marked */
    int yf = find(f, "LARGEST 24H");
    assert_non_null(strstr(line(f, yf + 1), "$2.00M"));
    assert_non_null(strstr(line(f, yf + 1), "okx"));
    int yd = find(f, "$300K @");
    assert_true(yd > yf);
    assert_non_null(strstr(line(f, yd), "~"));
    /* ASCII: >= becomes > */
    f->v.utf8 = 0;
    render(f, 80, 24);
    assert_non_null(strstr(line(f, find(f, "binance ")), ">$1.00M/$0"));
}

static void crit_alerts_flash_until_acked(void **state)
{
    struct fx *f = *state;
    f->st.tab = TAB_ALERTS;
    f->v.flash = 1;
    render(f, 80, 24);
    int y = find(f, "liq_cascade");
    assert_true(y > 0);
    assert_int_equal(surface_cell(&f->surf, y, 20)->role, ROLE_ALERT_CRIT);
    assert_true(has(f, "2 CRIT") || has(f, "1 CRIT"));
    f->v.flash = 0;
    render(f, 80, 24);
    assert_int_equal(surface_cell(&f->surf, y, 20)->role, ROLE_NORMAL);
    /* the warn alert does not flash */
    int yw = find(f, "funding_extreme");
    assert_int_equal(surface_cell(&f->surf, yw, 40)->role, ROLE_SELECTED); /* selected row */
    f->st.alert_sel = 1;
    render(f, 80, 24);
    assert_int_equal(surface_cell(&f->surf, yw, 40)->role, ROLE_ALERT_WARN);
    /* a acknowledges: the app calls alerts_ack_all on UI_ACK */
    assert_int_equal(ui_key(&f->st, &f->v, 'a'), UI_ACK);
    alerts_ack_all(f->al);
    f->v.flash = 1;
    render(f, 80, 24);
    int r1 = surface_cell(&f->surf, y, 20)->role;
    f->v.flash = 0;
    render(f, 80, 24);
    assert_int_equal(surface_cell(&f->surf, y, 20)->role, r1);
    assert_false(has(f, "CRIT "));
    assert_true(has(f, "ALERTS  0 new"));
}

static void help_lists_keys_in_force(void **state)
{
    struct fx *f = *state;
    key(f, '?');
    render(f, 200, 50);
    assert_true(has(f, "liqtop keys"));
    const struct key_binding *tab = keys_table();
    for (int a = 0; a < ACT_COUNT; a++)
        if (!has(f, tab[a].help))
            fail_msg("help misses '%s'", tab[a].help);
    assert_true(has(f, "Mouse:"));
    /* a rebinding shows */
    char err[128];
    assert_int_equal(keymap_set(&f->km, "quit", "Q", err, sizeof err), 0);
    assert_int_equal(keymap_set(&f->km, "theme", "none", err, sizeof err), 0);
    render(f, 200, 50);
    int y = find(f, "Quit");
    assert_true(y > 0);
    assert_non_null(strstr(line(f, y), " Q "));
    assert_non_null(strstr(line(f, find(f, "Next colour theme")), "(unbound)"));
    /* at 80x24 it scrolls with the movement keys; any other key closes it */
    render(f, 80, 24);
    assert_true(has(f, "(more...)"));
    assert_false(has(f, tab[ACT_DEMO].help));
    for (int i = 0; i < 40; i++)
        key(f, 'j');
    render(f, 80, 24);
    assert_true(has(f, tab[ACT_DEMO].help));
    assert_true(f->st.help);
    key(f, 'x');
    assert_false(f->st.help);
    render(f, 80, 24);
    assert_true(has(f, "SYMBOL"));
    /* the status bar hints at the keys in force */
    assert_null(strstr(line(f, 23), "tTheme"));
    assert_non_null(strstr(line(f, 23), "QQuit"));
}

static void mouse_clicks_and_wheel(void **state)
{
    struct fx *f = *state;
    render(f, 200, 50);
    const struct ui_hits *h = &f->st.hits;
    int ym = h->market_y;
    assert_true(h->col_x1[UI_COL_CH1H] > h->col_x0[UI_COL_CH1H]);
    /* click a column title: sort by it, largest first; again: reverse */
    struct ui_mouse ev = {UI_MOUSE_CLICK, h->col_x0[UI_COL_CH1H] + 1, ym};
    ui_mouse(&f->st, &f->v, &ev);
    assert_int_equal(f->st.sort_col, UI_COL_CH1H);
    assert_int_equal(f->st.sort_desc, 1);
    render(f, 200, 50);
    assert_string_equal(table_order(f), "SOL BTC ETH DOGE");
    ui_mouse(&f->st, &f->v, &ev);
    render(f, 200, 50);
    assert_string_equal(table_order(f), "DOGE ETH BTC SOL");
    /* click a row: select it; click it again: its detail */
    ev = (struct ui_mouse){UI_MOUSE_CLICK, 3, ym + 2};
    ui_mouse(&f->st, &f->v, &ev);
    assert_string_equal(f->st.sel_sym, "ETH");
    assert_int_equal(f->st.tab, TAB_MARKET);
    render(f, 200, 50);
    ui_mouse(&f->st, &f->v, &ev);
    assert_int_equal(f->st.tab, TAB_DETAIL);
    /* wheel in the detail view zooms */
    render(f, 200, 50);
    ev = (struct ui_mouse){UI_MOUSE_WHEEL_DOWN, 50, 20};
    ui_mouse(&f->st, &f->v, &ev);
    render(f, 200, 50);
    assert_true(has(f, "window 12h"));
    /* click a tab label */
    ev = (struct ui_mouse){UI_MOUSE_CLICK, h->tab_x0[TAB_SOURCES] + 1, h->tabs_y};
    assert_int_equal(h->tabs_y, 2);
    ui_mouse(&f->st, &f->v, &ev);
    assert_int_equal(f->st.tab, TAB_SOURCES);
    /* wheel over the market table moves the selection */
    f->st.tab = TAB_MARKET;
    render(f, 200, 50);
    ev = (struct ui_mouse){UI_MOUSE_WHEEL_DOWN, 3, ym + 1};
    ui_mouse(&f->st, &f->v, &ev);
    assert_string_equal(f->st.sel_sym, "BTC");
    /* a click on an alert row selects it */
    render(f, 200, 50);
    ev = (struct ui_mouse){UI_MOUSE_CLICK, 10, h->alerts_y + 1};
    ui_mouse(&f->st, &f->v, &ev);
    assert_int_equal(f->st.alert_sel, 1);
    /* a click nowhere in particular changes nothing */
    struct ui_state before = f->st;
    ev = (struct ui_mouse){UI_MOUSE_CLICK, 199, 1};
    ui_mouse(&f->st, &f->v, &ev);
    assert_int_equal(memcmp(&before, &f->st, sizeof before), 0);
}

static void mouse_decoding(void **state)
{
    (void)state;
    struct ui_mouse ev;
    term_mouse_decode(BUTTON1_PRESSED, 12, 5, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_CLICK);
    assert_int_equal(ev.x, 12);
    assert_int_equal(ev.y, 5);
    term_mouse_decode(BUTTON1_CLICKED, 0, 0, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_CLICK);
    term_mouse_decode(BUTTON4_PRESSED, 1, 2, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_WHEEL_UP);
    term_mouse_decode(BUTTON5_PRESSED, 1, 2, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_WHEEL_DOWN);
    term_mouse_decode(BUTTON1_RELEASED, 1, 2, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_NONE);
    term_mouse_decode(BUTTON3_PRESSED, 1, 2, &ev);
    assert_int_equal(ev.kind, UI_MOUSE_NONE);
}

static void tab_names(void **state)
{
    (void)state;
    assert_int_equal(ui_tab_from_name("market"), TAB_MARKET);
    assert_int_equal(ui_tab_from_name("liq"), TAB_LIQ);
    assert_int_equal(ui_tab_from_name("alerts"), TAB_ALERTS);
    assert_int_equal(ui_tab_from_name("4"), TAB_SOURCES);
    assert_int_equal(ui_tab_from_name("detail"), TAB_DETAIL);
    assert_int_equal(ui_tab_from_name("x"), -1);
    assert_int_equal(ui_tab_from_name(""), -1);
    assert_int_equal(ui_tab_from_name("6"), -1);
    assert_true(ui_zoom_window_ms(0) == 4 * 3600000LL);
    assert_true(ui_zoom_window_ms(-100) == 15 * MIN);
    assert_true(ui_zoom_window_ms(100) == 7 * 24 * 3600000LL);
}

static void offline_banner_and_empty_store(void **state)
{
    (void)state;
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, syms, NSYM);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = model_new(&mc, s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    struct keymap km;
    keymap_default(&km);
    model_update(m, T0, NULL);
    struct view v = view_on(s, m, al, &km, T0, MODE_LIVE);
    v.offline = 1;
    v.utf8 = 1;
    struct ui_state st;
    ui_state_init(&st);
    struct surface surf;
    assert_int_equal(surface_init(&surf, 80, 24), 0);
    char buf[512];
    /* no data anywhere: every view says so instead of drawing zeros */
    for (int t = 0; t < TAB_COUNT; t++) {
        st.tab = (enum ui_tab)t;
        ui_render(&v, &st, &surf);
        surface_line(&surf, 3, buf, sizeof buf);
        assert_non_null(strstr(buf, "No source has answered"));
        surface_line(&surf, 0, buf, sizeof buf);
        assert_non_null(strstr(buf, "LIVE"));
    }
    st.tab = TAB_LIQ;
    ui_render(&v, &st, &surf);
    int found = 0;
    for (int y = 0; y < 24; y++) {
        surface_line(&surf, y, buf, sizeof buf);
        found |= strstr(buf, "no liquidation data yet") != NULL;
    }
    assert_true(found);
    st.tab = TAB_MARKET;
    ui_render(&v, &st, &surf);
    surface_line(&surf, 5, buf, sizeof buf);
    assert_non_null(strstr(buf, "BTC")); /* rows with "-" figures */
    assert_non_null(strstr(buf, " - "));
    /* the first error gets its own line under the advice */
    text_copy(v.offline_reason, sizeof v.offline_reason,
              "binance: could not resolve host fapi.binance.com");
    ui_render(&v, &st, &surf);
    surface_line(&surf, 3, buf, sizeof buf);
    assert_non_null(strstr(buf, "No source has answered"));
    surface_line(&surf, 4, buf, sizeof buf);
    assert_non_null(strstr(buf, "First error: binance: could not resolve host fapi.binance.com"));
    surface_line(&surf, 6, buf, sizeof buf);
    assert_non_null(strstr(buf, "BTC")); /* the table moved down a line */
    assert_int_equal(ui_key(&st, &v, 'd'), UI_DEMO);
    v.offline = 0;
    assert_int_equal(ui_key(&st, &v, 'd'), UI_NONE);
    surface_done(&surf);
    alerts_free(al);
    model_free(m);
    store_free(s);
}

/* The simulated market mid-cascade: every view at several sizes in both
 * glyph sets renders within bounds and shows what it is about. */
static void demo_market_every_view(void **state)
{
    (void)state;
    const char *demo_syms[] = {"BTC", "ETH", "SOL", "XRP", "DOGE"};
    struct store_cfg sc;
    store_cfg_default(&sc);
    struct store *s = store_new(&sc, demo_syms, 5);
    struct model_cfg mc;
    model_cfg_default(&mc);
    struct model *m = model_new(&mc, s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    struct sim_cfg simc;
    sim_cfg_default(&simc);
    struct sim *sim = sim_new(&simc, demo_syms, 5, T0);
    assert_non_null(sim);
    struct recs out[VENUE_COUNT];
    for (int vn = 0; vn < VENUE_COUNT; vn++)
        recs_init(&out[vn]);
    assert_int_equal(sim_history(sim, out), 0);
    int64_t now = T0;
    for (int vn = 0; vn < VENUE_COUNT; vn++) {
        store_apply(s, (enum venue_id)vn, &out[vn], now);
        recs_clear(&out[vn]);
    }
    for (int src = 0; src < SRC_COUNT; src++)
        s->health[src].state = source_is_stream((enum source_id)src) ? HEALTH_DISABLED : HEALTH_OK;
    model_update(m, now, al);
    while (now < T0 + 150000) {
        now += 1000;
        assert_int_equal(sim_advance(sim, now, out), 0);
        for (int vn = 0; vn < VENUE_COUNT; vn++) {
            store_apply(s, (enum venue_id)vn, &out[vn], now);
            recs_clear(&out[vn]);
        }
        model_update(m, now, al);
    }
    struct keymap km;
    keymap_default(&km);
    struct view v = view_on(s, m, al, &km, now, MODE_DEMO);
    v.speed_max = 1;
    v.flash = 1;
    const char *want[TAB_COUNT] = {"SYMBOL", "LIQUIDATIONS", "ALERTS", "SOURCES", "BTC  "};
    int sizes[][2] = {{40, 12}, {80, 24}, {120, 40}, {160, 30}, {200, 50}, {300, 80}};
    struct surface surf;
    assert_int_equal(surface_init(&surf, 1, 1), 0);
    char buf[8192];
    for (int u = 0; u < 2; u++) {
        v.utf8 = u;
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            assert_int_equal(surface_resize(&surf, sizes[k][0], sizes[k][1]), 0);
            for (int t = 0; t < TAB_COUNT; t++) {
                struct ui_state st;
                ui_state_init(&st);
                st.tab = (enum ui_tab)t;
                ui_render(&v, &st, &surf);
                int found = 0;
                for (int y = 0; y < surf.h; y++) {
                    size_t len = surface_line(&surf, y, buf, sizeof buf);
                    assert_true(len < sizeof buf - 1);
                    found |= strstr(buf, want[t]) != NULL;
                }
                if (!found)
                    fail_msg("%dx%d utf8=%d tab %d: no '%s'", surf.w, surf.h, u, t, want[t]);
            }
        }
    }
    /* mid-cascade: the detail view names the cascade and marks the break */
    assert_int_equal(surface_resize(&surf, 200, 50), 0);
    struct ui_state st;
    ui_state_init(&st);
    st.tab = TAB_DETAIL;
    v.utf8 = 1;
    ui_render(&v, &st, &surf);
    int cascade = 0, cross = 0;
    for (int y = 0; y < surf.h; y++) {
        surface_line(&surf, y, buf, sizeof buf);
        cascade |= strstr(buf, "CASCADE longs") != NULL;
        cross |= strstr(buf, "✕") != NULL;
    }
    assert_true(cascade);
    assert_true(cross);
    surface_done(&surf);
    for (int vn = 0; vn < VENUE_COUNT; vn++)
        recs_done(&out[vn]);
    sim_free(sim);
    alerts_free(al);
    model_free(m);
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(market_columns_at_80_and_200, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(sorting_by_key_and_reverse, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(filter_and_selection, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(tabs_and_views, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(wide_layout_shows_three_panels, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(too_small_message, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(ascii_and_utf8_glyphs, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(estimated_and_lower_bound_marks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(crit_alerts_flash_until_acked, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(help_lists_keys_in_force, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(mouse_clicks_and_wheel, fx_setup, fx_teardown),
        cmocka_unit_test(mouse_decoding),
        cmocka_unit_test(tab_names),
        cmocka_unit_test(offline_banner_and_empty_store),
        cmocka_unit_test(demo_market_every_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
