package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.text.PlainFormat;

/**
 * What the seccomp probe saw for one vDSO function, for clock_gettime one clock: a measured verdict (vdso, kernel,
 * or partial should the vDSO pass only some reads on) or why the reads could not be judged; and, for reads that
 * stayed in user space, what one cost.
 */
public final class SeccompReading {
    private final TimeSyscall function;
    private final ClockId clock;
    private final Verdict verdict;
    private final String failure;
    private final long reads;
    private final long entered;
    private final Double nanosPerRead;

    private SeccompReading(TimeSyscall function, ClockId clock, Verdict verdict, String failure, long reads,
                           long entered, Double nanosPerRead) {
        this.function = function;
        this.clock = clock;
        this.verdict = verdict;
        this.failure = failure;
        this.reads = reads;
        this.entered = entered;
        this.nanosPerRead = nanosPerRead;
    }

    /**
     * @param clock        the clock read, for clock_gettime; null for gettimeofday and time
     * @param path         how the reads were made, in words: "through the vDSO's clock_gettime"
     * @param nanosPerRead null unless the reads stayed in user space and could be timed
     */
    static SeccompReading measured(TimeSyscall function, ClockId clock, long reads, long entered, String path,
                                   Double nanosPerRead) {
        String why = "measured by seccomp: " + PlainFormat.grouped(entered) + " of " + PlainFormat.grouped(reads)
                + " reads " + path + " entered the kernel";
        return new SeccompReading(function, clock, Verdict.measured(reads, entered, why), null, reads, entered,
                nanosPerRead);
    }

    static SeccompReading failed(TimeSyscall function, ClockId clock, long reads, long entered, String failure) {
        return new SeccompReading(function, clock, null, failure, reads, entered, null);
    }

    /** clock_gettime, gettimeofday or time: the vDSO function probed. */
    public TimeSyscall function() {
        return function;
    }

    /** The clock read, for clock_gettime; null for gettimeofday and time. */
    public ClockId clock() {
        return clock;
    }

    /** Whether the reads could be judged: then {@link #verdict()} holds, else {@link #failure()}. */
    public boolean measured() {
        return verdict != null;
    }

    /** Measured (evidence MEASURED, its reason starting "measured by seccomp"); null when {@link #failure()} is set. */
    public Verdict verdict() {
        return verdict;
    }

    /** Why the reads could not be judged; null when measured. */
    public String failure() {
        return failure;
    }

    /** Reads the probe made. */
    public long reads() {
        return reads;
    }

    /** Of those, the ones that entered the kernel. */
    public long entered() {
        return entered;
    }

    /**
     * Nanoseconds per read over a handful of reads in user space, timed by the vDSO's CLOCK_MONOTONIC; null when
     * the reads entered the kernel (the probe times a refused system call there, not a read) or could not be timed.
     */
    public Double nanosPerRead() {
        return nanosPerRead;
    }

    @Override
    public String toString() {
        String name = clock != null ? clock.name() : function.syscallName();
        return name + ": " + (verdict != null ? verdict.toString() : "failed: " + failure)
                + (nanosPerRead != null ? ", " + PlainFormat.decimals(nanosPerRead, 1) + " ns per read" : "");
    }
}
