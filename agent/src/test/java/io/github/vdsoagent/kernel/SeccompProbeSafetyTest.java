package io.github.vdsoagent.kernel;

import io.github.vdsoagent.testing.ProcessState;
import io.github.vdsoagent.boot.OwnerCheck;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.host.NativeAccess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the probe must never do to the JVM it runs in: leave a filter or the no-new-privs bit on any thread of its,
 * change its resource limits, or leave a process of its own behind. After many probes every thread that was there
 * before has the NoNewPrivs and Seccomp it had, the limits are as they were (the child lowers its own core limit), no
 * probe's child is left, alive or a zombie, and the JVM still reads its own threads' CPU clocks.
 */
class SeccompProbeSafetyTest {
    private static final int PROBES = 200;

    @BeforeAll
    static void claimTheStub() {
        Assumptions.assumeTrue(NativeAccess.allowed(), () -> "SKIPPED: " + NativeAccess.reasonDenied());
        OwnerCheck.claim(SeccompProbeSafetyTest.class.getClassLoader());
    }

    @Test
    void manyProbesLeaveEveryThreadAsItWas() throws IOException {
        Map<String, String> before = ProcessState.filtersOfEveryThread();
        String limitsBefore = Files.readString(Paths.get("/proc/self/limits"));
        Set<Long> probeChildren = new HashSet<>();
        for (int i = 0; i < PROBES; i++) {
            SeccompProbeResult result = SeccompProbeTest.probeOrSkip(List.of(ClockId.CLOCK_REALTIME,
                    ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_THREAD_CPUTIME_ID));
            probeChildren.add(result.probeChildPid());
        }
        Map<String, String> after = ProcessState.filtersOfEveryThread();

        assertEquals(limitsBefore, Files.readString(Paths.get("/proc/self/limits")), "this JVM's limits");
        assertEquals(PROBES, probeChildren.size(), "each probe ran in a child process of its own");
        long self = ProcessHandle.current().pid();
        for (long pid : probeChildren) {
            assertTrue(pid > 0 && pid != self, "a process of its own: " + pid);
            assertFalse(before.containsKey(Long.toString(pid)) || after.containsKey(Long.toString(pid)),
                    "the probe's child " + pid + " is no thread of this JVM");
            assertFalse(ProcessState.isChild(pid, self), "the probe's child " + pid + " is reaped");
        }
        int compared = 0;
        for (Map.Entry<String, String> thread : before.entrySet()) {
            String now = after.get(thread.getKey());
            if (now != null) { // threads the JVM ended meanwhile are not compared
                assertEquals(thread.getValue(), now, "thread " + thread.getKey() + " before and after");
                compared++;
            }
        }
        assertTrue(compared > 0, "some threads lived through the probes: " + before + " " + after);
        String mine = ProcessState.filtersOfThisThread();
        for (Map.Entry<String, String> thread : after.entrySet()) {
            assertEquals(mine, thread.getValue(), "every thread as this one, including new ones: " + thread.getKey());
        }
    }

    @Test
    void theJvmStillReadsThreadCpuClocks() {
        for (int i = 0; i < 20; i++) {
            SeccompProbeTest.probeOrSkip(List.of(ClockId.CLOCK_THREAD_CPUTIME_ID));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isCurrentThreadCpuTimeSupported(), "SKIPPED: no thread CPU time here");
        long before = threads.getCurrentThreadCpuTime();
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += Long.hashCode(i * 31L + sum);
        }
        long after = threads.getCurrentThreadCpuTime();
        assertNotEquals(42, sum);
        assertTrue(before > 0 && after >= before, before + " then " + after);
        assertTrue(threads.getThreadCpuTime(Thread.currentThread().getId()) >= after, "by thread id too");
    }
}
