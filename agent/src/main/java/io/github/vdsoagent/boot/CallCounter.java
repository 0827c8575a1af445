package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Exact call counts per call site. Each platform thread counts into its own {@link ThreadCounts}, so the hot path
 * is a thread-local lookup and a plain increment, exact under any contention. A report sums all threads; counts
 * of threads that have ended are folded into {@link #retired} so that nothing is lost and no thread is kept alive.
 */
public final class CallCounter {
    private static final ThreadLocal<ThreadCounts> LOCAL = new ThreadLocal<ThreadCounts>() {
        @Override
        protected ThreadCounts initialValue() {
            return register(Thread.currentThread());
        }
    };
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static final List<ThreadCounts> live = new ArrayList<>();
    /** Shared by all virtual threads: they may number millions, each living for one request. */
    private static final ThreadCounts virtualThreads = new ThreadCounts(null);
    private static long[] retired = new long[0];

    private CallCounter() {
    }

    /** Counts one call at {@code site}, in the calling thread's counts. */
    static void count(int site) {
        LOCAL.get().increment(site);
    }

    /** Total calls per site id so far, for sites {@code 0 .. siteCount-1}. */
    public static synchronized long[] snapshot(int siteCount) {
        long[] totals = new long[siteCount];
        for (Iterator<ThreadCounts> it = live.iterator(); it.hasNext(); ) {
            ThreadCounts counts = it.next();
            if (counts.isDead()) {
                // The thread has ended: its last increments happen-before isAlive() returned false.
                retire(counts);
                it.remove();
            }
        }
        System.arraycopy(retired, 0, totals, 0, Math.min(retired.length, siteCount));
        for (ThreadCounts counts : live) {
            counts.addTo(totals);
        }
        virtualThreads.addTo(totals);
        return totals;
    }

    /** Platform threads that have counted at least once and are still tracked. */
    public static synchronized int trackedThreads() {
        return live.size();
    }

    private static void retire(ThreadCounts counts) {
        long[] all = new long[Math.max(retired.length, counts.capacity())];
        System.arraycopy(retired, 0, all, 0, retired.length);
        counts.addTo(all);
        retired = all;
    }

    private static ThreadCounts register(Thread thread) {
        if (isVirtual(thread)) {
            return virtualThreads;
        }
        ThreadCounts counts = new ThreadCounts(thread);
        synchronized (CallCounter.class) {
            live.add(counts);
        }
        return counts;
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    /** Thread.isVirtual() exists from JDK 21; before that there are no virtual threads. */
    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
