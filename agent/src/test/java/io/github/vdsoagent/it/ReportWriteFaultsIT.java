package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.LoaderApp;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report that cannot be written costs the application nothing: it runs and exits as it would, the agent says why
 * in one line, and a full disk leaves the last good report in place with no half-written file beside it.
 */
class ReportWriteFaultsIT {

    @Test
    void anUnwritableReportPathIsOneWarningAndTheApplicationIsUnharmed(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path report = notADirectory.resolve("r.json");
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + report), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertEquals("LoaderApp done true", p.stdout.trim(), p::toString);
        assertEquals(1, p.stderr.lines().count(), p.stderr);
        assertTrue(p.stderr.startsWith("vdso-agent: ") && p.stderr.contains("could not write the report to " + report),
                p.stderr);
        assertFalse(p.stderr.contains("\tat "), "no stack trace: " + p.stderr);
    }

    @Test
    void aFullDiskKeepsTheLastGoodReportAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        try (Tmpfs mounted = Tmpfs.mount(small, "size=256k,mode=0700")) {
            Path report = small.resolve("r.json");
            String lastGood = "{\"the\":\"last good report\"}";
            Files.writeString(report, lastGood);
            fill(small.resolve("filler"));

            JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + report + ",format=json"), "-cp",
                    AgentRun.testClasses(), LoaderApp.class.getName(), "10");
            assertEquals(0, p.exitCode, p::toString);
            assertEquals("LoaderApp done true", p.stdout.trim(), p::toString);
            assertTrue(p.stderr.startsWith("vdso-agent: ") && p.stderr.contains("could not write the report")
                    && p.stderr.contains("No space left on device"), p.stderr);
            assertEquals(lastGood, Files.readString(report, StandardCharsets.UTF_8), "the last good report survives");
            try (Stream<Path> files = Files.list(small)) {
                assertEquals(List.of("filler", "r.json"), files.map(f -> f.getFileName().toString()).sorted()
                        .collect(Collectors.toList()), "no temporary file left behind");
            }
        }
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
