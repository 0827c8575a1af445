package io.github.vdsoagent.flame;

import io.github.vdsoagent.boot.SamplingStats;

import java.util.List;

/**
 * The report's sampled stacks: how they were sampled and the stacks, weighted to the exact counts.
 *
 * @param every    one call in this many was sampled; 0: sampling was off
 * @param depth    frames kept per stack, counted from the call
 * @param sampling what the sampler did in the window
 * @param fromMs   how far into the window sampling began: calls before were not sampled; 0: from its start; -1:
 *                 not yet (the set-up starts it after startdelay)
 * @param stacks   heaviest first; their weights sum to the report's total calls
 */
public record StackSection(int every, int depth, SamplingStats sampling, long fromMs, List<WeightedStack> stacks) {
    /** No stacks at all: a report made without sampling's data. */
    public static final StackSection NONE = new StackSection(0, 0, SamplingStats.NONE, 0, List.of());

    public long totalWeight() {
        long sum = 0;
        for (WeightedStack stack : stacks) {
            sum += stack.weight();
        }
        return sum;
    }
}
