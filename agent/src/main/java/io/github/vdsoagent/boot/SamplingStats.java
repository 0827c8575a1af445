package io.github.vdsoagent.boot;

/**
 * What stack sampling did since it started (or was last cleared): the samples due (a countdown ran out while
 * sampling was on), and what became of them.
 *
 * @param due        samples due
 * @param taken      stacks walked and stored
 * @param overBudget skipped: the JVM's budget of samples a second was spent
 * @param busy       skipped: as many threads were walking as may, or the store was being read
 * @param notStored  walked but not stored: the store holds as many distinct stacks or frames as it may
 * @param failed     the walk failed (a StackOverflowError deep in a stack, say)
 * @param sinceNanos {@code System.nanoTime()} when these figures began (sampling's start, or a clear while it ran), or
 *                   {@link #NOT_STARTED}
 * @param calls      calls counted since then, the ones that could fall due (about one in N); 0 if not started
 */
public record SamplingStats(long due, long taken, long overBudget, long busy, long notStored, long failed,
        long sinceNanos, long calls) {
    /** {@link #sinceNanos} of a sampler that has not started since it was last cleared. */
    public static final long NOT_STARTED = Long.MAX_VALUE;
    /** No sampling at all. */
    public static final SamplingStats NONE = new SamplingStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** These figures with {@link #calls} no more than {@code limit}. */
    public SamplingStats withCallsAtMost(long limit) {
        return calls <= limit ? this
                : new SamplingStats(due, taken, overBudget, busy, notStored, failed, sinceNanos, limit);
    }
}
