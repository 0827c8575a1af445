package io.github.vdsoagent.jfr;

import java.util.Arrays;

/**
 * Each call site's calls since its previous event: the totals last emitted, and the difference to the totals now.
 * Sites registered since (a longer array) start from zero. Not thread-safe: its owner emits under one lock.
 */
final class SiteDeltas {
    private long[] emitted;

    /** @param base the totals the first events count from (the session's start) */
    SiteDeltas(long[] base) {
        this.emitted = base.clone();
    }

    /** The calls per site since the last call (or the base), and from now on counts from {@code now}. */
    long[] advanceTo(long[] now) {
        long[] since = new long[now.length];
        for (int site = 0; site < now.length; site++) {
            long before = site < emitted.length ? emitted[site] : 0;
            since[site] = Math.max(0, now[site] - before);
        }
        emitted = now.length >= emitted.length ? now.clone() : merged(now);
        return since;
    }

    /** Counts from {@code base} on, dropping what was not emitted: a new recording, a profile's fresh window. */
    void restartFrom(long[] base) {
        emitted = base.clone();
    }

    /** A shorter snapshot than what was emitted (never, as totals only grow): keeps the sites it does not cover. */
    private long[] merged(long[] now) {
        long[] merged = Arrays.copyOf(emitted, emitted.length);
        System.arraycopy(now, 0, merged, 0, now.length);
        return merged;
    }
}
