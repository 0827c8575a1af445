package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.ProcessFactsApp;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The agent leaves its host able to exit and closed to the network: no non-daemon thread (one would keep the JVM
 * alive after main returns), no internet socket and no listening one, after a start with -javaagent or an attach,
 * and after detach.
 */
class ThreadsAndSocketsIT {
    private static final String NONE = "nondaemon=[main] inet=0 listening=[]";

    @Test
    void aStartedAgentAddsNoNonDaemonThreadAndNoSocket(@TempDir Path dir) throws Exception {
        String without;
        try (TargetJvm plain = TargetJvm.startMain(List.of(), ProcessFactsApp.class.getName())) {
            without = plain.ask("facts");
        }
        assertEquals(NONE, without, "the fixture's own baseline");
        List<String> agent = new ArrayList<>(List.of("-javaagent:" + JavaProcess.agentJar() + "=report="
                + dir.resolve("r.txt") + ",interval=200ms,startdelay=0")); // its background threads at once
        try (TargetJvm target = TargetJvm.startMain(agent, ProcessFactsApp.class.getName())) {
            target.ask("tick");
            assertEquals(without, target.ask("facts"), "with the agent, periodic reports included");
        }
    }

    @Test
    void attachAndDetachLeaveNoNonDaemonThreadAndNoInternetSocket() throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), ProcessFactsApp.class.getName())) {
            assertEquals(NONE, target.ask("facts"));
            JavaProcess attach = Cli.inThisJvm("attach", target.pid(), "interval=200ms,report=none");
            assertEquals(0, attach.exitCode, attach::toString);
            target.ask("tick");
            // the only listener is the JVM's own attach socket, which any attach opens
            String jvmsOwn = "nondaemon=[main] inet=0 listening=[" + attachSocket(target) + "]";
            assertEquals(jvmsOwn, facts(target), "attached");
            JavaProcess detach = Cli.inThisJvm("detach", target.pid());
            assertEquals(0, detach.exitCode, detach::toString);
            assertEquals(jvmsOwn, facts(target), "detached");
        }
    }

    /** The facts, with the attach socket under the name it was bound to (then renamed into place) as its final name. */
    private static String facts(TargetJvm target) throws Exception {
        return target.ask("facts").replace(attachSocket(target) + ".tmp", attachSocket(target));
    }

    /** HotSpot's attach listener on Linux: /tmp/.java_pid&lt;PID&gt;, whatever java.io.tmpdir says. */
    private static String attachSocket(TargetJvm target) {
        return "/tmp/.java_pid" + target.pid();
    }
}
