package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.testing.Backends;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel check in this JVM: probes measure the stub's path; wrong ids and an ended check say so. */
class KernelCheckSessionTest {
    private static final String NOT_OPENED = "not opened in this test";
    private Map<TimeSyscall, Long> ids;
    private KernelCheckSession kernel;

    @BeforeEach
    void counters() {
        ids = KernelCounters.idsOrSkip();
        KernelCounters.perfOrSkip(ids);
    }

    @AfterEach
    void close() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
        Backends.reset();
    }

    private static KernelCheckSession opened(List<ClockId> clocks, Runnable countingStarted) {
        KernelCheckSession opened = KernelCheckSession.toOpen(clocks, countingStarted);
        opened.open(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS);
        return opened;
    }

    private KernelCheck check() {
        return kernel.check(ClockPath.current(), null, Clocksource.read(), NOT_OPENED);
    }

    @Test
    void theVdsoClocksShowZeroEntriesAndTheOthersAllEntries() throws Exception {
        Clocksource clocksource = Clocksource.read();
        Assumptions.assumeTrue(List.of("tsc", "kvm-clock").contains(clocksource.current()),
                "SKIPPED: clocksource " + clocksource.current() + " may have no vDSO mode");
        Backends.use(ClockBackend.VDSO);
        kernel = opened(KernelCheckSession.ALL_CLOCKS, null);
        KernelCheck check = check();
        assertTrue(kernel.available(), check.reason());
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
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        for (ClockCheck clock : check().clocks()) {
            assertEquals(Verdict.Path.KERNEL, clock.verdict().path(), clock.clock().name());
            assertEquals(Verdict.Evidence.MEASURED, clock.verdict().evidence());
            assertEquals((long) ClockProbe.FIRST_BATCH, clock.probeCalls());
            assertEquals(clock.probeCalls(), clock.probeSyscalls(), "exactly one system call per read");
            assertTrue(clock.verdict().why().contains("through forced system calls"), clock.verdict().why());
        }
    }

    /** The probe checks the path the session names, not whatever the stub happens to read through meanwhile. */
    @Test
    void theProbeChecksThePathItIsTold() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        Backends.use(ClockBackend.JVM);
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        KernelCheck told = kernel.check(ClockPath.SYSCALL, null, Clocksource.read(), NOT_OPENED);
        ClockCheck monotonic = told.clocks().stream()
                .filter(clock -> clock.clock().id() == ClockBackend.CLOCK_MONOTONIC).findFirst().orElseThrow();
        assertEquals(Verdict.Path.KERNEL, monotonic.verdict().path(), monotonic.verdict().why());
        assertEquals(monotonic.probeCalls(), monotonic.probeSyscalls(), "every read a forced system call");
        assertTrue(monotonic.verdict().why().contains("through forced system calls"), monotonic.verdict().why());
        assertEquals(ClockBackend.JVM, ClockBackend.mode(), "probing left the stub's path alone");
    }

    @Test
    void processSyscallsGrowByTheCallsMadeBetweenTwoChecks() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        KernelCheck first = check();
        int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            ClockBackend.readLikeStub(ClockBackend.SYSCALL, ClockBackend.CLOCK_MONOTONIC);
        }
        KernelCheck second = check();
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
    void aResetCountsFromThenOnAndSaysSo() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        AtomicInteger began = new AtomicInteger();
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, began::incrementAndGet);
        assertEquals(1, began.get(), "the caller hears that counting began");
        for (int i = 0; i < 30_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.SYSCALL, ClockBackend.CLOCK_MONOTONIC);
        }
        kernel.reset();
        assertEquals(2, began.get(), "and that it began again");
        for (int i = 0; i < 1_000; i++) {
            ClockBackend.readLikeStub(ClockBackend.SYSCALL, ClockBackend.CLOCK_MONOTONIC);
        }
        KernelCheck check = check();
        long others = check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME) - 1_000;
        assertTrue(others >= 0 && others <= 50, "the 30,000 before the reset are not counted: " + others);
        assertEquals(3 * (ClockProbe.FIRST_BATCH + 1), check.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME),
                "nor are the self-test's");
    }

    @Test
    void beforeItOpensTheCheckSaysWhyAndCountsNothing() {
        AtomicInteger began = new AtomicInteger();
        kernel = KernelCheckSession.toOpen(KernelCheckSession.AGENT_CLOCKS, began::incrementAndGet);
        KernelCheck waiting = kernel.check(ClockPath.current(), null, Clocksource.read(), "not set up yet: because");
        assertFalse(waiting.available());
        assertEquals("not set up yet: because", waiting.reason());
        assertNull(waiting.processSyscalls(), "not counted: null, not 0");
        assertNull(waiting.countedForMs());
        kernel.end(ClockPath.current(), "the session ended before the agent's set-up was due");
        kernel.open(Map.of(), AgentOptions.TRACEPOINT_SYSCALLS); // a stage that comes after the end does nothing
        assertFalse(kernel.available());
        assertEquals(0, began.get());
        assertEquals("the session ended before the agent's set-up was due",
                kernel.check(ClockPath.current(), null, Clocksource.read(), NOT_OPENED).reason());
    }

    /** The agent's own work run through the check is counted as the agent's, whatever its system calls. */
    @Test
    void workCountedAsTheAgentsIsTheAgents() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        KernelCheck before = check();
        kernel.countedAsAgents(() -> {
            for (int i = 0; i < 5_000; i++) {
                ClockBackend.readLikeStub(ClockBackend.SYSCALL, ClockBackend.CLOCK_MONOTONIC);
            }
            return null;
        }, 10_000);
        KernelCheck after = check();
        long process = after.processSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - before.processSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        long agent = after.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME)
                - before.agentSyscalls().get(TimeSyscall.CLOCK_GETTIME);
        assertTrue(process - agent >= 0 && process - agent <= 50, "the 5,000 are the agent's: process " + process
                + ", agent " + agent);
    }

    @Test
    void theFirstProbeMeasuresThePathItIsTold() throws Exception {
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        Backends.use(ClockBackend.SYSCALL); // as the clock path's stage would, before the probe stage
        kernel.probeFirst(ClockPath.SYSCALL);
        List<ProbeResult> first = kernel.firstProbe(10_000);
        assertEquals(3, first.size());
        for (ProbeResult result : first) {
            assertEquals(result.calls(), result.entered(), result.clock().name());
        }
    }

    @Test
    void theLastCountsAreKeptAfterTheEndAndJudgedForThePathTheSessionUsed() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        kernel.end(ClockPath.SYSCALL, NOT_OPENED);
        Backends.use(ClockBackend.JVM); // as a detach puts the stub back
        KernelCheck last = check();
        assertTrue(last.available(), last.reason());
        for (ClockCheck clock : last.clocks()) {
            assertEquals(Verdict.Evidence.MEASURED, clock.verdict().evidence(), clock.toString());
            assertEquals(Verdict.Path.KERNEL, clock.verdict().path(), "measured through forced system calls");
        }
        kernel.close();
        assertTrue(check().available(), "closing after the end keeps the last counts");
    }

    @Test
    void idsGivenTheWrongWayRoundFailTheSelfTest() {
        Assumptions.assumeTrue(ids.containsKey(TimeSyscall.GETTIMEOFDAY), "SKIPPED: no gettimeofday tracepoint");
        Map<TimeSyscall, Long> swapped = new EnumMap<>(TimeSyscall.class);
        swapped.put(TimeSyscall.CLOCK_GETTIME, ids.get(TimeSyscall.GETTIMEOFDAY));
        swapped.put(TimeSyscall.GETTIMEOFDAY, ids.get(TimeSyscall.CLOCK_GETTIME));
        kernel = KernelCheckSession.toOpen(KernelCheckSession.AGENT_CLOCKS, null);
        kernel.open(Tracepoints.of(swapped));
        KernelCheck check = check();
        assertFalse(check.available());
        assertTrue(check.reason().contains("failed its self-test"), check.reason());
        assertNull(check.processSyscalls(), "counts of the wrong thing are not shown");
        assertTrue(check.clocks().stream().allMatch(c -> c.verdict().evidence() == Verdict.Evidence.INFERRED));
    }

    @Test
    void kernelcheckTimingOpensNoCountersAndSaysSo() {
        kernel = KernelCheckSession.inferredOnly(KernelCheckSession.AGENT_CLOCKS);
        assertFalse(kernel.available());
        KernelCheck check = check();
        assertFalse(check.available());
        assertTrue(check.reason().contains("kernelcheck=timing"), check.reason());
        assertNull(check.processSyscalls());
        assertTrue(check.clocks().stream().allMatch(c -> c.verdict().evidence() == Verdict.Evidence.INFERRED));
    }

    @Test
    void anIdTheKernelDoesNotKnow() {
        kernel = KernelCheckSession.toOpen(KernelCheckSession.AGENT_CLOCKS, null);
        kernel.open(Tracepoints.of(Map.of(TimeSyscall.CLOCK_GETTIME, 987_654L)));
        assertFalse(kernel.available());
        String reason = check().reason();
        assertTrue(reason.contains("no tracepoint with id 987654"), reason);
    }

    @Test
    void aBadIdForTimeLeavesTimeUncountedAndTheRestMeasured() {
        Map<TimeSyscall, Long> badTime = new EnumMap<>(ids);
        badTime.put(TimeSyscall.TIME, 987_654L);
        kernel = KernelCheckSession.toOpen(KernelCheckSession.AGENT_CLOCKS, null);
        kernel.open(Tracepoints.of(badTime));
        KernelCheck check = check();
        assertTrue(check.available(), check.reason());
        assertEquals(KernelCheck.Method.PERF_TRACEPOINT, check.method());
        assertNull(check.processSyscalls().get(TimeSyscall.TIME), "not counted: null, not 0");
        assertNotNull(check.processSyscalls().get(TimeSyscall.CLOCK_GETTIME));
        Tracepoints.Entry time = check.tracepoints().get(TimeSyscall.TIME.ordinal());
        assertNull(time.id());
        assertTrue(time.reason().contains("987654"), time.reason());
    }

    @Test
    void aCheckClosedWithoutAnEndSaysItWasStopped() {
        kernel = opened(KernelCheckSession.AGENT_CLOCKS, null);
        kernel.close();
        KernelCheck check = check();
        assertFalse(check.available());
        assertEquals("the kernel check was stopped", check.reason());
    }
}
