package io.github.vdsoagent.demo;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the API loops on worker threads, either a fixed number of calls per API split across the threads, or in
 * rounds until a deadline. Every thread runs every API, in catalogue order.
 */
final class Runner {
    /**
     * Calls per API per round with --run-for: enough that the stopwatch reads between loops do not matter, few
     * enough that a round (about 10 ms with all APIs, most of it the slow user-time read) stops near the deadline.
     */
    static final long ROUND_CALLS = 1000;

    private Runner() {
    }

    /** The calls thread {@code index} of {@code threads} makes: an even split, the remainder one each to the first. */
    static long share(long total, int threads, int index) {
        return total / threads + (index < total % threads ? 1 : 0);
    }

    /** Calls each API exactly {@code iterations} times in total across {@code threads} threads. */
    static RunResult runCounted(List<? extends ApiLoop> apis, long iterations, int threads)
            throws InterruptedException {
        return run(apis, threads, iterations, 0);
    }

    /** Calls all APIs in rounds of {@link #ROUND_CALLS} on each thread until {@code nanos} have passed. */
    static RunResult runTimed(List<? extends ApiLoop> apis, long nanos, int threads) throws InterruptedException {
        return run(apis, threads, -1, nanos);
    }

    /** {@code iterations} is -1 for a timed run. */
    private static RunResult run(List<? extends ApiLoop> apis, int threads, long iterations, long runForNanos)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        Worker[] workers = new Worker[threads];
        Thread[] started = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(apis, go, iterations < 0 ? -1 : share(iterations, threads, t));
            started[t] = new Thread(workers[t], "demo-worker-" + (t + 1));
            started[t].start();
        }
        // Released together, so that --threads 2 runs the two halves side by side.
        Stopwatch wall = new Stopwatch();
        long start = wall.read();
        for (Worker worker : workers) {
            worker.deadline = start + runForNanos;
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        long wallNanos = wall.read() - start;

        long[] calls = new long[apis.size()];
        long[] nanos = new long[apis.size()];
        long checksum = 0;
        long stopwatchReads = wall.reads();
        for (Worker worker : workers) {
            if (worker.failure != null) {
                throw new IllegalStateException("a worker thread failed: " + worker.failure, worker.failure);
            }
            for (int i = 0; i < calls.length; i++) {
                calls[i] += worker.calls[i];
                nanos[i] += worker.nanos[i];
            }
            checksum += worker.checksum;
            stopwatchReads += worker.stopwatch.reads();
        }
        return new RunResult(apis, calls, nanos, checksum, wallNanos, stopwatchReads);
    }

    private static final class Worker implements Runnable {
        private final List<? extends ApiLoop> apis;
        private final CountDownLatch go;
        /** Calls per API for this thread, or -1 to run rounds until the deadline. */
        private final long share;
        private final Stopwatch stopwatch = new Stopwatch();
        /** Set before {@code go} opens; the latch makes it visible here. */
        long deadline;

        final long[] calls;
        final long[] nanos;
        long checksum;
        Throwable failure;

        Worker(List<? extends ApiLoop> apis, CountDownLatch go, long share) {
            this.apis = apis;
            this.go = go;
            this.share = share;
            this.calls = new long[apis.size()];
            this.nanos = new long[apis.size()];
        }

        @Override
        public void run() {
            try {
                go.await();
                ThreadClocks clocks = new ThreadClocks();
                long now = stopwatch.read();
                if (share >= 0) {
                    round(clocks, share, now);
                } else {
                    // At least one round, so even a very short run calls every API.
                    do {
                        now = round(clocks, ROUND_CALLS, now);
                    } while (now - deadline < 0);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        /** Runs each API's loop once; each loop's end reading is the next one's start, one read per loop. */
        private long round(ThreadClocks clocks, long times, long start) {
            long now = start;
            for (int i = 0; i < apis.size(); i++) {
                checksum += apis.get(i).run(clocks, times);
                long end = stopwatch.read();
                nanos[i] += end - now;
                calls[i] += times;
                now = end;
            }
            return now;
        }
    }
}
