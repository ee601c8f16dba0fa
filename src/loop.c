/* loop: poll()-based event loop with monotonic timers (see loop.h). */
#include "liqtop/loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct watch {
    int fd;
    int events;
    loop_fd_fn fn;
    void *user;
};

struct timer {
    long id;
    int64_t due_ms;
    loop_timer_fn fn;
    void *user;
    int dead;
};

struct loop {
    struct watch *watches;
    size_t n_watches, cap_watches;
    struct pollfd *pfds;
    size_t cap_pfds;
    struct timer *timers;
    size_t n_timers, cap_timers;
    long next_id;
    loop_hook_fn before_sleep;
    void *before_sleep_user;
    int stop;
};

int64_t loop_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t loop_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *loop_new(void)
{
    struct loop *l = calloc(1, sizeof *l);
    if (l)
        l->next_id = 1;
    return l;
}

void loop_free(struct loop *l)
{
    if (!l)
        return;
    free(l->watches);
    free(l->pfds);
    free(l->timers);
    free(l);
}

int loop_watch(struct loop *l, int fd, int events, loop_fd_fn fn, void *user)
{
    for (size_t i = 0; i < l->n_watches; i++) {
        if (l->watches[i].fd == fd) {
            l->watches[i].events = events;
            l->watches[i].fn = fn;
            l->watches[i].user = user;
            return 0;
        }
    }
    if (l->n_watches == l->cap_watches) {
        size_t ncap = l->cap_watches ? l->cap_watches * 2 : 8;
        struct watch *w = realloc(l->watches, ncap * sizeof *w);
        if (!w)
            return -1;
        l->watches = w;
        l->cap_watches = ncap;
    }
    l->watches[l->n_watches++] = (struct watch){fd, events, fn, user};
    return 0;
}

void loop_unwatch(struct loop *l, int fd)
{
    for (size_t i = 0; i < l->n_watches; i++) {
        if (l->watches[i].fd == fd) {
            l->watches[i] = l->watches[--l->n_watches];
            return;
        }
    }
}

long loop_timer_add(struct loop *l, int64_t after_ms, loop_timer_fn fn, void *user)
{
    if (l->n_timers == l->cap_timers) {
        size_t ncap = l->cap_timers ? l->cap_timers * 2 : 8;
        struct timer *t = realloc(l->timers, ncap * sizeof *t);
        if (!t)
            return -1;
        l->timers = t;
        l->cap_timers = ncap;
    }
    long id = l->next_id++;
    l->timers[l->n_timers++] =
        (struct timer){id, loop_now_ms() + (after_ms > 0 ? after_ms : 0), fn, user, 0};
    return id;
}

void loop_timer_set(struct loop *l, long id, int64_t after_ms)
{
    for (size_t i = 0; i < l->n_timers; i++)
        if (l->timers[i].id == id && !l->timers[i].dead)
            l->timers[i].due_ms = loop_now_ms() + (after_ms > 0 ? after_ms : 0);
}

void loop_timer_del(struct loop *l, long id)
{
    /* marked now, removed after dispatch, so deleting inside a callback is safe */
    for (size_t i = 0; i < l->n_timers; i++)
        if (l->timers[i].id == id)
            l->timers[i].dead = 1;
}

void loop_set_before_sleep(struct loop *l, loop_hook_fn fn, void *user)
{
    l->before_sleep = fn;
    l->before_sleep_user = user;
}

static void reap_timers(struct loop *l)
{
    size_t o = 0;
    for (size_t i = 0; i < l->n_timers; i++)
        if (!l->timers[i].dead)
            l->timers[o++] = l->timers[i];
    l->n_timers = o;
}

static int64_t next_timer_wait(const struct loop *l, int64_t now)
{
    int64_t best = -1;
    for (size_t i = 0; i < l->n_timers; i++) {
        if (l->timers[i].dead)
            continue;
        int64_t w = l->timers[i].due_ms - now;
        if (w < 0)
            w = 0;
        if (best < 0 || w < best)
            best = w;
    }
    return best;
}

static int run_timers(struct loop *l)
{
    int ran = 0;
    int64_t now = loop_now_ms();
    /* only timers that existed before dispatch: new ones wait for the next round */
    size_t n = l->n_timers;
    for (size_t i = 0; i < n && !l->stop; i++) {
        struct timer *t = &l->timers[i];
        if (t->dead || t->due_ms > now)
            continue;
        long id = t->id;
        int64_t next = t->fn(l, t->user);
        ran++;
        /* the array may have been reallocated by a callback that added a timer */
        t = &l->timers[i];
        if (t->id != id || t->dead)
            continue;
        if (next < 0)
            t->dead = 1;
        else
            t->due_ms = loop_now_ms() + next;
    }
    reap_timers(l);
    return ran;
}

int loop_run_once(struct loop *l, int64_t max_wait_ms)
{
    if (l->before_sleep)
        l->before_sleep(l, l->before_sleep_user);
    if (l->stop)
        return 0;
    if (l->cap_pfds < l->n_watches) {
        struct pollfd *p = realloc(l->pfds, l->n_watches * sizeof *p);
        if (!p)
            return -1;
        l->pfds = p;
        l->cap_pfds = l->n_watches;
    }
    size_t n = l->n_watches;
    for (size_t i = 0; i < n; i++) {
        l->pfds[i].fd = l->watches[i].fd;
        l->pfds[i].events = (short)(((l->watches[i].events & LOOP_READ) ? POLLIN : 0) |
                                    ((l->watches[i].events & LOOP_WRITE) ? POLLOUT : 0));
        l->pfds[i].revents = 0;
    }
    int64_t wait = next_timer_wait(l, loop_now_ms());
    if (max_wait_ms >= 0 && (wait < 0 || max_wait_ms < wait))
        wait = max_wait_ms;
    if (wait > 60000 || wait < 0)
        wait = 60000; /* wake at least once a minute, even with nothing scheduled */
    int rc = poll(l->pfds, (nfds_t)n, (int)wait);
    if (rc < 0 && errno != EINTR)
        return -1;
    int ran = 0;
    if (rc > 0) {
        for (size_t i = 0; i < n && !l->stop; i++) {
            short re = l->pfds[i].revents;
            if (!re)
                continue;
            int mask = ((re & POLLIN) ? LOOP_READ : 0) | ((re & POLLOUT) ? LOOP_WRITE : 0) |
                       ((re & (POLLERR | POLLHUP | POLLNVAL)) ? LOOP_ERROR : 0);
            /* the watch list may change during dispatch: look the fd up again */
            for (size_t j = 0; j < l->n_watches; j++) {
                if (l->watches[j].fd == l->pfds[i].fd) {
                    l->watches[j].fn(l, l->pfds[i].fd, mask, l->watches[j].user);
                    ran++;
                    break;
                }
            }
        }
    }
    ran += run_timers(l);
    return ran;
}

int loop_run(struct loop *l)
{
    while (!l->stop)
        if (loop_run_once(l, -1) < 0)
            return -1;
    return 0;
}

void loop_stop(struct loop *l)
{
    l->stop = 1;
}

int loop_stopped(const struct loop *l)
{
    return l->stop;
}
