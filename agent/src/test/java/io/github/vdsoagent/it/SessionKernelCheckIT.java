package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel check of a session started by attach says what that session measured: its final report (detach, the
 * end of a profile) keeps the measured verdicts, and the agent's own system calls, its set-up's included, are
 * counted as the agent's.
 */
@ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ) // kernelcheck=perf
class SessionKernelCheckIT {

    private static JsonNode kernelCheck(JavaProcess report) throws Exception {
        assertEquals(0, report.exitCode, report::toString);
        return new ObjectMapper().readTree(report.stdout).get("kernelCheck");
    }

    @Test
    void theAgentsOwnSystemCallsAreTheAgentsAndTheFinalReportKeepsTheMeasuredVerdicts() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            assertEquals(0, Cli.inThisJvm("attach", target.pid(),
                    "kernelcheck=perf,startdelay=0").exitCode); // a young target waits else
            JsonNode midway = kernelCheck(Cli.inThisJvm("report", target.pid(), "--format", "json"));
            Assumptions.assumeTrue(midway.get("available").asBoolean(),
                    "SKIPPED: the kernel's counters are not available here: " + midway.get("reason"));
            // An idle target makes few time system calls of its own (the JVM reads a thread's CPU time now and then,
            // a handful on JDK 25): the agent's set-up and probes, some 12,800, are counted as the agent's.
            long process = midway.get("processSyscalls").get("clock_gettime").asLong();
            long agent = midway.get("agentSyscalls").get("clock_gettime").asLong();
            assertTrue(agent > 0 && process - agent >= 0 && process - agent < 100, midway.toString());

            JsonNode last = kernelCheck(Cli.inThisJvm("detach", target.pid(), "--format", "json"));
            assertEquals(true, last.get("available").asBoolean(), last.toString());
            assertEquals("perf-tracepoint", last.get("method").asText(), last.toString());
            for (JsonNode clock : last.get("clocks")) {
                assertEquals("measured", clock.get("evidence").asText(), clock.toString());
            }
        }
    }

    @Test
    void aProfilesReportCarriesWhatItMeasured() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            JsonNode kernel = kernelCheck(Cli.run("profile", target.pid(), "--duration", "1500ms", "--format", "json",
                    "kernelcheck=perf,startdelay=0"));
            Assumptions.assumeTrue(!kernel.get("reason").asText("").startsWith("no tracepoint id"),
                    "SKIPPED: the kernel's counters are not available here: " + kernel.get("reason"));
            assertEquals(true, kernel.get("available").asBoolean(), kernel.toString());
            for (JsonNode clock : kernel.get("clocks")) {
                assertEquals("measured", clock.get("evidence").asText(), clock.toString());
            }
        }
    }
}
