package io.github.vdsoagent.boot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageOwnersTest {
    /** Each test uses its own page of site ids (64 per page), far from those of other tests. */
    private static final int FIRST_SITE = 141 * CountPages.SIZE;

    @Test
    void aThreadThatKeepsCountingTakesThePageFromAnIdleOwner() throws Exception {
        int site = FIRST_SITE + 3;
        long[] before = CallCounter.snapshot(site + 2);
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread idle = new Thread(() -> {
            CallCounter.count(site); // the page's first counter, then idle but alive
            counted.countDown();
            awaitQuietly(release);
        });
        idle.start();
        counted.await();
        assertTrue(PageOwners.isOwner(idle, site));

        boolean[] ownerAfter = new boolean[1];
        Thread busy = new Thread(() -> {
            for (int i = 0; i < 3 * PageOwners.CHECK_EVERY; i++) {
                CallCounter.count(site + 1); // another site of the same page
            }
            ownerAfter[0] = PageOwners.isOwner(Thread.currentThread(), site);
        });
        busy.start();
        busy.join();
        assertTrue(ownerAfter[0], "the busy thread took the page over");
        assertFalse(PageOwners.isOwner(idle, site));

        release.countDown();
        idle.join();
        long[] after = CallCounter.snapshot(site + 2);
        assertEquals(1, after[site] - before[site]);
        assertEquals(3L * PageOwners.CHECK_EVERY, after[site + 1] - before[site + 1]);
    }

    @Test
    void countsStayExactWhileThePageChangesHands() throws Exception {
        int site = FIRST_SITE + CountPages.SIZE + 5;
        int threads = 4;
        int bursts = 200;
        int burst = 3 * PageOwners.CHECK_EVERY;
        long before = CallCounter.snapshot(site + 1)[site];
        long handoversBefore = PageOwners.handovers();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int pauseNanos = 50_000 * (t + 1); // owners pause in turn: others find them idle and take the page
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                for (int b = 0; b < bursts; b++) {
                    for (int i = 0; i < burst; i++) {
                        CallCounter.count(site);
                    }
                    LockSupport.parkNanos(pauseNanos);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals((long) threads * bursts * burst, CallCounter.snapshot(site + 1)[site] - before);
        assertTrue(PageOwners.handovers() - handoversBefore > 0, "the page changed hands while counting");
    }

    @Test
    void anEndedOwnersPageIsFreedByTheNextReport() throws Exception {
        int site = FIRST_SITE + 2 * CountPages.SIZE;
        Thread owner = new Thread(() -> CallCounter.count(site));
        owner.start();
        owner.join();
        assertFalse(PageOwners.isFree(site));
        assertEquals(1, CallCounter.snapshot(site + 1)[site]);
        assertTrue(PageOwners.isFree(site), "the report retired the owner's counts and freed its page");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
