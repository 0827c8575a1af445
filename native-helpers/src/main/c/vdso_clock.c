/*
 * The native half of vdso-agent's clock stub.
 *
 * Java resolves the vDSO's clock_gettime from the ELF image the kernel mapped into this process, checks the
 * address, and hands it to bind(). From then on vdsoNanos() calls that function directly: no libc in between,
 * no allocation, one JNI transition (none through the critical entry or the FFM one). syscallNanos() is the
 * control: the same clock read through a real clock_gettime system call, whatever the vDSO would have done.
 *
 * Both return nanoseconds as one signed 64-bit value (enough for CLOCK_REALTIME until the year 2262), or
 * READ_FAILED when the clock id is not valid here. Two more vDSO reads hand Java the halves in the form it needs,
 * because dividing nanoseconds in Java is a chain of dependent multiplies the next clock read has to wait for:
 * vdsoMillis() in milliseconds for System.currentTimeMillis (computed as the JVM does, about 2 ns less per read),
 * vdsoSecondsNanos() as seconds and nanoseconds packed into one value for Instant.
 */
#define _GNU_SOURCE
#include <jni.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define READ_FAILED INT64_MIN
#define EXPORT __attribute__((visibility("default")))

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

/* Written once by bind() before any reader can call vdsoNanos (Java publishes the binding through a
 * volatile field afterwards), so a plain pointer is enough. */
static clock_gettime_fn vdso_clock_gettime;
static volatile int critical_entry_used;

static inline jlong to_nanos(const struct timespec *ts) {
    return (jlong) ts->tv_sec * 1000000000LL + (jlong) ts->tv_nsec;
}

/* Floor milliseconds: tv_nsec is always in [0, 1e9), so this agrees with floor(nanoseconds / 1e6) for any tv_sec. */
static inline jlong to_millis(const struct timespec *ts) {
    return (jlong) ts->tv_sec * 1000LL + (jlong) (ts->tv_nsec / 1000000L);
}

EXPORT JNIEXPORT void JNICALL
Java_io_github_vdsoagent_boot_NativeClock_bind(JNIEnv *env, jclass cls, jlong address) {
    (void) env; (void) cls;
    vdso_clock_gettime = (clock_gettime_fn) (uintptr_t) address;
}

/* Every entry below inlines these: a call from one exported function to another would go through the PLT. */
static inline int vdso_read(jint clock, struct timespec *ts) {
    clock_gettime_fn fn = vdso_clock_gettime;
    return fn != NULL && fn((clockid_t) clock, ts) == 0;
}

static inline jlong vdso_nanos(jint clock) {
    struct timespec ts;
    return vdso_read(clock, &ts) ? to_nanos(&ts) : READ_FAILED;
}

static inline jlong vdso_millis(jint clock) {
    struct timespec ts;
    return vdso_read(clock, &ts) ? to_millis(&ts) : READ_FAILED;
}

/* Seconds and nanoseconds in one value, tv_sec << 30 | tv_nsec (tv_nsec < 10^9 < 2^30), for Instant: Java takes
 * the two halves apart with a shift and a mask instead of dividing nanoseconds by 10^9. READ_FAILED unless
 * 0 <= tv_sec < 2^33 (1970 to March 2242): from 2^33 on the shift overflows, and a negative second would not come
 * back out of Java's unsigned shift and mask. */
static inline jlong vdso_seconds_nanos(jint clock) {
    struct timespec ts;
    if (!vdso_read(clock, &ts) || ts.tv_sec < 0 || ts.tv_sec >= (1LL << 33)) {
        return READ_FAILED;
    }
    return ((jlong) ts.tv_sec << 30) | (jlong) ts.tv_nsec;
}

