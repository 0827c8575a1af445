package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main job, as a user runs it: the demo under the agent, a report whose counts equal N. Its JVMs keep
 * the JDK's defaults, C2 and G1 (the other ITs' start with {@link JavaProcess#QUICK_START}).
 */
class DemoUnderAgentIT {
    private static final int N = 30_000;
    private static final int DEMO_APIS = 20;

    @Test
    void everyDemoSiteIsCountedExactlyAndEveryRowAddsUp(@TempDir Path dir) throws Exception {
        // startdelay=0: this run is shorter than the README's and must still read through the vDSO
        AgentRun run = AgentRun.runWithJdkDefaults(dir.resolve("report.json"), "top=1000,startdelay=0",
                "-jar", JavaProcess.demoJar().toString(), "--iterations", Integer.toString(N), "--threads", "3");
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertNotNull(run.report, run.process::toString);

        Map<String, Long> demoSitesByApi = new HashMap<>();
        long stopwatchCalls = 0;
        for (JsonNode site : run.sites()) {
            String file = site.get("file").asText();
            if (file.equals("Stopwatch.java")) {
                stopwatchCalls += site.get("calls").asLong();
                continue;
            }
            assertTrue(site.get("class").asText().startsWith("io.github.vdsoagent.demo."), site.toString());
            assertEquals(N, site.get("calls").asLong(), "one site, N calls: " + site);
            assertTrue(site.get("line").asInt() > 0, site.toString());
            assertEquals(null, demoSitesByApi.put(site.get("api").asText(), site.get("calls").asLong()), "one site per API");
        }
        assertEquals(DEMO_APIS, demoSitesByApi.size(), demoSitesByApi.toString());

        long total = 0;
        for (JsonNode api : run.report.get("apis")) {
            long calls = api.get("calls").asLong();
            assertEquals(calls, api.get("avoidedKernel").asLong() + api.get("enteredKernel").asLong(), api.toString());
            long expected = api.get("api").asText().equals("java.lang.System.nanoTime") ? N + stopwatchCalls : N;
            assertEquals(expected, calls, api.toString());
            total += calls;
        }
        assertEquals(total, run.report.get("totals").get("calls").asLong());
        JsonNode cpu = run.api("java.lang.management.ThreadMXBean.getCurrentThreadCpuTime");
        assertEquals(N, cpu.get("enteredKernel").asLong(), "thread CPU time always enters the kernel");
        if (List.of("tsc", "kvm-clock").contains(run.report.get("clocksource").get("current").asText())) {
            assertEquals(N + stopwatchCalls, run.api("java.lang.System.nanoTime").get("avoidedKernel").asLong());
        }
        assertEquals(JavaProcess.expectedVdsoBackend(), run.report.get("backend").asText(), "the vDSO path is used here: " + run.report.get("backendReason"));
        assertNotEquals(ProcessHandle.current().pid(), run.report.get("pid").asLong(), "the demo's pid, not ours");
    }

    @Test
    void theDefaultReportGoesToStderrAndStdoutIsTheDemosOwn() {
        JavaProcess plain = JavaProcess.runWithJdkDefaults(List.of("-jar", JavaProcess.demoJar().toString(),
                "--iterations", "10", "--api", "java.lang.System.currentTimeMillis"));
        List<String> withAgent = new ArrayList<>(JavaProcess.withAgent(null));
        withAgent.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--iterations", "10", "--api",
                "java.lang.System.currentTimeMillis"));
        JavaProcess agent = JavaProcess.runWithJdkDefaults(withAgent);
        assertEquals(0, agent.exitCode, agent::toString);
        assertEquals(firstLine(plain.stdout), firstLine(agent.stdout));
        assertTrue(agent.stderr.startsWith("=== vdso-agent report: pid "), agent.stderr);
        assertTrue(agent.stderr.contains("java.lang.System.currentTimeMillis"), agent.stderr);
        assertFalse(agent.stderr.contains("WARNING"), agent.stderr);
        assertTrue(plain.stderr.isEmpty(), plain.stderr);
    }

    @Test
    void withoutNativeAccessOnJdk24AndLaterItCountsWithoutWarnings(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24,
                "nothing is restricted before JDK 24: the other tests cover the native path");
        Path report = dir.resolve("r.json");
        JavaProcess p = JavaProcess.runWithJdkDefaults(List.of("-javaagent:" + JavaProcess.agentJar() + "=report="
                        + report + ",format=json,startdelay=0", // the clock setup, which chooses the path, at once
                "-jar", JavaProcess.demoJar().toString(), "--iterations", "100", "--api", "java.lang.System.nanoTime"));
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), "no warning: " + p.stderr);
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertEquals("jvm", json.get("backend").asText());
        assertTrue(json.get("backendReason").asText().contains("--enable-native-access=ALL-UNNAMED"));
        List<Long> calls = json.findValues("calls").stream().map(JsonNode::asLong).collect(Collectors.toList());
        assertTrue(calls.contains(100L), json.toString());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
