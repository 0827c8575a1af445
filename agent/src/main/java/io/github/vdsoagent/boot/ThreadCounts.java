package io.github.vdsoagent.boot;

import java.lang.ref.WeakReference;

/**
 * One platform thread's call counts. Only that thread writes them, so an increment needs no atomic instruction;
 * opaque accesses keep every increment visible to the reporting thread (the JIT may not fold a loop's increments
 * into one) and each value whole. The thread is referred to weakly, so that counts never keep it, or its context
 * class loader, alive: {@link CallCounter} compares it by identity to find a thread's own counts.
 */
final class ThreadCounts extends WeakReference<Thread> {
    /** The next thread's counts in the same slot of CallCounter's table; written under CallCounter's lock only. */
    volatile ThreadCounts next;
    /** Whether these counts are in CallCounter's retired totals; under CallCounter's lock only. */
    boolean folded;
    /** Written by the owning thread only. */
    private volatile long[][] pages = CountPages.empty();

    ThreadCounts(Thread owner) {
        super(owner);
    }

    void increment(int site) {
        long[][] p = pages;
        int index = site >>> CountPages.SHIFT;
        long[] page;
        if (index < p.length && (page = p[index]) != null) {
            int at = site & CountPages.MASK;
            CountPages.COUNT.setOpaque(page, at, (long) CountPages.COUNT.getOpaque(page, at) + 1L);
            return;
        }
        pages = CountPages.withPage(p, index);
        increment(site);
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
}
