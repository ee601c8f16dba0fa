/* alertsink: where alerts go besides the screen: the terminal bell, an
 * NDJSON log file and a user hook command. The only model-layer module that
 * does I/O.
 *
 *  - bell: the sink only counts alerts at or above bell_severity;
 *    the UI takes the count (alertsink_take_bell) and beeps.
 *  - log: one line per alert, the headless format (alert_format_json),
 *    appended (O_APPEND, never truncated) to log_path, or by default
 *    $XDG_STATE_HOME/liqtop/alerts.log, else ~/.local/state/liqtop/alerts.log
 *    (directories created 0700, the file 0600).
 *  - hook: a command line split into argv without a shell (words separated
 *    by blanks; "double" and 'single' quotes group, backslash escapes the
 *    next character; no variables, globs or redirections), run with
 *    posix_spawnp in its own process group, stdin/stdout/stderr on
 *    /dev/null, the alert in the environment: LIQTOP_TIME (ms),
 *    LIQTOP_KIND, LIQTOP_SEVERITY, LIQTOP_SYMBOL, LIQTOP_VENUE,
 *    LIQTOP_VALUE, LIQTOP_THRESHOLD, LIQTOP_MSG (sanitized). At most
 *    hook_max run at once (later alerts wait in a short queue, the overflow
 *    is counted and dropped); one still running after hook_timeout_s gets
 *    SIGTERM, 2 s later SIGKILL. Nothing blocks: children are reaped by
 *    alertsink_poll.
 * Episode updates (is_update) are logged when log_updates is set; the hook
 * and the bell see an update only when it raised the alert's severity. */
#ifndef LIQTOP_ALERTSINK_H
#define LIQTOP_ALERTSINK_H

#include "liqtop/alert.h"

#include <stddef.h>
#include <stdint.h>

#define ALERTSINK_PATH_MAX 512
#define ALERTSINK_HOOK_MAX 512

struct alertsink_cfg {
    int bell_severity;              /* enum alert_sev, or 3 = never ring */
    int log;                        /* write the log file */
    int log_updates;                /* also log episode updates */
    char log_path[ALERTSINK_PATH_MAX]; /* "" = the default location */
    char hook[ALERTSINK_HOOK_MAX];  /* command line, "" = none */
    int hook_severity;              /* enum alert_sev: lowest severity passed to the hook */
    double hook_timeout_s;          /* kill a hook running longer */
    int hook_max;                   /* hooks running at once */
};

void alertsink_cfg_default(struct alertsink_cfg *cfg);

struct alertsink;

/* NULL with err set when the hook command does not parse (a config error)
 * or memory runs out. A log that cannot be opened is not fatal: the sink
 * runs without it and alertsink_stats says why (last_error). The
 * environment (XDG_STATE_HOME, HOME) is read here. */
struct alertsink *alertsink_new(const struct alertsink_cfg *cfg, char *err, size_t errn);
/* Stops running hooks (SIGKILL to their groups), reaps them, closes the log. */
void alertsink_free(struct alertsink *s);

/* The struct to pass to alerts_add_sink. */
struct alert_sink alertsink_sink(struct alertsink *s);

/* Call periodically (every loop iteration is fine) with a monotonic clock in
 * ms: reaps finished hooks (waitpid WNOHANG), signals overdue ones, starts
 * queued ones. Never blocks. Hooks started since the previous call are timed
 * from this call's now_ms. */
void alertsink_poll(struct alertsink *s, int64_t now_ms);

/* Bell rings owed since the last call (and resets the count). */
unsigned alertsink_take_bell(struct alertsink *s);

struct alertsink_stats {
    uint64_t logged, log_errors;
    uint64_t hooks_started, hooks_failed, hooks_killed, hooks_dropped;
    int hooks_running;
    char last_error[160]; /* "" if none */
    char log_path[ALERTSINK_PATH_MAX];
};
void alertsink_stats(const struct alertsink *s, struct alertsink_stats *out);

/* Split a hook command line into argv (see above). Returns argc, or -1 with
 * err set (unterminated quote, too many words, empty). Words are written
 * into store (n bytes) and argv[] points into it, NULL-terminated; maxargs
 * includes the terminating NULL. */
int alertsink_split_argv(const char *cmd, char *store, size_t n, char **argv, int maxargs,
                         char *err, size_t errn);

#endif
