/* Config files (config.h) and the settings built on them (settings.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/config.h"
#include "liqtop/settings.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_cfg {
    int flag;
    int count;
    double ratio;
    char name[8];
    int mode;
    uint32_t big;
};

static const char *const modes[] = {"fast", "slow", NULL};
static const struct cfg_key demo_keys[] = {
    CFG_KEY_BOOL(struct demo_cfg, flag, "a flag"),
    CFG_KEY_INT(struct demo_cfg, count, 1, 10, "a count"),
    CFG_KEY_DOUBLE(struct demo_cfg, ratio, 0, 1, "a ratio"),
    CFG_KEY_STRING(struct demo_cfg, name, "a name"),
    CFG_KEY_ENUM(struct demo_cfg, mode, modes, "a mode"),
    CFG_KEY_UINT32(struct demo_cfg, big, 0, 4000000000.0, "a big number"),
};

static int dyn_calls;
static char dyn_last[64];
static int dyn(void *user, const char *sub, const char *key, const char *value, char *err,
               size_t errn)
{
    (void)user;
    if (strcmp(key, "bad") == 0) {
        snprintf(err, errn, "bad is bad");
        return -1;
    }
    dyn_calls++;
    snprintf(dyn_last, sizeof dyn_last, "%s/%s/%s", sub, key, value);
    return 0;
}

static struct demo_cfg cfg;
static struct cfg_section secs[2];

static int setup(void **state)
{
    (void)state;
    memset(&cfg, 0, sizeof cfg);
    secs[0] = (struct cfg_section){"general", demo_keys, sizeof demo_keys / sizeof demo_keys[0],
                                   &cfg, NULL, NULL};
    secs[1] = (struct cfg_section){"alert", NULL, 0, NULL, dyn, NULL};
    dyn_calls = 0;
    return 0;
}

static void good_file_sets_every_type(void **state)
{
    (void)state;
    const char *text = "# comment\n"
                       "flag = yes\n"
                       "\n"
                       "[general]\n"
                       "count = 7   # trailing comment\n"
                       "ratio=0.25\n"
                       "name = \"a b#c\"\n"
                       "mode = slow\n"
                       "big = 3000000000\n"
                       "[alert.btc100k]\n"
                       "symbol = BTC\n";
    char err[256] = "";
    assert_int_equal(config_load_string("t.conf", text, secs, 2, err, sizeof err), 0);
    assert_int_equal(cfg.flag, 1);
    assert_int_equal(cfg.count, 7);
    assert_true(cfg.ratio == 0.25);
    assert_string_equal(cfg.name, "a b#c");
    assert_int_equal(cfg.mode, 1);
    assert_true(cfg.big == 3000000000u);
    assert_int_equal(dyn_calls, 1);
    assert_string_equal(dyn_last, "btc100k/symbol/BTC");
}

/* Each kind of bad line is refused with FILE:LINE and what was wrong. */
static void bad_lines_name_file_and_line(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *expect;
    } cases[] = {
        {"flag = yes\nnope = 1\n", "t.conf:2: unknown key 'nope' in [general]"},
        {"\n\ncount = 11\n", "t.conf:3: count: 11 is out of range"},
        {"count = 2.5\n", "t.conf:1: count: expected a whole number"},
        {"ratio = half\n", "t.conf:1: ratio: expected a number"},
        {"flag = maybe\n", "t.conf:1: flag: expected yes or no"},
        {"name = toolongname\n", "t.conf:1: name: value too long"},
        {"mode = medium\n", "t.conf:1: mode: 'medium' is not one of: fast, slow"},
        {"[nosuch]\n", "t.conf:1: unknown section [nosuch]"},
        {"[general\n", "t.conf:1: malformed section header"},
        {"just words\n", "t.conf:1: expected 'key = value'"},
        {"name = \"open\n", "t.conf:1: name: unterminated quoted value"},
        {"[general.x]\n", "t.conf:1: unknown section [general.x]"},
        {"[alert.a]\nbad = 1\n", "t.conf:2: bad is bad"},
        {"big = -1\n", "t.conf:1: big: -1 is out of range"},
        {"= 3\n", "t.conf:1: bad key name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        assert_int_equal(config_load_string("t.conf", cases[i].text, secs, 2, err, sizeof err),
                         -1);
        if (strncmp(err, cases[i].expect, strlen(cases[i].expect)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].expect);
    }
}

