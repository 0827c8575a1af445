package io.github.vdsoagent.metrics;

import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A session as the tests set it: counts per site, and a verdict per API that judges them (vdso unless set). */
final class FakeSource implements MetricsSource {
    static final Verdict VDSO = Verdict.measured(10, 0, "probe: 0 of 10 entered");
    static final Verdict KERNEL = Verdict.measured(10, 10, "probe: 10 of 10 entered");

    private final SiteRegistry sites;
    private final Map<TimeApi, Verdict> verdicts = new EnumMap<>(TimeApi.class);
    private long[] counts = new long[0];
    boolean stopped;
    RuntimeException failure;

    FakeSource(SiteRegistry sites) {
        this.sites = sites;
    }

    /** Registers a site in {@code className.method} at {@code line}; returns its id. */
    static int site(SiteRegistry sites, String className, String method, int line, TimeApi api) {
        return sites.register(0, className, method, "()V", line, className.substring(className.lastIndexOf('.') + 1)
                + ".java", line, api).id();
    }

    /** The site's count becomes {@code calls} (counts only grow in the agent; tests set what they need). */
    FakeSource calls(int site, long calls) {
        if (site >= counts.length) {
            counts = Arrays.copyOf(counts, site + 1);
        }
        counts[site] = calls;
        return this;
    }

    FakeSource verdict(TimeApi api, Verdict verdict) {
        verdicts.put(api, verdict);
        return this;
    }

    @Override
    public long[] counts() {
        if (failure != null) {
            throw failure;
        }
        return Arrays.copyOf(counts, sites.size());
    }

    @Override
    public List<CallSite> sites() {
        return sites.sites();
    }

    @Override
    public List<ApiRow> judge(List<CallSite> siteList, long[] calls) {
        Map<TimeApi, Long> perApi = new EnumMap<>(TimeApi.class);
        for (CallSite site : siteList) {
            if (site.id() < calls.length && calls[site.id()] > 0) {
                perApi.merge(site.api(), calls[site.id()], Long::sum);
            }
        }
        List<ApiRow> rows = new ArrayList<>();
        for (Map.Entry<TimeApi, Long> api : perApi.entrySet()) {
            rows.add(ApiRow.judged(api.getKey(), api.getValue(), verdicts.getOrDefault(api.getKey(), VDSO)));
        }
        return rows;
    }

    @Override
    public AgentState state() {
        return new AgentState("jni", "vdso", "tsc", List.of(new ClockVerdict("CLOCK_MONOTONIC", "vdso", "measured", 0,
                "probe: 0 of 10 entered")), sites.size(), 1234, "jmxsites=1");
    }

    @Override
    public boolean stopped() {
        return stopped;
    }
}
