package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.BackendSetup;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.instrument.TimeApi;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import org.slf4j.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets up the clock path off the application's start-up path, on a daemon thread: extracting and loading the
 * native helper, resolving the vDSO and timing the clocks take tens of milliseconds (on JDK 22+, with the FFM
 * linker's first use, a hundred or more) that the application need not wait for. Until it is done the stub counts
 * and reads through the JVM's own calls. A JVM that exits, or a session that ends, first {@link #abandon}s it: the
 * stub then stays on the JVM's calls, and the report says so, instead of the exit waiting for the setup.
 */
final class ClockSetup {
    private static final Logger log = AgentLog.get(ClockSetup.class);

    private final ClockMode requested;
    private final CompletableFuture<BackendChoice> backend = new CompletableFuture<>();
    private final CompletableFuture<Calibration> calibration = new CompletableFuture<>();
    /** Guards the switch of the stub's path against {@link #abandon}. */
    private final Object switching = new Object();
    /** Open once the stub's path can no longer change: switched, failed or abandoned. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private boolean abandoned;

    private ClockSetup(ClockMode requested) {
        this.requested = requested;
    }

    static ClockSetup startInBackground(ClockMode requested) {
        ClockSetup setup = new ClockSetup(requested);
        Thread thread = new Thread(setup::run, "vdso-agent-clock-setup");
        thread.setDaemon(true);
        thread.start();
        return setup;
    }

    private void run() {
        try {
            BackendChoice chosen = BackendSetup.install(requested);
            synchronized (switching) {
                if (abandoned) {
                    return;
                }
                chosen.apply();
                backend.complete(chosen);
            }
            settled.countDown(); // now, not after the calibration: a probe waiting for the path can start
            calibration.complete(Calibration.measure(TimeApi.clocks()));
        } catch (Throwable e) {
            log.warn("clock setup failed; the JVM's own calls stay in use", e);
            backend.completeExceptionally(e);
            calibration.completeExceptionally(e);
        } finally {
            settled.countDown();
        }
    }

    /**
     * Stops the setup from switching the stub, if it has not yet; after this the stub stays where it is. The
     * backend reported from then on is the one in use: the chosen one if the switch came first, else the JVM's own
     * calls, with the reason. Returns at once, apart from resolving the vDSO for that report (milliseconds).
     */
    void abandon() {
        synchronized (switching) {
            if (abandoned || backend.isDone()) {
                return;
            }
            abandoned = true;
        }
        settled.countDown(); // before the report's choice is made: a probe waiting for the path can start now
        backend.complete(BackendSetup.unfinished(requested));
        calibration.complete(null);
    }

    /** Waits at most {@code waitMs} until the stub's path can no longer change; true if it cannot. */
    boolean awaitSettled(long waitMs) {
        try {
            return settled.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The chosen backend, waiting at most {@code waitMs} for it; null if not ready or failed. */
    BackendChoice backend(long waitMs) {
        return await(backend, waitMs);
    }

    Calibration calibration(long waitMs) {
        return await(calibration, waitMs);
    }

    private static <T> T await(CompletableFuture<T> future, long waitMs) {
        try {
            return future.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
