package io.github.vdsoagent.metrics;

import io.github.vdsoagent.vocabulary.TimeApi;

/** One time API's bean: its figures as of the last refresh. */
final class TimeCalls implements TimeCallsMXBean {
    private final TimeApi api;
    private final Metrics metrics;

    TimeCalls(TimeApi api, Metrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public long getCalls() {
        return metrics.view().of(api).calls();
    }

    @Override
    public long getAvoidedKernel() {
        return metrics.view().of(api).avoided();
    }

    @Override
    public long getEnteredKernel() {
        return metrics.view().of(api).entered();
    }

    @Override
    public String getClock() {
        return api.clockLabel();
    }
}
