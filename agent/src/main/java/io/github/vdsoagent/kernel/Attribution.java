package io.github.vdsoagent.kernel;

import io.github.vdsoagent.text.PlainFormat;

/**
 * The report's own consistency check: the clock_gettime system calls its verdicts attribute to instrumented calls
 * (the entered-kernel column, clock reads only) against what the kernel counted from the whole process. More
 * attributed than counted means a verdict is wrong, and the report says so loudly.
 */
public final class Attribution {
    private final long attributed;
    private final Long counted;

    public Attribution(long attributed, Long counted) {
        this.attributed = attributed;
        this.counted = counted;
    }

    /** clock_gettime kernel entries the report's rows claim. */
    public long attributed() {
        return attributed;
    }

    /** clock_gettime system calls the kernel counted from the process in the session; null when not counted. */
    public Long counted() {
        return counted;
    }

    /** True when the rows claim more kernel entries than the kernel saw in all. */
    public boolean exceedsKernel() {
        return counted != null && attributed > counted;
    }

    /** The counted system calls no instrumented call accounts for (the JVM's own, the agent's, other code). */
    public Long unattributed() {
        return counted == null ? null : counted - attributed;
    }

    /** The loud line, or null when consistent or not checkable. */
    public String warning() {
        if (!exceedsKernel()) {
            return null;
        }
        return "the report attributes " + PlainFormat.grouped(attributed) + " clock_gettime kernel entries to"
                + " instrumented calls, but the kernel counted only " + PlainFormat.grouped(counted)
                + " from the whole process: the avoided/entered split is wrong";
    }
}
