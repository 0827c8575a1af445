package io.github.vdsoagent.agent;

import io.github.vdsoagent.sites.CallSite;

import java.time.Instant;
import java.util.List;

/**
 * The calls a report covers: each site's count in the session's window, and in the part of it the kernel's counts
 * cover, which the attribution check holds against them.
 *
 * @param sinceKernelBegan each site's calls since the kernel's counts began; null when the kernel counted nothing
 */
record CountingWindow(List<CallSite> sites, long[] counts, long[] sinceKernelBegan, Instant startedAt,
                      long durationMs) {
}
