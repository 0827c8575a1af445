package io.github.vdsoagent.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** interval=: a session's report every so often, on a daemon thread that ends with the session. */
final class PeriodicReports {
    /** A report takes milliseconds to write; a disk that takes longer does not get to hold up an exit. */
    private static final long IN_FLIGHT_WAIT_MS = 2_000;

    private final ScheduledExecutorService timer;

    private PeriodicReports(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static PeriodicReports start(Session session, Runnable writeReport) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "vdso-agent-interval-report");
            thread.setDaemon(true);
            return thread;
        });
        long ms = session.options().interval().toMillis();
        timer.scheduleWithFixedDelay(writeReport, ms, ms, TimeUnit.MILLISECONDS);
        return new PeriodicReports(timer);
    }

    /**
     * Cancels the next reports and waits, a bounded time, for one being written: otherwise it could rename its
     * older counts over the final report, or be cut off by the JVM's exit and leave its temporary file behind.
     */
    void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(IN_FLIGHT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
