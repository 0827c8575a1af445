package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.CallsUntilExitApp;
import io.github.vdsoagent.fixtures.TwoBurstsApp;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel check as users see it: the demo's report split by measured verdicts, the vdso command's section for
 * every clock id, the unprivileged path with ids from the option, and JDK 24+ without native access.
 */
@ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ) // kernelcheck=perf
class KernelCheckIT {
    private static final int N = 20_000;
    private static final String NANO = "java.lang.System.nanoTime";
    private static final String MILLIS = "java.lang.System.currentTimeMillis";
    private static final String CPU = "java.lang.management.ThreadMXBean.getCurrentThreadCpuTime";
    private static final String USER = "java.lang.management.ThreadMXBean.getCurrentThreadUserTime";
    private static final List<String> VDSO_CLOCKSOURCES = List.of("tsc", "kvm-clock");
    private static final Path TRACEFS = Paths.get("/sys/kernel/tracing/events/syscalls");

    /** Skips where the host refuses the counters; fails where they were not opened because of the delay. */
    private static JsonNode measuredOrSkip(JsonNode report) {
        JsonNode kernel = report.get("kernelCheck");
        assertFalse(kernel.get("reason").asText().contains("startdelay"), kernel.toString());
        Assumptions.assumeTrue(kernel.get("available").asBoolean(),
                "SKIPPED: kernel counters unavailable here (CI runs this as root): " + kernel.get("reason"));
        assertEquals("perf-tracepoint", kernel.get("method").asText(), kernel.toString());
        return kernel;
    }

    static JsonNode clock(JsonNode kernel, String name) {
        for (JsonNode clock : kernel.get("clocks")) {
            if (clock.get("clock").asText().equals(name)) {
                return clock;
            }
        }
        throw new AssertionError("no " + name + " in " + kernel);
    }

    @Test
    void theDemosRowsFollowMeasuredVerdicts(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "kernelcheck=perf,startdelay=0", "-jar", JavaProcess.demoJar().toString(),
                "--iterations", Integer.toString(N), "--api", String.join(",", NANO, MILLIS, CPU, USER));
        assertEquals(0, run.process.exitCode, run.process::toString);
        JsonNode kernel = measuredOrSkip(run.report);

        JsonNode cpuClock = clock(kernel, "CLOCK_THREAD_CPUTIME_ID");
        assertEquals("kernel", cpuClock.get("verdict").asText());
        assertEquals(cpuClock.get("probeCalls").asLong(), cpuClock.get("probeSyscalls").asLong(), "one for one");
        JsonNode cpu = run.api(CPU);
        assertEquals(N, cpu.get("enteredKernel").asLong());
        assertEquals("measured", cpu.get("evidence").asText());
        JsonNode user = run.api(USER);
        assertEquals(N, user.get("enteredKernel").asLong(), "user time is read from /proc");
        assertEquals("inferred", user.get("evidence").asText());

