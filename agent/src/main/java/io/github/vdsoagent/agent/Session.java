package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.ClocksourceWatch;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.ClassRewriting;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.JniCritical;
import io.github.vdsoagent.options.KernelCheckMode;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.ClocksourceChange;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockPath;

import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One period of instrumentation, from start (install the transformer, rewrite loaded classes, start the set-up)
 * through any number of collects (a report of the calls in its window) to finish (the window's end) and stop
 * (original bytecode back). Counts are global and only grow; a session reports them relative to the snapshot taken
 * when its window began.
 */
final class Session {
    private static final org.slf4j.Logger log = AgentLog.get(Session.class);
    private final AgentOptions options;
    private final SiteRegistry sites;
    private final ClassRewriting rewriting;
    private final TimeCallTransformer transformer;
    private final KernelCheckSession kernel;
    private final ClockPathStage clockPath;
    private final ClockTimingStage clockTiming;
    private SetupPipeline setup;
    private volatile Instant startedAt = Instant.now();
    private volatile long startNanos = System.nanoTime();
    private volatile long[] baseline;
    /** The call counts as the session ended (detach, profile end, exit), just before the kernel's last; or null. */
    private volatile long[] countsAtEnd;
    /** The stacks sampled in the window as it ended; taken with {@link #countsAtEnd}. */
    private volatile WindowSamples samplesAtEnd;
    /** When those were taken; the end of the counting window. */
    private volatile long endNanos;
    /** The call counts when the kernel's counts began (its counters opened, or the last reset); null before. */
    private volatile long[] countsWhenKernelBegan;
    /** The clocksource changes seen while the session counted, each with the check that judges the calls before it. */
    private final List<ClocksourceChange> clocksourceChanges = new CopyOnWriteArrayList<>();
    /** The last kernel check made: a report's, or the one after a clocksource change. */
    private volatile KernelCheck lastCheck;
    private ClocksourceWatch clocksourceWatch;

    Session(AgentOptions options, Instrumentation instrumentation, SiteRegistry sites) {
        this.options = options;
        this.sites = sites;
        ClassFilter filter = new ClassFilter(options.include(), options.exclude());
        ClassLoader agentLoader = Session.class.getClassLoader();
        this.transformer = new TimeCallTransformer(filter, sites, instrumentation, agentLoader, ClockStub.class);
        this.rewriting = new ClassRewriting(instrumentation, transformer, filter, agentLoader);
        this.kernel = options.kernelCheck() == KernelCheckMode.TIMING
                ? KernelCheckSession.inferredOnly(KernelCheckSession.AGENT_CLOCKS)
                : KernelCheckSession.toOpen(KernelCheckSession.AGENT_CLOCKS, new KernelCountsBegin());
        this.clockPath = new ClockPathStage(options.clock(), options.jniCritical() == JniCritical.AUTO, kernel);
        this.clockTiming = new ClockTimingStage(kernel);
        this.baseline = CallCounter.snapshot(sites.size());
    }

    /**
     * Installs the rewriting and starts the set-up; returns how long the rewriting of loaded classes took.
     *
     * @param atJvmStart whether the JVM is starting (premain): the start delay then counts from now (the JVM is a
     *                   few tens of ms old)
     * @param more       stages the agent adds after the session's own (its control channel, the first time)
     */
    Duration start(boolean atJvmStart, List<Stage> more) {
        Duration delay = options.startDelay();
        Duration wait = remainingDelay(delay, atJvmStart);
        List<Stage> stages = new ArrayList<>();
        StackSampler.clear(); // the window's stacks only
        stages.add(new StackSamplingStage(options.stacks(), options.stackDepth()));
        KernelCheckStage counters = options.kernelCheck() == KernelCheckMode.TIMING ? null
                : new KernelCheckStage(kernel, options.kernelCheck(), options.tracepoints(), options.syscalls());
        // kernelcheck=perf,startdelay=0 at premain: the counters open here, before the application's first
        // instruction, and the rest of the set-up goes on beside the application.
        boolean countersNow = options.kernelCheck() == KernelCheckMode.PERF && atJvmStart && wait.isZero();
        if (counters != null && !countersNow) {
            stages.add(counters);
        }
        stages.add(clockPath);
        stages.add(clockTiming);
        stages.add(new FirstProbeStage(kernel, clockPath));
        stages.add(new ClocksourceWatchStage(this));
        stages.addAll(more);
        long begin = System.nanoTime();
        rewriting.install(!atJvmStart);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        setup = new SetupPipeline(delay, wait, stages);
        if (countersNow) {
            setup.runHere(counters);
        }
        setup.start();
        return took;
    }

    /**
     * How long from now the background set-up waits: until the JVM is {@code delay} old. At premain the JVM is a few
     * tens of ms old, so the whole delay; at attach, what is left, never less than zero.
     */
    static Duration remainingDelay(Duration delay, boolean atJvmStart) {
        if (atJvmStart || delay.isZero()) {
            return delay;
        }
        Duration left = delay.minusMillis(Math.max(0, HostFacts.uptimeMs()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Takes the call counts the kernel's are held against; runs on the thread that opens the counters. */
    private final class KernelCountsBegin implements Runnable { // a class, not a lambda: this may run at premain
        @Override
        public void run() {
            countsWhenKernelBegan = CallCounter.snapshot(sites.size());
        }
    }

    /** The set-up's last stage: from now on a clocksource change is seen and the calls around it judged apart. */
    void watchClocksource() {
        synchronized (clocksourceChanges) {
            if (countsAtEnd == null) {
                clocksourceWatch = ClocksourceWatch.start(new ClocksourceChanged());
            }
        }
    }

    /** The calls before a change are judged by the check before it; a fresh check, under the new one, follows. */
    private final class ClocksourceChanged implements ClocksourceWatch.Listener {
        @Override
        public void changed(String from, String to, Instant at) {
            long[] now = CallCounter.snapshot(sites.size());
            clocksourceChanges.add(new ClocksourceChange(at, from, to, now, lastCheck));
            log.warn("the kernel switched its clocksource from {} to {}: the report judges the calls on each apart",
                    from, to);
            lastCheck = kernel.check(clockPath.current(), clockTiming.timings(0), Clocksource.read(),
                    notOpened(setup.whyNotRun()));
        }
    }

    /** Starts counting afresh from now, as a profiling session does. */
    void reset() {
        clocksourceChanges.clear();
        baseline = CallCounter.snapshot(sites.size());
        StackSampler.clear();
        startedAt = Instant.now();
        startNanos = System.nanoTime();
        kernel.reset();
    }

    /**
     * The report of this session so far, listing {@code top} call sites; waits up to {@code setupWaitMs} for the
     * clock path to be known and up to {@code timingWaitMs} for the clocks' timings (left out if not ready).
     */
    Report collect(long setupWaitMs, long timingWaitMs, int top) {
        long[] atEnd = countsAtEnd;
        WindowSamples samples = atEnd != null ? samplesAtEnd : WindowSamples.now(options.stacks(), options.stackDepth());
        long[] now = atEnd != null ? atEnd : CallCounter.snapshot(sites.size());
        long[] kernelBegan = countsWhenKernelBegan;
        String whyNotRun = setup.whyNotRun();
        PathChoice backend = clockPath.choice(setupWaitMs, whyNotRun);
        HostSection host = new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), Clocksource.read(),
                backend, clockTiming.timings(timingWaitMs));
        long durationMs = Duration.ofNanos((atEnd != null ? endNanos : System.nanoTime()) - startNanos).toMillis();
        List<ClocksourceChange> changes = List.copyOf(clocksourceChanges);
        CountingWindow window = new CountingWindow(sites.sites(), minus(now, baseline),
                kernelBegan == null ? null : minus(now, kernelBegan), startedAt, durationMs, epochs(changes, now));
        SessionFacts facts = new SessionFacts(HostFacts.pid(), HostFacts.uptimeMs(), transformer.stats(),
                options.toString(), changes);
        KernelCheck check = kernel.check(clockPath.current(), host.calibration(), host.clocksource(),
                notOpened(whyNotRun));
        lastCheck = check;
        return new Report(host, ReportBuilder.calls(window, host, facts, top, check, samples));
    }

    /** The window's calls between clocksource changes, each part with the check made before its end. */
    private List<CountingWindow.Epoch> epochs(List<ClocksourceChange> changes, long[] now) {
        List<CountingWindow.Epoch> epochs = new ArrayList<>();
        long[] from = baseline;
        for (ClocksourceChange change : changes) {
            epochs.add(new CountingWindow.Epoch(minus(change.countsAtChange(), from), change.checkBefore()));
            from = change.countsAtChange();
        }
        epochs.add(new CountingWindow.Epoch(minus(now, from), null));
        return epochs;
    }

    /** What the kernel check says while its counters are not open: the set-up has not come to them. */
    private String notOpened(String whyNotRun) {
        return whyNotRun != null ? whyNotRun : setup.waitingReason();
    }

    /** When the counting window began (the session's start, or its last reset), in System.nanoTime's terms. */
    long startNanos() {
        return startNanos;
    }

    private static long[] minus(long[] now, long[] base) {
        long[] since = now.clone();
        for (int i = 0; i < base.length && i < since.length; i++) {
            since[i] -= base[i];
        }
        return since;
    }

    /**
     * Ends the counting window, before a final report (detach, a profile's end, the JVM's exit): the set-up is not
     * waited for, and if it has not switched the stub yet, it never will, and the report names the JVM's own calls
     * that every call went through. The calls are counted first, then the kernel takes its last counts (so that
     * threads still running cannot add calls the kernel's counts miss), and its counters are released while the
     * report is made. Later collects report this window.
     */
    void finish() {
        if (countsAtEnd != null) {
            return;
        }
        setup.abandon();
        synchronized (clocksourceChanges) {
            StackSampler.stop();
            samplesAtEnd = WindowSamples.now(options.stacks(), options.stackDepth());
            countsAtEnd = CallCounter.snapshot(sites.size());
            if (clocksourceWatch != null) {
                clocksourceWatch.stop();
            }
        }
        endNanos = System.nanoTime();
        kernel.end(clockPath.current(), notOpened(setup.whyNotRun()));
    }

    /**
     * Restores every rewritten class and puts the stub back on the JVM's own calls (clocks obtained from a rewritten
     * Clock.systemUTC() may outlive the session). Returns how many classes were restored.
     */
    int stop() {
        setup.abandon(); // a set-up still running must not switch the stub after this
        synchronized (clocksourceChanges) {
            if (clocksourceWatch != null) {
                clocksourceWatch.stop();
            }
        }
        int restored = rewriting.restore();
        ClockPath.JVM.use();
        StackSampler.stop(); // and its store freed: nothing of the session's stays
        StackSampler.clear();
        kernel.close();
        return restored;
    }

    AgentOptions options() {
        return options;
    }

    Instant startedAt() {
        return startedAt;
    }

    TransformStats transformStats() {
        return transformer.stats();
    }

    /** A collected report: both sections, ready to render. */
    record Report(HostSection host, CallSection calls) {
    }
}
