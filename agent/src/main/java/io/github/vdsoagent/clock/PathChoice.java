package io.github.vdsoagent.clock;

import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;
import io.github.vdsoagent.vdso.Vdso;

/** Which path the clock stub reads through once applied, and why, if not the one asked for. */
public final class PathChoice {
    private final ClockPath path;
    private final ClockMode requested;
    private final String reason;
    private final Vdso vdso;
    private final String vdsoError;
    private final CriticalEntry jniEntry;

    PathChoice(ClockPath path, ClockMode requested, String reason, Vdso vdso, String vdsoError) {
        this(path, requested, reason, vdso, vdsoError, null);
    }

    PathChoice(ClockPath path, ClockMode requested, String reason, Vdso vdso, String vdsoError,
               CriticalEntry jniEntry) {
        this.jniEntry = jniEntry;
        this.path = path;
        this.requested = requested;
        this.reason = reason;
        this.vdso = vdso;
        this.vdsoError = vdsoError;
    }

    /** The path the stub reads through once this choice is applied. */
    public ClockPath path() {
        return path;
    }

    /** The report's name for the path: jni, ffm, or jvm (the JVM's own calls). */
    public String name() {
        return path.reportName();
    }

    public ClockMode requested() {
        return requested;
    }

    /** What reads actually go through: the vDSO, forced system calls, or the JVM's own calls. */
    public ClockMode effective() {
        return path.reads();
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

    /** For the JNI read of the vDSO on JDKs before 22: which entry reads go through and why; else null. */
    public CriticalEntry jniEntry() {
        return jniEntry;
    }

    /** Points the clock stub at this path. PathSetup has bound and checked it; this only switches. */
    public void apply() {
        path.use();
    }
}
