package io.github.vdsoagent.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** interval=: a session's report every so often, on a daemon thread that ends with the session. */
final class PeriodicReports {
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

    void stop() {
        timer.shutdownNow();
    }
}
