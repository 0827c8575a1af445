package io.github.vdsoagent.kernel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This process's time system calls as the kernel counts them: one counter per thread and system call, opened on
 * every thread listed in {@code /proc/self/task}, each passed on by the kernel to every thread that thread creates
 * later (inherit), so a thread created after the set is open is counted from its first instruction. Threads that
 * end keep their counts: a counter's value includes its inherited copies, and the fd of a thread that ended stays
 * readable, so no fd is closed before {@link #close()}.
 *
 * <p>Opening rescans {@code /proc/self/task} until a listing shows no thread without a counter. A thread that
 * appears during the opening was created either before or after its creator's counter was opened; it gets a
 * counter of its own, so it is never missed, and is counted twice only if the kernel had passed its creator's
 * counter on to it as well (perf stat -p has the same window). Those are the threads being created in the
 * milliseconds the opening takes, usually none.
 */
final class ProcessCounters implements AutoCloseable {
    /** Counters cost a file descriptor each; beyond this many the check gives up rather than starve the host. */
    static final int MAX_FDS = 3072;
    private static final int MAX_ROUNDS = 32;
    private static final Path TASKS = Paths.get("/proc/self/task");

    private final Perf perf;
    private final Map<TimeSyscall, List<Integer>> fds = new EnumMap<>(TimeSyscall.class);
    private final Set<Integer> covered = new HashSet<>();
    private final Map<TimeSyscall, String> dropped = new EnumMap<>(TimeSyscall.class);
    private int lateThreads;
    private boolean closed;

    private ProcessCounters(Perf perf) {
        this.perf = perf;
    }

    /**
     * @param ids the tracepoint id of each system call to count (those without one are left out); a system call
     *            whose counter the kernel refuses is left out too, with the reason ({@link #dropped()}), except
     *            clock_gettime, without which there is nothing to check
     */
    static ProcessCounters open(Perf perf, Map<TimeSyscall, Long> ids) throws PerfException {
        ProcessCounters counters = new ProcessCounters(perf);
        try {
            counters.openAll(new EnumMap<>(ids));
            return counters;
        } catch (PerfException | RuntimeException e) {
            counters.close();
            throw e;
        }
    }

    private void openAll(Map<TimeSyscall, Long> ids) throws PerfException {
        for (TimeSyscall syscall : ids.keySet()) { // loops, not lambdas, in what runs at premain
            fds.put(syscall, new ArrayList<>());
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<Integer> uncovered = listTasks();
            uncovered.removeAll(covered);
            if (uncovered.isEmpty()) {
                return;
            }
            if (round > 0) {
                lateThreads += uncovered.size();
            }
            for (int tid : uncovered) {
                openThread(tid, ids);
            }
        }
        throw new PerfException(0, "threads kept appearing while the counters were being opened (" + MAX_ROUNDS
                + " rescans of /proc/self/task)");
    }

    private void openThread(int tid, Map<TimeSyscall, Long> ids) throws PerfException {
        if ((covered.size() + 1) * ids.size() > MAX_FDS) {
            throw new PerfException(0, "more than " + MAX_FDS / Math.max(1, ids.size()) + " threads: counting them"
                    + " would take more than " + MAX_FDS + " file descriptors");
        }
        covered.add(tid);
        Map<TimeSyscall, Integer> opened = new EnumMap<>(TimeSyscall.class);
        for (Map.Entry<TimeSyscall, Long> id : new ArrayList<>(ids.entrySet())) {
            try {
                opened.put(id.getKey(), perf.open(id.getValue(), tid, true));
            } catch (PerfException e) {
                if (e.errno() == Perf.ESRCH) {
                    // The thread ended between the listing and the opening: with no counter yet, nothing to keep.
                    opened.values().forEach(perf::close);
                    return;
                }
                if (id.getKey() == TimeSyscall.CLOCK_GETTIME || !fds.get(id.getKey()).isEmpty()) {
                    opened.values().forEach(perf::close);
                    throw e;
                }
                // Refused from the first thread on (an id that is not a tracepoint here): count the others.
                dropped.put(id.getKey(), e.getMessage());
                ids.remove(id.getKey());
                fds.remove(id.getKey());
            }
        }
        for (Map.Entry<TimeSyscall, Integer> fd : opened.entrySet()) {
            fds.get(fd.getKey()).add(fd.getValue());
        }
    }

    private static Set<Integer> listTasks() throws PerfException {
        Set<Integer> tids = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    tids.add(Integer.parseInt(task.getFileName().toString()));
                } catch (NumberFormatException notATask) {
                    // only numeric entries are threads
                }
            }
        } catch (IOException e) {
            throw new PerfException(0, "cannot list this process's threads in " + TASKS + ": " + e);
        }
        return tids;
    }

    /** Every counted system call since the counters opened, in every thread of the process, ended ones included. */
    synchronized SyscallCounts read() throws PerfException {
        if (closed) {
            throw new PerfException(0, "the counters are closed");
        }
        Map<TimeSyscall, Long> totals = new EnumMap<>(TimeSyscall.class);
        for (Map.Entry<TimeSyscall, List<Integer>> entry : fds.entrySet()) {
            long sum = 0;
            for (int fd : entry.getValue()) {
                sum += perf.read(fd);
            }
            totals.put(entry.getKey(), sum);
        }
        return SyscallCounts.of(totals);
    }

    /** The system calls left out because the kernel refused their counters, with the reason. */
    Map<TimeSyscall, String> dropped() {
        return dropped;
    }

    /** Threads given a counter of their own. */
    synchronized int threadsCovered() {
        return covered.size();
    }

    /** Of those, threads that appeared while the counters were being opened (see the class comment). */
    synchronized int lateThreads() {
        return lateThreads;
    }

    /** Closes every counter (slowly, see {@link CounterRelease}). */
    @Override
    public void close() {
        CounterRelease.closeAll(perf, detach(), true);
    }

    /**
     * Hands the fds over for closing and marks the set closed; reads fail from now on. Closing is the caller's,
     * through {@link CounterRelease}.
     */
    synchronized Map<TimeSyscall, List<Integer>> detach() {
        Map<TimeSyscall, List<Integer>> all = new EnumMap<>(TimeSyscall.class);
        if (!closed) {
            closed = true;
            fds.forEach((syscall, list) -> all.put(syscall, new ArrayList<>(list)));
            fds.values().forEach(List::clear);
        }
        return all;
    }
}
