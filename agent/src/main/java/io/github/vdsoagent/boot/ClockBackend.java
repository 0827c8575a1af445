package io.github.vdsoagent.boot;

/**
 * Which path the stub reads clocks through, and the stub's reads along it: the hot path. Starts as {@link #JVM} (the
 * JVM's own calls, always correct) and is switched by the agent once {@link BackendBinding} has bound the native
 * helper (or, on JDK 22+, an FFM downcall) to the vDSO function it resolved and checked.
 */
public final class ClockBackend {
    /** The JVM's own call: counting only. */
    public static final int JVM = 0;
    /** The vDSO's clock_gettime, called through the native helper. */
    public static final int VDSO = 1;
    /** A real clock_gettime system call for every read: the control. */
    public static final int SYSCALL = 2;
    /** The vDSO's clock_gettime, called through an FFM downcall (JDK 22+). */
    public static final int FFM = 3;

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;

    /** Returned by the read methods when the stub must fall back to the JVM's own call. */
    public static final long FALLBACK = NativeClock.READ_FAILED;

    /**
     * The low bits of a {@link #readSecondsNanos} value that hold the nanoseconds of the second (fewer than 10^9,
     * under 2^30); the seconds are above them.
     */
    public static final int NANOS_BITS = 30;
    public static final long NANOS_MASK = (1L << NANOS_BITS) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Packing shifts the seconds left by NANOS_BITS: from 2^33 seconds on (the year 2242) that would overflow. */
    private static final long PACKABLE_SECONDS = 1L << 33;

    private static volatile int mode = JVM;

    private ClockBackend() {
    }

    public static int mode() {
        return mode;
    }

    /** Switches the path every stub reads through. Owner only. */
    public static void use(int newMode) {
        OwnerCheck.check();
        if (newMode < JVM || newMode > FFM) {
            throw new IllegalArgumentException("unknown clock backend " + newMode);
        }
        if (!isSetUp(newMode)) {
            throw new IllegalStateException("clock backend " + newMode + " is not set up");
        }
        mode = newMode;
    }

    /** Whether the stub could read through this path: its native helper or FFM downcall is bound. */
    public static boolean isSetUp(int path) {
        return path == FFM ? FfmClock.isBound() : path == JVM || BackendBinding.nativeLoaded();
    }

    /**
     * Whether {@link #readLikeStub} can read the thread CPU clock in JVM mode without starting the JVM's management
     * machinery (13-18 ms cold, measured on JDK 17 and 25): only once a rewritten call has used the JVM's bean.
     */
    public static boolean jvmThreadCpuBeanInUse() {
        return ThreadCpuClock.platformBeanSeen();
    }

    /**
     * One read of a clock along a path, as a rewritten call takes it when the stub reads through that path: the
     * native helper in the vDSO and syscall modes, the JVM's own call in JVM mode (CLOCK_MONOTONIC as nanoTime,
     * CLOCK_REALTIME as currentTimeMillis, the thread CPU clock as the platform ThreadMXBean). {@link #FALLBACK} for a
     * clock the JVM has no call for. For the kernel check's probe, which is told the path it checks (one that
     * {@link #isSetUp}) and must see exactly what the stub's reads along it cost the kernel.
     */
    public static long readLikeStub(int path, int clock) {
        long nanos = path == VDSO ? NativeClock.vdsoNanos(clock)
                : path == FFM ? FfmClock.read(clock)
                : path == SYSCALL ? NativeClock.syscallNanos(clock)
                : FALLBACK;
        if (nanos != FALLBACK) {
            return nanos;
        }
        switch (clock) {
            case CLOCK_MONOTONIC:
                return System.nanoTime();
            case CLOCK_REALTIME:
                return System.currentTimeMillis();
            case CLOCK_THREAD_CPUTIME_ID:
                return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            default:
                return FALLBACK;
        }
    }

    /**
     * The hot path: the clock in nanoseconds through the current backend, or {@link #FALLBACK}. It counts nothing
     * and touches nothing of the calling thread's: see ClockStub on why counting comes after.
     */
    static long read(int clock) {
        int m = mode;
        if (m == VDSO) {
            return NativeClock.vdsoNanos(clock);
        }
        if (m == FFM) {
            return FfmClock.read(clock);
        }
        if (m == SYSCALL) {
            return NativeClock.syscallNanos(clock);
        }
        return FALLBACK;
    }

    /**
     * The hot path for {@code currentTimeMillis}: the clock in whole milliseconds (floor) through the current
     * backend, or {@link #FALLBACK}. The vDSO paths convert in the helper, which is cheaper than dividing here.
     */
    static long readMillis(int clock) {
        int m = mode;
        if (m == VDSO) {
            return NativeClock.vdsoMillis(clock);
        }
        if (m == FFM) {
            return FfmClock.readMillis(clock);
        }
        if (m == SYSCALL) {
            long nanos = NativeClock.syscallNanos(clock);
            return nanos == FALLBACK ? FALLBACK : Math.floorDiv(nanos, 1_000_000L);
        }
        return FALLBACK;
    }

    /**
     * The hot path for {@code Instant}s: the clock as {@code seconds << NANOS_BITS | nanoseconds of the second}
     * through the current backend, or {@link #FALLBACK} (also for a time before 1970 or from 2242 on). The vDSO
     * paths pack in the helper, so no read pays for a division by 10^9.
     */
    static long readSecondsNanos(int clock) {
        int m = mode;
        if (m == VDSO) {
            return NativeClock.vdsoSecondsNanos(clock);
        }
        if (m == FFM) {
            return FfmClock.readSecondsNanos(clock);
        }
        if (m == SYSCALL) {
            return pack(NativeClock.syscallNanos(clock));
        }
        return FALLBACK;
    }

    /**
     * Nanoseconds since the epoch as the helper's packed read gives them: {@code seconds << NANOS_BITS | nanoseconds
     * of the second}, or {@link #FALLBACK} for {@link #FALLBACK} and for a time before 1970 or from March 2242 on.
     */
    public static long pack(long nanos) {
        if (nanos == FALLBACK || nanos < 0) {
            return FALLBACK;
        }
        long seconds = nanos / NANOS_PER_SECOND;
        return seconds >= PACKABLE_SECONDS ? FALLBACK : seconds << NANOS_BITS | nanos % NANOS_PER_SECOND;
    }

    /** The nanoseconds since the epoch a packed value stands for (not {@link #FALLBACK}). */
    public static long unpack(long packed) {
        return (packed >>> NANOS_BITS) * NANOS_PER_SECOND + (packed & NANOS_MASK);
    }

}
