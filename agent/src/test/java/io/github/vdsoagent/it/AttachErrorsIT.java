package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every way an attach can go wrong gets one clear line and a documented exit code: 1 target, 2 usage. */
class AttachErrorsIT {

    @Test
    void aPidThatIsNotRunning() {
        expectTargetProblem(Cli.run("attach", deadPid()), "is running");
    }

    @Test
    void aProcessThatIsNotAJvmIsLeftAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            expectTargetProblem(Cli.run("attach", sleeper.pid()), "not a Java virtual machine");
            Thread.sleep(200);
            assertTrue(sleeper.isAlive(), "no signal was sent: the attach mechanism's SIGQUIT would have killed it");
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void aJvmThatRefusesAttaching() throws Exception {
        try (TargetJvm target = TargetJvm.start("-XX:+DisableAttachMechanism")) {
            expectTargetProblem(Cli.run("attach", target.pid()), "DisableAttachMechanism");
        }
    }

    @Test
    void aRuntimeWithoutTheAttachModule() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            JavaProcess p = JavaProcess.run("--limit-modules", "java.base,java.instrument,java.management,java.logging",
                    "-jar", JavaProcess.agentJar().toString(), "attach", String.valueOf(target.pid()));
            expectTargetProblem(p, "no jdk.attach module");
        }
    }

    /** The CLI run by another user (nobody) against this user's JVM: refused before any signal is sent. */
    @Test
    void anotherUsersJvm() throws Exception {
        assumeTrue(OtherUser.available(), OtherUser.WHY_NOT);
        Path jar = OtherUser.readableCopy(JavaProcess.agentJar());
        try (TargetJvm target = TargetJvm.start()) {
            JavaProcess p = OtherUser.run(List.of(JavaProcess.java().toString(), "-jar", jar.toString(), "attach",
                    String.valueOf(target.pid())));
            expectTargetProblem(p, "belongs to another user");
            target.run(1); // still serving: run() throws if the target does not answer
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "report abc", "detach", "attach 1 clock=fast", "profile 1", "profile 1 --duration 0s",
        "report 1 --format xml", "frobnicate"})
    void usageErrorsExitWithTwo(String args) {
        JavaProcess p = Cli.run((Object[]) args.split(" "));
        assertEquals(2, p.exitCode, p::toString);
        assertEquals(1, p.stderr.lines().count(), p.stderr);
        assertTrue(p.stderr.startsWith("vdso-agent: "), p.stderr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "attach", "report", "detach", "profile", "vdso"})
    void everyCommandHasHelp(String command) {
        JavaProcess p = Cli.run(command, "--help");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stdout.contains("Usage: vdso-agent " + command), p.stdout);
    }

    @Test
    void versionAndTopLevelHelp() {
        JavaProcess version = Cli.run("--version");
        assertEquals(0, version.exitCode);
        assertTrue(version.stdout.startsWith("vdso-agent "), version.stdout);
        JavaProcess help = Cli.run("--help");
        assertEquals(0, help.exitCode);
        for (String command : new String[]{"list", "attach", "report", "detach", "profile", "vdso"}) {
            assertTrue(help.stdout.contains(command), help.stdout);
        }
        assertTrue(help.stdout.contains("Exit codes:"), help.stdout);
    }

    private static void expectTargetProblem(JavaProcess p, String message) {
        assertEquals(1, p.exitCode, p::toString);
        assertEquals(1, p.stderr.lines().count(), p.stderr);
        assertTrue(p.stderr.startsWith("vdso-agent: ") && p.stderr.contains(message), p.stderr);
    }

    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid--;
        }
        return pid;
    }
}
