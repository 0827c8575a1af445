package io.github.vdsoagent.bench.plain;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;

/**
 * Several threads that each run {@link HotMethod}'s loop at one call site, round after round, all starting a round
 * together. A round's time is the wall time until the last thread is done, per call of one thread: what a thread's
 * call costs when the others call at the same time; its CPU time is the threads' average.
 */
final class Team {
    private final ThreadFactory factory;
    private final int threads;

    Team(ThreadFactory factory, int threads) {
        this.factory = factory;
        this.threads = threads;
    }

    void run(Rounds rounds) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        long[] sinks = new long[threads];
        long[] cpuNs = new long[threads];
        boolean[] stop = new boolean[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = factory.newThread(() -> {
                while (await(barrier) && !stop[0]) {
                    long cpuStart = Rounds.threadCpuNanos();
                    sinks[index] += HotMethod.calls(rounds.api(), (int) rounds.calls());
                    cpuNs[index] = Rounds.threadCpuNanos() - cpuStart;
                    await(barrier); // publishes cpuNs to the main thread
                }
            });
            workers[t].setDaemon(true);
            workers[t].start();
        }
        long start;
        do {
            start = System.nanoTime();
            await(barrier);
            await(barrier);
        } while (rounds.next(System.nanoTime() - start, average(cpuNs)));
        stop[0] = true; // published to the workers by the barrier
        await(barrier);
        long sink = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            sink += sinks[t];
        }
        rounds.report(sink);
    }

    private static long average(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static boolean await(CyclicBarrier barrier) {
        try {
            barrier.await();
            return true;
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }
}
