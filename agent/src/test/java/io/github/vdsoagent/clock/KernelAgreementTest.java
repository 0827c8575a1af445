package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.ClockBackend;
import org.junit.jupiter.api.Test;

import java.util.function.IntToLongFunction;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bound read is used only when it tells the kernel's time, however long it took: a path is given up for the JVM's
 * own calls (the vDSO) or for JNI (an FFM downcall) when it disagrees.
 */
class KernelAgreementTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    /** The kernel's clocks, which move on only when a read takes time; the monotonic one counts from boot. */
    private static final class FakeKernel implements IntToLongFunction {
        long realtime = 1_765_000_000L * SECOND; // December 2025
        long sinceBoot = 3_600 * SECOND;

        @Override
        public long applyAsLong(int clock) {
            return clock == ClockBackend.CLOCK_MONOTONIC ? sinceBoot : realtime;
        }

        void advance(long nanos) {
            realtime += nanos;
            sinceBoot += nanos;
        }
    }

    private final FakeKernel kernel = new FakeKernel();
    private final KernelAgreement agreement = new KernelAgreement(kernel);

    private final IntToLongFunction nanos = kernel;
    private final IntToLongFunction millis = clock -> Math.floorDiv(kernel.applyAsLong(clock), MILLI);
    private final IntToLongFunction packed = clock -> ClockBackend.pack(kernel.applyAsLong(clock));

    @Test
    void readsThatTellTheKernelsTimeAgree() {
        assertNull(agreement.disagreement(nanos, millis, packed));
    }

    /**
     * The first call of a downcall links it: on a busy host that took longer than the tolerance, and FFM was lost.
     * Each read here tells the time half-way through a call three times as long as the tolerance on either side.
     */
    @Test
    void aReadThatTakesLongerThanTheToleranceStillAgrees() {
        assertNull(agreement.disagreement(slow(nanos), slow(millis), slow(packed)));
    }

    private IntToLongFunction slow(IntToLongFunction read) {
        long half = 3 * KernelAgreement.TOLERANCE_NANOS;
        return clock -> {
            kernel.advance(half);
            long value = read.applyAsLong(clock);
            kernel.advance(half);
            return value;
        };
    }

    @Test
    void aMonotonicReadASecondOffDisagreesAndSaysWhichClock() {
        String why = agreement.disagreement(offBy(nanos, ClockBackend.CLOCK_MONOTONIC, SECOND), millis, packed);
        assertTrue(why != null && why.contains("on clock " + ClockBackend.CLOCK_MONOTONIC), why);
    }

    @Test
    void aRealtimeReadASecondOffDisagreesAndSaysWhichClock() {
        String why = agreement.disagreement(offBy(nanos, ClockBackend.CLOCK_REALTIME, -SECOND), millis, packed);
        assertTrue(why != null && why.contains("on clock " + ClockBackend.CLOCK_REALTIME), why);
    }

    /** Only just outside the tolerance: 51 ms ahead of the kernel. */
    @Test
    void millisecondsJustPastTheToleranceDisagree() {
        long ahead = KernelAgreement.TOLERANCE_NANOS / MILLI + 1;
        String why = agreement.disagreement(nanos, clock -> millis.applyAsLong(clock) + ahead, packed);
        assertTrue(why != null && why.contains("millisecond"), why);
    }

    @Test
    void aPackedReadASecondOffDisagrees() {
        String why = agreement.disagreement(nanos, millis,
                clock -> ClockBackend.pack(kernel.applyAsLong(clock) - SECOND));
        assertTrue(why != null && why.contains("seconds-and-nanoseconds"), why);
    }

    @Test
    void aFailedReadDisagreesAndSaysItFailed() {
        IntToLongFunction failed = clock -> ClockBackend.FALLBACK;
        for (String why : new String[]{agreement.disagreement(failed, millis, packed),
                agreement.disagreement(nanos, failed, packed), agreement.disagreement(nanos, millis, failed)}) {
            assertTrue(why != null && why.contains("(failed"), why);
        }
    }

    @Test
    void aFailedSystemCallAgreesWithNothing() {
        KernelAgreement noKernel = new KernelAgreement(clock -> ClockBackend.FALLBACK);
        assertTrue(noKernel.disagreement(nanos, millis, packed) != null);
    }

    /** The sixth system call is the one after the millisecond read (two per clock in nanoseconds come first). */
    @Test
    void aSystemCallThatFailsAfterTheMillisecondReadAgreesWithNothing() {
        int[] calls = {0};
        KernelAgreement flaky = new KernelAgreement(clock -> ++calls[0] == 6 ? ClockBackend.FALLBACK
                : kernel.applyAsLong(clock));
        String why = flaky.disagreement(nanos, millis, packed);
        assertTrue(why != null && why.contains("millisecond"), why);
    }

    /** A wall clock stepped back between the two system calls still brackets a read made between them. */
    @Test
    void aWallClockSteppedBackBetweenTheSystemCallsStillBracketsTheRead() {
        IntToLongFunction stepBackAfter = clock -> {
            long value = nanos.applyAsLong(clock);
            kernel.realtime -= SECOND;
            return value;
        };
        assertNull(agreement.disagreement(stepBackAfter, millis, packed));
    }

    /** From March 2242 (and before 1970) the packed read fails by design; the other reads are still worth using. */
    @Test
    void aPackedReadOutsideItsYearsIsNoDisagreement() {
        kernel.realtime = (1L << 33) * SECOND + 365L * 86_400 * SECOND; // 2243
        assertNull(agreement.disagreement(nanos, millis, clock -> ClockBackend.FALLBACK));
        kernel.realtime = -86_400 * SECOND; // 31 December 1969
        assertNull(agreement.disagreement(nanos, millis, clock -> ClockBackend.FALLBACK));
    }

    private static IntToLongFunction offBy(IntToLongFunction read, int clock, long offset) {
        return id -> read.applyAsLong(id) + (id == clock ? offset : 0);
    }
}
