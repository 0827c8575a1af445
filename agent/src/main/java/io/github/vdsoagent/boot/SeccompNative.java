package io.github.vdsoagent.boot;

/**
 * The seccomp probe of the native helper (native-helpers/src/main/c/seccomp_probe.c): in a short-lived child process
 * that shares the JVM's memory (clone with CLONE_VM and CLONE_VFORK), it fails the time system calls with a filter of
 * that child alone and calls the vDSO's functions, to see which reads enter the kernel; a filter of the JVM's that
 * kills the child for installing its own ends the child, not the JVM. Here, beside the stub, because the helper
 * belongs to the boot class loader that loaded it. Owner only: the probe calls the addresses it is given as functions.
 */
public final class SeccompNative {
    /** The probe ran; the entries say what it saw. Any other stage is why it did not. */
    public static final int DONE = 0;
    public static final int BAD_ARGUMENTS = 1;
    public static final int UNSUPPORTED_ARCH = 2;
    public static final int NOT_IN_VDSO = 3;
    /** clone failed: errno in H_ERRNO. */
    public static final int CHILD_CREATE = 4;
    /** waitpid for the child failed: errno in H_ERRNO. */
    public static final int CHILD_WAIT = 5;
    public static final int NO_NEW_PRIVS = 6;
    public static final int INSTALL = 7;
    public static final int NOT_INTERCEPTED = 8;
    public static final int SIGNAL_MASK = 9;
    /** The child's stack could not be mapped: errno in H_ERRNO. */
    public static final int CHILD_STACK = 10;
    /** A signal ended the child: H_CHILD_SIGNAL says which, H_CHILD_STEP what it was doing. */
    public static final int CHILD_KILLED = 11;
    /** The child exited without finishing (never seen): its exit status in H_ERRNO. */
    public static final int CHILD_LOST = 12;
    /** A glibc older than 2.25, whose clone() would write into the calling thread's TCB: version in H_ERRNO. */
    public static final int OLD_LIBC = 13;

    /** What the child was doing last (H_CHILD_STEP): the call it made, or was about to make, at that step. */
    public static final int STEP_NONE = 0;
    public static final int STEP_SIGNAL_MASK = 1;
    public static final int STEP_NAME = 2;
    public static final int STEP_CORE_LIMIT = 3;
    public static final int STEP_NO_NEW_PRIVS = 4;
    public static final int STEP_SECCOMP = 5;
    public static final int STEP_PRCTL_SECCOMP = 6;
    public static final int STEP_MARKER = 7;
    public static final int STEP_READS = 8;
    public static final int STEP_EXIT = 9;

    /** The errno the probe's filter fails the time system calls with. */
    public static final int PROBE_ERRNO = 4095;
    /** The clock id of the self-test's direct clock_gettime system call, which the filter must fail. */
    public static final int MARKER_CLOCK = 0x5ecc;
    public static final int MAX_CLOCK_ID = 15;
    public static final int MAX_CLOCKS = 16;
    public static final int MAX_READS = 1000;

    /**
     * The header of the out array: the stage's errno, seccomp(2)'s own errno, the probe's child's pid, the
     * self-test's result, the signal that ended the child (0 if none), the child's last step.
     */
    public static final int H_ERRNO = 0;
    public static final int H_SECCOMP_ERRNO = 1;
    public static final int H_CHILD_PID = 2;
    public static final int H_MARKER_RESULT = 3;
    public static final int H_CHILD_SIGNAL = 4;
    public static final int H_CHILD_STEP = 5;
    public static final int HEADER = 6;

    /** Each entry of the out array, one per clock, then gettimeofday, then time. */
    public static final int F_STATE = 0;
    public static final int F_READS = 1;
    public static final int F_ENTERED = 2;
    public static final int F_ERRNO = 3;
    public static final int F_TIMED_READS = 4;
    public static final int F_TIMED_NANOS = 5;
    public static final int FIELDS = 6;

    public static final int ENTRY_NOT_RUN = 0;
    public static final int ENTRY_DONE = 1;
    public static final int ENTRY_ABSENT = 2;
    public static final int ENTRY_FAILED = 3;

    private SeccompNative() {
    }

    /** Whether the native helper is loaded and has the probe. Owner only. */
    public static boolean available() {
        OwnerCheck.check();
        try {
            return version0() >= 1;
        } catch (UnsatisfiedLinkError notLoadedOrTooOld) {
            return false;
        }
    }

    /** The length of the out array for {@code clocks} clocks. */
    public static int outLength(int clocks) {
        return HEADER + (clocks + 2) * FIELDS;
    }

    /**
     * Probes the clocks through the vDSO's clock_gettime at {@code clockGettime}, then its gettimeofday and time
     * where their address is not 0; with {@code throughSyscalls} (tests only) through direct system calls instead.
     * Each function gets one read and then {@code reads} more, timed. Returns a stage; fills {@code out}. Owner only.
     */
    public static int probe(long clockGettime, long gettimeofday, long time, int[] clocks, int reads,
                            boolean throughSyscalls, long[] out) {
        OwnerCheck.check();
        return probe0(clockGettime, gettimeofday, time, clocks, reads, throughSyscalls, out);
    }

    private static native int version0();

    private static native int probe0(long clockGettime, long gettimeofday, long time, int[] clocks, int reads,
                                     boolean throughSyscalls, long[] out);
}
