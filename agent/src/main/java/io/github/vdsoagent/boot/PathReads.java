package io.github.vdsoagent.boot;

import static io.github.vdsoagent.boot.ClockBackend.FALLBACK;

/**
 * One read of a clock along each native path, whatever the stub's path is: for checking a path against the kernel
 * before the stub uses it, and for timing each path. {@link ClockBackend#FALLBACK} where the path is not bound.
 */
public final class PathReads {
    private PathReads() {
    }

    /** One read through the vDSO path the stub takes: the FFM downcall when bound, else JNI. For calibration. */
    public static long readVdsoPath(int clock) {
        return BackendBinding.ffmHandle() != null ? readFfm(clock) : readVdso(clock);
    }

    /** One read through the FFM downcall, whatever the mode; {@link ClockBackend#FALLBACK} if unusable. For calibration. */
    public static long readFfm(int clock) {
        return BackendBinding.ffmHandle() == null ? FALLBACK : FfmClock.read(clock);
    }

    /** {@link #readVdso} in whole milliseconds (floor), as {@code currentTimeMillis} reads it. */
    public static long readVdsoMillis(int clock) {
        return BackendBinding.nativeLoaded() ? NativeClock.vdsoMillis(clock) : FALLBACK;
    }

    /** {@link #readFfm} in whole milliseconds (floor), as {@code currentTimeMillis} reads it. */
    public static long readFfmMillis(int clock) {
        return BackendBinding.ffmHandle() == null ? FALLBACK : FfmClock.readMillis(clock);
    }

    /** {@link #readVdso} as {@code ClockBackend.readSecondsNanos} packs it. */
    public static long readVdsoSecondsNanos(int clock) {
        return BackendBinding.nativeLoaded() ? NativeClock.vdsoSecondsNanos(clock) : FALLBACK;
    }

    /** {@link #readFfm} as {@code ClockBackend.readSecondsNanos} packs it. */
    public static long readFfmSecondsNanos(int clock) {
        return BackendBinding.ffmHandle() == null ? FALLBACK : FfmClock.readSecondsNanos(clock);
    }

    /** One read through the vDSO path, whatever the mode; {@link ClockBackend#FALLBACK} if unusable. For calibration. */
    public static long readVdso(int clock) {
        return BackendBinding.nativeLoaded() ? NativeClock.vdsoNanos(clock) : FALLBACK;
    }

    /** The clock's resolution (clock_getres) in nanoseconds; {@link ClockBackend#FALLBACK} without the helper. */
    public static long resolutionNanos(int clock) {
        return BackendBinding.nativeLoaded() ? NativeClock.resolutionNanos(clock) : FALLBACK;
    }

    /**
     * The vDSO function's own cost per read of {@code clock}, averaged over {@code reads} reads timed in C (no JNI
     * call in it); NaN without the helper or when the clock cannot be read.
     */
    public static double vdsoReadCost(int clock, int reads) {
        double nanos = BackendBinding.nativeLoaded() ? NativeClock.vdsoReadCost(clock, reads) : -1;
        return nanos < 0 ? Double.NaN : nanos;
    }

    /** One read through a forced system call, whatever the mode; {@link ClockBackend#FALLBACK} if unusable. */
    public static long readSyscall(int clock) {
        return BackendBinding.nativeLoaded() ? NativeClock.syscallNanos(clock) : FALLBACK;
    }
}
