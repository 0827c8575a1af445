package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.PathReads;
import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.host.NativeAccess;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.nativelib.NativeHelperLoader;
import io.github.vdsoagent.nativelib.NativeHelperUnavailableException;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;
import io.github.vdsoagent.vdso.Vdso;
import io.github.vdsoagent.vdso.ThisProcessVdso;
import io.github.vdsoagent.vdso.VdsoResolver;
import io.github.vdsoagent.vdso.VdsoUnavailableException;
import org.slf4j.Logger;

import java.util.function.IntToLongFunction;

/**
 * Prepares the clock stub's way from its starting point, the JVM's own calls, to the path asked for: loads the
 * native helper, resolves the vDSO, binds its clock_gettime and checks that it tells the same time as the kernel.
 * The switch itself is the caller's ({@link PathChoice#apply()}), so that a JVM that exits or detaches meanwhile
 * can keep the stub where it is. Any step that fails leaves the choice on the JVM's calls, with the reason kept for
 * the report.
 */
public final class PathSetup {
    private static final Logger log = AgentLog.get(PathSetup.class);
    private static final String CLOCK_JVM = "clock=jvm: the JVM's own calls, counted";

    private PathSetup() {
    }

    /**
     * @param inOwnJvm     true in the CLI's own JVM, where the vDSO may be found with JNA's getauxval as well;
     *                     false inside the agent's host JVM, where it is resolved through /proc only
     * @param linkCritical whether a JNI read may be linked to the helper's critical entry (see CriticalEntry); the
     *                     CLI's own few reads have nothing to gain from it, and its report shows no JNI entry
     */
    public static PathChoice install(ClockMode requested, boolean inOwnJvm, boolean linkCritical) {
        String denied = NativeAccess.reasonDenied();
        if (requested == ClockMode.JVM) {
            return resolveForReport(ClockPath.JVM, requested, CLOCK_JVM);
        }
        if (denied != null) {
            return fallBack(requested, denied);
        }
        try {
            NativeHelperLoader.ensureLoaded();
        } catch (NativeHelperUnavailableException e) {
            return fallBack(requested, e.getMessage());
        }
        if (requested == ClockMode.SYSCALL) {
            return resolveForReport(ClockPath.SYSCALL, requested, null);
        }
        Vdso vdso;
        try {
            vdso = inOwnJvm ? VdsoResolver.resolveWithJna() : ThisProcessVdso.get();
        } catch (VdsoUnavailableException e) {
            return fallBack(requested, e.getMessage());
        }
        BackendBinding.bindVdso(vdso.clockGettimeAddress());
        String disagreement = disagreement(PathReads::readVdso, PathReads::readVdsoMillis,
                PathReads::readVdsoSecondsNanos);
        if (disagreement != null) {
            return new PathChoice(ClockPath.JVM, requested, disagreement, vdso, null);
        }
        // Before any further read: a native method's wrapper is generated once, at its 128th call or so.
        CriticalEntry entry = FfmDowncall.available() || inOwnJvm ? null
                : linkCritical ? CriticalEntry.link() : CriticalEntry.notAsked();
        if (ffmBinds()) {
            return new PathChoice(ClockPath.FFM, requested, null, vdso, null);
        }
        return new PathChoice(ClockPath.JNI, requested, null, vdso, null, entry);
    }

    /**
     * On JDK 22+, binds an FFM downcall to the helper's same read and prefers it when it agrees with the kernel: as a
     * critical call it skips the thread-state transitions that every JNI call pays (BENCHMARKS.md has the figures).
     */
    private static boolean ffmBinds() {
        if (!FfmDowncall.available()) {
            return false;
        }
        try {
            FfmDowncall.bind();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("no FFM downcall, staying with JNI: {}", e.toString());
            return false;
        }
        String disagreement = disagreement(PathReads::readFfm, PathReads::readFfmMillis,
                PathReads::readFfmSecondsNanos);
        if (disagreement != null) {
            log.info("{}; the FFM downcall stays unused, and reads go through JNI", disagreement);
        }
        return disagreement == null;
    }

    /** Null if the bound reads agree with the kernel's system calls (see {@link KernelAgreement}); else why not. */
    private static String disagreement(IntToLongFunction nanos, IntToLongFunction millis, IntToLongFunction packed) {
        return new KernelAgreement(PathReads::readSyscall).disagreement(nanos, millis, packed);
    }

    /**
     * The choice to report when the set-up failed unexpectedly (the agent's log says how): the stub never left the
     * JVM's own calls. The vDSO is resolved here for the report, which takes milliseconds.
     */
    public static PathChoice unfinished(ClockMode requested) {
        String reason = requested == ClockMode.JVM ? CLOCK_JVM
                : "the clock path's set-up failed (the agent's log says why), so every call read through the JVM's own"
                + " calls";
        return resolveForReport(ClockPath.JVM, requested, reason);
    }

    /** For a session that ended before the set-up switched the stub: the JVM's own calls, with {@code why}. */
    public static PathChoice notStarted(ClockMode requested, String why) {
        return resolveForReport(ClockPath.JVM, requested, requested == ClockMode.JVM ? CLOCK_JVM : why);
    }

    private static PathChoice fallBack(ClockMode requested, String reason) {
        log.info("reading clocks through the JVM's own calls: {}", reason);
        return resolveForReport(ClockPath.JVM, requested, reason);
    }

    /** The vDSO is still worth showing in the report when the stub does not call it. */
    private static PathChoice resolveForReport(ClockPath path, ClockMode requested, String reason) {
        try {
            return new PathChoice(path, requested, reason, ThisProcessVdso.get(), null);
        } catch (VdsoUnavailableException e) {
            return new PathChoice(path, requested, reason, null, e.getMessage());
        }
    }
}
