package io.github.vdsoagent.attach;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vdsoagent.testing.DeadSocket;
import io.github.vdsoagent.testing.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class StaleAttachSocketTest {
    @Test
    void removesASocketNothingListensOn() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Path socket = DeadSocket.leaveAt(Paths.get("/tmp/.java_pid" + target.pid()));
            try {
                assertTrue(StaleAttachSocket.removeIfStale(target.pid()));
                assertFalse(Files.exists(socket));
            } finally {
                Files.deleteIfExists(socket);
            }
            assertFalse(StaleAttachSocket.removeIfStale(target.pid()), "no socket at all: nothing to remove");
        }
    }

    @Test
    void leavesTheListenersSocketAndTheTargetsStdoutAlone() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            assertTrue(AttachListenerStart.ensureStarted(target.pid()));
            assertFalse(StaleAttachSocket.removeIfStale(target.pid()));
            assertTrue(Files.exists(Paths.get("/tmp/.java_pid" + target.pid())));
            target.run(1); // fails on any line the target printed before its answer
        }
    }
}
