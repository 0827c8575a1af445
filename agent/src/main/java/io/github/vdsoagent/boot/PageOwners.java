package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A shortcut for the one thread that counts most at a page of call sites (64 consecutive ids, most often one
 * class's): it finds its own counts for that page here in two loads, where the way by thread id takes six. The
 * loads matter because a clock read's fence waits for them (see ClockStub). This table only points at the owner's
 * own page of counts, so every increment still lands in the incrementing thread's own counts: counting stays exact
 * and reports are unchanged. Other threads count the long way, and now and then check whether the owner has gone
 * idle at the page; if it has (or has ended), the checking thread takes the page over.
 *
 * <p>Entries are written under this class's lock: the owner first, then, with release, its page. A reader loads
 * the page, with acquire, before the owner: a thread that then finds itself the owner holds its own page, even if
 * another thread is taking the entry over meanwhile.
 */
final class PageOwners {
    /** Pages with an owner: the first 262,144 site ids; sites beyond are counted the long way. */
    static final int PAGES = 4096;
    /** How many calls a thread counts the long way between two checks of its page's owner; a power of two. */
    static final int CHECK_EVERY = 4096;
    private static final ThreadCounts[] OWNERS = new ThreadCounts[PAGES];
    /** {@code OWNED[i]} is {@code OWNERS[i]}'s own page {@code i} of counts. */
    private static final long[][] OWNED = new long[PAGES][];
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[][].class);
    /** The sum of the owner's counts in the page at the last check: unchanged since, the owner is idle there. */
    private static final long[] SEEN = new long[PAGES];
    private static long handovers;

    private PageOwners() {
    }

    /** {@code thread}'s own page of counts for {@code site} if it owns that page; null: it counts the long way. */
    static long[] ownPage(Thread thread, int site) {
        int index = site >>> CountPages.SHIFT;
        if (index >= PAGES) {
            return null;
        }
        long[] page = (long[]) ENTRY.getAcquire(OWNED, index);
        ThreadCounts owner = OWNERS[index];
        return owner != null && owner.belongsTo(thread) ? page : null;
    }

    /**
     * Counts a call the thread of {@code page} (its own page of counts) counted there the long way; true every
     * {@link #CHECK_EVERY} such calls: then it checks the page's owner. The count lives in the page, which the call
     * writes anyway, rather than in an object other threads read.
     */
    static boolean dueToCheck(long[] page) {
        return (++page[CountPages.LONG_WAY] & (CHECK_EVERY - 1)) == 0;
    }

    /** Whether the page of {@code site} has no owner: the next platform thread to count there may claim it. */
    static boolean isFree(int site) {
        int index = site >>> CountPages.SHIFT;
        return index < PAGES && OWNERS[index] == null;
    }

    /**
     * Gives the page of {@code site} to the thread of {@code counts}, which has just counted there, if the page has
     * no owner, or if its owner has counted nothing in it since the last check.
     */
    static synchronized void claim(ThreadCounts counts, int site) {
        int index = site >>> CountPages.SHIFT;
        if (index >= PAGES) {
            return;
        }
        long[] page = counts.page(index);
        ThreadCounts owner = OWNERS[index];
        if (page == null || owner == counts) {
            return;
        }
        if (owner != null) {
            long activity = CountPages.sum(OWNED[index]);
            boolean idle = activity == SEEN[index];
            SEEN[index] = activity;
            if (!idle) {
                return;
            }
            handovers++;
        }
        OWNERS[index] = counts;
        ENTRY.setRelease(OWNED, index, page);
        SEEN[index] = CountPages.sum(page);
    }

    /** Frees the pages of owners whose counts have been retired (their threads have ended). */
    static synchronized void releaseRetired() {
        for (int index = 0; index < PAGES; index++) {
            ThreadCounts owner = OWNERS[index];
            if (owner != null && owner.folded) {
                OWNERS[index] = null;
                ENTRY.setRelease(OWNED, index, (long[]) null);
            }
        }
    }

    /** How many times a page has passed from one owner to another; for tests. */
    static synchronized long handovers() {
        return handovers;
    }

    /** Whether {@code thread} owns the page of {@code site}; for tests. */
    static synchronized boolean isOwner(Thread thread, int site) {
        int index = site >>> CountPages.SHIFT;
        return index < PAGES && OWNERS[index] != null && OWNERS[index].belongsTo(thread);
    }
}
