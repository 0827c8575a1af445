package io.github.vdsoagent.bench.apps;

import io.github.vdsoagent.bench.calls.AgentProbe;

import java.util.concurrent.CountDownLatch;

/**
 * The correctness half of the two-thread benchmark, untimed: THREADS threads hammer one call site
 * ({@link #hammer}'s nanoTime) CALLS times each. Run under the agent with a JSON report; the runner checks that
 * the report counts exactly THREADS * CALLS at that site.
 *
 * <p>Usage: {@code CountCheck THREADS CALLS}
 */
public final class CountCheck {
    private CountCheck() {
    }

    /** One call site, run {@code calls} times. */
    static long hammer(int calls) {
        long sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += System.nanoTime();
        }
        return sink;
    }

    public static void main(String[] args) throws InterruptedException {
        AgentProbe.awaitBackend(); // count on the path asked for, not on the JVM's calls the agent starts with
        int threads = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        CountDownLatch start = new CountDownLatch(1);
        long[] sinks = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sinks[index] = hammer(calls);
            }, "hammer-" + t);
            workers[t].start();
        }
        start.countDown();
        long sink = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            sink ^= sinks[t];
        }
        System.out.println("CountCheck: " + threads + " threads x " + calls + " calls done (" + (sink & 1) + ")");
    }
}
