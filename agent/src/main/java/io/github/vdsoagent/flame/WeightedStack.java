package io.github.vdsoagent.flame;

import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;

/**
 * One stack that time calls came from, weighted to the exact counts: a site's stacks sum to its calls.
 *
 * @param frames        root first; the last is the call site's method, with the site's line when known
 * @param api           the time API called, the flame graph's leaf
 * @param weight        the calls this stack stands for
 * @param enteredKernel of those, the calls that entered the kernel (the API's share, spread over its stacks)
 * @param samples       the samples behind it; 0 for a site that had calls but no sample (its own frame only)
 */
public record WeightedStack(List<String> frames, TimeApi api, long weight, long enteredKernel, long samples) {
}
