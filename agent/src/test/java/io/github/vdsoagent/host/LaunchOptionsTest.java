package io.github.vdsoagent.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchOptionsTest {
    private static final String OPTION = "-XX:StartFlightRecording";

    @Test
    void findsAnArgumentOfTheCommandLine() {
        assertTrue(LaunchOptions.inCommandLine("java\0-XX:StartFlightRecording:filename=a.jfr\0-jar\0app.jar\0", OPTION));
        assertTrue(LaunchOptions.inCommandLine("java\0-XX:StartFlightRecording", OPTION));
        assertFalse(LaunchOptions.inCommandLine("java\0-Dx=-XX:StartFlightRecording\0Main\0", OPTION));
        assertFalse(LaunchOptions.inCommandLine("", OPTION));
    }

    @Test
    void findsAWordOfAVariable() {
        assertTrue(LaunchOptions.inVariable("-Xmx1g  -XX:StartFlightRecording=duration=30s", OPTION));
        assertTrue(LaunchOptions.inVariable("\t-XX:StartFlightRecording", OPTION));
        assertFalse(LaunchOptions.inVariable("-Dopt=-XX:StartFlightRecording", OPTION));
        assertFalse(LaunchOptions.inVariable(null, OPTION));
    }
}
