package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.ClockAgreementApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDK 17 calls the native helper's critical entry point, without a JNI call's thread-state transitions, once the
 * JIT has compiled the caller: the agent links it at run time, or the user starts the JVM with
 * -XX:+CriticalJNINatives. Either way the reads must still be the same clock's, and every one counted; linking
 * at run time must put the flag back, a flag the user set must stay as set, jnicritical=off must leave the entry
 * alone, and the report must say which entry reads go through either way.
 */
class CriticalNativeIT {
    private static final String APP = ClockAgreementApp.class.getName();

    @Test
    void theAgentLinksTheCriticalEntryAtRunTimeAndPutsTheFlagBack(@TempDir Path dir) throws Exception {
        assumeJdk17();
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0", "-cp", AgentRun.testClasses(), APP,
                "1500");
        String[] words = assertAgreedAndCounted(run);
        JsonNode entry = run.report.get("jniEntry");
        assertTrue(entry.get("critical").asBoolean(), "compiled reads went through the critical entry: " + entry);
        assertEquals("false", words[5], "the flag is off again after the link");
    }

    @Test
    void readsThroughTheCriticalEntryOfAJvmStartedWithTheFlagAgreeAndAreCounted(@TempDir Path dir) throws Exception {
        assumeJdk17();
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0", "-XX:+CriticalJNINatives",
                "-cp", AgentRun.testClasses(), APP, "1500");
        String[] words = assertAgreedAndCounted(run);
        JsonNode entry = run.report.get("jniEntry");
        assertTrue(entry.get("critical").asBoolean(), run.report::toString);
        assertEquals("true", words[5], "the user's flag stays on");
    }

    @Test
    void jniCriticalOffLeavesTheStandardEntry(@TempDir Path dir) throws Exception {
        assumeJdk17();
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0,jnicritical=off", "-cp",
                AgentRun.testClasses(), APP, "1500");
        assertAgreedAndCounted(run);
        JsonNode entry = run.report.get("jniEntry");
        assertFalse(entry.get("critical").asBoolean(), run.report::toString);
    }

    @Test
    void jniCriticalOffStillReportsTheEntryAJvmStartedWithTheFlagLinksItself(@TempDir Path dir) throws Exception {
        assumeJdk17();
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0,jnicritical=off",
                "-XX:+CriticalJNINatives", "-cp", AgentRun.testClasses(), APP, "1500");
        assertAgreedAndCounted(run);
        JsonNode entry = run.report.get("jniEntry");
        assertTrue(entry.get("critical").asBoolean(), run.report::toString);
    }

    @Test
    void aJvmStartedWithTheFlagOffKeepsItOff(@TempDir Path dir) throws Exception {
        assumeJdk17();
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0", "-XX:-CriticalJNINatives", "-cp",
                AgentRun.testClasses(), APP, "1500");
        String[] words = assertAgreedAndCounted(run);
        JsonNode entry = run.report.get("jniEntry");
        assertFalse(entry.get("critical").asBoolean(), run.report::toString);
        assertTrue(entry.get("detail").asText().contains("started with CriticalJNINatives off"), entry::toString);
        assertEquals("false", words[5]);
    }

    private static void assumeJdk17() {
        Assumptions.assumeTrue(Runtime.version().feature() == 17, "critical natives are tested on JDK 17 only");
    }

    private static String[] assertAgreedAndCounted(AgentRun run) {
        assertEquals(0, run.process.exitCode, run.process::toString);
        String[] words = run.process.stdout.trim().split(" ");
        long reads = Long.parseLong(words[1]);
        assertEquals("0", words[3], "reads outside the JVM's own before and after: " + run.process.stdout);
        assertTrue(reads > 100_000, "enough reads to be compiled: " + reads);
        assertEquals("jni", run.report.get("backend").asText(), run.report::toString);
        assertEquals(reads, run.api("java.lang.System.nanoTime").get("calls").asLong());
        return words;
    }
}
