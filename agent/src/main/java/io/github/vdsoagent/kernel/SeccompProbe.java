package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.SeccompNative;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.nativelib.NativeHelperLoader;
import io.github.vdsoagent.nativelib.NativeHelperUnavailableException;
import io.github.vdsoagent.vdso.ThisProcessVdso;
import io.github.vdsoagent.vdso.Vdso;
import io.github.vdsoagent.vdso.VdsoUnavailableException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The kernel check that needs no privileges: which clock reads through the vDSO stay in user space, measured by the
 * native helper in a short-lived child process that shares the JVM's memory, under a seccomp filter of that child
 * alone that fails the time system calls with an errno the kernel never gives them (see
 * native-helpers/src/main/c/seccomp_probe.c). No JVM thread ever gets the filter or the no-new-privs bit, and the
 * child has been reaped when a probe returns. Where the JVM's own seccomp filter kills (or traps) a process that
 * installs another, the child dies of it and the JVM is told why; on a kernel before 5.16 such a death would take the
 * JVM along, so there, under a filter, the probe is not tried. A probe of three clocks costs its caller some 45-85 us
 * once warm, the child's start and reaping included (10-15 us more than a thread of its own did); the first in a JVM
 * a few ms more, loading its classes (fixtures.SeccompProbeCost measures both). Meant for the agent's background
 * set-up thread, not for premain.
 *
 * <p>Needs native access (JDK 24+), the native helper, and this process's vDSO; without any of them, or where the
 * kernel or an existing seccomp filter refuses or kills the probe's, the result is unavailable with the reason.
 */
public final class SeccompProbe {
    /** Timed reads per function, after one untimed read. */
    static final int READS = 16;
    private static final Path THREAD_STATUS = Paths.get("/proc/thread-self/status");
    private static final Path PROCESS_STATUS = Paths.get("/proc/self/status");
    /** Whether this kernel is older than 5.16, where a killed child's core dump would kill the JVM too; read once. */
    private static volatile Boolean kernelBefore516;

    private SeccompProbe() {
    }

    /**
     * Probes each clock through the vDSO's clock_gettime, and the vDSO's gettimeofday and time where it has them.
     * Never throws: whatever goes wrong comes back as an unavailable result with the reason.
     */
    public static SeccompProbeResult probe(List<ClockId> clocks) {
        return run(clocks, false);
    }

    /**
     * Tests only: the same probe, but every read a direct system call, which the probe must find in the kernel;
     * proof that it can say "kernel" at all.
     */
    static SeccompProbeResult probeThroughSyscalls(List<ClockId> clocks) {
        return run(clocks, true);
    }

    private static SeccompProbeResult run(List<ClockId> clocks, boolean throughSyscalls) {
        try {
            return runOrFail(new ArrayList<>(new LinkedHashSet<>(clocks)), throughSyscalls);
        } catch (Throwable e) { // a helper that misbehaves, or anything else: the host must never notice
            return SeccompProbeResult.unavailable("the seccomp probe failed: " + e);
        }
    }

    private static SeccompProbeResult runOrFail(List<ClockId> clocks, boolean throughSyscalls) {
        String denied = NativeAccess.reasonDenied();
        if (denied != null) {
            return SeccompProbeResult.unavailable("the seccomp probe needs a native call: " + denied);
        }
        String notLoaded = loadHelper();
        if (notLoaded != null) {
            return SeccompProbeResult.unavailable(notLoaded);
        }
        long clockGettime = 0;
        long gettimeofday = 0;
        long time = 0;
        if (!throughSyscalls) {
            Vdso vdso;
            try {
                vdso = ThisProcessVdso.get();
            } catch (VdsoUnavailableException e) {
                return SeccompProbeResult.unavailable("the seccomp probe needs the vDSO: " + e.getMessage());
            }
            clockGettime = vdso.clockGettimeAddress();
            gettimeofday = VdsoTimeFunctions.gettimeofday(vdso);
            time = VdsoTimeFunctions.time(vdso);
        }
        String unsafe = unsafeKernel();
        if (unsafe != null) {
            return SeccompProbeResult.unavailable(unsafe);
        }
        int[] ids = new int[clocks.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = clocks.get(i).id();
        }
        long[] out = new long[SeccompNative.outLength(ids.length)];
        int stage = SeccompNative.probe(clockGettime, gettimeofday, time, ids, READS, throughSyscalls, out);
        boolean refused = stage == SeccompNative.NO_NEW_PRIVS || stage == SeccompNative.INSTALL;
        return SeccompOutcome.decode(stage, out, clocks, throughSyscalls, refused ? seccompMode() : null,
                HostFacts.arch());
    }

    /** Null where a child may be started safely; else why not (a filter, on a kernel before 5.16). */
    private static String unsafeKernel() {
        Boolean before = kernelBefore516;
        if (before == null) {
            before = SeccompOutcome.kernelBefore516(HostFacts.kernel());
            kernelBefore516 = before;
        }
        // the filter is read every time on such a kernel: one can be added at any time, never taken away
        return before ? SeccompOutcome.unsafeKernel(seccompMode(), HostFacts.kernel()) : null;
    }

    /** Null once the helper is loaded and has the probe, else why not. */
    private static String loadHelper() {
        if (SeccompNative.available()) {
            return null;
        }
        try {
            NativeHelperLoader.ensureLoaded();
        } catch (NativeHelperUnavailableException e) {
            return "the seccomp probe needs the native helper: " + e.getMessage();
        }
        return SeccompNative.available() ? null
                : "the native helper has no seccomp probe (it was built before the probe existed)";
    }

    /** The Seccomp: field of this thread's status, "0" or "2", to tell a refusal by an existing filter; or null. */
    static String seccompMode() {
        Path status = Files.isReadable(THREAD_STATUS) ? THREAD_STATUS : PROCESS_STATUS;
        try (BufferedReader lines = Files.newBufferedReader(status, StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("Seccomp:")) {
                    return line.substring("Seccomp:".length()).trim();
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return null;
    }
}
