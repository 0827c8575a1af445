package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;

/** What the probe saw for one clock: {@code calls} reads through the stub's path, {@code entered} of them in the kernel. */
public final class ProbeResult {
    private final ClockId clock;
    private final long calls;
    private final long entered;
    private final String path;
    private final String notProbed;

    private ProbeResult(ClockId clock, long calls, long entered, String path, String notProbed) {
        this.clock = clock;
        this.calls = calls;
        this.entered = entered;
        this.path = path;
        this.notProbed = notProbed;
    }

    /** @param path the stub's path during the probe, in words: "through the vDSO", ... */
    public static ProbeResult of(ClockId clock, long calls, long entered, String path) {
        if (calls <= 0 || entered < 0) {
            throw new IllegalArgumentException(clock + ": " + entered + " of " + calls);
        }
        return new ProbeResult(clock, calls, entered, path, null);
    }

    public static ProbeResult notProbed(ClockId clock, String why) {
        return new ProbeResult(clock, 0, 0, null, why);
    }

    /** The stub's path during the probe, in words; null if not probed. */
    public String path() {
        return path;
    }

    public ClockId clock() {
        return clock;
    }

    public boolean probed() {
        return notProbed == null;
    }

    public long calls() {
        return calls;
    }

    /** clock_gettime system calls the probe's thread made while reading the clock {@link #calls()} times. */
    public long entered() {
        return entered;
    }

    /** Why the clock was not probed; null if it was. */
    public String notProbedReason() {
        return notProbed;
    }
}
