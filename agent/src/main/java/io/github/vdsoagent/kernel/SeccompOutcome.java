package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.SeccompNative;
import io.github.vdsoagent.clock.ClockId;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Puts what the native probe returned (a stage and its out array, see {@link SeccompNative}) into a
 * {@link SeccompProbeResult}: readings when it ran, else the reason in words a user can act on. Apart from the
 * native call so that tests can feed it any stage and errno.
 */
final class SeccompOutcome {
    private static final int EPERM = 1;
    private static final int EAGAIN = 11;
    private static final int ENOMEM = 12;
    private static final int EACCES = 13;
    private static final int EFAULT = 14;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;

    private SeccompOutcome() {
    }

    /**
     * @param clocks          the clocks probed, in the order given to the native probe
     * @param throughSyscalls whether the reads were direct system calls (the test-only mode)
     * @param jvmSeccomp      the Seccomp: field of the calling thread's /proc status ("0", "2"), or null if unknown
     * @param arch            this machine's architecture, for the report
     */
    static SeccompProbeResult decode(int stage, long[] out, List<ClockId> clocks, boolean throughSyscalls,
                                     String jvmSeccomp, String arch) {
        if (stage != SeccompNative.DONE) {
            return SeccompProbeResult.unavailable(reason(stage, out, jvmSeccomp, arch));
        }
        List<SeccompReading> readings = new ArrayList<>();
        for (int i = 0; i < clocks.size(); i++) {
            readings.add(reading(out, i, TimeSyscall.CLOCK_GETTIME, clocks.get(i), throughSyscalls));
        }
        Map<TimeSyscall, SeccompReading> functions = new EnumMap<>(TimeSyscall.class);
        TimeSyscall[] others = {TimeSyscall.GETTIMEOFDAY, TimeSyscall.TIME};
        for (int i = 0; i < others.length; i++) {
            SeccompReading reading = reading(out, clocks.size() + i, others[i], null, throughSyscalls);
            if (reading != null) {
                functions.put(others[i], reading);
            }
        }
        return SeccompProbeResult.ran(readings, functions, out[SeccompNative.H_TID]);
    }

    /** Entry {@code index} of the out array; null if the vDSO has no such function. */
    private static SeccompReading reading(long[] out, int index, TimeSyscall function, ClockId clock,
                                          boolean throughSyscalls) {
        int at = SeccompNative.HEADER + index * SeccompNative.FIELDS;
        long state = out[at + SeccompNative.F_STATE];
        long reads = out[at + SeccompNative.F_READS];
        long entered = out[at + SeccompNative.F_ENTERED];
        if (state == SeccompNative.ENTRY_ABSENT) {
            return null;
        }
        if (state == SeccompNative.ENTRY_FAILED) {
            int errno = (int) out[at + SeccompNative.F_ERRNO];
            return SeccompReading.failed(function, clock, reads, entered, "a read " + path(function, throughSyscalls)
                    + " failed with " + errnoName(errno) + ", neither a time nor the probe's errno "
                    + SeccompNative.PROBE_ERRNO + ": where it was answered cannot be told");
        }
        if (state != SeccompNative.ENTRY_DONE || reads <= 0) {
            return SeccompReading.failed(function, clock, 0, 0, "the probe made no read of it");
        }
        long timedReads = out[at + SeccompNative.F_TIMED_READS];
        Double nanos = timedReads > 0 ? out[at + SeccompNative.F_TIMED_NANOS] / (double) timedReads : null;
        return SeccompReading.measured(function, clock, reads, entered, path(function, throughSyscalls), nanos);
    }

    private static String path(TimeSyscall function, boolean throughSyscalls) {
        return throughSyscalls ? "through direct " + function.syscallName() + " system calls"
                : "through the vDSO's " + function.syscallName();
    }

