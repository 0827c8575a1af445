package io.github.vdsoagent.host;

import java.time.Instant;

/**
 * Watches the kernel's current clocksource, which it may switch while the JVM runs (it drops the TSC when it finds it
 * unstable, for one): a daemon thread reads it once a second, a file read of some microseconds, and tells its
 * listener when it changes. Ends when stopped.
 */
public final class ClocksourceWatch implements Runnable {
    static final String THREAD_NAME = "vdso-agent-clocksource";
    private static final long PERIOD_MS = 1000;

    /** Told of each change, on the watch's thread. */
    public interface Listener {
        void changed(String from, String to, Instant at);
    }

    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopped;

    private ClocksourceWatch(Listener listener) {
        this.listener = listener;
        this.thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
    }

    public static ClocksourceWatch start(Listener listener) {
        ClocksourceWatch watch = new ClocksourceWatch(listener);
        watch.thread.start();
        return watch;
    }

    @Override
    public void run() {
        String last = Clocksource.read().current();
        while (!stopped) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            String now = Clocksource.read().current();
            if (!stopped && now != null && !now.equals(last)) {
                try {
                    listener.changed(last, now, Instant.now());
                } catch (RuntimeException e) {
                    // the listener's failure is its own; the watch goes on
                }
                last = now;
            }
        }
    }

    public void stop() {
        stopped = true;
        thread.interrupt();
    }
}
