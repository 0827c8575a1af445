package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.SeccompNative;
import io.github.vdsoagent.vocabulary.ClockId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each stage and entry the native probe can return becomes, fed made-up values. */
class SeccompOutcomeTest {
    private static final int EPERM = 1;
    private static final int EAGAIN = 11;
    private static final int ENOMEM = 12;
    private static final int SIGKILL = 9;
    private static final int SIGSYS = 31;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final List<ClockId> CLOCKS = List.of(ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_THREAD_CPUTIME_ID);

    private static long[] out(int errno, int seccompErrno) {
        long[] out = new long[SeccompNative.outLength(CLOCKS.size())];
        out[SeccompNative.H_ERRNO] = errno;
        out[SeccompNative.H_SECCOMP_ERRNO] = seccompErrno;
        return out;
    }

    private static String reason(int stage, int errno, int seccompErrno, String jvmSeccomp) {
        SeccompProbeResult result = SeccompOutcome.decode(stage, out(errno, seccompErrno), CLOCKS, false, jvmSeccomp,
                "x86_64");
        assertFalse(result.available());
        assertTrue(result.clocks().isEmpty());
        return result.reason();
    }

    private static void entry(long[] out, int index, int state, int reads, int entered, int errno, int timed, int nanos) {
        int at = SeccompNative.HEADER + index * SeccompNative.FIELDS;
        out[at + SeccompNative.F_STATE] = state;
        out[at + SeccompNative.F_READS] = reads;
        out[at + SeccompNative.F_ENTERED] = entered;
        out[at + SeccompNative.F_ERRNO] = errno;
        out[at + SeccompNative.F_TIMED_READS] = timed;
        out[at + SeccompNative.F_TIMED_NANOS] = nanos;
    }

    @Test
    void aKernelWithoutSeccompFilters() {
        String reason = reason(SeccompNative.INSTALL, EINVAL, EINVAL, "0");
        assertEquals("this kernel does not take seccomp filters (seccomp(2) failed with EINVAL; a kernel without"
                + " CONFIG_SECCOMP_FILTER?)", reason);
        assertTrue(reason(SeccompNative.INSTALL, EINVAL, ENOSYS, "0")
                .contains("seccomp(2) failed with ENOSYS and prctl(PR_SET_SECCOMP) with EINVAL"));
        assertTrue(reason(SeccompNative.NO_NEW_PRIVS, EINVAL, 0, "0").contains("no PR_SET_NO_NEW_PRIVS"));
    }

    @Test
    void aFilterThatForbidsAnother() {
        String reason = reason(SeccompNative.INSTALL, EPERM, EPERM, "2");
        assertTrue(reason.startsWith("installing a seccomp filter was refused (seccomp(2) failed with EPERM)"), reason);
        assertTrue(reason.contains("already runs under a seccomp filter") && reason.contains("forbids adding one"),
                reason);
        assertTrue(reason(SeccompNative.INSTALL, EPERM, EPERM, "0").contains("security module"));
        assertTrue(reason(SeccompNative.INSTALL, ENOSYS, ENOSYS, "2").contains("already runs under a seccomp filter"));
        assertTrue(reason(SeccompNative.NO_NEW_PRIVS, EPERM, 0, "2").contains("already runs under a seccomp filter"));
    }

    private static String killed(int signal, int step) {
        long[] out = out(0, 0);
        out[SeccompNative.H_CHILD_SIGNAL] = signal;
        out[SeccompNative.H_CHILD_STEP] = step;
        SeccompProbeResult result = SeccompOutcome.decode(SeccompNative.CHILD_KILLED, out, CLOCKS, false, "2", "x86_64");
        assertFalse(result.available());
        return result.reason();
    }

    @Test
    void aFilterThatKillsTheProbesChild() {
        assertEquals("the JVM runs under a seccomp filter that kills a process for installing another (the probe's"
                + " child ended by SIGSYS at prctl(PR_SET_NO_NEW_PRIVS)); the probe is not used",
                killed(SIGSYS, SeccompNative.STEP_NO_NEW_PRIVS));
        assertTrue(killed(SIGSYS, SeccompNative.STEP_SECCOMP).contains("installing another (the probe's child ended by"
                + " SIGSYS at seccomp(2))"));
        assertTrue(killed(SIGSYS, SeccompNative.STEP_PRCTL_SECCOMP).contains("at prctl(PR_SET_SECCOMP))"));
        assertEquals("the JVM runs under a seccomp filter that kills a process for a system call the probe makes (the"
                + " probe's child ended by SIGSYS while reading the clocks); the probe is not used",
                killed(SIGSYS, SeccompNative.STEP_READS));
        assertEquals("the seccomp probe's child process ended by SIGKILL at setrlimit(RLIMIT_CORE) (the JVM goes on);"
                + " the probe is not used", killed(SIGKILL, SeccompNative.STEP_CORE_LIMIT));
        assertTrue(killed(64, SeccompNative.STEP_NONE).contains("ended by signal 64 before its first step"));
    }

