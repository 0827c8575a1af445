package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** JVMs starting at once with the agent do not trip over each other's native helper files, nor leave any behind. */
class ConcurrentStartIT {
    private static final int JVMS = 4;

    @Test
    void eachJvmGetsItsOwnHelperAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
        Path helperDir = Files.createDirectory(dir.resolve("helpers"));
        List<CompletableFuture<JavaProcess>> runs = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            Path report = dir.resolve("report-" + i + ".json");
            List<String> args = new ArrayList<>(List.of("-Dvdsoagent.tmpdir=" + helperDir));
            args.addAll(JavaProcess.withAgent("report=" + report + ",format=json"));
            args.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--iterations", "100", "--api",
                    "java.lang.System.nanoTime"));
            runs.add(CompletableFuture.supplyAsync(() -> JavaProcess.run(args)));
        }
        for (int i = 0; i < JVMS; i++) {
            JavaProcess p = runs.get(i).get();
            assertEquals(0, p.exitCode, p::toString);
            assertEquals(JavaProcess.expectedVdsoBackend(), new ObjectMapper().readTree(dir.resolve("report-" + i + ".json").toFile())
                    .get("backend").asText());
        }
        try (Stream<Path> left = Files.list(helperDir)) {
            assertEquals(0, left.count(), "every helper file and directory was removed");
        }
    }
}
