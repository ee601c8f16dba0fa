/* mockctl: start, steer and stop the loopback mock exchange (tests/mock/mockex.c)
 * from a cmocka test. Blocking and simple: tests only. */
#ifndef LIQTOP_MOCKCTL_H
#define LIQTOP_MOCKCTL_H

#include <stddef.h>
#include <sys/types.h>

struct mockex {
    pid_t pid;
    int port;
    char base[64]; /* "http://127.0.0.1:PORT" */
};

/* Start $BUILD/tests/mockex (else build/tests/mockex) on a free port with the
 * extra arguments (NULL-terminated, may be NULL). 0 ok, -1 with a message on
 * stderr. */
int mockex_start(struct mockex *m, const char *const *args);
/* GET path from the mock; the body goes to out (NUL-terminated). Returns the
 * HTTP status or -1. */
int mockex_get(const struct mockex *m, const char *path, char *out, size_t n);
/* Set a fault on a route ("ok" clears); n > 0 limits it to the next n requests. */
int mockex_fault(const struct mockex *m, const char *route, const char *mode, int n);
/* Requests the mock saw for a route id ("*": all); -1 on error. */
long mockex_count(const struct mockex *m, const char *route);
/* Response bytes the mock sent; -1 on error. */
long long mockex_bytes(const struct mockex *m);
/* Zero the counters and clear all faults. */
int mockex_reset(const struct mockex *m);
void mockex_stop(struct mockex *m);

/* A loopback TCP port nobody listens on (bound, noted, closed); -1 on error. */
int mock_closed_port(void);

/* A temporary directory of files for the mock to serve (route maps and
 * bodies). mockdir_new makes /tmp/PREFIX-XXXXXX into dir (n >= 64): 0 or -1.
 * mockdir_write puts text in DIR/NAME and aborts with a message if it
 * cannot. mockex_start_map is mockex_start with "-m DIR/MAP". mockdir_done
 * stops the mock and removes the directory with its files. */
int mockdir_new(char *dir, size_t n, const char *prefix);
void mockdir_write(const char *dir, const char *name, const char *text);
int mockex_start_map(struct mockex *m, const char *dir, const char *map);
void mockdir_done(struct mockex *m, const char *dir);

#endif
