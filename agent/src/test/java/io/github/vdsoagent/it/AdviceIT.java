package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's advice on a host this machine is not: the demo under the agent with the clocksource directory and
 * cpuinfo pointed at fixtures of an hpet host that lists tsc, whose CPU lacks nonstop_tsc. The demo reads thread
 * CPU time and currentTimeMillis for 2 s, far above the advice's thresholds.
 */
class AdviceIT {
    private static final String MILLIS = "java.lang.System.currentTimeMillis";
    private static final String CPU_TIME = "java.lang.management.ThreadMXBean.getCurrentThreadCpuTime";

    private static AgentRun runOnHpet(Path dir, String options) throws IOException {
        Path sysfs = Files.createDirectories(dir.resolve("clocksource0"));
        Files.writeString(sysfs.resolve("current_clocksource"), "hpet\n");
        Files.writeString(sysfs.resolve("available_clocksource"), "hpet acpi_pm tsc \n");
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: fpu tsc constant_tsc rdtscp\n");
        AgentRun run = AgentRun.run(dir.resolve("report.json"), options,
                "-Dvdsoagent.clocksource.dir=" + sysfs, "-Dvdsoagent.cpuinfo=" + cpuinfo,
                "-jar", JavaProcess.demoJar().toString(), "--run-for", "2s", "--api", MILLIS + "," + CPU_TIME);
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertNotNull(run.report, run.process::toString);
        assertEquals("hpet", run.report.get("clocksource").get("current").asText(), "the fixture is what was read");
        return run;
    }

    private static JsonNode advice(AgentRun run, String kind) {
        for (JsonNode advice : run.report.get("advice")) {
            if (advice.get("kind").asText().equals(kind)) {
                return advice;
            }
        }
        return null;
    }

    @Test
    void anHpetHostIsToldToSwitchToTscAndBusySitesAreNamed(@TempDir Path dir) throws IOException {
        AgentRun run = runOnHpet(dir, "");
        JsonNode clocksource = advice(run, "clocksource");
        assertNotNull(clocksource, run.report.get("advice").toString());
        assertTrue(clocksource.get("summary").asText().contains("from hpet to tsc"), clocksource.toString());
        assertTrue(clocksource.get("action").asText().startsWith(
                "as root: echo tsc > /sys/devices/system/clocksource/clocksource0/current_clocksource"));
        assertTrue(clocksource.get("action").asText().contains("lacks constant_tsc or nonstop_tsc"));
        assertTrue(clocksource.get("evidence").toString().contains("constant_tsc yes, nonstop_tsc NO"));
        assertTrue(clocksource.get("evidence").toString().contains("available_clocksource hpet acpi_pm tsc"));

        JsonNode cpu = advice(run, "thread-cpu-time");
        assertNotNull(cpu, run.report.get("advice").toString());
        assertTrue(cpu.get("gainNsPerSecond").asDouble() > 0, cpu.toString());
        assertTrue(cpu.get("evidence").toString().contains("io.github.vdsoagent.demo.TimeApi$"), cpu.toString());

        JsonNode coarse = advice(run, "coarse");
        assertNotNull(coarse, run.report.get("advice").toString());
        assertTrue(coarse.get("action").asText().startsWith("coarse=currentTimeMillis,coarseinclude="
                + "io.github.vdsoagent.demo.TimeApi$1"), coarse.toString());
        assertTrue(coarse.get("gainNsPerSecond").asDouble() > 0, coarse.toString());
        assertTrue(run.report.get("coarse").isNull(), "no coarse= given");
    }

    @Test
    void aCoarseSiteIsNoLongerACandidate(@TempDir Path dir) throws IOException {
        AgentRun run = runOnHpet(dir, "coarse=currentTimeMillis");
        assertNull(advice(run, "coarse"), run.report.get("advice").toString());
        JsonNode millis = run.report.get("coarse").get("apis").get(0);
        assertEquals(MILLIS, millis.get("api").asText());
        assertEquals("CLOCK_REALTIME_COARSE", millis.get("clock").asText());
        assertTrue(run.report.get("coarse").get("inEffect").asBoolean(), run.report.get("coarse").toString());
    }
}
