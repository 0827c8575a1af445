package io.github.vdsoagent.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stacks sampled so far, per call site: each distinct stack once, with how often it was sampled. Frames are
 * interned, so a stack costs an int per frame. Bounded: at most {@link #MAX_STACKS} distinct stacks,
 * {@link #MAX_FRAME_REFS} frames in all of them and {@link #MAX_FRAMES} distinct frames, about 20 MB at the very
 * worst; a new stack beyond any is counted, not stored (a stack already stored still counts its samples). A sampling thread never waits: if another holds the lock, its sample is skipped.
 */
public final class SampledStacks {
    static final int MAX_STACKS = 50_000;
    static final int MAX_FRAMES = 50_000;
    static final int MAX_FRAME_REFS = 2_000_000;
    /** The root frame of a stack cut at the sampling depth. */
    public static final String TRUNCATED = "[truncated]";

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Map<String, Integer> FRAME_IDS = new HashMap<>();
    private static final List<String> FRAMES = new ArrayList<>();
    private static final Map<Key, long[]> STACKS = new HashMap<>();
    private static long samples;
    private static long notStored;
    private static long frameRefs;

    private SampledStacks() {
    }

    /** One stored stack of a site and how often it was sampled. */
    public record Sample(int site, String[] framesRootFirst, long samples) {
    }

    /** Records one sample; false if the store was busy and the sample is skipped. */
    static boolean record(int site, String[] framesRootFirst, boolean truncated) {
        if (!LOCK.tryLock()) {
            return false;
        }
        try {
            int offset = truncated ? 1 : 0;
            int[] ids = new int[framesRootFirst.length + offset];
            if (truncated) {
                ids[0] = frameId(TRUNCATED);
            }
            for (int i = 0; i < framesRootFirst.length; i++) {
                ids[i + offset] = frameId(framesRootFirst[i]);
            }
            if (contains(ids, -1)) {
                notStored++;
                return true;
            }
            Key key = new Key(site, ids);
            long[] count = STACKS.get(key);
            if (count == null) {
                if (STACKS.size() >= MAX_STACKS || frameRefs + ids.length > MAX_FRAME_REFS) {
                    notStored++;
                    return true;
                }
                count = new long[1];
                STACKS.put(key, count);
                frameRefs += ids.length;
            }
            count[0]++;
            samples++;
            return true;
        } finally {
            LOCK.unlock();
        }
    }

    /** Every stored stack, with its samples. */
    public static List<Sample> snapshot() {
        LOCK.lock();
        try {
            List<Sample> all = new ArrayList<>(STACKS.size());
            for (Map.Entry<Key, long[]> e : STACKS.entrySet()) {
                int[] ids = e.getKey().frames;
                String[] frames = new String[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    frames[i] = FRAMES.get(ids[i]);
                }
                all.add(new Sample(e.getKey().site, frames, e.getValue()[0]));
            }
            return all;
        } finally {
            LOCK.unlock();
        }
    }

    static void clear() {
        LOCK.lock();
        try {
            FRAME_IDS.clear();
            FRAMES.clear();
            STACKS.clear();
            samples = 0;
            notStored = 0;
            frameRefs = 0;
        } finally {
            LOCK.unlock();
        }
    }

    static long samples() {
        LOCK.lock();
        try {
            return samples;
        } finally {
            LOCK.unlock();
        }
    }

    static long notStored() {
        LOCK.lock();
        try {
            return notStored;
        } finally {
            LOCK.unlock();
        }
    }

    /** The frame's id, or -1 if it is new and the store holds as many frames as it may. */
    private static int frameId(String frame) {
        Integer id = FRAME_IDS.get(frame);
        if (id != null) {
            return id;
        }
        if (FRAMES.size() >= MAX_FRAMES) {
            return -1;
        }
        FRAMES.add(frame);
        FRAME_IDS.put(frame, FRAMES.size() - 1);
        return FRAMES.size() - 1;
    }

    private static boolean contains(int[] ids, int value) {
        for (int id : ids) {
            if (id == value) {
                return true;
            }
        }
        return false;
    }

    /** A site and its stack's frame ids. */
    private static final class Key {
        final int site;
        final int[] frames;
        final int hash;

        Key(int site, int[] frames) {
            this.site = site;
            this.frames = frames;
            this.hash = 31 * site + Arrays.hashCode(frames);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).site == site && Arrays.equals(((Key) o).frames, frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
