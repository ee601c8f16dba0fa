/* Themes (theme.h): the shipped themes/NAME.theme files, errors with
 * file:line, user themes first, colour degradation, and the colour-blind
 * palette. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/theme.h"
#include "support/testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int load_file(struct theme *t, const char *name, char *err, size_t errn)
{
    char path[256];
    snprintf(path, sizeof path, "themes/%s.theme", name);
    char *text = tu_read_file(path, NULL);
    if (!text) {
        snprintf(err, errn, "%.200s: cannot read", path);
        return -1;
    }
    int rc = theme_parse(t, path, text, err, errn);
    free(text);
    return rc;
}

static void shipped_themes_parse_and_set_every_role(void **state)
{
    (void)state;
    const char *required[] = {"default",       "light", "solarized-dark", "gruvbox",
                              "mono",          "high-contrast", "colorblind"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        struct theme t;
        char err[256];
        if (load_file(&t, required[i], err, sizeof err) != 0)
            fail_msg("%s", err);
    }
    /* every file in themes/ parses and lists every role (none left to inherit) */
    DIR *d = opendir("themes");
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 7 || strcmp(e->d_name + len - 6, ".theme") != 0)
            continue;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len - 6), e->d_name);
        struct theme t;
        char err[256];
        if (load_file(&t, name, err, sizeof err) != 0)
            fail_msg("%s", err);
        for (int r = 0; r < ROLE_COUNT; r++)
            if (!t.role[r].set)
                fail_msg("themes/%s.theme does not set role '%s'", name, role_name((enum role)r));
        n++;
    }
    closedir(d);
    assert_true(n >= 7);
    /* the built-in default says what themes/default.theme says */
    struct theme file, builtin;
    char err[256];
    assert_int_equal(load_file(&file, "default", err, sizeof err), 0);
    theme_builtin(&builtin);
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_int_equal(file.role[r].fg, builtin.role[r].fg);
        assert_int_equal(file.role[r].bg, builtin.role[r].bg);
        assert_int_equal(file.role[r].attrs, builtin.role[r].attrs);
    }
}

