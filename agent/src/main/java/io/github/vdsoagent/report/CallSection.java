package io.github.vdsoagent.report;

import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.KernelCheck;

import java.time.Instant;
import java.util.List;

/** The agent's part of a report: the calls counted since the session started, per API and per call site. */
public final class CallSection {
    private final long pid;
    private final long uptimeMs;
    private final Instant startedAt;
    private final long durationMs;
    private final List<ApiRow> apis;
    private final List<SiteRow> topSites;
    private final int sitesWithCalls;
    private final TransformStats transforms;
    private final String options;
    private final KernelCheck kernelCheck;

    public CallSection(long pid, long uptimeMs, Instant startedAt, long durationMs, List<ApiRow> apis,
                       List<SiteRow> topSites, int sitesWithCalls, TransformStats transforms, String options,
                       KernelCheck kernelCheck) {
        this.pid = pid;
        this.uptimeMs = uptimeMs;
        this.startedAt = startedAt;
        this.durationMs = durationMs;
        this.apis = apis;
        this.topSites = topSites;
        this.sitesWithCalls = sitesWithCalls;
        this.transforms = transforms;
        this.options = options;
        this.kernelCheck = kernelCheck;
    }

    /** The kernel check behind the rows' avoided/entered split, with its attribution of the rows. */
    public KernelCheck kernelCheck() {
        return kernelCheck;
    }

    public long pid() {
        return pid;
    }

    public long uptimeMs() {
        return uptimeMs;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long durationMs() {
        return durationMs;
    }

    /** Every API with at least one call, most called first. */
    public List<ApiRow> apis() {
        return apis;
    }

    /** The most called sites, as many as top= allows. */
    public List<SiteRow> topSites() {
        return topSites;
    }

    /** How many sites had calls, of which {@link #topSites()} lists the first. */
    public int sitesWithCalls() {
        return sitesWithCalls;
    }

    public TransformStats transforms() {
        return transforms;
    }

    /** The agent's options, in canonical form. */
    public String options() {
        return options;
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
