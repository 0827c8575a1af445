package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.count.CallSite;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.instrument.TimeApi;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.VerdictInference;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.SiteRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Turns per-site counts into the report's rows: per API with its kernel verdict, and the top sites. */
final class ReportBuilder {
    private ReportBuilder() {
    }

    static CallSection calls(List<CallSite> sites, long[] counts, int top, BackendChoice backend, Calibration calibration,
                             Clocksource clocksource, long pid, long uptimeMs, Instant startedAt, long durationMs,
                             TransformStats transforms, String options) {
        Map<TimeApi, Long> perApi = new EnumMap<>(TimeApi.class);
        List<SiteRow> withCalls = new ArrayList<>();
        for (CallSite site : sites) {
            long calls = site.id() < counts.length ? counts[site.id()] : 0;
            if (calls > 0) {
                withCalls.add(new SiteRow(site, calls));
                perApi.merge(site.api(), calls, Long::sum);
            }
        }
        ClockMode mode = backend == null ? ClockMode.JVM : backend.effective();
        List<ApiRow> apis = new ArrayList<>();
        perApi.forEach((api, calls) -> apis.add(
                new ApiRow(api, calls, VerdictInference.infer(api.clock(), mode, clocksource, calibration))));
        apis.sort(Comparator.comparingLong(ApiRow::calls).reversed().thenComparing(r -> r.api().ordinal()));
        withCalls.sort(Comparator.comparingLong(SiteRow::calls).reversed().thenComparingInt(r -> r.site().id()));
        List<SiteRow> topSites = List.copyOf(withCalls.subList(0, Math.min(top, withCalls.size())));
        return new CallSection(pid, uptimeMs, startedAt, durationMs, List.copyOf(apis), topSites, withCalls.size(),
                transforms, options);
    }
}
