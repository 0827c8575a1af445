package io.github.vdsoagent.clock;

import io.github.vdsoagent.vocabulary.ClockId;
/**
 * The median cost of one read of a clock through the vDSO and through a forced system call, as the stub's path makes
 * them (a native call each), the vDSO function's own cost timed in C, and the clock's resolution.
 */
public final class ClockTiming {
    private final ClockId clock;
    private final Double vdsoNs;
    private final Double syscallNs;
    private final Double functionNs;
    private final Long resolutionNs;

    public ClockTiming(ClockId clock, Double vdsoNs, Double syscallNs) {
        this(clock, vdsoNs, syscallNs, null, null);
    }

    public ClockTiming(ClockId clock, Double vdsoNs, Double syscallNs, Double functionNs, Long resolutionNs) {
        this.clock = clock;
        this.vdsoNs = vdsoNs;
        this.syscallNs = syscallNs;
        this.functionNs = functionNs;
        this.resolutionNs = resolutionNs;
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

    /**
     * One read inside the vDSO function (a system call when the vDSO passes the clock to the kernel), timed in C
     * without the native call around it: what tells two clocks' costs apart by a few ns. Null when not timed.
     */
    public Double functionNs() {
        return functionNs;
    }

    /** What clock_getres says, in ns (the tick for a coarse clock); null when not asked (no native helper). */
    public Long resolutionNs() {
        return resolutionNs;
    }
}
