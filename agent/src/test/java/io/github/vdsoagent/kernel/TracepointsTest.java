package io.github.vdsoagent.kernel;

import io.github.vdsoagent.options.AgentOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the ids come from: tracefs, then the debugfs path, then the option; a system call can lack its own. */
class TracepointsTest {
    private static final List<String> ALL = AgentOptions.TRACEPOINT_SYSCALLS;

    private static Path tracefs(Path root, Map<String, String> ids) throws IOException {
        Files.createDirectories(root.resolve("events/syscalls"));
        for (Map.Entry<String, String> id : ids.entrySet()) {
            Path dir = Files.createDirectories(root.resolve("events/syscalls/sys_enter_" + id.getKey()));
            Files.writeString(dir.resolve("id"), id.getValue() + "\n");
        }
        return root;
    }

    @Test
    void tracefsFirst(@TempDir Path dir) throws IOException {
        Path tracing = tracefs(dir.resolve("tracing"), Map.of("clock_gettime", "480", "gettimeofday", "451", "time", "453"));
        Path debug = tracefs(dir.resolve("debug"), Map.of("clock_gettime", "999"));
        Tracepoints t = Tracepoints.resolve(List.of(tracing, debug), Map.of("clock_gettime", 1L), ALL);
        assertEquals(480L, t.get(TimeSyscall.CLOCK_GETTIME).id());
        assertEquals(tracing.toString(), t.get(TimeSyscall.CLOCK_GETTIME).source());
        assertEquals(453L, t.get(TimeSyscall.TIME).id());
        assertNull(t.get(TimeSyscall.TIME).reason());
    }

    @Test
    void theOlderDebugfsPathWhenTracefsIsNotMounted(@TempDir Path dir) throws IOException {
        Path tracing = Files.createDirectories(dir.resolve("tracing")); // an empty mount point
        Path debug = tracefs(dir.resolve("debug"), Map.of("clock_gettime", "232", "gettimeofday", "233"));
        Tracepoints t = Tracepoints.resolve(List.of(tracing, debug), Map.of(), ALL);
        assertEquals(232L, t.get(TimeSyscall.CLOCK_GETTIME).id());
        assertEquals(debug.toString(), t.get(TimeSyscall.CLOCK_GETTIME).source());
        // Like aarch64: no time system call, so no sys_enter_time; the others are unaffected.
        assertNull(t.get(TimeSyscall.TIME).id());
        String why = t.get(TimeSyscall.TIME).reason();
        assertTrue(why.contains(tracing + ": not mounted") && why.contains("no such tracepoint"), why);
    }

    @Test
    void theOptionWhenTracefsIsNotReadable(@TempDir Path dir) throws IOException {
        Path tracing = tracefs(dir.resolve("tracing"), Map.of("clock_gettime", "480"));
        Path locked = tracing.resolve("events/syscalls/sys_enter_clock_gettime/id");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(locked); // root reads it anyway: then this test has nothing to show
        Tracepoints t = Tracepoints.resolve(List.of(tracing), Map.of("clock_gettime", 480L, "gettimeofday", 478L), ALL);
        if (!root) {
            assertEquals(Tracepoints.OPTION_SOURCE, t.get(TimeSyscall.CLOCK_GETTIME).source());
        }
        assertEquals(480L, t.get(TimeSyscall.CLOCK_GETTIME).id());
        assertEquals(478L, t.get(TimeSyscall.GETTIMEOFDAY).id(), "not in tracefs: from the option");
        assertEquals(Tracepoints.OPTION_SOURCE, t.get(TimeSyscall.GETTIMEOFDAY).source());
    }

    @Test
    void nothingAnywhereSaysWhatToDo(@TempDir Path dir) {
        Tracepoints t = Tracepoints.resolve(List.of(dir.resolve("absent")), Map.of(), ALL);
        for (Tracepoints.Entry entry : t.all()) {
            assertNull(entry.id());
            assertTrue(entry.reason().contains("tracepoints=" + entry.syscall().syscallName() + ":ID"), entry.reason());
        }
    }

    @Test
    void systemCallsTheOptionsLeaveOutGetNoIdAndSaySo(@TempDir Path dir) throws IOException {
        Path tracing = tracefs(dir.resolve("tracing"), Map.of("clock_gettime", "480", "gettimeofday", "451", "time", "453"));
        Tracepoints t = Tracepoints.resolve(List.of(tracing), Map.of("time", 453L), List.of("clock_gettime"));
        assertEquals(480L, t.get(TimeSyscall.CLOCK_GETTIME).id());
        assertTrue(t.get(TimeSyscall.CLOCK_GETTIME).wanted());
        for (TimeSyscall left : List.of(TimeSyscall.GETTIMEOFDAY, TimeSyscall.TIME)) {
            Tracepoints.Entry entry = t.get(left);
            assertNull(entry.id(), "not counted even though tracefs or the option has its id");
            assertFalse(entry.wanted());
            assertTrue(entry.reason().contains("syscalls=" + left.syscallName()), entry.reason());
        }
    }

    @Test
    void anUnavailableTracepointIsStillWanted(@TempDir Path dir) {
        Tracepoints t = Tracepoints.resolve(List.of(dir.resolve("absent")), Map.of(), ALL);
        assertTrue(t.get(TimeSyscall.GETTIMEOFDAY).wanted(), "missing is not the same as left out");
    }

    @Test
    void theKernelsOwnTracefsIsReadWhenReadable() {
        Path id = Tracepoints.TRACEFS_ROOTS.get(0).resolve("events/syscalls/sys_enter_clock_gettime/id");
        Assumptions.assumeTrue(Files.isReadable(id), "not root, or tracefs not mounted: the other tests cover the logic");
        Tracepoints t = Tracepoints.resolve(Map.of());
        assertTrue(t.get(TimeSyscall.CLOCK_GETTIME).id() > 0);
    }
}
