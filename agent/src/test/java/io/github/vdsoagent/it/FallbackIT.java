package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a usable native helper the stub falls back to the JVM's own calls: counts stay exact, the report says why. */
class FallbackIT {
    private static final int N = 1_000;

    @Test
    void aJarWithoutTheNativeHelperCountsThroughTheJvm(@TempDir Path dir) throws Exception {
        Path jar = withoutNativeHelper(JavaProcess.agentJar(), dir.resolve("vdso-agent-no-native.jar"));
        JsonNode report = runDemo(jar, dir.resolve("r.json"), "");
        assertEquals("jvm", report.get("backend").asText());
        assertTrue(report.get("backendReason").asText().contains("carries no native helper"), report.toString());
        assertTrue(report.get("vdso").isObject(), "the vDSO is still resolved and shown: " + report.get("vdsoError"));
    }

    @Test
    void anUnusableExtractionDirectoryFallsBackWithTheReason(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        JsonNode report = runDemo(JavaProcess.agentJar(), dir.resolve("r.json"), "-Dvdsoagent.tmpdir=" + notADirectory);
        assertEquals("jvm", report.get("backend").asText());
        assertTrue(report.get("backendReason").asText().contains("vdsoagent.tmpdir"), report.toString());
    }

    /** A noexec /tmp is common on hardened hosts: the library cannot be mapped, the reason names the way out. */
    @Test
    void aNoexecExtractionDirectoryFallsBackWithTheReasonAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path noexec = Files.createDirectory(dir.resolve("noexec"));
        try (Tmpfs mounted = Tmpfs.mount(noexec, "noexec,size=4m,mode=0700")) {
            JsonNode report = runDemo(JavaProcess.agentJar(), dir.resolve("r.json"), "-Dvdsoagent.tmpdir=" + noexec);
            assertEquals("jvm", report.get("backend").asText());
            String reason = report.get("backendReason").asText();
            assertTrue(reason.contains("cannot load the native helper") && reason.contains("vdsoagent.tmpdir"), reason);
            try (Stream<Path> left = Files.list(noexec)) {
                assertEquals(0, left.count(), "the helper's directory was removed");
            }
        }
    }

    private static JsonNode runDemo(Path agentJar, Path report, String property) throws IOException {
        List<String> args = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        if (!property.isEmpty()) {
            args.add(property);
        }
        // startdelay=0: the set-up whose failure these tests are about runs with the agent, not a second later
        args.add("-javaagent:" + agentJar + "=report=" + report + ",format=json,startdelay=0");
        JavaProcess p = JavaProcess.run(args, "-jar", JavaProcess.demoJar().toString(), "--iterations",
                Integer.toString(N), "--api", "java.lang.System.nanoTime");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), "a fallback is not an error for the host: " + p.stderr);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode nano = json.get("apis").get(0);
        assertEquals("java.lang.System.nanoTime", nano.get("api").asText());
        assertTrue(nano.get("calls").asLong() >= N, nano.toString());
        return json;
    }

    private static Path withoutNativeHelper(Path source, Path target) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith("libvdsoagent.so")) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.getInputStream(entry).transferTo(out);
                out.closeEntry();
            }
        }
        return target;
    }
}
