package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.SeccompNative;
import io.github.vdsoagent.vocabulary.ClockId;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts what the native probe returned (a stage and its out array, see {@link SeccompNative}) into a
 * {@link SeccompProbeResult}: readings when it ran, else the reason in words a user can act on. Apart from the
 * native call so that tests can feed it any stage and errno.
 */
final class SeccompOutcome {
    private static final int EPERM = 1;
    private static final int ECHILD = 10;
    private static final int EAGAIN = 11;
    private static final int ENOMEM = 12;
    private static final int EACCES = 13;
    private static final int EFAULT = 14;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int SIGABRT = 6;
    private static final int SIGBUS = 7;
    private static final int SIGKILL = 9;
    private static final int SIGSEGV = 11;
    private static final int SIGSYS = 31;
    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)");

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
        return SeccompProbeResult.ran(readings, functions, out[SeccompNative.H_CHILD_PID]);
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
            case SeccompNative.CHILD_STACK:
                return "cannot map a stack for the seccomp probe's child process: mmap failed with "
                        + errnoName(errno);
            case SeccompNative.CHILD_CREATE:
                return "cannot start the seccomp probe's child process: clone failed with " + errnoName(errno)
                        + (errno == EAGAIN ? " (a limit on processes, such as ulimit -u or a container's pids.max)"
                        : "");
            case SeccompNative.CHILD_WAIT:
                return "cannot wait for the seccomp probe's child process: waitpid failed with " + errnoName(errno);
            case SeccompNative.CHILD_KILLED:
                return childKilled((int) out[SeccompNative.H_CHILD_SIGNAL], (int) out[SeccompNative.H_CHILD_STEP]);
            case SeccompNative.CHILD_LOST:
                return "the seccomp probe's child process exited with status " + errno + " before it finished, "
                        + at((int) out[SeccompNative.H_CHILD_STEP]) + "; the probe is not used";
            case SeccompNative.OLD_LIBC:
                return "this C library, glibc " + (errno > 0 ? errno / 1000 + "." + errno % 1000 : "(version unknown)")
                        + ", is older than 2.25: its clone() would overwrite the calling thread's cached ids from the"
                        + " probe's child, which shares that thread's memory; the probe is not used";
            case SeccompNative.SIGNAL_MASK:
                return "cannot block signals for the seccomp probe's child process: rt_sigprocmask failed with "
                        + errnoName(errno);
            case SeccompNative.NO_NEW_PRIVS:
                return noNewPrivs(errno, jvmSeccomp);
            case SeccompNative.INSTALL:
                return install(errno, (int) out[SeccompNative.H_SECCOMP_ERRNO], jvmSeccomp);
            case SeccompNative.NOT_INTERCEPTED:
                long result = out[SeccompNative.H_MARKER_RESULT];
                return "the seccomp probe's filter did not fail a direct clock_gettime system call as it must (it"
                        + " returned " + (result == -1 ? "-1 with " + errnoName(errno) : Long.toString(result))
                        + "): something else decides the probe's system calls (a tracer?), so it cannot tell user"
                        + " space from the kernel";
            default:
                return "the native helper's seccomp probe returned an unknown stage " + stage;
        }
    }

    /** A signal ended the probe's child at {@code step}; SIGSYS is a seccomp filter's kill or trap. */
    private static String childKilled(int signal, int step) {
        if (signal == SIGSYS) {
            boolean installing = step == SeccompNative.STEP_NO_NEW_PRIVS || step == SeccompNative.STEP_SECCOMP
                    || step == SeccompNative.STEP_PRCTL_SECCOMP;
            return "the JVM runs under a seccomp filter that kills a process for "
                    + (installing ? "installing another" : "a system call the probe makes")
                    + " (the probe's child ended by SIGSYS " + at(step) + "); the probe is not used";
        }
        return "the seccomp probe's child process ended by " + signalName(signal) + " " + at(step)
                + " (the JVM goes on); the probe is not used";
    }

    /** Where the child was: the call it made at {@code step}. */
    private static String at(int step) {
        switch (step) {
            case SeccompNative.STEP_SIGNAL_MASK:
                return "at rt_sigprocmask";
            case SeccompNative.STEP_NAME:
                return "at prctl(PR_SET_NAME)";
            case SeccompNative.STEP_CORE_LIMIT:
                return "at setrlimit(RLIMIT_CORE)";
            case SeccompNative.STEP_NO_NEW_PRIVS:
                return "at prctl(PR_SET_NO_NEW_PRIVS)";
            case SeccompNative.STEP_SECCOMP:
                return "at seccomp(2)";
            case SeccompNative.STEP_PRCTL_SECCOMP:
                return "at prctl(PR_SET_SECCOMP)";
            case SeccompNative.STEP_MARKER:
                return "at its self-test's clock_gettime";
            case SeccompNative.STEP_READS:
                return "while reading the clocks";
            case SeccompNative.STEP_EXIT:
                return "at its exit";
            default:
                return "before its first step";
        }
    }

    /** Names of the signals that can end the child; their numbers are the same on every architecture the agent has. */
    static String signalName(int signal) {
        switch (signal) {
            case SIGKILL:
                return "SIGKILL";
            case SIGSEGV:
                return "SIGSEGV";
            case SIGBUS:
                return "SIGBUS";
            case SIGABRT:
                return "SIGABRT";
            case SIGSYS:
                return "SIGSYS";
            default:
                return "signal " + signal;
        }
    }

    /**
     * Why the probe must not start a child here, or null: where the JVM runs under a seccomp filter (its thread's
     * Seccomp: field not "0", or unknown) and the kernel is older than 5.16. A filter's kill makes the kernel dump
     * core, and before Linux 5.16 a core dump killed every process sharing the dumper's memory, the JVM with the
     * probe's child. Without a filter, only the probe's own decides, and it never kills.
     *
     * @param jvmSeccomp    the Seccomp: field of the calling thread's /proc status, or null if unknown
     * @param kernelRelease this kernel's release, as uname -r gives it
     */
    static String unsafeKernel(String jvmSeccomp, String kernelRelease) {
        if ("0".equals(jvmSeccomp) || !kernelBefore516(kernelRelease)) {
            return null;
        }
        return (jvmSeccomp == null ? "the JVM may run under a seccomp filter (its /proc status could not be read)"
                : "the JVM runs under a seccomp filter (Seccomp: " + jvmSeccomp + " in /proc/thread-self/status)")
                + " and this kernel" + (kernelRelease == null ? " (its release unknown)" : ", " + kernelRelease + ",")
                + " is older than Linux 5.16, where a filter that killed the"
                + " probe's child would take the JVM with it (its core dump ends every process sharing its memory);"
                + " the probe is not used";
    }

    /** Whether {@code release} is before 5.16; true when it cannot be read. */
    static boolean kernelBefore516(String release) {
        if (release == null) {
            return true;
        }
        Matcher version = RELEASE.matcher(release);
        if (!version.lookingAt()) {
            return true;
        }
        try {
            int major = Integer.parseInt(version.group(1));
            int minor = Integer.parseInt(version.group(2));
            return major < 5 || (major == 5 && minor < 16);
        } catch (NumberFormatException e) { // more digits than an int
            return true;
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
            case ECHILD:
                return "ECHILD";
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
