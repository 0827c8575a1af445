package io.github.vdsoagent.it;

import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stub sits on the boot class path, visible to every class: application code must not be able to use it to
 * load a library, call an arbitrary address, switch the clock path or make every call a stack walk. Every such
 * call is refused.
 */
class StubTamperingIT {

    @Test
    void applicationCodeCannotReconfigureTheStub(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "", "-cp", AgentRun.testClasses(),
                "io.github.vdsoagent.fixtures.StubTamperingApp");
        assertEquals(0, run.process.exitCode, run.process::toString);
        List<String> attempts = run.process.stdout.lines().filter(l -> l.contains(": ") && !l.startsWith("nanoTime"))
                .collect(Collectors.toList());
        assertTrue(attempts.size() >= 8, "BackendBinding's four calls, ClockBackend's, PerfCounters' and"
                + " StackSampler's were tried: " + attempts);
        assertTrue(attempts.stream().anyMatch(a -> a.startsWith("StackSampler.start: ")), attempts::toString);
        for (String attempt : attempts) {
            assertTrue(attempt.endsWith(": java.lang.SecurityException"), attempt);
        }
        assertTrue(run.process.stdout.contains("nanoTime still works: true"), run.process.stdout);
        assertTrue(run.report.get("backend").asText().length() > 0, "the agent still reports");
    }
}
