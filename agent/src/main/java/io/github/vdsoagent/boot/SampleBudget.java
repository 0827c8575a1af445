package io.github.vdsoagent.boot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many stack samples the whole JVM may take: {@link StackSampler#SAMPLES_PER_SECOND} a second, spread evenly (a burst of at most
 * {@link #BURST}), so that an application making millions of time calls a second spends a bounded share of a core on
 * walking stacks, and samples are spread over each second rather than taken at its start. A generic cell rate
 * algorithm: one atomic "theoretical arrival time", no lock, no thread.
 */
final class SampleBudget {
    static final int PER_SECOND = StackSampler.SAMPLES_PER_SECOND;
    static final int BURST = 50;
    private static final long INTERVAL = 1_000_000_000L / PER_SECOND;
    private static final long TOLERANCE = (BURST - 1) * INTERVAL;
    private static final AtomicLong NEXT = new AtomicLong(Long.MIN_VALUE);

    private SampleBudget() {
    }

    /** Takes one sample's share of the budget at {@code now} (System.nanoTime), if there is one. */
    static boolean take(long now) {
        for (;;) {
            long next = NEXT.get();
            long from = next == Long.MIN_VALUE || next - now < 0 ? now : next;
            if (from - now > TOLERANCE) {
                return false;
            }
            if (NEXT.compareAndSet(next, from + INTERVAL)) {
                return true;
            }
        }
    }
}
