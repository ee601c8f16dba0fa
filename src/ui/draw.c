/* draw: helpers shared by the panels (see panel.h). */
#include "panel.h"

#include "liqtop/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct glyphs utf8_glyphs = {
    "│", "─", "▲", "▼", "·", "█", "▒", "✕", "●", "…", "·", "─",
    {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
};
static const struct glyphs ascii_glyphs = {
    "|", "-", "^", "v", ".", "#", "=", "X", "*", "~", ":", "=",
    {" ", "_", "_", "-", "-", "=", "=", "#", "#"},
};

const struct glyphs *ui_glyphs(int utf8)
{
    return utf8 ? &utf8_glyphs : &ascii_glyphs;
}

static int to_tm(int64_t t_ms, int local, struct tm *tm)
{
    time_t secs = (time_t)(t_ms / 1000);
    return local ? localtime_r(&secs, tm) != NULL : gmtime_r(&secs, tm) != NULL;
}

void ui_format_time(char *buf, size_t n, int64_t t_ms, int local)
{
    struct tm tm;
    if (!to_tm(t_ms, local, &tm)) {
        snprintf(buf, n, "--");
        return;
    }
    char tz[16] = "UTC";
    if (local)
        strftime(tz, sizeof tz, "%Z", &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(buf, n, "%s %s", when, tz);
}

void ui_format_clock(char *buf, size_t n, int64_t t_ms, int local)
{
    struct tm tm;
    if (!to_tm(t_ms, local, &tm)) {
        snprintf(buf, n, "--:--:--");
        return;
    }
    strftime(buf, n, "%H:%M:%S", &tm);
}

void ui_format_ago(char *buf, size_t n, int64_t ms)
{
    if (ms < 0) {
        snprintf(buf, n, "-");
        return;
    }
    int64_t s = ms / 1000;
    if (s < 100)
        snprintf(buf, n, "%llds", (long long)s);
    else if (s < 100 * 60)
        snprintf(buf, n, "%lldm", (long long)(s / 60));
    else if (s < 48 * 3600)
        snprintf(buf, n, "%lldh", (long long)(s / 3600));
    else
        snprintf(buf, n, "%lldd", (long long)(s / 86400));
}

void ui_format_liq_pair(char *buf, size_t n, const struct liq_totals *t)
{
    char l[16], sh[16];
    num_fmt_usd(l, sizeof l, t->usd[LIQ_LONG]);
    num_fmt_usd(sh, sizeof sh, t->usd[LIQ_SHORT]);
    snprintf(buf, n, "%s%s/%s", t->estimated ? "~" : "", l, sh);
}

int ui_change_role(double x)
{
    return isnan(x) || x == 0 ? ROLE_NORMAL : x > 0 ? ROLE_UP : ROLE_DOWN;
}

void ui_panel_title(struct surface *s, struct rect r, const char *title, const char *right)
{
    if (r.h <= 0 || r.w <= 0)
        return;
    surface_fill(s, r.y, r.x, r.w, 1, ROLE_COLUMN, " ");
    int used = surface_put(s, r.y, r.x + 1, ROLE_COLUMN, title, r.w - 2) + 1;
    if (right && *right) {
        int rw = utf8_columns(right);
        if (used + 2 + rw <= r.w - 1)
            surface_put(s, r.y, r.x + r.w - 1 - rw, ROLE_COLUMN, right, rw);
    }
}

void ui_liq_bar(struct surface *s, int y, int x, int w, double long_usd, double short_usd,
                double max, int utf8)
{
    const struct glyphs *g = ui_glyphs(utf8);
    if (w <= 0)
        return;
    if (!(max > 0))
        return;
    double l = long_usd > 0 ? long_usd : 0, sh = short_usd > 0 ? short_usd : 0;
    int nl = (int)lround(l / max * w), ns = (int)lround(sh / max * w);
    /* any non-zero side shows at least one cell */
    if (l > 0 && nl == 0)
        nl = 1;
    if (sh > 0 && ns == 0)
        ns = 1;
    if (nl > w)
        nl = w;
    if (nl + ns > w)
        ns = w - nl;
    surface_fill(s, y, x, nl, 1, ROLE_LONG, g->full);
    surface_fill(s, y, x + nl, ns, 1, ROLE_SHORT, g->shade);
}

int ui_cols_layout(const struct ui_colspec *c, int n, int width, int *shown, int *widths)
{
    int maxpr = 0;
    for (int i = 0; i < n; i++) {
        shown[i] = 1;
        widths[i] = c[i].width;
        if (c[i].priority > maxpr)
            maxpr = c[i].priority;
    }
    int used = 0;
    for (int pr = maxpr; pr >= 0; pr--) {
        used = 0;
        for (int i = 0; i < n; i++)
            if (shown[i])
                used += c[i].width + 1;
        if (used <= width)
            break;
        if (pr == 0)
            break; /* the essential columns stay even when clipped */
        for (int i = 0; i < n; i++)
            if (c[i].priority == pr)
                shown[i] = 0;
    }
    for (int i = 0; i < n; i++) {
        if (shown[i] && c[i].flex_max > 0 && used < width) {
            int extra = width - used;
            if (extra > c[i].flex_max - c[i].width)
                extra = c[i].flex_max - c[i].width;
            if (extra > 0) {
                widths[i] += extra;
                used += extra;
            }
            break;
        }
    }
    return used;
}

void ui_cell(struct surface *s, int y, int x, int w, int right, int role, const char *text)
{
    if (w <= 0)
        return;
    int cols = utf8_columns(text);
    if (right && cols <= w)
        surface_put(s, y, x + w - cols, role, text, cols);
    else
        surface_put(s, y, x, role, text, w);
}
