package io.github.vdsoagent.kernel;

import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kernel's own counts of this process's time system calls, while they are open: the process's counters
 * ({@link ProcessCounters}), the probe's thread with its own ({@link ClockProbe}), and the arithmetic of what they
 * cover (since they opened, or since the last reset). Opening costs the native helper's loading if nothing loaded
 * it before (10-20 ms) and the counters' opening (10-20 ms, most of it the kernel registering the tracepoint).
 */
final class PerfCounting implements Measurement {
    private static final Logger log = AgentLog.get(PerfCounting.class);
    /** How long a check waits for its probe (normally a few milliseconds). */
    static final long PROBE_WAIT_MS = 3000;
    /** How recent the first probe must be to stand for the session's last (a clocksource can change). */
    private static final long FIRST_PROBE_FRESH_NS = 10_000_000_000L;

    private final List<ClockId> clocks;
    private final List<Tracepoints.Entry> entries;
    private final ProcessCounters process;
    private final ClockProbe probe;
    private final Perf perf;
    private long countingSinceNanos;
    private SyscallCounts processBase;
    private SyscallCounts agentBase;
    private volatile Future<List<ProbeResult>> firstProbe;
    /** The stub's path when the first probe ran, and when; see {@link #probeForEnd}. */
    private volatile ClockPath firstProbePath;
    private volatile long firstProbeNanos;

    private PerfCounting(List<ClockId> clocks, List<Tracepoints.Entry> entries, ProcessCounters process,
                         ClockProbe probe, Perf perf) {
        this.clocks = clocks;
        this.entries = entries;
        this.process = process;
        this.probe = probe;
        this.perf = perf;
        this.countingSinceNanos = System.nanoTime();
    }

    /** Opens the counters and starts the probe's thread; throws with the reason they cannot be opened. */
    static PerfCounting open(Tracepoints tracepoints, List<ClockId> clocks) throws PerfException {
        Tracepoints.Entry clockGettime = tracepoints.get(TimeSyscall.CLOCK_GETTIME);
        if (clockGettime.id() == null) {
            throw new PerfException(0, "no tracepoint id for clock_gettime: " + clockGettime.reason());
        }
        String denied = NativeAccess.reasonDenied();
        if (denied != null) {
            throw new PerfException(0, "the kernel's counters need a native call: " + denied);
        }
        Perf loaded = Perf.load();
        Map<TimeSyscall, Long> ids = new EnumMap<>(TimeSyscall.class);
        for (Tracepoints.Entry entry : tracepoints.all()) {
            if (entry.id() != null) {
                ids.put(entry.syscall(), entry.id());
            }
        }
        ProcessCounters opened = ProcessCounters.open(loaded, ids);
        List<Tracepoints.Entry> withDropped = withReasons(tracepoints.all(), opened.dropped());
        ids.keySet().removeAll(opened.dropped().keySet());
        ClockProbe started;
        try {
            started = ClockProbe.start(loaded, ids);
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
        log.info("kernel check: counting {} in {} threads (tracepoint ids from {})", ids.keySet(),
                opened.threadsCovered(), clockGettime.source());
        return new PerfCounting(clocks, withDropped, opened, started, loaded);
    }

    /** The entries with the ids the kernel or the self-test rejected replaced by the reason. */
    static List<Tracepoints.Entry> withReasons(List<Tracepoints.Entry> entries, Map<TimeSyscall, String> failed) {
        List<Tracepoints.Entry> result = new ArrayList<>();
        for (Tracepoints.Entry entry : entries) {
            String why = failed.get(entry.syscall());
            result.add(why == null || entry.id() == null ? entry
                    : new Tracepoints.Entry(entry.syscall(), null, entry.source(), why));
        }
        return result;
    }

    List<Tracepoints.Entry> entries() {
        return entries;
    }

    @Override
    public int threadsCovered() {
        return process.threadsCovered();
    }

    /** Runs the agent's own work on the probe's thread, whose counters count its system calls as the agent's. */
    @Override
    public <T> T countedAsAgents(Callable<T> work, long waitMs) throws Exception {
        try {
            return probe.run(work).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** Queues the first probe, of the path the stub reads through now (the clock set-up has run). */
    @Override
    public void probeFirst(ClockPath path) {
        firstProbe = probe.submit(clocks, path, new NoteFirstProbe(path));
    }

    /** Notes, on the probe's thread, the path and time of the first probe. A class: this may run at premain. */
    private final class NoteFirstProbe implements Runnable {
        private final ClockPath path;

        NoteFirstProbe(ClockPath path) {
            this.path = path;
        }

        @Override
        public void run() {
            firstProbePath = path;
            firstProbeNanos = System.nanoTime();
        }
    }

    /** A fresh probe (or, at the session's end, the first one if it still stands) and the counters' values. */
    @Override
    public Measured measure(boolean ending, ClockPath path) {
        ClockMode reads = path.reads();
        ClockProbe.Ready ready;
        try {
            ready = probe.ready(PROBE_WAIT_MS);
        } catch (Exception e) {
            return Measured.unavailable("the probe thread's counters failed: " + causeOf(e), entries, reads);
        }
        List<Tracepoints.Entry> checked = withReasons(entries, ready.selfTest.failed);
        if (!ready.selfTest.passed.containsKey(TimeSyscall.CLOCK_GETTIME)) {
            return Measured.unavailable(ready.selfTest.failed.get(TimeSyscall.CLOCK_GETTIME), checked, reads);
        }
        List<ProbeResult> results = List.of();
        String probeProblem = null;
        try {
            Future<List<ProbeResult>> probed = ending ? probeForEnd(path) : null;
            if (probed == null) {
                probed = probe.submit(clocks, path, NOTHING);
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
        KernelVerdicts.Counters counters;
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
        return new Measured(results, probeProblem, counters, reads);
    }

    private static final Runnable NOTHING = new Runnable() { // a class, not a lambda: this may run at exit
        @Override
        public void run() {
        }
    };

    /**
     * For the session's last check, the first probe instead of a new one (which would queue behind it and delay the
     * JVM's exit by a probe's 10-20 ms): while it is still to run or running, it probes the current path; once
     * done, if the stub still reads through the path it probed, it ran within {@link #FIRST_PROBE_FRESH_NS}, and
     * no clock it left out can be probed now. Null: probe afresh.
     */
    private Future<List<ProbeResult>> probeForEnd(ClockPath path) {
        Future<List<ProbeResult>> first = firstProbe;
        if (first == null) {
            return null;
        }
        if (!first.isDone()) {
            return first;
        }
        boolean samePath = firstProbePath == path;
        boolean fresh = System.nanoTime() - firstProbeNanos < FIRST_PROBE_FRESH_NS;
        return samePath && fresh && !ClockProbe.canProbeMoreNow(first) ? first : null;
    }

    /** Counts from now on: later checks report the system calls made after it. */
    @Override
    public void reset() throws Exception {
        processBase = process.read();
        agentBase = probe.ownCounts();
        countingSinceNanos = System.nanoTime();
    }

    /** Closes the counters; with {@code wait} false the kernel's slow release overlaps the JVM's exit. */
    @Override
    public void release(boolean wait) {
        CounterRelease.closeAll(perf, CounterRelease.merge(probe.stop(), process.detach()), wait);
    }

    /** The first probe's results, waiting up to {@code waitMs}; for tests. Null if none was asked for. */
    @Override
    public List<ProbeResult> firstProbe(long waitMs) throws Exception {
        Future<List<ProbeResult>> first = firstProbe;
        return first == null ? null : first.get(waitMs, TimeUnit.MILLISECONDS);
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

    static String causeOf(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
