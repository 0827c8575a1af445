package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.ConcurrentCallsApp;
import io.github.vdsoagent.fixtures.EveryApi;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attach, report and detach, five times over, while eight threads call all 20 covered APIs without pause and eight
 * more run measured rounds: the target never sees an exception nor hangs (every answer has a hang guard), and each
 * detach report counts exactly the measured calls made while that session was active. The background threads'
 * sites straddle attach and detach, so their counts are only bounded: at least one pass per thread (the test waits
 * for passes that began after attach), at most the passes begun before detach ended.
 */
class ConcurrentAttachIT {
    private static final int CYCLES = 5;
    private static final int CALLS = 250;
    private static final int ROUNDS = 2;
    private static final int APIS = 20;

    @Test
    void countsStayExactWhileThreadsCallThroughAttachReportAndDetach(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), ConcurrentCallsApp.class.getName())) {
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                long backgroundBefore = backgroundPasses(target);
                JavaProcess attach = Cli.inThisJvm("attach", target.pid());
                assertEquals(0, attach.exitCode, attach::toString);
                assertNoErrors(target.ask("bgsync"), target);

                assertNoErrors(target.ask("start " + CALLS), target);
                JavaProcess report = Cli.reportInThisJvm(target.pid(), "--format", "json"); // while the round runs
                assertEquals(0, report.exitCode, report::toString);
                assertNoErrors(target.ask("await"), target);
                assertNoErrors(target.ask("start " + CALLS), target);
                assertNoErrors(target.ask("await"), target);

                Path out = dir.resolve("detach-" + cycle + ".json");
                JavaProcess detach = Cli.detachInThisJvm(target.pid(), "--format", "json", "--top", "100", "--out", out);
                assertEquals(0, detach.exitCode, detach::toString);
                long backgroundPasses = backgroundPasses(target) - backgroundBefore;

                JsonNode sites = new ObjectMapper().readTree(out.toFile()).get("sites");
                long measured = (long) ROUNDS * ConcurrentCallsApp.WORKERS * CALLS;
                Set<String> apis = new HashSet<>();
                int measuredSites = 0;
                int backgroundSites = 0;
                for (JsonNode site : sites) {
                    String where = "cycle " + cycle + ": " + site;
                    if (site.get("class").asText().equals(TimeCalls.class.getName()) && site.get("calls").asLong() > 0) {
                        assertEquals(measured, site.get("calls").asLong(), where);
                        apis.add(site.get("api").asText());
                        measuredSites++;
                    } else if (site.get("class").asText().equals(EveryApi.class.getName())) {
                        long calls = site.get("calls").asLong();
                        backgroundSites++;
                        assertTrue(calls >= ConcurrentCallsApp.BACKGROUND, where);
                        assertTrue(calls <= backgroundPasses + ConcurrentCallsApp.BACKGROUND,
                                where + " exceeds the " + backgroundPasses + " passes made");
                    }
                }
                assertEquals(APIS, measuredSites, "cycle " + cycle + ": measured sites");
                assertEquals(APIS, backgroundSites, "cycle " + cycle + ": background sites");
                assertEquals(APIS, apis.size(), "cycle " + cycle + ": every API counted exactly, at its own site: " + apis);
            }
            assertFalse(target.stderr().contains("Exception"), target.stderr());
        }
    }

    private static long backgroundPasses(TargetJvm target) throws Exception {
        String answer = target.ask("bg");
        assertNoErrors(answer, target);
        return Long.parseLong(answer.split(" ")[1]);
    }

    private static void assertNoErrors(String answer, TargetJvm target) {
        assertTrue(answer != null && answer.endsWith(" errors=0"), answer + " " + target.stderr());
    }
}
