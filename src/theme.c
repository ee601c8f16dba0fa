/* theme: theme files (see theme.h). */
#include "liqtop/theme.h"

#include "liqtop/num.h"
#include "liqtop/text.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LIQTOP_DATADIR
#define LIQTOP_DATADIR "/usr/local/share/liqtop"
#endif

/* The default dark theme; themes/default.theme says the same. */
static const char builtin_text[] = "normal = default default\n"
                                   "dim = white default dim\n"
                                   "header = black cyan\n"
                                   "title = cyan default bold\n"
                                   "column = black green\n"
                                   "up = green default\n"
                                   "down = red default\n"
                                   "spark = cyan default\n"
                                   "selected = black cyan\n"
                                   "status = black cyan\n"
                                   "key = white default bold\n"
                                   "alert.info = cyan default\n"
                                   "alert.warn = yellow default bold\n"
                                   "alert.crit = white red bold\n"
                                   "source.ok = green default\n"
                                   "source.stale = yellow default\n"
                                   "source.down = red default bold\n"
                                   "border = blue default\n"
                                   "liq.long = red default\n"
                                   "liq.short = green default\n"
                                   "estimated = yellow default\n"
                                   "gauge.low = green default\n"
                                   "gauge.mid = yellow default\n"
                                   "gauge.high = red default bold\n"
                                   "support = green default\n"
                                   "resistance = red default\n"
                                   "chart = cyan default\n";

static int parse_color(const char *w, short *out)
{
    static const char *names[] = {"black", "red", "green", "yellow",
                                  "blue", "magenta", "cyan", "white"};
    if (strcmp(w, "default") == 0) {
        *out = -1;
        return 0;
    }
    int bright = 0;
    if (strncmp(w, "bright", 6) == 0) {
        bright = 8;
        w += 6;
    }
    for (int i = 0; i < 8; i++) {
        if (strcmp(w, names[i]) == 0) {
            *out = (short)(i + bright);
            return 0;
        }
    }
    if (bright)
        return -1;
    if (strncmp(w, "color", 5) == 0)
        w += 5;
    int64_t n;
    if (num_parse_i64(w, strlen(w), &n) == NUM_OK && n >= 0 && n <= 255) {
        *out = (short)n;
        return 0;
    }
    return -1;
}

static int parse_attr(const char *w)
{
    static const struct {
        const char *name;
        int bit;
    } attrs[] = {{"bold", THEME_BOLD},         {"dim", THEME_DIM},
                 {"underline", THEME_UNDERLINE}, {"reverse", THEME_REVERSE},
                 {"standout", THEME_STANDOUT}, {"blink", THEME_BLINK},
                 {"italic", THEME_ITALIC}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (strcmp(w, attrs[i].name) == 0)
            return attrs[i].bit;
    return -1;
}

int theme_parse(struct theme *out, const char *name, const char *text, char *err, size_t errn)
{
    struct theme t;
    memset(&t, 0, sizeof t);
    text_copy(t.name, sizeof t.name, name);
    for (int r = 0; r < ROLE_COUNT; r++)
        t.role[r] = (struct theme_style){-1, -1, 0, 0};
    int lineno = 0;
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        char line[256];
        if (len >= sizeof line) {
            snprintf(err, errn, "%s:%d: line too long", name, lineno);
            return -1;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : NULL;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(line, '=');
        char *words[8];
        int nw = 0;
        char *lhs = line;
        char *rhs = eq ? eq + 1 : NULL;
        if (eq)
            *eq = '\0';
        char *role_word = strtok(lhs, " \t\r");
        if (!role_word && !rhs)
            continue; /* blank or comment */
        if (!role_word || !rhs || strtok(NULL, " \t\r")) {
            snprintf(err, errn, "%s:%d: expected 'role = fg bg [attrs]'", name, lineno);
            return -1;
        }
        for (char *w = strtok(rhs, " \t\r"); w; w = strtok(NULL, " \t\r")) {
            if (nw == 8) {
                snprintf(err, errn, "%s:%d: too many words", name, lineno);
                return -1;
            }
            words[nw++] = w;
        }
        int role = role_from_name(role_word);
        if (role < 0) {
            char safe[40];
            text_sanitize(safe, sizeof safe, role_word, strlen(role_word));
            snprintf(err, errn, "%s:%d: unknown role '%s'", name, lineno, safe);
            return -1;
        }
        if (nw < 2) {
            snprintf(err, errn, "%s:%d: %s: needs a foreground and a background colour", name,
                     lineno, role_word);
            return -1;
        }
        struct theme_style st = {-1, -1, 0, 1};
        for (int i = 0; i < nw; i++) {
            char safe[40];
            text_sanitize(safe, sizeof safe, words[i], strlen(words[i]));
            if (i < 2) {
                if (parse_color(words[i], i == 0 ? &st.fg : &st.bg) != 0) {
                    snprintf(err, errn, "%s:%d: %s: unknown colour '%s'", name, lineno,
                             role_word, safe);
                    return -1;
                }
            } else {
                int a = parse_attr(words[i]);
                if (a < 0) {
                    snprintf(err, errn, "%s:%d: %s: unknown attribute '%s'", name, lineno,
                             role_word, safe);
                    return -1;
                }
                st.attrs |= a;
            }
        }
        t.role[role] = st;
    }
    for (int r = 0; r < ROLE_COUNT; r++)
        if (!t.role[r].set)
            t.role[r] = t.role[ROLE_NORMAL];
    *out = t;
    return 0;
}

void theme_builtin(struct theme *t)
{
    char err[128];
    theme_parse(t, "default", builtin_text, err, sizeof err);
}

/* The directories searched, most specific first. */
static size_t theme_dirs(char dirs[][PATH_MAX], size_t max)
{
    size_t n = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (n < max && xdg && *xdg)
        snprintf(dirs[n++], PATH_MAX, "%s/liqtop/themes", xdg);
    else if (n < max && home && *home)
        snprintf(dirs[n++], PATH_MAX, "%s/.config/liqtop/themes", home);
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0 && n < max) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dirs[n++], PATH_MAX, "%.*s/themes", PATH_MAX - 8, exe);
        }
    }
    if (n < max)
        snprintf(dirs[n++], PATH_MAX, "%s/themes", LIQTOP_DATADIR);
    return n;
}

