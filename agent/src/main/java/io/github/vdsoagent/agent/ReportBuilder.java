package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.flame.StackSection;
import io.github.vdsoagent.flame.StackWeights;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.vocabulary.TimeApi;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.kernel.VerdictInference;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.report.SiteRow;
import org.slf4j.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-site counts into the report's rows: per API with its clock's verdict from the kernel check (measured
 * where the kernel's counters are available, inferred where not), and the top sites. Then holds the rows against
 * the kernel's own count: more clock_gettime entries attributed than the kernel saw means a verdict is wrong.
 */
final class ReportBuilder {
    private static final Logger log = AgentLog.get(ReportBuilder.class);

    private ReportBuilder() {
    }

    /**
     * @param host   the host section, whose backend, timings and clocksource the inferred verdicts rest on
     * @param kernel the kernel check for this report; null to infer every verdict (no check at all)
     */
    static CallSection calls(CountingWindow window, HostSection host, SessionFacts facts, int top,
                             KernelCheck kernel) {
        return calls(window, host, facts, top, kernel, WindowSamples.NONE);
    }

    /** @param samples the stacks sampled in the window, weighed here to its exact counts */
    static CallSection calls(CountingWindow window, HostSection host, SessionFacts facts, int top,
                             KernelCheck kernel, WindowSamples samples) {
        Map<TimeApi, Long> perApi = new EnumMap<>(TimeApi.class);
        List<SiteRow> withCalls = new ArrayList<>();
        for (CallSite site : window.sites()) {
            long calls = site.id() < window.counts().length ? window.counts()[site.id()] : 0;
            if (calls > 0) {
                withCalls.add(new SiteRow(site, calls));
                add(perApi, site.api(), calls);
            }
        }
        ClockMode mode = host.backend() == null ? ClockMode.JVM : host.backend().effective();
        List<ApiRow> apis = new ArrayList<>();
        for (Map.Entry<TimeApi, Long> api : perApi.entrySet()) {
            Verdict now = verdict(api.getKey(), kernel, mode, host.clocksource(), host.calibration());
            apis.add(new ApiRow(api.getKey(), api.getValue(), now,
                    entered(api.getKey(), now, window, mode, host)));
        }
        apis.sort(new MostCalledApiFirst());
        KernelCheck attributed = kernel == null ? null
                : kernel.withAttribution(attributedClockGettime(apis, window.sinceKernelBegan() == null ? perApi
                        : perApi(window.sites(), window.sinceKernelBegan())));
        if (attributed != null && attributed.attribution().exceedsKernel()) {
            log.warn("kernel check failed: {}", attributed.attribution().warning());
        }
        withCalls.sort(new MostCalledSiteFirst());
        List<SiteRow> topSites = List.copyOf(withCalls.subList(0, Math.min(top, withCalls.size())));
        return new CallSection(facts.pid(), facts.uptimeMs(), window.startedAt(), window.durationMs(),
                List.copyOf(apis), topSites, withCalls.size(), facts.transforms(), facts.options(), attributed,
                facts.clocksourceChanges(), stacks(window, apis, samples));
    }

    /** The window's sampled stacks weighed to its exact counts, each API's entered calls spread over its stacks. */
    private static StackSection stacks(CountingWindow window, List<ApiRow> apis, WindowSamples samples) {
        Map<TimeApi, Long> entered = new EnumMap<>(TimeApi.class);
        for (ApiRow row : apis) {
            entered.put(row.api(), row.enteredKernel());
        }
        return new StackSection(samples.every(), samples.depth(), samples.stats(),
                StackWeights.weigh(window.sites(), window.counts(), samples.stacks(), entered));
    }

    // Comparators as classes, not lambdas: a report is often built as the JVM exits, where each lambda's first use
    // spins a class.

    /** Most calls first, then API order. */
    private static final class MostCalledApiFirst implements Comparator<ApiRow> {
        @Override
        public int compare(ApiRow a, ApiRow b) {
            int byCalls = Long.compare(b.calls(), a.calls());
            return byCalls != 0 ? byCalls : Integer.compare(a.api().ordinal(), b.api().ordinal());
        }
    }

    /** Most calls first, then site id. */
    private static final class MostCalledSiteFirst implements Comparator<SiteRow> {
        @Override
        public int compare(SiteRow a, SiteRow b) {
            int byCalls = Long.compare(b.calls(), a.calls());
            return byCalls != 0 ? byCalls : Integer.compare(a.site().id(), b.site().id());
        }
    }

    /** The kernel check's verdict for the API's clock; inferred for reads that are not a clock (user time). */
    private static Verdict verdict(TimeApi api, KernelCheck kernel, ClockMode mode, Clocksource clocksource,
                                   Calibration calibration) {
        Verdict checked = kernel == null || api.clock() == null ? null : kernel.verdictFor(api.clock());
        if (checked != null) {
            return checked;
        }
        ClockTiming timing = calibration == null || api.clock() == null ? null : calibration.of(api.clock());
        return VerdictInference.infer(api.clock(), mode, clocksource, timing);
    }

    /**
     * The API's calls that entered the kernel, each part of the window (between clocksource changes) judged by the
     * verdict that held then; with one part, by the verdict now.
     */
    private static long entered(TimeApi api, Verdict now, CountingWindow window, ClockMode mode, HostSection host) {
        if (window.epochs().size() <= 1) {
            return now.enteredOf(apiCalls(api, window.sites(), window.counts()));
        }
        long entered = 0;
        for (CountingWindow.Epoch epoch : window.epochs()) {
            Verdict then = epoch.check() == null ? now
                    : verdict(api, epoch.check(), mode, host.clocksource(), host.calibration());
            entered += then.enteredOf(apiCalls(api, window.sites(), epoch.counts()));
        }
        return entered;
    }

    private static long apiCalls(TimeApi api, List<CallSite> sites, long[] counts) {
        long calls = 0;
        for (CallSite site : sites) {
            if (site.api() == api && site.id() < counts.length) {
                calls += counts[site.id()];
            }
        }
        return calls;
    }

    private static void add(Map<TimeApi, Long> perApi, TimeApi api, long calls) {
        Long before = perApi.get(api);
        perApi.put(api, before == null ? calls : before + calls);
    }

    private static Map<TimeApi, Long> perApi(List<CallSite> sites, long[] counts) {
        Map<TimeApi, Long> perApi = new EnumMap<>(TimeApi.class);
        for (CallSite site : sites) {
            long calls = site.id() < counts.length ? counts[site.id()] : 0;
            if (calls > 0) {
                add(perApi, site.api(), calls);
            }
        }
        return perApi;
    }

    /**
     * Each entered call of a clock API is one clock_gettime system call (user time reads /proc instead): the rows'
     * verdicts applied to the calls the kernel's counts cover.
     */
    static long attributedClockGettime(List<ApiRow> apis, Map<TimeApi, Long> covered) {
        long sum = 0;
        for (ApiRow row : apis) {
            Long calls = covered.get(row.api());
            if (row.api().clock() != null && calls != null) {
                sum += row.verdict().enteredOf(calls);
            }
        }
        return sum;
    }
}
