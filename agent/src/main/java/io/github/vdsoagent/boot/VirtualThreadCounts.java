package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The call counts of all virtual threads together: they may number millions, each living for one request, so they
 * share counts and increment them atomically. The counts are split into {@link #STRIPES} stripes, one chosen by the
 * thread's id, so that virtual threads running at once on different carriers mostly increment different cache
 * lines: with one set of counts, two virtual threads calling one site on two cores took 4.7 times as long per call as
 * without the agent (JDK 25, bench/run-plain.sh's virtual case). Each stripe keeps its own array of pages: one array
 * for all stripes' pages left two such threads almost as slow (measured; a page counted into probably shared a cache
 * line with that array, which every count reads). A report sums the stripes.
 */
final class VirtualThreadCounts {
    /** Twice the processors (the carriers), rounded up to a power of two, at most 16: 4 on 2 cores. */
    static final int STRIPES = Math.min(16, Integer.highestOneBit(Math.max(1, 2 * availableProcessors() - 1)) << 1);
    private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(long[][][].class);

    /** Each stripe's pages, replaced (never mutated once published) as pages are added, under this object's lock. */
    private final long[][][] stripes = new long[STRIPES][][];

    VirtualThreadCounts() {
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            stripes[stripe] = CountPages.empty();
        }
    }

    /** Counts a call at {@code site} in the stripe of {@code slot} (any int: the thread's id, say). */
    void increment(int slot, int site) {
        int stripe = slot & (STRIPES - 1);
        long[][] p = (long[][]) STRIPE.getAcquire(stripes, stripe);
        int index = site >>> CountPages.SHIFT;
        long[] page;
        if (index < p.length && (page = p[index]) != null) {
            CountPages.COUNT.getAndAdd(page, CountPages.slot(site), 1L);
            if (--page[CountPages.COUNTDOWN] <= 0) { // racy: a decrement lost between threads only moves a sample
                StackSampler.due(page, site);
            }
            return;
        }
        addPageAndIncrement(stripe, site);
    }

    private synchronized void addPageAndIncrement(int stripe, int site) {
        int index = site >>> CountPages.SHIFT;
        long[][] p = stripes[stripe];
        if (index >= p.length || p[index] == null) {
            STRIPE.setRelease(stripes, stripe, CountPages.withPage(p, index));
        }
        increment(stripe, site);
    }

    void addTo(long[] totals) {
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            CountPages.addTo((long[][]) STRIPE.getAcquire(stripes, stripe), totals);
        }
    }

    long total() {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += CountPages.total((long[][]) STRIPE.getAcquire(stripes, stripe));
        }
        return sum;
    }

    private static int availableProcessors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
