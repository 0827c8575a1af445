package io.github.vdsoagent.boot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualThreadCountsTest {
    @Test
    void stripesArePowersOfTwoAndAtLeastTwoPerProcessorUpToSixteen() {
        int stripes = VirtualThreadCounts.STRIPES;

        assertEquals(0, stripes & (stripes - 1), "a power of two: " + stripes);
        assertTrue(stripes >= Math.min(16, 2 * Runtime.getRuntime().availableProcessors()), stripes + " stripes");
        assertTrue(stripes <= 16, stripes + " stripes");
    }

    @Test
    void aReportSumsEveryStripe() {
        VirtualThreadCounts counts = new VirtualThreadCounts();
        int site = 70; // on the second page
        for (int slot = 0; slot < 3 * VirtualThreadCounts.STRIPES; slot++) {
            counts.increment(slot, site);
            counts.increment(slot, 3);
        }
        long[] totals = new long[71];

        counts.addTo(totals);

        assertEquals(3L * VirtualThreadCounts.STRIPES, totals[site]);
        assertEquals(3L * VirtualThreadCounts.STRIPES, totals[3]);
    }

    @Test
    void threadsSharingAStripeKeepExactCounts() throws Exception {
        VirtualThreadCounts counts = new VirtualThreadCounts();
        int site = 5;
        int calls = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int slot = t * VirtualThreadCounts.STRIPES; // all in stripe 0
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    counts.increment(slot, site);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long[] totals = new long[site + 1];

        counts.addTo(totals);

        assertEquals(4L * calls, totals[site]);
    }
}
