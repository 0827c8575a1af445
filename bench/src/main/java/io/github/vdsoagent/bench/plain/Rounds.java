package io.github.vdsoagent.bench.plain;

import io.github.vdsoagent.bench.calls.AgentProbe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The rounds of one run: warm-up rounds until both the least warm-up time has passed and the agent (if any) reads
 * through the path asked for ({@code -Dbench.agent}), then the measured rounds. Each round is timed in wall time and
 * in the CPU time of the threads that made the calls: the CPU time leaves out what a busy host takes from them while
 * they wait for a core. Prints the run's one line: the best and the median round of each in ns per call, and when
 * measuring began and ended in JVM uptime, so that a compilation log can be split into warm-up, measurement and what
 * came after.
 */
final class Rounds {
    /** A run whose agent has not switched its clock path by then has failed (JDK 24+ without native access?). */
    private static final long GIVE_UP_NS = 30_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String caseName;
    private final Settings settings;
    private final long[] wall;
    private final long[] cpu;
    private int count;
    private int warmupRounds;
    private long warmedNs;
    private long measureFromMs = -1;
    private long measureToMs = -1;
    private String backend;
    private long wallStart;
    private long cpuStart;

    Rounds(String caseName, Settings settings) {
        this.caseName = caseName;
        this.settings = settings;
        this.wall = new long[settings.rounds()];
        this.cpu = new long[settings.rounds()];
    }

    /** The calling thread's CPU time in ns: a rewritten call under the agent, like the rounds' wall-clock reads. */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Starts a round run on the calling thread. */
    void begin() {
        wallStart = System.nanoTime();
        cpuStart = threadCpuNanos();
    }

    /** Ends the round {@link #begin} started; whether another round is due. */
    boolean end() {
        long cpuNs = threadCpuNanos() - cpuStart;
        return next(System.nanoTime() - wallStart, cpuNs);
    }

    /**
     * Records a round of {@code calls()} calls (per thread) that took {@code wallNs}, and {@code cpuNs} of a calling
     * thread's CPU time (on average); whether another round is due.
     */
    boolean next(long wallNs, long cpuNs) {
        if (measureFromMs < 0) {
            warmupRounds++;
            warmedNs += wallNs;
            if (warmedNs >= settings.warmupMs() * 1_000_000L && (backend = AgentProbe.readyBackend()) != null) {
                measureFromMs = ManagementFactory.getRuntimeMXBean().getUptime();
            } else if (warmedNs > GIVE_UP_NS) {
                throw new IllegalStateException("the agent's clock path was not switched after " + warmedNs / 1_000_000
                        + " ms");
            }
            return true;
        }
        wall[count] = wallNs;
        cpu[count] = cpuNs;
        if (++count < wall.length) {
            return true;
        }
        measureToMs = ManagementFactory.getRuntimeMXBean().getUptime();
        return false;
    }

    long calls() {
        return settings.calls();
    }

    Api api() {
        return settings.api();
    }

    /**
     * Prints the run's line on stdout; {@code sink} keeps the calls' results alive. The CPU figures are "-" where
     * the JDK has no CPU time for the calling threads (virtual threads: -1).
     */
    void report(long sink) {
        long[] wallSorted = sorted(wall);
        long[] cpuSorted = sorted(cpu);
        System.out.println(String.format(Locale.ROOT,
                "plain case=%s api=%s agent=%s backend=%s jdk=%s rounds=%d calls=%d best_ns=%s median_ns=%s"
                        + " best_cpu_ns=%s median_cpu_ns=%s warmup_rounds=%d measure_from_ms=%d measure_to_ms=%d"
                        + " sink=%d",
                caseName, settings.api().label, System.getProperty("bench.agent", "none"), backend,
                System.getProperty("java.version"), wall.length, settings.calls(), perCall(wallSorted[0]),
                perCall(wallSorted[wall.length / 2]), perCall(cpuSorted[0]), perCall(cpuSorted[cpu.length / 2]),
                warmupRounds, measureFromMs, measureToMs, sink & 1));
    }

    /** For a case that cannot run on this JVM: a line that says so instead of figures. */
    static void skipped(String caseName, Settings settings, String why) {
        System.out.println("plain case=" + caseName + " api=" + settings.api().label + " agent="
                + System.getProperty("bench.agent", "none") + " jdk=" + System.getProperty("java.version")
                + " skipped=" + why);
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private String perCall(long roundNs) {
        return roundNs < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) roundNs / settings.calls());
    }
}
