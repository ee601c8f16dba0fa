/* loop: the one event loop (single thread, poll()).
 *
 * Shape from redis ae.c: file descriptors with callbacks, monotonic timers
 * whose callbacks return their next interval, and a before-sleep hook that
 * runs once per iteration just before poll() (the UI draws there, so there is
 * one frame per wake-up at most). libcurl's sockets join through loop_watch
 * (CURLMOPT_SOCKETFUNCTION) and its timeout through a timer
 * (CURLMOPT_TIMERFUNCTION), stdin is one more fd. Timers added or removed
 * during dispatch take effect from the next iteration. */
#ifndef LIQTOP_LOOP_H
#define LIQTOP_LOOP_H

#include <stdint.h>

struct loop;

/* revents is a mask of LOOP_READ | LOOP_WRITE | LOOP_ERROR. */
enum { LOOP_READ = 1, LOOP_WRITE = 2, LOOP_ERROR = 4 };

typedef void (*loop_fd_fn)(struct loop *l, int fd, int revents, void *user);
/* Return the delay in ms until the next call, or a negative value to stop. */
typedef int64_t (*loop_timer_fn)(struct loop *l, void *user);
typedef void (*loop_hook_fn)(struct loop *l, void *user);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd for `events` (LOOP_READ|LOOP_WRITE); replaces an existing watch
 * of the same fd. 0 ok, -1 out of memory. */
int loop_watch(struct loop *l, int fd, int events, loop_fd_fn fn, void *user);
void loop_unwatch(struct loop *l, int fd);

/* A timer firing after `after_ms`; returns its id (> 0) or -1. */
long loop_timer_add(struct loop *l, int64_t after_ms, loop_timer_fn fn, void *user);
/* Reschedule an existing timer (no-op if gone). */
void loop_timer_set(struct loop *l, long id, int64_t after_ms);
void loop_timer_del(struct loop *l, long id);

void loop_set_before_sleep(struct loop *l, loop_hook_fn fn, void *user);

/* One iteration: before-sleep hook, poll (at most max_wait_ms; < 0 means
 * until the next timer or fd), dispatch fds, then due timers. Returns the
 * number of callbacks run, or -1 on a poll error other than EINTR. */
int loop_run_once(struct loop *l, int64_t max_wait_ms);
/* Iterate until loop_stop. 0 on stop, -1 on error. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);
int loop_stopped(const struct loop *l);

/* Monotonic clock in ms (CLOCK_MONOTONIC), for timers and latency. */
int64_t loop_now_ms(void);
/* Wall clock in ms since the epoch (UTC); only main and the fetch layer read it. */
int64_t loop_wall_ms(void);

#endif
