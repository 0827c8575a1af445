package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real application no one here wrote, the H2 database running a SQL script: under the agent its output is byte
 * for byte what it is without, and its own time calls are counted at their sites.
 */
class ThirdPartyAppIT {

    @Test
    void h2RunsAScriptWithIdenticalOutputAndItsCallSitesCounted(@TempDir Path dir) throws Exception {
        String[] app = {"-cp", System.getProperty("vdsoagent.h2.jar"), "org.h2.tools.RunScript", "-url",
            "jdbc:h2:mem:orders", "-script", script(), "-showResults"};
        JavaProcess plain = JavaProcess.run(app);
        assertEquals(0, plain.exitCode, plain::toString);
        assertTrue(plain.stdout.contains("--> ada 2 42.50"), plain.stdout);

        AgentRun run = AgentRun.run(dir.resolve("r.json"), "top=100", app);
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertEquals(plain.stdout, run.process.stdout, "stdout is the application's own, unchanged");
        assertTrue(run.process.stderr.isEmpty(), run.process.stderr);
        long h2Calls = 0;
        for (JsonNode site : run.sites()) {
            if (site.get("class").asText().startsWith("org.h2.")) {
                h2Calls += site.get("calls").asLong();
                assertTrue(site.get("line").asInt() > 0, site.toString());
            }
        }
        assertTrue(h2Calls > 0, "H2's own time calls are counted: " + run.report.get("sites"));
        assertEquals(run.report.get("totals").get("calls").asLong(), h2Calls, "all of them are H2's");
    }

    private static String script() throws URISyntaxException {
        return Paths.get(ThirdPartyAppIT.class.getResource("/h2/script.sql").toURI()).toString();
    }
}
