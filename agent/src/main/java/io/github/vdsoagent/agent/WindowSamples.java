package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.SampledStacks;
import io.github.vdsoagent.boot.SamplingStats;
import io.github.vdsoagent.boot.StackSampler;

import java.util.List;

/**
 * The stacks sampled in a session's counting window, as the sampler holds them, before they are weighed.
 *
 * @param every  one call in this many is sampled (stacks=); 0: off
 * @param depth  frames kept per stack (stackdepth=)
 * @param fromMs how far into the window sampling began (the set-up starts it, after startdelay); 0: from its start;
 *               -1: not yet
 */
record WindowSamples(int every, int depth, SamplingStats stats, long fromMs, List<SampledStacks.Sample> stacks) {
    static final WindowSamples NONE = new WindowSamples(0, 0, SamplingStats.NONE, 0, List.of());

    /** What the sampler holds now, for the window that began at {@code windowStartNanos} (System.nanoTime()). */
    static WindowSamples now(int every, int depth, long windowStartNanos) {
        SamplingStats stats = StackSampler.stats();
        long fromMs = stats.sinceNanos() == SamplingStats.NOT_STARTED ? -1
                : Math.max(0, (stats.sinceNanos() - windowStartNanos) / 1_000_000);
        return new WindowSamples(every, depth, stats, fromMs, SampledStacks.snapshot());
    }
}
