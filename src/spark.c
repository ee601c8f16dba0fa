/* spark: sparklines and bars (see spark.h). */
#include "liqtop/spark.h"

#include <math.h>
#include <string.h>

static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
static const char ascii_levels[8] = {'_', '.', '-', '~', '=', '+', '*', '#'};

char *spark_render(char *buf, size_t bufn, const double *v, size_t n, int utf8)
{
    if (!bufn)
        return buf;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (v[i] < lo)
            lo = v[i];
        if (v[i] > hi)
            hi = v[i];
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const char *g;
        char one[2] = {0, 0};
        if (isnan(v[i])) {
            g = " ";
        } else {
            int level = hi > lo ? (int)floor((v[i] - lo) / (hi - lo) * 7.999) : 3;
            if (level < 0)
                level = 0;
            if (level > 7)
                level = 7;
            if (utf8) {
                g = blocks[level];
            } else {
                one[0] = ascii_levels[level];
                g = one;
            }
        }
        size_t len = strlen(g);
        if (o + len + 1 > bufn)
            break;
        memcpy(buf + o, g, len);
        o += len;
    }
    buf[o] = '\0';
    return buf;
}

void spark_sample(const struct series *s, int64_t now_ms, int64_t window_ms, double *out,
                  size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t t = n > 1 ? now_ms - window_ms + (int64_t)((double)window_ms * (double)i /
                                                           (double)(n - 1))
                          : now_ms;
        out[i] = series_at(s, t);
    }
}

char *spark_bar(char *buf, size_t bufn, double frac, int width, int utf8)
{
    static const char *const eighths[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (!bufn)
        return buf;
    if (isnan(frac) || frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    int total = (int)lround(frac * width * 8);
    int full = total / 8, part = total % 8;
    size_t o = 0;
    for (int i = 0; i < full; i++) {
        const char *g = utf8 ? "█" : "#";
        size_t len = strlen(g);
        if (o + len + 1 > bufn)
            break;
        memcpy(buf + o, g, len);
        o += len;
    }
    if (part && full < width) {
        const char *g = utf8 ? eighths[part] : (part >= 4 ? "#" : "");
        size_t len = strlen(g);
        if (o + len + 1 <= bufn) {
            memcpy(buf + o, g, len);
            o += len;
        }
    }
    buf[o] = '\0';
    return buf;
}
