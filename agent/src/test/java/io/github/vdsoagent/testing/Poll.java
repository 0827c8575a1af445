package io.github.vdsoagent.testing;

import java.util.concurrent.Callable;

/**
 * Waits for a condition by polling, instead of sleeping a fixed time: quickly at first, then less often, so that a
 * condition that takes seconds (a scrape between two reports, a profile's end) is not checked fifty times a second
 * by three JVMs on a two-core host; at most 100 ms late, which a window of seconds (a profile's) allows. Bounded.
 */
public final class Poll {
    /** A hang guard only: a healthy run meets its conditions in well under this. */
    private static final long LIMIT_MS = 60_000;
    private static final long FIRST_STEP_MS = 10;
    private static final long LONGEST_STEP_MS = 100;

    private Poll() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} if it never does within the hang guard. */
    public static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        long step = FIRST_STEP_MS;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + LIMIT_MS / 1000 + " s for " + what);
            }
            Thread.sleep(step);
            step = Math.min(LONGEST_STEP_MS, step * 3 / 2);
        }
    }
}
