package io.github.vdsoagent.boot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackSamplerTest {
    /** Geometric with mean N: each call sampled with probability 1/N, whatever the period of the caller's loop. */
    @Test
    void countdownsAreRandomWithMeanN() {
        int draws = 200_000;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long ones = 0;
        for (int i = 0; i < draws; i++) {
            long c = StackSampler.countdown(1000);
            sum += c;
            min = Math.min(min, c);
            ones += c == 1 ? 1 : 0;
        }
        double mean = (double) sum / draws;
        assertTrue(Math.abs(mean - 1000) < 20, "mean " + mean);
        assertEquals(1, min, "the very next call may be sampled");
        assertTrue(ones > 100 && ones < 300, "P(1) is 1/1000: " + ones + " of " + draws);
        assertEquals(1, StackSampler.countdown(1));
    }

    /** 500 a second with a burst of 50: the budget's own clock is given, no time passes in the test. */
    @Test
    void theBudgetLetsABurstThroughThenOneEveryInterval() {
        SampleBudget budget = new SampleBudget(500, 50);
        long t = 1_000_000_000L;
        for (int i = 0; i < 50; i++) {
            assertTrue(budget.take(t), "burst " + i);
        }
        assertFalse(budget.take(t));
        assertFalse(budget.take(t + 1_999_999));
        assertTrue(budget.take(t + 2_000_000), "one more 2 ms later");
        assertFalse(budget.take(t + 2_000_000));
        assertTrue(budget.take(t + 10_000_000_000L), "a quiet 10 s refills the burst");
        int taken = 1;
        while (budget.take(t + 10_000_000_000L)) {
            taken++;
        }
        assertEquals(50, taken);
    }

    @Test
    void aPageOffSamplingComesBackOnlyEveryOffCountdown() {
        StackSampler.stop();
        long[] page = StackSampler.newPage();
        assertEquals(StackSampler.OFF_COUNTDOWN, page[CountPages.COUNTDOWN]);
        assertEquals(0, page[CountPages.ARMED]);
        StackSampler.due(page, 0);
        assertEquals(StackSampler.OFF_COUNTDOWN, page[CountPages.COUNTDOWN]);
        assertEquals(0, StackSampler.stats().due(), "nothing sampled while off");
    }
}
