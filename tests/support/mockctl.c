/* mockctl: drive tests/mock/mockex from tests (see mockctl.h). */
#include "support/mockctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int mockex_start(struct mockex *m, const char *const *args)
{
    char bin[512];
    const char *build = getenv("BUILD");
    snprintf(bin, sizeof bin, "%s/tests/mockex", build && *build ? build : "build");
    /* execv wants char *const[]: copy the strings so no const is cast away */
    static char store[64][512];
    char *argv[64];
    size_t n = 0;
    const char *src[64];
    src[n++] = bin;
    src[n++] = "-p";
    src[n++] = "0";
    for (size_t i = 0; args && args[i] && n < 62; i++)
        src[n++] = args[i];
    for (size_t i = 0; i < n; i++) {
        snprintf(store[i], sizeof store[i], "%s", src[i]);
        argv[i] = store[i];
    }
    argv[n] = NULL;
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
        execv(bin, argv);
        fprintf(stderr, "mockctl: cannot run %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    close(pfd[1]);
    char line[32];
    size_t got = 0;
    struct pollfd p = {pfd[0], POLLIN, 0};
    while (got < sizeof line - 1 && poll(&p, 1, 5000) > 0) {
        ssize_t r = read(pfd[0], line + got, 1);
        if (r <= 0 || line[got] == '\n')
            break;
        got++;
    }
    line[got] = '\0';
    close(pfd[0]);
    m->pid = pid;
    m->port = atoi(line);
    if (m->port <= 0) {
        fprintf(stderr, "mockctl: %s did not report a port\n", bin);
        mockex_stop(m);
        return -1;
    }
    snprintf(m->base, sizeof m->base, "http://127.0.0.1:%d", m->port);
    return 0;
}

int mockex_get(const struct mockex *m, const char *path, char *out, size_t n)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)m->port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    char req[1024];
    int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                      path);
    if (write(fd, req, (size_t)rl) != rl) {
        close(fd);
        return -1;
    }
    char buf[65536];
    size_t got = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (got < sizeof buf - 1 && poll(&p, 1, 5000) > 0) {
        ssize_t r = read(fd, buf + got, sizeof buf - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    int status = -1;
    if (sscanf(buf, "HTTP/1.1 %d", &status) != 1)
        return -1;
    const char *body = strstr(buf, "\r\n\r\n");
    if (out && n) {
        snprintf(out, n, "%s", body ? body + 4 : "");
    }
    return status;
}

static void encode(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; *s && o + 4 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-_./*", c))
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, n - o, "%%%02X", c);
    }
    out[o] = '\0';
}

int mockex_fault(const struct mockex *m, const char *route, const char *mode, int n)
{
    char r[400], md[700], path[1200];
    encode(route, r, sizeof r);
    encode(mode, md, sizeof md);
    snprintf(path, sizeof path, "/_mock/fault?route=%s&mode=%s&n=%d", r, md, n);
    return mockex_get(m, path, NULL, 0) == 200 ? 0 : -1;
}

long mockex_count(const struct mockex *m, const char *route)
{
    char r[400], path[500], out[64];
    encode(route, r, sizeof r);
    snprintf(path, sizeof path, "/_mock/count?route=%s", r);
    if (mockex_get(m, path, out, sizeof out) != 200)
        return -1;
    return strtol(out, NULL, 10);
}

long long mockex_bytes(const struct mockex *m)
{
    char out[64];
    if (mockex_get(m, "/_mock/bytes", out, sizeof out) != 200)
        return -1;
    return strtoll(out, NULL, 10);
}

int mockex_reset(const struct mockex *m)
{
    return mockex_get(m, "/_mock/reset", NULL, 0) == 200 ? 0 : -1;
}

void mockex_stop(struct mockex *m)
{
    if (m->pid > 0) {
        kill(m->pid, SIGTERM);
        waitpid(m->pid, NULL, 0);
    }
    m->pid = 0;
}

int mockdir_new(char *dir, size_t n, const char *prefix)
{
    snprintf(dir, n, "/tmp/%s-XXXXXX", prefix);
    return mkdtemp(dir) ? 0 : -1;
}

void mockdir_write(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    size_t len = strlen(text);
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        abort();
    }
}

int mockex_start_map(struct mockex *m, const char *dir, const char *map)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, map);
    const char *args[] = {"-m", path, NULL};
    return mockex_start(m, args);
}

void mockdir_done(struct mockex *m, const char *dir)
{
    mockex_stop(m);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int mock_closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    int ok = bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
             getsockname(fd, (struct sockaddr *)&a, &al) == 0;
    close(fd);
    return ok ? ntohs(a.sin_port) : -1;
}
