package io.github.vdsoagent.kernel;

import io.github.vdsoagent.text.PlainFormat;

import java.util.Locale;

/**
 * Whether reads of a clock stayed in user space or entered the kernel, how sure the agent is of it, and, for a clock
 * that enters the kernel only part of the time (a pvclock whose stable bit comes and goes), the measured fraction.
 */
public final class Verdict {
    /** Where reads of a clock are answered. */
    public enum Path {
        /** In user space, every read. */
        VDSO,
        /** In the kernel, every read. */
        KERNEL,
        /** Some reads in the kernel: {@link #kernelFraction()} of them. Only ever measured. */
        PARTIAL
    }

    /** measured: the kernel's own counters said so; inferred: the clock id, clocksource and timings say so. */
    public enum Evidence { MEASURED, INFERRED }

    private final Path path;
    private final Evidence evidence;
    private final double kernelFraction;
    private final String why;

    public Verdict(Path path, Evidence evidence, String why) {
        this(path, evidence, wholeFraction(path), why);
    }

    private Verdict(Path path, Evidence evidence, double kernelFraction, String why) {
        this.path = path;
        this.evidence = evidence;
        this.kernelFraction = kernelFraction;
        this.why = why;
    }

    /**
     * The verdict a probe measured: {@code entered} of {@code calls} reads entered the kernel. All or none give
     * {@link Path#KERNEL} or {@link Path#VDSO}; anything between gives {@link Path#PARTIAL} with that fraction.
     */
    public static Verdict measured(long calls, long entered, String why) {
        if (calls <= 0 || entered < 0) {
            throw new IllegalArgumentException("a measurement needs calls > 0 and entries >= 0: " + entered + "/" + calls);
        }
        if (entered == 0) {
            return new Verdict(Path.VDSO, Evidence.MEASURED, 0.0, why);
        }
        if (entered >= calls) {
            return new Verdict(Path.KERNEL, Evidence.MEASURED, 1.0, why);
        }
        return new Verdict(Path.PARTIAL, Evidence.MEASURED, entered / (double) calls, why);
    }

    private static double wholeFraction(Path path) {
        if (path == Path.PARTIAL) {
            throw new IllegalArgumentException("a partial verdict needs its fraction: use Verdict.measured");
        }
        return path == Path.KERNEL ? 1.0 : 0.0;
    }

    public static Verdict inferred(Path path, String why) {
        return new Verdict(path, Evidence.INFERRED, why);
    }

    public Path path() {
        return path;
    }

    public Evidence evidence() {
        return evidence;
    }

    /** 0 for {@link Path#VDSO}, 1 for {@link Path#KERNEL}, the measured share for {@link Path#PARTIAL}. */
    public double kernelFraction() {
        return kernelFraction;
    }

    /** A short reason in words, for the report. */
    public String why() {
        return why;
    }

    /** True only when every read stays out of the kernel. */
    public boolean avoidsKernel() {
        return path == Path.VDSO;
    }

    /** How many of {@code calls} reads entered the kernel under this verdict; never more than {@code calls}. */
    public long enteredOf(long calls) {
        switch (path) {
            case VDSO:
                return 0;
            case KERNEL:
                return calls;
            default:
                return Math.min(calls, Math.round(calls * kernelFraction));
        }
    }

    /** vdso, kernel or partial: the report's word for the path. */
    public String word() {
        return path.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return word() + (path == Path.PARTIAL ? " " + PlainFormat.decimals(kernelFraction, 4) : "")
                + " (" + evidence.name().toLowerCase(Locale.ROOT) + "): " + why;
    }
}
