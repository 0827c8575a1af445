package io.github.vdsoagent.agent;

import io.github.vdsoagent.options.ReportTarget;
import io.github.vdsoagent.options.KernelCheckMode;
import io.github.vdsoagent.options.JniCritical;
import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.count.SiteRegistry;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.instrument.ClassFilter;
import io.github.vdsoagent.instrument.ClassRewriting;
import io.github.vdsoagent.instrument.TimeCallTransformer;
import io.github.vdsoagent.instrument.TransformStats;
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
    private volatile Instant startedAt = Instant.now();
    private volatile long startNanos = System.nanoTime();
    private volatile long[] baseline;
    /** The call counts as the session ended (detach, profile end, exit), just before the kernel's last; or null. */
    private volatile long[] countsAtEnd;
    /** When those were taken; the end of the counting window. */
    private volatile long endNanos;
    /** The call counts when the kernel's counts began (its counters opened, or the last reset); null before. */
    private volatile long[] countsWhenKernelBegan;
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

    /**
     * Installs the rewriting and starts the clock setup; returns how long the rewriting of loaded classes took.
     *
     * @param atJvmStart whether the JVM is starting (premain): the start delay then counts from now (the JVM is a
     *                   few tens of ms old)
     */
    Duration start(boolean atJvmStart) {
        Duration delay = options.startDelay();
        Duration wait = remainingDelay(delay, atJvmStart);
        clockSetup = new ClockSetup(options.clock(), delay, wait, options.report() != ReportTarget.NONE,
                options.jniCritical() == JniCritical.AUTO);
        long begin = System.nanoTime();
        rewriting.install(!atJvmStart);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        // The kernel check after the rewriting: at attach its counters open at once, which costs 30 to 50 ms (the
        // native helper's loading, the kernel registering a tracepoint) that the first counted call need not wait
        // for; the kernel's counts are held against the calls counted from their opening (KernelCountsBegin).
        // Before the clock setup starts: counters that open now count everything that follows, and counters that
        // wait open once the clock setup has timed the clocks, whose system calls are the agent's.
        kernel = options.kernelCheck() == KernelCheckMode.TIMING
                ? KernelMonitor.inferredOnly(KernelMonitor.AGENT_CLOCKS)
                : KernelMonitor.start(options.tracepoints(), options.syscalls(), KernelMonitor.AGENT_CLOCKS, delay,
                        wait, new AwaitClockTiming(), new KernelCountsBegin());
        clockSetup.start(kernel);
        return took;
    }

    /**
     * How long from now the background set-up (clock path, kernel counters, control channel) waits: until the JVM is
     * {@code delay} old. At premain the JVM is a few tens of ms old, so the whole delay; at attach, what is left,
     * never less than zero.
     */
    static Duration remainingDelay(Duration delay, boolean atJvmStart) {
        if (atJvmStart || delay.isZero()) {
            return delay;
        }
        Duration left = delay.minusMillis(Math.max(0, HostFacts.uptimeMs()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Waits, bounded, until the clock setup has timed the clocks (or failed, or was abandoned). */
    private final class AwaitClockTiming implements Runnable { // a class, not a lambda: this is created at premain
        @Override
        public void run() {
            clockSetup.calibration(KernelMonitor.SETUP_WAIT_MS);
        }
    }

    /** Takes the call counts the kernel's are held against; runs on the thread that opens the counters. */
    private final class KernelCountsBegin implements Runnable { // a class, not a lambda: this may run at premain
        @Override
        public void run() {
            countsWhenKernelBegan = CallCounter.snapshot(sites.size());
        }
    }

    /** Starts counting afresh from now, as a profiling session does. */
    void reset() {
        baseline = CallCounter.snapshot(sites.size());
        startedAt = Instant.now();
        startNanos = System.nanoTime();
        kernel.reset();
    }

    /**
     * The report of this session so far, listing {@code top} call sites; waits up to {@code setupWaitMs} for the
     * clock path to be known and up to {@code calibrationWaitMs} for the clocks' timings (left out if not ready).
     */
    Report collect(long setupWaitMs, long calibrationWaitMs, int top) {
        long[] atEnd = countsAtEnd;
        long[] now = atEnd != null ? atEnd : CallCounter.snapshot(sites.size());
        long[] counts = minus(now, baseline);
        long[] kernelBegan = countsWhenKernelBegan;
        HostSection host = new HostSection(HostFacts.kernel(), HostFacts.arch(), HostFacts.jdk(), Clocksource.read(),
                clockSetup.backend(setupWaitMs), clockSetup.calibration(calibrationWaitMs));
        long durationMs = Duration.ofNanos((atEnd != null ? endNanos : System.nanoTime()) - startNanos).toMillis();
        CallSection calls = ReportBuilder.calls(sites.sites(), counts, kernelBegan == null ? null
                        : minus(now, kernelBegan), top, host.backend(), host.calibration(),
                host.clocksource(), HostFacts.pid(), HostFacts.uptimeMs(), startedAt, durationMs, transformer.stats(),
                options.toString(), kernel.check(host.calibration(), host.clocksource()));
        return new Report(host, calls);
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
     * Restores every rewritten class and puts the stub back on the JVM's own calls (clocks obtained from a rewritten
     * Clock.systemUTC() may outlive the session). Returns how many classes were restored.
     */
    int stop() {
        clockSetup.abandon(); // a setup still running must not switch the stub back on after this
        int restored = rewriting.restore();
        ClockBackend.use(ClockBackend.JVM);
        kernel.close();
        return restored;
    }

    /**
     * Ends the counting window, before a final report (detach, a profile's end, the JVM's exit): the clock setup is
     * not waited for, and if it has not switched the stub yet, it never will, and the report names the JVM's own
     * calls that every call went through. The calls are counted first, then the kernel takes its last counts (so that
     * threads still running cannot add calls the kernel's counts miss), and its counters are released while the
     * report is made. Later collects report this window.
     */
    void finish() {
        if (countsAtEnd != null) {
            return;
        }
        clockSetup.abandon();
        countsAtEnd = CallCounter.snapshot(sites.size());
        endNanos = System.nanoTime();
        kernel.takeFinalCounts();
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
