package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.vocabulary.TimeApi;

/**
 * One API's calls, split by whether they entered the kernel. avoided + entered == calls, always.
 *
 * @param verdict       the kernel check's verdict for the API's clock now
 * @param enteredKernel the calls that entered the kernel: all, none, or a measured share, judged by the verdict that
 *                      held when they were made (the clocksource may have changed since)
 */
public record ApiRow(TimeApi api, long calls, Verdict verdict, long enteredKernel) {
    /** The row whose every call is judged by {@code verdict}. */
    public static ApiRow judged(TimeApi api, long calls, Verdict verdict) {
        return new ApiRow(api, calls, verdict, verdict.enteredOf(calls));
    }

    public long avoidedKernel() {
        return calls - enteredKernel;
    }
}
