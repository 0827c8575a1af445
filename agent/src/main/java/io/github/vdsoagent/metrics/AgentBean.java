package io.github.vdsoagent.metrics;

/** The Agent bean: the session's state as of the last refresh. */
final class AgentBean implements AgentMXBean {
    private final Metrics metrics;

    AgentBean(Metrics metrics) {
        this.metrics = metrics;
    }

    private AgentState state() {
        return metrics.view().agent();
    }

    @Override
    public String getBackend() {
        return state().backend();
    }

    @Override
    public String getReads() {
        return state().reads();
    }

    @Override
    public String getClocksource() {
        return state().clocksource();
    }

    @Override
    public ClockVerdict[] getClocks() {
        return state().clocks().toArray(new ClockVerdict[0]);
    }

    @Override
    public int getSites() {
        return state().sites();
    }

    @Override
    public long getSessionStartTime() {
        return state().sessionStartTime();
    }

    @Override
    public String getOptions() {
        return state().options();
    }
}
