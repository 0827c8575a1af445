package io.github.vdsoagent.it;

import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.fixtures.LoaderApp;
import io.github.vdsoagent.fixtures.ProcessFactsApp;
import io.github.vdsoagent.protocol.AgentDirectory;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links someone planted where the agent writes are never written through: a link at the report path is replaced by
 * an owner-only report, a linked status directory or control directory is not used (the agent still works, through
 * attach), and the files they point to stay as they were.
 */
class PlantedLinksIT {
    /** Where the agents of this test's uid keep their status and control files, under a given tmpdir. */
    private static Path agentDirectory(Path tmpdir) {
        return AgentDirectory.of(tmpdir, FileOwner.processUid()).path();
    }

    @Test
    void aLinkAtTheReportPathIsReplacedNotFollowed(@TempDir Path dir) throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path report = Files.createSymbolicLink(dir.resolve("r.json"), victim);
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + report + ",format=json"), "-cp",
                AgentRun.testClasses(), LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertEquals("precious", Files.readString(victim, StandardCharsets.UTF_8), "the link's target is untouched");
        assertTrue(Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS), "the link was replaced by the report");
        assertTrue(Files.readString(report, StandardCharsets.UTF_8).startsWith("{"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
    }

    @Test
    void aLinkedStatusDirectoryIsNotUsed(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(agentDirectory(tmp), elsewhere);
        List<String> args = new java.util.ArrayList<>(List.of("-Djava.io.tmpdir=" + tmp));
        args.addAll(JavaProcess.withAgent("report=" + dir.resolve("r.json") + ",format=json,startdelay=0"));
        JavaProcess p = JavaProcess.run(args, "-cp", AgentRun.testClasses(), LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), p.stderr);
        assertTrue(Files.exists(dir.resolve("r.json")), "the agent worked");
        assertEmpty(elsewhere);
    }

    @Test
    void aLinkPlantedAsTheControlDirectoryIsNotUsed(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path status = Files.createDirectory(agentDirectory(tmp),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (TargetJvm target = TargetJvm.startMain(List.of("-Djava.io.tmpdir=" + tmp), ProcessFactsApp.class.getName())) {
            Files.createSymbolicLink(status.resolve(target.pid() + ".control"), elsewhere);
            for (String command : List.of("attach", "report", "detach")) {
                JavaProcess cli = JavaProcess.run("-Djava.io.tmpdir=" + tmp, "-jar", JavaProcess.agentJar().toString(),
                        command, Long.toString(target.pid()));
                assertEquals(0, cli.exitCode, command + " still works, by attaching: " + cli);
            }
            assertEmpty(elsewhere);
            assertTrue(Files.isSymbolicLink(status.resolve(target.pid() + ".control")), "left as it was");
        }
    }

    private static void assertEmpty(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(Path::toString).collect(java.util.stream.Collectors.toList()),
                    "nothing written through the link");
        }
    }
}
