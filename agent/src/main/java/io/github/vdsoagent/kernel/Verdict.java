package io.github.vdsoagent.kernel;

/** Whether a clock read stayed in user space or entered the kernel, and how sure the agent is of it. */
public final class Verdict {
    /** Where reads of a clock are answered. */
    public enum Path { VDSO, KERNEL }

    /** measured: the kernel's own counters said so; inferred: the clock id, clocksource and timings say so. */
    public enum Evidence { MEASURED, INFERRED }

    private final Path path;
    private final Evidence evidence;
    private final String why;

    public Verdict(Path path, Evidence evidence, String why) {
        this.path = path;
        this.evidence = evidence;
        this.why = why;
    }

    public Path path() {
        return path;
    }

    public Evidence evidence() {
        return evidence;
    }

    /** A short reason in words, for the report. */
    public String why() {
        return why;
    }

    public boolean avoidsKernel() {
        return path == Path.VDSO;
    }
}
