package io.github.vdsoagent.clock;

import io.github.vdsoagent.options.AgentOptions.ClockMode;
import io.github.vdsoagent.vdso.Vdso;

/** Which path the clock stub ended up reading through, and why, if not the one asked for. */
public final class BackendChoice {
    /** The report's name for the path: jni, ffm, jna, or jvm (the JVM's own calls). */
    private final String name;
    private final ClockMode requested;
    private final ClockMode effective;
    private final String reason;
    private final Vdso vdso;
    private final String vdsoError;

    BackendChoice(String name, ClockMode requested, ClockMode effective, String reason, Vdso vdso, String vdsoError) {
        this.name = name;
        this.requested = requested;
        this.effective = effective;
        this.reason = reason;
        this.vdso = vdso;
        this.vdsoError = vdsoError;
    }

    public String name() {
        return name;
    }

    public ClockMode requested() {
        return requested;
    }

    /** What reads actually go through: the vDSO, forced system calls, or the JVM's own calls. */
    public ClockMode effective() {
        return effective;
    }

    /** Why the effective mode differs from the requested one, or why there is no native path; null if none. */
    public String reason() {
        return reason;
    }

    /** The resolved vDSO, or null (see {@link #vdsoError()}). */
    public Vdso vdso() {
        return vdso;
    }

    public String vdsoError() {
        return vdsoError;
    }
}
