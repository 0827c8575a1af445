package io.github.vdsoagent.report;

import io.github.vdsoagent.flame.StackSection;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.KernelCheck;

import java.time.Instant;
import java.util.List;

/**
 * The agent's part of a report: the calls counted since the session started, per API and per call site.
 *
 * @param apis           every API with at least one call, most called first
 * @param topSites       the most called sites, as many as top= allows
 * @param sitesWithCalls how many sites had calls, of which {@code topSites} lists the first
 * @param options        the agent's options, in canonical form
 * @param kernelCheck    the kernel check behind the rows' avoided/entered split, with its attribution of the rows
 * @param clocksourceChanges the kernel's clocksource switches seen while the session counted
 * @param coarse         what coarse= did; null when it was not given
 * @param advice         what the figures suggest doing, most gain first
 * @param stacks         the sampled stacks, weighted to the exact counts
 */
public record CallSection(long pid, long uptimeMs, Instant startedAt, long durationMs, List<ApiRow> apis,
                          List<SiteRow> topSites, int sitesWithCalls, TransformStats transforms, String options,
                          KernelCheck kernelCheck, List<ClocksourceChange> clocksourceChanges, CoarseSection coarse,
                          List<Advice> advice, StackSection stacks) {
    /** Without coarse clocks, advice and stacks. */
    public CallSection(long pid, long uptimeMs, Instant startedAt, long durationMs, List<ApiRow> apis,
                       List<SiteRow> topSites, int sitesWithCalls, TransformStats transforms, String options,
                       KernelCheck kernelCheck, List<ClocksourceChange> clocksourceChanges) {
        this(pid, uptimeMs, startedAt, durationMs, apis, topSites, sitesWithCalls, transforms, options, kernelCheck,
                clocksourceChanges, null, List.of(), StackSection.NONE);
    }

    /** Without stacks. */
    public CallSection(long pid, long uptimeMs, Instant startedAt, long durationMs, List<ApiRow> apis,
                       List<SiteRow> topSites, int sitesWithCalls, TransformStats transforms, String options,
                       KernelCheck kernelCheck, List<ClocksourceChange> clocksourceChanges, CoarseSection coarse,
                       List<Advice> advice) {
        this(pid, uptimeMs, startedAt, durationMs, apis, topSites, sitesWithCalls, transforms, options, kernelCheck,
                clocksourceChanges, coarse, advice, StackSection.NONE);
    }

    public long totalCalls() {
        long sum = 0;
        for (ApiRow row : apis) {
            sum += row.calls();
        }
        return sum;
    }

    public long totalAvoidedKernel() {
        long sum = 0;
        for (ApiRow row : apis) {
            sum += row.avoidedKernel();
        }
        return sum;
    }

    public long totalEnteredKernel() {
        long sum = 0;
        for (ApiRow row : apis) {
            sum += row.enteredKernel();
        }
        return sum;
    }
}