static void missing_and_binary_files(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(config_load_file("/nonexistent/liqtop.conf", secs, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/liqtop.conf"));
    const char *p = tu_temp_file("flag = yes\n");
    assert_int_equal(config_load_file(p, secs, 2, err, sizeof err), 0);
    /* a NUL byte in a file names its line */
    FILE *f = fopen(p, "wb");
    fwrite("flag = yes\ncount\0= 1\n", 1, 21, f);
    fclose(f);
    assert_int_equal(config_load_file(p, secs, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: NUL byte"));
    remove(p);
}

static void settings_file_then_command_line(void **state)
{
    (void)state;
    struct settings st;
    settings_defaults(&st);
    const char *p = tu_temp_file("[general]\ninterval = 2\nsymbols = BTC,ETH\n"
                                 "[keys]\nquit = none\n"
                                 "[endpoints]\nbinance = http://127.0.0.1:9\n"
                                 "[store]\ncandles = 100\n[history]\nfast_samples = 64\n");
    char err[256];
    assert_int_equal(settings_load(&st, p, err, sizeof err), 0);
    assert_true(st.general.interval == 2);
    assert_string_equal(st.general.symbols, "BTC,ETH");
    assert_int_equal(keymap_lookup(&st.keys, 'q'), ACT_NONE);
    assert_int_equal(st.n_endpoints, 1);
    assert_string_equal(st.endpoints[0].url, "http://127.0.0.1:9");
    assert_int_equal(st.store.candles, 100);
    assert_int_equal(st.store.series.fast_samples, 64);
    struct options opt;
    memset(&opt, 0, sizeof opt);
    opt.interval_s = 7;
    opt.symbols = "SOL";
    opt.n_endpoints = 1;
    opt.endpoints[0].source = 0;
    strcpy(opt.endpoints[0].url, "http://127.0.0.1:10");
    settings_apply_options(&st, &opt);
    assert_true(st.general.interval == 7);
    assert_string_equal(st.general.symbols, "SOL");
    assert_int_equal(st.n_endpoints, 1); /* replaced, not added */
    assert_string_equal(st.endpoints[0].url, "http://127.0.0.1:10");
    remove(p);
}

static void settings_error_keeps_previous(void **state)
{
    (void)state;
    struct settings st;
    settings_defaults(&st);
    const char *p = tu_temp_file("[general]\ninterval = 3\nbogus = 1\n");
    char err[256];
    assert_int_equal(settings_load(&st, p, err, sizeof err), -1);
    assert_non_null(strstr(err, ":3: unknown key 'bogus'"));
    assert_true(st.general.interval == 0); /* untouched: the file was rejected whole */
    remove(p);
    assert_int_equal(settings_load(&st, "/nonexistent/x", err, sizeof err), -1);
}


/* ---- the man page documents every key -------------------------------- */

static void roff_escape(char *out, size_t n, const char *s)
{
    size_t o = 0;
    for (; *s && o + 3 < n; s++) {
        if (*s == '-' || *s == '\\') {
            out[o++] = '\\';
            out[o++] = *s == '-' ? '-' : 'e';
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

/* The CONFIGURATION KEYS block of man/liqtop.1, generated from the tables. */
static size_t config_man_block(char *buf, size_t n)
{
    struct settings st;
    settings_defaults(&st);
    struct cfg_section sections[24];
    size_t ns = settings_sections(&st, sections, 24), o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ns; i++) {
        if (!sections[i].n_keys)
            continue;
        o += (size_t)snprintf(buf + o, n - o, ".SS [%s]\n", sections[i].name);
        for (size_t k = 0; k < sections[i].n_keys && o < n; k++) {
            const struct cfg_key *key = &sections[i].keys[k];
            const char *f = (const char *)sections[i].base + key->offset;
            char def[160] = "", edef[320], ehelp[1024];
            switch (key->type) {
            case CFG_BOOL: snprintf(def, sizeof def, "%s", *(const int *)(const void *)f ? "yes" : "no"); break;
            case CFG_INT: snprintf(def, sizeof def, "%d", *(const int *)(const void *)f); break;
            case CFG_UINT32: snprintf(def, sizeof def, "%u", *(const uint32_t *)(const void *)f); break;
            case CFG_DOUBLE: snprintf(def, sizeof def, "%g", *(const double *)(const void *)f); break;
            case CFG_STRING: snprintf(def, sizeof def, "\"%s\"", f); break;
            case CFG_ENUM: snprintf(def, sizeof def, "%s", key->choices[*(const int *)(const void *)f]); break;
            }
            roff_escape(edef, sizeof edef, def);
            roff_escape(ehelp, sizeof ehelp, key->help);
            o += (size_t)snprintf(buf + o, n - o, ".TP\n.BR %s \" = \" %s\n%s\n", key->name, edef,
                                  ehelp);
        }
    }
    return o;
}

static void man_page_documents_every_key(void **state)
{
    (void)state;
    static char want[65536];
    config_man_block(want, sizeof want);
    char *man = tu_read_file("man/liqtop.1", NULL);
    assert_non_null(man);
    const char *begin_mark = ".\\\" BEGIN CONFIG KEYS (tests/test_config.c --print-man)\n";
    char *b = strstr(man, begin_mark);
    char *e = strstr(man, ".\\\" END CONFIG KEYS\n");
    assert_non_null(b);
    assert_non_null(e);
    b += strlen(begin_mark);
    *e = '\0';
    if (strcmp(b, want) != 0)
        fail_msg("man/liqtop.1 CONFIGURATION keys differ from the settings tables; regenerate "
                 "with: build/tests/test_config --print-man");
    free(man);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--print-man") == 0) {
        static char block[65536];
        config_man_block(block, sizeof block);
        fputs(block, stdout);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(good_file_sets_every_type, setup),
        cmocka_unit_test_setup(bad_lines_name_file_and_line, setup),
        cmocka_unit_test_setup(missing_and_binary_files, setup),
        cmocka_unit_test(settings_file_then_command_line),
        cmocka_unit_test(settings_error_keeps_previous),
        cmocka_unit_test(man_page_documents_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
