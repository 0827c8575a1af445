package io.github.vdsoagent.kernel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Closes perf counters, one thread per system call. Closing the last counter of a tracepoint makes the kernel
 * unregister it and wait for an RCU grace period, 20-50 ms each on the hosts measured; three tracepoints closed one
 * after the other, as the kernel does at process exit, cost three of those. Closed side by side they cost one.
 */
final class CounterRelease {
    private CounterRelease() {
    }

    /** Merges fd lists per system call. */
    static Map<TimeSyscall, List<Integer>> merge(Map<TimeSyscall, List<Integer>> a, Map<TimeSyscall, List<Integer>> b) {
        Map<TimeSyscall, List<Integer>> all = new EnumMap<>(TimeSyscall.class);
        for (Map<TimeSyscall, List<Integer>> part : List.of(a, b)) {
            part.forEach((syscall, fds) -> all.computeIfAbsent(syscall, s -> new ArrayList<>()).addAll(fds));
        }
        return all;
    }

    /** @param wait whether to return only once all are closed (a process about to exit need not) */
    static void closeAll(Perf perf, Map<TimeSyscall, List<Integer>> fds, boolean wait) {
        List<Thread> closers = new ArrayList<>();
        fds.forEach((syscall, list) -> {
            if (list.isEmpty()) {
                return;
            }
            Thread closer = new Thread(() -> list.forEach(perf::close), "vdso-agent-close-" + syscall.syscallName());
            closer.setDaemon(true);
            closer.start();
            closers.add(closer);
        });
        if (!wait) {
            return;
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