/* Read first, written once: every thread keeps the cache line shared. */
static inline void note_critical_call(void) {
    if (!critical_entry_used) {
        critical_entry_used = 1;
    }
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_vdsoNanos(JNIEnv *env, jclass cls, jint clock) {
    (void) env; (void) cls;
    return vdso_nanos(clock);
}

/* The same read as a HotSpot "critical native": JDK 16 and 17 call it instead of the function above when their
 * CriticalJNINatives flag was on as the method's wrapper was generated (the agent arranges that, see jvm_flags.c),
 * and then without the thread-state transitions of a JNI call, which cost about as much as the vDSO read itself.
 * A vDSO read never blocks, which is what running without a transition requires. */
EXPORT JNIEXPORT jlong JNICALL
JavaCritical_io_github_vdsoagent_boot_NativeClock_vdsoNanos(jint clock) {
    note_critical_call();
    return vdso_nanos(clock);
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_vdsoMillis(JNIEnv *env, jclass cls, jint clock) {
    (void) env; (void) cls;
    return vdso_millis(clock);
}

/* Its critical entry, linked like vdsoNanos's. */
EXPORT JNIEXPORT jlong JNICALL
JavaCritical_io_github_vdsoagent_boot_NativeClock_vdsoMillis(jint clock) {
    note_critical_call();
    return vdso_millis(clock);
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_vdsoSecondsNanos(JNIEnv *env, jclass cls, jint clock) {
    (void) env; (void) cls;
    return vdso_seconds_nanos(clock);
}

/* Its critical entry, linked like vdsoNanos's. */
EXPORT JNIEXPORT jlong JNICALL
JavaCritical_io_github_vdsoagent_boot_NativeClock_vdsoSecondsNanos(jint clock) {
    note_critical_call();
    return vdso_seconds_nanos(clock);
}

/* The same read as a plain C function, for an FFM downcall (JDK 22+): it passes the clock and gets the
 * nanoseconds back, with no memory in between. */
static int64_t read_nanos_for_ffm(int32_t clock) {
    return vdso_nanos(clock);
}

static int64_t read_millis_for_ffm(int32_t clock) {
    return vdso_millis(clock);
}

static int64_t read_seconds_nanos_for_ffm(int32_t clock) {
    return vdso_seconds_nanos(clock);
}

/* Where those functions are, for the FFM linker: handed over, not exported, so no other library's symbol can stand
 * in for them (and the library file is deleted once loaded). */
EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_readFunction(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return (jlong) (uintptr_t) &read_nanos_for_ffm;
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_readMillisFunction(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return (jlong) (uintptr_t) &read_millis_for_ffm;
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_readSecondsNanosFunction(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return (jlong) (uintptr_t) &read_seconds_nanos_for_ffm;
}

/* Whether the JVM has called the critical entry: the report says which entry reads go through. */
EXPORT JNIEXPORT jboolean JNICALL
Java_io_github_vdsoagent_boot_NativeClock_criticalEntryUsed(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return critical_entry_used ? JNI_TRUE : JNI_FALSE;
}

EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_syscallNanos(JNIEnv *env, jclass cls, jint clock) {
    (void) env; (void) cls;
    struct timespec ts;
    if (syscall(SYS_clock_gettime, (clockid_t) clock, &ts) != 0) {
        return READ_FAILED;
    }
    return to_nanos(&ts);
}

/* The clock's resolution as clock_getres gives it (glibc answers it through the vDSO where it can): 1 ns for the
 * high-resolution clocks, the tick for the coarse ones. Not on any hot path: the report shows it. */
EXPORT JNIEXPORT jlong JNICALL
Java_io_github_vdsoagent_boot_NativeClock_resolutionNanos(JNIEnv *env, jclass cls, jint clock) {
    (void) env; (void) cls;
    struct timespec ts;
    if (clock_getres((clockid_t) clock, &ts) != 0) {
        return READ_FAILED;
    }
    return to_nanos(&ts);
}

/* What one read of the clock costs in the vDSO function itself, in ns, averaged over `reads` reads timed with the
 * same function's CLOCK_MONOTONIC; -1 when it cannot read the clock. Timed here rather than in Java so that two
 * clocks' costs can be told apart by a few ns: the JNI call and the agent's counting, the same for every clock,
 * stay out of it. Not on any hot path: the report's coarse clocks section and its advice use it. */
EXPORT JNIEXPORT jdouble JNICALL
Java_io_github_vdsoagent_boot_NativeClock_vdsoReadCost(JNIEnv *env, jclass cls, jint clock, jint reads) {
    (void) env; (void) cls;
    clock_gettime_fn fn = vdso_clock_gettime;
    struct timespec start, end, ts;
    if (fn == NULL || reads <= 0 || fn((clockid_t) clock, &ts) != 0 || fn(CLOCK_MONOTONIC, &start) != 0) {
        return -1;
    }
    volatile int64_t sink = 0;
    for (jint i = 0; i < reads; i++) {
        fn((clockid_t) clock, &ts);
        sink += ts.tv_nsec;
    }
    fn(CLOCK_MONOTONIC, &end);
    (void) sink;
    return (jdouble) (to_nanos(&end) - to_nanos(&start)) / reads;
}
