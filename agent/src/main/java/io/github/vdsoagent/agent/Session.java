package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.count.SiteRegistry;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.ClassRewriting;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.kernel.KernelMonitor;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.HostSection;

import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.time.Instant;

/**
 * One period of instrumentation, from start (install the transformer, rewrite loaded classes, set up the clock
 * path) through any number of collects (a report of the calls since start) to stop (original bytecode back).
 * Counts are global and only grow; a session reports them relative to the snapshot taken when it started.
 */
final class Session {
    private final AgentOptions options;
    private final SiteRegistry sites;
    private final ClassRewriting rewriting;
    private final TimeCallTransformer transformer;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final long[] baseline;
    private ClockSetup clockSetup;
    private KernelMonitor kernel;

    Session(AgentOptions options, Instrumentation instrumentation, SiteRegistry sites) {
        this.options = options;
        this.sites = sites;
        ClassFilter filter = new ClassFilter(options.include(), options.exclude());
        ClassLoader agentLoader = Session.class.getClassLoader();
        this.transformer = new TimeCallTransformer(filter, sites, instrumentation, agentLoader, ClockStub.class);
        this.rewriting = new ClassRewriting(instrumentation, transformer, filter, agentLoader);
        this.baseline = CallCounter.snapshot(sites.size());
    }

    void start() {
        kernel = KernelMonitor.start(options.tracepoints(), KernelMonitor.AGENT_CLOCKS); // first: counts all that follows
        rewriting.install();
        clockSetup = ClockSetup.startInBackground(options.clock());
        kernel.probeWhenReady(() -> clockSetup.backend(KernelMonitor.SETUP_WAIT_MS));
    }

    /** The report of this session so far; waits up to {@code setupWaitMs} for the clock path to be known. */
    Report collect(long setupWaitMs) {
        long[] counts = CallCounter.snapshot(sites.size());
        for (int i = 0; i < baseline.length; i++) {
            counts[i] -= baseline[i];
        }
        HostSection host = new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), Clocksource.read(),
                clockSetup.backend(setupWaitMs), clockSetup.calibration(setupWaitMs));
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        CallSection calls = ReportBuilder.calls(sites.sites(), counts, options.top(), host.backend(), host.calibration(),
                host.clocksource(), HostFacts.pid(), uptimeMs(), startedAt, durationMs, transformer.stats(),
                options.toString(), kernel.check(host.calibration(), host.clocksource()));
        return new Report(host, calls);
    }

    /** Restores every rewritten class; returns how many. */
    int stop() {
        int restored = rewriting.restore();
        kernel.close();
        return restored;
    }

    AgentOptions options() {
        return options;
    }

    private static long uptimeMs() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
    }

    /** A collected report: both sections, ready to render. */
    static final class Report {
        final HostSection host;
        final CallSection calls;

        Report(HostSection host, CallSection calls) {
            this.host = host;
            this.calls = calls;
        }
    }
}
