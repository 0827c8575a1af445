/*
 * The native half of vdso-agent's kernel check: perf counters of the system-call tracepoints, so that the agent can
 * ask the kernel how many time system calls its process made, without JNA in the host JVM.
 *
 * A counter counts one tracepoint (syscalls:sys_enter_NAME, by the id tracefs gives) in one thread: counting only,
 * no sampling and no raw data, user-mode entries only (exclude_kernel, exclude_hv), which is what a process may do
 * to itself without privileges at perf_event_paranoid 2 on Linux 5.2 and later. With inherit, the kernel passes the
 * counter on to every thread that thread creates afterwards, and reading it sums them all, ended ones included.
 *
 * Every function returns a negative errno on failure, so that Java can say why.
 */
#define _GNU_SOURCE
#include <jni.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

/* Whether this helper has the functions below: a helper built before them fails to link instead. */
EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_PerfCounters_version0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return 1;
}

EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_PerfCounters_open0(JNIEnv *env, jclass cls, jlong id, jint tid, jboolean inherit) {
    (void) env; (void) cls;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.size = PERF_ATTR_SIZE_VER0; /* every kernel with perf events takes it; it holds every field set here */
    attr.config = (uint64_t) id;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    attr.inherit = inherit ? 1 : 0;
    long fd = syscall(SYS_perf_event_open, &attr, (pid_t) tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (jint) fd;
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_PerfCounters_read0(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    uint64_t value;
    ssize_t got;
    do {
        got = read(fd, &value, sizeof value);
    } while (got < 0 && errno == EINTR);
    if (got != (ssize_t) sizeof value) {
        return got < 0 ? -errno : -EIO;
    }
    return (jlong) (value & INT64_MAX);
}

EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_PerfCounters_close0(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    return close(fd) == 0 ? 0 : -errno;
}

/*
 * One time system call made directly, never through the vDSO: 0 clock_gettime(CLOCK_MONOTONIC), 1 gettimeofday,
 * 2 time. For the self-test that checks each tracepoint id counts the system call it is named for. -ENOSYS where
 * the architecture has no such system call (time on arm64 and riscv64).
 */
EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_PerfCounters_timeSyscall0(JNIEnv *env, jclass cls, jint which) {
    (void) env; (void) cls;
    struct timespec ts;
    struct timeval tv;
    long result;
    switch (which) {
    case 0:
        result = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
        break;
    case 1:
        result = syscall(SYS_gettimeofday, &tv, NULL);
        break;
    case 2:
#ifdef SYS_time
        result = syscall(SYS_time, NULL);
        break;
#else
        return -ENOSYS;
#endif
    default:
        return -EINVAL;
    }
    return result < 0 ? -errno : 0;
}
