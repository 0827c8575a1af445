package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock path waits for the set-up; a session that ends first never switches the stub, and says why. */
class ClockPathStageTest {
    private final KernelCheckSession kernel = KernelCheckSession.inferredOnly(KernelCheckSession.AGENT_CLOCKS);

    @Test
    void aStageThatNeverRanLeavesTheStubOnTheJvmsCallsAndSaysWhy() {
        ClockPathStage stage = new ClockPathStage(ClockMode.VDSO, true, kernel);
        SetupPipeline pipeline = new SetupPipeline(Duration.ofSeconds(1), Duration.ofSeconds(60), List.of(stage));
        pipeline.start();
        assertNull(stage.choice(200, pipeline.whyNotRun()), "no path chosen while it waits");
        pipeline.abandon();
        assertTrue(pipeline.awaitFinished(10_000));
        PathChoice backend = stage.choice(0, pipeline.whyNotRun());
        assertEquals(ClockMode.JVM, backend.effective());
        assertTrue(backend.reason().startsWith("the session ended before the agent's set-up was due, 1s after the"
                + " JVM's start (startdelay=1s spares a JVM that ends sooner its cost;"), backend.reason());
        assertEquals(ClockPath.JVM, stage.current());
        assertEquals(ClockPath.JVM, ClockPath.current(), "the stub stays on the JVM's calls");
    }

    @Test
    void clockJvmSaysSoRatherThanBlameTheDelay() {
        ClockPathStage stage = new ClockPathStage(ClockMode.JVM, true, kernel);
        String reason = stage.choice(0, "the session ended before the agent's set-up was due").reason();
        assertFalse(reason.contains("set-up"), reason);
    }
}
