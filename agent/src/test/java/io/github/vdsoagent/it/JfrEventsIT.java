package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.Jcmd;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.Recording;
import io.github.vdsoagent.testing.TargetJvm;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's JFR events (docs/jfr.md) in recordings made the ways users make them, read back with the JDK's
 * RecordingFile: over a whole run from the JVM's options, with jcmd around an attach, by profile --jfr, and on a
 * runtime without JFR.
 */
class JfrEventsIT {
    private static final int N = 50_000;
    private static final String LOOP_CLASS = TimeCalls.class.getName();

    @Test
    void aRecordingOfTheWholeRunSumsToTheExitReportPerSite(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("demo.jfr");
        AgentRun run = AgentRun.run(List.of("-XX:StartFlightRecording:filename=" + jfr), dir.resolve("report.json"),
                "top=1000", "-jar", JavaProcess.demoJar().toString(), "--iterations", Integer.toString(N));
        assertEquals(0, run.process.exitCode, run.process::toString);
        Recording recording = Recording.read(jfr);

        Map<String, Long> reported = new TreeMap<>();
        for (JsonNode site : run.sites()) {
            reported.put(Recording.siteKey(site.get("class").asText(), site.get("method").asText(),
                    site.get("line").asInt(), site.get("api").asText()), site.get("calls").asLong());
        }
        assertEquals(reported, recording.callsPerSite(), "the recording's calls per site and the exit report's");
        long demoSites = 0;
        for (Map.Entry<String, Long> site : reported.entrySet()) {
            if (!site.getKey().contains("Stopwatch")) {
                assertEquals(N, site.getValue(), site.getKey());
                demoSites++;
            }
        }
        assertEquals(20, demoSites, reported.toString());
        for (RecordedEvent event : recording.of("vdsoagent.TimeCalls")) {
            assertEquals(event.getLong("calls"), event.getLong("avoidedKernel") + event.getLong("enteredKernel"),
                    event.toString());
            assertTrue(event.getLong("calls") > 0, event.toString());
        }
        assertFalse(recording.of("vdsoagent.Session").isEmpty(), "a Session event at the chunk's end");
        assertEquals(3, clocks(recording).size(), "a ClockVerdict per clock: " + clocks(recording));
        assertFalse(run.process.stderr.contains("WARN"), run.process.stderr);
        theJdksJfrToolReadsIt(jfr, recording);
    }

    /** What users type (docs/jfr.md): jfr summary lists the events, jfr print --json gives every call. */
    private static void theJdksJfrToolReadsIt(Path jfr, Recording recording) throws Exception {
        List<RecordedEvent> timeCalls = recording.of("vdsoagent.TimeCalls");
        JavaProcess summary = jfrTool("summary", jfr.toString());
        assertTrue(summary.stdout.lines().anyMatch(l -> l.trim().matches("vdsoagent\\.TimeCalls\\s+"
                + timeCalls.size() + "\\s+\\d+")), "jfr summary lists every TimeCalls event: " + summary.stdout);
        JavaProcess print = jfrTool("print", "--json", "--events", "vdsoagent.TimeCalls", jfr.toString());
        long printed = 0;
        for (JsonNode event : new ObjectMapper().readTree(print.stdout).get("recording").get("events")) {
            printed += event.get("values").get("calls").asLong();
        }
        assertEquals(timeCalls.stream().mapToLong(e -> e.getLong("calls")).sum(), printed,
                "jfr print --json shows every call");
    }

    private static JavaProcess jfrTool(String... args) {
        List<String> command = JavaProcess.jdkTool("jfr", args);
        JavaProcess tool = JavaProcess.exec(command, 60);
        assertEquals(0, tool.exitCode, tool::toString);
        return tool;
    }

