package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Which path the stub reads clocks through. Starts as {@link #JVM} (the JVM's own calls, always correct) and is
 * switched by the agent once the native helper (or, on JDK 22+, an FFM downcall) is bound to the vDSO function it
 * resolved and checked.
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

    private static final MethodType FFM_TYPE = MethodType.methodType(long.class, int.class);

    private static volatile int mode = JVM;
    private static volatile boolean nativeLoaded;
    private static volatile MethodHandle ffmHandle;
    private static volatile MethodHandle ffmMillisHandle;
    private static volatile MethodHandle ffmSecondsNanosHandle;

    private ClockBackend() {
    }

    public static int mode() {
        return mode;
    }

    public static boolean nativeLoaded() {
        return nativeLoaded;
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

    /**
     * Sets HotSpot's CriticalJNINatives flag; returns its value before (0 or 1) or a negative reason for leaving it.
     * Owner only: it changes how the JVM links every native method whose library has a critical entry.
     */
    public static int setCriticalNatives(boolean on) {
        OwnerCheck.check();
        requireNative();
        return NativeClock.setCriticalNatives(on);
    }

    /** Whether JNI reads have gone through the helper's critical entry, which skips the thread-state transitions. */
    public static boolean criticalEntryUsed() {
        return nativeLoaded && NativeClock.criticalEntryUsed();
    }

    /**
     * Where the native helper's read is, as a plain C function {@code int64_t (int32_t clock)} for an FFM downcall:
     * it calls the vDSO function given to {@link #bindVdso} and returns nanoseconds or {@link #FALLBACK}.
     */
    public static long nativeReadFunction() {
        requireNative();
        return NativeClock.readFunction();
    }

    /** Where the helper's millisecond read is, like {@link #nativeReadFunction}; it returns milliseconds. */
    public static long nativeReadMillisFunction() {
        requireNative();
        return NativeClock.readMillisFunction();
    }

    /** Where the helper's packed read is, like {@link #nativeReadFunction}; it returns {@link #pack}'s values. */
    public static long nativeReadSecondsNanosFunction() {
        requireNative();
        return NativeClock.readSecondsNanosFunction();
    }

    /**
     * Hands over the FFM downcalls to the helper's reads ({@link #nativeReadFunction}, {@link
     * #nativeReadMillisFunction}, {@link #nativeReadSecondsNanosFunction}), each {@code (int) -> long}. Owner only:
     * the addresses inside them are called as functions. Switch to them with {@code use(FFM)}.
     */
    public static void bindFfm(MethodHandle readNanos, MethodHandle readMillis, MethodHandle readSecondsNanos) {
        OwnerCheck.check();
        for (MethodHandle handle : new MethodHandle[]{readNanos, readMillis, readSecondsNanos}) {
            if (!handle.type().equals(FFM_TYPE)) {
                throw new IllegalArgumentException("expected " + FFM_TYPE + ", got " + handle.type());
            }
        }
        if (ffmHandle == null) { // ffmHandle last: a reader that sees it (volatile) sees the other two
            ffmMillisHandle = readMillis;
            ffmSecondsNanosHandle = readSecondsNanos;
            ffmHandle = readNanos;
        }
        if (!FfmClock.isBound()) { // initializes FfmClock, which takes the handle as its constant
            throw new IllegalStateException("the FFM downcall could not be bound");
        }
    }

    /** Switches the path every stub reads through. Owner only. */
    public static void use(int newMode) {
        OwnerCheck.check();
        if (newMode < JVM || newMode > FFM) {
            throw new IllegalArgumentException("unknown clock backend " + newMode);
        }
        if (newMode == FFM ? !FfmClock.isBound() : newMode != JVM && !nativeLoaded) {
            throw new IllegalStateException("clock backend " + newMode + " is not set up");
        }
        mode = newMode;
    }

    /** One read through the vDSO path the stub takes: the FFM downcall when bound, else JNI. For calibration. */
    public static long readVdsoPath(int clock) {
        return ffmHandle != null ? readFfm(clock) : readVdso(clock);
    }

    /** One read through the FFM downcall, whatever the mode; {@link #FALLBACK} if unusable. For calibration. */
    public static long readFfm(int clock) {
        return ffmHandle == null ? FALLBACK : FfmClock.read(clock);
    }

    /** The FFM downcalls, once bound; read once by FfmClock's initialization. */
    static MethodHandle ffmHandle() {
        return ffmHandle;
    }

    static MethodHandle ffmMillisHandle() {
        return ffmMillisHandle;
    }

    static MethodHandle ffmSecondsNanosHandle() {
        return ffmSecondsNanosHandle;
    }

    /** {@link #readVdso} in whole milliseconds (floor), as {@code currentTimeMillis} reads it. */
    public static long readVdsoMillis(int clock) {
        return nativeLoaded ? NativeClock.vdsoMillis(clock) : FALLBACK;
    }

    /** {@link #readFfm} in whole milliseconds (floor), as {@code currentTimeMillis} reads it. */
    public static long readFfmMillis(int clock) {
        return ffmHandle == null ? FALLBACK : FfmClock.readMillis(clock);
    }

    /** {@link #readVdso} as {@link #readSecondsNanos} packs it. */
    public static long readVdsoSecondsNanos(int clock) {
        return nativeLoaded ? NativeClock.vdsoSecondsNanos(clock) : FALLBACK;
    }

    /** {@link #readFfm} as {@link #readSecondsNanos} packs it. */
    public static long readFfmSecondsNanos(int clock) {
        return ffmHandle == null ? FALLBACK : FfmClock.readSecondsNanos(clock);
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
     * Whether {@link #readLikeStub} can read the thread CPU clock in JVM mode without starting the JVM's management
     * machinery (13-18 ms cold, measured on JDK 17 and 25): only once a rewritten call has used the JVM's bean.
     */
    public static boolean jvmThreadCpuBeanInUse() {
        return ThreadCpuClock.platformBeanSeen();
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

    private static void requireNative() {
        if (!nativeLoaded) {
            throw new IllegalStateException("the native helper is not loaded");
        }
    }
}
