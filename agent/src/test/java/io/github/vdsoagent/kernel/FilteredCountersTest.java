package io.github.vdsoagent.kernel;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.testing.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Counters at raw_syscalls:sys_enter, filtered by system call number, count what each call's own tracepoint counts:
 * exactly the calls of their number, in threads before and after the opening, and nothing else.
 */
class FilteredCountersTest {
    private Map<TimeSyscall, Long> ids;
    private Perf filtered;

    @BeforeEach
    void counters() {
        ids = KernelCounters.idsOrSkip();
        Perf perf = KernelCounters.perfOrSkip(ids);
        Long raw = Tracepoints.resolve(Map.of()).rawSysEnter();
        Assumptions.assumeTrue(raw != null, "SKIPPED: tracefs has no raw_syscalls:sys_enter id here");
        Map<TimeSyscall, Integer> numbers = SyscallNumbers.of(HostFacts.arch());
        Assumptions.assumeTrue(numbers.keySet().containsAll(ids.keySet()), "SKIPPED: no system call numbers for "
                + HostFacts.arch());
        filtered = perf.filteredAt(raw, numbers);
        try {
            filtered.close(filtered.open(TimeSyscall.CLOCK_GETTIME, ids.get(TimeSyscall.CLOCK_GETTIME), 0, false));
        } catch (PerfException e) {
            Assumptions.abort("SKIPPED: filtered counters refused here (they need perf_event_paranoid <= 1): "
                    + e.getMessage());
        }
    }

    @AfterEach
    void jvmPath() throws Exception {
        Backends.reset();
    }

    @Test
    void eachCounterCountsItsOwnSystemCallOnly() throws Exception {
        TimeSyscall quiet = KernelCounters.quietSyscall(filtered, ids);
        TimeSyscall other = quiet == TimeSyscall.TIME ? TimeSyscall.GETTIMEOFDAY : TimeSyscall.TIME;
        ProcessCounters counters = ProcessCounters.open(filtered, ids);
        try {
            Map<TimeSyscall, Long> start = counts(counters);
            Thread after = new Thread(() -> call(quiet, 300), "kernel-test-filtered");
            after.start();
            after.join();
            call(quiet, 20);
            Map<TimeSyscall, Long> end = counts(counters);
            assertEquals(320, end.get(quiet) - start.get(quiet), "300 from a thread younger than the counters, 20 here");
            if (start.containsKey(other)) {
                assertEquals(start.get(other), end.get(other), other + " was not called and the JVM never calls it");
            }
        } finally {
            counters.close();
        }
    }

    private static Map<TimeSyscall, Long> counts(ProcessCounters counters) throws PerfException {
        Map<TimeSyscall, Long> counts = new EnumMap<>(TimeSyscall.class);
        SyscallCounts read = counters.read();
        for (TimeSyscall syscall : TimeSyscall.values()) {
            Long count = read.get(syscall);
            if (count != null) {
                counts.put(syscall, count);
            }
        }
        return counts;
    }

    private void call(TimeSyscall syscall, int times) {
        for (int i = 0; i < times; i++) {
            filtered.callDirectly(syscall);
        }
    }
}
