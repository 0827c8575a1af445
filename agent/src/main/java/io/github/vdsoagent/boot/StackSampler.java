package io.github.vdsoagent.boot;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Samples the stacks that time calls come from ({@code stacks=N}): each call is sampled with probability 1/N. Every
 * page of a thread's counts carries a countdown (CountPages) that the counting path decrements; when it runs out the
 * page comes here, gets a new countdown drawn at random (geometric, mean N: each call is sampled independently, so a
 * loop with a period cannot alias with the sampling), and the calling thread walks its stack into
 * {@link SampledStacks}. The walk is taken only within a per-JVM budget ({@link SampleBudget}), by at most
 * {@link #MAX_WALKERS} threads at once and never by a thread that is already walking; nothing here waits for a lock,
 * and nothing here throws into the caller.
 *
 * <p>While sampling is off every page's countdown is {@link #OFF_COUNTDOWN}: the counting path then comes here once
 * in that many calls, reads one field and goes back. A countdown drawn while sampling was off is not a random
 * draw, so the page's first return after sampling starts only draws one ({@link CountPages#ARMED}).
 */
public final class StackSampler {
    /** Stack samples a second, for the whole JVM (see docs/flamegraph.md for what one costs). */
    public static final int SAMPLES_PER_SECOND = 200;
    /** Samples the budget lets through at once, after a pause. */
    static final int BURST = 20;
    /** Countdown while sampling is off: how often a page checks whether sampling has started. */
    static final long OFF_COUNTDOWN = 4096;
    /** Threads that may walk their stacks at the same time; others skip their sample. */
    static final int MAX_WALKERS = 4;
    private static final String OWN_FRAMES = "io.github.vdsoagent.boot.";

    /** Calls per sample, 0 while off. */
    private static volatile int every;
    private static volatile int depth = 64;
    /** ln(1 - 1/N) for the countdowns' draws, set with {@link #every}. */
    private static volatile double logOfMiss;
    private static volatile Listener listener;
    private static final SampleBudget BUDGET = new SampleBudget(SAMPLES_PER_SECOND, BURST);
    private static final AtomicReferenceArray<Thread> WALKERS = new AtomicReferenceArray<>(MAX_WALKERS);
    private static final AtomicLong DUE = new AtomicLong();
    private static final AtomicLong OVER_BUDGET = new AtomicLong();
    private static final AtomicLong BUSY = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    /** When the counts above began (System.nanoTime()): a report says from when in its window calls were sampled. */
    private static volatile long countsSince = SamplingStats.NOT_STARTED;
    /** CallCounter's total at {@link #countsSince}: a report sets the calls since beside the samples due. */
    private static volatile long callsAtSince;

    private StackSampler() {
    }

    /** Told of each sample taken, on the thread that made the call (JFR); must not throw. */
    public interface Listener {
        void sampled(int site, String[] framesRootFirst);
    }

    /** Starts sampling one call in {@code everyNth} (0: off) to {@code maxDepth} frames, with nothing sampled yet. */
    public static void start(int everyNth, int maxDepth) {
        OwnerCheck.check(); // application code must not turn every call into a stack walk
        SampledStacks.clear();
        resetCounts();
        depth = Math.max(1, maxDepth);
        logOfMiss = everyNth > 1 ? Math.log(1.0 - 1.0 / everyNth) : 0;
        callsAtSince = CallCounter.total();
        every = Math.max(0, everyNth);
        countsSince = System.nanoTime();
    }

    /** Stops sampling; what was sampled stays until the next start or {@link #clear}. */
    public static void stop() {
        every = 0;
    }

    /** Forgets every sample, as a session's counting window begins afresh. */
    public static void clear() {
        SampledStacks.clear();
        resetCounts();
    }

    /** Who hears of each stored sample, on the sampled thread (the JFR events); null: no one. Owner only. */
    public static void listen(Listener l) {
        OwnerCheck.check();
        listener = l;
    }

    /** Calls per sample now; 0 while off. */
    public static int every() {
        return every;
    }

    public static int depth() {
        return depth;
    }

    /** What sampling has done since the last start or clear. */
    public static SamplingStats stats() {
        long since = countsSince;
        long calls = since == SamplingStats.NOT_STARTED ? 0 : Math.max(0, CallCounter.total() - callsAtSince);
        return new SamplingStats(DUE.get(), SampledStacks.samples(), OVER_BUDGET.get(), BUSY.get(),
                SampledStacks.notStored(), FAILED.get(), since, calls);
    }

    private static void resetCounts() {
        DUE.set(0);
        OVER_BUDGET.set(0);
        BUSY.set(0);
        FAILED.set(0);
        callsAtSince = every != 0 ? CallCounter.total() : 0;
        countsSince = every != 0 ? System.nanoTime() : SamplingStats.NOT_STARTED;
    }

    /** A new page of counts (and its countdown) for CountPages. */
    static long[] newPage() {
        long[] page = new long[CountPages.LENGTH];
        int n = every;
        page[CountPages.COUNTDOWN] = n == 0 ? OFF_COUNTDOWN : countdown(n);
        page[CountPages.ARMED] = n == 0 ? 0 : 1;
        return page;
    }

    /** A page's countdown ran out at {@code site}: a new countdown, then a sample if this one was a random draw. */
    static void due(long[] page, int site) {
        int n = every;
        boolean armed = page[CountPages.ARMED] != 0;
        page[CountPages.COUNTDOWN] = n == 0 ? OFF_COUNTDOWN : countdown(n); // first: a call made while walking cannot come back here
        page[CountPages.ARMED] = n == 0 ? 0 : 1;
        if (n != 0 && armed) {
            sample(site);
        }
    }

    /** {@link #due(long[], int)}, then {@code value}: the stub's read, passed through (see CallCounter.counted). */
    static long due(long[] page, int site, long value) {
        due(page, site);
        return value;
    }

    /** Calls until the next sample: geometric with mean n, so that each call is sampled with probability 1/n. */
    static long countdown(int n) {
        if (n <= 1) {
            return 1;
        }
        double logMiss = n == every ? logOfMiss : Math.log(1.0 - 1.0 / n); // logOfMiss is written before every
        // Math.log is an intrinsic; on JDK 17 Math.log1p is a native call into StrictMath's fdlibm
        double draw = Math.floor(Math.log(1.0 - ThreadLocalRandom.current().nextDouble()) / logMiss);
        return draw >= 1 << 30 ? 1 << 30 : 1 + (long) draw;
    }

    private static void sample(int site) {
        DUE.incrementAndGet();
        if (!BUDGET.take(System.nanoTime())) { // first: the way most samples due take, where calls are many
            OVER_BUDGET.incrementAndGet();
            return;
        }
        Thread self = Thread.currentThread();
        int slot = claimWalker(self);
        if (slot < 0) {
            BUSY.incrementAndGet();
            return;
        }
        try {
            StackWalk walk = StackWalk.of(depth);
            if (!SampledStacks.record(site, walk.frames(), walk.truncated())) {
                BUSY.incrementAndGet();
                return;
            }
            Listener l = listener;
            if (l != null) {
                l.sampled(site, walk.frames());
            }
        } catch (Throwable e) { // never into the application: a failed walk is a count in the report
            FAILED.incrementAndGet();
        } finally {
            WALKERS.set(slot, null);
        }
    }

    /** A walker's slot for {@code self}, or -1 if all are taken or {@code self} is already walking. */
    private static int claimWalker(Thread self) {
        for (int i = 0; i < MAX_WALKERS; i++) {
            if (WALKERS.get(i) == self) {
                return -1;
            }
        }
        for (int i = 0; i < MAX_WALKERS; i++) {
            if (WALKERS.get(i) == null && WALKERS.compareAndSet(i, null, self)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a frame of this class is the agent's own, above the call it counts. */
    static boolean isOwnFrame(String className) {
        return className.startsWith(OWN_FRAMES);
    }
}
