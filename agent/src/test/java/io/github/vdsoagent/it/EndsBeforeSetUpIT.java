package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.protocol.AgentDirectory;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.vdsoagent.it.KernelCheckIT.clock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short JVM under the agent, traced by strace, with a start delay of 20 s (1 s by default) so that other test
 * classes' JVMs beside it cannot slow it past the delay.
 */
class EndsBeforeSetUpIT {
    private static final String CPU = "java.lang.management.ThreadMXBean.getCurrentThreadCpuTime";

    /**
     * The agent's background set-up starts {@code startdelay=} into the JVM's life, so a JVM that ends sooner
     * opens no counters (strace sees no perf_event_open), never extracts or loads the native helper, and opens no
     * control channel; its report says why its verdicts are inferred and why its calls read the JVM's clocks.
     */
    @Test
    void aJvmThatEndsWithinTheStartDelayPaysForNoBackgroundSetUp(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        Path trace = dir.resolve("strace.txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "--seccomp-bpf", "-qq", "-o", trace.toString(),
                "-e", "trace=perf_event_open,openat,mkdir,unlink,unlinkat,statx,newfstatat", JavaProcess.java().toString()));
        command.addAll(JavaProcess.withAgent("report=" + report + ",format=json,startdelay=20s"));
        command.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--iterations", "1000", "--api", CPU));
        JavaProcess p = JavaProcess.execToolOrSkip(command, 180);
        Assumptions.assumeTrue(Files.exists(trace), "SKIPPED: strace cannot trace here: " + p.stderr);
        assertEquals(0, p.exitCode, p::toString);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        Assumptions.assumeTrue(json.get("session").get("durationMs").asLong() < 19_000, "SKIPPED: the JVM ran too long"
                + " to end before the delay (" + json.get("session").get("durationMs") + " ms under strace)");
        JsonNode kernel = json.get("kernelCheck");
        assertFalse(kernel.get("available").asBoolean(), kernel.toString());
        String notDue = "the JVM ended before the agent's set-up was due, 20s after the JVM's start (startdelay=20s";
        assertTrue(kernel.get("reason").asText().startsWith(notDue), kernel.toString());
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").isNull(), "never a silent zero: " + kernel);
        assertEquals("kernel", clock(kernel, "CLOCK_THREAD_CPUTIME_ID").get("verdict").asText(), kernel.toString());
        assertEquals(1000, json.get("apis").get(0).get("enteredKernel").asLong(), json.get("apis").toString());
        assertEquals("jvm", json.get("backend").asText());
        assertTrue(json.get("backendReason").asText().startsWith(notDue), "one sentence for both: "
                + json.get("backendReason").asText());
        String statusDirectory = AgentDirectory.ofThisProcess().path().toString();
        List<String> setUp = new ArrayList<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
            if (line.contains("perf_event_open(") || line.contains("libvdsoagent") || line.contains(".control")
                    || line.contains(statusDirectory)) {
                setUp.add(line);
            }
        }
        assertEquals(List.of(), setUp, "no counter opened, no native helper, no control channel, no status file"
                + " looked up, written or deleted");
    }

}
