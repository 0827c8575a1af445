package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.text.PlainFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict logic, apart from any counter or thread so that it can be fed made-up values: a probed clock gets
 * the measured fraction of its reads that entered the kernel (none: vdso; all: kernel; some: partial); a clock not
 * probed, because the counters are unavailable or the probe could not read it, gets {@link VerdictInference}'s
 * inferred verdict. The method says which of the two the check rests on.
 */
public final class KernelVerdicts {
    private KernelVerdicts() {
    }

    /** What the kernel's counters gave, or why they gave nothing. */
    public static final class Counters {
        final KernelCheck.Method method;
        final boolean available;
        final String reason;
        final SyscallCounts process;
        final SyscallCounts agent;
        final List<Tracepoints.Entry> tracepoints;
        final Long countedForMs;

        private Counters(KernelCheck.Method method, boolean available, String reason, SyscallCounts process,
                         SyscallCounts agent, List<Tracepoints.Entry> tracepoints, Long countedForMs) {
            this.method = method;
            this.available = available;
            this.reason = reason;
            this.process = process;
            this.agent = agent;
            this.tracepoints = tracepoints;
            this.countedForMs = countedForMs;
        }

        public static Counters unavailable(String reason, List<Tracepoints.Entry> tracepoints) {
            return new Counters(null, false, reason, null, null, tracepoints, null);
        }

        /**
         * @param agent        the probe thread's own share of {@code process}; may be null
         * @param countedForMs how long the counts cover: since the counters opened, or since the last reset
         */
        public static Counters of(SyscallCounts process, SyscallCounts agent, List<Tracepoints.Entry> tracepoints,
                                  long countedForMs) {
            return new Counters(KernelCheck.Method.PERF_TRACEPOINT, true, null, process, agent, tracepoints,
                    countedForMs);
        }

        /** The seccomp probe's: it measures clocks, and counts no system call of the process's. */
        public static Counters seccomp() {
            return new Counters(KernelCheck.Method.SECCOMP, true, null, null, null, List.of(), null);
        }
    }

    /**
     * @param probes       the probe's results, possibly empty or missing some clocks
     * @param probeProblem why the probe gave nothing though the counters were there; null if it ran
     * @param mode         the clock path the inference assumes for clocks not probed
     * @param timings      the calibration's timings (Calibration.clocks()); empty when not measured
     */
    public static KernelCheck judge(List<ClockId> clocks, List<ProbeResult> probes, String probeProblem,
                                    Counters counters, ClockMode mode, Clocksource clocksource,
                                    List<ClockTiming> timings) {
        List<ClockCheck> lines = new ArrayList<>();
        int measured = 0;
        for (ClockId clock : clocks) {
            ProbeResult probe = find(probes, clock);
            ClockTiming timing = timingOf(timings, clock);
            Verdict verdict;
            if (counters.available && probe != null && probe.probed()) {
                verdict = measured(probe);
                measured++;
            } else {
                verdict = VerdictInference.infer(clock, mode, clocksource, timing);
                if (counters.available && probe != null && !probe.probed()) {
                    verdict = Verdict.inferred(verdict.path(), "not probed (" + probe.notProbedReason() + "); "
                            + verdict.why());
                }
            }
            lines.add(new ClockCheck(clock, verdict, counters.available ? probe : null,
                    timing == null ? null : timing.vdsoNs(), timing == null ? null : timing.syscallNs()));
        }
        KernelCheck.Method method = measured > 0 ? counters.method
                : hasTiming(timings) ? KernelCheck.Method.TIMING : KernelCheck.Method.NONE;
        String reason = !counters.available ? counters.reason : measured == 0 ? probeProblem : null;
        if (counters.available && measured == 0 && reason == null) {
            reason = "no clock could be probed";
        }
        return new KernelCheck(method, counters.available, reason, lines, counters.process, counters.agent,
                counters.countedForMs, counters.tracepoints, null);
    }

    static Verdict measured(ProbeResult probe) {
        String counts = PlainFormat.grouped(probe.entered()) + " of " + PlainFormat.grouped(probe.calls())
                + " probe reads " + probe.path() + " entered the kernel";
        if (probe.entered() > 0 && probe.entered() < probe.calls()) {
            counts += ": the vDSO passes part of the reads to the kernel (a clocksource whose vDSO mode comes and"
                    + " goes, such as a pvclock without a stable TSC)";
        }
        return Verdict.measured(probe.calls(), probe.entered(), counts);
    }

    private static ProbeResult find(List<ProbeResult> probes, ClockId clock) {
        for (ProbeResult probe : probes) {
            if (probe.clock() == clock) {
                return probe;
            }
        }
        return null;
    }

    private static ClockTiming timingOf(List<ClockTiming> timings, ClockId clock) {
        for (ClockTiming timing : timings) {
            if (timing.clock() == clock) {
                return timing;
            }
        }
        return null;
    }

    static boolean hasTiming(List<ClockTiming> timings) {
        for (ClockTiming timing : timings) {
            if (timing.vdsoNs() != null && timing.syscallNs() != null) {
                return true;
            }
        }
        return false;
    }
}
