package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.vocabulary.ClockMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.vdsoagent.vocabulary.ClockId.CLOCK_MONOTONIC;
import static io.github.vdsoagent.vocabulary.ClockId.CLOCK_MONOTONIC_RAW;
import static io.github.vdsoagent.vocabulary.ClockId.CLOCK_REALTIME;
import static io.github.vdsoagent.vocabulary.ClockId.CLOCK_REALTIME_COARSE;
import static io.github.vdsoagent.vocabulary.ClockId.CLOCK_THREAD_CPUTIME_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict logic fed with counter values and timings for hosts this one is not: a clocksource without a vDSO
 * mode, a pvclock that falls back half of the time, counters unavailable with and without timings.
 */
class KernelVerdictsTest {
    private static final List<ClockId> AGENT = KernelCheckSession.AGENT_CLOCKS;
    private static final Clocksource TSC = new Clocksource("tsc", List.of("tsc", "hpet"));
    private static final Clocksource HPET = new Clocksource("hpet", List.of("hpet", "acpi_pm"));
    private static final Clocksource KVM = new Clocksource("kvm-clock", List.of("kvm-clock"));
    private static final Clocksource XEN = new Clocksource("xen", List.of("xen"));
    private static final Clocksource UNKNOWN = new Clocksource(null, List.of());
    private static final SyscallCounts PROCESS = SyscallCounts.of(12_345L, 0L, 0L);
    private static final SyscallCounts AGENT_OWN = SyscallCounts.of(1_001L, 0L, 0L);

    private static KernelVerdicts.Counters counted() {
        return KernelVerdicts.Counters.of(PROCESS, AGENT_OWN, List.of(), 2_500);
    }

    private static ProbeResult probe(ClockId clock, long calls, long entered) {
        return ProbeResult.of(clock, calls, entered, "through the vDSO");
    }