static void errors_name_file_and_line(void **state)
{
    (void)state;
    struct theme t;
    theme_builtin(&t);
    struct theme before = t;
    char err[256];
    const struct {
        const char *text, *want;
    } bad[] = {
        {"normal = default default\nup = grean default\n", "x.theme:2: up: unknown colour 'grean'"},
        {"# c\n\nfrob = red default\n", "x.theme:3: unknown role 'frob'"},
        {"up = red\n", "x.theme:1: up: needs a foreground and a background colour"},
        {"up = red default blinky\n", "x.theme:1: up: unknown attribute 'blinky'"},
        {"up red default\n", "x.theme:1: expected 'role = fg bg [attrs]'"},
        {"up = 256 default\n", "x.theme:1: up: unknown colour '256'"},
        {"up = brightcolor9 default\n", "x.theme:1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(theme_parse(&t, "x.theme", bad[i].text, err, sizeof err), -1);
        if (!strstr(err, bad[i].want))
            fail_msg("'%s': got '%s', want '%s'", bad[i].text, err, bad[i].want);
    }
    /* a rejected theme leaves the one in force untouched */
    assert_int_equal(memcmp(&t, &before, sizeof t), 0);
    /* good forms: numbers, colorN, bright names, several attributes */
    assert_int_equal(theme_parse(&t, "y", "up = color208 brightblack bold underline\n"
                                          "down = 9 default   # comment\n",
                                 err, sizeof err),
                     0);
    assert_int_equal(t.role[ROLE_UP].fg, 208);
    assert_int_equal(t.role[ROLE_UP].bg, 8);
    assert_int_equal(t.role[ROLE_UP].attrs, THEME_BOLD | THEME_UNDERLINE);
    assert_int_equal(t.role[ROLE_DOWN].fg, 9);
    assert_int_equal(t.role[ROLE_CHART].fg, t.role[ROLE_NORMAL].fg); /* unlisted: normal */
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void user_themes_come_first(void **state)
{
    (void)state;
    char dir[] = "/tmp/liqtop-theme-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[256], path[300];
    snprintf(sub, sizeof sub, "%s/liqtop", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/liqtop/themes", dir);
    mkdir(sub, 0700);
    const char *old = getenv("XDG_CONFIG_HOME");
    char saved[512] = "";
    if (old)
        snprintf(saved, sizeof saved, "%s", old);
    setenv("XDG_CONFIG_HOME", dir, 1);

    snprintf(path, sizeof path, "%s/mine.theme", sub);
    write_file(path, "normal = default default\nup = 33 default bold\n");
    snprintf(path, sizeof path, "%s/default.theme", sub);
    write_file(path, "normal = white blue\n");
    snprintf(path, sizeof path, "%s/broken.theme", sub);
    write_file(path, "normal = default default\n\ndown = red\n");

    struct theme t;
    char err[512];
    assert_int_equal(theme_load(&t, "mine", err, sizeof err), 0);
    assert_string_equal(t.name, "mine");
    assert_int_equal(t.role[ROLE_UP].fg, 33);
    /* a user theme of the same name wins over the shipped one */
    assert_int_equal(theme_load(&t, "default", err, sizeof err), 0);
    assert_int_equal(t.role[ROLE_NORMAL].bg, 4);
    /* a broken one is rejected with its path and line */
    assert_int_equal(theme_load(&t, "broken", err, sizeof err), -1);
    assert_non_null(strstr(err, "broken.theme:3"));
    assert_non_null(strstr(err, sub));
    assert_int_equal(theme_load(&t, "nosuch", err, sizeof err), -1);
    assert_non_null(strstr(err, "not found"));
    assert_int_equal(theme_load(&t, "../etc/passwd", err, sizeof err), -1);
    /* the list has the user's themes, sorted, once each */
    char names[32][64];
    size_t n = theme_list(names, 32);
    int seen_mine = 0, seen_default = 0;
    for (size_t i = 0; i < n; i++) {
        seen_mine += strcmp(names[i], "mine") == 0;
        seen_default += strcmp(names[i], "default") == 0;
        if (i)
            assert_true(strcmp(names[i - 1], names[i]) < 0);
    }
    assert_int_equal(seen_mine, 1);
    assert_int_equal(seen_default, 1);

    if (saved[0])
        setenv("XDG_CONFIG_HOME", saved, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    snprintf(path, sizeof path, "%s/mine.theme", sub);
    unlink(path);
    snprintf(path, sizeof path, "%s/default.theme", sub);
    unlink(path);
    snprintf(path, sizeof path, "%s/broken.theme", sub);
    unlink(path);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/liqtop", dir);
    rmdir(sub);
    rmdir(dir);
}

static void degrading_colours(void **state)
{
    (void)state;
    struct theme t;
    char err[256];
    assert_int_equal(load_file(&t, "colorblind", err, sizeof err), 0);
    struct theme t8 = t, t0 = t, t256 = t;
    theme_degrade(&t256, 256);
    assert_int_equal(memcmp(&t256, &t, sizeof t), 0);
    theme_degrade(&t8, 8);
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_true(t8.role[r].fg >= -1 && t8.role[r].fg < 8);
        assert_true(t8.role[r].bg >= -1 && t8.role[r].bg < 8);
    }
    assert_int_equal(t8.role[ROLE_UP].fg, 6);   /* blue 39 -> cyan */
    assert_int_equal(t8.role[ROLE_DOWN].fg, 3); /* orange 208 -> yellow */
    /* hues of the 256-colour palette land on the basic colour of that hue;
     * greys become black or white by lightness; a pair that collides stays
     * readable */
    struct theme h;
    assert_int_equal(theme_parse(&h, "h", "up = 28 default\ndown = 160 default\n"
                                          "dim = 244 235\nspark = 33 default\n"
                                          "chart = 37 default\nborder = 22 28\n"
                                          "key = 170 default\nstatus = 136 default\n",
                                 err, sizeof err),
                     0);
    theme_degrade(&h, 8);
    assert_int_equal(h.role[ROLE_UP].fg, 2);
    assert_int_equal(h.role[ROLE_DOWN].fg, 1);
    assert_int_equal(h.role[ROLE_DIM].fg, 7);
    assert_int_equal(h.role[ROLE_DIM].bg, 0);
    assert_int_equal(h.role[ROLE_SPARK].fg, 4);
    assert_int_equal(h.role[ROLE_CHART].fg, 6);
    assert_int_equal(h.role[ROLE_KEY].fg, 5);
    assert_int_equal(h.role[ROLE_STATUS].fg, 3);
    assert_int_equal(h.role[ROLE_BORDER].bg, 2);
    assert_int_equal(h.role[ROLE_BORDER].fg, 0);
    theme_degrade(&t0, 0);
    for (int r = 0; r < ROLE_COUNT; r++)
        assert_true(t0.role[r].fg == -1 && t0.role[r].bg == -1);
    /* bars and the selection keep showing as reverse video, crit stands out */
    assert_true(t0.role[ROLE_SELECTED].attrs & THEME_REVERSE);
    assert_true(t0.role[ROLE_HEADER].attrs & THEME_REVERSE);
    assert_true(t0.role[ROLE_ALERT_CRIT].attrs & THEME_BOLD);
}

/* The colour-blind theme never tells two things apart by red vs green. */
static void colorblind_has_no_red_green(void **state)
{
    (void)state;
    struct theme t;
    char err[256];
    assert_int_equal(load_file(&t, "colorblind", err, sizeof err), 0);
    const enum role pairs[][2] = {{ROLE_UP, ROLE_DOWN},
                                  {ROLE_LONG, ROLE_SHORT},
                                  {ROLE_SUPPORT, ROLE_RESISTANCE},
                                  {ROLE_OK, ROLE_BAD},
                                  {ROLE_GAUGE_LOW, ROLE_GAUGE_HIGH}};
    for (int k = 0; k < 2; k++) {
        struct theme d = t;
        theme_degrade(&d, k ? 8 : 256);
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            short a = d.role[pairs[i][0]].fg, b = d.role[pairs[i][1]].fg;
            assert_true(a != b);
            /* neither is a red (1, 9) or a green (2, 10) of the basic set */
            for (int j = 0; j < 2; j++) {
                short c = j ? b : a;
                if (c == 1 || c == 9 || c == 2 || c == 10)
                    fail_msg("colorblind: %s uses colour %d", role_name(pairs[i][j]), c);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_themes_parse_and_set_every_role),
        cmocka_unit_test(errors_name_file_and_line),
        cmocka_unit_test(user_themes_come_first),
        cmocka_unit_test(degrading_colours),
        cmocka_unit_test(colorblind_has_no_red_green),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
