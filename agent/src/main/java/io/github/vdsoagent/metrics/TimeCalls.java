package io.github.vdsoagent.metrics;

import io.github.vdsoagent.vocabulary.TimeApi;

/**
 * One time API's bean: its figures as of the last refresh. The API as the application calls it: its sites that
 * {@code coarse=} retargeted at a coarse clock count here too, and apart in {@link #getCoarseCalls()}.
 */
final class TimeCalls implements TimeCallsMXBean {
    private final TimeApi api;
    private final Metrics metrics;

    TimeCalls(TimeApi api, Metrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public long getCalls() {
        return figures().calls();
    }

    @Override
    public long getAvoidedKernel() {
        return figures().avoided();
    }

    @Override
    public long getEnteredKernel() {
        return figures().entered();
    }

    @Override
    public long getCoarseCalls() {
        return api.coarse() == null ? 0 : metrics.view().of(api.coarse()).calls();
    }

    /** The API's calls and its coarse twin's, from one view so that they agree. */
    private Figures figures() {
        MetricsView view = metrics.view();
        Figures precise = view.of(api);
        if (api.coarse() == null) {
            return precise;
        }
        Figures coarse = view.of(api.coarse());
        return new Figures(precise.calls() + coarse.calls(), precise.entered() + coarse.entered());
    }

    @Override
    public String getClock() {
        return api.clockLabel();
    }
}