    @Test
    void aHostWithTscMeasuresTheVdsoClocksAtZeroAndThreadCpuTimeAtAll() {
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(probe(CLOCK_REALTIME, 10_000, 0),
                probe(CLOCK_MONOTONIC, 10_000, 0), probe(CLOCK_THREAD_CPUTIME_ID, 1_000, 1_000)), null, counted(),
                ClockMode.VDSO, TSC, List.of());
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method());
        assertTrue(check.available());
        assertNull(check.reason());
        assertEquals(Verdict.Path.VDSO, check.verdictFor(CLOCK_MONOTONIC).path());
        assertEquals(Verdict.Evidence.MEASURED, check.verdictFor(CLOCK_MONOTONIC).evidence());
        assertEquals(Verdict.Path.KERNEL, check.verdictFor(CLOCK_THREAD_CPUTIME_ID).path());
        assertEquals(1_000L, check.clocks().get(2).probeSyscalls());
        assertEquals(12_345L, check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME));
    }

    @Test
    void hpetHasNoVdsoModeMeasuredOrInferred() {
        KernelCheck measured = KernelVerdicts.judge(AGENT, List.of(probe(CLOCK_REALTIME, 1_000, 1_000),
                probe(CLOCK_MONOTONIC, 1_000, 1_000), probe(CLOCK_THREAD_CPUTIME_ID, 1_000, 1_000)), null, counted(),
                ClockMode.VDSO, HPET, List.of());
        assertEquals(Verdict.Path.KERNEL, measured.verdictFor(CLOCK_MONOTONIC).path());
        assertEquals(Verdict.Evidence.MEASURED, measured.verdictFor(CLOCK_MONOTONIC).evidence());

        // No counters; the timings: an hpet read costs about as much through the vDSO as through the system call.
        List<ClockTiming> hpetTimings = List.of(new ClockTiming(CLOCK_REALTIME, 640.0, 700.0),
                new ClockTiming(CLOCK_MONOTONIC, 650.0, 690.0), new ClockTiming(CLOCK_THREAD_CPUTIME_ID, 400.0, 410.0));
        KernelCheck timed = KernelVerdicts.judge(AGENT, List.of(), null,
                KernelVerdicts.Counters.unavailable("perf_event_paranoid is 3", List.of()), ClockMode.VDSO, HPET,
                hpetTimings);
        assertEquals(KernelCheck.Method.TIMING, timed.method());
        assertEquals("perf_event_paranoid is 3", timed.reason());
        assertEquals(Verdict.Path.KERNEL, timed.verdictFor(CLOCK_MONOTONIC).path());
        assertEquals(Verdict.Evidence.INFERRED, timed.verdictFor(CLOCK_MONOTONIC).evidence());
        assertEquals(640.0, timed.clocks().get(0).vdsoNs());

        // Neither counters nor timings: hpet's name alone says kernel.
        KernelCheck none = KernelVerdicts.judge(AGENT, List.of(), null,
                KernelVerdicts.Counters.unavailable("no tracepoint id", List.of()), ClockMode.VDSO, HPET, List.of());
        assertEquals(KernelCheck.Method.NONE, none.method());
        assertEquals(Verdict.Path.KERNEL, none.verdictFor(CLOCK_REALTIME).path());
        assertTrue(none.verdictFor(CLOCK_REALTIME).why().contains("hpet has no vDSO mode"),
                none.verdictFor(CLOCK_REALTIME).why());
    }

    @Test
    void aPvclockFallingBackHalfOfTheTimeIsPartialWithItsFraction() {
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(probe(CLOCK_REALTIME, 10_000, 4_987),
                probe(CLOCK_MONOTONIC, 10_000, 5_000), probe(CLOCK_THREAD_CPUTIME_ID, 1_000, 1_000)), null, counted(),
                ClockMode.VDSO, KVM, List.of());
        Verdict monotonic = check.verdictFor(CLOCK_MONOTONIC);
        assertEquals(Verdict.Path.PARTIAL, monotonic.path());
        assertEquals(Verdict.Evidence.MEASURED, monotonic.evidence());
        assertEquals(0.5, monotonic.kernelFraction());
        assertEquals(500_000, monotonic.enteredOf(1_000_000));
        assertTrue(monotonic.why().contains("5,000 of 10,000"), monotonic.why());
        assertEquals(0.4987, check.verdictFor(CLOCK_REALTIME).kernelFraction());
    }

    @Test
    void countersUnavailableButTimingsTellUserSpace() {
        List<ClockTiming> tscTimings = List.of(new ClockTiming(CLOCK_REALTIME, 23.0, 140.0),
                new ClockTiming(CLOCK_MONOTONIC, 22.5, 141.0), new ClockTiming(CLOCK_THREAD_CPUTIME_ID, 410.0, 400.0));
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(), null,
                KernelVerdicts.Counters.unavailable("no tracepoints= option", List.of()), ClockMode.VDSO, TSC, tscTimings);
        assertEquals(KernelCheck.Method.TIMING, check.method());
        assertEquals(false, check.available());
        assertNull(check.processSyscalls(), "not counted is null, never 0");
        assertEquals(Verdict.Path.VDSO, check.verdictFor(CLOCK_MONOTONIC).path());
        assertEquals(Verdict.Evidence.INFERRED, check.verdictFor(CLOCK_MONOTONIC).evidence());
        assertNull(check.clocks().get(1).probeCalls());
        assertEquals(Verdict.Path.KERNEL, check.verdictFor(CLOCK_THREAD_CPUTIME_ID).path(),
                "a CPU-time clock enters the kernel whatever the timing says");
    }

    @Test
    void aKvmClockWithoutTheStableBitIsCaughtByItsTimingThoughItsNameHasAVdsoMode() {
        List<ClockTiming> slow = List.of(new ClockTiming(CLOCK_MONOTONIC, 180.0, 170.0));
        KernelCheck check = KernelVerdicts.judge(List.of(CLOCK_MONOTONIC), List.of(), null,
                KernelVerdicts.Counters.unavailable("seccomp", List.of()), ClockMode.VDSO, KVM, slow);
        assertEquals(Verdict.Path.KERNEL, check.verdictFor(CLOCK_MONOTONIC).path());
        assertTrue(check.verdictFor(CLOCK_MONOTONIC).why().contains("falls back"), check.verdictFor(CLOCK_MONOTONIC).why());
    }

    /** A JVM timed cold (JDK 25's FFM downcall before the JIT compiled it) cannot make tsc enter the kernel. */
    @Test
    void onTscASlowTimingIsNotTakenForKernelEntries() {
        List<ClockTiming> cold = List.of(new ClockTiming(CLOCK_MONOTONIC, 113.9, 213.1),
                new ClockTiming(CLOCK_THREAD_CPUTIME_ID, 805.4, 377.8));
        KernelCheck check = KernelVerdicts.judge(List.of(CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID), List.of(), null,
                KernelVerdicts.Counters.unavailable("not started yet", List.of()), ClockMode.VDSO, TSC, cold);
        Verdict monotonic = check.verdictFor(CLOCK_MONOTONIC);
        assertEquals(Verdict.Path.VDSO, monotonic.path(), monotonic.why());
        assertEquals(Verdict.Evidence.INFERRED, monotonic.evidence());
        assertTrue(monotonic.why().startsWith("clocksource tsc, which the vDSO always reads in user space"),
                monotonic.why());
        assertEquals(Verdict.Path.KERNEL, check.verdictFor(CLOCK_THREAD_CPUTIME_ID).path());
    }

    @Test
    void nothingAtAllIsMethodNoneAndNeverClaimsASaving() {
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(), null,
                KernelVerdicts.Counters.unavailable("JNA cannot load", List.of()), ClockMode.VDSO, UNKNOWN, List.of());
        assertEquals(KernelCheck.Method.NONE, check.method());
        for (ClockCheck clock : check.clocks()) {
            assertEquals(Verdict.Path.KERNEL, clock.verdict().path(), clock.clock().name());
            assertEquals(Verdict.Evidence.INFERRED, clock.verdict().evidence());
        }
        // xen may or may not have its stable bit: without timings, no saving is claimed either.
        KernelCheck xen = KernelVerdicts.judge(List.of(CLOCK_REALTIME), List.of(), null,
                KernelVerdicts.Counters.unavailable("x", List.of()), ClockMode.VDSO, XEN, List.of());
        assertEquals(Verdict.Path.KERNEL, xen.verdictFor(CLOCK_REALTIME).path());
        // ...while the coarse clocks stay in user space on any clocksource.
        KernelCheck coarse = KernelVerdicts.judge(List.of(CLOCK_REALTIME_COARSE), List.of(), null,
                KernelVerdicts.Counters.unavailable("x", List.of()), ClockMode.VDSO, HPET, List.of());
        assertEquals(Verdict.Path.VDSO, coarse.verdictFor(CLOCK_REALTIME_COARSE).path());
    }

    @Test
    void aClockTheProbeCouldNotReadIsInferredWhileTheOthersAreMeasured() {
        KernelCheck check = KernelVerdicts.judge(List.of(CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW),
                List.of(probe(CLOCK_MONOTONIC, 10_000, 0),
                        ProbeResult.notProbed(CLOCK_MONOTONIC_RAW, "the stub reads it only through the native helper")),
                null, counted(), ClockMode.JVM, TSC, List.of());
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method());
        assertEquals(Verdict.Evidence.MEASURED, check.verdictFor(CLOCK_MONOTONIC).evidence());
        assertEquals(Verdict.Evidence.INFERRED, check.verdictFor(CLOCK_MONOTONIC_RAW).evidence());
        assertNull(check.clocks().get(1).probeCalls());
    }

    @Test
    void countersThereButNoProbeIsInferredWithTheProbesProblemAsTheReason() {
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(), "the probe did not finish within 3000 ms",
                counted(), ClockMode.SYSCALL, TSC, List.of());
        assertEquals(KernelCheck.Method.NONE, check.method());
        assertTrue(check.available());
        assertEquals("the probe did not finish within 3000 ms", check.reason());
        assertEquals(Verdict.Path.KERNEL, check.verdictFor(CLOCK_MONOTONIC).path(), "clock=syscall");
    }

    @Test
    void attributingMoreKernelEntriesThanTheKernelCountedIsFlagged() {
        KernelCheck check = KernelVerdicts.judge(AGENT, List.of(probe(CLOCK_MONOTONIC, 1_000, 1_000)), null,
                counted(), ClockMode.SYSCALL, TSC, List.of());
        Attribution fine = check.withAttribution(12_345).attribution();
        assertEquals(false, fine.exceedsKernel());
        assertNull(fine.warning());
        assertEquals(0L, fine.unattributed());

        Attribution wrong = check.withAttribution(12_346).attribution();
        assertTrue(wrong.exceedsKernel());
        assertTrue(wrong.warning().contains("12,346") && wrong.warning().contains("12,345"), wrong.warning());

        KernelCheck uncounted = KernelVerdicts.judge(AGENT, List.of(), null,
                KernelVerdicts.Counters.unavailable("x", List.of()), ClockMode.VDSO, TSC, List.of());
        assertEquals(false, uncounted.withAttribution(1_000_000).attribution().exceedsKernel(),
                "nothing counted, nothing to hold the rows against");
        assertNull(uncounted.withAttribution(1).attribution().counted());
    }
}
