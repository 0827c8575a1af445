package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.Collapsed;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sampled stacks in a real JVM: the collapsed lines of each API sum to the report's exact count, the JSON's stacks
 * sum to each site's calls, the sampled paths show in proportion, and async-profiler's own converter reads the lines
 * to the same totals.
 */
class StackSamplingIT {
    private static final String APP = "io.github.vdsoagent.fixtures.StackPathsApp";
    private static final String NANO = "java.lang.System.nanoTime";
    private static final String MILLIS = "java.lang.System.currentTimeMillis";

    @Test
    void collapsedTotalsPerApiEqualTheReportsExactCounts(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), APP)) {
            JavaProcess attach = Cli.inThisJvm("attach", target.pid(), "include=" + APP + ",stacks=1,startdelay=0");
            assertEquals(0, attach.exitCode, attach::toString);
            long[] rounds = {0};
            Path json = dir.resolve("report.json");
            Poll.until("200 samples", () -> {
                assertTrue(target.ask("run 20000").startsWith("ran 20000"));
                rounds[0] += 20000;
                JavaProcess report = Cli.inThisJvm("report", target.pid(), "--format", "json", "--out", json);
                assertEquals(0, report.exitCode, report::toString);
                return new ObjectMapper().readTree(json.toFile()).get("stackSampling").get("samples").asLong() >= 200;
            });
            Path collapsed = dir.resolve("stacks.collapsed");
            JavaProcess lines = Cli.inThisJvm("report", target.pid(), "--format", "collapsed", "--out", collapsed);
            assertEquals(0, lines.exitCode, lines::toString);
            JavaProcess last = Cli.inThisJvm("report", target.pid(), "--format", "json", "--out", json);
            assertEquals(0, last.exitCode, last::toString);
            JsonNode report = new ObjectMapper().readTree(json.toFile());

            Map<String, Long> exact = new TreeMap<>();
            for (JsonNode api : report.get("apis")) {
                exact.put(api.get("api").asText(), api.get("calls").asLong());
            }
            assertEquals(Map.of(NANO, 4 * rounds[0], MILLIS, rounds[0]), exact, "the counts are exact");
            assertEquals(exact, Collapsed.perLeaf(collapsed), "each API's collapsed lines sum to its exact count");

            long stacksSum = 0;
            for (JsonNode stack : report.get("stacks")) {
                stacksSum += stack.get("weight").asLong();
            }
            assertEquals(report.get("totals").get("calls").asLong(), stacksSum, "the JSON's stacks sum to the total");

            long viaA = Collapsed.through(collapsed, APP + ".pathA");
            long viaB = Collapsed.through(collapsed, APP + ".pathB");
            assertEquals(4 * rounds[0], viaA + viaB, "every nanoTime call came through pathA or pathB");
            double shareA = (double) viaA / (viaA + viaB);
            assertTrue(shareA > 0.55 && shareA < 0.95, "pathA makes 3 in 4 calls, its stacks weigh " + shareA);
            assertTrue(Collapsed.through(collapsed, APP + ".main") == 5 * rounds[0], "every stack starts at main");

            Path converted = dir.resolve("converted.collapsed");
            JavaProcess conv = JavaProcess.run("-cp", jfrConverter(), "Main", "-o", "collapsed", collapsed.toString(),
                    converted.toString());
            assertEquals(0, conv.exitCode, conv::toString);
            assertEquals(exact, Collapsed.perLeaf(converted), "async-profiler's converter reads the same totals");
            Path html = dir.resolve("converted.html");
            JavaProcess page = JavaProcess.run("-cp", jfrConverter(), "Main", "-o", "html", collapsed.toString(),
                    html.toString());
            assertEquals(0, page.exitCode, page::toString);
            assertTrue(html.toFile().length() > 0, "and draws its own flame graph from them");
        }
    }

    @Test
    void withSamplingOffEverySiteStandsAsItsOwnFrame(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        AgentRun run = AgentRun.run(report, "stacks=0,include=" + APP, "-cp", AgentRun.testClasses(),
                "io.github.vdsoagent.fixtures.SampledRounds", "1000");
        assertEquals(0, run.process.exitCode, run.process::toString);
        JsonNode stacks = run.report.get("stacks");
        assertEquals(2, stacks.size(), stacks::toString);
        for (JsonNode stack : stacks) {
            assertEquals(1, stack.get("frames").size(), "a site's own frame: " + stack);
            assertEquals(0, stack.get("samples").asLong());
        }
        assertEquals(0, run.report.get("stackSampling").get("samplesDue").asLong());
        assertEquals(5000, run.report.get("totals").get("calls").asLong());
    }

    /**
     * Counting starts at premain, sampling with the set-up after startdelay: calls before it are counted, never due,
     * and the report says from when it sampled, so that its due samples need not match all the calls over N.
     */
    @Test
    void samplingFromTheSetUpOnAndTheReportSaysWhen(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "stacks=1,startdelay=1s,include=" + APP, "-cp",
                AgentRun.testClasses(), "io.github.vdsoagent.fixtures.SampledRounds", "1000", "3000", "1000");
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertEquals(10_000, run.report.get("totals").get("calls").asLong(), "all calls counted, before and after");
        JsonNode sampling = run.report.get("stackSampling");
        long fromMs = sampling.get("sampledFromMs").asLong();
        // 950: a timed wait may end a hair early; the pause after the first calls is 3 s
        assertTrue(fromMs >= 950 && fromMs < run.report.get("session").get("durationMs").asLong(),
                "sampling began after startdelay, within the window: " + sampling + run.report.get("session"));
        assertEquals(5_000, sampling.get("callsWhileSampling").asLong(), "the calls after the pause: " + sampling);
        long due = sampling.get("samplesDue").asLong();
        assertTrue(due > 0 && due <= 5_000, "only the 5,000 calls after the pause could be due, one in 1: " + sampling);
    }

    private static String jfrConverter() {
        return Paths.get(System.getProperty("vdsoagent.jfrconv.jar")).toString();
    }
}
