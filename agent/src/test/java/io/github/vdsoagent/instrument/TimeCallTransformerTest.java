package io.github.vdsoagent.instrument;

import io.github.vdsoagent.boot.ClockStub;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.fixtures.MixedMethods;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.Rewritten;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transformer over classes offered more than once: a definition that failed comes back with the same bytes. */
class TimeCallTransformerTest {
    private static final String MIXED = MixedMethods.class.getName().replace('.', '/');

    private static TimeCallTransformer transformer(SiteRegistry sites) {
        return new TimeCallTransformer(new ClassFilter(List.of(), List.of()), sites, null, null, ClockStub.class,
                new RecentRewrites(false)); // kept whatever the collector does: the counts below must not depend on it
    }

    @Test
    void theSameClassOfferedAgainIsRewrittenOnceAndCountedOnce() {
        SiteRegistry sites = new SiteRegistry();
        TimeCallTransformer transformer = transformer(sites);
        byte[] original = Rewritten.bytesOf(MixedMethods.class);
        byte[] first = transformer.transform(null, null, MIXED, null, null, original.clone());
        assertNotNull(first);
        for (int i = 0; i < 5; i++) {
            byte[] again = transformer.transform(null, null, MIXED, null, null, original.clone());
            assertArrayEquals(first, again);
            assertNotSame(first, again, "each caller gets its own copy");
        }
        assertEquals(1, transformer.stats().classesRewritten());
        assertEquals(2, transformer.stats().sitesFound());
        assertEquals(2, sites.size());
    }

    @Test
    void otherBytesOrAnotherLoaderAreRewrittenAfresh() throws Exception {
        TimeCallTransformer transformer = transformer(new SiteRegistry());
        byte[] original = Rewritten.bytesOf(MixedMethods.class);
        transformer.transform(null, null, MIXED, null, null, original);
        try (URLClassLoader other = new URLClassLoader(new URL[0])) {
            assertNotNull(transformer.transform(null, other, MIXED, null, null, original));
        }
        byte[] changed = Arrays.copyOf(original, original.length + 1); // trailing byte: the class file's attributes end before it
        transformer.transform(null, null, MIXED, null, null, changed);
        assertEquals(3, transformer.stats().classesRewritten());
    }

    /** What is kept never stays in the heap: the memory benchmark counts it against every call site. */
    @Test
    void theCollectorFreesWhatIsKept() throws InterruptedException {
        RecentRewrites recent = new RecentRewrites(true);
        byte[] bytes = Rewritten.bytesOf(TimeCalls.class);
        recent.put(null, "C", bytes, bytes);
        for (int i = 0; i < 50 && recent.size() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, recent.size());
        assertTrue(recent.get(null, "C", bytes) == null);
    }

    @Test
    void theRecentListStaysBounded() {
        RecentRewrites recent = new RecentRewrites(false);
        byte[] bytes = Rewritten.bytesOf(TimeCalls.class);
        for (int i = 0; i < 3 * RecentRewrites.MAX_ENTRIES; i++) {
            recent.put(null, "C" + i, bytes, bytes);
        }
        assertEquals(RecentRewrites.MAX_ENTRIES, recent.size());
        assertTrue(recent.get(null, "C0", bytes) == null, "the oldest went first");
        assertNotNull(recent.get(null, "C" + (3 * RecentRewrites.MAX_ENTRIES - 1), bytes));
        byte[] huge = new byte[RecentRewrites.MAX_BYTES];
        recent.put(null, "Huge", huge, huge);
        assertTrue(recent.get(null, "Huge", huge) == null, "too big to keep");
    }
}
