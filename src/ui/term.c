/* term: ncurses backend (see term.h). */
#include "liqtop/term.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct term {
    SCREEN *screen;
    WINDOW *input; /* keys are read here: wgetch never repaints stdscr */
    int colors;
    int no_color;
    struct surface prev; /* what the screen shows now */
    attr_t attr[ROLE_COUNT];
    int open;
    struct ui_mouse mouse; /* the last mouse event read */
    int have_mouse;
};

/* For the fatal-signal handler: the tty state before curses. */
static struct termios saved_tios;
static int saved_tios_ok;
static volatile sig_atomic_t term_active;

static void fatal_signal(int sig)
{
    if (term_active) {
        /* async-signal-safe restore: leave the alternate screen, show the cursor,
         * reset attributes, stop mouse reports, put the tty modes back */
        static const char restore[] = "\033[0m\033[?1000l\033[?1006l\033[?1049l\033[?25h\r\n";
        ssize_t r = write(STDOUT_FILENO, restore, sizeof restore - 1);
        (void)r;
        if (saved_tios_ok)
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

int term_locale_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static attr_t attrs_of(int a)
{
    attr_t r = A_NORMAL;
    if (a & THEME_BOLD)
        r |= A_BOLD;
    if (a & THEME_DIM)
        r |= A_DIM;
    if (a & THEME_UNDERLINE)
        r |= A_UNDERLINE;
    if (a & THEME_REVERSE)
        r |= A_REVERSE;
    if (a & THEME_STANDOUT)
        r |= A_STANDOUT;
    if (a & THEME_BLINK)
        r |= A_BLINK;
#ifdef A_ITALIC
    if (a & THEME_ITALIC)
        r |= A_ITALIC;
#endif
    return r;
}

void term_set_theme(struct term *t, const struct theme *theme)
{
    struct theme th = *theme;
    theme_degrade(&th, t->colors);
    for (int r = 0; r < ROLE_COUNT; r++) {
        attr_t a = attrs_of(th.role[r].attrs);
        if (t->colors > 0 && r + 1 < COLOR_PAIRS) {
            init_pair((short)(r + 1), th.role[r].fg, th.role[r].bg);
            a |= COLOR_PAIR(r + 1);
        }
        t->attr[r] = a;
    }
    /* every cell must be repainted in its new colours */
    surface_clear(&t->prev);
    for (size_t i = 0; i < (size_t)t->prev.w * (size_t)t->prev.h; i++)
        t->prev.cells[i].ch[0] = '\0';
}

struct term *term_open(const struct theme *theme, int no_color, char *err, size_t errn)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errn, "standard input and output must be a terminal "
                            "(use --headless or --once --json for pipes)");
        return NULL;
    }
    struct term *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errn, "out of memory");
        return NULL;
    }
    saved_tios_ok = tcgetattr(STDIN_FILENO, &saved_tios) == 0;
    setenv("NCURSES_GPM_TERMS", "", 0); /* no GPM: see the mouse below */
    t->screen = newterm(NULL, stdout, stdin);
    if (!t->screen) {
        const char *term = getenv("TERM");
        snprintf(err, errn, "cannot use terminal type '%s' (check TERM)", term ? term : "");
        free(t);
        return NULL;
    }
    term_active = 1;
    t->open = 1;
    int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], fatal_signal);
    cbreak();
    noecho();
    nonl();
    curs_set(0);
    set_escdelay(25);
    keypad(stdscr, TRUE);
    t->input = newwin(1, 1, 0, 0);
    keypad(t->input, TRUE);
    nodelay(t->input, TRUE);
    /* The mouse only where the terminal sends xterm-style reports (its
     * terminfo has kmous): xterm and friends, tmux, screen, also over SSH.
     * For TERM=linux ncurses would load GPM with dlopen instead (which
     * leaks, and is no use inside tmux or SSH); term_open asks it not to
     * unless the user set NCURSES_GPM_TERMS. */
    const char *kmous = tigetstr("kmous");
    if (kmous && kmous != (char *)-1 && *kmous) {
        /* report presses at once (no click resolution delay inside wgetch) */
        mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
        want |= BUTTON5_PRESSED;
#endif
        mousemask(want, NULL);
        mouseinterval(0);
    }
    t->no_color = no_color;
    t->colors = 0;
    if (!no_color && has_colors() && start_color() == OK) {
        use_default_colors();
        t->colors = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
    }
    /* ncurses 6.4 flushes after every cursor motion until the screen has
     * been suspended and resumed once (its _endwin state stays "initial"),
     * which sends a frame in dozens of small writes; one endwin/refresh
     * round before the first frame makes doupdate() flush once per frame. */
    endwin();
    refresh();
    int w, h;
    getmaxyx(stdscr, h, w);
    surface_init(&t->prev, w, h);
    term_set_theme(t, theme);
    return t;
}

