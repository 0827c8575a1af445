package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Exact call counts per call site. Each platform thread counts into its own {@link ThreadCounts}, so an increment
 * is plain and exact under any contention. Virtual threads, which may number millions, count into their carrier's
 * ({@link CarrierThread}); where the JDK cannot name the carrier, they share atomic counts in stripes by thread id
 * ({@link VirtualThreadCounts}). A report sums all threads; counts of threads that have ended are folded into
 * {@link #retired} so that nothing is lost and no thread is kept alive.
 *
 * <p>The thread that counts most at a page of sites finds its counts there through {@link PageOwners} in two
 * loads. Every other thread finds its counts in a table indexed by its thread id: each slot holds a chain of the
 * counts of the threads whose ids fall there, checked by identity. Ids are handed out in sequence, so live threads
 * share a slot only when their ids lie a multiple of {@link #SLOTS} apart; a thread behind another in its chain
 * walks to its counts. The identity check keeps counts exact whatever ids a Thread subclass reports. No ThreadLocal
 * is used: the JDK clears those of its common pool's workers whenever they go idle, and the counts must stay.
 */
public final class CallCounter {
    static final int SLOTS = 1024;
    /** Read without a lock by the counting threads; chains are changed under the class's lock only. */
    private static final ThreadCounts[] BY_THREAD_ID = new ThreadCounts[SLOTS];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(ThreadCounts[].class);
    private static final MethodHandle THREAD_ID = threadIdHandle();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static final VirtualThreadCounts virtualThreads = new VirtualThreadCounts();
    private static long[] retired = new long[0];

    private CallCounter() {
    }

    /** Counts one call at {@code site}, in the calling thread's counts. */
    static void count(int site) {
        counted(site, 0L);
    }

    /**
     * Counts one call at {@code site} and returns {@code value}: the clock read the stub has just made passes through
     * the counting, and through the rare call that takes a stack sample, rather than being kept around them. A value
     * kept around a call, which compiled code must assume overwrites every register, is stored to the stack and
     * loaded back on every call, taken or not: about 2% of a 27 ns nanoTime in a hot loop (bench.plain.HotMethod, JDK
     * 17, clock=jvm). Only primitives: an object passed to a call that is not inlined escapes, so the JIT could no
     * longer scalar-replace it.
     */
    static long counted(int site, long value) {
        Thread thread = CarrierThread.current();
        long[] page = PageOwners.ownPage(thread, site);
        if (page == null) {
            countByThreadId(thread, site);
            return value;
        }
        return CountPages.increment(page, CountPages.slot(site)) ? StackSampler.due(page, site, value) : value;
    }

    /** The way every thread can take: its counts by thread id; then, if due, a bid for the page's shortcut. */
    private static void countByThreadId(Thread thread, int site) {
        int slot = slotOf(thread);
        ThreadCounts counts = BY_THREAD_ID[slot];
        if (counts == null || !counts.belongsTo(thread)) {
            if (isVirtual(thread)) {
                virtualThreads.increment(slot, site);
                return;
            }
            counts = platformCounts(thread, slot, counts);
            if (thread != CarrierThread.current()) {
                // A virtual thread that blocked on the lock of register() may have resumed on another carrier, whose
                // own code could be incrementing these counts right now: count again, on the carrier it is on.
                count(site);
                return;
            }
        }
        // Before the increment, whose stack sample may block (and move a virtual thread to another carrier): after
        // it this thread only reads the counts.
        long[] page = counts.pageToCount(site);
        boolean dueToCheck = PageOwners.dueToCheck(page);
        if (CountPages.increment(page, CountPages.slot(site))) {
            StackSampler.due(page, site);
        }
        if (dueToCheck || PageOwners.isFree(site)) {
            PageOwners.claim(counts, site);
        }
    }

    /** A platform thread's counts further down its slot's chain, registered if it has none. */
    private static ThreadCounts platformCounts(Thread thread, int slot, ThreadCounts first) {
        ThreadCounts counts = first;
        while (counts != null && !counts.belongsTo(thread)) {
            counts = counts.next;
        }
        return counts != null ? counts : register(thread, slot);
    }

    /** Total calls per site id so far, for sites {@code 0 .. siteCount-1}. */
    public static synchronized long[] snapshot(int siteCount) {
        long[] totals = new long[siteCount];
        boolean retiredAny = false;
        for (int slot = 0; slot < SLOTS; slot++) {
            retiredAny |= retireDead(slot);
        }
        if (retiredAny) {
            PageOwners.releaseRetired();
        }
        System.arraycopy(retired, 0, totals, 0, Math.min(retired.length, siteCount));
        for (int slot = 0; slot < SLOTS; slot++) {
            for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
                if (!counts.folded) {
                    counts.addTo(totals);
                }
            }
        }
        virtualThreads.addTo(totals);
        return totals;
    }

    /** Calls at all sites so far, by every thread: what {@link #snapshot} sums to, without its array of sites. */
    public static synchronized long total() {
        long sum = 0;
        for (long count : retired) {
            sum += count;
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
                sum += counts.folded ? 0 : counts.total();
            }
        }
        return sum + virtualThreads.total();
    }

    /** Whether a virtual thread's calls go into its carrier's counts, rather than into counts all of them share. */
    public static boolean countsVirtualThreadsOnCarriers() {
        return CarrierThread.countsOnCarriers();
    }

    /** Platform threads that have counted at least once and are still tracked. */
    public static synchronized int trackedThreads() {
        int tracked = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
                tracked += counts.folded ? 0 : 1;
            }
        }
        return tracked;
    }

    /**
     * A count by a platform thread its slot's chain does not hold: its counts join the end of the chain. The slot is
     * the one {@link #count} computed, so that no application code (a Thread subclass's getId) runs under the lock.
     */
    private static synchronized ThreadCounts register(Thread thread, int slot) {
        if (retireDead(slot)) { // threads come and go: each new one clears the ended ones from its slot
            PageOwners.releaseRetired();
        }
        ThreadCounts last = null;
        for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
            if (counts.belongsTo(thread)) {
                return counts;
            }
            last = counts;
        }
        ThreadCounts counts = new ThreadCounts(thread);
        if (last == null) {
            SLOT.setVolatile(BY_THREAD_ID, slot, counts);
        } else {
            last.next = counts;
        }
        return counts;
    }

    /**
     * Folds the counts of a slot's ended threads into {@link #retired}, then unlinks them; returns whether it found
     * any. Registration runs this on application threads at any stack depth, so the totals are built aside and
     * committed with plain stores only: an error thrown on the way (a StackOverflowError, say) loses no count and
     * counts none twice.
     */
    private static boolean retireDead(int slot) {
        int length = 0;
        for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
            length++;
        }
        if (length == 0) {
            return false;
        }
        ThreadCounts[] ended = new ThreadCounts[length];
        int found = 0;
        long[] totals = retired;
        for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
            // Ended, or collected: its last increments happen-before isAlive() returned false or the reference cleared.
            if (!counts.folded && counts.isDead()) {
                ended[found++] = counts;
                totals = Arrays.copyOf(totals, Math.max(totals.length, counts.capacity()));
                counts.addTo(totals);
            }
        }
        for (int i = 0; i < found; i++) {
            ended[i].folded = true;
        }
        retired = totals;
        unlinkFolded(slot);
        return found > 0;
    }

    /** A thread walking the chain meanwhile still finds its way on: unlinked counts keep their {@code next}. */
    private static void unlinkFolded(int slot) {
        ThreadCounts previous = null;
        for (ThreadCounts counts = BY_THREAD_ID[slot]; counts != null; counts = counts.next) {
            if (!counts.folded) {
                previous = counts;
            } else if (previous == null) {
                SLOT.setVolatile(BY_THREAD_ID, slot, counts.next);
            } else {
                previous.next = counts.next;
            }
        }
    }

    /**
     * Links the call sites of the carrier, thread-id and isVirtual handles on the calling thread: the first call
     * through each spins the JDK's method-handle classes, which the application's first counted call would otherwise
     * wait for. Counts nothing.
     */
    public static void linkAhead() {
        Thread thread = CarrierThread.current();
        slotOf(thread);
        isVirtual(thread);
    }

    private static int slotOf(Thread thread) {
        try {
            return (int) (long) THREAD_ID.invokeExact(thread) & (SLOTS - 1);
        } catch (Throwable e) { // a Thread subclass may override getId() before JDK 19
            return 0;
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

    /** Thread.isVirtual() exists from JDK 21; before that there are no virtual threads. */
    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
