package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.SlowShutdownApp;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While a JVM runs its shutdown hooks, every command is refused the same way, whether the agent was loaded before
 * or not: there is nothing left to rewrite, and a detach then would race the exit report.
 */
class ShutdownIT {

    @Test
    void aJvmThatIsShuttingDownRefusesEveryCommandWithTheAgentAlreadyIn() throws Exception {
        List<String> agent = JavaProcess.withAgent("report=none,startdelay=0");
        try (TargetJvm target = TargetJvm.startMain(agent, SlowShutdownApp.class.getName())) {
            target.run(10);
            assertEquals("shutting-down", target.ask("shutdown"));
            for (String command : List.of("attach", "report", "detach")) {
                JavaProcess cli = Cli.run(command, target.pid());
                assertEquals(1, cli.exitCode, command + ": " + cli);
                assertTrue(cli.stderr.contains("JVM " + target.pid() + " is shutting down"), command + ": " + cli);
            }
            target.exitSoon(); // "exit" ends the hook's wait too
            assertEquals(0, target.waitForExit(60));
        }
    }

    @Test
    void aJvmThatIsShuttingDownRefusesTheAgent() throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), SlowShutdownApp.class.getName())) {
            assertEquals("shutting-down", target.ask("shutdown"));
            JavaProcess cli = Cli.run("attach", target.pid());
            assertEquals(1, cli.exitCode, cli::toString);
            assertTrue(cli.stderr.contains("JVM " + target.pid() + " is shutting down"), cli::toString);
            target.exitSoon();
            assertEquals(0, target.waitForExit(60));
        }
    }
}
