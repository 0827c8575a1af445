package io.github.vdsoagent.report;

import io.github.vdsoagent.instrument.TimeApi;
import io.github.vdsoagent.kernel.Verdict;

/** One API's calls, split by whether they entered the kernel. avoided + entered == calls, always. */
public final class ApiRow {
    private final TimeApi api;
    private final long calls;
    private final Verdict verdict;

    public ApiRow(TimeApi api, long calls, Verdict verdict) {
        this.api = api;
        this.calls = calls;
        this.verdict = verdict;
    }

    public TimeApi api() {
        return api;
    }

    public long calls() {
        return calls;
    }

    public long avoidedKernel() {
        return calls - enteredKernel();
    }

    /** All, none, or, for a clock measured to enter the kernel part of the time, that share of the calls. */
    public long enteredKernel() {
        return verdict.enteredOf(calls);
    }

    public Verdict verdict() {
        return verdict;
    }
}
