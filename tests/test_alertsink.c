/* Alert sinks (alertsink.h): NDJSON formatting, the log file, the bell
 * counter and the hook command. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "liqtop/alert.h"
#include "liqtop/alertsink.h"
#include "support/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct alert mk_alert(const char *kind, enum alert_sev sev, const char *msg, int64_t t)
{
    struct alert a;
    memset(&a, 0, sizeof a);
    a.t_ms = t;
    snprintf(a.kind, sizeof a.kind, "%s", kind);
    a.sev = sev;
    snprintf(a.sym, sizeof a.sym, "BTC");
    snprintf(a.venue, sizeof a.venue, "binance");
    a.value = 94610.5;
    a.threshold = 94850;
    snprintf(a.msg, sizeof a.msg, "%s", msg);
    return a;
}

static void json_line_format(void **state)
{
    (void)state;
    struct alert a = mk_alert("support_break", SEV_CRIT,
                              "BTC broke support 94,850-95,120 (strength 0.8): 94,610, -0.4 % below",
                              1728594000000LL);
    char buf[512];
    int n = alert_format_json(&a, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(buf));
    assert_string_equal(buf, "{\"t\":1728594000000,\"kind\":\"support_break\",\"severity\":\"crit\","
                             "\"symbol\":\"BTC\",\"venue\":\"binance\",\"value\":94610.5,"
                             "\"threshold\":94850,\"msg\":\"BTC broke support 94,850-95,120 "
                             "(strength 0.8): 94,610, -0.4 % below\"}");
    /* NAN is null; quotes and backslashes escaped; control bytes sanitized */
    a.value = NAN;
    a.threshold = -0.0;
    a.sym[0] = '\0';
    snprintf(a.msg, sizeof a.msg, "say \"hi\" \\ \x1b[31mred\n\x7f end");
    n = alert_format_json(&a, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"value\":null,\"threshold\":0,"));
    assert_non_null(strstr(buf, "\"symbol\":\"\""));
    assert_non_null(strstr(buf, "\"msg\":\"say \\\"hi\\\" \\\\ ?[31mred? end\"}"));
    for (const char *p = buf; *p; p++)
        assert_true(*p >= 0x20 && *p < 0x7f);
    /* too small: -1 and an empty string, never a cut line */
    char small[40];
    assert_int_equal(alert_format_json(&a, small, sizeof small), -1);
    assert_string_equal(small, "");
}

static void argv_split_without_a_shell(void **state)
{
    (void)state;
    char store[256], err[128];
    char *argv[8];
    int n = alertsink_split_argv("notify-send  \"BTC alert\" 'a $HOME; b' c\\ d \"q\\\"x\"", store,
                                 sizeof store, argv, 8, err, sizeof err);
    assert_int_equal(n, 5);
    assert_string_equal(argv[0], "notify-send");
    assert_string_equal(argv[1], "BTC alert");
    assert_string_equal(argv[2], "a $HOME; b");
    assert_string_equal(argv[3], "c d");
    assert_string_equal(argv[4], "q\"x");
    assert_null(argv[5]);
    assert_int_equal(alertsink_split_argv("a 'b", store, sizeof store, argv, 8, err, sizeof err), -1);
    assert_non_null(strstr(err, "unterminated"));
    assert_int_equal(alertsink_split_argv("   ", store, sizeof store, argv, 8, err, sizeof err), -1);
    assert_int_equal(alertsink_split_argv("a b c d e f g h i", store, sizeof store, argv, 8, err,
                                          sizeof err),
                     -1);
    assert_int_equal(alertsink_split_argv("x\\", store, sizeof store, argv, 8, err, sizeof err), -1);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/liqtop-sink-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
}

static void remove_tree(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; text && *text; text++)
        n += *text == '\n';
    return n;
}