    static String reason(int stage, long[] out, String jvmSeccomp, String arch) {
        int errno = (int) out[SeccompNative.H_ERRNO];
        switch (stage) {
            case SeccompNative.BAD_ARGUMENTS:
                return "the native helper refused the seccomp probe's arguments (a bug in vdso-agent)";
            case SeccompNative.UNSUPPORTED_ARCH:
                return "the native helper has no seccomp filter for this architecture (" + arch + ")";
            case SeccompNative.NOT_IN_VDSO:
                return "an address given to the seccomp probe is not in the executable segment of the vDSO mapped"
                        + " here: the probe calls nothing else";
            case SeccompNative.THREAD_CREATE:
                return "cannot create the seccomp probe's thread: pthread_create failed with " + errnoName(errno)
                        + (errno == EAGAIN ? " (a limit on threads, such as ulimit -u or a container's pids.max)" : "");
            case SeccompNative.THREAD_JOIN:
                return "cannot join the seccomp probe's thread: pthread_join failed with " + errnoName(errno);
            case SeccompNative.SIGNAL_MASK:
                return "cannot block signals for the seccomp probe's thread: pthread_sigmask failed with "
                        + errnoName(errno);
            case SeccompNative.NO_NEW_PRIVS:
                return noNewPrivs(errno, jvmSeccomp);
            case SeccompNative.INSTALL:
                return install(errno, (int) out[SeccompNative.H_SECCOMP_ERRNO], jvmSeccomp);
            case SeccompNative.NOT_INTERCEPTED:
                long result = out[SeccompNative.H_MARKER_RESULT];
                return "the seccomp probe's filter did not fail a direct clock_gettime system call as it must (it"
                        + " returned " + (result == -1 ? "-1 with " + errnoName(errno) : Long.toString(result))
                        + "): something else decides this thread's system calls (a tracer?), so the probe cannot"
                        + " tell user space from the kernel";
            default:
                return "the native helper's seccomp probe returned an unknown stage " + stage;
        }
    }

    private static String noNewPrivs(int errno, String jvmSeccomp) {
        if (errno == EINVAL) {
            return "this kernel has no PR_SET_NO_NEW_PRIVS (Linux 3.5 and later), which a seccomp filter needs"
                    + " without privileges";
        }
        return "prctl(PR_SET_NO_NEW_PRIVS) failed with " + errnoName(errno) + underFilter(jvmSeccomp, "forbids it");
    }

    /** errno is the last call's: seccomp(2)'s, or prctl(PR_SET_SECCOMP)'s after seccomp(2) gave ENOSYS. */
    private static String install(int errno, int seccompErrno, String jvmSeccomp) {
        String calls = seccompErrno == ENOSYS
                ? "seccomp(2) failed with ENOSYS and prctl(PR_SET_SECCOMP) with " + errnoName(errno)
                : "seccomp(2) failed with " + errnoName(errno);
        switch (errno) {
            case EINVAL:
            case ENOSYS:
                return "this kernel does not take seccomp filters (" + calls + "; a kernel without"
                        + " CONFIG_SECCOMP_FILTER?)" + underFilter(jvmSeccomp, "refuses new ones with that errno");
            case EACCES:
            case EPERM:
                return "installing a seccomp filter was refused (" + calls + ")"
                        + (isFiltered(jvmSeccomp) ? underFilter(jvmSeccomp, "forbids adding one")
                        : ": a security module may forbid it");
            default:
                return "installing the seccomp probe's filter failed (" + calls + ")"
                        + underFilter(jvmSeccomp, "may forbid it");
        }
    }

    private static boolean isFiltered(String jvmSeccomp) {
        return "2".equals(jvmSeccomp);
    }

    private static String underFilter(String jvmSeccomp, String what) {
        return isFiltered(jvmSeccomp) ? "; this JVM already runs under a seccomp filter (Seccomp: 2 in"
                + " /proc/self/status), which " + what : "";
    }

    static String errnoName(int errno) {
        switch (errno) {
            case EAGAIN:
                return "EAGAIN";
            case ENOMEM:
                return "ENOMEM";
            case EFAULT:
                return "EFAULT";
            default:
                return Perf.errnoName(errno);
        }
    }
}
