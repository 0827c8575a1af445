package io.github.vdsoagent.agent;

import io.github.vdsoagent.kernel.KernelMonitor;

import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.clock.BackendChoice;
import io.github.vdsoagent.vocabulary.ClockMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock setup waits for the start delay; a JVM that ends first is spared it, and its report says why. */
class ClockSetupTest {
    private static final String THREAD = "vdso-agent-clock-setup";

    @Test
    void aSetupAbandonedBeforeItIsDueNeverSwitchesTheStubAndItsThreadEnds() throws InterruptedException {
        ClockSetup setup = new ClockSetup(ClockMode.VDSO, Duration.ofSeconds(1), Duration.ofSeconds(60), true, true);
        setup.start(KernelMonitor.inferredOnly(KernelMonitor.AGENT_CLOCKS));
        assertFalse(setup.awaitSettled(200), "still waiting for its time");
        assertNull(setup.backend(0), "no path chosen while it waits");

        setup.abandon();
        assertTrue(setup.awaitSettled(0));
        BackendChoice backend = setup.backend(0);
        assertEquals(ClockMode.JVM, backend.effective());
        assertTrue(backend.reason().startsWith("the JVM ended before the clock setup was due, 1s after its start"
                + " (startdelay=1s spares a JVM that ends sooner its cost;"), backend.reason());
        assertNull(setup.calibration(0), "no clock was timed");

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (setupThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(setupThreadAlive(), "abandoning wakes the waiting thread, which ends without setting anything up");
        assertEquals(ClockMode.JVM, BackendChoice.pathOf(ClockBackend.mode()), "the stub stays on the JVM's calls");
    }

    @Test
    void clockJvmSaysSoRatherThanBlameTheDelay() {
        ClockSetup setup = new ClockSetup(ClockMode.JVM, Duration.ofSeconds(1), Duration.ofSeconds(60), true, true);
        setup.start(KernelMonitor.inferredOnly(KernelMonitor.AGENT_CLOCKS));
        setup.abandon();
        String reason = setup.backend(0).reason();
        assertFalse(reason.contains("startdelay"), reason);
    }

    private static boolean setupThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
    }
}