static void log_appends_to_xdg_state_home(void **state)
{
    (void)state;
    make_tmpdir();
    char xdg[128], path[192];
    snprintf(xdg, sizeof xdg, "%s/state", tmpdir); /* does not exist yet */
    snprintf(path, sizeof path, "%s/liqtop/alerts.log", xdg);
    setenv("XDG_STATE_HOME", xdg, 1);
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    char err[256];
    for (int round = 0; round < 2; round++) {
        struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
        assert_non_null(s);
        struct alertsink_stats st;
        alertsink_stats(s, &st);
        assert_string_equal(st.log_path, path);
        assert_string_equal(st.last_error, "");
        struct alerts_cfg ac;
        alerts_cfg_default(&ac);
        struct alerts *al = alerts_new(&ac);
        alerts_add_sink(al, alertsink_sink(s));
        struct alert a = mk_alert("liq_cascade", SEV_WARN, "wave 1", 1000 + round);
        a.episode = 7;
        alerts_raise(al, &a);
        snprintf(a.msg, sizeof a.msg, "wave 2");
        a.sev = SEV_CRIT;
        alerts_raise(al, &a); /* an update: logged too */
        alertsink_stats(s, &st);
        assert_int_equal(st.logged, 2);
        alerts_free(al);
        alertsink_free(s);
    }
    size_t len;
    char *text = tu_read_file(path, &len);
    assert_non_null(text);
    assert_int_equal(count_lines(text), 4); /* the second run appended */
    assert_non_null(strstr(text, "{\"t\":1000,\"kind\":\"liq_cascade\",\"severity\":\"warn\""));
    assert_non_null(strstr(text, "\"severity\":\"crit\",\"symbol\":\"BTC\""));
    assert_non_null(strstr(text, "\"msg\":\"wave 2\"}\n"));
    free(text);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* log off: nothing written, no file needed */
    cfg.log = 0;
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    struct alertsink_stats st;
    alertsink_stats(s, &st);
    assert_string_equal(st.log_path, "");
    alertsink_free(s);
    /* an unwritable log is reported, not fatal */
    cfg.log = 1;
    snprintf(cfg.log_path, sizeof cfg.log_path, "/proc/liqtop-no/alerts.log");
    s = alertsink_new(&cfg, err, sizeof err);
    assert_non_null(s);
    alertsink_stats(s, &st);
    assert_non_null(strstr(st.last_error, "alert log"));
    alertsink_free(s);
    unsetenv("XDG_STATE_HOME");
    remove_tree();
}

static void bell_counts_crit_and_escalations(void **state)
{
    (void)state;
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    cfg.log = 0;
    char err[128];
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    alerts_add_sink(al, alertsink_sink(s));
    struct alert a = mk_alert("funding_extreme", SEV_WARN, "warn", 1000);
    a.episode = 3;
    alerts_raise(al, &a);
    assert_int_equal(alertsink_take_bell(s), 0);
    a.sev = SEV_CRIT; /* escalation of the same episode */
    alerts_raise(al, &a);
    assert_int_equal(alertsink_take_bell(s), 1);
    alerts_raise(al, &a); /* crit again: no new bell */
    assert_int_equal(alertsink_take_bell(s), 0);
    struct alert b = mk_alert("support_break", SEV_CRIT, "crit", 2000);
    alerts_raise(al, &b);
    assert_int_equal(alertsink_take_bell(s), 1);
    assert_int_equal(alertsink_take_bell(s), 0);
    alerts_free(al);
    alertsink_free(s);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Poll with a fake clock advancing step_ms per call until no hook runs. */
static int64_t drain(struct alertsink *s, int64_t now, int step_ms)
{
    struct alertsink_stats st;
    for (int i = 0; i < 500; i++) {
        alertsink_poll(s, now);
        alertsink_stats(s, &st);
        if (st.hooks_running == 0)
            return now;
        sleep_ms(10);
        now += step_ms;
    }
    fail_msg("hooks still running");
    return now;
}

static void hook_gets_the_alert_in_its_environment(void **state)
{
    (void)state;
    make_tmpdir();
    char script[192], out[192];
    snprintf(script, sizeof script, "%s/hook.sh", tmpdir);
    snprintf(out, sizeof out, "%s/out.txt", tmpdir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs("printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\\n' \"$1\" \"$LIQTOP_KIND\" \"$LIQTOP_SYMBOL\" "
          "\"$LIQTOP_SEVERITY\" \"$LIQTOP_VENUE\" \"$LIQTOP_VALUE\" \"$LIQTOP_THRESHOLD\" "
          "\"$LIQTOP_TIME\" \"$LIQTOP_MSG\" >> \"$2\"\n",
          f);
    fclose(f);
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    cfg.log = 0;
    cfg.hook_severity = SEV_INFO;
    /* the word "a;b $HOME" reaches the program as one literal argument */
    snprintf(cfg.hook, sizeof cfg.hook, "/bin/sh %s 'a;b $HOME' %s", script, out);
    setenv("LIQTOP_KIND", "stale-from-parent", 1);
    char err[128];
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    assert_non_null(s);
    struct alerts_cfg ac;
    alerts_cfg_default(&ac);
    struct alerts *al = alerts_new(&ac);
    alerts_add_sink(al, alertsink_sink(s));
    struct alert a = mk_alert("support_break", SEV_CRIT, "broke \x1b]0;pwn\x07 94,850", 1728594000000LL);
    alerts_raise(al, &a);
    drain(s, 0, 100);
    size_t len;
    char *text = tu_read_file(out, &len);
    assert_non_null(text);
    assert_string_equal(text, "a;b $HOME|support_break|BTC|crit|binance|94610.5|94850|"
                              "1728594000000|broke ?]0;pwn? 94,850\n");
    free(text);
    struct alertsink_stats st;
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_started, 1);
    assert_int_equal(st.hooks_failed, 0);
    alerts_free(al);
    alertsink_free(s);
    unsetenv("LIQTOP_KIND");
    remove_tree();
}

static void hook_is_killed_after_its_time_limit(void **state)
{
    (void)state;
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    cfg.log = 0;
    cfg.hook_timeout_s = 0.5;
    snprintf(cfg.hook, sizeof cfg.hook, "sleep 30");
    char err[128];
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    struct alert_sink k = alertsink_sink(s);
    struct alert a = mk_alert("stress", SEV_CRIT, "x", 1);
    k.emit(k.user, &a, 0);
    struct alertsink_stats st;
    alertsink_poll(s, 0); /* stamps the start */
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_running, 1);
    alertsink_poll(s, 400);
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_killed, 0);
    alertsink_poll(s, 600); /* over the limit: SIGTERM */
    drain(s, 600, 10);
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_killed, 1);
    assert_int_equal(st.hooks_running, 0);
    alertsink_free(s);
}

