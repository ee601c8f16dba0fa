/* theme: colour roles -> colours and attributes, from plain-text files.
 *
 * File format (themes/NAME.theme), one role per line:
 *
 *     # comment
 *     role = FG BG [ATTR ...]
 *
 * role is a name from surface.h ("up", "alert.crit", ...); FG and BG are
 * "default", a colour name (black red green yellow blue magenta cyan white,
 * optionally prefixed "bright"), or a number 0..255 ("color208" or "208");
 * ATTRs are bold, dim, underline, reverse, standout, blink, italic. Roles not
 * listed inherit "normal". An error rejects the whole file with FILE:LINE.
 * Themes are looked up in $XDG_CONFIG_HOME/liqtop/themes (user themes
 * first), then themes/ next to the binary, then the installed data dir. */
#ifndef LIQTOP_THEME_H
#define LIQTOP_THEME_H

#include "liqtop/surface.h"

#include <stddef.h>

enum {
    THEME_BOLD = 1,
    THEME_DIM = 2,
    THEME_UNDERLINE = 4,
    THEME_REVERSE = 8,
    THEME_STANDOUT = 16,
    THEME_BLINK = 32,
    THEME_ITALIC = 64,
};

struct theme_style {
    short fg, bg; /* -1 = terminal default, 0..255 */
    int attrs;    /* THEME_* */
    int set;      /* listed in the file */
};

struct theme {
    char name[64];
    struct theme_style role[ROLE_COUNT];
};

/* The compiled-in default (used when no file can be read). */
void theme_builtin(struct theme *t);
/* Parse theme text; 0 ok, -1 with err "NAME:LINE: message". */
int theme_parse(struct theme *t, const char *name, const char *text, char *err, size_t errn);
/* Find and load NAME; 0 ok, -1 with err (file:line, or "theme 'x' not found
 * in: dirs"). t is untouched on error. */
int theme_load(struct theme *t, const char *name, char *err, size_t errn);
/* Names of the themes found on the search path (sorted, unique, at most
 * max); returns the count. */
size_t theme_list(char names[][64], size_t max);
/* Reduce colours to what the terminal has: ncolors 256, 8 (or 16), or 0
 * (no colour: keep attributes, and make roles that relied on colour alone
 * readable with bold/reverse). */
void theme_degrade(struct theme *t, int ncolors);

#endif
