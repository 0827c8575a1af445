package io.github.vdsoagent.clock;

import io.github.vdsoagent.vocabulary.ClockId;
/** The median cost of one read of a clock through the vDSO and through a forced system call. */
public final class ClockTiming {
    private final ClockId clock;
    private final Double vdsoNs;
    private final Double syscallNs;

    public ClockTiming(ClockId clock, Double vdsoNs, Double syscallNs) {
        this.clock = clock;
        this.vdsoNs = vdsoNs;
        this.syscallNs = syscallNs;
    }

    public ClockId clock() {
        return clock;
    }

    /** Null when this path could not read the clock (not measured, or the kernel rejects the id). */
    public Double vdsoNs() {
        return vdsoNs;
    }

    public Double syscallNs() {
        return syscallNs;
    }
}
