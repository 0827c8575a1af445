package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Exact call counts per call site. Each platform thread counts into its own {@link ThreadCounts}, so an increment
 * is plain and exact under any contention; virtual threads share one {@link VirtualThreadCounts}. A report sums
 * all threads; counts of threads that have ended are folded into {@link #retired} so that nothing is lost and no
 * thread is kept alive.
 *
 * <p>A thread finds its counts in a table indexed by its thread id, checked by identity: fewer dependent loads than
 * a ThreadLocal lookup, which matters because counting is most of what the agent adds to a call under
 * {@code clock=jvm} (JDK 17 nanoTime: 1.6 ns over the JVM's own call with a ThreadLocal, 0.7 ns with the table;
 * BENCHMARKS.md). A thread whose slot another live thread holds, and every virtual thread, takes the ThreadLocal
 * path; the identity check keeps counts exact whatever ids a Thread subclass reports.
 */
public final class CallCounter {
    /** Thread ids are handed out in sequence, so live threads rarely share a slot below this many threads. */
    private static final int SLOTS = 1024;
    private static final ThreadCounts[] BY_THREAD_ID = new ThreadCounts[SLOTS];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(ThreadCounts[].class);
    private static final MethodHandle THREAD_ID = threadIdHandle();
    private static final MethodHandle REFERS_TO = refersToHandle();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static final ThreadLocal<ThreadCounts> LOCAL = new ThreadLocal<ThreadCounts>() {
        @Override
        protected ThreadCounts initialValue() {
            return register(Thread.currentThread());
        }
    };

    private static final List<ThreadCounts> live = new ArrayList<>();
    private static final VirtualThreadCounts virtualThreads = new VirtualThreadCounts();
    private static long[] retired = new long[0];

    private CallCounter() {
    }

    /** Counts one call at {@code site}, in the calling thread's counts. */
    static void count(int site) {
        Thread thread = Thread.currentThread();
        ThreadCounts counts = BY_THREAD_ID[slotOf(thread)];
        if (counts != null && refersTo(counts, thread)) {
            counts.increment(site);
        } else {
            countSlowly(thread, site);
        }
    }

    private static void countSlowly(Thread thread, int site) {
        if (isVirtual(thread)) {
            virtualThreads.increment(site);
            return;
        }
        ThreadCounts counts = LOCAL.get();
        // A slot freed since this thread registered (its holder ended and was retired) is taken now.
        SLOT.compareAndSet(BY_THREAD_ID, counts.slot, null, counts);
        counts.increment(site);
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
        SLOT.compareAndSet(BY_THREAD_ID, counts.slot, counts, null);
        long[] all = new long[Math.max(retired.length, counts.capacity())];
        System.arraycopy(retired, 0, all, 0, retired.length);
        counts.addTo(all);
        retired = all;
    }

    /** A platform thread's first count: its counts are tracked, and take its slot unless a live thread holds it. */
    private static ThreadCounts register(Thread thread) {
        int slot = slotOf(thread);
        ThreadCounts counts = new ThreadCounts(thread, slot);
        synchronized (CallCounter.class) {
            live.add(counts);
        }
        ThreadCounts holder = (ThreadCounts) SLOT.getVolatile(BY_THREAD_ID, slot);
        if (holder == null || holder.isDead()) {
            SLOT.compareAndSet(BY_THREAD_ID, slot, holder, counts);
        }
        return counts;
    }

    private static int slotOf(Thread thread) {
        try {
            return (int) (long) THREAD_ID.invokeExact(thread) & (SLOTS - 1);
        } catch (Throwable e) { // only a Thread subclass overriding getId() on JDK 11-18 could throw here
            return 0;
        }
    }

    private static boolean refersTo(ThreadCounts counts, Thread thread) {
        try {
            return (boolean) REFERS_TO.invokeExact((Reference<Thread>) counts, (Object) thread);
        } catch (Throwable e) {
            return false;
        }
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

    /** Thread.threadId() (JDK 19+) is final; before it, getId() is all there is. */
    private static MethodHandle threadIdHandle() {
        MethodType type = MethodType.methodType(long.class);
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "threadId", type);
        } catch (ReflectiveOperationException e) {
            try {
                return MethodHandles.publicLookup().findVirtual(Thread.class, "getId", type);
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }
    }

    /** Reference.refersTo (JDK 16+) compares without keeping the referent alive; before it, get() is compared. */
    private static MethodHandle refersToHandle() {
        MethodType type = MethodType.methodType(boolean.class, Object.class);
        try {
            return MethodHandles.publicLookup().findVirtual(Reference.class, "refersTo", type);
        } catch (ReflectiveOperationException e) {
            try {
                return MethodHandles.lookup().findStatic(CallCounter.class, "refersToByGet",
                        MethodType.methodType(boolean.class, Reference.class, Object.class));
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }
    }

    private static boolean refersToByGet(Reference<?> reference, Object object) {
        return reference.get() == object;
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
