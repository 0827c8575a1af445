package io.github.vdsoagent.vdso;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * This JVM's vDSO, resolved once through /proc for the clock setup and every report: a process's vDSO mapping does
 * not move. A short JVM's exit report would otherwise spend ~10 ms on it (reading /proc, parsing the image, loading
 * the classes that do both) after the application has finished, so the agent resolves it ahead of need, on its clock
 * setup's thread before that waits for its time ({@link #resolveNow}).
 */
public final class ThisProcessVdso {
    private static final FutureTask<Vdso> RESOLVED = new FutureTask<>(new ThroughProc());

    private ThisProcessVdso() {
    }

    /** Resolves it now, on this thread, unless it is already resolved or being resolved. Never throws. */
    public static void resolveNow() {
        RESOLVED.run();
    }

    /**
     * The vDSO: resolved here if no thread has begun to, else by the thread that has (waiting for it if need be). A
     * failure is not kept: each later call tries afresh, so that a passing one (an interrupted read of /proc) does
     * not stay in every report of a long-lived JVM.
     */
    public static Vdso get() throws VdsoUnavailableException {
        RESOLVED.run();
        try {
            return RESOLVED.get();
        } catch (ExecutionException failedOnce) {
            return VdsoResolver.resolve();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VdsoUnavailableException("interrupted while another thread resolved the vDSO", e);
        }
    }

    private static final class ThroughProc implements Callable<Vdso> {
        @Override
        public Vdso call() throws VdsoUnavailableException {
            return VdsoResolver.resolve();
        }
    }
}
