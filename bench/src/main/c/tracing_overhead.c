/*
 * What the kernel check's counters cost every other system call of the process: ns per getppid() system call
 *   - with no counter open;
 *   - with the agent's counters: syscalls:sys_enter_{clock_gettime,gettimeofday,time}, user mode only;
 *   - with one raw_syscalls:sys_enter counter per time system call, filtered on its number (kernel mode needed),
 *     a design the agent tried and dropped because of this figure.
 * Each figure is the median of ROUNDS timed loops of CALLS calls.
 *
 * Needs the tracepoint ids, from tracefs (root here). Build and run (bench/run-perf.sh --only floor does):
 *   cc -O2 -o tracing_overhead tracing_overhead.c && ./tracing_overhead /sys/kernel/tracing/events
 * Output: one line per figure, "name median_ns", or "name unavailable: reason".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CALLS 200000
#define ROUNDS 9
#define MAX_FDS 3

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double median_getppid_ns(void) {
    double rounds[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double start = now_ns();
        for (int i = 0; i < CALLS; i++) {
            syscall(SYS_getppid);
        }
        rounds[r] = (now_ns() - start) / CALLS;
    }
    qsort(rounds, ROUNDS, sizeof rounds[0], compare);
    return rounds[ROUNDS / 2];
}

static long tracepoint_id(const char *events, const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s/id", events, name);
    FILE *f = fopen(path, "r");
    long id = -1;
    if (f) {
        if (fscanf(f, "%ld", &id) != 1) {
            id = -1;
        }
        fclose(f);
    }
    return id;
}

/* A counting-only counter on this process (inherited by threads it creates); -errno on failure. */
static int open_counter(long id, int kernel_mode, const char *filter) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.size = sizeof attr;
    attr.config = id;
    attr.inherit = 1;
    attr.exclude_kernel = !kernel_mode;
    attr.exclude_hv = 1;
    int fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    if (filter && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter) != 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

static void measure(const char *name, const long *ids, int kernel_mode, const char *const *filters) {
    int fds[MAX_FDS];
    for (int i = 0; i < MAX_FDS; i++) {
        fds[i] = ids[i] < 0 ? -ENOENT : open_counter(ids[i], kernel_mode, filters ? filters[i] : NULL);
        if (fds[i] < 0) {
            printf("%s unavailable: %s\n", name, strerror(-fds[i]));
            for (int j = 0; j < i; j++) {
                close(fds[j]);
            }
            return;
        }
    }
    printf("%s %.1f\n", name, median_getppid_ns());
    for (int i = 0; i < MAX_FDS; i++) {
        close(fds[i]);
    }
}

int main(int argc, char **argv) {
    const char *events = argc > 1 ? argv[1] : "/sys/kernel/tracing/events";
    median_getppid_ns(); /* warm-up */
    printf("getppid_no_counters %.1f\n", median_getppid_ns());
    long per_syscall[MAX_FDS] = {
        tracepoint_id(events, "syscalls/sys_enter_clock_gettime"),
        tracepoint_id(events, "syscalls/sys_enter_gettimeofday"),
        tracepoint_id(events, "syscalls/sys_enter_time"),
    };
    measure("getppid_with_agent_counters", per_syscall, 0, NULL);
#if defined(__x86_64__)
    long raw = tracepoint_id(events, "raw_syscalls/sys_enter");
    long raw_ids[MAX_FDS] = {raw, raw, raw};
    const char *const filters[MAX_FDS] = {"id == 228", "id == 96", "id == 201"}; /* x86_64 numbers */
    measure("getppid_with_filtered_raw_counters", raw_ids, 1, filters);
#endif
    return 0;
}
