package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.ClockAgreementApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDK 17 started with -XX:+CriticalJNINatives (the README's advice there) calls the helper's critical entry point
 * once the JIT has compiled the caller: its reads must still be the same clock's, and every one counted.
 */
class CriticalNativeIT {
    @Test
    void readsThroughTheCriticalEntryAgreeWithTheJvmsAndAreCounted(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() == 17, "-XX:+CriticalJNINatives exists on JDK 17 only");
        AgentRun run = AgentRun.run(dir.resolve("report.json"), "startdelay=0", "-XX:+CriticalJNINatives",
                "-cp", AgentRun.testClasses(), ClockAgreementApp.class.getName(), "1500");
        assertEquals(0, run.process.exitCode, run.process::toString);
        String[] words = run.process.stdout.trim().split(" ");
        long reads = Long.parseLong(words[1]);
        assertEquals("0", words[3], "reads outside the JVM's own before and after: " + run.process.stdout);
        assertTrue(reads > 100_000, "enough reads to be compiled: " + reads);
        assertEquals("jni", run.report.get("backend").asText(), run.report::toString);
        assertEquals(reads, run.api("java.lang.System.nanoTime").get("calls").asLong());
    }
}
