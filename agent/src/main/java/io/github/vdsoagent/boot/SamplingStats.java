package io.github.vdsoagent.boot;

/**
 * What stack sampling did since it started: the samples due (a countdown ran out while sampling was on), and what
 * became of them.
 *
 * @param due        samples due
 * @param taken      stacks walked and stored
 * @param overBudget skipped: the JVM's budget of samples a second was spent
 * @param busy       skipped: as many threads were walking as may, or the store was being read
 * @param notStored  walked but not stored: the store holds as many distinct stacks or frames as it may
 * @param failed     the walk failed (a StackOverflowError deep in a stack, say)
 */
public record SamplingStats(long due, long taken, long overBudget, long busy, long notStored, long failed) {
}
