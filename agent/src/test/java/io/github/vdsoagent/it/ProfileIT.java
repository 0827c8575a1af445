package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** profile: a timed session that always ends with a report, on time, on Ctrl-C, or when the target goes away. */
class ProfileIT {

    @Test
    void aSessionReportsWhatHappenedDuringItAndDetaches(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            target.run(50); // before the session: not counted
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "4s", "--format", "json");
            waitForSession(target);
            target.run(4321);
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), read(dir, "err"));
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(4321, AttachLifecycleIT.nanoTimeLoopCalls(report));
            assertTrue(read(dir, "err").contains("detached"), read(dir, "err"));
            JavaProcess after = Cli.run("report", target.pid());
            assertEquals(1, after.exitCode, "profile detached at the end: " + after);
            assertNothingLeftBehind(dir);
        }
    }

    @Test
    void ctrlCEndsEarlyAndStillReports(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m", "--format", "json");
            waitForSession(target);
            target.run(777);
            new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "Ctrl-C ends the session early");
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(777, AttachLifecycleIT.nanoTimeLoopCalls(report), read(dir, "err"));
            assertEquals(1, Cli.run("report", target.pid()).exitCode, "and detaches");
            assertNothingLeftBehind(dir);
        }
    }

    @Test
    void aTargetThatExitsMidSessionStillGetsItsReport(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m", "--format", "json");
            waitForSession(target);
            target.run(888);
            target.exitSoon();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), read(dir, "err"));
            assertTrue(read(dir, "err").contains("exited during the session"), read(dir, "err"));
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(888, AttachLifecycleIT.nanoTimeLoopCalls(report));
            assertNothingLeftBehind(dir);
        }
    }

    /**
     * Starts the CLI in the same temporary directory as the target (where it finds the target's control channel),
     * and notes the profile directories there, which the CLI must not add to.
     */
    private static Process startCli(Path dir, Object... args) throws IOException {
        Files.write(dir.resolve("profile-dirs-before"), profileDirectories());
        List<String> command = new java.util.ArrayList<>(List.of(JavaProcess.java().toString(), "-jar",
                JavaProcess.agentJar().toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
    }

    /** Whatever the way the session ended, the CLI's private directory for it is gone. */
    private static void assertNothingLeftBehind(Path dir) throws IOException {
        List<String> added = new java.util.ArrayList<>(profileDirectories());
        added.removeAll(Files.readAllLines(dir.resolve("profile-dirs-before")));
        assertEquals(List.of(), added, "profile directories left in " + System.getProperty("java.io.tmpdir"));
    }

    private static List<String> profileDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return all.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("vdso-agent-profile-"))
                    .collect(Collectors.toList());
        }
    }

    /** The session has started once the agent reports it active in the target. */
    private static void waitForSession(TargetJvm target) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JavaProcess list = Cli.run("list");
            if (list.stdout.lines().anyMatch(l -> l.startsWith(target.pid() + " ") && l.contains("active"))) {
                return; // a new session: its counts start when it becomes active
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the profile session never started");
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }
}
