package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.ProcessState;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Assumptions;
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

/**
 * profile: a timed session that always ends, with a report, on time, on Ctrl-C, or when the target goes away; and
 * that never outlives the CLI that started it.
 */
class ProfileIT {

    @Test
    void aSessionReportsWhatHappenedDuringItAndDetaches(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            target.run(50); // before the session: not counted
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "4s", "--format", "json");
            Cli.awaitState(target.pid(), "active");
            target.run(4321);
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), read(dir, "err"));
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(4321, AttachLifecycleIT.nanoTimeLoopCalls(report));
            assertTrue(read(dir, "err").contains("detached"), read(dir, "err"));
            JavaProcess after = Cli.run("report", target.pid());
            assertEquals(1, after.exitCode, "profile detached at the end: " + after);
            assertNothingLeftBehind(cli);
        }
    }

    @Test
    void ctrlCEndsEarlyAndStillReports(@TempDir Path dir) throws Exception {
        // A shell without job control starts background commands with SIGINT ignored, and the JVM then keeps it so.
        long ignored = Long.parseLong(ProcessState.status(Paths.get("/proc/self/status")).get("SigIgn"), 16);
        Assumptions.assumeTrue((ignored & 1L << 1) == 0, "SKIPPED: SIGINT is ignored in this process tree (started in"
                + " the background by a shell without job control), so no CLI started from here can get a Ctrl-C");
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m", "--format", "json");
            Cli.awaitState(target.pid(), "active");
            target.run(777);
            new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "Ctrl-C ends the session early");
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(777, AttachLifecycleIT.nanoTimeLoopCalls(report), read(dir, "err"));
            assertEquals(1, Cli.run("report", target.pid()).exitCode, "and detaches");
            assertNothingLeftBehind(cli);
        }
    }

    @Test
    void aTargetThatExitsMidSessionStillGetsItsReport(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m", "--format", "json");
            Cli.awaitState(target.pid(), "active");
            target.run(888);
            Poll.until("a periodic report with the calls", () -> interimShows(cli, 888));
            target.exitSoon();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, cli.exitValue(), "the session did not end as asked: " + read(dir, "err"));
            assertEquals("vdso-agent: JVM " + target.pid() + " exited during the profile; above is the last report it"
                    + " wrote", read(dir, "err").trim());
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(888, AttachLifecycleIT.nanoTimeLoopCalls(report));
            assertNothingLeftBehind(cli);
        }
    }

    @Test
    void aTargetKilledMidSessionIsExitOneWithOneLine(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m", "--format", "json");
            Cli.awaitState(target.pid(), "active");
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(target.pid())).start().waitFor());
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI sees the target gone");
            assertEquals(1, cli.exitValue(), read(dir, "err"));
            String err = read(dir, "err").trim();
            String out = read(dir, "out");
            // Killed before or after its first periodic report (a second into the session): either is one line.
            if (err.endsWith("before it wrote any report")) {
                assertEquals("vdso-agent: JVM " + target.pid() + " exited during the profile, before it wrote any"
                        + " report", err);
                assertEquals("", out, "no report to give");
            } else {
                assertEquals("vdso-agent: JVM " + target.pid() + " exited during the profile; above is the last"
                        + " report it wrote", err);
                assertTrue(new ObjectMapper().readTree(out).has("session"), out);
            }
            assertNothingLeftBehind(cli);
        }
    }

    @Test
    void theCountedWindowIsTheDuration(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = startCli(dir, "profile", target.pid(), "--duration", "2s", "--format", "json");
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), read(dir, "err"));
            long window = new ObjectMapper().readTree(dir.resolve("out").toFile()).get("session").get("durationMs")
                    .asLong();
            // The agent ends the window on its own clock; a late timer on a loaded host adds little, never 10%.
            assertTrue(window >= 2000 && window <= 2000 * 110 / 100, "counted for " + window + " ms");
            assertTrue(read(dir, "err").contains("for " + window + " ms"), read(dir, "err"));
        }
    }

    @Test
    void aKilledCliEndsItsSessionInTheTargetAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Process cli = killedProfile(dir, target);
            Cli.awaitState(target.pid(), "detached");
            Poll.until("the agent removes the CLI's exchange", () -> exchangesOf(cli).isEmpty());
            target.run(10); // still serving, and nothing on its stdout but its answers
            assertEquals("", target.stderr(), "no warning on the target's stderr");
        }
    }

    /**
     * Every CLI removes the exchanges of CLIs that no longer run; here one does, after a profile's CLI was killed
     * and before the agent noticed. The interim report due every second has nowhere to go, and no one to read it:
     * the target warns of nothing.
     */
    @Test
    void anExchangeAnotherCliRemovesAfterAKillCostsTheTargetNoWarning(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            killedProfileWhoseExchangeAnotherCliRemoved(dir, target);
            Cli.awaitState(target.pid(), "detached");
            target.run(10);
            assertEquals("", target.stderr(), "no warning on the target's stderr");
        }
    }

    /** The same, but the target exits before the agent's next look at the CLI: its exit writes no report either. */
    @Test
    void aTargetThatExitsRightAfterItsProfilesCliWasKilledWarnsOfNothing(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            killedProfileWhoseExchangeAnotherCliRemoved(dir, target);
            target.exitSoon();
            assertEquals(0, target.waitForExit(60));
            assertEquals("", target.stderr(), "no warning on the target's stderr");
        }
    }

    /**
     * {@link #killedProfile}, then a report by another CLI, which removes the exchanges of CLIs that are gone. The
     * other CLI races the agent's once-a-second look at the killed one: when the agent looked first, the session has
     * ended and the report says so; then the race is run again on the same target, five times at most.
     */
    private static void killedProfileWhoseExchangeAnotherCliRemoved(Path dir, TargetJvm target) throws Exception {
        List<String> lost = new java.util.ArrayList<>();
        JavaProcess other = null;
        Process cli = null;
        while ((other == null || other.exitCode != 0) && lost.size() < 5) {
            if (other != null) {
                assertTrue(other.exitCode == 1 && other.stderr.contains("not active (detached)"),
                        "the report failed, and not because the agent had ended the session first: " + other);
                lost.add(other.stderr.strip());
                Cli.awaitState(target.pid(), "detached");
            }
            cli = killedProfile(dir, target);
            other = Cli.reportInThisJvm(target.pid());
        }
        assertEquals(0, other.exitCode, "the agent noticed the killed CLI first every time: " + lost + ", " + other);
        assertEquals(List.of(), exchangesOf(cli), "the other CLI removed the killed one's exchange");
    }

    /** A long profile of {@code target} whose CLI is killed once the session is active; the CLI is gone. */
    private static Process killedProfile(Path dir, TargetJvm target) throws Exception {
        Process cli = startCli(dir, "profile", target.pid(), "--duration", "5m");
        Cli.awaitState(target.pid(), "active");
        new ProcessBuilder("kill", "-KILL", Long.toString(cli.pid())).start().waitFor();
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
        return cli;
    }

    @Test
    void aBadOptionIsAUsageErrorThatLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Process cli = startCli(dir, "profile", ProcessHandle.current().pid(), "--duration", "1s", "--top", "-1");
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, cli.exitValue(), read(dir, "err"));
        assertEquals(List.of(), exchangesOf(cli), "a usage error creates nothing");
    }

    /**
     * Starts the CLI in the same temporary directory as the target (where it finds the target's control channel),
     * and notes the profile directories there, which the CLI must not add to.
     */
    private static Process startCli(Path dir, Object... args) throws IOException {
        List<String> command = JavaProcess.jvm("-jar", JavaProcess.agentJar().toString());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
    }

    /** Whatever the way the session ended, the CLI's private directories for it are gone. */
    private static void assertNothingLeftBehind(Process cli) throws IOException {
        assertEquals(List.of(), exchangesOf(cli), "exchanges left in /tmp");
    }

    /** The exchanges in the target's temporary directory, /tmp, of this CLI process (named by its pid). */
    private static List<String> exchangesOf(Process cli) throws IOException {
        try (Stream<Path> all = Files.list(Paths.get("/tmp"))) {
            return all.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("vdso-agent-cli-" + cli.pid() + "."))
                    .collect(Collectors.toList());
        }
    }

    /** Whether the last periodic report shows that many calls of the target's loop. */
    private static boolean interimShows(Process cli, long calls) throws IOException {
        Path interim = interimReport(cli);
        if (!Files.exists(interim)) {
            return false;
        }
        return AttachLifecycleIT.nanoTimeLoopCalls(new ObjectMapper().readTree(interim.toFile())) == calls;
    }

    /** The report the agent writes every second into this CLI's exchange. */
    private static Path interimReport(Process cli) throws IOException {
        try (Stream<Path> all = Files.list(Paths.get("/tmp"))) {
            return all.filter(p -> p.getFileName().toString().startsWith("vdso-agent-cli-" + cli.pid() + "."))
                    .map(p -> p.resolve("interim-report")).filter(Files::exists).findFirst()
                    .orElse(Paths.get("/nonexistent"));
        }
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }
}
