package io.github.vdsoagent.bench.apps;

import io.github.vdsoagent.bench.calls.AgentProbe;

import java.time.Instant;
import java.util.Arrays;

/**
 * The plain-loop contrast to the JMH figures: {@code currentTimeMillis()} and {@code Instant.now()} called in a
 * plain loop, each loop timed with {@code System.nanoTime()}, and the median ns per call printed, one line per API.
 * Run with and without the agent ({@code -Dbench.agent=none|vdso}); under it, the loops' sites are rewritten like
 * any application's, precise or {@code coarse=}. No harness, no blackhole: what an application's own hot loop sees.
 *
 * <p>Usage: {@code ClockLoop ROUNDS CALLS_PER_ROUND}
 */
public final class ClockLoop {
    private static final int WARM_UP_ROUNDS = 5;
    /** Keeps the JIT from proving the loops' sums useless. */
    static volatile long sink;

    private ClockLoop() {
    }

    static long millisLoop(int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += System.currentTimeMillis();
        }
        return sum;
    }

    static long instantLoop(int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += Instant.now().getNano();
        }
        return sum;
    }

    public static void main(String[] args) {
        if (!System.getProperty("bench.agent", "none").equals("none")) {
            AgentProbe.awaitBackend(); // time the path asked for, not the JVM's calls the agent starts on
        }
        int rounds = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        double[] millis = new double[rounds];
        double[] instants = new double[rounds];
        for (int r = -WARM_UP_ROUNDS; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += millisLoop(calls);
            long t1 = System.nanoTime();
            sink += instantLoop(calls);
            long t2 = System.nanoTime();
            if (r >= 0) {
                millis[r] = (t1 - t0) / (double) calls;
                instants[r] = (t2 - t1) / (double) calls;
            }
        }
        System.out.println("ClockLoop currentTimeMillis " + median(millis));
        System.out.println("ClockLoop Instant.now " + median(instants));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Math.round(sorted[sorted.length / 2] * 100) / 100.0;
    }
}
