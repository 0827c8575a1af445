package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.SeccompNative;
import io.github.vdsoagent.clock.ClockId;
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

    @Test
    void threadsAndTheRest() {
        assertTrue(reason(SeccompNative.THREAD_CREATE, EAGAIN, 0, null)
                .contains("pthread_create failed with EAGAIN (a limit on threads"));
        assertTrue(reason(SeccompNative.THREAD_JOIN, EINVAL, 0, null).contains("pthread_join failed with EINVAL"));
        assertTrue(reason(SeccompNative.UNSUPPORTED_ARCH, 0, 0, null).contains("(x86_64)"));
        assertTrue(reason(SeccompNative.BAD_ARGUMENTS, 0, 0, null).contains("a bug in vdso-agent"));
        assertTrue(reason(SeccompNative.NOT_IN_VDSO, 0, 0, null).contains("not in the executable segment"));
        assertTrue(reason(SeccompNative.SIGNAL_MASK, EINVAL, 0, null).contains("pthread_sigmask"));
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
        out[SeccompNative.H_TID] = 1234;
        entry(out, 0, SeccompNative.ENTRY_DONE, 17, 0, 0, 16, 400);
        entry(out, 1, SeccompNative.ENTRY_DONE, 17, 17, 0, 0, 0);
        entry(out, 2, SeccompNative.ENTRY_FAILED, 17, 0, EINVAL, 0, 0);
        entry(out, 3, SeccompNative.ENTRY_ABSENT, 0, 0, 0, 0, 0);
        SeccompProbeResult result = SeccompOutcome.decode(SeccompNative.DONE, out, CLOCKS, false, null, "x86_64");

        assertTrue(result.available());
        assertEquals(1234, result.probeThreadId());
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
