/* The key table, key maps, and the man page's KEYBINDINGS (keys.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/keys.h"
#include "support/testutil.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Remove roff escapes we use in the KEYBINDINGS section ("\-" -> "-"). */
static void unroff(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == '-') {
            *o++ = '-';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

/* Every action of the table appears in man/liqtop.1 KEYBINDINGS with the
 * same default keys and help text, in the same order, and nothing else does. */
static void man_page_lists_the_same_keys(void **state)
{
    (void)state;
    char *man = tu_read_file("man/liqtop.1", NULL);
    assert_non_null(man);
    char *sec = strstr(man, "\n.SH KEYBINDINGS\n");
    assert_non_null(sec);
    char *end = strstr(sec + 1, "\n.SH ");
    assert_non_null(end);
    *end = '\0';
    const struct key_binding *tab = keys_table();
    int found = 0;
    char *p = sec;
    while ((p = strstr(p, "\n.TP\n.B ")) != NULL) {
        p += strlen("\n.TP\n.B ");
        char *eol = strchr(p, '\n');
        assert_non_null(eol);
        char keys[128], help[256];
        snprintf(keys, sizeof keys, "%.*s", (int)(eol - p), p);
        char *hend = strchr(eol + 1, '\n');
        if (!hend)
            hend = eol + 1 + strlen(eol + 1);
        snprintf(help, sizeof help, "%.*s", (int)(hend - eol - 1), eol + 1);
        unroff(keys);
        unroff(help);
        assert_true(found < ACT_COUNT);
        char want[128];
        /* the table separates keys with spaces, the man page with ", " */
        snprintf(want, sizeof want, "%s", tab[found].default_keys);
        char joined[128] = "";
        for (char *w = strtok(want, " "); w; w = strtok(NULL, " ")) {
            if (joined[0])
                strcat(joined, ", ");
            strcat(joined, w);
        }
        if (strcmp(keys, joined) != 0 || strcmp(help, tab[found].help) != 0)
            fail_msg("man page entry %d: '%s' / '%s', table says '%s' / '%s'", found, keys, help,
                     joined, tab[found].help);
        found++;
        p = hend;
    }
    assert_int_equal(found, ACT_COUNT);
    free(man);
}

static void defaults_map_keys_to_actions(void **state)
{
    (void)state;
    struct keymap km;
    keymap_default(&km);
    assert_int_equal(keymap_lookup(&km, 'q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, 3), ACT_QUIT); /* Ctrl-C */
    assert_int_equal(keymap_lookup(&km, KEY_F(1)), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, KEY_UP), ACT_UP);
    assert_int_equal(keymap_lookup(&km, 'k'), ACT_UP);
    assert_int_equal(keymap_lookup(&km, '\n'), ACT_DETAIL);
    assert_int_equal(keymap_lookup(&km, KEY_ENTER), ACT_DETAIL);
    assert_int_equal(keymap_lookup(&km, 18), ACT_RELOAD); /* Ctrl-R */
    assert_int_equal(keymap_lookup(&km, 'z'), ACT_NONE);
    /* every default key parses and no key is bound twice */
    for (int a = 0; a < ACT_COUNT; a++) {
        assert_true(km.codes[a][0] != 0);
        for (int k = 0; k < KEYS_MAX_PER_ACTION && km.codes[a][k]; k++)
            assert_int_equal(keymap_lookup(&km, km.codes[a][k]), a);
    }
}

static void rebinding_and_unbinding(void **state)
{
    (void)state;
    struct keymap km;
    keymap_default(&km);
    char err[200];
    assert_int_equal(keymap_set(&km, "quit", "none", err, sizeof err), 0);
    assert_int_equal(keymap_lookup(&km, 'q'), ACT_NONE);
    assert_int_equal(keymap_set(&km, "quit", "Q Ctrl-X", err, sizeof err), 0);
    assert_int_equal(keymap_lookup(&km, 'Q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, 24), ACT_QUIT);
    char desc[64];
    keymap_describe(&km, ACT_QUIT, desc, sizeof desc);
    assert_string_equal(desc, "Q, Ctrl-X");
    /* a key of another action is refused, naming it */
    assert_int_equal(keymap_set(&km, "refresh", "p", err, sizeof err), -1);
    assert_non_null(strstr(err, "pause"));
    assert_int_equal(keymap_set(&km, "frobnicate", "x", err, sizeof err), -1);
    assert_non_null(strstr(err, "frobnicate"));
    assert_int_equal(keymap_set(&km, "refresh", "F99", err, sizeof err), -1);
    assert_non_null(strstr(err, "F99"));
    assert_int_equal(keymap_set(&km, "refresh", "r F5", err, sizeof err), 0);
    assert_int_equal(keymap_lookup(&km, KEY_F(5)), ACT_REFRESH);
    keymap_set(&km, "help", "none", err, sizeof err);
    keymap_describe(&km, ACT_HELP, desc, sizeof desc);
    assert_string_equal(desc, "(unbound)");
}

static void key_names_round_trip(void **state)
{
    (void)state;
    const char *names[] = {"q", "Ctrl-C", "F1", "F12", "Up", "PgDn", "Enter", "Esc", "/", "+"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int code = key_code_from_name(names[i]);
        assert_true(code > 0);
        char buf[16];
        assert_string_equal(key_name_from_code(code, buf, sizeof buf), names[i]);
    }
    assert_int_equal(key_code_from_name(""), -1);
    assert_int_equal(key_code_from_name("Ctrl-"), -1);
    assert_int_equal(key_code_from_name("F0"), -1);
    assert_int_equal(key_code_from_name("qq"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(man_page_lists_the_same_keys),
        cmocka_unit_test(defaults_map_keys_to_actions),
        cmocka_unit_test(rebinding_and_unbinding),
        cmocka_unit_test(key_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
