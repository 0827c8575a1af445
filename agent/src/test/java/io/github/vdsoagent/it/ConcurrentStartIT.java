package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JVMs starting at once with the agent do not trip over each other's native helper files, nor leave any behind:
 * neither those that run until the clock setup is done, nor those that exit while it may still be extracting.
 */
class ConcurrentStartIT {
    private static final int JVMS = 6;

    @Test
    void eachJvmGetsItsOwnHelperAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
        Path helperDir = Files.createDirectory(dir.resolve("helpers"));
        List<CompletableFuture<JavaProcess>> runs = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            Path report = dir.resolve("report-" + i + ".json");
            List<String> args = new ArrayList<>(List.of("-Dvdsoagent.tmpdir=" + helperDir));
            args.addAll(JavaProcess.withAgent("report=" + report + ",format=json,startdelay=0"));
            // Even: the JVM ends once the clock setup (which extracts and loads the helper) has. Odd: at once.
            args.addAll(List.of("-cp", JavaProcess.demoJar() + ":" + AgentRun.testClasses(),
                    i % 2 == 0 ? "io.github.vdsoagent.kernel.DemoThenSettle" : "io.github.vdsoagent.demo.DemoApp",
                    "--iterations", "100", "--api", "java.lang.System.nanoTime"));
            runs.add(CompletableFuture.supplyAsync(() -> JavaProcess.run(args)));
        }
        for (int i = 0; i < JVMS; i++) {
            JavaProcess p = runs.get(i).get();
            assertEquals(0, p.exitCode, p::toString);
            JsonNode report = new ObjectMapper().readTree(dir.resolve("report-" + i + ".json").toFile());
            String backend = report.get("backend").asText();
            String reason = String.valueOf(report.get("backendReason"));
            if (i % 2 == 0 || !backend.equals("jvm")) {
                assertEquals(JavaProcess.expectedVdsoBackend(), backend, reason);
            } else {
                assertTrue(reason.contains("ended while the agent's set-up was under way"), reason);
            }
        }
        try (Stream<Path> left = Files.list(helperDir)) {
            assertEquals(0, left.count(), "every helper file and directory was removed");
        }
    }
}
