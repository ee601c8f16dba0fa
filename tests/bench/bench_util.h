/* bench_util: timing helpers shared by the benchmark programs (not a test).
 *
 * Wall time is CLOCK_MONOTONIC, CPU time CLOCK_PROCESS_CPUTIME_ID, both in
 * seconds as doubles. Every program prints "key value" lines on stdout that
 * tests/bench/run.sh turns into the table; diagnostics go to stderr. */
#ifndef LIQTOP_BENCH_UTIL_H
#define LIQTOP_BENCH_UTIL_H

#include <stdio.h>
#include <string.h>
#include <time.h>

static inline double bu_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double bu_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Keep the compiler from dropping a computation whose result is unused. */
static inline void bu_keep(const void *p)
{
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* Print one result line: "name value unit". */
static inline void bu_report(const char *name, double value, const char *unit)
{
    printf("%s %.6g %s\n", name, value, unit);
    fflush(stdout);
}

#endif
