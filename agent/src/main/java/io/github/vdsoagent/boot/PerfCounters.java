package io.github.vdsoagent.boot;

/**
 * Perf counters of the system-call tracepoints, for the kernel check, through the native helper
 * (native-helpers/src/main/c/perf_counters.c): the agent keeps JNA out of its host JVM. Here, beside the stub,
 * because the helper belongs to the boot class loader that loaded it. Owner only, like the stub's other controls:
 * application code must not read or close file descriptors through the agent. Every method returns a negative
 * errno on failure.
 */
public final class PerfCounters {
    public static final int CLOCK_GETTIME = 0;
    public static final int GETTIMEOFDAY = 1;
    public static final int TIME = 2;

    private PerfCounters() {
    }

    /** Whether the native helper is loaded and has these functions. Owner only. */
    public static boolean available() {
        OwnerCheck.check();
        try {
            return version0() >= 1;
        } catch (UnsatisfiedLinkError notLoadedOrTooOld) {
            return false;
        }
    }

    /** A counter of tracepoint {@code id} in thread {@code tid} (0: the caller's); the fd, or -errno. Owner only. */
    public static int open(long id, int tid, boolean inherit) {
        OwnerCheck.check();
        return open0(id, tid, inherit);
    }

    /** The counter's value, or -errno. Owner only. */
    public static long read(int fd) {
        OwnerCheck.check();
        return read0(fd);
    }

    /** 0, or -errno. Owner only. */
    public static int close(int fd) {
        OwnerCheck.check();
        return close0(fd);
    }

    /** Makes {@link #CLOCK_GETTIME}, {@link #GETTIMEOFDAY} or {@link #TIME} as a real system call; 0 or -errno. */
    public static int timeSyscall(int which) {
        OwnerCheck.check();
        return timeSyscall0(which);
    }

    private static native int version0();

    private static native int open0(long id, int tid, boolean inherit);

    private static native long read0(int fd);

    private static native int close0(int fd);

    private static native int timeSyscall0(int which);
}
