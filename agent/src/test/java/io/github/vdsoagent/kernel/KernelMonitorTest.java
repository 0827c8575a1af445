package io.github.vdsoagent.kernel;


import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.clock.ClockId;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.testing.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monitor in this JVM: probes measure the stub's path; wrong ids and a closed monitor say so. */
class KernelMonitorTest {
    private Map<TimeSyscall, Long> ids;
    private KernelMonitor monitor;

    @BeforeEach
    void counters() {
        ids = KernelCounters.idsOrSkip();
        KernelCounters.perfOrSkip(ids);
    }

    @AfterEach
    void close() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        Backends.reset();
    }

    @Test
    void theVdsoClocksShowZeroEntriesAndTheOthersAllEntries() throws Exception {
        Clocksource clocksource = Clocksource.read();
        Assumptions.assumeTrue(List.of("tsc", "kvm-clock").contains(clocksource.current()),
                "SKIPPED: clocksource " + clocksource.current() + " may have no vDSO mode");
        Backends.use(ClockBackend.VDSO);
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.ALL_CLOCKS);
        assertTrue(monitor.available(), monitor.unavailableReason());
        KernelCheck check = monitor.check(null, clocksource);
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method(), check.reason());
        for (ClockCheck clock : check.clocks()) {
            assertEquals(Verdict.Evidence.MEASURED, clock.verdict().evidence(), clock.clock().name());
            if (clock.clock().vdso() == ClockId.Vdso.NEVER) {
                assertEquals(Verdict.Path.KERNEL, clock.verdict().path(), clock.clock().name());
                assertEquals(clock.probeCalls(), clock.probeSyscalls(), clock.clock().name());
            } else {
                assertEquals(Verdict.Path.VDSO, clock.verdict().path(), clock.clock().name() + ": " + clock.verdict());
                assertEquals(0L, clock.probeSyscalls(), clock.clock().name());
                assertEquals((long) ClockProbe.FULL_BATCH, clock.probeCalls());
            }
        }
        long probeEntries = check.clocks().stream().mapToLong(ClockCheck::probeSyscalls).sum();
        long agentOwn = check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        assertTrue(agentOwn >= probeEntries, agentOwn + " < " + probeEntries);
        assertTrue(check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME) >= agentOwn,
                "the probe's thread is one of the process's threads");
    }

    @Test
    void clockSyscallIsMeasuredAsEnteringForEveryRead() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS);
        KernelCheck check = monitor.check(null, Clocksource.read());
        for (ClockCheck clock : check.clocks()) {
            assertEquals(Verdict.Path.KERNEL, clock.verdict().path(), clock.clock().name());
            assertEquals(Verdict.Evidence.MEASURED, clock.verdict().evidence());
            assertEquals((long) ClockProbe.FIRST_BATCH, clock.probeCalls());
            assertEquals(clock.probeCalls(), clock.probeSyscalls(), "exactly one system call per read");
            assertTrue(clock.verdict().why().contains("through forced system calls"), clock.verdict().why());
        }
    }

    @Test
    void processSyscallsGrowByTheCallsMadeBetweenTwoChecks() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS);
        KernelCheck first = monitor.check(null, Clocksource.read());
        int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
        }
        KernelCheck second = monitor.check(null, Clocksource.read());
        long process = second.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - first.processSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        long probe = second.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - first.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        assertEquals(3 * (ClockProbe.FIRST_BATCH + 1), probe, "the second probe: 3 clocks, 1,000 reads and a warm-up each");
        long others = process - probe - calls;
        // Everything else in the process in those milliseconds: the test JVM's own threads, which read clocks
        // through the vDSO; a few system calls at most.
        assertTrue(others >= 0 && others <= 50, "the process counted " + process + " = probe " + probe + " + ours "
                + calls + " + others " + others);
    }

    @Test
    void aResetCountsFromThenOn() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS);
        for (int i = 0; i < 30_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
        }
        monitor.reset();
        for (int i = 0; i < 1_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
        }
        KernelCheck check = monitor.check(null, Clocksource.read());
        long others = check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME) - 1_000;
        assertTrue(others >= 0 && others <= 50, "the 30,000 before the reset are not counted: " + others);
        assertEquals(3 * (ClockProbe.FIRST_BATCH + 1), check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME),
                "nor are the first probe's and the self-test's");
    }

    @Test
    void delayedCountersCountOnlyFromTheirOpening() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        AtomicInteger began = new AtomicInteger();
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS,
                Duration.ofSeconds(1), Duration.ofMillis(400), null, began::incrementAndGet);
        monitor.probeWhenReady(() -> null);
        assertTrue(monitor.waiting());
        KernelCheck waiting = monitor.check(null, Clocksource.read());
        assertFalse(waiting.available());
        assertTrue(waiting.reason().startsWith("not started yet: the counters open 1s after the JVM's start"
                + " (startdelay=1s;"), waiting.reason());
        assertNull(waiting.processSyscalls(), "not counted: null, not 0");
        assertNull(waiting.countedForMs());
        for (int i = 0; i < 20_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
        }
        assertEquals(0, began.get());

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!monitor.available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(monitor.available(), monitor.unavailableReason());
        assertEquals(1, began.get(), "the caller hears once that counting began");
        assertEquals(3, monitor.firstProbe(10_000).size(), "the first probe asked for while waiting ran");
        for (int i = 0; i < 1_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
        }
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method(), check.reason());
        long others = check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME) - 1_000;
        assertTrue(others >= 0 && others <= 50, "the 20,000 before the opening are not counted: " + others);
        assertTrue(check.countedForMs() >= 0 && check.countedForMs() < 10_000, check.countedForMs().toString());
    }

    /** What runs before delayed counters open (the agent's clock timing) is not counted: they open after it. */
    @Test
    void delayedCountersOpenOnlyOnceWhatComesBeforeThemIsDone() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        java.util.concurrent.CountDownLatch agentsOwnWork = new java.util.concurrent.CountDownLatch(1);
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS,
                Duration.ofMillis(50), Duration.ofMillis(50), () -> {
                    for (int i = 0; i < 5_000; i++) {
                        ClockBackend.readLikeStub(ClockBackend.CLOCK_MONOTONIC);
                    }
                    agentsOwnWork.countDown();
                }, null);
        monitor.probeWhenReady(() -> null);
        assertTrue(agentsOwnWork.await(10, java.util.concurrent.TimeUnit.SECONDS));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!monitor.available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(monitor.available(), monitor.unavailableReason());
        assertEquals(3, monitor.firstProbe(10_000).size());
        KernelCheck check = monitor.check(null, Clocksource.read());
        long others = check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        assertTrue(others >= 0 && others <= 50, "the 5,000 made before the opening are not counted: " + others);
    }

    @Test
    void aSessionThatEndsBeforeTheDelayNeverOpensTheCounters() throws Exception {
        AtomicInteger began = new AtomicInteger();
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS,
                Duration.ofMillis(300), Duration.ofMillis(300), null, began::incrementAndGet);
        assertTrue(delayedStartThreadAlive());
        monitor.takeFinalCounts(); // as a detach or the exit hook does
        assertFalse(monitor.waiting());
        Thread.sleep(600);
        assertFalse(delayedStartThreadAlive(), "the waiting thread ends with the JVM's exit");
        assertEquals(0, began.get());
        assertFalse(monitor.available());
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertFalse(check.available());
        assertTrue(check.reason().startsWith("the session ended before the counters were due to open, 300ms after"
                + " its start (startdelay=300ms spares"), check.reason()); // "the JVM ended" as it exits: KernelCheckIT
        assertNull(check.processSyscalls());
    }

    @Test
    void closingWhileWaitingEndsTheWait() throws Exception {
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS,
                Duration.ofSeconds(30), Duration.ofSeconds(30), null, null);
        assertTrue(delayedStartThreadAlive());
        monitor.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (delayedStartThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(delayedStartThreadAlive());
        assertEquals("the kernel check was stopped", monitor.check(null, Clocksource.read()).reason());
    }

    private static boolean delayedStartThreadAlive() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(KernelMonitor.DELAYED_START_THREAD) && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theFirstProbeWaitsForTheClockPath() throws Exception {
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS);
        monitor.probeWhenReady(() -> {
            try {
                Backends.use(ClockBackend.SYSCALL); // as the clock setup would, before the probe measures
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return null;
        });
        List<ProbeResult> first = monitor.firstProbe(10_000);
        assertEquals(3, first.size());
        for (ProbeResult result : first) {
            assertEquals(result.calls(), result.entered(), result.clock().name());
        }
    }

    @Test
    void idsGivenTheWrongWayRoundFailTheSelfTest() {
        Assumptions.assumeTrue(ids.containsKey(TimeSyscall.GETTIMEOFDAY), "SKIPPED: no gettimeofday tracepoint");
        Map<TimeSyscall, Long> swapped = new EnumMap<>(TimeSyscall.class);
        swapped.put(TimeSyscall.CLOCK_GETTIME, ids.get(TimeSyscall.GETTIMEOFDAY));
        swapped.put(TimeSyscall.GETTIMEOFDAY, ids.get(TimeSyscall.CLOCK_GETTIME));
        monitor = KernelMonitor.start(Tracepoints.of(swapped), KernelMonitor.AGENT_CLOCKS);
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertFalse(check.available());
        assertTrue(check.reason().contains("failed its self-test"), check.reason());
        assertNull(check.processSyscalls(), "counts of the wrong thing are not shown");
        assertTrue(check.clocks().stream().allMatch(c -> c.verdict().evidence() == Verdict.Evidence.INFERRED));
    }

    @Test
    void kernelcheckTimingOpensNoCountersAndSaysSo() {
        monitor = KernelMonitor.inferredOnly(KernelMonitor.AGENT_CLOCKS);
        assertFalse(monitor.available());
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertFalse(check.available());
        assertTrue(check.reason().contains("kernelcheck=timing"), check.reason());
        assertNull(check.processSyscalls());
        assertTrue(check.clocks().stream().allMatch(c -> c.verdict().evidence() == Verdict.Evidence.INFERRED));
    }

    @Test
    void anIdTheKernelDoesNotKnow() {
        monitor = KernelMonitor.start(Tracepoints.of(Map.of(TimeSyscall.CLOCK_GETTIME, 987_654L)),
                KernelMonitor.AGENT_CLOCKS);
        assertFalse(monitor.available());
        assertTrue(monitor.unavailableReason().contains("no tracepoint with id 987654"), monitor.unavailableReason());
    }

    @Test
    void aBadIdForTimeLeavesTimeUncountedAndTheRestMeasured() {
        Map<TimeSyscall, Long> badTime = new EnumMap<>(ids);
        badTime.put(TimeSyscall.TIME, 987_654L);
        monitor = KernelMonitor.start(Tracepoints.of(badTime), KernelMonitor.AGENT_CLOCKS);
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertTrue(check.available(), check.reason());
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method());
        assertNull(check.processSyscalls().get(TimeSyscall.TIME), "not counted: null, not 0");
        assertNotNull(check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME));
        Tracepoints.Entry time = check.tracepoints().get(TimeSyscall.TIME.ordinal());
        assertNull(time.id());
        assertTrue(time.reason().contains("987654"), time.reason());
    }

    @Test
    void aClosedMonitorSaysSo() {
        monitor = KernelMonitor.start(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS, KernelMonitor.AGENT_CLOCKS);
        monitor.close();
        KernelCheck check = monitor.check(null, Clocksource.read());
        assertFalse(check.available());
        assertEquals("the kernel check was stopped", check.reason());
    }
}
