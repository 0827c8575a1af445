package io.github.vdsoagent.boot;

/**
 * Which path the stub reads clocks through. Starts as {@link #JVM} (the JVM's own calls, always correct) and is
 * switched by the agent once the native helper is loaded and bound to the vDSO it resolved and checked.
 */
public final class ClockBackend {
    /** The JVM's own call: counting only. */
    public static final int JVM = 0;
    /** The vDSO's clock_gettime, called through the native helper. */
    public static final int VDSO = 1;
    /** A real clock_gettime system call for every read: the control. */
    public static final int SYSCALL = 2;

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;

    /** Returned by the read methods when the stub must fall back to the JVM's own call. */
    public static final long FALLBACK = NativeClock.READ_FAILED;

    private static volatile int mode = JVM;
    private static volatile boolean nativeLoaded;

    private ClockBackend() {
    }

    public static int mode() {
        return mode;
    }

    /** Loads the native helper from a file the agent extracted and verified. Owner only. */
    public static void loadNative(String path) {
        OwnerCheck.check();
        if (!nativeLoaded) {
            NativeClock.load(path);
            nativeLoaded = true;
        }
    }

    /** Points the native helper at the vDSO's clock_gettime. Owner only: the address is called as a function. */
    public static void bindVdso(long address) {
        OwnerCheck.check();
        requireNative();
        NativeClock.bind(address);
    }

    /** Switches the path every stub reads through. Owner only. */
    public static void use(int newMode) {
        OwnerCheck.check();
        if (newMode != JVM) {
            requireNative();
        }
        if (newMode < JVM || newMode > SYSCALL) {
            throw new IllegalArgumentException("unknown clock backend " + newMode);
        }
        mode = newMode;
    }

    /** One read through the vDSO path, whatever the mode; {@link #FALLBACK} if unusable. For calibration. */
    public static long readVdso(int clock) {
        return nativeLoaded ? NativeClock.vdsoNanos(clock) : FALLBACK;
    }

    /** One read through a forced system call, whatever the mode; {@link #FALLBACK} if unusable. */
    public static long readSyscall(int clock) {
        return nativeLoaded ? NativeClock.syscallNanos(clock) : FALLBACK;
    }

    /**
     * One read of a clock along the path a rewritten call takes now: the native helper in the vDSO and syscall
     * modes, the JVM's own call in JVM mode (CLOCK_MONOTONIC as nanoTime, CLOCK_REALTIME as currentTimeMillis, the
     * thread CPU clock as the platform ThreadMXBean). {@link #FALLBACK} for a clock the JVM has no call for. For the
     * kernel check's probe, which must see exactly what the stub's reads cost the kernel.
     */
    public static long readLikeStub(int clock) {
        long nanos = read(clock);
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

    /** The hot path: the clock in nanoseconds through the current backend, or {@link #FALLBACK}. */
    static long read(int clock) {
        int m = mode;
        if (m == VDSO) {
            return NativeClock.vdsoNanos(clock);
        }
        if (m == SYSCALL) {
            return NativeClock.syscallNanos(clock);
        }
        return FALLBACK;
    }

    private static void requireNative() {
        if (!nativeLoaded) {
            throw new IllegalStateException("the native helper is not loaded");
        }
    }
}
