package io.github.vdsoagent.vocabulary;

import io.github.vdsoagent.boot.ClockBackend;

/**
 * The path the clock stub reads through, as the report names it, with the boot stub's own number for it (the hot
 * path switches on an int) and what reads go through that way. The one mapping between the three.
 */
public enum ClockPath {
    /** The JVM's own calls: counting only. */
    JVM(ClockBackend.JVM, "jvm", ClockMode.JVM),
    /** The vDSO's clock_gettime through the native helper's JNI entry. */
    JNI(ClockBackend.VDSO, "jni", ClockMode.VDSO),
    /** The vDSO's clock_gettime through an FFM downcall to the native helper (JDK 22+). */
    FFM(ClockBackend.FFM, "ffm", ClockMode.VDSO),
    /** A real clock_gettime system call for every read, through the helper's JNI entry: the control. */
    SYSCALL(ClockBackend.SYSCALL, "jni", ClockMode.SYSCALL);

    private final int stubMode;
    private final String reportName;
    private final ClockMode reads;

    ClockPath(int stubMode, String reportName, ClockMode reads) {
        this.stubMode = stubMode;
        this.reportName = reportName;
        this.reads = reads;
    }

    /** The path the stub reads through now. */
    public static ClockPath current() {
        return of(ClockBackend.mode());
    }

    public static ClockPath of(int stubMode) {
        for (ClockPath path : values()) {
            if (path.stubMode == stubMode) {
                return path;
            }
        }
        throw new IllegalArgumentException("no clock path " + stubMode);
    }

    /** Points the clock stub at this path (the owner's check is the stub's). */
    public void use() {
        ClockBackend.use(stubMode);
    }

    /** The boot stub's number for this path. */
    public int stubMode() {
        return stubMode;
    }

    /** The report's name for the backend: jni, ffm or jvm. */
    public String reportName() {
        return reportName;
    }

    /** What reads go through: the vDSO, forced system calls, or the JVM's own calls. */
    public ClockMode reads() {
        return reads;
    }
}
