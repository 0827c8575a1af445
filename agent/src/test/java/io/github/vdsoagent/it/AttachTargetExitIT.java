package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.ExitsDuringAttachApp;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target that exits while the agent is starting in it (abruptly, or through shutdown hooks that take seconds): the
 * CLI ends (no hang) with a message that says so or, if the agent finished first, success; the target ends with its
 * own exit status, not a crash, and prints nothing of the agent.
 */
class AttachTargetExitIT {

    @ParameterizedTest
    @ValueSource(strings = {"exit", "slow-exit", "halt"})
    void theCliEndsCleanlyAndTheTargetExitsWithItsOwnStatus(String how) throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), ExitsDuringAttachApp.class.getName(), how)) {
            JavaProcess attach = Cli.run("attach", target.pid(), "report=none");
            int status;
            try {
                status = target.waitForExit(60);
            } catch (AssertionError hung) {
                throw new AssertionError(hung.getMessage() + "\nthe CLI: " + attach + "\n" + target.threadDump(), hung);
            }
            assertEquals(3, status, () -> "the target's own status, not a crash: " + target.stderr());
            assertTrue(attach.exitCode == 0 || attach.exitCode == 1, attach::toString);
            if (attach.exitCode != 0) {
                assertTrue(attach.stderr.contains("JVM " + target.pid())
                        && (attach.stderr.contains("exit") || attach.stderr.contains("is shutting down")),
                        "the message says the JVM exited or is exiting: " + attach);
            }
            assertFalse(attach.stderr.contains("\tat "), "no stack trace: " + attach);
            assertFalse(target.stderr().contains("vdso-agent") || target.stderr().contains("Exception")
                    || target.stderr().contains("fatal error"), target.stderr());
        }
    }
}
