package io.github.vdsoagent.kernel;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static io.github.vdsoagent.kernel.TimeSyscall.CLOCK_GETTIME;
import static io.github.vdsoagent.kernel.TimeSyscall.GETTIMEOFDAY;
import static io.github.vdsoagent.kernel.TimeSyscall.TIME;
import static io.github.vdsoagent.kernel.TracepointSelfTest.CALLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-test's judgement, from made-up counts: each counter must count its own calls, exactly, and no others. */
class TracepointSelfTestTest {

    /** counted[counter][called] from rows of (clock_gettime, gettimeofday, time) calls seen by each counter. */
    private static Map<TimeSyscall, Map<TimeSyscall, Long>> matrix(long[]... rows) {
        Map<TimeSyscall, Map<TimeSyscall, Long>> m = new EnumMap<>(TimeSyscall.class);
        TimeSyscall[] all = TimeSyscall.values();
        for (int c = 0; c < rows.length; c++) {
            Map<TimeSyscall, Long> row = new EnumMap<>(TimeSyscall.class);
            for (int s = 0; s < rows[c].length; s++) {
                row.put(all[s], rows[c][s]);
            }
            m.put(all[c], row);
        }
        return m;
    }

    private static Map<TimeSyscall, Long> ids() {
        Map<TimeSyscall, Long> ids = new EnumMap<>(TimeSyscall.class);
        ids.put(CLOCK_GETTIME, 480L);
        ids.put(GETTIMEOFDAY, 451L);
        ids.put(TIME, 453L);
        return ids;
    }

    @Test
    void rightIdsPass() {
        TracepointSelfTest.Outcome o = TracepointSelfTest.judge(ids(),
                matrix(new long[]{CALLS, 0, 0}, new long[]{0, CALLS, 0}, new long[]{0, 0, CALLS}), "x86_64");
        assertEquals(ids(), o.passed);
        assertTrue(o.failed.isEmpty());
    }

    @Test
    void swappedIdsFailBoth() {
        // clock_gettime=451, gettimeofday=480 given the wrong way round.
        TracepointSelfTest.Outcome o = TracepointSelfTest.judge(ids(),
                matrix(new long[]{0, CALLS, 0}, new long[]{CALLS, 0, 0}, new long[]{0, 0, CALLS}), "x86_64");
        assertEquals(Map.of(TIME, 453L), o.passed);
        assertTrue(o.failed.get(CLOCK_GETTIME).contains("counted 0 of 16 direct clock_gettime calls"),
                o.failed.get(CLOCK_GETTIME));
        assertTrue(o.failed.get(CLOCK_GETTIME).contains("16 of 16 direct gettimeofday calls"));
    }

    @Test
    void aKernelThatDropsTheEventsFailsAll() {
        TracepointSelfTest.Outcome o = TracepointSelfTest.judge(ids(),
                matrix(new long[]{0, 0, 0}, new long[]{0, 0, 0}, new long[]{0, 0, 0}), "x86_64");
        assertTrue(o.passed.isEmpty());
        assertEquals(3, o.failed.size());
    }

    @Test
    void aCounterThatAlsoCountsSomethingElseFails() {
        TracepointSelfTest.Outcome o = TracepointSelfTest.judge(ids(),
                matrix(new long[]{CALLS, 0, CALLS}, new long[]{0, CALLS, 0}, new long[]{0, 0, CALLS}), "x86_64");
        assertTrue(o.failed.containsKey(CLOCK_GETTIME));
        assertEquals(2, o.passed.size());
    }

    @Test
    void anIdForASystemCallTheArchitectureLacksCannotPass() {
        Map<TimeSyscall, Map<TimeSyscall, Long>> m = matrix(new long[]{CALLS, 0}, new long[]{0, CALLS}, new long[]{0, 0});
        TracepointSelfTest.Outcome o = TracepointSelfTest.judge(ids(), m, "aarch64");
        assertEquals(2, o.passed.size());
        assertTrue(o.failed.get(TIME).contains("aarch64 has no time system call"), o.failed.get(TIME));
    }
}
