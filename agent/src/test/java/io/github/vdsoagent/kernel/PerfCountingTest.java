package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.testing.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernel's counters against calls this test makes itself: exact, per thread; and over the whole process,
 * threads that existed before the counters, threads created after them, and threads that ended before the read.
 */
class PerfCountingTest {
    private static final int N = 5_000;
    private Map<TimeSyscall, Long> ids;
    private Perf perf;

    @BeforeEach
    void counters() {
        ids = KernelCounters.idsOrSkip();
        perf = KernelCounters.perfOrSkip(ids);
    }

    @AfterEach
    void jvmPath() throws Exception {
        Backends.reset();
    }

    /** clock_gettime system calls this thread makes while {@code work} runs. */
    private long clockGettimeDuring(Runnable work) throws PerfException {
        int fd = perf.open(ids.get(TimeSyscall.CLOCK_GETTIME), 0, false);
        try {
            long before = perf.read(fd);
            work.run();
            return perf.read(fd) - before;
        } finally {
            perf.close(fd);
        }
    }

    private static void read(int clock, int times) {
        long sum = 0;
        for (int i = 0; i < times; i++) {
            sum += ClockBackend.readLikeStub(ClockBackend.mode(), clock);
        }
        if (sum == 42) {
            throw new AssertionError("keeps the reads");
        }
    }

    @Test
    void clockSyscallRaisesTheKernelCountByExactlyTheCallsMade() throws Exception {
        Backends.use(ClockBackend.SYSCALL);
        assertEquals(N, clockGettimeDuring(() -> read(ClockBackend.CLOCK_MONOTONIC, N)));
        assertEquals(N, clockGettimeDuring(() -> read(ClockBackend.CLOCK_REALTIME, N)));
    }

    @Test
    void theVdsoPathMakesNoSystemCallOnThisHost() throws Exception {
        Assumptions.assumeTrue(List.of("tsc", "kvm-clock").contains(Clocksource.read().current()),
                "SKIPPED: clocksource " + Clocksource.read().current() + " may have no vDSO mode");
        Backends.use(ClockBackend.VDSO);
        assertEquals(0, clockGettimeDuring(() -> read(ClockBackend.CLOCK_MONOTONIC, N)));
        assertEquals(0, clockGettimeDuring(() -> read(ClockBackend.CLOCK_REALTIME, N)));
        if (Runtime.version().feature() >= 22) {
            Backends.use(ClockBackend.FFM);
            assertEquals(0, clockGettimeDuring(() -> read(ClockBackend.CLOCK_MONOTONIC, N)), "FFM downcall");
            assertEquals(N, clockGettimeDuring(() -> read(ClockBackend.CLOCK_THREAD_CPUTIME_ID, N)), "FFM downcall");
        }
        Backends.reset();
        assertEquals(0, clockGettimeDuring(() -> read(ClockBackend.CLOCK_MONOTONIC, N)), "System.nanoTime()");
    }

    @Test
    void threadCpuTimeEntersTheKernelOnceForEachCallOnEveryPath() throws Exception {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        bean.getCurrentThreadCpuTime();
        assertEquals(N, clockGettimeDuring(() -> {
            for (int i = 0; i < N; i++) {
                bean.getCurrentThreadCpuTime();
            }
        }), "the JDK's own call");
        for (int mode : new int[]{ClockBackend.JVM, ClockBackend.VDSO, ClockBackend.SYSCALL}) {
            Backends.use(mode);
            assertEquals(N, clockGettimeDuring(() -> read(ClockBackend.CLOCK_THREAD_CPUTIME_ID, N)), "mode " + mode);
        }
        assertEquals(0, clockGettimeDuring(() -> {
            for (int i = 0; i < 200; i++) {
                bean.getCurrentThreadUserTime();
            }
        }), "user time is read from /proc: system calls, but no clock_gettime");
    }

    @Test
    void processCountersCoverThreadsBeforeAfterAndEnded() throws Exception {
        TimeSyscall quiet = KernelCounters.quietSyscall(perf, ids);
        CountDownLatch opened = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            await(opened);
            call(quiet, 100);
        }, "kernel-test-before");
        before.start();
        ProcessCounters counters = ProcessCounters.open(perf, ids);
        try {
            long start = counters.read().get(quiet);
            opened.countDown();
            before.join();
            Thread after = new Thread(() -> {
                call(quiet, 200);
                Thread grandchild = new Thread(() -> call(quiet, 50), "kernel-test-grandchild");
                grandchild.start();
                join(grandchild);
            }, "kernel-test-after");
            after.start();
            after.join();
            call(quiet, 10);
            assertEquals(360, counters.read().get(quiet) - start,
                    "100 from a thread older than the counters, 200 + 50 from threads younger (all ended), 10 here");
        } finally {
            counters.close();
        }
    }

    private void call(TimeSyscall syscall, int times) {
        for (int i = 0; i < times; i++) {
            perf.callDirectly(syscall);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
