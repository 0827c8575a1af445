package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.PathReads;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.boot.ClockBackend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * Times each clock id through the vDSO stub and through the forced system call, and the JVM's own calls beside
 * them: a median of several short rounds after a warm-up, about 30 ms in all. This is what the report's "vdsoNs"
 * and "syscallNs" are, and, where the kernel's counters are not available, the evidence that a clock stays out of
 * the kernel (a vDSO read costing a fraction of the system call) or does not. Each clock's vDSO function is also
 * timed in C, without the native call (what tells a coarse read from a precise one by a few ns), and its
 * resolution (clock_getres) asked for: for a coarse clock, its tick.
 */
public final class Calibration {
    private static final int ROUNDS = 9;
    private static final int CALLS_PER_ROUND = 200;
    private static final int WARM_UP_ROUNDS = 6;
    /** The vDSO path's warm-up lasts at least this long: the JIT compiles in the background, a call count is no guide. */
    private static final long WARM_UP_NS = 10_000_000;
    /**
     * The system call path is timed after a short warm-up only: at ~150-400 ns a call, compilation hardly shows, and
     * every call is a system call the kernel check counts in the process's total.
     */
    private static final int SYSCALL_WARM_UP_ROUNDS = 2;
    /** The vDSO function timed in C: rounds, and reads per round. */
    private static final int FUNCTION_ROUNDS = 7;
    private static final int FUNCTION_READS = 300;

    private final List<ClockTiming> clocks;
    private final double jvmNanoTimeNs;
    private final double jvmCurrentTimeMillisNs;

    private Calibration(List<ClockTiming> clocks, double jvmNanoTimeNs, double jvmCurrentTimeMillisNs) {
        this.clocks = clocks;
        this.jvmNanoTimeNs = jvmNanoTimeNs;
        this.jvmCurrentTimeMillisNs = jvmCurrentTimeMillisNs;
    }

    /** Measures every clock id; paths the native helper cannot take (not loaded, id rejected) come out null. */
    public static Calibration measure() {
        return measure(List.of(ClockId.values()));
    }

    /**
     * Measures only {@code which}: the agent times the clocks its APIs read, keeping the system calls it makes
     * itself (they show in the kernel's counts of the process) to a few thousand.
     */
    public static Calibration measure(List<ClockId> which) {
        warmUp();
        List<ClockTiming> clocks = new ArrayList<>();
        for (ClockId clock : which) {
            clocks.add(new ClockTiming(clock, time(PathReads::readVdsoPath, clock), time(PathReads::readSyscall, clock),
                    functionCost(clock), resolution(clock)));
        }
        return new Calibration(List.copyOf(clocks), timeJvm(System::nanoTime), timeJvm(System::currentTimeMillis));
    }

    /** Timings taken elsewhere: tests hold the report to hosts they cannot run on (an hpet host's system calls). */
    public static Calibration of(List<ClockTiming> clocks, double jvmNanoTimeNs, double jvmCurrentTimeMillisNs) {
        return new Calibration(List.copyOf(clocks), jvmNanoTimeNs, jvmCurrentTimeMillisNs);
    }

    public List<ClockTiming> clocks() {
        return clocks;
    }

    /** The timing of {@code clock}, or null when it was not measured. */
    public ClockTiming of(ClockId clock) {
        for (ClockTiming timing : clocks) {
            if (timing.clock() == clock) {
                return timing;
            }
        }
        return null;
    }

    public double jvmNanoTimeNs() {
        return jvmNanoTimeNs;
    }

    public double jvmCurrentTimeMillisNs() {
        return jvmCurrentTimeMillisNs;
    }

    /**
     * Runs the timing loop until the JIT has compiled it and the paths it calls (an FFM downcall is slow until it
     * is): at least {@link #WARM_UP_ROUNDS} rounds and {@link #WARM_UP_NS}. Both paths run from the first rounds on,
     * so the loop is compiled for both at once; compiled for one, it would be recompiled while the first clocks are
     * measured, and they would come out costing several times the rest.
     */
    private static void warmUp() {
        long start = System.nanoTime();
        for (int i = 0; i < WARM_UP_ROUNDS || System.nanoTime() - start < WARM_UP_NS; i++) {
            time(PathReads::readVdsoPath, ClockId.CLOCK_MONOTONIC);
            if (i < SYSCALL_WARM_UP_ROUNDS) {
                time(PathReads::readSyscall, ClockId.CLOCK_MONOTONIC);
            }
        }
    }

    /**
     * The median of {@link #FUNCTION_ROUNDS} C loops of {@link #FUNCTION_READS} reads each. Short: where the vDSO
     * passes a clock to the kernel each read is a system call of 300 to 700 ns.
     */
    private static Double functionCost(ClockId clock) {
        double[] rounds = new double[FUNCTION_ROUNDS];
        for (int r = 0; r < FUNCTION_ROUNDS; r++) {
            rounds[r] = PathReads.vdsoReadCost(clock.id(), FUNCTION_READS);
            if (Double.isNaN(rounds[r])) {
                return null;
            }
        }
        return median(rounds);
    }

    private static Long resolution(ClockId clock) {
        long nanos = PathReads.resolutionNanos(clock.id());
        return nanos == ClockBackend.FALLBACK ? null : nanos;
    }

    private static Double time(IntToLongFunction read, ClockId clock) {
        int id = clock.id();
        if (read.applyAsLong(id) == ClockBackend.FALLBACK) {
            return null;
        }
        double[] rounds = new double[ROUNDS];
        long sink = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                sink += read.applyAsLong(id);
            }
            rounds[r] = (System.nanoTime() - start) / (double) CALLS_PER_ROUND;
        }
        Blackhole.consume(sink);
        return median(rounds);
    }

    private static double timeJvm(LongSupplier read) {
        double[] rounds = new double[ROUNDS];
        long sink = 0;
        for (int r = 0; r < ROUNDS * 2; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS_PER_ROUND * 5; i++) {
                sink += read.getAsLong();
            }
            rounds[r % ROUNDS] = (System.nanoTime() - start) / (double) (CALLS_PER_ROUND * 5);
        }
        Blackhole.consume(sink);
        return median(rounds);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Math.round(sorted[sorted.length / 2] * 10) / 10.0;
    }

    /** Keeps the JIT from proving the measured reads useless. */
    private static final class Blackhole {
        static volatile long sink;

        static void consume(long value) {
            sink = value;
        }
    }
}
