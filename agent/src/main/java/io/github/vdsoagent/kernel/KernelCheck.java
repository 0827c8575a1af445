package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;

import java.util.List;

/**
 * The report's kernelCheck section: how the verdicts were reached ({@link Method}), whether the kernel's counters
 * were available and if not why, a verdict per clock, and the process's time system calls as the kernel counted
 * them. Built by {@link KernelVerdicts}; the agent adds the {@link Attribution} once its rows are known.
 */
public final class KernelCheck {
    /** How the verdicts were reached. */
    public enum Method {
        /** A seccomp filter of the probe's own told which of its reads through the vDSO entered the kernel: measured. */
        SECCOMP("seccomp"),
        /** The kernel's syscall tracepoints counted a probe's reads: measured. */
        PERF_TRACEPOINT("perf-tracepoint"),
        /** No counters: the vDSO-against-syscall timings and the clocksource's capability: inferred. */
        TIMING("timing"),
        /** Neither counters nor timings: the clock id and clocksource alone: inferred. */
        NONE("none");

        private final String word;

        Method(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private final Method method;
    private final boolean available;
    private final String reason;
    private final List<ClockCheck> clocks;
    private final SyscallCounts processSyscalls;
    private final SyscallCounts agentSyscalls;
    private final Long countedForMs;
    private final List<Tracepoints.Entry> tracepoints;
    private final Attribution attribution;
    private final String othersNotUsed;

    KernelCheck(Method method, boolean available, String reason, List<ClockCheck> clocks, SyscallCounts processSyscalls,
                SyscallCounts agentSyscalls, Long countedForMs, List<Tracepoints.Entry> tracepoints,
                Attribution attribution) {
        this(method, available, reason, clocks, processSyscalls, agentSyscalls, countedForMs, tracepoints, attribution,
                null);
    }

    private KernelCheck(Method method, boolean available, String reason, List<ClockCheck> clocks,
                        SyscallCounts processSyscalls, SyscallCounts agentSyscalls, Long countedForMs,
                        List<Tracepoints.Entry> tracepoints, Attribution attribution, String othersNotUsed) {
        this.method = method;
        this.available = available;
        this.reason = reason;
        this.clocks = List.copyOf(clocks);
        this.processSyscalls = processSyscalls;
        this.agentSyscalls = agentSyscalls;
        this.countedForMs = countedForMs;
        this.tracepoints = List.copyOf(tracepoints);
        this.attribution = attribution;
        this.othersNotUsed = othersNotUsed;
    }

    /**
     * This check with the report's attribution of kernel entries compared to the kernel's count.
     *
     * @param attributedClockGettime the clock_gettime kernel entries the report's verdicts give the calls made since
     *                               the counters' counts began
     */
    public KernelCheck withAttribution(long attributedClockGettime) {
        Long counted = processSyscalls == null ? null : processSyscalls.get(TimeSyscall.CLOCK_GETTIME);
        return new KernelCheck(method, available, reason, clocks, processSyscalls, agentSyscalls, countedForMs,
                tracepoints, new Attribution(attributedClockGettime, counted), othersNotUsed);
    }

    /** This check with a sentence on the methods not used, and why. */
    KernelCheck withOthersNotUsed(String why) {
        return new KernelCheck(method, available, reason, clocks, processSyscalls, agentSyscalls, countedForMs,
                tracepoints, attribution, why);
    }

    /** Why the other methods of measuring were not used; null when none was (every verdict inferred: see reason). */
    public String othersNotUsed() {
        return othersNotUsed;
    }

    public Method method() {
        return method;
    }

    /** Whether the kernel's counters could be used. */
    public boolean available() {
        return available;
    }

    /** Why the counters, or the probe, could not be used; null when all was measured. */
    public String reason() {
        return reason;
    }

    public List<ClockCheck> clocks() {
        return clocks;
    }

    /** The verdict for a clock, or null when this check has no line for it. */
    public Verdict verdictFor(ClockId clock) {
        for (ClockCheck check : clocks) {
            if (check.clock() == clock) {
                return check.verdict();
            }
        }
        return null;
    }

    /** Every time system call the kernel counted from the process since the check began; null when not counted. */
    public SyscallCounts processSyscalls() {
        return processSyscalls;
    }

    /**
     * How long the counts cover, in ms: since the counters opened (or the last reset) until they were read; null when
     * not counted. A session may be longer: the counters open after the {@code startdelay=}.
     */
    public Long countedForMs() {
        return countedForMs;
    }

    /** The share of {@link #processSyscalls()} the agent's probe made itself; null when not counted. */
    public SyscallCounts agentSyscalls() {
        return agentSyscalls;
    }

    /** Each time system call's tracepoint id and its source, or why it has none. */
    public List<Tracepoints.Entry> tracepoints() {
        return tracepoints;
    }

    /** Null until the agent attributes its rows (the vdso command has none). */
    public Attribution attribution() {
        return attribution;
    }
}
