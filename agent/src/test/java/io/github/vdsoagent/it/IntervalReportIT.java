package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** interval=: the report file is replaced while the application runs, each version whole and growing. */
class IntervalReportIT {

    @Test
    void theReportFileIsReplacedWholeAndGrows(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        List<String> args = new ArrayList<>(JavaProcess.withAgent("report=" + report + ",format=json,interval=100ms"));
        args.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--run-for", "3s", "--api", "java.lang.System.nanoTime"));
        Process app = new ProcessBuilder(command(args)).start();
        ObjectMapper json = new ObjectMapper();
        List<Long> seen = new ArrayList<>();
        while (app.isAlive()) {
            if (Files.exists(report)) {
                JsonNode parsed = json.readTree(report.toFile()); // a half-written file would not parse
                seen.add(parsed.get("totals").get("calls").asLong());
            }
            Thread.sleep(150);
        }
        assertEquals(0, app.waitFor());
        assertTrue(seen.size() >= 5, "reports while running: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "counts only grow: " + seen);
        }
        assertTrue(seen.get(seen.size() - 1) > seen.get(0), seen.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left beside the report");
        }
    }

    private static List<String> command(List<String> args) {
        List<String> command = JavaProcess.jvm();
        command.addAll(args);
        return command;
    }
}
