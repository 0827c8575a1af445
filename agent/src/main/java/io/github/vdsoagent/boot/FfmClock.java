package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;

/**
 * The native helper's vDSO reads as Foreign Function and Memory downcalls (JDK 22+): critical calls, which skip
 * the thread-state transitions of JNI, each passing the clock id and returning one long (nanoseconds,
 * milliseconds, or packed seconds and nanoseconds), with no memory to pass. The handles are constants to the JIT,
 * so a read compiles to little more than the call itself.
 */
final class FfmClock {
    /** {@code (int clockId) -> long}, handed over by {@link ClockBackend#bindFfm} before first use; read first. */
    private static final MethodHandle READ_NANOS = BackendBinding.ffmHandle();
    /** The same in milliseconds (floor), for currentTimeMillis. */
    private static final MethodHandle READ_MILLIS = BackendBinding.ffmMillisHandle();
    /** Seconds and nanoseconds packed, for Instants (ClockBackend.readSecondsNanos). */
    private static final MethodHandle READ_SECONDS_NANOS = BackendBinding.ffmSecondsNanosHandle();

    private FfmClock() {
    }

    static boolean isBound() {
        return READ_NANOS != null && READ_MILLIS != null && READ_SECONDS_NANOS != null;
    }

    /** Nanoseconds, or {@link ClockBackend#FALLBACK} (the helper's READ_FAILED) when the clock cannot be read. */
    static long read(int clock) {
        try {
            return (long) READ_NANOS.invokeExact(clock);
        } catch (Throwable e) {
            return ClockBackend.FALLBACK;
        }
    }

    static long readMillis(int clock) {
        try {
            return (long) READ_MILLIS.invokeExact(clock);
        } catch (Throwable e) {
            return ClockBackend.FALLBACK;
        }
    }

    static long readSecondsNanos(int clock) {
        try {
            return (long) READ_SECONDS_NANOS.invokeExact(clock);
        } catch (Throwable e) {
            return ClockBackend.FALLBACK;
        }
    }
}
