/* alertsink: bell counter, NDJSON alert log, hook command (see alertsink.h). */
#define _POSIX_C_SOURCE 200809L

#include "liqtop/alertsink.h"

#include "liqtop/text.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 64
#define MAX_RUNNING 16
#define QUEUE_LEN 16
#define SEV_SEEN 64     /* alerts whose severity we remember, for escalations */
#define KILL_GRACE_MS 2000

struct hook_proc {
    pid_t pid;
    int64_t start_ms; /* -1 until the next poll stamps it */
    int64_t term_ms;  /* when SIGTERM went out, -1 if not yet */
};

struct alertsink {
    struct alertsink_cfg cfg;
    int fd; /* log, -1 if none */
    char log_path[ALERTSINK_PATH_MAX];
    char argv_store[ALERTSINK_HOOK_MAX + 8];
    char *argv[MAX_ARGS];
    int argc;
    struct hook_proc run[MAX_RUNNING];
    int n_run;
    struct alert queue[QUEUE_LEN];
    int q_head, q_len;
    struct {
        uint32_t id;
        int sev;
    } seen[SEV_SEEN];
    int seen_next;
    unsigned bell;
    struct alertsink_stats st;
};

void alertsink_cfg_default(struct alertsink_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->bell_severity = SEV_CRIT;
    cfg->log = 1;
    cfg->log_updates = 1;
    cfg->hook_severity = SEV_WARN;
    cfg->hook_timeout_s = 10;
    cfg->hook_max = 4;
}

int alertsink_split_argv(const char *cmd, char *store, size_t n, char **argv, int maxargs,
                         char *err, size_t errn)
{
    size_t o = 0;
    int argc = 0;
    const char *p = cmd ? cmd : "";
    if (maxargs < 2 || n == 0) {
        text_errf(err, errn, "no room");
        return -1;
    }
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (argc >= maxargs - 1) {
            text_errf(err, errn, "hook: more than %d words", maxargs - 1);
            return -1;
        }
        argv[argc++] = store + o;
        char quote = 0;
        while (*p && (quote || (*p != ' ' && *p != '\t'))) {
            char c = *p++;
            if (quote) {
                if (c == quote) {
                    quote = 0;
                    continue;
                }
                if (c == '\\' && quote == '"' && (*p == '"' || *p == '\\'))
                    c = *p++;
            } else if (c == '"' || c == '\'') {
                quote = c;
                continue;
            } else if (c == '\\') {
                if (!*p) {
                    text_errf(err, errn, "hook: trailing backslash");
                    return -1;
                }
                c = *p++;
            }
            if (o + 1 >= n) {
                text_errf(err, errn, "hook: command too long");
                return -1;
            }
            store[o++] = c;
        }
        if (quote) {
            text_errf(err, errn, "hook: unterminated %c quote", quote);
            return -1;
        }
        if (o + 1 >= n) {
            text_errf(err, errn, "hook: command too long");
            return -1;
        }
        store[o++] = '\0';
    }
    if (argc == 0) {
        text_errf(err, errn, "hook: empty command");
        return -1;
    }
    argv[argc] = NULL;
    return argc;
}

/* mkdir -p of the directory part of path, mode 0700 for what we create. */
static int make_parents(const char *path)
{
    char buf[ALERTSINK_PATH_MAX];
    text_copy(buf, sizeof buf, path);
    for (char *q = buf + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *q = '/';
    }
    return 0;
}

static void default_log_path(char *buf, size_t n)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    buf[0] = '\0';
    /* the XDG spec says a relative value is invalid and must be ignored */
    if (xdg && xdg[0] == '/')
        snprintf(buf, n, "%s/liqtop/alerts.log", xdg);
    else if (home && home[0])
        snprintf(buf, n, "%s/.local/state/liqtop/alerts.log", home);
}