static void hooks_are_capped_and_queued(void **state)
{
    (void)state;
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    cfg.log = 0;
    cfg.hook_max = 1;
    snprintf(cfg.hook, sizeof cfg.hook, "sleep 0.1");
    char err[128];
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    struct alert_sink k = alertsink_sink(s);
    for (int i = 0; i < 3; i++) {
        struct alert a = mk_alert("stress", SEV_CRIT, "x", i);
        a.id = (uint32_t)i + 1;
        k.emit(k.user, &a, 0);
    }
    struct alertsink_stats st;
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_started, 1);
    assert_int_equal(st.hooks_running, 1);
    int64_t now = 0;
    for (int i = 0; i < 3; i++)
        now = drain(s, now, 10);
    alertsink_poll(s, now);
    now = drain(s, now, 10);
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_started, 3);
    assert_int_equal(st.hooks_dropped, 0);
    alertsink_free(s);
}

static void bad_hook_fails_cleanly(void **state)
{
    (void)state;
    struct alertsink_cfg cfg;
    alertsink_cfg_default(&cfg);
    cfg.log = 0;
    char err[128];
    snprintf(cfg.hook, sizeof cfg.hook, "'unterminated");
    assert_null(alertsink_new(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "hook"));
    snprintf(cfg.hook, sizeof cfg.hook, "/nonexistent/liqtop-hook");
    struct alertsink *s = alertsink_new(&cfg, err, sizeof err);
    assert_non_null(s);
    struct alert_sink k = alertsink_sink(s);
    struct alert a = mk_alert("stress", SEV_CRIT, "x", 1);
    k.emit(k.user, &a, 0);
    drain(s, 0, 10);
    struct alertsink_stats st;
    alertsink_stats(s, &st);
    assert_int_equal(st.hooks_failed, 1);
    assert_non_null(strstr(st.last_error, "liqtop-hook"));
    alertsink_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_line_format),
        cmocka_unit_test(argv_split_without_a_shell),
        cmocka_unit_test(log_appends_to_xdg_state_home),
        cmocka_unit_test(bell_counts_crit_and_escalations),
        cmocka_unit_test(hook_gets_the_alert_in_its_environment),
        cmocka_unit_test(hook_is_killed_after_its_time_limit),
        cmocka_unit_test(hooks_are_capped_and_queued),
        cmocka_unit_test(bad_hook_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
