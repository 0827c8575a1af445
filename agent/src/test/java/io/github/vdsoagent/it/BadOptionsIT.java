package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.LoaderApp;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad option string: one line on stderr naming the agent, no report, the application runs as without it. */
class BadOptionsIT {

    @ParameterizedTest
    @ValueSource(strings = {"clock=fast", "frobnicate=1", "interval=soon", "top=-3", "report=", "include=a/b"})
    void leavesTheAgentInertWithOneLine(String options) {
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent(options), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stdout.contains("LoaderApp done true"), p::toString);
        assertEquals(1, p.stderr.lines().count(), p.stderr);
        assertTrue(p.stderr.startsWith("vdso-agent: "), p.stderr);
        assertTrue(p.stderr.contains("the agent is inactive"), p.stderr);
        assertFalse(p.stderr.contains("Exception"), "no stack trace: " + p.stderr);
    }
}
