package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.vocabulary.TimeApi;

/**
 * One API's calls, split by whether they entered the kernel. avoided + entered == calls, always.
 *
 * @param verdict       the kernel check's verdict for the clock the API's calls read now
 * @param enteredKernel the calls that entered the kernel: all, none, or a measured share, judged by the verdict that
 *                      held when they were made (the clocksource may have changed since)
 * @param clock         the clock the calls read (or what the JDK reads instead): a coarse twin's coarse clock, or
 *                      its precise one while the stub reads through the JVM's own calls
 */
public record ApiRow(TimeApi api, long calls, Verdict verdict, long enteredKernel, String clock) {
    /** The row whose every call is judged by {@code verdict}, reading the API's own clock. */
    public static ApiRow judged(TimeApi api, long calls, Verdict verdict) {
        return new ApiRow(api, calls, verdict, verdict.enteredOf(calls), api.clockLabel());
    }

    public long avoidedKernel() {
        return calls - enteredKernel;
    }
}