int theme_load(struct theme *t, const char *name, char *err, size_t errn)
{
    if (!name || !*name || strchr(name, '/') || strlen(name) > 48) {
        snprintf(err, errn, "'%s' is not a theme name", name ? name : "");
        return -1;
    }
    char dirs[4][PATH_MAX];
    size_t nd = theme_dirs(dirs, 4);
    for (size_t i = 0; i < nd; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s.theme", dirs[i], name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char buf[16384];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        int too_big = !feof(f);
        fclose(f);
        if (too_big) {
            snprintf(err, errn, "%s: theme file too large", path);
            return -1;
        }
        buf[len] = '\0';
        if (strlen(buf) != len) {
            snprintf(err, errn, "%s: NUL byte (not a text file?)", path);
            return -1;
        }
        return theme_parse(t, path, buf, err, errn) == 0 ? (text_copy(t->name, sizeof t->name,
                                                                       name),
                                                             0)
                                                          : -1;
    }
    if (strcmp(name, "default") == 0) {
        theme_builtin(t);
        return 0;
    }
    snprintf(err, errn, "theme '%s' not found (looked in %s and %s)", name, dirs[0],
             dirs[nd - 1]);
    return -1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

size_t theme_list(char names[][64], size_t max)
{
    char dirs[4][PATH_MAX];
    size_t nd = theme_dirs(dirs, 4), n = 0;
    for (size_t i = 0; i < nd; i++) {
        DIR *d = opendir(dirs[i]);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) && n < max) {
            size_t len = strlen(e->d_name);
            if (len < 7 || len - 6 >= 64 || strcmp(e->d_name + len - 6, ".theme") != 0)
                continue;
            char nm[64];
            memcpy(nm, e->d_name, len - 6);
            nm[len - 6] = '\0';
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                dup |= strcmp(names[k], nm) == 0;
            if (!dup)
                text_copy(names[n++], 64, nm);
        }
        closedir(d);
    }
    if (n == 0 && max)
        text_copy(names[n++], 64, "default");
    qsort(names, n, sizeof names[0], cmp_names);
    return n;
}

/* The basic colour (ANSI order: black red green yellow blue magenta cyan
 * white) closest in hue to a 256-colour index, from xterm's palette (cube
 * levels 0, 95, 135, 175, 215, 255; greys 8 + 10 i). Weak colours become
 * black or white by lightness, so a dim grey stays readable. */
static short to_basic(short c)
{
    if (c < 0)
        return c;
    if (c < 16)
        return (short)(c % 8);
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int r, g, b;
    if (c >= 232) {
        r = g = b = (c - 232) * 10 + 8;
    } else {
        int i = c - 16;
        r = level[i / 36];
        g = level[i / 6 % 6];
        b = level[i % 6];
    }
    int mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
    int chroma = mx - mn;
    if (chroma < 30)
        return (short)(mx < 64 ? 0 : 7);
    double h;
    if (mx == r)
        h = 60.0 * (double)(g - b) / chroma;
    else if (mx == g)
        h = 60.0 * (2.0 + (double)(b - r) / chroma);
    else
        h = 60.0 * (4.0 + (double)(r - g) / chroma);
    if (h < 0)
        h += 360;
    /* hue sectors; yellow and cyan are narrow on purpose (olive reads green) */
    return (short)(h < 30 || h >= 330 ? 1 : h < 75 ? 3 : h < 165 ? 2 : h < 200 ? 6 : h < 270 ? 4 : 5);
}

void theme_degrade(struct theme *t, int ncolors)
{
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct theme_style *st = &t->role[r];
        if (ncolors >= 256)
            continue;
        if (ncolors >= 16)
            st->fg = st->fg > 15 ? to_basic(st->fg) : st->fg,
            st->bg = st->bg > 15 ? to_basic(st->bg) : st->bg;
        else if (ncolors >= 8) {
            if (st->fg >= 8 && st->fg < 16)
                st->attrs |= THEME_BOLD;
            st->fg = to_basic(st->fg);
            st->bg = to_basic(st->bg);
        } else {
            /* no colour: a coloured background becomes reverse video so bars
             * and the selection stay visible */
            if (st->bg >= 0)
                st->attrs |= THEME_REVERSE;
            st->fg = st->bg = -1;
        }
    }
    /* two shades that fell onto one colour: keep the text readable */
    for (int r = 0; ncolors > 0 && ncolors < 256 && r < ROLE_COUNT; r++) {
        struct theme_style *st = &t->role[r];
        if (st->fg >= 0 && st->fg == st->bg)
            st->fg = st->bg == 0 ? 7 : 0;
    }
    if (ncolors < 8) {
        t->role[ROLE_ALERT_CRIT].attrs |= THEME_BOLD | THEME_REVERSE;
        t->role[ROLE_BAD].attrs |= THEME_BOLD;
        t->role[ROLE_DOWN].attrs |= THEME_BOLD;
    }
}
