package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Counts by call-site id, in pages of 64 that are allocated as sites are first reached, so that a thread which
 * calls only a few sites holds only a few pages however many sites the application has. Arrays of pages are
 * replaced, never mutated, once published: a reader sees a consistent set of pages.
 */
final class CountPages {
    static final int SHIFT = 6;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;
    /**
     * Unused longs before and after a page's fields, 128 bytes: the garbage collector may move another thread's
     * counts, or any object another thread writes, right next to a page, and two threads writing one cache line (or
     * the pair of lines x86 fetches together) slow each other down on every call. Two threads calling one site took
     * twice as long per call in some runs and not others, before this padding (bench.plain.TwoThreads).
     */
    static final int PAD = 16;
    /** Where a page's counts begin: site {@code s} is counted at {@code slot(s)}. */
    static final int FIRST = PAD;
    /**
     * After a page's counts: the owning thread's countdown to its next stack sample, which only that thread writes
     * (racily shared by virtual threads, where a lost decrement only moves a sample), and whether the countdown was
     * drawn while sampling was on (see StackSampler). The sums below never read them.
     */
    static final int COUNTDOWN = FIRST + SIZE;
    static final int ARMED = COUNTDOWN + 1;
    /** Calls the owning thread counted in this page the long way, past PageOwners' shortcut (see PageOwners). */
    static final int LONG_WAY = ARMED + 1;
    static final int LENGTH = LONG_WAY + 1 + PAD;
    /** Opaque and atomic access to one count; see the users for which. */
    static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    private CountPages() {
    }

    /** Where in its page {@code site} is counted. */
    static int slot(int site) {
        return FIRST + (site & MASK);
    }

    /**
     * One more call, in a page only the calling thread writes: opaque, so that no increment is folded away. Returns
     * whether the page's countdown to a stack sample has run out: then the caller hands the page to StackSampler.
     */
    static boolean increment(long[] page, int at) {
        COUNT.setOpaque(page, at, (long) COUNT.getOpaque(page, at) + 1L);
        return --page[COUNTDOWN] <= 0;
    }

    /** The sum of a page's counts, read from any thread. */
    static long sum(long[] page) {
        long sum = 0;
        for (int at = FIRST; at < FIRST + SIZE; at++) {
            sum += (long) COUNT.getOpaque(page, at);
        }
        return sum;
    }

    /** The sum of the counts in {@code pages}, read from any thread. */
    static long total(long[][] pages) {
        long sum = 0;
        for (long[] page : pages) {
            sum += page == null ? 0 : sum(page);
        }
        return sum;
    }

    static long[][] empty() {
        return new long[4][];
    }

    /** {@code pages}, grown if needed, with a new page at {@code index}. */
    static long[][] withPage(long[][] pages, int index) {
        long[][] grown = Arrays.copyOf(pages, Math.max(pages.length, Integer.highestOneBit(index) << 1));
        grown[index] = StackSampler.newPage();
        return grown;
    }

    /** One more than the highest site id {@code pages} has room for. */
    static int capacity(long[][] pages) {
        return pages.length << SHIFT;
    }

    /** Adds the counts in {@code pages} into {@code totals} (indexed by site id), growing nothing beyond its length. */
    static void addTo(long[][] pages, long[] totals) {
        for (int index = 0; index < pages.length; index++) {
            long[] page = pages[index];
            if (page == null) {
                continue;
            }
            int base = index << SHIFT;
            int end = Math.min(SIZE, totals.length - base);
            for (int slot = 0; slot < end; slot++) {
                totals[base + slot] += (long) COUNT.getOpaque(page, FIRST + slot);
            }
        }
    }
}