void term_close(struct term *t)
{
    if (!t)
        return;
    if (t->open) {
        if (t->input)
            delwin(t->input);
        endwin();
        delscreen(t->screen);
        term_active = 0;
        t->open = 0;
        fflush(stdout);
    }
    surface_done(&t->prev);
    free(t);
}

void term_size(const struct term *t, int *w, int *h)
{
    (void)t;
    getmaxyx(stdscr, *h, *w);
}

int term_colors(const struct term *t)
{
    return t->colors;
}

static int same_cell(const struct cell *a, const struct cell *b)
{
    return a->role == b->role && strcmp(a->ch, b->ch) == 0;
}

size_t term_present(struct term *t, const struct surface *s, int force)
{
    if (force || t->prev.w != s->w || t->prev.h != s->h) {
        surface_resize(&t->prev, s->w, s->h);
        for (size_t i = 0; i < (size_t)s->w * (size_t)s->h; i++)
            t->prev.cells[i].ch[0] = '\0'; /* matches nothing: everything is drawn */
        clearok(curscr, TRUE);
    }
    size_t written = 0;
    char run[1024];
    for (int y = 0; y < s->h; y++) {
        int x = 0;
        while (x < s->w) {
            const struct cell *c = surface_cell(s, y, x);
            if (same_cell(c, surface_cell(&t->prev, y, x))) {
                x++;
                continue;
            }
            /* a run of changed cells with one role: one move, one addstr */
            int start = x;
            size_t len = 0;
            int role = c->role;
            while (x < s->w) {
                const struct cell *d = surface_cell(s, y, x);
                if (d->role != role || same_cell(d, surface_cell(&t->prev, y, x)))
                    break;
                size_t cl = strlen(d->ch);
                if (len + cl >= sizeof run)
                    break;
                memcpy(run + len, d->ch, cl);
                len += cl;
                t->prev.cells[(size_t)y * (size_t)s->w + (size_t)x] = *d;
                x++;
                written++;
            }
            run[len] = '\0';
            /* the bottom-right cell scrolls some terminals when written: skip its
             * last byte position only if we would write there */
            wattrset(stdscr, t->attr[role < ROLE_COUNT ? role : 0]);
            mvwaddstr(stdscr, y, start, run);
        }
    }
    wattrset(stdscr, A_NORMAL);
    wnoutrefresh(stdscr);
    doupdate();
    return written;
}

void term_mouse_decode(unsigned long bstate, int x, int y, struct ui_mouse *ev)
{
    ev->x = x;
    ev->y = y;
    ev->kind = UI_MOUSE_NONE;
    if (bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
        ev->kind = UI_MOUSE_CLICK;
    else if (bstate & BUTTON4_PRESSED)
        ev->kind = UI_MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
    else if (bstate & BUTTON5_PRESSED)
        ev->kind = UI_MOUSE_WHEEL_DOWN;
#endif
}

int term_read_key(struct term *t)
{
    int c = wgetch(t->input);
    if (c == KEY_MOUSE) {
        MEVENT me;
        t->have_mouse = 0;
        if (getmouse(&me) == OK) {
            term_mouse_decode((unsigned long)me.bstate, me.x, me.y, &t->mouse);
            t->have_mouse = t->mouse.kind != UI_MOUSE_NONE;
        }
    }
    return c == ERR ? -1 : c;
}

int term_mouse(struct term *t, struct ui_mouse *ev)
{
    if (!t->have_mouse)
        return -1;
    *ev = t->mouse;
    t->have_mouse = 0;
    return 0;
}

void term_bell(struct term *t)
{
    (void)t;
    beep();
}
