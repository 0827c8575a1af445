package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.ClocksourceWatch;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.JvmShutdown;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.ClassRewriting;
import io.github.vdsoagent.instrument.CoarseChoice;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.instrument.TransformStats;
import io.github.vdsoagent.jfr.JfrEvents;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.metrics.Metrics;
import io.github.vdsoagent.options.AgentOption;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.JniCritical;
import io.github.vdsoagent.options.KernelCheckMode;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CallSection;
import io.github.vdsoagent.report.ClocksourceChange;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockPath;
import io.github.vdsoagent.vocabulary.TimeApi;

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
    /** Whether {@link #finish} has run. */
    private boolean finished;
    /** The stacks sampled in the window as it ended; taken with {@link #countsAtEnd}. */
    private volatile WindowSamples samplesAtEnd;
    /** When those were taken; the end of the counting window. */
    private volatile long endNanos;
    /** The call counts when the kernel's counts began (its counters opened, or the last reset); null before. */
    private volatile long[] countsWhenKernelBegan;
    /** The clocksource changes seen while the session counted, each with the check that judges the calls before it. */
    private final List<ClocksourceChange> clocksourceChanges = new CopyOnWriteArrayList<>();
    /** The last kernel check made: a report's, the MBeans' first, or the one after a clocksource change. */
    private volatile KernelCheck lastCheck;
    private ClocksourceWatch clocksourceWatch;
    /** The session's JFR events: registered once JFR is initialized, taken out as the session stops. */
    private final JfrEvents jfr = new JfrEvents(new SessionEventSource(this));
    /** What the JFR events' last check was made for; a new one only when that changes. */
    private volatile EventsCheck eventsCheck;
    /** The agent's MBeans, once the set-up registered them for this session; null before, or without jmx=on. */
    private volatile Metrics metrics;
    /** Set first thing in {@link #stop()}: the MBeans must not be registered for a stopped session. */
    private volatile boolean stopped;

    Session(AgentOptions options, Instrumentation instrumentation, SiteRegistry sites) {
        this.options = options;
        this.sites = sites;
        ClassFilter filter = new ClassFilter(options.include(), options.exclude());
        ClassLoader agentLoader = Session.class.getClassLoader();
        this.transformer = new TimeCallTransformer(filter, new CoarseChoice(options.coarse(), options.coarseInclude()),
                sites, instrumentation, agentLoader, ClockStub.class);
        this.rewriting = new ClassRewriting(instrumentation, transformer, filter, agentLoader);
        List<ClockId> clocks = checkedClocks(options);
        this.kernel = options.kernelCheck() == KernelCheckMode.TIMING
                ? KernelCheckSession.inferredOnly(clocks)
                : KernelCheckSession.toOpen(clocks, new KernelCountsBegin());
        this.clockPath = new ClockPathStage(options.clock(), options.jniCritical() == JniCritical.AUTO, kernel);
        this.clockTiming = new ClockTimingStage(kernel);
        this.baseline = CallCounter.snapshot(sites.size());
    }

    /** The clocks the kernel check measures: the agent's, and the coarse clocks {@code coarse=} has sites read. */
    static List<ClockId> checkedClocks(AgentOptions options) {
        List<ClockId> clocks = new ArrayList<>(KernelCheckSession.AGENT_CLOCKS);
        for (TimeApi api : options.coarse()) {
            ClockId coarse = api.coarse().clock();
            if (!clocks.contains(coarse)) {
                clocks.add(coarse);
            }
        }
        return List.copyOf(clocks);
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
        // A recording the JVM's options start begins right after premain: listened for from here, its events are
        // in it even if the JVM ends before the set-up. Otherwise JFR loads nothing at start-up.
        JfrStage events = new JfrStage(jfr);
        boolean eventsNow = atJvmStart && JfrEvents.recordingAtLaunch();
        if (!eventsNow) {
            stages.add(events);
        }
        stages.addAll(more);
        long begin = System.nanoTime();
        rewriting.install(!atJvmStart);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        setup = new SetupPipeline(delay, wait, stages);
        if (countersNow) {
            setup.runHere(counters);
        }
        if (eventsNow) {
            setup.runHere(events);
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
            Metrics registered = metrics;
            if (registered != null) {
                registered.refresh(); // the MBeans take in the calls so far under the verdicts before the change
            }
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
        jfr.restart();
    }

    /**
     * The report of this session so far, listing {@code top} call sites; waits up to {@code setupWaitMs} for the
     * clock path to be known and up to {@code timingWaitMs} for the clocks' timings (left out if not ready).
     */
    Report collect(long setupWaitMs, long timingWaitMs, int top) {
        long[] atEnd = countsAtEnd;
        WindowSamples samples = atEnd != null ? samplesAtEnd
                : WindowSamples.now(options.stacks(), options.stackDepth(), startNanos);
        long[] now = atEnd != null ? atEnd : CallCounter.snapshot(sites.size());
        long[] kernelBegan = countsWhenKernelBegan;
        String whyNotRun = setup.whyNotRun();
        HostSection host = host(setupWaitMs, timingWaitMs, whyNotRun);
        long durationMs = Duration.ofNanos((atEnd != null ? endNanos : System.nanoTime()) - startNanos).toMillis();
        List<ClocksourceChange> changes = List.copyOf(clocksourceChanges);
        CountingWindow window = new CountingWindow(sites.sites(), minus(now, baseline),
                kernelBegan == null ? null : minus(now, kernelBegan), startedAt, durationMs, epochs(changes, now));
        SessionFacts facts = new SessionFacts(HostFacts.pid(), HostFacts.uptimeMs(), transformer.stats(),
                options.toString(), changes, options.coarse(), options.canonical(AgentOption.COARSE,
                AgentOption.COARSEINCLUDE));
        KernelCheck check = kernel.check(clockPath.current(), host.calibration(), host.clocksource(),
                notOpened(whyNotRun));
        lastCheck = check;
        return new Report(host, ReportBuilder.calls(window, host, facts, top, check, samples));
    }

    /** The host section, waiting up to {@code setupWaitMs} for the clock path, {@code timingWaitMs} for the timings. */
    private HostSection host(long setupWaitMs, long timingWaitMs, String whyNotRun) {
        PathChoice backend = clockPath.choice(setupWaitMs, whyNotRun);
        return new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), Clocksource.read(), backend,
                clockTiming.timings(timingWaitMs));
    }

    /**
     * The report's per-API rows for {@code calls} (per site id), judged as a report now would, by the last kernel
     * check made rather than a new one: the MBeans ask this on an exporter's thread, which must not wait or probe.
     */
    List<ApiRow> judge(List<CallSite> siteList, long[] calls) {
        CountingWindow window = new CountingWindow(siteList, calls, null, startedAt, 0,
                List.of(new CountingWindow.Epoch(calls, null)));
        return ReportBuilder.apiRows(window, host(0, 0, null), lastCheck);
    }

    /** The call counts now, or as the session ended (before a detach restores the classes). */
    long[] countsNowOrAtEnd() {
        long[] atEnd = countsAtEnd;
        return atEnd != null ? atEnd : CallCounter.snapshot(sites.size());
    }

    /** Makes a kernel check for the MBeans to judge by, unless a report made one: on the set-up's thread. */
    void checkForMetrics() {
        if (lastCheck == null) {
            lastCheck = kernel.check(clockPath.current(), clockTiming.timings(0), Clocksource.read(),
                    notOpened(setup.whyNotRun()));
        }
    }

    /** The last kernel check made (a report's, the MBeans', or the one after a clocksource change); or null. */
    KernelCheck lastCheck() {
        return lastCheck;
    }

    /** The path the stub reads through now. */
    ClockPath clockPath() {
        return clockPath.current();
    }

    /** The MBeans were registered for this session: a clocksource change refreshes them first. */
    void metricsRegistered(Metrics registered) {
        metrics = registered;
    }

    boolean stopped() {
        return stopped;
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
        synchronized (clocksourceChanges) {
            if (finished) {
                return;
            }
            finished = true;
        }
        setup.abandon();
        freezeCounts();
        kernel.end(clockPath.current(), notOpened(setup.whyNotRun()));
    }

    /** The window's end: its counts, taken once (by finish, or by JFR's last events as the JVM exits). */
    private void freezeCounts() {
        synchronized (clocksourceChanges) {
            if (countsAtEnd == null) {
                StackSampler.stop();
                // before the counts, which collect reads first
                samplesAtEnd = WindowSamples.now(options.stacks(), options.stackDepth(), startNanos);
                countsAtEnd = CallCounter.snapshot(sites.size());
                endNanos = System.nanoTime();
            }
            if (clocksourceWatch != null) {
                clocksourceWatch.stop();
            }
        }
    }

    /**
     * The counts the JFR events are made of: now, or the window's end. As the JVM exits, the agent's exit hook and
     * JFR's (which writes a recording's last events) run at once, in either order; whichever asks first ends the
     * window, so that a recording's sums equal the exit report's.
     */
    long[] countsForEvents() {
        long[] atEnd = countsAtEnd;
        if (atEnd == null && JvmShutdown.underway()) {
            freezeCounts();
            atEnd = countsAtEnd;
        }
        return atEnd != null ? atEnd : CallCounter.snapshot(sites.size());
    }

    /** The counts the window began with. */
    long[] windowStart() {
        return baseline;
    }

    SiteRegistry sites() {
        return sites;
    }

    /**
     * The kernel check the JFR events judge by: the last one made (a report's, the one after a clocksource change),
     * unless the clock path, the timings or the check's state changed since; then a new one, kept as the last. A
     * check may start a probe, so it is not made once a second.
     */
    KernelCheck checkForEvents() {
        ClockPath path = clockPath.current();
        Calibration timings = clockTiming.timings(0);
        boolean measuring = kernel.available();
        EventsCheck cached = eventsCheck;
        KernelCheck last = lastCheck;
        if (cached != null && last != null && cached.path() == path && cached.timings() == timings
                && cached.measuring() == measuring) {
            return last; // ours, or a report's made since under the same conditions
        }
        KernelCheck check = kernel.check(path, timings, Clocksource.read(), notOpened(setup.whyNotRun()));
        lastCheck = check;
        eventsCheck = new EventsCheck(path, timings, measuring);
        return check;
    }

    /** The clocks' timings, if taken yet. */
    Calibration timings() {
        return clockTiming.timings(0);
    }

    PathChoice clockChoice() {
        return clockPath.choice(0, setup.whyNotRun());
    }

    /** What a kernel check was made for. */
    private record EventsCheck(ClockPath path, Calibration timings, boolean measuring) {
    }

    /**
     * Restores every rewritten class and puts the stub back on the JVM's own calls (clocks obtained from a rewritten
     * Clock.systemUTC() may outlive the session). Returns how many classes were restored.
     */
    int stop() {
        stopped = true;
        setup.abandon(); // a set-up still running must not switch the stub after this
        jfr.close(); // its last events, from the counts as the session ended
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
