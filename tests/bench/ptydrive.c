/* ptydrive: run a full-screen program in a pseudo-terminal and measure it
 * (benchmark driver; no liqtop code).
 *
 *   ptydrive [-s COLSxROWS] [-t SECONDS] [-m MARKER] [-w WARMUP_S] -- PROGRAM ARGS...
 *
 * Starts PROGRAM with forkpty(3) on a terminal of the given size (default
 * 200x50), reads everything it writes for SECONDS (default 60), then sends
 * 'q' and waits for it to exit (SIGTERM after 3 s, SIGKILL after 5 s).
 *
 *   first frame   the time from fork to the moment MARKER (a text the
 *                 program draws last in its first frame, e.g. the right end
 *                 of its bottom line) appears in the output with escape
 *                 sequences removed; -1 if never.
 *   frames        bursts of output separated by at least 100 ms of silence;
 *                 steady state is the bursts after WARMUP_S (default 10 s):
 *                 bytes per burst (mean and median) and bytes per second.
 *   cpu           user and system seconds of the process from wait4(2)
 *                 (whole run, start-up included); also sampled from
 *                 /proc/PID/stat just before quitting (excludes the exit).
 *   memory        peak RSS: VmHWM from /proc/PID/status just before quitting,
 *                 and ru_maxrss from wait4; VmRSS at the end, split into
 *                 RssAnon (private: heap, stacks, relocated library data) and
 *                 RssFile (mapped files: the binary and shared libraries).
 *
 * Output: one "key=value" per line on stdout. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BURSTS 4096

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Escape-sequence stripper, fed byte by byte; keeps a tail of plain text
 * long enough to find the marker across reads. */
struct strip {
    int state; /* 0 text, 1 after ESC, 2 CSI, 3 OSC/string, 4 charset designator */
    char tail[256];
    size_t len;
};

static void strip_feed(struct strip *st, const char *buf, size_t n, const char *marker,
                       int *found)
{
    size_t ml = strlen(marker);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        switch (st->state) {
        case 0:
            if (c == 0x1b) {
                st->state = 1;
                continue;
            }
            if (c < 0x20)
                continue;
            if (st->len == sizeof st->tail - 1) {
                memmove(st->tail, st->tail + 128, st->len - 128);
                st->len -= 128;
            }
            st->tail[st->len++] = (char)c;
            st->tail[st->len] = '\0';
            if (!*found && ml && st->len >= ml && memcmp(st->tail + st->len - ml, marker, ml) == 0)
                *found = 1;
            continue;
        case 1:
            st->state = c == '[' ? 2 : c == ']' || c == 'P' || c == '_' ? 3
                        : c == '(' || c == ')' || c == '*' || c == '+' ? 4
                                                                        : 0;
            continue;
        case 2:
            if (c >= 0x40 && c <= 0x7e)
                st->state = 0;
            continue;
        case 3:
            if (c == 0x07 || c == '\\')
                st->state = 0;
            continue;
        case 4: st->state = 0; continue;
        }
    }
}

static long status_kb(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':')
            v = strtol(line + kl + 1, NULL, 10);
    fclose(f);
    return v;
}

