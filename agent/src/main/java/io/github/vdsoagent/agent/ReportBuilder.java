package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.SamplingStats;
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
import io.github.vdsoagent.vocabulary.ClockId;
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
        List<SiteRow> withCalls = new ArrayList<>();
        for (CallSite site : window.sites()) {
            long calls = site.id() < window.counts().length ? window.counts()[site.id()] : 0;
            if (calls > 0) {
                withCalls.add(new SiteRow(site, calls));
            }
        }
        Map<TimeApi, Long> perApi = perApi(window.sites(), window.counts());
        ClockMode mode = host.backend() == null ? ClockMode.JVM : host.backend().effective();
        List<ApiRow> apis = apiRows(window, host, kernel);
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
                facts.clocksourceChanges(), CoarseReport.build(facts.coarse(), facts.coarseOptions(), apis, host),
                AdviceBuilder.advise(apis, withCalls, host.clocksource(), host.calibration(), mode,
                        window.durationMs()), stacks(window, apis, samples));
    }

    /**
     * The window's calls per API, each row split by its clock's verdict (the report's apis, most called first); the
     * agent's MBeans judge the calls they have not seen before by the same rows.
     *
     * @param kernel the kernel check to judge by; null to infer every verdict
     */
    static List<ApiRow> apiRows(CountingWindow window, HostSection host, KernelCheck kernel) {
        ClockMode mode = host.backend() == null ? ClockMode.JVM : host.backend().effective();
        List<ApiRow> apis = new ArrayList<>();
        for (Map.Entry<TimeApi, Long> api : perApi(window.sites(), window.counts()).entrySet()) {
            ClockId read = CoarseReport.clockRead(api.getKey(), mode);
            Verdict now = verdict(read, kernel, mode, host.clocksource(), host.calibration());
            apis.add(new ApiRow(api.getKey(), api.getValue(), now,
                    entered(api.getKey(), read, now, window, mode, host),
                    read == null ? TimeApi.PROC_STAT_LABEL : read.name()));
        }
        apis.sort(new MostCalledApiFirst());
        return apis;
    }

    /** The window's sampled stacks weighed to its exact counts, each API's entered calls spread over its stacks. */
    private static StackSection stacks(CountingWindow window, List<ApiRow> apis, WindowSamples samples) {
        Map<TimeApi, Long> entered = new EnumMap<>(TimeApi.class);
        long windowCalls = 0;
        for (ApiRow row : apis) {
            entered.put(row.api(), row.enteredKernel());
            windowCalls += row.calls();
        }
        // The sampler's figure is read a moment after the window's counts, which a running application has passed.
        SamplingStats stats = samples.stats().withCallsAtMost(windowCalls);
        return new StackSection(samples.every(), samples.depth(), stats, samples.fromMs(),
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

    /** The kernel check's verdict for the clock an API's calls read under {@code mode}, as the report judges it. */
    static Verdict verdict(TimeApi api, KernelCheck kernel, ClockMode mode, Clocksource clocksource,
                           Calibration calibration) {
        return verdict(CoarseReport.clockRead(api, mode), kernel, mode, clocksource, calibration);
    }

    /**
     * The kernel check's verdict for the clock an API's calls read; inferred for reads that are not a clock (user
     * time, {@code clock} null).
     */
    private static Verdict verdict(ClockId clock, KernelCheck kernel, ClockMode mode, Clocksource clocksource,
                                   Calibration calibration) {
        Verdict checked = kernel == null || clock == null ? null : kernel.verdictFor(clock);
        if (checked != null) {
            return checked;
        }
        ClockTiming timing = calibration == null || clock == null ? null : calibration.of(clock);
        return VerdictInference.infer(clock, mode, clocksource, timing);
    }

    /**
     * The API's calls that entered the kernel, each part of the window (between clocksource changes) judged by the
     * verdict that held then; with one part, by the verdict now.
     */
    private static long entered(TimeApi api, ClockId read, Verdict now, CountingWindow window, ClockMode mode,
                                HostSection host) {
        if (window.epochs().size() <= 1) {
            return now.enteredOf(apiCalls(api, window.sites(), window.counts()));
        }
        long entered = 0;
        for (CountingWindow.Epoch epoch : window.epochs()) {
            Verdict then = epoch.check() == null ? now
                    : verdict(read, epoch.check(), mode, host.clocksource(), host.calibration());
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
