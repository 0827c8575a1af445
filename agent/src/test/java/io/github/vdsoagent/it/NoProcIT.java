package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Tmpfs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without a readable /proc (a sandbox, a container with it masked) the agent cannot check the vDSO's mapping: it
 * counts through the JVM's own calls, says why in the report, and the application runs as without it. The JVM runs
 * in a private mount namespace with an empty tmpfs over /proc; that needs root and unshare, else the test is skipped.
 */
class NoProcIT {
    private static final int N = 1_000;

    @Test
    void withoutProcTheAgentFallsBackAndSaysWhy(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tmpfs.isRoot(), "SKIPPED: hiding /proc needs root (CI runs as root)");
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/unshare")), "SKIPPED: no unshare");
        Path report = dir.resolve("r.json");
        List<String> java = new ArrayList<>(JavaProcess.withAgent("report=" + report + ",format=json,startdelay=0"));
        java.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--iterations", Integer.toString(N), "--api",
                "java.lang.System.nanoTime"));

        JavaProcess without = withoutProc(List.of("-version"));
        Assumptions.assumeTrue(without.exitCode == 0, "SKIPPED: this JVM cannot start without /proc: " + without);
        JavaProcess p = withoutProc(java);
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), "a fallback is not an error for the host: " + p.stderr);
        assertTrue(p.stdout.contains("java.lang.System.nanoTime"), p.stdout);

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals("jvm", json.get("backend").asText());
        assertTrue(json.get("backendReason").asText().contains("/proc/self/maps"), json.get("backendReason").asText());
        JsonNode nano = json.get("apis").get(0);
        assertEquals("java.lang.System.nanoTime", nano.get("api").asText());
        assertTrue(nano.get("calls").asLong() >= N, nano.toString());
    }

    /**
     * Runs java with an empty /proc. The launcher finds libjli through /proc/self/exe, so its directory is given
     * with LD_LIBRARY_PATH.
     */
    private static JavaProcess withoutProc(List<String> javaArgs) {
        String java = JavaProcess.java().toString();
        StringBuilder command = new StringBuilder("mount -t tmpfs -o size=64k none /proc && exec '" + java + "'");
        for (String arg : javaArgs) {
            command.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        List<String> unshare = List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "sh", "-c", command.toString());
        return JavaProcess.exec(unshare, 180, Map.of("LD_LIBRARY_PATH",
                Paths.get(System.getProperty("java.home"), "lib").toString()));
    }
}
