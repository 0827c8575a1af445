package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The kernel check over a session's life: {@link #start} opens the process's counters (before anything else the
 * agent does, so that they count from the session's start) and the probe's thread, which checks the tracepoint ids
 * in the background; {@link #probeWhenReady} runs the first probe there once the clock path is set up;
 * {@link #check} probes again and reads the counters for each report; as the JVM exits, {@link #takeFinalCounts}
 * takes the last ones and releases the counters; {@link #close} ends it. Nothing here throws:
 * whatever fails makes the check unavailable, with the reason, and the verdicts fall back to inference.
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

    private static final Logger log = AgentLog.get(KernelMonitor.class);

    private final List<ClockId> clocks;
    private final List<Tracepoints.Entry> entries;
    private final String unavailable;
    private final ProcessCounters process;
    private final ClockProbe probe;
    private final Perf perf;
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

    private KernelMonitor(List<ClockId> clocks, List<Tracepoints.Entry> entries, String unavailable,
                          ProcessCounters process, ClockProbe probe, Perf perf) {
        this.clocks = clocks;
        this.entries = entries;
        this.unavailable = unavailable;
        this.process = process;
        this.probe = probe;
        this.perf = perf;
    }

    /**
     * Opens the counters and starts the probe's thread; never throws. Costs the caller the native helper's loading
     * if nothing loaded it before (~20 ms), the counters' opening (~10 ms, most of it the kernel registering the
     * tracepoints) and the probe thread's start; the self-test and the probes run on the probe's thread.
     *
     * @param tracepointOption ids from the {@code tracepoints=} option, by system call name (may be empty)
     * @param syscalls         the names of the system calls to count (clock_gettime among them)
     * @param clocks           the clocks to probe and report
     */
    public static KernelMonitor start(Map<String, Long> tracepointOption, Collection<String> syscalls,
                                      List<ClockId> clocks) {
        Tracepoints tracepoints;
        try {
            tracepoints = Tracepoints.resolve(tracepointOption, syscalls);
        } catch (RuntimeException e) {
            return unavailable(clocks, List.of(), "cannot read the tracepoint ids: " + e);
        }
        return start(tracepoints, clocks);
    }

    /** A check that opens no counters (kernelcheck=timing): every verdict is inferred, and the report says why. */
    public static KernelMonitor inferredOnly(List<ClockId> clocks) {
        return unavailable(clocks, List.of(), "not asked for: kernelcheck=timing infers every verdict from the clocks'"
                + " timings and the clocksource instead of counting system calls");
    }

    /** With the tracepoint ids given (tests give wrong ones on purpose). */
    static KernelMonitor start(Tracepoints tracepoints, List<ClockId> clocks) {
        List<Tracepoints.Entry> entries = tracepoints.all();
        long startNanos = System.nanoTime();
        try {
            KernelMonitor monitor = open(tracepoints, clocks);
            log.debug("kernel check set up in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
            return monitor;
        } catch (PerfException e) {
            return unavailable(clocks, entries, e.getMessage());
        } catch (Throwable e) { // a native helper that misbehaves, or anything else: the application must not notice
            log.debug("kernel check failed to start", e);
            return unavailable(clocks, entries, "cannot use perf_event_open: " + e);
        }
    }

    private static KernelMonitor open(Tracepoints tracepoints, List<ClockId> clocks) throws PerfException {
        Tracepoints.Entry clockGettime = tracepoints.get(TimeSyscall.CLOCK_GETTIME);
        if (clockGettime.id() == null) {
            return unavailable(clocks, tracepoints.all(), "no tracepoint id for clock_gettime: " + clockGettime.reason());
        }
        String denied = NativeAccess.reasonDenied();
        if (denied != null) {
            return unavailable(clocks, tracepoints.all(), "the kernel's counters need a native call: " + denied);
        }
        Perf perf = Perf.load();
        Map<TimeSyscall, Long> ids = new EnumMap<>(TimeSyscall.class);
        for (Tracepoints.Entry entry : tracepoints.all()) {
            if (entry.id() != null) {
                ids.put(entry.syscall(), entry.id());
            }
        }
        ProcessCounters process = ProcessCounters.open(perf, ids);
        List<Tracepoints.Entry> entries = withReasons(tracepoints.all(), process.dropped());
        ids.keySet().removeAll(process.dropped().keySet());
        ClockProbe probe;
        try {
            probe = ClockProbe.start(perf, ids);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
        log.info("kernel check: counting {} in {} threads (tracepoint ids from {})", ids.keySet(),
                process.threadsCovered(), clockGettime.source());
        return new KernelMonitor(clocks, entries, null, process, probe, perf);
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

    private static KernelMonitor unavailable(List<ClockId> clocks, List<Tracepoints.Entry> entries, String reason) {
        log.info("kernel check unavailable, verdicts will be inferred: {}", reason);
        return new KernelMonitor(clocks, entries, reason, null, null, null);
    }

    /** Whether the kernel's counters were opened; a failed self-test can still make a check unavailable. */
    public boolean available() {
        return unavailable == null;
    }

    /** Why the counters could not be opened; null if they were. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * Runs the first probe on the probe's thread once {@code clockPathReady} returns (it should wait, within
     * bounds, until the clock path is set up: a probe measures the path the stub takes at that moment).
     */
    public void probeWhenReady(Supplier<?> clockPathReady) {
        if (probe != null) {
            firstProbe = probe.submit(clocks, new Runnable() { // a class, not a lambda: this runs at premain
                @Override
                public void run() {
                    clockPathReady.get();
                    firstProbePath = ClockBackend.mode();
                    firstProbeNanos = System.nanoTime();
                }
            });
        }
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
        if (finalCounts == null && probe != null && !closed && jvmExiting()) {
            takeFinalCounts();
        }
        Measured measured = finalCounts != null ? finalCounts : measure(false);
        List<ClockTiming> timings = calibration == null ? List.of() : calibration.clocks();
        return KernelVerdicts.judge(clocks, measured.results, measured.probeProblem, measured.counters, currentPath(),
                clocksource, timings);
    }

    /**
     * For the JVM's exit, before its report is made: the last probe and counts, then the counters' release, which
     * the kernel takes ~40 ms to finish and the JVM's exit waits for; begun first, it overlaps the making of the
     * report. Later checks judge these counts. The caller takes its call counts just before, so that the kernel's
     * count covers every call the report attributes.
     */
    public synchronized void takeFinalCounts() {
        if (finalCounts == null && probe != null && !closed) {
            finalCounts = measure(true);
            release(false);
        }
    }

    /** A probe's results and the counters' values, not yet judged. */
    private static final class Measured {
        final List<ProbeResult> results;
        final String probeProblem;
        final KernelVerdicts.Counters counters;

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
            return Measured.unavailable(closed ? "the kernel check was stopped" : unavailable, entries);
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
                    onlyPassed(agentCounts, ready.selfTest), checked);
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
    public int threadsCovered() {
        return process == null ? 0 : process.threadsCovered();
    }

    /** Closes the counters and stops the probe's thread; later checks say the check was stopped. */
    @Override
    public synchronized void close() {
        release(true);
    }

    private void release(boolean wait) {
        if (closed) {
            return;
        }
        closed = true;
        if (perf != null) {
            CounterRelease.closeAll(perf, CounterRelease.merge(probe.stop(), process.detach()), wait);
        }
    }

    /** True once the JVM has begun to run its shutdown hooks (it then refuses new ones). */
    static boolean jvmExiting() {
        Thread unused = new Thread(() -> { }, "vdso-agent-exit-test");
        try {
            Runtime.getRuntime().addShutdownHook(unused);
            Runtime.getRuntime().removeShutdownHook(unused);
            return false;
        } catch (IllegalStateException e) {
            return true;
        } catch (SecurityException e) {
            return false;
        }
    }
}