struct alertsink *alertsink_new(const struct alertsink_cfg *cfg, char *err, size_t errn)
{
    struct alertsink *s = calloc(1, sizeof *s);
    if (!s) {
        text_errf(err, errn, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->fd = -1;
    if (s->cfg.hook_max < 1)
        s->cfg.hook_max = 1;
    if (s->cfg.hook_max > MAX_RUNNING)
        s->cfg.hook_max = MAX_RUNNING;
    if (s->cfg.hook[0]) {
        s->argc = alertsink_split_argv(s->cfg.hook, s->argv_store, sizeof s->argv_store, s->argv,
                                       MAX_ARGS, err, errn);
        if (s->argc < 0) {
            free(s);
            return NULL;
        }
    }
    if (s->cfg.log) {
        if (s->cfg.log_path[0])
            text_copy(s->log_path, sizeof s->log_path, s->cfg.log_path);
        else
            default_log_path(s->log_path, sizeof s->log_path);
        if (!s->log_path[0]) {
            snprintf(s->st.last_error, sizeof s->st.last_error,
                     "alert log: neither XDG_STATE_HOME nor HOME is set; no log");
        } else if (make_parents(s->log_path) != 0 ||
                   (s->fd = open(s->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
            snprintf(s->st.last_error, sizeof s->st.last_error, "alert log %.100s: %s",
                     s->log_path, strerror(errno));
            s->fd = -1;
        }
    }
    text_copy(s->st.log_path, sizeof s->st.log_path, s->fd >= 0 ? s->log_path : "");
    return s;
}

void alertsink_free(struct alertsink *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_run; i++) {
        kill(-s->run[i].pid, SIGKILL);
        while (waitpid(s->run[i].pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (s->fd >= 0)
        close(s->fd);
    free(s);
}

static void write_log(struct alertsink *s, const struct alert *a)
{
    char line[1024];
    int len = alert_format_json(a, line, sizeof line - 1);
    if (len < 0) {
        s->st.log_errors++;
        return;
    }
    line[len++] = '\n';
    size_t off = 0;
    while (off < (size_t)len) {
        ssize_t w = write(s->fd, line + off, (size_t)len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->st.log_errors++;
            snprintf(s->st.last_error, sizeof s->st.last_error, "alert log: %s",
                     strerror(errno));
            return;
        }
        off += (size_t)w;
    }
    s->st.logged++;
}

/* Severity last seen for alert id; -1 if not remembered. Records sev. */
static int swap_seen(struct alertsink *s, uint32_t id, int sev)
{
    for (int i = 0; i < SEV_SEEN; i++) {
        if (s->seen[i].id == id && id) {
            int old = s->seen[i].sev;
            s->seen[i].sev = sev;
            return old;
        }
    }
    s->seen[s->seen_next].id = id;
    s->seen[s->seen_next].sev = sev;
    s->seen_next = (s->seen_next + 1) % SEV_SEEN;
    return -1;
}

static void env_add(char **envp, int *n, char *buf, size_t bufn, size_t *o, const char *name,
                    const char *value)
{
    char clean[ALERT_MSG_MAX + 8];
    text_sanitize(clean, sizeof clean, value, strlen(value));
    int w = snprintf(buf + *o, bufn - *o, "%s=%s", name, clean);
    if (w < 0 || (size_t)w >= bufn - *o)
        return;
    envp[(*n)++] = buf + *o;
    *o += (size_t)w + 1;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "%s", "");
    else
        snprintf(buf, n, "%.15g", v);
}

static void spawn_hook(struct alertsink *s, const struct alert *a, int64_t now_ms)
{
    size_t n_env = 0;
    while (environ && environ[n_env])
        n_env++;
    char **envp = malloc(sizeof *envp * (n_env + 10));
    if (!envp) {
        s->st.hooks_failed++;
        return;
    }
    int ne = 0;
    for (size_t i = 0; i < n_env; i++)
        if (strncmp(environ[i], "LIQTOP_", 7) != 0)
            envp[ne++] = environ[i];
    char buf[1024], num[40];
    size_t o = 0;
    snprintf(num, sizeof num, "%lld", (long long)a->t_ms);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_TIME", num);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_KIND", a->kind);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_SEVERITY", alert_sev_name(a->sev));
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_SYMBOL", a->sym);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_VENUE", a->venue);
    fmt_num(num, sizeof num, a->value);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_VALUE", num);
    fmt_num(num, sizeof num, a->threshold);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_THRESHOLD", num);
    env_add(envp, &ne, buf, sizeof buf, &o, "LIQTOP_MSG", a->msg);
    envp[ne] = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc == 0) {
        rc = posix_spawnattr_init(&at);
        if (rc != 0)
            posix_spawn_file_actions_destroy(&fa);
    }
    if (rc == 0) {
        /* the hook must never draw into the UI's terminal or read its keys */
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        sigset_t none, def;
        sigemptyset(&none);
        sigemptyset(&def);
        int sigs[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGWINCH, SIGALRM};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            sigaddset(&def, sigs[i]);
        posix_spawnattr_setsigmask(&at, &none);
        posix_spawnattr_setsigdefault(&at, &def);
        /* its own process group, so a timeout kills whatever it started */
        posix_spawnattr_setpgroup(&at, 0);
        posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                          POSIX_SPAWN_SETSIGDEF);
        pid_t pid;
        rc = posix_spawnp(&pid, s->argv[0], &fa, &at, s->argv, envp);
        posix_spawnattr_destroy(&at);
        posix_spawn_file_actions_destroy(&fa);
        if (rc == 0) {
            s->run[s->n_run++] = (struct hook_proc){pid, now_ms, -1};
            s->st.hooks_started++;
        }
    }
    if (rc != 0) {
        s->st.hooks_failed++;
        snprintf(s->st.last_error, sizeof s->st.last_error, "hook %.60s: %s", s->argv[0],
                 strerror(rc));
    }
    free(envp);
}

static void sink_emit(void *user, const struct alert *a, int is_update)
{
    struct alertsink *s = user;
    int old = swap_seen(s, a->id, (int)a->sev);
    int escalated = !is_update || (old >= 0 && (int)a->sev > old);
    if (s->fd >= 0 && (!is_update || s->cfg.log_updates))
        write_log(s, a);
    if (!escalated)
        return;
    if ((int)a->sev >= s->cfg.bell_severity)
        s->bell++;
    if (s->argc > 0 && (int)a->sev >= s->cfg.hook_severity) {
        if (s->n_run < s->cfg.hook_max && s->q_len == 0) {
            spawn_hook(s, a, -1);
        } else if (s->q_len < QUEUE_LEN) {
            s->queue[(s->q_head + s->q_len) % QUEUE_LEN] = *a;
            s->q_len++;
        } else {
            s->st.hooks_dropped++;
        }
    }
}

struct alert_sink alertsink_sink(struct alertsink *s)
{
    struct alert_sink k = {sink_emit, s};
    return k;
}

void alertsink_poll(struct alertsink *s, int64_t now_ms)
{
    for (int i = 0; i < s->n_run;) {
        struct hook_proc *h = &s->run[i];
        int status;
        pid_t r = waitpid(h->pid, &status, WNOHANG);
        if (r == h->pid || (r < 0 && errno == ECHILD)) {
            if (r == h->pid && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
                s->st.hooks_failed++;
                snprintf(s->st.last_error, sizeof s->st.last_error, "hook %.60s: exit status %d",
                         s->argv[0], WEXITSTATUS(status));
            }
            s->run[i] = s->run[--s->n_run];
            continue;
        }
        if (h->start_ms < 0)
            h->start_ms = now_ms;
        if (h->term_ms < 0 && now_ms - h->start_ms > (int64_t)(s->cfg.hook_timeout_s * 1000)) {
            kill(-h->pid, SIGTERM);
            h->term_ms = now_ms;
            s->st.hooks_killed++;
        } else if (h->term_ms >= 0 && now_ms - h->term_ms > KILL_GRACE_MS) {
            kill(-h->pid, SIGKILL);
        }
        i++;
    }
    while (s->q_len && s->n_run < s->cfg.hook_max) {
        struct alert a = s->queue[s->q_head];
        s->q_head = (s->q_head + 1) % QUEUE_LEN;
        s->q_len--;
        spawn_hook(s, &a, now_ms);
    }
}

unsigned alertsink_take_bell(struct alertsink *s)
{
    unsigned b = s->bell;
    s->bell = 0;
    return b;
}

void alertsink_stats(const struct alertsink *s, struct alertsink_stats *out)
{
    *out = s->st;
    out->hooks_running = s->n_run;
}
