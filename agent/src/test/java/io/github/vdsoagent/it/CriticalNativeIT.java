package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.ClockAgreementApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        Outcome run = run(dir, "startdelay=0", null);
        assertTrue(run.critical, "compiled reads went through the critical entry: " + run.entry);
        assertEquals("false", run.flagAfter, "the flag is off again after the link");
    }

    @Test
    void readsThroughTheCriticalEntryOfAJvmStartedWithTheFlagAgreeAndAreCounted(@TempDir Path dir) throws Exception {
        Outcome run = run(dir, "startdelay=0", "-XX:+CriticalJNINatives");
        assertTrue(run.critical, run.entry::toString);
        assertEquals("true", run.flagAfter, "the user's flag stays on");
    }

    @Test
    void jniCriticalOffLeavesTheStandardEntry(@TempDir Path dir) throws Exception {
        Outcome run = run(dir, "startdelay=0,jnicritical=off", null);
        assertFalse(run.critical, run.entry::toString);
    }

    @Test
    void jniCriticalOffStillReportsTheEntryAJvmStartedWithTheFlagLinksItself(@TempDir Path dir) throws Exception {
        Outcome run = run(dir, "startdelay=0,jnicritical=off", "-XX:+CriticalJNINatives");
        assertTrue(run.critical, run.entry::toString);
    }

    @Test
    void aJvmStartedWithTheFlagOffKeepsItOff(@TempDir Path dir) throws Exception {
        Outcome run = run(dir, "startdelay=0", "-XX:-CriticalJNINatives");
        assertFalse(run.critical, run.entry::toString);
        assertTrue(run.entry.get("detail").asText().contains("started with CriticalJNINatives off"),
                run.entry::toString);
        assertEquals("false", run.flagAfter);
    }

    /** The report's jniEntry and the flag's value at the end of a run whose reads agreed and were all counted. */
    private static final class Outcome {
        final JsonNode entry;
        final boolean critical;
        final String flagAfter;

        Outcome(JsonNode entry, String flagAfter) {
            this.entry = entry;
            this.critical = entry.get("critical").asBoolean();
            this.flagAfter = flagAfter;
        }
    }

    private static Outcome run(Path dir, String options, String jvmFlag) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() == 17, "critical natives are tested on JDK 17 only");
        List<String> args = new ArrayList<>();
        if (jvmFlag != null) {
            args.add(jvmFlag);
        }
        args.addAll(List.of("-cp", AgentRun.testClasses(), APP, "1500"));
        AgentRun run = AgentRun.run(dir.resolve("report.json"), options, args.toArray(new String[0]));
        String[] words = assertAgreedAndCounted(run);
        return new Outcome(run.report.get("jniEntry"), words[5]);
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
