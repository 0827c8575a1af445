package io.github.vdsoagent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vdsoagent.testing.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class AttachListenerStartTest {
    @Test
    void startsTheListenerWithOneSignalAndLeavesNoTriggerBehind() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            long pid = target.pid();
            Path socket = Paths.get("/tmp/.java_pid" + pid);
            assertFalse(Files.exists(socket), "a fresh JVM has no attach listener yet");

            assertTrue(AttachListenerStart.ensureStarted(pid));
            assertTrue(Files.exists(socket));
            assertFalse(Files.exists(Paths.get("/tmp/.attach_pid" + pid)));

            // With its listener up, a JVM answers SIGQUIT with a thread dump on its stdout: none may be sent now.
            assertTrue(AttachListenerStart.ensureStarted(pid));
            Thread.sleep(300);
            target.run(1); // fails on any line the target printed before its answer
            assertTrue(target.isAlive());
        }
    }

    @Test
    void knowsAProcessByItsOwnPidWithoutNamespaces() throws Exception {
        long self = ProcessHandle.current().pid();
        assertEquals(self, AttachListenerStart.pidInItsNamespace(self));
    }
}
