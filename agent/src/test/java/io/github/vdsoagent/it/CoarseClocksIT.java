package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * coarse= under the packaged agent: the demo's wall-clock sites with coarse=wallclock under strace, where more
 * calls add no clock_gettime system call (on this tsc host the precise clock makes none either; on a host without a
 * vDSO mode this is where the two differ), and coarse sites held against precise ones in one JVM.
 */
@ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ) // kernelcheck=perf
class CoarseClocksIT {
    private static final int TOLERANCE = 20;
    private static final int FEW = 1_000;
    private static final int MANY = 100_000;
    private static final List<String> WALL_CLOCK = List.of("java.lang.System.currentTimeMillis",
            "java.time.Instant.now", "new java.util.Date()", "java.time.LocalDateTime.now",
            "java.time.Clock.systemUTC");
    /**
     * A lag beyond a tick that is still the kernel's, not a stale value of the stub's: the tick handler runs late by
     * microseconds on a quiet host and by milliseconds on a busy VM (4.2 ms with a 4 ms tick was seen here), while a
     * value the stub kept would lag by the whole run.
     */
    private static final long LATE_TICK = 100_000_000;

    /** strace's clock_gettime count, less the agent's own (its probe and timings), and the report. */
    private record Run(long applicationSyscalls, JsonNode report) {
    }

    private static Run underStrace(Path dir, int iterations) throws IOException {
        Path report = dir.resolve("coarse-" + iterations + ".json");
        Path summary = dir.resolve("coarse-" + iterations + ".strace");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-c", "-o", summary.toString(),
                "-e", "trace=clock_gettime", JavaProcess.java().toString()));
        command.addAll(JavaProcess.withAgent("report=" + report + ",format=json,kernelcheck=perf,startdelay=0,"
                + "coarse=wallclock"));
        command.addAll(List.of("-cp", JavaProcess.demoJar() + ":" + AgentRun.testClasses(),
                "io.github.vdsoagent.kernel.DemoThenSettle", "--iterations", Integer.toString(iterations),
                "--api", String.join(",", WALL_CLOCK)));
        JavaProcess p = JavaProcess.execToolOrSkip(command, 300);
        assertEquals(0, p.exitCode, p::toString);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode kernel = json.get("kernelCheck");
        Assumptions.assumeTrue(kernel.get("available").asBoolean(),
                "SKIPPED: the agent's kernel counters are unavailable here: " + kernel.get("reason"));
        JsonNode agent = kernel.get("agentSyscalls").get("clock_gettime");
        long strace = StraceCrossCheckIT.straceCounts(summary).getOrDefault("clock_gettime", 0L);
        return new Run(strace - (agent == null || agent.isNull() ? 0 : agent.asLong()), json);
    }

    @Test
    void coarseWallClockSitesMakeNoClockGettimeSystemCall(@TempDir Path dir) throws IOException {
        JavaProcess probe = JavaProcess.execToolOrSkip(List.of("strace", "-f", "-c", "-e", "trace=clock_gettime",
                "true"), 30);
        Assumptions.assumeTrue(probe.exitCode == 0, "SKIPPED: strace cannot trace here: " + probe.stderr.trim());
        Run few = underStrace(dir, FEW);
        Run many = underStrace(dir, MANY);
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : many.report().get("apis")) {
            rows.put(row.get("api").asText(), row);
        }
        for (String api : WALL_CLOCK) {
            JsonNode row = rows.get(api);
            assertEquals(MANY, row.get("calls").asLong(), row.toString());
            assertTrue(row.get("coarse").asBoolean(), row.toString());
            assertEquals("CLOCK_REALTIME_COARSE", row.get("clock").asText(), row.toString());
            assertEquals(MANY, row.get("avoidedKernel").asLong(), row.toString());
            assertEquals("measured", row.get("evidence").asText(), row.toString());
        }
        long added = many.applicationSyscalls() - few.applicationSyscalls();
        assertTrue(Math.abs(added) <= TOLERANCE, (WALL_CLOCK.size() * (MANY - FEW)) + " more coarse reads added "
                + added + " clock_gettime system calls (the JVM's own: at most " + TOLERANCE + ")");
        assertTrue(many.report().get("coarse").get("inEffect").asBoolean(), many.report().get("coarse").toString());
    }

    @Test
    void coarseSitesLagPreciseOnesByATickAndNeverGoBack(@TempDir Path dir) throws IOException {
        String app = "io.github.vdsoagent.fixtures.CoarseValuesApp";
        AgentRun run = AgentRun.run(dir.resolve("values.json"), "include=" + app + "*,startdelay=0,top=100,"
                + "coarse=currentTimeMillis,coarse=Instant.now,coarseinclude=" + app + "$Coarse",
                "-cp", AgentRun.testClasses(), app, "1500");
        assertEquals(0, run.process.exitCode, run.process::toString);
        Map<String, Long> values = new HashMap<>();
        for (String field : run.process.stdout.trim().split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                values.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
            }
        }
        long tick = run.report.get("coarse").get("tickNs").asLong();
        assertTrue(values.get("samples") > 1000, run.process.stdout);
        assertEquals(0, values.get("aheadOfPrecise"), "a coarse value is never later than the precise clock: "
                + run.process.stdout);
        assertEquals(0, values.get("backwards"), run.process.stdout);
        assertTrue(values.get("maxLagNanos") <= tick + LATE_TICK, run.process.stdout + ", tick " + tick + " ns");
        assertTrue(values.get("earlierThanPrecise") > 0, "a later coarse read shows an earlier time: "
                + run.process.stdout);
        for (JsonNode site : run.sites()) {
            boolean coarseClass = site.get("class").asText().endsWith("$Coarse");
            if (coarseClass || site.get("class").asText().endsWith("$Precise")) {
                assertEquals(coarseClass, site.get("coarse").asBoolean(), "coarseinclude= decides: " + site);
            }
        }
        assertFalse(run.process.stderr.contains("WARN"), run.process.stderr);
    }
}