    @Test
    void underAFilterAKernelBefore516IsNotRiskedWithoutOneItIs() {
        String reason = SeccompOutcome.unsafeKernel("2", "5.15.0-91-generic");
        assertEquals("the JVM runs under a seccomp filter (Seccomp: 2 in /proc/thread-self/status) and this kernel,"
                + " 5.15.0-91-generic, is older than Linux 5.16, where a filter that killed the probe's child would take"
                + " the JVM with it (its core dump ends every process sharing its memory); the probe is not used",
                reason);
        assertTrue(SeccompOutcome.unsafeKernel(null, "4.18.0-513.el8.x86_64").startsWith("the JVM may run under"));
        assertTrue(SeccompOutcome.unsafeKernel("2", "not a release").contains("older than Linux 5.16"));
        assertTrue(SeccompOutcome.unsafeKernel("2", null).contains("this kernel (its release unknown) is older"));
        for (String newer : List.of("5.16.0", "5.19.17-1", "6.1.0-18-amd64", "6.18.44-fc-v1252", "10.0")) {
            assertNull(SeccompOutcome.unsafeKernel("2", newer), newer);
            assertNull(SeccompOutcome.unsafeKernel(null, newer), newer);
        }
        for (String older : List.of("3.10.0-1160.el7.x86_64", "4.19.0", "5.4.0-42-generic", "5.10.0-28-amd64")) {
            assertNull(SeccompOutcome.unsafeKernel("0", older), "no filter, nothing can kill the child: " + older);
            assertTrue(SeccompOutcome.kernelBefore516(older), older);
        }
        assertTrue(SeccompOutcome.kernelBefore516("99999999999.1"), "more digits than an int: not read");
    }

    @Test
    void childrenAndTheRest() {
        assertTrue(reason(SeccompNative.CHILD_CREATE, EAGAIN, 0, null)
                .contains("clone failed with EAGAIN (a limit on processes"));
        assertTrue(reason(SeccompNative.CHILD_WAIT, 10, 0, null).contains("waitpid failed with ECHILD"));
        assertTrue(reason(SeccompNative.CHILD_STACK, ENOMEM, 0, null).contains("mmap failed with ENOMEM"));
        assertTrue(reason(SeccompNative.CHILD_LOST, 3, 0, null).contains("exited with status 3 before it finished"));
        assertTrue(reason(SeccompNative.OLD_LIBC, 2017, 0, null).startsWith("this C library, glibc 2.17, is older"
                + " than 2.25"));
        assertTrue(reason(SeccompNative.OLD_LIBC, -1, 0, null).contains("glibc (version unknown)"));
        assertTrue(reason(SeccompNative.UNSUPPORTED_ARCH, 0, 0, null).contains("(x86_64)"));
        assertTrue(reason(SeccompNative.BAD_ARGUMENTS, 0, 0, null).contains("a bug in vdso-agent"));
        assertTrue(reason(SeccompNative.NOT_IN_VDSO, 0, 0, null).contains("not in the executable segment"));
        assertTrue(reason(SeccompNative.SIGNAL_MASK, EINVAL, 0, null).contains("rt_sigprocmask failed with EINVAL"));
        assertTrue(reason(SeccompNative.NOT_INTERCEPTED, 0, 0, null).contains("(it returned 0)"));
        long[] refused = out(EPERM, 0);
        refused[SeccompNative.H_MARKER_RESULT] = -1;
        assertTrue(SeccompOutcome.reason(SeccompNative.NOT_INTERCEPTED, refused, null, "x86_64")
                .contains("returned -1 with EPERM"));
        assertTrue(reason(99, 0, 0, null).contains("unknown stage 99"));
    }

    @Test
    void entriesBecomeReadings() {
        long[] out = out(0, 0);
        out[SeccompNative.H_CHILD_PID] = 1234;
        entry(out, 0, SeccompNative.ENTRY_DONE, 17, 0, 0, 16, 400);
        entry(out, 1, SeccompNative.ENTRY_DONE, 17, 17, 0, 0, 0);
        entry(out, 2, SeccompNative.ENTRY_FAILED, 17, 0, EINVAL, 0, 0);
        entry(out, 3, SeccompNative.ENTRY_ABSENT, 0, 0, 0, 0, 0);
        SeccompProbeResult result = SeccompOutcome.decode(SeccompNative.DONE, out, CLOCKS, false, null, "x86_64");

        assertTrue(result.available());
        assertEquals(1234, result.probeChildPid());
        SeccompReading monotonic = result.clock(ClockId.CLOCK_MONOTONIC);
        assertEquals("vdso (measured): measured by seccomp: 0 of 17 reads through the vDSO's clock_gettime entered"
                + " the kernel", monotonic.verdict().toString());
        assertEquals(25.0, monotonic.nanosPerRead());
        SeccompReading cpu = result.clock(ClockId.CLOCK_THREAD_CPUTIME_ID);
        assertEquals(Verdict.Path.KERNEL, cpu.verdict().path());
        assertNull(cpu.nanosPerRead());
        SeccompReading gettimeofday = result.function(TimeSyscall.GETTIMEOFDAY);
        assertFalse(gettimeofday.measured());
        assertTrue(gettimeofday.failure().contains("failed with EINVAL"), gettimeofday.failure());
        assertNull(result.function(TimeSyscall.TIME), "absent from this vDSO");
    }

    @Test
    void aPartlyEnteringClockIsPartial() {
        long[] out = out(0, 0);
        entry(out, 0, SeccompNative.ENTRY_DONE, 17, 5, 0, 0, 0);
        entry(out, 1, SeccompNative.ENTRY_NOT_RUN, 0, 0, 0, 0, 0);
        SeccompProbeResult result = SeccompOutcome.decode(SeccompNative.DONE, out, CLOCKS, false, null, "x86_64");
        assertEquals(Verdict.Path.PARTIAL, result.clock(ClockId.CLOCK_MONOTONIC).verdict().path());
        assertEquals("the probe made no read of it", result.clock(ClockId.CLOCK_THREAD_CPUTIME_ID).failure());
    }
}
