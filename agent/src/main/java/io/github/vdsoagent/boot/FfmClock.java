package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;

/**
 * The vDSO's clock_gettime as a Foreign Function and Memory downcall (JDK 22+): a critical call, which skips the
 * thread-state transitions of JNI, writing the timespec straight into a per-thread {@code long[2]}. The handle is
 * a constant to the JIT, so a read compiles to little more than the call itself.
 */
final class FfmClock {
    /** {@code (int clockId, long[] timespec) -> int}, handed over by {@link ClockBackend#bindFfm} before first use. */
    private static final MethodHandle CLOCK_GETTIME = ClockBackend.ffmHandle();

    private FfmClock() {
    }

    static boolean isBound() {
        return CLOCK_GETTIME != null;
    }

    static long read(int clock, long[] timespec) {
        try {
            int result = (int) CLOCK_GETTIME.invokeExact(clock, timespec);
            return result == 0 ? timespec[0] * 1_000_000_000L + timespec[1] : ClockBackend.FALLBACK;
        } catch (Throwable e) {
            return ClockBackend.FALLBACK;
        }
    }
}
