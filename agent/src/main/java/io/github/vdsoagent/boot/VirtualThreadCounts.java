package io.github.vdsoagent.boot;

/**
 * The call counts of all virtual threads together: they may number millions, each living for one request, so they
 * share one set of counts and increment it atomically.
 */
final class VirtualThreadCounts {
    private volatile long[][] pages = CountPages.empty();

    void increment(int site) {
        long[][] p = pages;
        int index = site >>> CountPages.SHIFT;
        long[] page;
        if (index < p.length && (page = p[index]) != null) {
            CountPages.COUNT.getAndAdd(page, site & CountPages.MASK, 1L);
            if (--page[CountPages.COUNTDOWN] <= 0) { // racy: a decrement lost between threads only moves a sample
                StackSampler.due(page, site);
            }
            return;
        }
        addPageAndIncrement(site);
    }

    private synchronized void addPageAndIncrement(int site) {
        int index = site >>> CountPages.SHIFT;
        long[][] p = pages;
        if (index >= p.length || p[index] == null) {
            pages = CountPages.withPage(p, index);
        }
        increment(site);
    }

    void addTo(long[] totals) {
        CountPages.addTo(pages, totals);
    }
}
