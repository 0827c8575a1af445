package io.github.vdsoagent.testing;

import java.util.concurrent.Callable;

/** Waits for a condition by polling, instead of sleeping a fixed time: as fast as the host allows, bounded. */
public final class Poll {
    /** A hang guard only: a healthy run meets its conditions in well under this. */
    private static final long LIMIT_MS = 60_000;
    private static final long STEP_MS = 20;

    private Poll() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} if it never does within the hang guard. */
    public static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT_MS * 1_000_000;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + LIMIT_MS / 1000 + " s for " + what);
            }
            Thread.sleep(STEP_MS);
        }
    }
}
