package io.github.vdsoagent.boot;

/**
 * The JNI half of the clock stub (native-helpers/src/main/c/vdso_clock.c). Loaded from this boot-path class so
 * that the library belongs to the boot class loader, next to the stub that calls it.
 */
final class NativeClock {
    /** What the native functions return when the clock id is not valid here. */
    static final long READ_FAILED = Long.MIN_VALUE;

    private NativeClock() {
    }

    /** Reads the clock through the vDSO function given to {@link #bind}. */
    static native long vdsoNanos(int clock);

    /** Reads the clock through the vDSO function given to {@link #bind}, in whole milliseconds (floor). */
    static native long vdsoMillis(int clock);

    /**
     * Reads the clock through the vDSO function given to {@link #bind}, as {@code seconds << 30 | nanoseconds}
     * ({@link ClockBackend#NANOS_BITS}), or {@link #READ_FAILED} for a second before 1970 or from March 2242 on.
     */
    static native long vdsoSecondsNanos(int clock);

    /** Reads the clock through a real clock_gettime system call: the control. */
    static native long syscallNanos(int clock);

    /** The clock's resolution from clock_getres, in nanoseconds (the tick for a coarse clock), or {@link #READ_FAILED}. */
    static native long resolutionNanos(int clock);

    /**
     * What one read of the clock costs inside the vDSO function, averaged over {@code reads} reads timed in C, without
     * the JNI call around them; negative when the clock cannot be read.
     */
    static native double vdsoReadCost(int clock, int reads);

    /** Sets the vDSO clock_gettime address that {@link #vdsoNanos} calls. */
    static native void bind(long address);

    /** The address of the helper's {@code int64_t read_nanos_for_ffm(int32_t)}: the same read, for FFM. */
    static native long readFunction();

    /** The address of the helper's {@code int64_t read_millis_for_ffm(int32_t)}: {@link #vdsoMillis}, for FFM. */
    static native long readMillisFunction();

    /** The address of {@code int64_t read_seconds_nanos_for_ffm(int32_t)}: {@link #vdsoSecondsNanos}, for FFM. */
    static native long readSecondsNanosFunction();

    /**
     * Sets HotSpot's CriticalJNINatives flag in this JVM (native-helpers/src/main/c/jvm_flags.c). Returns its value
     * before, 0 or 1, or a negative reason for changing nothing (see {@code CriticalEntry}).
     */
    static native int setCriticalNatives(boolean on);

    /** Whether the JVM has called the critical entry of any vDSO read ({@link #vdsoNanos} and its twins) at least once. */
    static native boolean criticalEntryUsed();

    static void load(String path) {
        System.load(path);
    }
}
