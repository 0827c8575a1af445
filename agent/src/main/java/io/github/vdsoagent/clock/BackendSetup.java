package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.nativelib.NativeHelperFile;
import io.github.vdsoagent.nativelib.NativeHelperUnavailableException;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import io.github.vdsoagent.vdso.Vdso;
import io.github.vdsoagent.vdso.VdsoResolver;
import io.github.vdsoagent.vdso.VdsoUnavailableException;
import org.slf4j.Logger;

import java.util.function.IntToLongFunction;

/**
 * Brings the clock stub from its starting point, the JVM's own calls, to the path asked for: loads the native
 * helper, resolves the vDSO, binds its clock_gettime, checks that it tells the same time as the kernel, and only
 * then switches. Any step that fails leaves the stub on the JVM's calls, with the reason kept for the report.
 */
public final class BackendSetup {
    private static final Logger log = AgentLog.get(BackendSetup.class);
    /** A bound clock_gettime must agree with the system call to well within this. */
    private static final long AGREEMENT_NANOS = 50_000_000L;

    private BackendSetup() {
    }

    /** Sets up the stub inside the agent's host JVM, resolving the vDSO through /proc only. */
    public static BackendChoice install(ClockMode requested) {
        return install(requested, false);
    }

    /**
     * @param inOwnJvm true in the CLI's own JVM, where the vDSO may be found with JNA's getauxval as well
     */
    public static BackendChoice install(ClockMode requested, boolean inOwnJvm) {
        String denied = NativeAccess.reasonDenied();
        if (requested == ClockMode.JVM) {
            return resolveForReport("jvm", requested, ClockMode.JVM, "clock=jvm: the JVM's own calls, counted");
        }
        if (denied != null) {
            return fallBack(requested, denied);
        }
        try {
            loadNativeHelper();
        } catch (NativeHelperUnavailableException e) {
            return fallBack(requested, e.getMessage());
        }
        if (requested == ClockMode.SYSCALL) {
            ClockBackend.use(ClockBackend.SYSCALL);
            return resolveForReport("jni", requested, ClockMode.SYSCALL, null);
        }
        Vdso vdso;
        try {
            vdso = inOwnJvm ? VdsoResolver.resolveWithJna() : VdsoResolver.resolve();
        } catch (VdsoUnavailableException e) {
            return fallBack(requested, e.getMessage());
        }
        ClockBackend.bindVdso(vdso.clockGettimeAddress());
        String disagreement = disagreement(ClockBackend::readVdso);
        if (disagreement != null) {
            return new BackendChoice("jvm", requested, ClockMode.JVM, disagreement, vdso, null);
        }
        if (ffmBinds(vdso)) {
            ClockBackend.use(ClockBackend.FFM);
            return new BackendChoice("ffm", requested, ClockMode.VDSO, null, vdso, null);
        }
        ClockBackend.use(ClockBackend.VDSO);
        return new BackendChoice("jni", requested, ClockMode.VDSO, null, vdso, null);
    }

    /**
     * On JDK 22+, binds an FFM downcall to the same function and prefers it when it agrees with the kernel: as a
     * critical call it skips the thread-state transitions that every JNI call pays (BENCHMARKS.md has the figures).
     */
    private static boolean ffmBinds(Vdso vdso) {
        if (!FfmDowncall.available()) {
            return false;
        }
        try {
            ClockBackend.bindFfm(FfmDowncall.clockGettime(vdso.clockGettimeAddress()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("no FFM downcall, staying with JNI: {}", e.toString());
            return false;
        }
        return disagreement(ClockBackend::readFfm) == null;
    }

    private static void loadNativeHelper() throws NativeHelperUnavailableException {
        NativeHelperFile file = NativeHelperFile.extract();
        try {
            ClockBackend.loadNative(file.file().toString());
        } catch (UnsatisfiedLinkError | SecurityException e) {
            throw new NativeHelperUnavailableException("cannot load the native helper (a noexec directory? set -D"
                    + NativeHelperFile.DIR_PROPERTY + "=DIR): " + e.getMessage(), e);
        } finally {
            file.delete();
        }
    }

    /** Null if the bound vDSO function and the kernel agree on CLOCK_MONOTONIC and CLOCK_REALTIME. */
    private static String disagreement(IntToLongFunction viaVdsoPath) {
        for (int clock : new int[]{ClockBackend.CLOCK_MONOTONIC, ClockBackend.CLOCK_REALTIME}) {
            long viaSyscall = ClockBackend.readSyscall(clock);
            long viaVdso = viaVdsoPath.applyAsLong(clock);
            if (viaVdso == ClockBackend.FALLBACK || Math.abs(viaVdso - viaSyscall) > AGREEMENT_NANOS) {
                return "the resolved vDSO clock_gettime disagrees with the kernel on clock " + clock
                        + " (" + viaVdso + " vs " + viaSyscall + " ns): not used";
            }
        }
        return null;
    }

    private static BackendChoice fallBack(ClockMode requested, String reason) {
        log.info("reading clocks through the JVM's own calls: {}", reason);
        return resolveForReport("jvm", requested, ClockMode.JVM, reason);
    }

    /** The vDSO is still worth showing in the report when the stub does not call it. */
    private static BackendChoice resolveForReport(String name, ClockMode requested, ClockMode effective, String reason) {
        try {
            return new BackendChoice(name, requested, effective, reason, VdsoResolver.resolve(), null);
        } catch (VdsoUnavailableException e) {
            return new BackendChoice(name, requested, effective, reason, null, e.getMessage());
        }
    }
}
