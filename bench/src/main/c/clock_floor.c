/*
 * The physical floor of a clock read on this machine, outside any JVM: ns per call of
 *   - clock_gettime() through glibc, which jumps into the vDSO (no system call on a vDSO-capable clocksource);
 *   - syscall(SYS_clock_gettime), a forced system call, what clock=syscall costs the agent's JNI helper.
 * For CLOCK_MONOTONIC (nanoTime's clock) and CLOCK_REALTIME (the wall clock). Each figure is the median of ROUNDS
 * timed loops of CALLS calls; min and max are printed too, to show the noise.
 *
 * Build and run (bench/run-perf.sh does): cc -O2 -o clock_floor clock_floor.c && ./clock_floor [CALLS] [ROUNDS]
 * Output: one line per figure, "name median_ns min_ns max_ns".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile long sink;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static double loop_vdso(clockid_t clock, long calls) {
    struct timespec ts;
    double start = now_ns();
    for (long i = 0; i < calls; i++) {
        clock_gettime(clock, &ts);
        sink += ts.tv_nsec;
    }
    return (now_ns() - start) / (double) calls;
}

static double loop_syscall(clockid_t clock, long calls) {
    struct timespec ts;
    double start = now_ns();
    for (long i = 0; i < calls; i++) {
        syscall(SYS_clock_gettime, clock, &ts);
        sink += ts.tv_nsec;
    }
    return (now_ns() - start) / (double) calls;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static void measure(const char *name, double (*loop)(clockid_t, long), clockid_t clock, long calls, int rounds) {
    double *ns = malloc(sizeof(double) * (size_t) rounds);
    loop(clock, calls / 10); /* warm-up */
    for (int r = 0; r < rounds; r++) {
        ns[r] = loop(clock, calls);
    }
    qsort(ns, (size_t) rounds, sizeof(double), cmp);
    printf("%s %.2f %.2f %.2f\n", name, ns[rounds / 2], ns[0], ns[rounds - 1]);
    free(ns);
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 2000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 11;
    measure("vdso_clock_gettime_monotonic", loop_vdso, CLOCK_MONOTONIC, calls, rounds);
    measure("vdso_clock_gettime_realtime", loop_vdso, CLOCK_REALTIME, calls, rounds);
    measure("syscall_clock_gettime_monotonic", loop_syscall, CLOCK_MONOTONIC, calls / 4, rounds);
    measure("syscall_clock_gettime_realtime", loop_syscall, CLOCK_REALTIME, calls / 4, rounds);
    return 0;
}
