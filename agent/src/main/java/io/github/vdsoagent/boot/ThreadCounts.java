package io.github.vdsoagent.boot;

import java.lang.ref.WeakReference;

/**
 * One platform thread's call counts. Only that thread writes them, so an increment needs no atomic instruction;
 * opaque accesses keep every increment visible to the reporting thread (the JIT may not fold a loop's increments
 * into one) and each value whole. The thread is referred to weakly, so that counts never keep it, or its context
 * class loader, alive: {@link #belongsTo} compares it by identity to find a thread's own counts.
 */
final class ThreadCounts extends WeakReference<Thread> {
    /** The next thread's counts in the same slot of CallCounter's table; written under CallCounter's lock only. */
    volatile ThreadCounts next;
    /** Whether these counts are in CallCounter's retired totals; under CallCounter's lock only. */
    boolean folded;
    /** Written by the owning thread only. */
    private volatile long[][] pages = CountPages.empty();

    ThreadCounts(Thread thread) {
        super(thread);
    }

    /** The page to count {@code site} in, added if no site in it has been counted. */
    long[] pageToCount(int site) {
        long[][] p = pages;
        int index = site >>> CountPages.SHIFT;
        long[] page;
        if (index < p.length && (page = p[index]) != null) {
            return page;
        }
        p = CountPages.withPage(p, index);
        pages = p;
        return p[index];
    }

    /** Whether these are {@code thread}'s counts: compared without making the thread strongly reachable. */
    boolean belongsTo(Thread thread) {
        return refersTo(thread);
    }

    /** Page {@code index} of these counts, or null if no site in it has been counted. */
    long[] page(int index) {
        long[][] p = pages;
        return index < p.length ? p[index] : null;
    }

    boolean isDead() {
        Thread thread = get();
        return thread == null || !thread.isAlive();
    }

    int capacity() {
        return CountPages.capacity(pages);
    }

    void addTo(long[] totals) {
        CountPages.addTo(pages, totals);
    }

    long total() {
        return CountPages.total(pages);
    }
}
