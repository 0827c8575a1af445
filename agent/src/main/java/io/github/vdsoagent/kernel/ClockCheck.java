package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;

/** One clock's line in the kernel check: its verdict, the probe behind it if any, and the calibration's timings. */
public final class ClockCheck {
    private final ClockId clock;
    private final Verdict verdict;
    private final ProbeResult probe;
    private final Double vdsoNs;
    private final Double syscallNs;

    public ClockCheck(ClockId clock, Verdict verdict, ProbeResult probe, Double vdsoNs, Double syscallNs) {
        this.clock = clock;
        this.verdict = verdict;
        this.probe = probe;
        this.vdsoNs = vdsoNs;
        this.syscallNs = syscallNs;
    }

    public ClockId clock() {
        return clock;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** Reads the probe made; null when the clock was not probed. */
    public Long probeCalls() {
        return probe != null && probe.probed() ? probe.calls() : null;
    }

    /** Of those, how many entered the kernel; null when the clock was not probed. */
    public Long probeSyscalls() {
        return probe != null && probe.probed() ? probe.entered() : null;
    }

    /** Median ns per read through the vDSO, from the calibration; null when not timed. */
    public Double vdsoNs() {
        return vdsoNs;
    }

    public Double syscallNs() {
        return syscallNs;
    }
}
