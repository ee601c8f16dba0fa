/* surface: a grid of cells that panels draw into.
 *
 * Every frame is rendered into a surface first (pure, no terminal): tests
 * and --dump-frame read it as text, and the terminal backend (ui/term.c)
 * copies only the cells that changed since the previous frame into ncurses,
 * then calls doupdate() once. A cell holds one UTF-8 character of one column
 * and a colour role; text from the network is sanitized to ASCII before it
 * gets here, and our own glyphs (blocks, braille, box lines) are one column
 * wide, so columns == characters. */
#ifndef LIQTOP_SURFACE_H
#define LIQTOP_SURFACE_H

#include <stddef.h>
#include <stdint.h>

/* Colour roles: what a cell means, not what colour it is (themes decide). */
#define ROLE_LIST(X)                                                                               \
    X(ROLE_NORMAL, "normal")                                                                       \
    X(ROLE_DIM, "dim")                                                                             \
    X(ROLE_HEADER, "header")                                                                       \
    X(ROLE_TITLE, "title")                                                                         \
    X(ROLE_COLUMN, "column")                                                                       \
    X(ROLE_UP, "up")                                                                               \
    X(ROLE_DOWN, "down")                                                                           \
    X(ROLE_SPARK, "spark")                                                                         \
    X(ROLE_SELECTED, "selected")                                                                   \
    X(ROLE_STATUS, "status")                                                                       \
    X(ROLE_KEY, "key")                                                                             \
    X(ROLE_ALERT_INFO, "alert.info")                                                               \
    X(ROLE_ALERT_WARN, "alert.warn")                                                               \
    X(ROLE_ALERT_CRIT, "alert.crit")                                                               \
    X(ROLE_OK, "source.ok")                                                                        \
    X(ROLE_STALE, "source.stale")                                                                  \
    X(ROLE_BAD, "source.down")                                                                     \
    X(ROLE_BORDER, "border")                                                                       \
    X(ROLE_LONG, "liq.long")                                                                       \
    X(ROLE_SHORT, "liq.short")                                                                     \
    X(ROLE_ESTIMATED, "estimated")                                                                 \
    X(ROLE_GAUGE_LOW, "gauge.low")                                                                 \
    X(ROLE_GAUGE_MID, "gauge.mid")                                                                 \
    X(ROLE_GAUGE_HIGH, "gauge.high")                                                               \
    X(ROLE_SUPPORT, "support")                                                                     \
    X(ROLE_RESISTANCE, "resistance")                                                               \
    X(ROLE_CHART, "chart")

#define ROLE_ENUM(id, name) id,
enum role { ROLE_LIST(ROLE_ENUM) ROLE_COUNT };
#undef ROLE_ENUM

/* "alert.crit" for ROLE_ALERT_CRIT; role_from_name returns -1 if unknown. */
const char *role_name(enum role r);
int role_from_name(const char *name);

struct cell {
    char ch[5];   /* one UTF-8 character, NUL-terminated; " " when blank */
    uint8_t role; /* enum role */
};

struct surface {
    int w, h;
    struct cell *cells; /* h rows of w */
};

/* 0 ok, -1 out of memory. Sizes below 1 are raised to 1. */
int surface_init(struct surface *s, int w, int h);
void surface_done(struct surface *s);
/* Resize (contents cleared). */
int surface_resize(struct surface *s, int w, int h);
/* Every cell blank with ROLE_NORMAL. */
void surface_clear(struct surface *s);

/* Draw UTF-8 text at (y, x), clipped to the surface and to maxcols columns
 * (maxcols < 0: to the right edge). Control characters are drawn as '?'.
 * Returns the columns written. */
int surface_put(struct surface *s, int y, int x, int role, const char *utf8, int maxcols);
/* printf-style; same clipping as surface_put with maxcols = -1. */
int surface_printf(struct surface *s, int y, int x, int role, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Right-align text so it ends just before column x_end. */
int surface_put_right(struct surface *s, int y, int x_end, int role, const char *utf8);
/* Fill a rectangle with one glyph. */
void surface_fill(struct surface *s, int y, int x, int w, int h, int role, const char *glyph);
/* Change the role of w cells from (y, x) (e.g. a selection bar). */
void surface_set_role(struct surface *s, int y, int x, int w, int role);

const struct cell *surface_cell(const struct surface *s, int y, int x);
/* Plain text of row y into buf (trailing blanks removed); returns its length. */
size_t surface_line(const struct surface *s, int y, char *buf, size_t n);
/* Number of UTF-8 characters (= columns) in a string. */
int utf8_columns(const char *s);

#endif
