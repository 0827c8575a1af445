package io.github.vdsoagent.instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadedClassPrescan} over the classes loaded before the agent, on several threads when there are
 * thousands: at attach into a JVM with 5,000 loaded classes, reading and scanning them took about 280 ms on one
 * thread (JDK 25, 2 cores, measured), most of attach's time in the target. Each thread has its own prescan, and so
 * its own open jars; a thread that fails leaves its classes to be retransformed and scanned then.
 */
final class ParallelPrescan {
    /** Fewer classes than this (premain's handful) are read on the calling thread alone. */
    static final int MIN_CLASSES_PER_THREAD = 500;
    private static final int MAX_THREADS = 4;

    private ParallelPrescan() {
    }

    /** The classes of {@code loaded} that may call a time API, in their order. */
    static List<Class<?>> mayCallTimeApi(List<Class<?>> loaded) {
        int threads = Math.max(1, Math.min(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
                loaded.size() / MIN_CLASSES_PER_THREAD));
        boolean[] may = new boolean[loaded.size()];
        List<Thread> helpers = new ArrayList<>();
        for (int part = 1; part < threads; part++) {
            Thread helper = new Thread(new Part(loaded, may, part, threads), "vdso-agent-prescan");
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        new Part(loaded, may, 0, threads).run();
        joinAll(helpers);
        List<Class<?>> chosen = new ArrayList<>();
        for (int i = 0; i < may.length; i++) {
            if (may[i]) {
                chosen.add(loaded.get(i));
            }
        }
        return chosen;
    }

    /** Waits for every helper; an interrupt is kept for the caller, not allowed to cut the wait short. */
    private static void joinAll(List<Thread> helpers) {
        boolean interrupted = false;
        for (Thread helper : helpers) {
            while (helper.isAlive()) {
                try {
                    helper.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every {@code parts}-th class from {@code part} on; the answers go into {@code may}. */
    private static final class Part implements Runnable {
        private final List<Class<?>> loaded;
        private final boolean[] may;
        private final int part;
        private final int parts;

        Part(List<Class<?>> loaded, boolean[] may, int part, int parts) {
            this.loaded = loaded;
            this.may = may;
            this.part = part;
            this.parts = parts;
        }

        @Override
        public void run() {
            int next = part;
            try (LoadedClassPrescan prescan = new LoadedClassPrescan()) {
                for (; next < may.length; next += parts) {
                    may[next] = prescan.test(loaded.get(next));
                }
            } catch (Throwable e) { // nothing may escape into the host; the classes not read are retransformed
                for (; next < may.length; next += parts) {
                    may[next] = true;
                }
            }
        }
    }
}
