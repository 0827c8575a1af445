package io.github.vdsoagent.instrument;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The last few classes the transformer rewrote, by class loader, name and original bytes. A class whose definition
 * fails (a dependency missing from the class path) is offered to the transformer again at every later reference to
 * it, with the same bytes: in the start-up benchmark one Guava class came back 25 times, each rewrite 0.3 to 3 ms
 * of the application's start-up. Bounded in entries and in bytes, and held weakly: such retries come in bursts, as
 * classes load, and the next garbage collection frees what is kept (kept strongly, up to a megabyte stayed in the
 * heap for good, ~100 bytes per call site in the memory benchmark).
 */
final class RecentRewrites {
    static final int MAX_ENTRIES = 16;
    static final int MAX_BYTES = 1 << 20;

    private final ArrayDeque<Held> entries = new ArrayDeque<>();
    private final boolean weakly;
    private int bytes;

    /** @param weakly whether the garbage collector may free the entries (always, but in tests of the bounds) */
    RecentRewrites(boolean weakly) {
        this.weakly = weakly;
    }

    /** A copy of the rewritten bytes if this class, with these very bytes, was rewritten recently; else null. */
    synchronized byte[] get(ClassLoader loader, String name, byte[] original) {
        for (Iterator<Held> it = entries.iterator(); it.hasNext(); ) {
            Held held = it.next();
            Entry entry = held.get();
            if (entry == null || entry.loaderGone()) {
                it.remove();
                bytes -= held.size;
            } else if (entry.matches(loader, name, original)) {
                return entry.rewritten.clone(); // a later transformer in the chain may write into what it gets
            }
        }
        return null;
    }

    synchronized void put(ClassLoader loader, String name, byte[] original, byte[] rewritten) {
        Entry entry = new Entry(loader, name, original.clone(), rewritten.clone());
        if (entry.size() > MAX_BYTES) {
            return;
        }
        entries.addFirst(new Held(entry, weakly));
        bytes += entry.size();
        while (entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) {
            bytes -= entries.removeLast().size;
        }
    }

    /** Entries not yet freed by the garbage collector. */
    synchronized int size() {
        int live = 0;
        for (Held held : entries) {
            live += held.get() == null ? 0 : 1;
        }
        return live;
    }

    private static final class Held extends WeakReference<Entry> {
        final int size;
        /** The entry itself when held strongly. */
        private final Entry strong;

        Held(Entry entry, boolean weakly) {
            super(entry);
            this.size = entry.size();
            this.strong = weakly ? null : entry;
        }
    }

    private static final class Entry {
        private final boolean bootLoader;
        private final WeakReference<ClassLoader> loader;
        private final String name;
        private final byte[] original;
        final byte[] rewritten;

        Entry(ClassLoader loader, String name, byte[] original, byte[] rewritten) {
            this.bootLoader = loader == null;
            this.loader = new WeakReference<>(loader);
            this.name = name;
            this.original = original;
            this.rewritten = rewritten;
        }

        boolean loaderGone() {
            return !bootLoader && loader.get() == null;
        }

        boolean matches(ClassLoader other, String otherName, byte[] otherOriginal) {
            return name.equals(otherName) && (bootLoader ? other == null : loader.get() == other)
                    && Arrays.equals(original, otherOriginal);
        }

        int size() {
            return original.length + rewritten.length;
        }
    }
}
