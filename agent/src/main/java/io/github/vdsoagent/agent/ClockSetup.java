package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.clock.BackendSetup;
import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.instrument.TimeApi;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.options.AgentOptions.ClockMode;
import org.slf4j.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets up the clock path off the application's start-up path, on a daemon thread: extracting and loading the
 * native helper, resolving the vDSO and timing the clocks take tens of milliseconds that the
 * application need not wait for. Until it is done the stub counts and reads through the JVM's own calls.
 */
final class ClockSetup {
    private static final Logger log = AgentLog.get(ClockSetup.class);

    private final CompletableFuture<BackendChoice> backend = new CompletableFuture<>();
    private final CompletableFuture<Calibration> calibration = new CompletableFuture<>();

    static ClockSetup startInBackground(ClockMode requested) {
        ClockSetup setup = new ClockSetup();
        Thread thread = new Thread(() -> setup.run(requested), "vdso-agent-clock-setup");
        thread.setDaemon(true);
        thread.start();
        return setup;
    }

    private void run(ClockMode requested) {
        try {
            backend.complete(BackendSetup.install(requested));
            calibration.complete(Calibration.measure(TimeApi.clocks()));
        } catch (Throwable e) {
            log.warn("clock setup failed; the JVM's own calls stay in use", e);
            backend.completeExceptionally(e);
            calibration.completeExceptionally(e);
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
