package io.github.vdsoagent.vdso;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** This process's vDSO: the resolver's answer, worked out once per JVM whichever thread asks first. */
class ThisProcessVdsoTest {

    @Test
    void itIsTheImageTheResolverFinds() throws Exception {
        Vdso forReports = ThisProcessVdso.get();
        Vdso fresh = VdsoResolver.resolve();
        assertEquals(fresh.base(), forReports.base());
        assertEquals(fresh.clockGettimeAddress(), forReports.clockGettimeAddress());
        assertArrayEquals(fresh.imageBytes(), forReports.imageBytes());
    }

    @Test
    void threadsThatAskTogetherAllGetTheOneResolution() throws Exception {
        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        Vdso[] seen = new Vdso[threads];
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int slot = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    if (slot % 2 == 0) {
                        ThisProcessVdso.resolveNow();
                    }
                    seen[slot] = ThisProcessVdso.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            started.add(t);
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        for (Vdso vdso : seen) {
            assertSame(ThisProcessVdso.get(), vdso);
        }
    }
}
