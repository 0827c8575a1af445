package io.github.vdsoagent.metrics;

import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.Map;

/**
 * What the beans show as of one refresh, so that the attributes of a bean read together agree with one another.
 *
 * @param apis  each API's figures, by ordinal
 * @param sites the top sites' figures ({@code jmxsites=}), most called first
 */
record MetricsView(Figures[] apis, AgentState agent, Map<SiteKey, Figures> sites) {
    static final MetricsView EMPTY = new MetricsView(none(), AgentState.NONE, Map.of());

    Figures of(TimeApi api) {
        return apis[api.ordinal()];
    }

    Figures of(SiteKey site) {
        return sites.getOrDefault(site, Figures.NONE);
    }

    private static Figures[] none() {
        Figures[] none = new Figures[TimeApi.values().length];
        java.util.Arrays.fill(none, Figures.NONE);
        return none;
    }
}
