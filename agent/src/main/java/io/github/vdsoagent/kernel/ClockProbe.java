package io.github.vdsoagent.kernel;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.host.JvmShutdown;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockPath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Reads clocks along the path it is told rewritten calls take ({@link ClockBackend#readLikeStub}) on a thread of
 * the agent's own, and counts with counters of that thread alone how many of those reads entered the kernel. Each clock
 * gets {@value #FIRST_BATCH} reads, and {@value #FULL_BATCH} in all unless every one of the first entered the kernel
 * (a kernel clock costs ~0.5 us a read; no need to make ten thousand system calls to know it), or this is the first
 * probe and it starts as the JVM exits: the first batch tells a vDSO clock from a kernel one, and in a JVM that
 * exits that young the reads are still interpreted (ten thousand took 20-45 ms of the exit on JDK 25).
 *
 * <p>The thread opens its counters first and checks with them that each tracepoint id counts what it should
 * ({@link TracepointSelfTest}). They live as long as the thread, so they also give the agent's own share of the
 * process's counts: a report can say how much of what the kernel saw was the probe's doing.
 */
final class ClockProbe implements AutoCloseable {
    static final int FIRST_BATCH = 1_000;
    static final int FULL_BATCH = 10_000;
    static final String THREAD_NAME = "vdso-agent-kernel-probe";
    private static final long CLOSE_WAIT_MS = 1000;

    /** The probe thread's counters and what the self-test made of the ids. */
    static final class Ready {
        final Map<TimeSyscall, Integer> fds;
        final TracepointSelfTest.Outcome selfTest;

        Ready(Map<TimeSyscall, Integer> fds, TracepointSelfTest.Outcome selfTest) {
            this.fds = fds;
            this.selfTest = selfTest;
        }
    }

    private final Perf perf;
    private final ExecutorService thread;
    private final Future<Ready> ready;
    private volatile long sink;
    /** Whether a probe has run; read and written on the probe's thread only. */
    private boolean probedBefore;

    private ClockProbe(Perf perf, Map<TimeSyscall, Long> ids) {
        this.perf = perf;
        // Classes, not lambdas, here and in submit: this runs at premain.
        this.thread = Executors.newSingleThreadExecutor(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                Thread t = new Thread(task, THREAD_NAME);
                t.setDaemon(true);
                return t;
            }
        });
        this.ready = thread.submit(new Callable<Ready>() {
            @Override
            public Ready call() throws PerfException {
                return openAndSelfTest(ids);
            }
        });
    }

    /** Starts the probe's thread, which opens its counters and runs the self-test; ids must include clock_gettime's. */
    static ClockProbe start(Perf perf, Map<TimeSyscall, Long> ids) {
        if (!ids.containsKey(TimeSyscall.CLOCK_GETTIME)) {
            throw new IllegalArgumentException("the probe counts clock_gettime");
        }
        return new ClockProbe(perf, ids);
    }

    private Ready openAndSelfTest(Map<TimeSyscall, Long> ids) throws PerfException {
        Map<TimeSyscall, Integer> fds = new EnumMap<>(TimeSyscall.class);
        try {
            for (Map.Entry<TimeSyscall, Long> id : ids.entrySet()) {
                fds.put(id.getKey(), perf.open(id.getValue(), 0, false));
            }
            return new Ready(Collections.unmodifiableMap(fds), TracepointSelfTest.run(perf, ids, fds));
        } catch (PerfException | RuntimeException e) {
            fds.values().forEach(perf::close);
            throw e;
        }
    }

    /** The counters and self-test outcome, waiting for them; fails with the reason if they could not be opened. */
    Ready ready(long waitMs) throws Exception {
        return ready.get(waitMs, TimeUnit.MILLISECONDS);
    }

    /** Queues other work of the agent's on the probe's thread, whose system calls its counters count as the agent's. */
    <T> Future<T> run(Callable<T> work) {
        return thread.submit(work);
    }

    /**
     * Queues a probe of these clocks along this path on the probe's thread, after whatever it is doing; {@code first}
     * runs there before it.
     */
    Future<List<ProbeResult>> submit(List<ClockId> clocks, ClockPath path, Runnable first) {
        return thread.submit(new Callable<List<ProbeResult>>() {
            @Override
            public List<ProbeResult> call() throws Exception {
                Ready counters = ready.get();
                if (!counters.selfTest.passed.containsKey(TimeSyscall.CLOCK_GETTIME)) {
                    throw new IllegalStateException(counters.selfTest.failed.get(TimeSyscall.CLOCK_GETTIME));
                }
                first.run();
                boolean firstBatchOnly = !probedBefore && JvmShutdown.underway();
                List<ProbeResult> results = probeAll(counters.fds.get(TimeSyscall.CLOCK_GETTIME), clocks,
                        path.stubMode(), firstBatchOnly);
                probedBefore = true;
                return results;
            }
        });
    }

    private List<ProbeResult> probeAll(int fd, List<ClockId> clocks, int mode, boolean firstBatchOnly)
            throws PerfException {
        if (!ClockBackend.isSetUp(mode)) {
            throw new IllegalStateException("the clock path it was told to probe is not set up");
        }
        List<ProbeResult> results = new ArrayList<>();
        for (ClockId clock : clocks) {
            results.add(probeOne(fd, clock, mode, firstBatchOnly));
        }
        return results;
    }

    private ProbeResult probeOne(int fd, ClockId clock, int mode, boolean firstBatchOnly) throws PerfException {
        if (mode == ClockBackend.JVM && !jvmReads(clock)) {
            return ProbeResult.notProbed(clock, "the stub reads " + clock + " only through the native helper,"
                    + " which is not in use");
        }
        if (mode == ClockBackend.JVM && clock.id() == ClockBackend.CLOCK_THREAD_CPUTIME_ID
                && !ClockBackend.jvmThreadCpuBeanInUse()) {
            // Not worth starting the JVM's management machinery in the host for: no rewritten call has read it.
            return ProbeResult.notProbed(clock, "no instrumented call has read it through the JVM's own calls yet,"
                    + " and the probe does not start the JVM's management machinery for it");
        }
        int id = clock.id();
        sink = ClockBackend.readLikeStub(mode, id); // first use: class loading and the like stay out of the count
        long before = perf.read(fd);
        int failed = readTimes(mode, id, FIRST_BATCH);
        long entered = perf.read(fd) - before;
        long calls = FIRST_BATCH;
        if (entered < FIRST_BATCH && !firstBatchOnly) {
            failed += readTimes(mode, id, FULL_BATCH - FIRST_BATCH);
            entered = perf.read(fd) - before;
            calls = FULL_BATCH;
        }
        String path = pathWords(mode) + (failed == calls ? " (the kernel rejects this clock id here: every read failed)"
                : failed > 0 ? " (" + failed + " reads failed)" : "");
        return ProbeResult.of(clock, calls, entered, path);
    }

    /** Reads the clock {@code times} times; returns how many reads failed. */
    private int readTimes(int mode, int id, int times) {
        long sum = 0;
        int failed = 0;
        for (int i = 0; i < times; i++) {
            long value = ClockBackend.readLikeStub(mode, id);
            if (value == ClockBackend.FALLBACK) {
                failed++;
            }
            sum += value;
        }
        sink = sum;
        return failed;
    }

    static String pathWords(int mode) {
        switch (mode) {
            case ClockBackend.VDSO:
                return "through the vDSO";
            case ClockBackend.FFM:
                return "through the vDSO (FFM downcall)";
            case ClockBackend.SYSCALL:
                return "through forced system calls";
            default:
                return "through the JVM's own calls";
        }
    }

    /** The clocks ClockBackend.readLikeStub reads with the JVM's own calls when the native helper is not in use. */
    static boolean jvmReads(ClockId clock) {
        return clock.id() == ClockBackend.CLOCK_REALTIME || clock.id() == ClockBackend.CLOCK_MONOTONIC
                || clock.id() == ClockBackend.CLOCK_THREAD_CPUTIME_ID;
    }

    /** Every time system call the probe's thread made since its counters opened (self-test included). */
    SyscallCounts ownCounts() throws Exception {
        Map<TimeSyscall, Long> counts = new EnumMap<>(TimeSyscall.class);
        for (Map.Entry<TimeSyscall, Integer> fd : ready.get().fds.entrySet()) {
            counts.put(fd.getKey(), perf.read(fd.getValue()));
        }
        return SyscallCounts.of(counts);
    }

    /** Stops the thread and closes its counters once it has ended. */
    @Override
    public void close() {
        CounterRelease.closeAll(perf, stop(), true);
    }

    /**
     * Stops the thread and, once it has ended, hands its counters' fds over for closing. If it does not end in
     * time they are never closed: closing an fd that a running read may still use could make it read a file the
     * application opened next under the same number.
     */
    Map<TimeSyscall, List<Integer>> stop() {
        Map<TimeSyscall, List<Integer>> fds = new EnumMap<>(TimeSyscall.class);
        thread.shutdownNow();
        try {
            if (thread.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                for (Map.Entry<TimeSyscall, Integer> fd : ready.get().fds.entrySet()) {
                    fds.put(fd.getKey(), new ArrayList<>(List.of(fd.getValue())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // never opened: nothing to close
        }
        return fds;
    }

    /** Whether a clock a finished probe left out (the JVM's CPU clock before the application used it) can be probed now. */
    static boolean canProbeMoreNow(Future<List<ProbeResult>> done) {
        if (!ClockBackend.jvmThreadCpuBeanInUse()) {
            return false;
        }
        try {
            for (ProbeResult result : done.get()) {
                if (!result.probed()) {
                    return true;
                }
            }
            return false;
        } catch (java.util.concurrent.ExecutionException failed) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
