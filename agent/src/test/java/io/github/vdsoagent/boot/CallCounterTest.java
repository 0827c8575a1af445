package io.github.vdsoagent.boot;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallCounterTest {
    /** Ids far from those other tests register, so that counts do not mix. */
    private static final int SITE_A = 5_000;
    private static final int SITE_B = 5_077;

    @Test
    void countsAreExactUnderContentionAndSurviveTheThreadsThatMadeThem() throws Exception {
        int threads = 8;
        int calls = 200_000;
        long[] before = CallCounter.snapshot(SITE_B + 1);
        int trackedBefore = CallCounter.trackedThreads();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < calls; i++) {
                    CallCounter.count(SITE_A);
                    if ((i & 1) == 0) {
                        CallCounter.count(SITE_B);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long[] after = CallCounter.snapshot(SITE_B + 1);
        assertEquals((long) threads * calls, after[SITE_A] - before[SITE_A]);
        assertEquals((long) threads * calls / 2, after[SITE_B] - before[SITE_B]);
        // The threads are gone: their counts were folded into the retired totals, and stay.
        long[] again = CallCounter.snapshot(SITE_B + 1);
        assertEquals(after[SITE_A], again[SITE_A]);
        assertTrue(workers.stream().noneMatch(Thread::isAlive));
        assertEquals(trackedBefore, CallCounter.trackedThreads());
    }

    @Test
    void aSnapshotSeesCountsOfThreadsStillRunning() throws Exception {
        int site = 6_001;
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long before = CallCounter.snapshot(site + 1)[site];
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                CallCounter.count(site);
            }
            counted.countDown();
            awaitQuietly(release);
        });
        worker.start();
        counted.await();
        assertEquals(1000, CallCounter.snapshot(site + 1)[site] - before);
        release.countDown();
        worker.join();
    }

    @Test
    void threadsWhoseIdsShareASlotKeepExactCounts() throws Exception {
        int site = 6_101;
        int calls = 1_000_000;
        CountDownLatch firstCounted = new CountDownLatch(1);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch firstRetired = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            CallCounter.count(site); // registers first: the second thread's counts go behind these in the slot
            firstCounted.countDown();
            countMany(site, calls - 1, start);
        });
        Thread second = threadWithIdInSlotOf(first, () -> {
            countMany(site, calls, start);
            countMany(site, calls, firstRetired); // after the thread ahead of it in the slot has ended
        });
        long before = CallCounter.snapshot(site + 1)[site];
        first.start();
        firstCounted.await();
        second.start();
        start.countDown();
        first.join();
        long whileSecondRuns = CallCounter.snapshot(site + 1)[site]; // retires the first thread's counts
        firstRetired.countDown();
        second.join();
        assertTrue(whileSecondRuns - before >= calls);
        assertEquals(3L * calls, CallCounter.snapshot(site + 1)[site] - before);
    }

    @Test
    void threadsThatReportFalseIdsKeepExactCounts() throws Exception {
        int site = 6_151;
        int calls = 1_000_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(new ThreadWithFalseId(() -> countMany(site, calls, start)));
        }
        long before = CallCounter.snapshot(site + 1)[site];
        workers.forEach(Thread::start);
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(3L * calls, CallCounter.snapshot(site + 1)[site] - before);
    }

    @Test
    void virtualThreadsKeepExactCountsInTheirCarriersCounts() throws Exception {
        Method startVirtual = startVirtualThreadOrSkip();
        int site = 6_202;
        int threads = 1_000;
        int calls = 1_000;
        long before = CallCounter.snapshot(site + 1)[site];
        int trackedBefore = CallCounter.trackedThreads();
        CountDownLatch counted = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add((Thread) startVirtual.invoke(null, (Runnable) () -> {
                for (int i = 0; i < calls; i++) {
                    CallCounter.count(site);
                }
                counted.countDown();
                awaitQuietly(release);
            }));
        }
        counted.await();
        // While they all live: a thousand virtual threads are tracked as their few carriers, at most one per core.
        int added = CallCounter.trackedThreads() - trackedBefore;
        long countedWhileAlive = CallCounter.snapshot(site + 1)[site] - before;
        release.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals((long) threads * calls, countedWhileAlive);
        assertEquals((long) threads * calls, CallCounter.snapshot(site + 1)[site] - before);
        assertTrue(CarrierThread.countsOnCarriers(), "the tests' JVM exports jdk.internal.access, as the agent does");
        assertTrue(added <= Runtime.getRuntime().availableProcessors(), added + " threads tracked");
    }

    @Test
    void aVirtualThreadsCallsAreCountedOnThePlatformThreadCarryingIt() throws Exception {
        Method startVirtual = startVirtualThreadOrSkip();
        assertTrue(CarrierThread.countsOnCarriers(), "JDK 21+ names the carrier");
        Thread[] seen = new Thread[2];
        Thread virtual = (Thread) startVirtual.invoke(null, (Runnable) () -> {
            seen[0] = Thread.currentThread();
            seen[1] = CarrierThread.current();
        });
        virtual.join();

        assertTrue(CallCounter.isVirtual(seen[0]), "the thread itself is virtual");
        assertTrue(seen[1] != seen[0] && !CallCounter.isVirtual(seen[1]), "its carrier is a platform thread: " + seen[1]);
        assertEquals(Thread.currentThread(), CarrierThread.current(), "a platform thread carries itself");
    }

    /** {@code Thread.startVirtualThread} (JDK 21+), by reflection since this code compiles for 17; else skipped. */
    private static Method startVirtualThreadOrSkip() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            Assumptions.abort("virtual threads exist from JDK 21");
            throw new AssertionError(e); // not reached: abort throws
        }
    }

    /** A Thread subclass whose getId() says 7 for all: before JDK 19 it picks their slot. */
    private static final class ThreadWithFalseId extends Thread {
        ThreadWithFalseId(Runnable work) {
            super(work);
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            return 7;
        }
    }

    private static void countMany(int site, int calls, CountDownLatch after) {
        awaitQuietly(after);
        for (int i = 0; i < calls; i++) {
            CallCounter.count(site);
        }
    }

    /** Thread ids are handed out in sequence as threads are created: SLOTS ids on, the counter's table wraps. */
    @SuppressWarnings("deprecation")
    private static Thread threadWithIdInSlotOf(Thread other, Runnable work) {
        int mask = CallCounter.SLOTS - 1;
        for (int attempt = 0; attempt < 100 * CallCounter.SLOTS; attempt++) {
            Thread candidate = new Thread(work);
            if (candidate.getId() != other.getId() && (candidate.getId() & mask) == (other.getId() & mask)) {
                return candidate;
            }
        }
        throw new AssertionError("no thread id in the same slot as " + other.getId());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
