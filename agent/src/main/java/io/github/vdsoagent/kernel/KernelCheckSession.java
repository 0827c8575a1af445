package io.github.vdsoagent.kernel;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockPath;
import org.slf4j.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The kernel check over a session's life, in one of four states: waiting for the set-up stage that opens it,
 * measuring (by the seccomp probe, {@link SeccompChecking}, or the kernel's counters, {@link PerfCounting}),
 * unavailable (with the reason, every verdict then inferred), or ended (its last measurement kept, what it held
 * released). Each report's {@link #check} judges a fresh
 * probe and the counts for the path the stub reads through, which the caller says. Nothing here throws: whatever
 * fails makes the check unavailable, with the reason.
 */
public final class KernelCheckSession implements AutoCloseable {
    private static final Logger log = AgentLog.get(KernelCheckSession.class);
    /** The clocks the agent's rewritten calls read. */
    public static final List<ClockId> AGENT_CLOCKS =
            List.of(ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_THREAD_CPUTIME_ID);
    /** Every clock id, for the vdso command. */
    public static final List<ClockId> ALL_CLOCKS = List.of(ClockId.values());

    /** Where the check is; see the class comment. */
    private sealed interface State permits Waiting, Measuring, Unavailable, Ended {
    }

    private record Waiting() implements State {
    }

    private record Measuring(Measurement by) implements State {
    }

    private record Unavailable(String reason, List<Tracepoints.Entry> tracepoints) implements State {
    }

    private record Ended(Measured last) implements State {
    }

    private final List<ClockId> clocks;
    /** Runs when the counts begin (the counters opened, a reset): the start of what they cover. */
    private final Runnable countingStarted;
    private State state;

    private KernelCheckSession(List<ClockId> clocks, Runnable countingStarted, State state) {
        this.clocks = clocks;
        this.countingStarted = countingStarted;
        this.state = state;
    }

    /**
     * A check whose counters the session's set-up opens ({@link #open}), as a stage of its own.
     *
     * @param countingStarted run right after the counters open (on that thread) and after each {@link #reset()};
     *                        may be null
     */
    public static KernelCheckSession toOpen(List<ClockId> clocks, Runnable countingStarted) {
        return new KernelCheckSession(clocks, countingStarted, new Waiting());
    }

    /** A check that opens no counters (kernelcheck=timing): every verdict is inferred, and the report says why. */
    public static KernelCheckSession inferredOnly(List<ClockId> clocks) {
        return new KernelCheckSession(clocks, null, new Unavailable("not asked for: kernelcheck=timing infers every"
                + " verdict from the clocks' timings and the clocksource instead of counting system calls", List.of()));
    }

    /**
     * Opens the process's counters and the probe's thread; after this the check counts or says why it cannot.
     *
     * @param tracepointOption ids from the {@code tracepoints=} option, by system call name (may be empty)
     * @param syscalls         the names of the system calls to count (clock_gettime among them)
     */
    public void open(Map<String, Long> tracepointOption, Collection<String> syscalls) {
        Tracepoints tracepoints;
        try {
            tracepoints = Tracepoints.resolve(tracepointOption, syscalls);
        } catch (RuntimeException e) {
            becomeUnavailable("cannot read the tracepoint ids: " + e, List.of());
            return;
        }
        open(tracepoints);
    }

    /** Opens the seccomp probe: after this the check measures, or says why it cannot. */
    public synchronized void openSeccomp() {
        if (!(state instanceof Waiting)) {
            return;
        }
        try {
            state = new Measuring(SeccompChecking.open(clocks));
        } catch (PerfException e) {
            becomeUnavailable(e.getMessage(), List.of());
        } catch (Throwable e) { // the application must not notice
            log.debug("the seccomp probe failed to start", e);
            becomeUnavailable("the seccomp probe failed: " + e, List.of());
        }
    }

    /** With the tracepoint ids given (tests give wrong ones on purpose). */
    synchronized void open(Tracepoints tracepoints) {
        if (!(state instanceof Waiting)) {
            return;
        }
        try {
            state = new Measuring(PerfCounting.open(tracepoints, clocks));
        } catch (PerfException e) {
            becomeUnavailable(e.getMessage(), tracepoints.all());
            return;
        } catch (Throwable e) { // a native helper that misbehaves, or anything else: the application must not notice
            log.debug("kernel check failed to start", e);
            becomeUnavailable("cannot use perf_event_open: " + e, tracepoints.all());
            return;
        }
        countingStartedNow();
    }

    private void becomeUnavailable(String reason, List<Tracepoints.Entry> tracepoints) {
        log.info("kernel check unavailable, verdicts will be inferred: {}", reason);
        state = new Unavailable(reason, tracepoints);
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

    /**
     * Runs the agent's own work that makes time system calls (the clock path's set-up, the clocks' timing) where the
     * kernel's counts hold it as the agent's: on the probe's thread while the counters are open, else here. Waits
     * at most {@code waitMs} for it there; null if it did not finish in time.
     */
    public <T> T countedAsAgents(Callable<T> work, long waitMs) throws Exception {
        Measurement perf = counting();
        return perf == null ? work.call() : perf.countedAsAgents(work, waitMs);
    }

    /** Queues the first probe, of the path the stub now reads through; nothing if the counters are not open. */
    public void probeFirst(ClockPath path) {
        Measurement perf = counting();
        if (perf != null) {
            perf.probeFirst(path);
        }
    }

    private synchronized Measurement counting() {
        return state instanceof Measuring ? ((Measuring) state).by() : null;
    }

    /**
     * A fresh probe and the counters' values, judged into the report's section; after {@link #end}, what it kept.
     * Waits up to a few seconds for the probe (normally milliseconds). Clocks without a measurement are judged
     * for the path the probe measured.
     *
     * @param path        the path the stub reads through now
     * @param calibration the clocks' timings, or null when not measured
     * @param notOpened   why the counters are not open, while the check still waits for its stage
     */
    public synchronized KernelCheck check(ClockPath path, Calibration calibration, Clocksource clocksource,
                                          String notOpened) {
        Measured measured = state instanceof Ended ? ((Ended) state).last() : measure(false, path, notOpened);
        List<ClockTiming> timings = calibration == null ? List.of() : calibration.clocks();
        return KernelVerdicts.judge(clocks, measured.results(), measured.probeProblem(), measured.counters(),
                measured.path(), clocksource, timings).withOthersNotUsed(othersNotUsed(measured));
    }

    /** What the report says of the methods not used, when one measured. */
    private static String othersNotUsed(Measured measured) {
        KernelCheck.Method method = measured.counters().method;
        if (method == KernelCheck.Method.SECCOMP) {
            return "the kernel's counters were not asked for: kernelcheck=perf counts every time system call of the"
                    + " process, native code's too, and slows each of its system calls while they count"
                    + " (docs/kernel-check.md)";
        }
        if (method == KernelCheck.Method.PERF_TRACEPOINT) {
            return "the seccomp probe was not asked for: kernelcheck=perf chose the kernel's counters";
        }
        return null;
    }

    private Measured measure(boolean ending, ClockPath path, String notOpened) {
        if (state instanceof Measuring) {
            return ((Measuring) state).by().measure(ending, path);
        }
        if (state instanceof Unavailable) {
            Unavailable unavailable = (Unavailable) state;
            return Measured.unavailable(unavailable.reason(), unavailable.tracepoints(), path.reads());
        }
        return Measured.unavailable(notOpened, List.of(), path.reads());
    }

    /**
     * Ends the check as its session ends (a detach, a profile's end, the JVM's exit): the last probe and counts, then
     * the counters' release, which the kernel takes ~40 ms to finish and a JVM's exit waits for; begun here, it
     * overlaps the making of the report. Later checks judge these counts. The caller takes its call counts just
     * before, so that the kernel's counts cover every call the report attributes.
     *
     * @param notOpened why the counters never opened, if the check still waits for its stage
     */
    public synchronized void end(ClockPath path, String notOpened) {
        if (state instanceof Ended) {
            return;
        }
        Measured last = measure(true, path, notOpened);
        if (state instanceof Measuring) {
            ((Measuring) state).by().release(false);
        }
        state = new Ended(last);
    }

    /** Counts from now on, as a profiling session's reset does for the calls. Never throws. */
    public synchronized void reset() {
        if (!(state instanceof Measuring)) {
            return;
        }
        try {
            ((Measuring) state).by().reset();
            countingStartedNow();
        } catch (Exception e) {
            log.debug("kernel check: cannot read the counters to reset them", e);
        }
    }

    /** Whether the check measures (the seccomp probe, or the kernel's counters). */
    public synchronized boolean available() {
        return state instanceof Measuring;
    }

    /** How many threads got counters of their own at the start; 0 when not counting. */
    public synchronized int threadsCovered() {
        return state instanceof Measuring ? ((Measuring) state).by().threadsCovered() : 0;
    }

    /** The first probe's results, waiting up to {@code waitMs}; for tests. Null if none was asked for. */
    List<ProbeResult> firstProbe(long waitMs) throws Exception {
        Measurement perf = counting();
        return perf == null ? null : perf.firstProbe(waitMs);
    }

    /** Closes the counters, waiting for their release, if a session's end did not already. */
    @Override
    public synchronized void close() {
        if (state instanceof Measuring) {
            ((Measuring) state).by().release(true);
            state = new Ended(Measured.unavailable("the kernel check was stopped", List.of(), ClockPath.JVM.reads()));
        }
    }
}
