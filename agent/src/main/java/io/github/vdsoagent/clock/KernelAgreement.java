package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.ClockBackend;

import java.util.function.IntToLongFunction;

/**
 * Whether a bound read tells the kernel's time: its value must lie between two system-call reads of the same clock,
 * one just before it and one just after, give or take {@link #TOLERANCE_NANOS}. The bracket, not the distance to one
 * system call, lets a slow read agree: the first call of a downcall links it, and on a busy host a thread can lose
 * its core between two reads for longer than any fixed tolerance.
 */
final class KernelAgreement {
    /** How far outside the bracket a read may lie: far more than any clock's step, far less than a wrong clock. */
    static final long TOLERANCE_NANOS = 50_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final IntToLongFunction kernelNanos;

    /** @param kernelNanos the kernel's time of a clock by system call, in nanoseconds */
    KernelAgreement(IntToLongFunction kernelNanos) {
        this.kernelNanos = kernelNanos;
    }

    /**
     * Null if the reads agree with the kernel on CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds, and on
     * CLOCK_REALTIME in milliseconds and as packed seconds and nanoseconds; else why not.
     */
    String disagreement(IntToLongFunction nanos, IntToLongFunction millis, IntToLongFunction packed) {
        for (int clock : new int[]{ClockBackend.CLOCK_MONOTONIC, ClockBackend.CLOCK_REALTIME}) {
            String why = nanosDisagreement(clock, nanos);
            if (why != null) {
                return why;
            }
        }
        String why = millisDisagreement(millis);
        return why != null ? why : packedDisagreement(packed);
    }

    private String nanosDisagreement(int clock, IntToLongFunction nanos) {
        return bracketDisagreement("the resolved vDSO clock_gettime", clock, nanos, 1, "ns");
    }

    /** Compared in milliseconds, so that no read, however wrong, overflows on its way to nanoseconds. */
    private String millisDisagreement(IntToLongFunction millis) {
        return bracketDisagreement("the helper's millisecond read", ClockBackend.CLOCK_REALTIME, millis,
                NANOS_PER_MILLI, "ms");
    }

    /** The bracket check of a read in {@code unit}s, each {@code nanosPerUnit} nanoseconds; null if it agrees. */
    private String bracketDisagreement(String what, int clock, IntToLongFunction read, long nanosPerUnit,
                                       String unit) {
        long before = inUnits(kernelNanos.applyAsLong(clock), nanosPerUnit);
        long value = read.applyAsLong(clock);
        long after = inUnits(kernelNanos.applyAsLong(clock), nanosPerUnit);
        if (value != ClockBackend.FALLBACK && within(value, before, after, TOLERANCE_NANOS / nanosPerUnit)) {
            return null;
        }
        return what + " disagrees with the kernel on clock " + clock + " (" + shown(value, unit) + ", the kernel's "
                + before + " to " + after + " " + unit + "): not used";
    }

    /** A failed read stays the failure value, which flooring would turn into a time centuries before 1970. */
    private static long inUnits(long nanos, long nanosPerUnit) {
        return nanos == ClockBackend.FALLBACK ? nanos : Math.floorDiv(nanos, nanosPerUnit);
    }

    /**
     * Outside the years the packing holds (1970 to 2242) the packed read fails by design, and only Instants fall
     * back to the JDK's call: the other reads are still worth using.
     */
    private String packedDisagreement(IntToLongFunction packed) {
        int clock = ClockBackend.CLOCK_REALTIME;
        long before = kernelNanos.applyAsLong(clock);
        long read = packed.applyAsLong(clock);
        long after = kernelNanos.applyAsLong(clock);
        if (ClockBackend.pack(before) == ClockBackend.FALLBACK || ClockBackend.pack(after) == ClockBackend.FALLBACK) {
            return null;
        }
        if (read != ClockBackend.FALLBACK && within(ClockBackend.unpack(read), before, after, TOLERANCE_NANOS)) {
            return null;
        }
        String value = read == ClockBackend.FALLBACK ? "failed" : ClockBackend.unpack(read) + " ns";
        return "the helper's seconds-and-nanoseconds read disagrees with the kernel on clock " + clock + " (" + value
                + ", the kernel's " + before + " to " + after + " ns): not used";
    }

    /**
     * Whether {@code read} lies between the two kernel reads, in either order (a wall clock may be stepped back
     * between them), give or take {@code tolerance}; a failed kernel read ({@link ClockBackend#FALLBACK}) brackets
     * nothing.
     */
    private static boolean within(long read, long before, long after, long tolerance) {
        if (before == ClockBackend.FALLBACK || after == ClockBackend.FALLBACK) {
            return false;
        }
        long low = Math.min(before, after);
        long high = Math.max(before, after);
        return read >= low - tolerance && read - tolerance <= high;
    }

    private static String shown(long read, String unit) {
        return read == ClockBackend.FALLBACK ? "failed" : read + " " + unit;
    }
}
