package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.DeterministicApp;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host's own output is the host's: its stdout is byte for byte what it is without the agent, and its stderr
 * carries the report and nothing else (report=stderr, the default) or nothing at all (report=none), with no JDK
 * warning on any JDK, native access granted or not.
 */
class HostOutputIT {
    private static JavaProcess alone;

    @BeforeAll
    static void runWithoutTheAgent() {
        alone = app(List.of());
        assertEquals(0, alone.exitCode, alone::toString);
        assertTrue(alone.stdout.contains("monotonic true wall clock true"), alone::toString);
    }

    @Test
    void defaultOptionsLeaveStdoutByteIdenticalAndPutOnlyTheTextReportOnStderr() {
        JavaProcess p = app(JavaProcess.withAgent(null));
        assertEquals(alone.stdout, p.stdout);
        assertTrue(p.stderr.startsWith("=== vdso-agent report: pid "), "the report's first line opens stderr: " + p.stderr);
        assertTrue(p.stderr.contains(DeterministicApp.class.getName()), "the report lists the app's sites: " + p.stderr);
    }

    @Test
    void aJsonReportOnStderrIsAllOfStderr() throws Exception {
        JavaProcess p = app(JavaProcess.withAgent("report=stderr,format=json"));
        assertEquals(alone.stdout, p.stdout);
        JsonNode report = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(p.stderr);
        assertTrue(report.get("sites").size() > 0, p.stderr);
    }

    @Test
    void reportNoneLeavesStderrEmpty() {
        JavaProcess p = app(JavaProcess.withAgent("report=none"));
        assertEquals(alone.stdout, p.stdout);
        assertEquals(alone.stderr, p.stderr);
        assertEquals("", p.stderr);
    }

    /**
     * JDK 24 and later warn about native calls made without permission: the agent never makes one then, even with
     * its clock setup (where it would) started with the agent.
     */
    @Test
    void withoutNativeAccessThereIsNoWarningEither() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24, "nothing is restricted before JDK 24");
        JavaProcess p = app(List.of("-javaagent:" + JavaProcess.agentJar() + "=report=none,startdelay=0"));
        assertEquals(alone.stdout, p.stdout);
        assertEquals("", p.stderr);
    }

    private static JavaProcess app(List<String> agent) {
        List<String> args = new ArrayList<>(agent);
        args.addAll(List.of("-cp", AgentRun.testClasses(), DeterministicApp.class.getName()));
        JavaProcess p = JavaProcess.run(args);
        assertEquals(0, p.exitCode, p::toString);
        return p;
    }
}
