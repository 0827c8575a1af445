package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.DeadSocket;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import io.github.vdsoagent.testing.Recording;
import io.github.vdsoagent.testing.TargetJvm;
import io.github.vdsoagent.testing.TemporaryUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Across users, as on a shared host: root acts on any user's JVM and gets its answers (as jcmd does), an
 * unprivileged user works on their own JVM with their own copy of the jar, and a trigger file planted by a third
 * user never makes the target print a thread dump on its stdout, nor does an attach socket of root's that a killed
 * JVM left.
 */
class OtherUsersIT {
    private static Path classes;
    private static Path sharedJar;

    @BeforeAll
    static void readableCopies() throws Exception {
        assumeTrue(OtherUser.available(), OtherUser.WHY_NOT);
        classes = OtherUser.readableTestClasses();
        sharedJar = OtherUser.readableCopy(JavaProcess.agentJar());
    }

    @AfterAll
    static void removeCopies() throws Exception {
        if (classes != null) {
            OtherUser.delete(classes);
        }
    }

    private static TargetJvm nobodysJvm(Path workingDirectory) throws Exception {
        return TargetJvm.startAs(OtherUser.prefix(), workingDirectory, classes.toString(), List.of(),
                "io.github.vdsoagent.fixtures.ControlledApp");
    }

