package io.github.vdsoagent.report;

import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.vocabulary.TimeApi;

/** One API's calls, split by whether they entered the kernel. avoided + entered == calls, always. */
public record ApiRow(TimeApi api, long calls, Verdict verdict) {
    public long avoidedKernel() {
        return calls - enteredKernel();
    }

    /** All, none, or, for a clock measured to enter the kernel part of the time, that share of the calls. */
    public long enteredKernel() {
        return verdict.enteredOf(calls);
    }
}
