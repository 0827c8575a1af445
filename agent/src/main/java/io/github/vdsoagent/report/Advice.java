package io.github.vdsoagent.report;

import java.util.List;

/**
 * One suggestion the report draws from its own figures: what to do, the figures that call for it, and what it
 * would gain.
 *
 * @param kind            {@code clocksource}, {@code thread-cpu-time} or {@code coarse}
 * @param summary         what to do and why, in one sentence
 * @param evidence        the figures behind it, one line each
 * @param gainNsPerSecond the CPU time it would save, in ns per second of the window; null when not known
 * @param gain            the gain in words: how it was estimated, or why it is not known
 * @param action          the command or option that does it, with its caveats
 */
public record Advice(String kind, String summary, List<String> evidence, Double gainNsPerSecond, String gain,
                     String action) {
}
