package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * One thread's call counts, by call-site id, in pages of 64 that the thread allocates as it first reaches them.
 * Only the owning thread writes, so an increment needs no atomic instruction; opaque accesses keep every
 * increment visible to the reporting thread (the JIT may not fold a loop's increments into one) and each value
 * whole. A virtual thread shares one instance with the others, in which case increments are atomic instead.
 */
final class ThreadCounts {
    static final int PAGE_SHIFT = 6;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    /** Null for the instance shared by virtual threads. */
    final WeakReference<Thread> owner;
    private final boolean shared;
    /** Replaced, never mutated, once published: a reader sees a consistent set of pages. */
    private volatile long[][] pages = new long[4][];

    ThreadCounts(Thread owner) {
        this.owner = owner == null ? null : new WeakReference<>(owner);
        this.shared = owner == null;
    }

    void increment(int site) {
        long[][] p = pages;
        int index = site >>> PAGE_SHIFT;
        long[] page;
        if (index < p.length && (page = p[index]) != null) {
            int slot = site & PAGE_MASK;
            if (shared) {
                COUNT.getAndAdd(page, slot, 1L);
            } else {
                COUNT.setOpaque(page, slot, (long) COUNT.getOpaque(page, slot) + 1L);
            }
            return;
        }
        addPageAndIncrement(site);
    }

    private synchronized void addPageAndIncrement(int site) {
        int index = site >>> PAGE_SHIFT;
        long[][] p = pages;
        if (index >= p.length || p[index] == null) {
            long[][] grown = Arrays.copyOf(p, Math.max(p.length, Integer.highestOneBit(index) << 1));
            grown[index] = new long[PAGE_SIZE];
            pages = grown;
        }
        increment(site);
    }

    /** One more than the highest site id this thread has a page for. */
    int capacity() {
        return pages.length << PAGE_SHIFT;
    }

    boolean isDead() {
        if (owner == null) {
            return false;
        }
        Thread thread = owner.get();
        return thread == null || !thread.isAlive();
    }

    /** Adds this thread's counts into {@code totals} (indexed by site id), growing nothing beyond its length. */
    void addTo(long[] totals) {
        long[][] p = pages;
        for (int index = 0; index < p.length; index++) {
            long[] page = p[index];
            if (page == null) {
                continue;
            }
            int base = index << PAGE_SHIFT;
            int end = Math.min(PAGE_SIZE, totals.length - base);
            for (int slot = 0; slot < end; slot++) {
                totals[base + slot] += (long) COUNT.getOpaque(page, slot);
            }
        }
    }
}
