package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.ProcessIdentity;
import io.github.vdsoagent.protocol.AgentDirectory;
import io.github.vdsoagent.protocol.StatusFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This JVM's status and control directory: there while it runs, gone once its exit hook ran, whatever the order. */
class AgentFilesTest {
    @TempDir
    Path tmp;
    private String savedTmpdir;

    @BeforeEach
    void ownTemporaryDirectory() {
        savedTmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTemporaryDirectory() {
        System.setProperty("java.io.tmpdir", savedTmpdir);
    }

    private static List<String> entries() throws IOException {
        Path dir = AgentDirectory.ofThisProcess().path();
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void whatItCreatedIsGoneAfterTheExitHook() throws IOException {
        AgentFiles files = new AgentFiles();
        files.openChannel(request -> { });
        files.writeStatus("active", "clock=vdso", Instant.parse("2026-11-27T00:00:00Z"));
        long pid = HostFacts.pid();
        assertEquals(List.of(pid + ".control", pid + ".properties"), entries());
        StatusFile.Status status = StatusFile.read(AgentDirectory.ofThisProcess(), ProcessIdentity.self());
        assertNotNull(status);
        assertEquals("active", status.state());
        assertTrue(status.listening(), "the control directory is announced");

        files.removeAtExit();
        assertEquals(List.of(), entries());
    }

    /** The exit hook can run before the control channel's opener, on a thread of its own, gets this far. */
    @Test
    void anOpeningOrStatusThatComesAfterTheExitHookCreatesNothing() throws IOException {
        AgentFiles files = new AgentFiles();
        files.removeAtExit();
        files.openChannel(request -> { });
        files.writeStatus("active", "clock=vdso", Instant.parse("2026-11-27T00:00:00Z"));
        assertEquals(List.of(), entries());
    }
}
