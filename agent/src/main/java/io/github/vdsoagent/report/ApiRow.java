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
        return verdict.avoidsKernel() ? calls : 0;
    }

    public long enteredKernel() {
        return calls - avoidedKernel();
    }

    public Verdict verdict() {
        return verdict;
    }
}
