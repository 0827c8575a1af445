package io.github.vdsoagent.flame;

import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.boot.OwnerCheck;
import io.github.vdsoagent.boot.SampledStacks;
import io.github.vdsoagent.boot.SamplingStats;
import io.github.vdsoagent.boot.StackSampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stub's counting path samples the caller's stack: the frames below the agent's own, the caller last. */
class SamplingEndToEndTest {
    private static final int SITE = 60_001; // a page of its own, far from other tests' sites

    @BeforeAll
    static void claimTheStub() {
        OwnerCheck.claim(SamplingEndToEndTest.class.getClassLoader()); // starting the sampler is the owner's
    }

    @AfterEach
    void off() {
        StackSampler.stop();
        StackSampler.clear();
    }

    @Test
    void aCallsStackIsSampledWithTheCallerLast() {
        StackSampler.start(1, 64);
        List<SampledStacks.Sample> samples = callUntilSampled();
        assertTrue(!samples.isEmpty(), "sampled: " + StackSampler.stats());
        for (SampledStacks.Sample sample : samples) {
            String[] frames = sample.framesRootFirst();
            assertEquals(SITE, sample.site());
            assertEquals(getClass().getName() + ".callFromHere", frames[frames.length - 1], Arrays.toString(frames));
            assertEquals(getClass().getName() + ".callUntilSampled", frames[frames.length - 2]);
            assertTrue(frames.length <= 64 + 1, "at most the depth, and the cut's marker");
        }
        SamplingStats stats = StackSampler.stats();
        assertTrue(stats.taken() >= 1 && stats.taken() <= stats.due(), stats.toString());

        StackSampler.stop();
        long taken = stats.taken();
        for (int i = 0; i < 3 * 4096; i++) {
            callFromHere();
        }
        assertEquals(taken, StackSampler.stats().taken(), "nothing is sampled once stopped");
    }

    @Test
    void aDeepStackIsCutAtTheDepthUnderAMarker() {
        StackSampler.start(1, 5);
        for (SampledStacks.Sample sample : callUntilSampled()) {
            assertEquals(6, sample.framesRootFirst().length, Arrays.toString(sample.framesRootFirst()));
            assertEquals(SampledStacks.TRUNCATED, sample.framesRootFirst()[0]);
        }
    }

    @Test
    void aCallThatIsSampledReturnsTheTimeAsAnyOther() {
        StackSampler.start(1, 64);
        for (int i = 0; i < 3 * 4096; i++) { // past the countdown drawn while sampling was off: then every call is due
            long before = System.nanoTime();
            long nanos = ClockStub.nanoTime(SITE);
            long after = System.nanoTime();
            assertTrue(before <= nanos && nanos <= after, before + " <= " + nanos + " <= " + after);

            long millisBefore = System.currentTimeMillis();
            long millis = ClockStub.currentTimeMillis(SITE);
            Instant instant = ClockStub.instantNow(SITE);
            Instant instantAfter = Instant.now();
            assertTrue(millisBefore <= millis && millis <= instantAfter.toEpochMilli(), millisBefore + " <= " + millis);
            assertTrue(!instant.isBefore(Instant.ofEpochMilli(millisBefore)) && !instant.isAfter(instantAfter),
                    millisBefore + " <= " + instant + " <= " + instantAfter);
        }
        assertTrue(StackSampler.stats().due() >= 3 * 4096, "calls were due to be sampled: " + StackSampler.stats());
    }

    /** Calls until a sample is stored: a page that counted while sampling was off first draws, and the JVM's budget may be spent. */
    private static List<SampledStacks.Sample> callUntilSampled() {
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < 4096; i++) {
                callFromHere();
            }
            List<SampledStacks.Sample> samples = SampledStacks.snapshot();
            if (!samples.isEmpty()) {
                return samples;
            }
        }
        throw new AssertionError("nothing sampled: " + StackSampler.stats());
    }

    private static long callFromHere() {
        return ClockStub.nanoTime(SITE);
    }
}