    @Test
    void anAttachedAgentWritesIntoARecordingStartedBeforeAndStopsAtDetach(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Jcmd.run(target.pid(), "JFR.start", "name=before");
            assertEquals(0, Cli.inThisJvm("attach", target.pid()).exitCode);
            target.run(4000); // before the events are registered: in the first events all the same
            awaitSetUp(target);
            target.run(321);
            Path dump = dir.resolve("before.jfr");
            Jcmd.run(target.pid(), "JFR.dump", "name=before", "filename=" + dump);
            Recording recording = Recording.read(dump);
            assertEquals(4321, recording.callsIn(LOOP_CLASS, "nanoTimeLoop"), recording.callsPerSite().toString());
            assertFalse(recording.of("vdsoagent.Session").isEmpty());

            JavaProcess detach = Cli.inThisJvm("detach", target.pid());
            assertEquals(0, detach.exitCode, detach::toString);
            target.run(1000); // after the detach: not counted, and no event
            Jcmd.run(target.pid(), "JFR.start", "name=after");
            target.run(10);
            Path after = dir.resolve("after.jfr");
            Jcmd.run(target.pid(), "JFR.dump", "name=after", "filename=" + after);
            assertTrue(Recording.read(after).of("vdsoagent.TimeCalls").isEmpty(), "no events after detach");
            assertFalse(hasVdsoAgentTypes(after), "the event types are unregistered at detach");
            Path whole = dir.resolve("whole.jfr");
            Jcmd.run(target.pid(), "JFR.dump", "name=before", "filename=" + whole);
            assertEquals(4321, Recording.read(whole).callsIn(LOOP_CLASS, "nanoTimeLoop"), "the detach's last events"
                    + " are the calls there were, no more");

            assertEquals(0, Cli.inThisJvm("attach", target.pid()).exitCode, "a new session registers them again");
            target.run(55);
            Path again = dir.resolve("again.jfr");
            Poll.until("the new session's events, once its set-up registers them", () -> {
                Jcmd.run(target.pid(), "JFR.dump", "name=after", "filename=" + again);
                return Recording.read(again).callsIn(LOOP_CLASS, "nanoTimeLoop") == 55;
            });
            assertEquals("", target.stderr(), "nothing on the target's stderr");
        }
    }

    @Test
    void aRecordingStartedAfterTheAttachHoldsTheCallsMadeWhileItRuns(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            assertEquals(0, Cli.inThisJvm("attach", target.pid()).exitCode);
            awaitSetUp(target); // the stage that listens for JFR has run
            target.run(777); // counted by the agent, before any recording: in none
            Jcmd.run(target.pid(), "JFR.start", "name=later");
            target.run(2500);
            Path dump = dir.resolve("later.jfr");
            Jcmd.run(target.pid(), "JFR.dump", "name=later", "filename=" + dump);
            Recording recording = Recording.read(dump);
            assertEquals(2500, recording.callsIn(LOOP_CLASS, "nanoTimeLoop"), recording.callsPerSite().toString());
            assertEquals(3, clocks(recording).size(), "ClockVerdict events: " + recording.of("vdsoagent.ClockVerdict"));
            assertEquals(0, Cli.inThisJvm("detach", target.pid()).exitCode);
        }
    }

    /**
     * Sampled calls (stacks=1: every call is due, within the sampler's budget) are TimeCallSample events with the
     * stack that made them, their call site named as the report names it.
     */
    @Test
    void eachStackSampleIsATimeCallSampleEventWithItsStackTrace(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Jcmd.run(target.pid(), "JFR.start", "name=samples");
            assertEquals(0, Cli.inThisJvm("attach", target.pid(), "stacks=1").exitCode);
            Path dump = dir.resolve("samples.jfr");
            List<RecordedEvent> samples = new java.util.ArrayList<>();
            Poll.until("sampled calls in the recording, once the set-up starts the sampler", () -> {
                target.run(2000);
                Jcmd.run(target.pid(), "JFR.dump", "name=samples", "filename=" + dump);
                samples.clear();
                samples.addAll(Recording.read(dump).of("vdsoagent.TimeCallSample"));
                return !samples.isEmpty();
            });
            for (RecordedEvent sample : samples) {
                assertEquals("java.lang.System.nanoTime", sample.getString("api"), sample::toString);
                assertEquals("CLOCK_MONOTONIC", sample.getString("clock"), sample::toString);
                assertEquals(LOOP_CLASS, sample.getString("className"), sample::toString);
                assertEquals("nanoTimeLoop", sample.getString("methodName"), sample::toString);
                assertTrue(sample.getInt("lineNumber") > 0, sample::toString);
                assertTrue(sample.getStackTrace() != null && sample.getStackTrace().getFrames().stream().anyMatch(
                        f -> f.getMethod().getType().getName().equals(LOOP_CLASS)
                                && f.getMethod().getName().equals("nanoTimeLoop")), "the call site's frame in "
                        + sample.getStackTrace());
            }
            JavaProcess report = Cli.inThisJvm("report", target.pid(), "--format", "json");
            JsonNode sampling = new ObjectMapper().readTree(report.stdout).get("stackSampling");
            assertTrue(samples.size() <= sampling.get("samples").asLong(), "no more events than samples taken: "
                    + samples.size() + " of " + sampling);
            assertEquals(0, Cli.inThisJvm("detach", target.pid()).exitCode);
        }
    }

    @Test
    void aRuntimeWithoutJfrRunsTheAgentWithoutEvents(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("image");
        JavaProcess jlink = JavaProcess.exec(JavaProcess.jdkTool("jlink", "--add-modules", "java.base,java.instrument,"
                + "java.management,java.logging,jdk.attach,jdk.unsupported", "--output", image.toString()), 300);
        Assumptions.assumeTrue(jlink.exitCode == 0, () -> "SKIPPED: this JDK cannot jlink an image (no jmods, and"
                + " not built to link from its run-time image): " + jlink);
        Path report = dir.resolve("report.json");
        List<String> command = List.of(image.resolve("bin/java").toString(), "-javaagent:" + JavaProcess.agentJar()
                + "=log=info,startdelay=0,format=json,report=" + report, "-cp", AgentRun.testClasses(),
                "io.github.vdsoagent.fixtures.StartupHello", "2000"); // lives past the set-up
        JavaProcess run = JavaProcess.exec(command, 120);
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stderr.contains("no JFR events: this Java runtime has no jdk.jfr module"), run.stderr);
        assertFalse(run.stderr.contains("WARN") || run.stderr.contains("Exception"), run.stderr);
        assertTrue(Files.size(report) > 0, "the report is written all the same");
    }

    @Test
    void profileWithJfrWritesAnOwnerOnlyRecordingOfTheAgentsEventsAndTheJdks(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            Path file = dir.resolve("profile.jfr");
            Process cli = new ProcessBuilder(JavaProcess.jvm("-jar", JavaProcess.agentJar().toString(),
                    "profile", Long.toString(target.pid()), "--duration", "4s", "--jfr", file.toString(), "--format",
                    "json")).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                    .start();
            Cli.awaitState(target.pid(), "active");
            target.run(3210);
            assertTrue(cli.waitFor(120, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("err"));
            assertEquals(0, cli.exitValue(), err);
            assertTrue(err.contains("wrote the JFR recording to " + file), err);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

            Recording recording = Recording.read(file);
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").toFile());
            assertEquals(3210, AttachLifecycleIT.nanoTimeLoopCalls(report));
            assertEquals(3210, recording.callsIn(LOOP_CLASS, "nanoTimeLoop"), recording.callsPerSite().toString());
            assertFalse(recording.of("vdsoagent.Session").isEmpty());
            assertEquals(3, clocks(recording).size(), "ClockVerdict events as the session began and ended");
            assertFalse(recording.of("jdk.ExecutionSample").isEmpty(), "the JDK's profile settings: CPU samples");
            assertTrue(Cli.inThisJvm("list").stdout.lines().noneMatch(l -> l.startsWith(target.pid() + " ")
                    && l.contains("active")), "detached at the end");
            assertEquals("", target.stderr(), "nothing on the target's stderr");
        }
    }

    /**
     * The agent's background set-up has run, its JFR events stage among them: its last stage, the control channel,
     * is open (an attach returns before it, and on JDK 25 the FFM linker alone takes 100 ms or more).
     */
    private static void awaitSetUp(TargetJvm target) throws Exception {
        int uid = (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        Path status = Paths.get(System.getProperty("java.io.tmpdir"), "vdso-agent-" + uid, target.pid() + ".properties");
        Poll.until("the agent's set-up has run", () -> Files.exists(status)
                && Files.readString(status).contains("listening=true"));
    }

    private static List<String> clocks(Recording recording) {
        return recording.of("vdsoagent.ClockVerdict").stream().map(e -> e.getString("clock")).distinct().sorted()
                .collect(java.util.stream.Collectors.toList());
    }

    private static boolean hasVdsoAgentTypes(Path file) throws Exception {
        try (jdk.jfr.consumer.RecordingFile recording = new jdk.jfr.consumer.RecordingFile(file)) {
            return recording.readEventTypes().stream().anyMatch(t -> t.getName().startsWith("vdsoagent."));
        }
    }
}