    private static JavaProcess cliAsRoot(Object... args) {
        List<String> command = new ArrayList<>(List.of("-jar", sharedJar.toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return JavaProcess.run(command);
    }

    private static JavaProcess cliAsNobody(Path jar, Object... args) {
        List<String> command = JavaProcess.jvm("-jar", jar.toString());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return OtherUser.run(command);
    }

    @Test
    void rootAttachesReportsAndDetachesOnAnotherUsersJvm() throws Exception {
        try (TargetJvm target = nobodysJvm(null)) {
            JavaProcess attach = cliAsRoot("attach", target.pid());
            assertEquals(0, attach.exitCode, attach::toString);
            target.run(1234);
            JavaProcess report = cliAsRoot("report", target.pid(), "--format", "json");
            assertEquals(0, report.exitCode, report::toString);
            assertEquals(1234, AttachLifecycleIT.nanoTimeLoopCalls(new ObjectMapper().readTree(report.stdout)));
            target.run(100);
            JavaProcess detach = cliAsRoot("detach", target.pid(), "--format", "json");
            assertEquals(0, detach.exitCode, detach::toString);
            assertEquals(1334, AttachLifecycleIT.nanoTimeLoopCalls(new ObjectMapper().readTree(detach.stdout)),
                    "the final report reaches root");
            assertEquals("", target.stderr(), "nothing on the target's stderr");
        }
    }

    @Test
    void rootProfilesAnotherUsersJvmAndNothingKeepsRunning() throws Exception {
        try (TargetJvm target = nobodysJvm(null)) {
            Thread calls = new Thread(() -> {
                try {
                    Cli.awaitState(target.pid(), "active");
                    target.run(777);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            calls.start();
            // long enough for the calls to fall inside it on a loaded host (the test's classes run side by side)
            JavaProcess profile = cliAsRoot("profile", target.pid(), "--duration", "4s", "--format", "json");
            calls.join();
            assertEquals(0, profile.exitCode, profile::toString);
            JsonNode report = new ObjectMapper().readTree(profile.stdout);
            assertEquals(777, AttachLifecycleIT.nanoTimeLoopCalls(report));
            Thread.sleep(1500); // an agent left active would write its periodic report, or warn, by now
            JavaProcess status = cliAsRoot("report", target.pid());
            assertEquals(1, status.exitCode, "detached at the end: " + status);
            assertEquals("", target.stderr(), "no warning on the target's stderr");
        }
    }

    @Test
    void rootProfilesAnotherUsersJvmIntoAJfrRecordingOfItsOwn(@TempDir Path dir) throws Exception {
        try (TargetJvm target = nobodysJvm(null)) {
            Thread calls = new Thread(() -> {
                try {
                    Cli.awaitState(target.pid(), "active");
                    target.run(654);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            calls.start();
            Path file = dir.resolve("nobody.jfr");
            // long enough for the calls to fall inside it on a loaded host (the test's classes run side by side)
            JavaProcess profile = cliAsRoot("profile", target.pid(), "--duration", "4s", "--jfr", file);
            calls.join();
            assertEquals(0, profile.exitCode, profile::toString);
            assertEquals(0, (int) Files.getAttribute(file, "unix:uid"), "root's file");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(654, Recording.read(file).callsIn(TimeCalls.class.getName(), "nanoTimeLoop"));
            assertEquals("", target.stderr(), "no warning on the target's stderr");
        }
    }

    @Test
    void anUnprivilegedUserAttachesToTheirOwnJvmWithTheirOwnJar(@TempDir Path dir) throws Exception {
        Path own = Files.createDirectory(dir.resolve("nobodys"));
        Path jar = Files.copy(JavaProcess.agentJar(), own.resolve("vdso-agent.jar"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, new ProcessBuilder("chown", "-R", "nobody", own.toString()).start().waitFor());
        try (TargetJvm target = nobodysJvm(null)) {
            JavaProcess attach = cliAsNobody(jar, "attach", target.pid());
            assertEquals(0, attach.exitCode, attach::toString);
            target.run(42);
            JavaProcess detach = cliAsNobody(jar, "detach", target.pid(), "--format", "json");
            assertEquals(0, detach.exitCode, detach::toString);
            assertEquals(42, AttachLifecycleIT.nanoTimeLoopCalls(new ObjectMapper().readTree(detach.stdout)));
        }
    }

    @Test
    void aDeadAttachSocketOfRootsIsNamedToTheUserAndReplacedByRoot() throws Exception {
        try (TargetJvm target = nobodysJvm(null)) {
            Path socket = DeadSocket.leaveAt(Paths.get("/tmp/.java_pid" + target.pid()));
            try {
                JavaProcess refused = cliAsNobody(sharedJar, "attach", target.pid());
                assertEquals(1, refused.exitCode, refused::toString);
                assertTrue(refused.stderr.contains(socket + " is an attach socket that nothing listens on")
                        && refused.stderr.contains("belongs to uid 0"), refused.stderr);
                assertEquals(1, refused.stderr.lines().count(), refused.stderr);
                target.run(1); // its next line on stdout is this answer, not a thread dump

                JavaProcess asRoot = cliAsRoot("attach", target.pid());
                assertEquals(0, asRoot.exitCode, "root removes it, and the JVM's listener takes its place: " + asRoot);
                target.run(1);
                assertEquals(0, cliAsNobody(sharedJar, "detach", target.pid()).exitCode);
            } finally {
                Files.deleteIfExists(socket);
            }
        }
    }

    @Test
    void aTriggerFilePlantedByAnotherUserNeverReachesTheApplicationsStdout(@TempDir Path dir) throws Exception {
        Path notNobodys = Files.createDirectory(dir.resolve("cwd"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(notNobodys, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TemporaryUser planter = TemporaryUser.create(); TargetJvm target = nobodysJvm(notNobodys)) {
            Path planted = Paths.get("/tmp/.attach_pid" + target.pid());
            planter.run("touch", planted.toString());
            try {
                JavaProcess refused = cliAsNobody(sharedJar, "attach", target.pid());
                assertEquals(1, refused.exitCode, refused::toString);
                assertTrue(refused.stderr.contains(planted + " belongs to uid") && refused.stderr.contains(
                        "the JVM would ignore it and print a thread dump"), refused.stderr);
                target.run(1); // its next line on stdout is this answer, not a thread dump

                JavaProcess asRoot = cliAsRoot("attach", target.pid());
                assertEquals(0, asRoot.exitCode, "root's own trigger, in the JVM's working directory: " + asRoot);
                target.run(1);
                assertFalse(Files.exists(notNobodys.resolve(".attach_pid" + target.pid())), "and removed");
            } finally {
                Files.deleteIfExists(planted);
            }
        }
    }
}
