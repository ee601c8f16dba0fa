/* term: the ncurses backend. Copies rendered surfaces to the terminal.
 *
 * The terminal is precious: term_open saves its state, term_present writes
 * only the cells that changed since the previous frame and calls doupdate()
 * once, and term_close restores it (also from the fatal-signal handler,
 * which term_open installs, through async-signal-safe writes only). Keys are
 * read without blocking from a window nothing is drawn into.
 *
 * The mouse: term_open asks ncurses for button-1 presses and the wheel
 * (buttons 4 and 5), which xterm-compatible terminals, tmux and SSH pass
 * through; a terminal without mouse support simply sends none, and the
 * keyboard works the same either way. term_read_key returns KEY_MOUSE for
 * a mouse event; term_mouse then gives it decoded. */
#ifndef LIQTOP_TERM_H
#define LIQTOP_TERM_H

#include "liqtop/surface.h"
#include "liqtop/theme.h"
#include "liqtop/ui.h"

#include <stddef.h>

struct term;

/* NULL with err if the terminal cannot be set up (not a tty, unknown TERM). */
struct term *term_open(const struct theme *theme, int no_color, char *err, size_t errn);
/* Restore the terminal and free; safe with NULL and twice. */
void term_close(struct term *t);
void term_size(const struct term *t, int *w, int *h);
/* Apply a theme (colours degraded to what the terminal has). */
void term_set_theme(struct term *t, const struct theme *theme);
/* Colours available after NO_COLOR / --no-color: 0, 8, 16 or 256. */
int term_colors(const struct term *t);
/* Draw the surface: changed cells only (all with force); one doupdate().
 * Returns the number of cells written. */
size_t term_present(struct term *t, const struct surface *s, int force);
/* Next key code without waiting; -1 when none. KEY_RESIZE is returned
 * after the terminal's size changed. */
int term_read_key(struct term *t);
void term_bell(struct term *t);
/* The mouse event behind the KEY_MOUSE term_read_key returned last; 0 ok,
 * -1 if there is none (or it was not a click or a wheel step). */
int term_mouse(struct term *t, struct ui_mouse *ev);
/* Decode ncurses button state bits (mmask_t) at a cell into an event (pure,
 * for tests): button 1 pressed or clicked is a click, button 4 the wheel
 * up, button 5 the wheel down, anything else UI_MOUSE_NONE. */
void term_mouse_decode(unsigned long bstate, int x, int y, struct ui_mouse *ev);
/* 1 if the locale's character set is UTF-8 (decides the glyph set). */
int term_locale_utf8(void);

#endif
