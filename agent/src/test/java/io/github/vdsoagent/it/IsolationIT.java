package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.IsolationApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent carries ByteBuddy, JNA and SLF4J; an application with other versions of all three runs under it with
 * its own versions, undisturbed, while the agent counts its time calls.
 */
class IsolationIT {

    @Test
    void theApplicationKeepsItsOwnVersionsOfTheAgentsDependencies(@TempDir Path dir) throws Exception {
        Path libs = Path.of(System.getProperty("vdsoagent.isolation.libs"));
        String classPath;
        try (Stream<Path> jars = Files.list(libs)) {
            classPath = AgentRun.testClasses() + File.pathSeparator
                    + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        }
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "", "-cp", classPath, IsolationApp.class.getName());
        assertEquals(0, run.process.exitCode, run.process::toString);
        String out = run.process.stdout;
        assertTrue(out.contains("byte-buddy-1.14.18.jar made isolation.Generated"), out);
        assertTrue(out.contains("jna-5.13.0.jar pid-matches true"), out);
        assertTrue(out.contains("slf4j-api-1.7.36.jar"), out);
        assertTrue(run.process.stderr.contains("INFO isolation - logged through the application's SLF4J"), run.process.stderr);
        assertTrue(out.contains("nanoTime true"), out);
        JsonNode site = run.sites().stream().filter(s -> s.get("class").asText().equals(IsolationApp.class.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("the application's call was counted: " + run.report));
        assertEquals(1, site.get("calls").asLong());
    }
}
