package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.OwnerCheck;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.host.NativeAccess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seccomp probe in this JVM, against what is known of this host: on a clocksource with a vDSO mode (tsc,
 * kvm-clock) the wall and monotonic clocks stay in user space; CPU-time clocks always enter the kernel; and reads
 * made as direct system calls are found in the kernel whatever the clock, proof that the probe can say "kernel".
 */
class SeccompProbeTest {
    private static final List<ClockId> AGENT_CLOCKS = List.of(ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC,
            ClockId.CLOCK_THREAD_CPUTIME_ID);

    @BeforeAll
    static void claimTheStub() {
        Assumptions.assumeTrue(NativeAccess.allowed(), () -> "SKIPPED: " + NativeAccess.reasonDenied());
        OwnerCheck.claim(SeccompProbeTest.class.getClassLoader());
    }

    /** The probe's result, or the test is skipped with the reason it gave (a kernel without seccomp filters). */
    static SeccompProbeResult probeOrSkip(List<ClockId> clocks) {
        SeccompProbeResult result = SeccompProbe.probe(clocks);
        Assumptions.assumeTrue(result.available(), () -> "SKIPPED: the seccomp probe cannot run here: " + result.reason());
        return result;
    }

    private static void assertMeasured(SeccompProbeResult result, ClockId clock, Verdict.Path path) {
        SeccompReading reading = result.clock(clock);
        assertNotNull(reading, clock + " in " + result);
        assertTrue(reading.measured(), reading::toString);
        assertEquals(path, reading.verdict().path(), reading::toString);
        assertEquals(Verdict.Evidence.MEASURED, reading.verdict().evidence(), reading::toString);
        assertTrue(reading.verdict().why().startsWith("measured by seccomp"), reading::toString);
        assertEquals(1 + SeccompProbe.READS, reading.reads(), reading::toString);
    }

    @Test
    void wallAndMonotonicClocksStayInUserSpace() {
        String clocksource = Clocksource.read().current();
        Assumptions.assumeTrue(List.of("tsc", "kvm-clock").contains(clocksource),
                "SKIPPED: clocksource " + clocksource + " may have no vDSO mode");
        SeccompProbeResult result = probeOrSkip(AGENT_CLOCKS);
        assertMeasured(result, ClockId.CLOCK_REALTIME, Verdict.Path.VDSO);
        assertMeasured(result, ClockId.CLOCK_MONOTONIC, Verdict.Path.VDSO);
        for (ClockId clock : List.of(ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC)) {
            Double ns = result.clock(clock).nanosPerRead();
            assertNotNull(ns, "a read in user space is timed: " + result);
            assertTrue(ns >= 0, result::toString);
        }
        SeccompReading gettimeofday = result.function(TimeSyscall.GETTIMEOFDAY);
        assertNotNull(gettimeofday, "every vDSO this agent knows has gettimeofday: " + result);
        assertEquals(Verdict.Path.VDSO, gettimeofday.verdict().path(), gettimeofday::toString);
    }

    @Test
    void cpuTimeClocksEnterTheKernel() {
        SeccompProbeResult result = probeOrSkip(List.of(ClockId.CLOCK_THREAD_CPUTIME_ID,
                ClockId.CLOCK_PROCESS_CPUTIME_ID));
        assertMeasured(result, ClockId.CLOCK_THREAD_CPUTIME_ID, Verdict.Path.KERNEL);
        assertMeasured(result, ClockId.CLOCK_PROCESS_CPUTIME_ID, Verdict.Path.KERNEL);
        assertNull(result.clock(ClockId.CLOCK_THREAD_CPUTIME_ID).nanosPerRead(),
                "a refused system call is not a read: not timed");
        assertEquals(List.of(ClockId.CLOCK_THREAD_CPUTIME_ID, ClockId.CLOCK_PROCESS_CPUTIME_ID),
                List.of(result.clocks().get(0).clock(), result.clocks().get(1).clock()), "in the order asked");
    }

    @Test
    void directSystemCallsAreFoundInTheKernelWhateverTheClock() {
        SeccompProbeResult result = SeccompProbe.probeThroughSyscalls(AGENT_CLOCKS);
        Assumptions.assumeTrue(result.available(), () -> "SKIPPED: the seccomp probe cannot run here: " + result.reason());
        for (ClockId clock : AGENT_CLOCKS) {
            assertMeasured(result, clock, Verdict.Path.KERNEL);
            assertTrue(result.clock(clock).verdict().why().contains("direct clock_gettime system calls"),
                    result::toString);
        }
        SeccompReading gettimeofday = result.function(TimeSyscall.GETTIMEOFDAY);
        assertEquals(Verdict.Path.KERNEL, gettimeofday.verdict().path(), gettimeofday::toString);
    }

    @Test
    void duplicatesAreProbedOnceAndNoClocksIsAnEmptyProbe() {
        SeccompProbeResult twice = probeOrSkip(List.of(ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_MONOTONIC));
        assertEquals(1, twice.clocks().size(), twice::toString);
        SeccompProbeResult none = probeOrSkip(List.of());
        assertTrue(none.clocks().isEmpty(), none::toString);
        assertTrue(none.probeChildPid() > 0, none::toString);
    }

    @Test
    void aNullListIsAReasonNotAnException() {
        SeccompProbeResult result = SeccompProbe.probe(null);
        assertTrue(!result.available() && result.reason().contains("NullPointerException"), result::toString);
    }
}
