/* surface: in-memory cell grid (see surface.h). */
#include "liqtop/surface.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROLE_NAME(id, name) name,
static const char *const role_names[ROLE_COUNT] = {ROLE_LIST(ROLE_NAME)};
#undef ROLE_NAME

const char *role_name(enum role r)
{
    return (unsigned)r < ROLE_COUNT ? role_names[r] : "normal";
}

int role_from_name(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(role_names[i], name) == 0)
            return i;
    return -1;
}

int surface_init(struct surface *s, int w, int h)
{
    s->w = w < 1 ? 1 : w;
    s->h = h < 1 ? 1 : h;
    s->cells = malloc(sizeof *s->cells * (size_t)s->w * (size_t)s->h);
    if (!s->cells) {
        s->w = s->h = 0;
        return -1;
    }
    surface_clear(s);
    return 0;
}

void surface_done(struct surface *s)
{
    free(s->cells);
    s->cells = NULL;
    s->w = s->h = 0;
}

int surface_resize(struct surface *s, int w, int h)
{
    surface_done(s);
    return surface_init(s, w, h);
}

void surface_clear(struct surface *s)
{
    size_t n = (size_t)s->w * (size_t)s->h;
    for (size_t i = 0; i < n; i++) {
        s->cells[i].ch[0] = ' ';
        s->cells[i].ch[1] = '\0';
        s->cells[i].role = ROLE_NORMAL;
    }
}

/* Length of the UTF-8 sequence starting at p (1 for invalid bytes). */
static int utf8_len(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3
                            : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0)
        return -1;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return -1;
    return n;
}

int utf8_columns(const char *s)
{
    int cols = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = utf8_len(p);
        p += n > 0 ? n : 1;
        cols++;
    }
    return cols;
}

int surface_put(struct surface *s, int y, int x, int role, const char *utf8, int maxcols)
{
    if (!utf8 || y < 0 || y >= s->h)
        return 0;
    int limit = maxcols < 0 ? s->w - x : maxcols;
    int cols = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p && cols < limit) {
        int n = utf8_len(p);
        int cx = x + cols;
        if (cx >= s->w)
            break;
        if (cx >= 0) {
            struct cell *c = &s->cells[(size_t)y * (size_t)s->w + (size_t)cx];
            if (n < 0 || (n == 1 && (*p < 0x20 || *p == 0x7f))) {
                c->ch[0] = '?';
                c->ch[1] = '\0';
            } else {
                memcpy(c->ch, p, (size_t)n);
                c->ch[n] = '\0';
            }
            c->role = (uint8_t)role;
        }
        p += n > 0 ? n : 1;
        cols++;
    }
    return cols;
}

int surface_printf(struct surface *s, int y, int x, int role, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return surface_put(s, y, x, role, buf, -1);
}

int surface_put_right(struct surface *s, int y, int x_end, int role, const char *utf8)
{
    int cols = utf8_columns(utf8);
    return surface_put(s, y, x_end - cols, role, utf8, cols);
}

void surface_fill(struct surface *s, int y, int x, int w, int h, int role, const char *glyph)
{
    for (int r = y; r < y + h; r++)
        for (int c = x; c < x + w; c++)
            surface_put(s, r, c, role, glyph, 1);
}

void surface_set_role(struct surface *s, int y, int x, int w, int role)
{
    if (y < 0 || y >= s->h)
        return;
    for (int c = x < 0 ? 0 : x; c < x + w && c < s->w; c++)
        s->cells[(size_t)y * (size_t)s->w + (size_t)c].role = (uint8_t)role;
}

const struct cell *surface_cell(const struct surface *s, int y, int x)
{
    if (y < 0 || y >= s->h || x < 0 || x >= s->w)
        return NULL;
    return &s->cells[(size_t)y * (size_t)s->w + (size_t)x];
}

size_t surface_line(const struct surface *s, int y, char *buf, size_t n)
{
    size_t o = 0, last_nonblank = 0;
    if (!n)
        return 0;
    for (int x = 0; y >= 0 && y < s->h && x < s->w; x++) {
        const char *ch = s->cells[(size_t)y * (size_t)s->w + (size_t)x].ch;
        size_t len = strlen(ch);
        if (o + len + 1 > n)
            break;
        memcpy(buf + o, ch, len);
        o += len;
        if (!(len == 1 && ch[0] == ' '))
            last_nonblank = o;
    }
    buf[last_nonblank] = '\0';
    return last_nonblank;
}
