package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.DeadSocket;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a JVM or a CLI killed with SIGKILL leaves behind is recognised by the process's start time, not its pid
 * alone: list tells the truth, attach goes through the attach mechanism at once, and the leftovers are removed;
 * an attach socket that nothing listens on is replaced by the target's own.
 */
class StaleFilesIT {
    private static final Path AGENTS = Paths.get("/tmp", "vdso-agent-" + uid());

    @Test
    void aStatusLeftByAnEarlierProcessWithTheSamePidIsStale() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Files.createDirectories(AGENTS, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path status = AGENTS.resolve(target.pid() + ".properties");
            Path control = Files.createDirectories(AGENTS.resolve(target.pid() + ".control"));
            Files.writeString(status, "process=" + target.pid() + ".1\nstate=active\nsince=2026-01-01T00:00:00Z\n"
                    + "options=clock\\=vdso\nlistening=true\n");

            JavaProcess list = Cli.run("list");
            assertTrue(list.stdout.lines().anyMatch(l -> l.startsWith(target.pid() + " ") && l.contains(" - ")),
                    "no agent there, whatever the stale file says: " + list.stdout);
            assertFalse(Files.exists(status), "list removed the stale status");
            assertFalse(Files.exists(control), "and its control directory");

            Files.writeString(status, "process=" + target.pid() + ".1\nstate=active\nlistening=true\n");
            Files.createDirectories(control);
            JavaProcess attach = Cli.run("attach", target.pid());
            assertEquals(0, attach.exitCode, "through the attach mechanism, not the dead channel: " + attach);
            target.run(3);
            assertEquals(0, Cli.run("detach", target.pid()).exitCode);
        }
    }

    @Test
    void anAttachSocketLeftByAnEarlierJvmWithTheSamePidIsReplaced() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Path socket = DeadSocket.leaveAt(Paths.get("/tmp/.java_pid" + target.pid()));
            try {
                JavaProcess attach = Cli.run("attach", target.pid());
                assertEquals(0, attach.exitCode, "refused by the dead socket, then through the target's own: " + attach);
                target.run(3);
                assertEquals(0, Cli.run("detach", target.pid()).exitCode);
            } finally {
                Files.deleteIfExists(socket);
            }
        }
    }

    @Test
    void anExchangeLeftByAKilledCliIsRemovedByTheNextOne() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = Files.createDirectory(Paths.get("/tmp", "vdso-agent-cli-" + gone.pid() + ".12345-left"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(left.resolve("request.properties"), "command=report\n");
        try (TargetJvm target = TargetJvm.start()) {
            JavaProcess report = Cli.run("report", target.pid());
            assertEquals(1, report.exitCode, "no agent there yet: " + report);
            assertFalse(Files.exists(left), "the next CLI removed what a killed one left");
        }
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
