package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.SampledStacks;
import io.github.vdsoagent.boot.SamplingStats;
import io.github.vdsoagent.boot.StackSampler;

import java.util.List;

/**
 * The stacks sampled in a session's counting window, as the sampler holds them, before they are weighed.
 *
 * @param every one call in this many is sampled (stacks=); 0: off
 * @param depth frames kept per stack (stackdepth=)
 */
record WindowSamples(int every, int depth, SamplingStats stats, List<SampledStacks.Sample> stacks) {
    static final WindowSamples NONE = new WindowSamples(0, 0, new SamplingStats(0, 0, 0, 0, 0, 0), List.of());

    /** What the sampler holds now. */
    static WindowSamples now(int every, int depth) {
        return new WindowSamples(every, depth, StackSampler.stats(), SampledStacks.snapshot());
    }
}
