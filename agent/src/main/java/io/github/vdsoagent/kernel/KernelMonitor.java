package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.JvmShutdown;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.options.Durations;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The kernel check over a session's life: {@link #start} opens the process's counters and the probe's thread, which
 * checks the tracepoint ids in the background, either at once or, with a delay, on a thread of its own once the JVM
 * has run that long (a JVM that ends sooner pays none of their cost: their set-up, their ~40 ns on each of its system
 * calls, and the kernel's ~40 ms to let go of them as it exits). Whatever the counters count, they count from their
 * opening: {@code countingStarted} runs right after it, so that the caller can take the call counts the kernel's
 * are compared with. {@link #probeWhenReady} runs the first probe once the clock path is set up; {@link #check}
 * probes again and reads the counters for each report; as the JVM exits, {@link #takeFinalCounts} takes the last
 * ones and releases the counters; {@link #close} ends it. Nothing here throws: whatever fails makes the check
 * unavailable, with the reason, and the verdicts fall back to inference.
 */
public final class KernelMonitor implements AutoCloseable {
    /** The clocks the agent's rewritten calls read. */
    public static final List<ClockId> AGENT_CLOCKS =
            List.of(ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_THREAD_CPUTIME_ID);
    /** Every clock id, for the vdso command. */
    public static final List<ClockId> ALL_CLOCKS = List.of(ClockId.values());
    /** How long the first probe should wait for the clock path to be set up before probing whatever is in use. */
    public static final long SETUP_WAIT_MS = 10_000;
    /** How long a report waits for its probe (normally a few milliseconds). */
    static final long PROBE_WAIT_MS = 3000;
    /** How recent the first probe must be to stand for the exit's (a clocksource can change while a JVM runs). */
    private static final long FIRST_PROBE_FRESH_NS = 10_000_000_000L;
    static final String DELAYED_START_THREAD = "vdso-agent-kernel-check-start";

    private static final Logger log = AgentLog.get(KernelMonitor.class);

    private final List<ClockId> clocks;
    /** Runs right after the counters open and after each reset: the start of what they count. */
    private final Runnable countingStarted;
    // Set when the counters open or cannot; guarded by this, except where volatile.
    private List<Tracepoints.Entry> entries;
    private String unavailable;
    private ProcessCounters process;
    private ClockProbe probe;
    private Perf perf;
    /** While the counters wait to open: what will open them, and what the report says meanwhile. */
    private DelayedStart delayed;
    private Supplier<?> firstProbeAwaits;
    /** When what the counters' counts cover began (their opening, or the last reset). */
    private long countingSinceNanos;
    private volatile Future<List<ProbeResult>> firstProbe;
    /** The stub's path when the first probe ran, and when; see {@link #probeForExit}. */
    private volatile int firstProbePath = -1;
    private volatile long firstProbeNanos;
    private boolean closed;
    /** The counts taken as the JVM exits, after which the counters are released; later checks judge these. */
    private Measured finalCounts;
    /** The counts at the last {@link #reset()}, subtracted from later ones; null before any. */
    private SyscallCounts processBase;
    private SyscallCounts agentBase;

    private KernelMonitor(List<ClockId> clocks, Runnable countingStarted) {
        this.clocks = clocks;
        this.countingStarted = countingStarted;
    }

    /** Opens the counters at once; see {@link #start(Map, Collection, List, Duration, Duration, Runnable, Runnable)}. */
    public static KernelMonitor start(Map<String, Long> tracepointOption, Collection<String> syscalls,
                                      List<ClockId> clocks) {
        return start(tracepointOption, syscalls, clocks, Duration.ZERO, Duration.ZERO, null, null);
    }

    /**
     * Opens the counters and starts the probe's thread, at once if {@code wait} is not positive, else on a daemon
     * thread once it has passed; never throws. Opening costs the thread that does it the native helper's loading if
     * nothing loaded it before (~10-20 ms), the tracepoint ids' reading and the counters' opening (~10-20 ms, most of
     * it the kernel registering the tracepoint); the self-test and the probes run on the probe's thread.
     *
     * @param tracepointOption ids from the {@code tracepoints=} option, by system call name (may be empty)
     * @param syscalls         the names of the system calls to count (clock_gettime among them)
     * @param clocks           the clocks to probe and report
     * @param delay            the {@code startdelay=} option, for the report while the counters wait
     * @param wait             how long from now they wait: the delay less the JVM's age
     * @param beforeOpening    for counters that wait: run once the wait is over, before they open (on the waiting
     *                         thread), such as awaiting work of the agent's own whose system calls they should not
     *                         count; may be null
     * @param countingStarted  run right after the counters open (on the thread that opens them) and after each
     *                         {@link #reset()}; may be null
     */
    public static KernelMonitor start(Map<String, Long> tracepointOption, Collection<String> syscalls,
                                      List<ClockId> clocks, Duration delay, Duration wait, Runnable beforeOpening,
                                      Runnable countingStarted) {
        KernelMonitor monitor = new KernelMonitor(clocks, countingStarted);
        if (wait.isNegative() || wait.isZero()) {
            synchronized (monitor) {
                monitor.openNow(tracepointOption, syscalls);
            }
            return monitor;
        }
        synchronized (monitor) {
            monitor.entries = List.of();
            monitor.delayed = new DelayedStart(monitor, tracepointOption, syscalls, delay, wait, beforeOpening);
            monitor.delayed.start();
        }
        return monitor;
    }

    /** A check that opens no counters (kernelcheck=timing): every verdict is inferred, and the report says why. */
    public static KernelMonitor inferredOnly(List<ClockId> clocks) {
        KernelMonitor monitor = new KernelMonitor(clocks, null);
        synchronized (monitor) {
            monitor.markUnavailable(List.of(), "not asked for: kernelcheck=timing infers every verdict from the"
                    + " clocks' timings and the clocksource instead of counting system calls");
        }
        return monitor;
    }

    /** With the tracepoint ids given (tests give wrong ones on purpose). */
    static KernelMonitor start(Tracepoints tracepoints, List<ClockId> clocks) {
        KernelMonitor monitor = new KernelMonitor(clocks, null);
        synchronized (monitor) {
            monitor.openNow(tracepoints);
        }
        return monitor;
    }

    /** The waiting thread: opens the counters once the delay has passed, unless the JVM exits or the check stops. */
    private static final class DelayedStart extends Thread {
        private final KernelMonitor monitor;
        private final Map<String, Long> tracepointOption;
        private final Collection<String> syscalls;
        private final Duration delay;
        private final Duration wait;
        private final Runnable beforeOpening;

        DelayedStart(KernelMonitor monitor, Map<String, Long> tracepointOption, Collection<String> syscalls,
                     Duration delay, Duration wait, Runnable beforeOpening) {
            super(DELAYED_START_THREAD);
            setDaemon(true);
            this.monitor = monitor;
            this.tracepointOption = tracepointOption;
            this.syscalls = syscalls;
            this.delay = delay;
            this.wait = wait;
            this.beforeOpening = beforeOpening;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException cancelled) {
                return;
            }
            if (beforeOpening != null) {
                beforeOpening.run();
            }
            synchronized (monitor) {
                if (monitor.delayed == this) {
                    monitor.delayed = null;
                    monitor.openNow(tracepointOption, syscalls);
                }
            }
        }

        /** While waiting: what a report says instead of verdicts. */
        String waitingReason() {
            return "not started yet: the counters open " + Durations.format(delay) + " after the JVM's start"
                    + " (startdelay=" + Durations.format(delay) + "; startdelay=0 opens them with the agent)";
        }

        /** After the session ended first: the JVM's exit, or a detach. */
        String endedReason() {
            String ended = jvmExiting() ? "the JVM ended" : "the session ended";
            return ended + " before the counters were due to open, " + Durations.format(delay) + " after its start"
                    + " (startdelay=" + Durations.format(delay) + " spares a JVM that ends sooner their cost;"
                    + " startdelay=0 opens them with the agent)";
        }
    }

    private void openNow(Map<String, Long> tracepointOption, Collection<String> syscalls) {
        Tracepoints tracepoints;
        try {
            tracepoints = Tracepoints.resolve(tracepointOption, syscalls);
        } catch (RuntimeException e) {
            markUnavailable(List.of(), "cannot read the tracepoint ids: " + e);
            return;
        }
        openNow(tracepoints);
    }

    private void openNow(Tracepoints tracepoints) {
        long startNanos = System.nanoTime();
        try {
            open(tracepoints);
            log.debug("kernel check set up in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
        } catch (PerfException e) {
            markUnavailable(tracepoints.all(), e.getMessage());
        } catch (Throwable e) { // a native helper that misbehaves, or anything else: the application must not notice
            log.debug("kernel check failed to start", e);
            markUnavailable(tracepoints.all(), "cannot use perf_event_open: " + e);
        }
    }

    private void open(Tracepoints tracepoints) throws PerfException {
        Tracepoints.Entry clockGettime = tracepoints.get(TimeSyscall.CLOCK_GETTIME);
        if (clockGettime.id() == null) {
            markUnavailable(tracepoints.all(), "no tracepoint id for clock_gettime: " + clockGettime.reason());
            return;
        }
        String denied = NativeAccess.reasonDenied();
        if (denied != null) {
            markUnavailable(tracepoints.all(), "the kernel's counters need a native call: " + denied);
            return;
        }
        Perf loaded = Perf.load();
        Map<TimeSyscall, Long> ids = new EnumMap<>(TimeSyscall.class);
        for (Tracepoints.Entry entry : tracepoints.all()) {
            if (entry.id() != null) {
                ids.put(entry.syscall(), entry.id());
            }
        }
        ProcessCounters opened = ProcessCounters.open(loaded, ids);
        countingSinceNanos = System.nanoTime();
        List<Tracepoints.Entry> withDropped = withReasons(tracepoints.all(), opened.dropped());
        ids.keySet().removeAll(opened.dropped().keySet());
        ClockProbe started;
        try {
            started = ClockProbe.start(loaded, ids);
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
        entries = withDropped;
        process = opened;
        probe = started;
        perf = loaded;
        log.info("kernel check: counting {} in {} threads (tracepoint ids from {})", ids.keySet(),
                opened.threadsCovered(), clockGettime.source());
        countingStartedNow();
        if (firstProbeAwaits != null) {
            submitFirstProbe(firstProbeAwaits);
        }
    }

    private void countingStartedNow() {
        if (countingStarted == null) {
            return;
        }
        try {
            countingStarted.run();
        } catch (RuntimeException e) {
            log.debug("kernel check: the start of counting failed to be noted", e);
        }
    }

    /** The entries with the ids the kernel or the self-test rejected replaced by the reason. */
    private static List<Tracepoints.Entry> withReasons(List<Tracepoints.Entry> entries, Map<TimeSyscall, String> failed) {
        List<Tracepoints.Entry> result = new ArrayList<>();
        for (Tracepoints.Entry entry : entries) {
            String why = failed.get(entry.syscall());
            result.add(why == null || entry.id() == null ? entry
                    : new Tracepoints.Entry(entry.syscall(), null, entry.source(), why));
        }
        return result;
    }

    private void markUnavailable(List<Tracepoints.Entry> tracepoints, String reason) {
        log.info("kernel check unavailable, verdicts will be inferred: {}", reason);
        entries = tracepoints;
        unavailable = reason;
    }

    /** Whether the kernel's counters are open; a failed self-test can still make a check unavailable. */
    public synchronized boolean available() {
        return probe != null;
    }

    /** Why the counters are not open (could not be, or not yet); null if they are. */
    public synchronized String unavailableReason() {
        return probe != null ? null : delayed != null ? delayed.waitingReason() : unavailable;
    }

    /**
     * Runs the agent's own work that makes time system calls (the clocks' timing) where the kernel's counts hold it
     * as the agent's: on the probe's thread while the counters are open, else here. Waits at most {@code waitMs}
     * for it there; null if it did not finish in time.
     */
    public <T> T countedAsAgents(Callable<T> work, long waitMs) throws Exception {
        ClockProbe counting;
        synchronized (this) {
            counting = closed ? null : probe;
        }
        if (counting == null) {
            return work.call();
        }
        try {
            return counting.run(work).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** Whether the counters are still waiting for their delay to pass. */
    public synchronized boolean waiting() {
        return delayed != null;
    }

    /**
     * Runs the first probe on the probe's thread once {@code clockPathReady} returns (it should wait, within
     * bounds, until the clock path is set up: a probe measures the path the stub takes at that moment).
     */
    public synchronized void probeWhenReady(Supplier<?> clockPathReady) {
        if (probe != null) {
            submitFirstProbe(clockPathReady);
        } else if (delayed != null) {
            firstProbeAwaits = clockPathReady;
        }
    }

    private void submitFirstProbe(Supplier<?> clockPathReady) {
        firstProbeAwaits = null;
        firstProbe = probe.submit(clocks, new Runnable() { // a class, not a lambda: this may run at premain
            @Override
            public void run() {
                clockPathReady.get();
                firstProbePath = ClockBackend.mode();
                firstProbeNanos = System.nanoTime();
            }
        });
    }

    /**
     * A fresh probe and the counters' values, judged into the report's section. Waits up to a few seconds for the
     * probe (normally milliseconds); never throws. Clocks without a measurement are judged for the path the stub
     * reads through now, which is also the path the probe measured.
     *
     * <p>The counts taken as the JVM exits ({@link #takeFinalCounts}, or the first check made then) are the last:
     * right after them the counters are released in the background (see {@link CounterRelease}: the kernel takes
     * ~40 ms per tracepoint to let go of them, better spent while the JVM shuts down than after), and every later
     * check judges those counts.
     *
     * @param calibration the timings, or null when not measured
     */
    public synchronized KernelCheck check(Calibration calibration, Clocksource clocksource) {
        if (finalCounts == null && (probe != null || delayed != null) && !closed && jvmExiting()) {
            takeFinalCounts();
        }
        Measured measured = finalCounts != null ? finalCounts : measure(false);
        List<ClockTiming> timings = calibration == null ? List.of() : calibration.clocks();
        return KernelVerdicts.judge(clocks, measured.results, measured.probeProblem, measured.counters, measured.path,
                clocksource, timings);
    }

    /**
     * For the JVM's exit, before its report is made: the last probe and counts, then the counters' release, which
     * the kernel takes ~40 ms to finish and the JVM's exit waits for; begun first, it overlaps the making of the
     * report. Later checks judge these counts. The caller takes its call counts just before, so that the kernel's
     * count covers every call the report attributes.
     */
    public synchronized void takeFinalCounts() {
        if (finalCounts != null || closed) {
            return;
        }
        if (delayed != null) {
            unavailable = delayed.endedReason();
            cancelDelayedStart();
        }
        finalCounts = measure(true);
        if (probe != null) {
            release(false);
        }
    }

    /**
     * A probe's results and the counters' values, not yet judged, and the path the stub read through then: a final
     * check is judged for the path the session used, not the JVM's own calls it is put back on at its end.
     */
    private static final class Measured {
        final List<ProbeResult> results;
        final String probeProblem;
        final KernelVerdicts.Counters counters;
        final ClockMode path = currentPath();

        Measured(List<ProbeResult> results, String probeProblem, KernelVerdicts.Counters counters) {
            this.results = results;
            this.probeProblem = probeProblem;
            this.counters = counters;
        }

        static Measured unavailable(String reason, List<Tracepoints.Entry> tracepoints) {
            return new Measured(List.of(), null, KernelVerdicts.Counters.unavailable(reason, tracepoints));
        }
    }

    private Measured measure(boolean exiting) {
        if (closed || probe == null) {
            return Measured.unavailable(closed ? "the kernel check was stopped" : unavailableReason(), entries);
        }
        ClockProbe.Ready ready;
        try {
            ready = probe.ready(PROBE_WAIT_MS);
        } catch (Exception e) {
            return Measured.unavailable("the probe thread's counters failed: " + causeOf(e), entries);
        }
        List<Tracepoints.Entry> checked = withReasons(entries, ready.selfTest.failed);
        if (!ready.selfTest.passed.containsKey(TimeSyscall.CLOCK_GETTIME)) {
            return Measured.unavailable(ready.selfTest.failed.get(TimeSyscall.CLOCK_GETTIME), checked);
        }
        List<ProbeResult> results = List.of();
        String probeProblem = null;
        KernelVerdicts.Counters counters;
        try {
            Future<List<ProbeResult>> probed = exiting ? probeForExit() : null;
            if (probed == null) {
                probed = probe.submit(clocks, () -> { });
            }
            results = probed.get(PROBE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probeProblem = "the probe did not finish within " + PROBE_WAIT_MS + " ms";
        } catch (ExecutionException e) {
            probeProblem = "the probe failed: " + causeOf(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            probeProblem = "interrupted while waiting for the probe";
        }
        if (probeProblem != null) {
            log.warn("kernel check: {}; verdicts are inferred in this report", probeProblem);
        }
        try {
            SyscallCounts processCounts = since(process.read(), processBase);
            SyscallCounts agentCounts = since(probe.ownCounts(), agentBase);
            counters = KernelVerdicts.Counters.of(onlyPassed(processCounts, ready.selfTest),
                    onlyPassed(agentCounts, ready.selfTest), checked,
                    (System.nanoTime() - countingSinceNanos) / 1_000_000);
        } catch (Exception e) {
            counters = KernelVerdicts.Counters.unavailable("reading the kernel's counters failed: " + causeOf(e),
                    checked);
        }
        return new Measured(results, probeProblem, counters);
    }

    /**
     * Counts from now on, as a profiling session's reset does for the calls: later checks report the system calls
     * made after it. Never throws; without counters there is nothing to reset.
     */
    public synchronized void reset() {
        if (closed || probe == null) {
            return;
        }
        try {
            processBase = process.read();
            agentBase = probe.ownCounts();
            countingSinceNanos = System.nanoTime();
            countingStartedNow();
        } catch (Exception e) {
            log.debug("kernel check: cannot read the counters to reset them", e);
        }
    }

    private static SyscallCounts since(SyscallCounts now, SyscallCounts base) {
        return base == null ? now : now.minus(base);
    }

    /** Counts of the system calls whose tracepoint passed the self-test; the others were counting who knows what. */
    private static SyscallCounts onlyPassed(SyscallCounts counts, TracepointSelfTest.Outcome selfTest) {
        Map<TimeSyscall, Long> kept = new EnumMap<>(TimeSyscall.class);
        for (TimeSyscall syscall : selfTest.passed.keySet()) {
            Long count = counts.get(syscall);
            if (count != null) {
                kept.put(syscall, count);
            }
        }
        return SyscallCounts.of(kept);
    }

    private static String causeOf(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static ClockMode currentPath() {
        return BackendChoice.pathOf(ClockBackend.mode());
    }

    /**
     * For the check made as the JVM exits, the first probe instead of a new one (which would queue behind it and
     * delay the exit by a probe's ~10-20 ms): while it is still to run or running, it probes the current path; once
     * done, if the stub still reads through the path it probed and it ran within {@link #FIRST_PROBE_FRESH_NS}.
     * Null: probe afresh.
     */
    private Future<List<ProbeResult>> probeForExit() {
        Future<List<ProbeResult>> first = firstProbe;
        if (first == null) {
            return null;
        }
        if (!first.isDone()) {
            return first;
        }
        boolean samePath = firstProbePath == ClockBackend.mode();
        boolean fresh = System.nanoTime() - firstProbeNanos < FIRST_PROBE_FRESH_NS;
        return samePath && fresh && !canProbeMoreNow(first) ? first : null;
    }

    /** Whether a clock the probe left out then (the JVM's CPU clock before the application used it) can be probed now. */
    private static boolean canProbeMoreNow(Future<List<ProbeResult>> done) {
        if (!ClockBackend.jvmThreadCpuBeanInUse()) {
            return false;
        }
        try {
            for (ProbeResult result : done.get()) {
                if (!result.probed()) {
                    return true;
                }
            }
            return false;
        } catch (ExecutionException failed) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The first probe's results, waiting up to {@code waitMs}; for tests. Null if none was asked for. */
    List<ProbeResult> firstProbe(long waitMs) throws Exception {
        Future<List<ProbeResult>> first = firstProbe;
        return first == null ? null : first.get(waitMs, TimeUnit.MILLISECONDS);
    }

    /** How many threads got counters of their own at the start; 0 when unavailable. */
    public synchronized int threadsCovered() {
        return process == null ? 0 : process.threadsCovered();
    }

    /** Closes the counters and stops the probe's thread; later checks say the check was stopped. */
    @Override
    public synchronized void close() {
        release(true);
    }

    private void release(boolean wait) {
        cancelDelayedStart();
        if (closed) {
            return;
        }
        closed = true;
        if (perf != null) {
            CounterRelease.closeAll(perf, CounterRelease.merge(probe.stop(), process.detach()), wait);
        }
    }

    private void cancelDelayedStart() {
        if (delayed != null) {
            delayed.interrupt();
            delayed = null;
            firstProbeAwaits = null;
        }
    }

    /** True once the JVM has begun to run its shutdown hooks (it then refuses new ones). */
    static boolean jvmExiting() {
        return JvmShutdown.underway();
    }
}
