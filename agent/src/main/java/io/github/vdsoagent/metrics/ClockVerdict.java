package io.github.vdsoagent.metrics;

/**
 * One clock's verdict as the Agent bean shows it: a record, which an MXBean maps to open data
 * ({@code CompositeData} with these items), so that a client needs none of the agent's classes.
 *
 * @param clock          the clock id, such as {@code CLOCK_MONOTONIC}
 * @param verdict        {@code vdso}, {@code kernel} or {@code partial}
 * @param evidence       {@code measured} or {@code inferred}
 * @param kernelFraction the share of reads that enter the kernel: 0, 1, or the measured share of a partial verdict
 * @param why            the verdict's reason in words, as the report gives it
 */
public record ClockVerdict(String clock, String verdict, String evidence, double kernelFraction, String why) {
}
