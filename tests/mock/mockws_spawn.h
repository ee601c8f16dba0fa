/* mockws_spawn: start build/tests/mockws from a test and read what it logged.
 *
 * Header-only (static functions) so tests/test_ws.c and tests/test_stream.c
 * share it without adding to tests/support. The binary is $BUILD/tests/mockws
 * ($BUILD set by tests/run.sh; "build" otherwise). */
#ifndef LIQTOP_MOCKWS_SPAWN_H
#define LIQTOP_MOCKWS_SPAWN_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct mockws {
    pid_t pid;
    int port;
    char script[256];
    char log[256];
};

static inline int mockws_tmp(char *path, size_t n, const char *what)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/liqtop-mockws-%s-XXXXXX", dir && *dir ? dir : "/tmp", what);
    int fd = mkstemp(path);
    return fd;
}

/* Write the script, start the server, read its port. 0 ok, -1 on failure
 * (with a message on stderr). */
static inline int mockws_start(struct mockws *m, const char *script)
{
    memset(m, 0, sizeof *m);
    int sfd = mockws_tmp(m->script, sizeof m->script, "script");
    int lfd = mockws_tmp(m->log, sizeof m->log, "log");
    if (sfd < 0 || lfd < 0) {
        fprintf(stderr, "mockws: cannot create temp files\n");
        return -1;
    }
    size_t len = strlen(script);
    if (write(sfd, script, len) != (ssize_t)len) {
        close(sfd);
        close(lfd);
        return -1;
    }
    close(sfd);
    close(lfd);
    char bin[512];
    const char *build = getenv("BUILD");
    snprintf(bin, sizeof bin, "%s/tests/mockws", build && *build ? build : "build");
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execl(bin, bin, "--port", "0", "--log", m->log, "--script", m->script, (char *)NULL);
        fprintf(stderr, "mockws: cannot run %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    close(pfd[1]);
    char line[64];
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t r = read(pfd[0], line + n, 1);
        if (r <= 0)
            break;
        if (line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    close(pfd[0]);
    m->pid = pid;
    if (sscanf(line, "PORT %d", &m->port) != 1) {
        fprintf(stderr, "mockws: no port from %s (got '%s')\n", bin, line);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        m->pid = 0;
        return -1;
    }
    return 0;
}

/* Wait for the server to exit (at most ms), killing it past that. Returns
 * its exit status, or -1 if it had to be killed. Removes the script. */
static inline int mockws_finish(struct mockws *m, int ms)
{
    int status = 0, ret = -1;
    if (m->pid > 0) {
        for (int waited = 0;; waited += 10) {
            pid_t r = waitpid(m->pid, &status, WNOHANG);
            if (r == m->pid) {
                ret = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                break;
            }
            if (waited >= ms) {
                kill(m->pid, SIGKILL);
                waitpid(m->pid, &status, 0);
                break;
            }
            struct timespec ts = {0, 10 * 1000000L};
            nanosleep(&ts, NULL);
        }
        m->pid = 0;
    }
    unlink(m->script);
    return ret;
}

/* The log's content (malloc'd, NUL-terminated; "" if unreadable). */
static inline char *mockws_log(const struct mockws *m)
{
    FILE *f = fopen(m->log, "rb");
    char *buf = calloc(1, 1 << 20);
    if (!buf)
        abort();
    if (f) {
        size_t n = fread(buf, 1, (1 << 20) - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

/* Count the lines of the log that contain `needle`. */
static inline int mockws_log_count(const struct mockws *m, const char *needle)
{
    char *log = mockws_log(m);
    int count = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
        if (strstr(line, needle))
            count++;
    free(log);
    return count;
}

static inline void mockws_cleanup(struct mockws *m)
{
    if (m->pid > 0)
        mockws_finish(m, 0);
    unlink(m->script);
    unlink(m->log);
}

#endif