        if (VDSO_CLOCKSOURCES.contains(run.report.get("clocksource").get("current").asText())) {
            for (String name : List.of("CLOCK_REALTIME", "CLOCK_MONOTONIC")) {
                JsonNode c = clock(kernel, name);
                assertEquals("vdso", c.get("verdict").asText(), c.toString());
                assertEquals("measured", c.get("evidence").asText());
                assertEquals(0, c.get("probeSyscalls").asLong());
            }
            JsonNode nano = run.api(NANO);
            assertEquals(nano.get("calls").asLong(), nano.get("avoidedKernel").asLong());
            assertEquals("measured", nano.get("evidence").asText());
        }
        long process = kernel.get("processSyscalls").get("clock_gettime").asLong();
        long probe = kernel.get("agentSyscalls").get("clock_gettime").asLong();
        assertTrue(process - probe >= N, "the demo's " + N + " CPU time reads are among the process's " + process);
        assertEquals(N, kernel.get("attributedSyscalls").get("clock_gettime").asLong(), "user time is not clock_gettime");
        assertFalse(kernel.get("attributionExceedsKernel").asBoolean());
        assertTrue(kernel.get("warning").isNull());
        assertFalse(run.process.stderr.contains("WARN"), run.process.stderr);
    }

    /**
     * Counters that open after the delay count from then on, and so does the attribution: the calls made before
     * they opened are in the rows, not in what is held against the kernel's count.
     */
    @Test
    void countersOpenedAfterTheDelayAreHeldOnlyAgainstTheCallsMadeSince(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "kernelcheck=perf,startdelay=500ms", "-cp", AgentRun.testClasses(),
                TwoBurstsApp.class.getName(), "3000", "1500", "2000");
        assertEquals(0, run.process.exitCode, run.process::toString);
        JsonNode kernel = measuredOrSkip(run.report);
        assertEquals(5000, run.api(CPU).get("calls").asLong(), "the rows count the whole session");
        assertEquals(5000, run.api(CPU).get("enteredKernel").asLong());
        assertEquals(2000, kernel.get("attributedSyscalls").get("clock_gettime").asLong(),
                "only the second burst was made while the counters were open: " + kernel);
        long process = kernel.get("processSyscalls").get("clock_gettime").asLong();
        long probe = kernel.get("agentSyscalls").get("clock_gettime").asLong();
        assertTrue(process - probe >= 2000 && process - probe < 3000, "the kernel counted " + process + ", the"
                + " probe's " + probe);
        assertFalse(kernel.get("attributionExceedsKernel").asBoolean(), kernel.toString());
        long counted = kernel.get("countedForMs").asLong();
        long session = run.report.get("session").get("durationMs").asLong();
        assertTrue(counted > 0 && counted <= session - 400, "counted for " + counted + " of the session's " + session
                + " ms");
    }

    /**
     * Through the JVM's own calls the probe reads the thread CPU clock with the JVM's ThreadMXBean, whose
     * management machinery the host may never have started: the probe starts it only for an application whose
     * rewritten calls already use that bean, and otherwise says the clock was not probed.
     */
    @Test
    void theJvmsCpuClockIsProbedOnlyOnceTheApplicationUsesItsBean(@TempDir Path dir) throws Exception {
        // jmx=off: the MBeans' stage sets up the management machinery itself, which is not the kernel check's doing.
        AgentRun without = AgentRun.run(dir.resolve("without.json"), "kernelcheck=perf,clock=jvm,startdelay=0,jmx=off", "-Xlog:class+load=info",
                "-jar", JavaProcess.demoJar().toString(), "--iterations", "1000", "--api", NANO);
        assertEquals(0, without.process.exitCode, without.process::toString);
        JsonNode notProbed = clock(measuredOrSkip(without.report), "CLOCK_THREAD_CPUTIME_ID");
        assertEquals("kernel", notProbed.get("verdict").asText(), notProbed.toString());
        assertEquals("inferred", notProbed.get("evidence").asText(), notProbed.toString());
        assertTrue(notProbed.get("why").asText().startsWith("not probed (no instrumented call has read it"),
                notProbed.toString());
        assertFalse(without.process.stdout.contains("sun.management.ThreadImpl "),
                "the agent started the JVM's management machinery");

        AgentRun with = AgentRun.run(dir.resolve("with.json"), "kernelcheck=perf,clock=jvm,startdelay=0", "-jar",
                JavaProcess.demoJar().toString(), "--iterations", "1000", "--api", CPU);
        assertEquals(0, with.process.exitCode, with.process::toString);
        JsonNode probed = clock(measuredOrSkip(with.report), "CLOCK_THREAD_CPUTIME_ID");
        assertEquals("measured", probed.get("evidence").asText(), probed.toString());
        assertEquals(probed.get("probeCalls").asLong(), probed.get("probeSyscalls").asLong(), probed.toString());
        assertEquals(1000, with.api(CPU).get("enteredKernel").asLong());
    }

    /**
     * Threads still calling while the JVM exits: the exit report's call counts are taken before the kernel's last
     * counts, so the kernel has seen every call the report attributes to it.
     */
    @Test
    void callsDuringTheExitAreNeverAttributedBeyondTheKernelsCount(@TempDir Path dir) throws Exception {
        for (int run = 0; run < 3; run++) {
            AgentRun exiting = AgentRun.run(dir.resolve("exit-" + run + ".json"), "kernelcheck=perf,startdelay=0", "-cp",
                    AgentRun.testClasses(), CallsUntilExitApp.class.getName(), "1000");
            assertEquals(0, exiting.process.exitCode, exiting.process::toString);
            JsonNode kernel = measuredOrSkip(exiting.report);
            assertTrue(exiting.api(CPU).get("calls").asLong() > 0, exiting.report.toString());
            assertFalse(kernel.get("attributionExceedsKernel").asBoolean(), kernel.toString());
            assertFalse(exiting.process.stderr.contains("kernel check failed"), exiting.process.stderr);
        }
    }

    @Test
    void clockSyscallIsMeasuredAsEnteringAndTheKernelSawAtLeastThat(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "kernelcheck=perf,clock=syscall,startdelay=0", "-jar",
                JavaProcess.demoJar().toString(), "--iterations", Integer.toString(N), "--api",
                String.join(",", NANO, MILLIS, CPU));
        assertEquals(0, run.process.exitCode, run.process::toString);
        JsonNode kernel = measuredOrSkip(run.report);
        long attributed = 0;
        for (JsonNode api : run.report.get("apis")) {
            assertEquals(api.get("calls").asLong(), api.get("enteredKernel").asLong(), api.toString());
            assertEquals("measured", api.get("evidence").asText(), api.toString());
            attributed += api.get("enteredKernel").asLong();
        }
        for (JsonNode c : kernel.get("clocks")) {
            assertEquals(c.get("probeCalls").asLong(), c.get("probeSyscalls").asLong(), c.toString());
        }
        long process = kernel.get("processSyscalls").get("clock_gettime").asLong();
        long probe = kernel.get("agentSyscalls").get("clock_gettime").asLong();
        assertTrue(process - probe >= attributed, "the kernel saw " + process + " (" + probe + " the probe's), the"
                + " rows claim " + attributed);
    }

    @Test
    void theVdsoCommandChecksEveryClockId() throws Exception {
        JavaProcess p = JavaProcess.run("-jar", JavaProcess.agentJar().toString(), "vdso", "--format", "json",
                "--kernelcheck", "perf");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), p.stderr);
        JsonNode report = new ObjectMapper().readTree(p.stdout);
        JsonNode kernel = measuredOrSkip(report);
        assertEquals(12, kernel.get("clocks").size());
        boolean vdsoHost = VDSO_CLOCKSOURCES.contains(report.get("clocksource").get("current").asText());
        for (JsonNode c : kernel.get("clocks")) {
            assertEquals("measured", c.get("evidence").asText(), c.toString());
            String name = c.get("clock").asText();
            boolean neverVdso = name.contains("CPUTIME") || name.contains("ALARM") || name.equals("CLOCK_SGI_CYCLE");
            if (neverVdso) {
                assertEquals("kernel", c.get("verdict").asText(), c.toString());
                assertEquals(c.get("probeCalls").asLong(), c.get("probeSyscalls").asLong(), c.toString());
            } else if (vdsoHost) {
                assertEquals("vdso", c.get("verdict").asText(), c.toString());
                assertEquals(0, c.get("probeSyscalls").asLong(), c.toString());
            }
        }
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").asLong()
                >= kernel.get("agentSyscalls").get("clock_gettime").asLong());

        JavaProcess text = JavaProcess.run("-jar", JavaProcess.agentJar().toString(), "vdso", "--kernelcheck", "perf");
        assertTrue(text.stdout.contains("kernel check: perf-tracepoint"), text.stdout);
    }

    /**
     * As a user who cannot read tracefs, with perf_event_paranoid as it is here (2 on this host): without ids the
     * check is unavailable and says why; with the ids an administrator wrote into tracepoints=, it measures.
     */
    @Test
    void anUnprivilegedUserMeasuresWithIdsFromTheOption(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid")),
                "SKIPPED: needs root to run a JVM as user nobody (CI runs this as root)");
        Assumptions.assumeTrue(Files.isReadable(TRACEFS.resolve("sys_enter_clock_gettime/id")),
                "SKIPPED: tracefs is not mounted at /sys/kernel/tracing");
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/setpriv")), "SKIPPED: no setpriv");
        String ids = "clock_gettime:" + id("clock_gettime") + ",gettimeofday:" + id("gettimeofday")
                + (Files.exists(TRACEFS.resolve("sys_enter_time")) ? ",time:" + id("time") : "");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = OtherUser.readableCopyIn(dir, JavaProcess.agentJar()); // the build may sit in a private directory
        Path demoJar = OtherUser.readableCopyIn(dir, JavaProcess.demoJar());

        JsonNode without = new ObjectMapper().readTree(asNobody(dir, List.of("-jar", jar.toString(),
                "vdso", "--format", "json", "--kernelcheck", "perf")).stdout).get("kernelCheck");
        assertFalse(without.get("available").asBoolean(), without.toString());
        assertEquals("timing", without.get("method").asText());
        assertTrue(without.get("reason").asText().contains("permission denied")
                && without.get("reason").asText().contains("tracepoints=clock_gettime:ID"), without.toString());
        assertTrue(without.get("processSyscalls").get("clock_gettime").isNull(), "never a silent zero");

        JsonNode with = new ObjectMapper().readTree(asNobody(dir, List.of("-jar", jar.toString(),
                "vdso", "--format", "json", "--kernelcheck", "perf", "--tracepoints", ids)).stdout).get("kernelCheck");
        assertTrue(with.get("available").asBoolean(), with.toString());
        assertEquals("perf-tracepoint", with.get("method").asText());
        assertEquals("tracepoints= option", with.get("tracepoints").get(0).get("source").asText());

        Path report = dir.resolve("agent.json");
        List<String> agent = new ArrayList<>(JavaProcess.withAgent(jar, "report=" + report
                + ",format=json,kernelcheck=perf,startdelay=0,tracepoints=" + ids.replace(",", ",tracepoints=")));
        agent.addAll(List.of("-jar", demoJar.toString(), "--iterations", "5000", "--api", CPU));
        JavaProcess demo = asNobody(dir, agent);
        assertTrue(demo.stderr.isEmpty(), demo.stderr);
        JsonNode kernel = new ObjectMapper().readTree(report.toFile()).get("kernelCheck");
        assertEquals("perf-tracepoint", kernel.get("method").asText(), kernel.toString());
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").asLong() >= 5000, kernel.toString());
    }

    /**
     * The agent itself, as a user whose perf counters the kernel refuses (no tracepoint ids): the report says the
     * check is unavailable and why, counts stay exact, and the host's stderr stays empty.
     */
    @Test
    void refusedCountersLeaveTheAgentQuietAndItsReportSaysWhy(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid")),
                "SKIPPED: needs root to run a JVM as user nobody (CI runs this as root)");
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/setpriv")), "SKIPPED: no setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path report = dir.resolve("agent.json");
        List<String> agent = new ArrayList<>(JavaProcess.withAgent(OtherUser.readableCopyIn(dir,
                JavaProcess.agentJar()), "report=" + report + ",format=json,kernelcheck=perf,startdelay=0"));
        agent.addAll(List.of("-jar", OtherUser.readableCopyIn(dir, JavaProcess.demoJar()).toString(), "--iterations",
                "5000", "--api", NANO));
        JavaProcess demo = asNobody(dir, agent);
        assertTrue(demo.stderr.isEmpty(), demo.stderr);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode kernel = json.get("kernelCheck");
        Assumptions.assumeFalse(kernel.get("available").asBoolean(), "SKIPPED: this host grants nobody the counters");
        assertFalse(kernel.get("reason").asText().isBlank(), kernel.toString());
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").isNull(), "never a silent zero: " + kernel);
        assertTrue(json.get("apis").get(0).get("calls").asLong() >= 5000, json.get("apis").toString());
    }

    /** Runs java as user nobody, with a home and temporary directory of its own in {@code dir}. */
    private static JavaProcess asNobody(Path dir, List<String> javaArgs) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "env", "HOME=" + dir));
        command.addAll(JavaProcess.jvm("-Djava.io.tmpdir=" + dir));
        command.addAll(javaArgs);
        JavaProcess p = JavaProcess.exec(command, 180);
        assertEquals(0, p.exitCode, p::toString);
        return p;
    }

    private static String id(String syscall) throws IOException {
        return Files.readString(TRACEFS.resolve("sys_enter_" + syscall).resolve("id"), StandardCharsets.US_ASCII).trim();
    }

    /**
     * The loud path, end to end, on a real misattribution: on a virtual thread the JDK answers thread CPU time with
     * -1 and no system call, yet the row counts each call as a kernel entry from the clock's verdict. With more such
     * calls than the kernel counted in all (the agent's own calibration included), the report says so: a line in
     * text, a field in JSON, a WARN on stderr. (When the stub learns to tell virtual threads apart, this needs
     * another trigger.)
     */
    @Test
    void attributingMoreThanTheKernelCountedIsSaidLoudly(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "SKIPPED: virtual threads need JDK 21");
        String calls = "150000";
        AgentRun json = AgentRun.run(dir.resolve("r.json"), "kernelcheck=perf,startdelay=0", "-cp", AgentRun.testClasses(),
                "io.github.vdsoagent.kernel.VirtualThreadCpuTime", calls);
        assertEquals(0, json.process.exitCode, json.process::toString);
        assertEquals("sum=-" + calls, json.process.stdout.trim(), "the JDK's answer on a virtual thread");
        JsonNode kernel = measuredOrSkip(json.report);
        assertEquals(150_000, kernel.get("attributedSyscalls").get("clock_gettime").asLong());
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").asLong() < 150_000, kernel.toString());
        assertTrue(kernel.get("attributionExceedsKernel").asBoolean(), kernel.toString());
        assertTrue(kernel.get("warning").asText().contains("the avoided/entered split is wrong"), kernel.toString());
        assertTrue(json.process.stderr.contains("vdso-agent: WARN kernel check failed: the report attributes 150,000"),
                json.process.stderr);

        List<String> text = new ArrayList<>(JavaProcess.withAgent("kernelcheck=perf,startdelay=0"));
        text.addAll(List.of("-cp", AgentRun.testClasses(), "io.github.vdsoagent.kernel.VirtualThreadCpuTime", calls));
        JavaProcess p = JavaProcess.run(text);
        assertTrue(p.stderr.contains("!!! KERNEL CHECK FAILED: the report attributes 150,000 clock_gettime kernel"
                + " entries"), p.stderr);
    }

    @Test
    void theCheckBringsNoJnaIntoTheHost(@TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "kernelcheck=perf,startdelay=0", "-cp", AgentRun.testClasses(),
                "io.github.vdsoagent.kernel.HostTraces", "300");
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertEquals("jna.loaded=null jnidispatch.path=null sum=true", run.process.stdout.trim());
        measuredOrSkip(run.report);
    }

    @Test
    void withoutNativeAccessOnJdk24AndLaterTheCheckSaysWhyAndPrintsNothing(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24, "nothing is restricted before JDK 24");
        Path report = dir.resolve("r.json");
        JavaProcess p = JavaProcess.run("-javaagent:" + JavaProcess.agentJar() + "=report=" + report
                        + ",format=json,startdelay=0",
                "-jar", JavaProcess.demoJar().toString(), "--iterations", "100", "--api", NANO);
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), "no warning: " + p.stderr);
        JsonNode kernel = new ObjectMapper().readTree(report.toFile()).get("kernelCheck");
        assertFalse(kernel.get("available").asBoolean());
        assertTrue(kernel.get("reason").asText().contains("--enable-native-access=ALL-UNNAMED"), kernel.toString());
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").isNull());
    }
}
