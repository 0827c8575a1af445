package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.ProcessIdentity;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The end of a profile, on a daemon thread of its own: at the end of its window, the session ends and leaves its
 * final report for the CLI; if the CLI that asked for it is gone first (killed), at once and without a report. So a
 * profile never outlives its duration, nor the session that started it.
 */
final class ProfileEnd implements Runnable {
    /** How often the thread looks whether the CLI is still there. */
    private static final long CHECK_NANOS = 1_000_000_000L;

    private final Agent agent;
    private final Session session;
    private final long endNanos;
    private final ProcessIdentity client;
    private final Path exchange;
    private final Thread thread;
    private volatile boolean cancelled;

    private ProfileEnd(Agent agent, Session session, long endNanos, ProcessIdentity client, Path exchange) {
        this.agent = agent;
        this.session = session;
        this.endNanos = endNanos;
        this.client = client;
        this.exchange = exchange;
        this.thread = new Thread(this, "vdso-agent-profile-end");
        thread.setDaemon(true);
    }

    /** Ends {@code session}'s profile {@code duration} after its start (its counting window's). */
    static ProfileEnd schedule(Agent agent, Session session, Duration duration, ProcessIdentity client, Path exchange) {
        ProfileEnd end = new ProfileEnd(agent, session, session.startNanos() + duration.toNanos(), client, exchange);
        end.thread.start();
        return end;
    }

    @Override
    public void run() {
        long left;
        while (!cancelled && (left = endNanos - System.nanoTime()) > 0) {
            if (clientGone()) {
                agent.profileEnds(this, true);
                return;
            }
            long nap = Math.min(left, CHECK_NANOS);
            try {
                Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
            } catch (InterruptedException e) {
                return; // cancelled
            }
        }
        if (!cancelled) {
            agent.profileEnds(this, false);
        }
    }

    /** The session ended otherwise (detach, a new attach, the JVM's exit); called with the agent's lock held. */
    void cancel() {
        cancelled = true;
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }

    /** Whether the CLI that asked for this profile has gone (killed: one that ends normally ends its profile). */
    boolean clientGone() {
        return client != null && !client.isAlive();
    }

    Session session() {
        return session;
    }

    ProcessIdentity client() {
        return client;
    }

    Path exchange() {
        return exchange;
    }
}
