package io.github.vdsoagent.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A result set once, by whichever thread comes first, and waited for with a bound. CompletableFuture does this too,
 * but its first use at premain initializes the machinery of the JDK's common ForkJoinPool in the host's start-up.
 */
final class SettableResult<T> {
    private final CountDownLatch done = new CountDownLatch(1);
    private T value;
    private boolean set;

    /** Sets the value unless a value or a failure came first; true if this call set it. */
    boolean set(T result) {
        synchronized (this) {
            if (set) {
                return false;
            }
            set = true;
            value = result;
        }
        done.countDown();
        return true;
    }

    /** Ends it without a value: waiters get null. */
    boolean fail() {
        return set(null);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    /** The value, waiting at most {@code waitMs}; null if not set in time, failed, or the wait was interrupted. */
    T get(long waitMs) {
        try {
            if (!isDone() && !done.await(waitMs, TimeUnit.MILLISECONDS)) { // a value already set, even if interrupted
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        synchronized (this) {
            return value;
        }
    }
}
