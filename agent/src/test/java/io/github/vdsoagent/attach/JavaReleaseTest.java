package io.github.vdsoagent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaReleaseTest {
    @Test
    void readsTheFeatureOfEachVersionScheme() {
        assertEquals(17, JavaRelease.feature(List.of("IMPLEMENTOR=\"Debian\"", "JAVA_VERSION=\"17.0.15\"")));
        assertEquals(25, JavaRelease.feature(List.of("JAVA_VERSION=\"25\"")));
        assertEquals(21, JavaRelease.feature(List.of("JAVA_VERSION=\"21-ea\"")));
        assertEquals(8, JavaRelease.feature(List.of("JAVA_VERSION=\"1.8.0_392\"")));
    }

    @Test
    void saysZeroWhenItCannotTell() {
        assertEquals(0, JavaRelease.feature(List.of("JAVA_VERSION_DATE=\"2025-04-15\"")));
        assertEquals(0, JavaRelease.feature(List.of("JAVA_VERSION=\"\"")));
        assertEquals(0, JavaRelease.feature(List.of()));
    }

    @Test
    void findsTheReleaseFileOfTheRuntimeThisTestRunsOn() throws IOException {
        String libjvm = Files.readAllLines(Paths.get("/proc/self/maps")).stream()
                .filter(line -> line.endsWith("/libjvm.so"))
                .map(line -> line.substring(line.indexOf('/')))
                .findFirst().orElseThrow();
        assertEquals(Runtime.version().feature(), JavaRelease.featureOf(Paths.get(libjvm)));
    }

    @Test
    void readsOnlyTheHomeOfAModularRuntime(@TempDir Path dir) throws IOException {
        Path server = Files.createDirectories(dir.resolve("jre/lib/amd64/server")); // Java 8's layout
        Files.writeString(dir.resolve("jre/lib/release"), "JAVA_VERSION=\"11\"\n", StandardCharsets.UTF_8);
        assertEquals(0, JavaRelease.featureOf(server.resolve("libjvm.so")));
        assertEquals(0, JavaRelease.featureOf(Paths.get("/libjvm.so")));
    }
}
