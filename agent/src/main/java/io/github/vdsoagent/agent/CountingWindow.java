package io.github.vdsoagent.agent;

import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.sites.CallSite;

import java.time.Instant;
import java.util.List;

/**
 * The calls a report covers: each site's count in the session's window, and in the part of it the kernel's counts
 * cover, which the attribution check holds against them.
 *
 * @param sinceKernelBegan each site's calls since the kernel's counts began; null when the kernel counted nothing
 * @param epochs           each site's calls in each part of the window between clocksource changes, with the check
 *                         that judges them (null: the report's own); one part when the clocksource never changed
 */
record CountingWindow(List<CallSite> sites, long[] counts, long[] sinceKernelBegan, Instant startedAt,
                      long durationMs, List<Epoch> epochs) {
    /** Calls made under one clocksource, judged by the check made then. */
    record Epoch(long[] counts, KernelCheck check) {
    }
}
