package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.ClassLoadLog;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * attach, report, detach through the CLI against a running JVM, as a user does them: exact counts for the calls
 * made while attached, reports that grow, the original bytecode back after detach, and counts frozen.
 */
class AttachLifecycleIT {
    private static final String LOOP_CLASS = TimeCalls.class.getName();

    @Test
    void attachReportDetachRestoresTheOriginalBytecode(@TempDir Path dir) throws Exception {
        Path dumper = TargetJvm.dumperJar(dir);
        try (TargetJvm target = TargetJvm.start()) {
            byte[] original = target.classBytes(LOOP_CLASS, dumper, dir.resolve("before.class"));

            JavaProcess attach = Cli.run("attach", target.pid());
            assertEquals(0, attach.exitCode, attach::toString);
            assertEquals(1, attach.stdout.lines().count(), attach.stdout);
            assertTrue(attach.stdout.matches("(?s)vdso-agent attached in JVM \\d+: [1-9]\\d* classes rewritten, [1-9]\\d* call sites,"
                    + " rewriting took \\d+ ms \\(\\d+ ms in all\\)\\s*"), attach.stdout);
            byte[] rewritten = target.classBytes(LOOP_CLASS, dumper, dir.resolve("during.class"));
            assertFalse(java.util.Arrays.equals(original, rewritten), "the class is rewritten while attached");
            assertTrue(new String(rewritten, StandardCharsets.ISO_8859_1).contains("io/github/vdsoagent/boot/ClockStub"));

            target.run(1000);
            assertEquals(1000, nanoTimeLoopCalls(report(target)));
            target.run(2345);
            assertEquals(3345, nanoTimeLoopCalls(report(target)), "counts grow between two reports");

            Path out = dir.resolve("final.json");
            Path classLog = Files.createDirectory(dir.resolve("detach-classes"));
            JavaProcess detach = Cli.run(ClassLoadLog.jvmOptions(classLog), "detach", target.pid(), "--format", "json",
                    "--out", out);
            assertEquals(0, detach.exitCode, detach::toString);
            // docs/design/start-up.md: the CLI names its files without SecureRandom, whose providers cost it ~17 ms
            assertFalse(ClassLoadLog.read(classLog).contains("java.security.SecureRandom"),
                    "the CLI used SecureRandom");
            assertTrue(detach.stderr.contains("classes restored"), detach.stderr);
            assertEquals(3345, nanoTimeLoopCalls(new ObjectMapper().readTree(out.toFile())));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

            assertArrayEquals(original, target.classBytes(LOOP_CLASS, dumper, dir.resolve("after.class")),
                    "after detach the class has its original bytecode");
            target.run(500);
            JavaProcess afterDetach = Cli.run("report", target.pid());
            assertEquals(1, afterDetach.exitCode, afterDetach::toString);
            assertTrue(afterDetach.stderr.contains("not active (detached)"), afterDetach.stderr);

            JavaProcess again = Cli.run("attach", target.pid());
            assertEquals(0, again.exitCode, again::toString);
            target.run(10);
            assertEquals(10, nanoTimeLoopCalls(report(target)), "a new session counts from its own start");
            assertFalse(target.stderr().contains("vdso-agent"), "nothing of the agent in the target's output: " + target.stderr());
        }
    }

    @Test
    void attachingTwiceNeverLoadsASecondAgent() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            assertEquals(0, Cli.run("attach", target.pid()).exitCode);
            JavaProcess same = Cli.run("attach", target.pid());
            assertEquals(0, same.exitCode, same::toString);
            assertTrue(same.stdout.contains("already active"), same.stdout);
            target.run(100);
            JavaProcess changed = Cli.run("attach", target.pid(), "clock=jvm");
            assertEquals(0, changed.exitCode, changed::toString);
            assertTrue(changed.stdout.contains("options changed"), changed.stdout);
            target.run(7);
            JsonNode report = report(target);
            assertEquals(7, nanoTimeLoopCalls(report), "the new options start a new session");
            assertEquals("jvm", report.get("clock").asText());
            JavaProcess list = Cli.run("list");
            assertTrue(list.stdout.lines().anyMatch(l -> l.startsWith(target.pid() + " ") && l.contains("active")), list.stdout);
        }
    }

    /**
     * The CLI takes its exchange back as soon as the agent's result is in it (root, acting on another user's JVM,
     * makes the directory its own again before deleting it), so the agent must not touch the exchange after that:
     * where it may no longer enter, a late call fails and the agent warns on the target's stderr. strace sees every
     * file call of the target: here for the answers to an attach (through the attach mechanism), a report and a
     * detach (through the control channel).
     */
    @Test
    void theAgentLeavesAnExchangeAloneOnceItsResultIsThere(@TempDir Path dir) throws Exception {
        List<String> tracing = List.of("strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=%file", "-o");
        List<String> probeCommand = new ArrayList<>(tracing);
        probeCommand.addAll(List.of("/dev/null", "true"));
        JavaProcess probe = JavaProcess.execToolOrSkip(probeCommand, 30);
        assumeTrue(probe.exitCode == 0 && probe.stderr.isEmpty(), () -> "SKIPPED: strace cannot trace here: "
                + probe.stderr);
        Path trace = dir.resolve("strace.txt");
        List<String> strace = new ArrayList<>(tracing);
        strace.add(trace.toString());
        try (TargetJvm target = TargetJvm.startAs(strace, null, AgentRun.testClasses(), List.of(),
                "io.github.vdsoagent.fixtures.ControlledApp")) {
            JavaProcess attach = Cli.inThisJvm("attach", target.pid());
            assertEquals(0, attach.exitCode, attach::toString);
            target.run(10);
            assertEquals(10, nanoTimeLoopCalls(report(target)));
            JavaProcess detach = Cli.detachInThisJvm(target.pid());
            assertEquals(0, detach.exitCode, detach::toString);
            assertEquals("", target.stderr(), "nothing on the target's stderr");
        }
        Pattern resultInPlace = Pattern.compile("\\brename\\w*\\(.*\"(/[^\"]*/vdso-agent-cli-[^/\"]+)/result\\.properties\"");
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        List<String> answered = new ArrayList<>();
        List<String> afterResult = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher result = resultInPlace.matcher(lines.get(i));
            if (result.find()) {
                String exchange = result.group(1) + "/";
                answered.add(exchange);
                lines.subList(i + 1, lines.size()).stream().filter(l -> l.contains(exchange)).forEach(afterResult::add);
            }
        }
        assertEquals(3, answered.size(), "an answer each to the attach, the report and the detach: " + answered);
        assertEquals(List.of(), afterResult, "the target's file calls in an exchange after its result was in place");
    }

    static JsonNode report(TargetJvm target) throws Exception {
        JavaProcess report = Cli.reportInThisJvm(target.pid(), "--format", "json", "--top", "100");
        assertEquals(0, report.exitCode, report::toString);
        return new ObjectMapper().readTree(report.stdout);
    }

    static long nanoTimeLoopCalls(JsonNode report) {
        long calls = 0;
        for (JsonNode site : report.get("sites")) {
            if (site.get("class").asText().equals(LOOP_CLASS) && site.get("method").asText().equals("nanoTimeLoop")) {
                calls += site.get("calls").asLong();
            }
        }
        return calls;
    }
}
