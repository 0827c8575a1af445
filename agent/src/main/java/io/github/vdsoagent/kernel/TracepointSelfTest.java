package io.github.vdsoagent.kernel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that each tracepoint id counts exactly the system call it is named for: on the calling thread, with that
 * thread's own counter per id, it makes each time system call directly (no vDSO) a few times and expects exactly
 * that many in that system call's counter and none in the others. An id from the {@code tracepoints=} option that
 * belongs to another tracepoint, or a kernel that drops the events under {@code exclude_kernel}, fails here instead
 * of producing quiet, wrong counts.
 */
final class TracepointSelfTest {
    static final int CALLS = 16;

    /** The ids that passed, and for each that did not, why. */
    static final class Outcome {
        final Map<TimeSyscall, Long> passed = new EnumMap<>(TimeSyscall.class);
        final Map<TimeSyscall, String> failed = new EnumMap<>(TimeSyscall.class);
    }

    private TracepointSelfTest() {
    }

    /**
     * @param ids the tracepoint ids to check
     * @param fds a counter of the calling thread alone (no inherit) for each of them, left open
     */
    static Outcome run(Perf perf, Map<TimeSyscall, Long> ids, Map<TimeSyscall, Integer> fds) throws PerfException {
        // counted[c][s]: what counter c counted while system call s was made CALLS times
        Map<TimeSyscall, Map<TimeSyscall, Long>> counted = new EnumMap<>(TimeSyscall.class);
        for (TimeSyscall counter : fds.keySet()) {
            counted.put(counter, new EnumMap<>(TimeSyscall.class));
        }
        for (TimeSyscall called : TimeSyscall.values()) {
            Map<TimeSyscall, Long> before = readAll(perf, fds);
            boolean exists = true;
            for (int i = 0; i < CALLS && exists; i++) {
                exists = perf.callDirectly(called);
            }
            Map<TimeSyscall, Long> after = readAll(perf, fds);
            if (!exists) {
                continue; // no such system call on this architecture: nothing to count
            }
            for (TimeSyscall counter : fds.keySet()) {
                counted.get(counter).put(called, after.get(counter) - before.get(counter));
            }
        }
        return judge(ids, counted, Perf.arch());
    }

    /** Separated from the measuring so that the judgement can be tested with made-up counts. */
    static Outcome judge(Map<TimeSyscall, Long> ids, Map<TimeSyscall, Map<TimeSyscall, Long>> counted, String arch) {
        Outcome outcome = new Outcome();
        for (Map.Entry<TimeSyscall, Long> id : ids.entrySet()) {
            TimeSyscall counter = id.getKey();
            Map<TimeSyscall, Long> row = counted.get(counter);
            if (!row.containsKey(counter)) {
                outcome.failed.put(counter, arch + " has no " + counter.syscallName() + " system call to check"
                        + " tracepoint id " + id.getValue() + " with");
                continue;
            }
            List<String> wrong = new ArrayList<>();
            row.forEach((called, delta) -> {
                long expected = called == counter ? CALLS : 0;
                if (delta != expected) {
                    wrong.add(delta + " of " + CALLS + " direct " + called.syscallName() + " calls");
                }
            });
            if (wrong.isEmpty()) {
                outcome.passed.put(counter, id.getValue());
            } else {
                outcome.failed.put(counter, "tracepoint id " + id.getValue() + " (" + counter.tracepoint()
                        + ") failed its self-test: it counted " + String.join(", ", wrong) + " (expected "
                        + CALLS + " of its own and none of the others)");
            }
        }
        return outcome;
    }

    private static Map<TimeSyscall, Long> readAll(Perf perf, Map<TimeSyscall, Integer> fds) throws PerfException {
        Map<TimeSyscall, Long> values = new EnumMap<>(TimeSyscall.class);
        for (Map.Entry<TimeSyscall, Integer> fd : fds.entrySet()) {
            values.put(fd.getKey(), perf.read(fd.getValue()));
        }
        return values;
    }
}
