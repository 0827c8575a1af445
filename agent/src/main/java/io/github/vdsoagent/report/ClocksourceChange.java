package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.KernelCheck;

import java.time.Instant;

/**
 * The kernel switched its clocksource while the session counted: when, from and to what, and what the kernel check
 * said before it, which judges the calls made before it.
 *
 * @param countsAtChange each site's calls (absolute, not the session's) when the change was seen
 * @param checkBefore    the last check made before the change; null if none was
 */
public record ClocksourceChange(Instant at, String from, String to, long[] countsAtChange, KernelCheck checkBefore) {
}