/* utime + stime from /proc/PID/stat, seconds. */
static double stat_cpu(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    /* fields after the comm: state(3) ... utime(14) stime(15) */
    unsigned long ut = 0, st = 0;
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field == 14)
            ut = strtoul(tok, NULL, 10);
        if (field == 15) {
            st = strtoul(tok, NULL, 10);
            break;
        }
    }
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int cols = 200, rows = 50;
    double secs = 60, warm = 10;
    const char *marker = "";
    int opt;
    while ((opt = getopt(argc, argv, "s:t:m:w:")) != -1) {
        switch (opt) {
        case 's':
            if (sscanf(optarg, "%dx%d", &cols, &rows) != 2)
                return 2;
            break;
        case 't': secs = atof(optarg); break;
        case 'm': marker = optarg; break;
        case 'w': warm = atof(optarg); break;
        default:
            fprintf(stderr, "usage: ptydrive [-s COLSxROWS] [-t S] [-m MARKER] [-w S] -- CMD...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "ptydrive: no program\n");
        return 2;
    }
    struct winsize wsz = {(unsigned short)rows, (unsigned short)cols, 0, 0};
    int master;
    double t_start = now_s();
    pid_t pid = forkpty(&master, NULL, NULL, &wsz);
    if (pid < 0) {
        perror("forkpty");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[optind], argv + optind);
        perror(argv[optind]);
        _exit(127);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

    static size_t burst_bytes[MAX_BURSTS];
    static double burst_t[MAX_BURSTS];
    size_t nb = 0;
    double last_out = -1, first_byte = -1, first_frame = -1;
    unsigned long long total = 0;
    struct strip st;
    memset(&st, 0, sizeof st);
    int found = 0, eof = 0;
    char buf[65536];
    while (!eof) {
        double t = now_s();
        if (t - t_start >= secs)
            break;
        struct pollfd pfd = {master, POLLIN, 0};
        int ms = (int)((secs - (t - t_start)) * 1000) + 1;
        if (ms > 100)
            ms = 100;
        int rc = poll(&pfd, 1, ms);
        if (rc < 0 && errno != EINTR)
            break;
        if (rc <= 0)
            continue;
        for (;;) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (n == 0 || errno == EIO)
                    eof = 1; /* the program is gone */
                break;
            }
            double tn = now_s() - t_start;
            if (first_byte < 0)
                first_byte = tn;
            if (last_out < 0 || tn - last_out >= 0.1) {
                if (nb < MAX_BURSTS) {
                    burst_t[nb] = tn;
                    burst_bytes[nb++] = 0;
                }
            }
            if (nb)
                burst_bytes[nb - 1] += (size_t)n;
            last_out = tn;
            total += (unsigned long long)n;
            if (!found) {
                strip_feed(&st, buf, (size_t)n, marker, &found);
                if (found)
                    first_frame = tn;
            }
        }
    }
    double ran = now_s() - t_start;
    double cpu_proc = stat_cpu(pid);
    long hwm = status_kb(pid, "VmHWM"), rss = status_kb(pid, "VmRSS");
    long rss_anon = status_kb(pid, "RssAnon"), rss_file = status_kb(pid, "RssFile");

    /* quit as a user would, then make sure it is gone */
    if (write(master, "q", 1) != 1) {
        /* the program may have exited already */
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    double t_quit = now_s();
    int sent_term = 0, reaped = 0;
    while (!reaped) {
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid) {
            reaped = 1;
            break;
        }
        /* keep draining so the program never blocks on a full pty */
        while (read(master, buf, sizeof buf) > 0) {
        }
        double el = now_s() - t_quit;
        if (el > 3 && !sent_term) {
            kill(pid, SIGTERM);
            sent_term = 1;
        }
        if (el > 5)
            kill(pid, SIGKILL);
        usleep(10000);
    }
    close(master);

    /* steady state: bursts after the warm-up, and the bytes of that span */
    size_t steady[MAX_BURSTS], ns = 0;
    unsigned long long steady_total = 0;
    for (size_t i = 0; i < nb; i++) {
        if (burst_t[i] < warm)
            continue;
        steady[ns++] = burst_bytes[i];
        steady_total += burst_bytes[i];
    }
    qsort(steady, ns, sizeof steady[0], cmp_size);
    printf("seconds=%.2f\n", ran);
    printf("first_byte_ms=%.1f\n", first_byte * 1000);
    printf("first_frame_ms=%.1f\n", first_frame < 0 ? -1 : first_frame * 1000);
    printf("bytes_total=%llu\n", total);
    printf("frames=%zu\n", nb);
    printf("steady_frames=%zu\n", ns);
    printf("steady_bytes_per_frame_mean=%.0f\n", ns ? (double)steady_total / (double)ns : -1);
    printf("steady_bytes_per_frame_median=%zu\n", ns ? steady[ns / 2] : 0);
    printf("steady_bytes_per_frame_max=%zu\n", ns ? steady[ns - 1] : 0);
    printf("steady_bytes_per_s=%.0f\n", ran > warm ? (double)steady_total / (ran - warm) : -1);
    printf("cpu_user_s=%.3f\n", (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6);
    printf("cpu_sys_s=%.3f\n", (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
    printf("cpu_proc_s=%.2f\n", cpu_proc);
    printf("peak_rss_kb=%ld\n", hwm);
    printf("maxrss_kb=%ld\n", ru.ru_maxrss);
    printf("rss_end_kb=%ld\n", rss);
    printf("rss_anon_kb=%ld\n", rss_anon);
    printf("rss_file_kb=%ld\n", rss_file);
    printf("exit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    printf("killed=%d\n", sent_term);
    return 0;
}
