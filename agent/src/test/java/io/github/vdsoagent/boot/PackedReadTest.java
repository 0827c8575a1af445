package io.github.vdsoagent.boot;

import io.github.vdsoagent.testing.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed read Instants are built from ({@code seconds << 30 | nanoseconds}): every time from 1970 to March 2242
 * comes back out as the Instant the JDK would make of it, and every other time is refused, so that the stub falls
 * back to the JDK's own call instead of returning a wrong Instant.
 */
class PackedReadTest {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long LAST_PACKABLE_NANOS = (1L << 33) * NANOS_PER_SECOND - 1;

    @AfterEach
    void backToTheJvm() throws Exception {
        Backends.reset();
    }

    @Test
    void timesFrom1970ToMarch2242ComeBackAsTheJdksInstant() {
        Random random = new Random(20261129L);
        long[] edges = {0, 1, NANOS_PER_SECOND - 1, NANOS_PER_SECOND, LAST_PACKABLE_NANOS,
                Instant.parse("2026-11-29T06:00:00.123456789Z").getEpochSecond() * NANOS_PER_SECOND + 123_456_789};
        for (long nanos : edges) {
            assertRoundTrip(nanos);
        }
        for (int i = 0; i < 100_000; i++) {
            assertRoundTrip(Math.floorMod(random.nextLong(), LAST_PACKABLE_NANOS + 1));
        }
    }

    @Test
    void timesBefore1970OrFromMarch2242AreRefused() {
        for (long nanos : new long[]{-1, -NANOS_PER_SECOND, LAST_PACKABLE_NANOS + 1, Long.MAX_VALUE,
                ClockBackend.FALLBACK}) {
            assertEquals(ClockBackend.FALLBACK, ClockBackend.pack(nanos), "packing " + nanos);
        }
    }

    @Test
    void theHelpersPackedReadIsTheKernelsRealtimeClock() throws Exception {
        Backends.use(ClockBackend.VDSO);
        for (int i = 0; i < 1_000; i++) {
            long before = PathReads.readSyscall(ClockBackend.CLOCK_REALTIME);
            long packed = PathReads.readVdsoSecondsNanos(ClockBackend.CLOCK_REALTIME);
            long after = PathReads.readSyscall(ClockBackend.CLOCK_REALTIME);
            assertNotEquals(ClockBackend.FALLBACK, packed);
            long nanos = ClockBackend.unpack(packed);
            assertTrue(before <= nanos && nanos <= after, before + " <= " + nanos + " <= " + after);
            assertEquals(ClockBackend.pack(nanos), packed, "the helper packs as ClockBackend.pack does");
        }
    }

    private static void assertRoundTrip(long nanos) {
        long packed = ClockBackend.pack(nanos);
        assertTrue(packed >= 0, "packed " + nanos + " is not negative, so never the fallback");
        assertEquals(nanos, ClockBackend.unpack(packed));
        Instant fromHalves = Instant.ofEpochSecond(packed >>> ClockBackend.NANOS_BITS, packed & ClockBackend.NANOS_MASK);
        assertEquals(Instant.ofEpochSecond(0, nanos), fromHalves);
    }
}
