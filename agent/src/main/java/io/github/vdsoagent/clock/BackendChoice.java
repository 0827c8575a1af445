package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vdso.Vdso;

/** Which path the clock stub reads through once applied, and why, if not the one asked for. */
public final class BackendChoice {
    /** A {@link ClockBackend} mode: JVM, VDSO (through JNI), FFM or SYSCALL. */
    private final int stubMode;
    private final ClockMode requested;
    private final String reason;
    private final Vdso vdso;
    private final String vdsoError;
    private final CriticalEntry jniEntry;

    BackendChoice(int stubMode, ClockMode requested, String reason, Vdso vdso, String vdsoError) {
        this(stubMode, requested, reason, vdso, vdsoError, null);
    }

    BackendChoice(int stubMode, ClockMode requested, String reason, Vdso vdso, String vdsoError,
                  CriticalEntry jniEntry) {
        this.jniEntry = jniEntry;
        this.stubMode = stubMode;
        this.requested = requested;
        this.reason = reason;
        this.vdso = vdso;
        this.vdsoError = vdsoError;
    }

    /** The report's name for the path: jni, ffm, or jvm (the JVM's own calls). */
    public String name() {
        switch (stubMode) {
            case ClockBackend.FFM:
                return "ffm";
            case ClockBackend.VDSO:
            case ClockBackend.SYSCALL:
                return "jni";
            default:
                return "jvm";
        }
    }

    public ClockMode requested() {
        return requested;
    }

    /** What reads actually go through: the vDSO, forced system calls, or the JVM's own calls. */
    public ClockMode effective() {
        return pathOf(stubMode);
    }

    /** The path a {@link ClockBackend} mode reads through. */
    public static ClockMode pathOf(int stubMode) {
        switch (stubMode) {
            case ClockBackend.FFM:
            case ClockBackend.VDSO:
                return ClockMode.VDSO;
            case ClockBackend.SYSCALL:
                return ClockMode.SYSCALL;
            default:
                return ClockMode.JVM;
        }
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

    /** Points the clock stub at this path. BackendSetup has bound and checked it; this only switches. */
    public void apply() {
        ClockBackend.use(stubMode);
    }
}
