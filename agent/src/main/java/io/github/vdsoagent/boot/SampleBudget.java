package io.github.vdsoagent.boot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many stack samples may be taken: so many a second, spread evenly with a small burst, so that an application
 * making millions of time calls a second spends a bounded share of a core on walking stacks, and samples spread over
 * each second rather than crowd its start. A generic cell rate algorithm: one atomic "theoretical arrival time", no
 * lock, no thread.
 */
final class SampleBudget {
    private final long interval;
    private final long tolerance;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

    SampleBudget(int perSecond, int burst) {
        this.interval = 1_000_000_000L / perSecond;
        this.tolerance = (burst - 1) * interval;
    }

    /** Takes one sample's share of the budget at {@code now} (System.nanoTime), if there is one. */
    boolean take(long now) {
        for (;;) {
            long at = next.get();
            long from = at == Long.MIN_VALUE || at - now < 0 ? now : at;
            if (from - now > tolerance) {
                return false;
            }
            if (next.compareAndSet(at, from + interval)) {
                return true;
            }
        }
    }
}
