package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertFalse(sleeper.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "no signal was sent: the attach mechanism's SIGQUIT would have killed it");
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
            JavaProcess p = OtherUser.run(JavaProcess.jvm("-jar", jar.toString(), "attach",
                    String.valueOf(target.pid())));
            expectTargetProblem(p, "belongs to another user");
            target.run(1); // still serving: run() throws if the target does not answer
        }
    }

    /** The real jar's main ends with the code the command gave: a usage error is 2 (the cases: CliTest). */
    @Test
    void aUsageErrorExitsWithTwo() {
        JavaProcess p = Cli.run("attach", "1", "clock=fast");
        assertEquals(2, p.exitCode, p::toString);
        assertEquals(List.of("vdso-agent: clock=fast is not valid: use clock=vdso|jvm|syscall (see --help)"),
                p.stderr.lines().toList());
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
