package io.github.vdsoagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunnerTest {

    /** Counts its own body's invocations, so the test does not take the runner's word for them. */
    private static final class CountingLoop implements ApiLoop {
        final AtomicLong invocations = new AtomicLong();

        @Override
        public String apiName() {
            return "counting";
        }

        @Override
        public boolean alwaysEntersKernel() {
            return false;
        }

        @Override
        public long run(ThreadClocks clocks, long times) {
            for (long i = 0; i < times; i++) {
                invocations.incrementAndGet();
            }
            return times;
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,4", "7,3", "10,10", "1000000,3", "999999999999,7", "5,1024", "1024,1024", "1025,1024"})
    void theThreadSharesSumToExactlyNAndDifferByAtMostOne(long total, int threads) {
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int t = 0; t < threads; t++) {
            long share = Runner.share(total, threads, t);
            sum += share;
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        assertEquals(total, sum);
        assertTrue(max - min <= 1, min + ".." + max);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,3", "7,3", "100,4", "1001,8"})
    void eachApiBodyRunsExactlyNTimes(long iterations, int threads) throws Exception {
        List<CountingLoop> loops = List.of(new CountingLoop(), new CountingLoop(), new CountingLoop());
        RunResult result = Runner.runCounted(loops, iterations, threads);
        for (int i = 0; i < loops.size(); i++) {
            assertEquals(iterations, loops.get(i).invocations.get());
            assertEquals(iterations, result.calls[i]);
        }
    }

    @Test
    void everyRealApiRunsAndIsReportedNTimes() throws Exception {
        List<TimeApi> apis = List.of(TimeApi.values());
        RunResult result = Runner.runCounted(apis, 7, 3);
        assertSame(apis, result.apis);
        for (int i = 0; i < apis.size(); i++) {
            assertEquals(7, result.calls[i], apis.get(i).apiName());
        }
    }

    @Test
    void aTimedRunCallsEveryApiInWholeRoundsAndReportsWhatItCalled() throws Exception {
        List<CountingLoop> loops = List.of(new CountingLoop(), new CountingLoop());
        int threads = 2;
        RunResult result = Runner.runTimed(loops, 1_000_000L, threads);
        long first = loops.get(0).invocations.get();
        assertTrue(first >= threads * Runner.ROUND_CALLS, "at least one round per thread: " + first);
        assertEquals(0, first % Runner.ROUND_CALLS);
        for (int i = 0; i < loops.size(); i++) {
            assertEquals(first, loops.get(i).invocations.get());
            assertEquals(first, result.calls[i]);
        }
    }

    @Test
    void aFailingApiFailsTheRun() {
        ApiLoop failing = new ApiLoop() {
            @Override
            public String apiName() {
                return "failing";
            }

            @Override
            public boolean alwaysEntersKernel() {
                return false;
            }

            @Override
            public long run(ThreadClocks clocks, long times) {
                throw new UnsupportedOperationException("no clock here");
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Runner.runCounted(List.of(failing), 3, 2));
        assertTrue(e.getCause() instanceof UnsupportedOperationException);
    }

    @Test
    void eachThreadObtainsItsClocksOnce() {
        ThreadClocks clocks = new ThreadClocks();
        assertSame(clocks.utc(), clocks.utc());
        assertSame(clocks.defaultZone(), clocks.defaultZone());
        assertSame(clocks.threadBean(), clocks.threadBean());
    }
}
