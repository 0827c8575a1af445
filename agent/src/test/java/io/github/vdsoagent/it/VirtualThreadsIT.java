package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.VirtualThreadsApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads under the real agent: their calls count into their carriers' counts (the launcher exports the
 * JDK's carrier lookup to the stub), exactly, while they hop from carrier to carrier; and the JDK prints no warning.
 */
class VirtualThreadsIT {
    private static final int THREADS = 200;
    private static final int CALLS = 5_000;

    @Test
    void virtualThreadsHoppingCarriersAreCountedExactlyOnTheirCarriers(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads exist from JDK 21");
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "log=debug", "-cp", AgentRun.testClasses(),
                VirtualThreadsApp.class.getName(), Integer.toString(THREADS), Integer.toString(CALLS));

        assertEquals(0, run.process.exitCode, run.process::toString);
        assertEquals("calls=" + (long) THREADS * CALLS, run.process.stdout.trim());
        List<JsonNode> sites = run.sites().stream()
                .filter(site -> site.get("class").asText().equals(VirtualThreadsApp.class.getName()))
                .collect(Collectors.toList());
        assertEquals(1, sites.size(), sites::toString);
        assertEquals((long) THREADS * CALLS, sites.get(0).get("calls").asLong(), sites::toString);
        assertTrue(run.process.stderr.contains("counting: virtual threads count on their carriers"), run.process.stderr);
        assertTrue(run.process.stderr.lines().noneMatch(line -> line.contains("WARNING")), run.process.stderr);
    }
}
