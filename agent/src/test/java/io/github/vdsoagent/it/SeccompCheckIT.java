package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.ProcessState;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default kernel check, the seccomp probe: measured verdicts for every user, with perf denied and tracefs gone;
 * no perf counter opened; and a clocksource the kernel switches while the JVM runs is seen and said.
 */
class SeccompCheckIT {
    private static final Path PARANOID = Paths.get("/proc/sys/kernel/perf_event_paranoid");
    private static final String CPU = "java.lang.management.ThreadMXBean.getCurrentThreadCpuTime";
    private static final String NANO = "java.lang.System.nanoTime";

    @Test
    @ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ_WRITE) // sets it to 3
    void anUnprivilegedUserWithPerfDeniedAndNoTracefsGetsEveryVerdictMeasured(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid")),
                "needs root to run a JVM as nobody and to set perf_event_paranoid (CI runs this as root)");
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/unshare"))
                && Files.isExecutable(Paths.get("/usr/bin/setpriv")), "needs unshare and setpriv (util-linux)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = OtherUser.readableCopyIn(dir, JavaProcess.agentJar());
        Path demo = OtherUser.readableCopyIn(dir, JavaProcess.demoJar());
        Path report = dir.resolve("r.json");
        String paranoid = Files.readString(PARANOID).trim();
        Files.writeString(PARANOID, "3");
        try {
            // tracefs is unmounted in a mount namespace of this command's own, so that nothing else on the host loses it
            List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "-m", "sh", "-c",
                    "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null; exec \"$@\"",
                    "sh", "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env",
                    "HOME=" + dir));
            command.addAll(JavaProcess.jvm("-Djava.io.tmpdir=" + dir));
            if (Runtime.version().feature() >= 24) {
                command.add("--enable-native-access=ALL-UNNAMED");
            }
            command.addAll(List.of("-javaagent:" + jar + "=report=" + report + ",format=json,startdelay=0",
                    "-jar", demo.toString(), "--iterations", "3000", "--api", NANO + "," + CPU));
            JavaProcess run = JavaProcess.exec(command, 180);
            assertEquals(0, run.exitCode, run::toString);
            assertTrue(run.stderr.isEmpty(), run.stderr);
        } finally {
            Files.writeString(PARANOID, paranoid);
        }
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode kernel = json.get("kernelCheck");
        assertEquals("seccomp", kernel.get("method").asText(), kernel.toString());
        for (JsonNode clock : kernel.get("clocks")) {
            assertEquals("measured", clock.get("evidence").asText(), clock.toString());
            assertEquals("seccomp", clock.get("measuredBy").asText(), clock.toString());
            String expected = clock.get("clock").asText().equals("CLOCK_THREAD_CPUTIME_ID") ? "kernel" : "vdso";
            assertEquals(expected, clock.get("verdict").asText(), clock.toString());
        }
        assertTrue(kernel.get("processSyscalls").get("clock_gettime").isNull(), "not counted: null, not 0");
        for (JsonNode api : json.get("apis")) {
            boolean cpu = api.get("api").asText().equals(CPU);
            assertEquals(cpu ? 3000 : 0, api.get("enteredKernel").asLong(), api.toString());
            assertEquals("measured", api.get("evidence").asText(), api.toString());
        }
    }

    @Test
    void theDefaultCheckOpensNoPerfEventAndLeavesNoThreadAFilter() throws Exception {
        try (TargetJvm target = TargetJvm.start(JavaProcess.withAgent("report=none,startdelay=0").toArray(new String[0]))) {
            Poll.until("the set-up's probe", () -> measured(Cli.reportInThisJvm(target.pid(), "--format", "json")));
            assertTrue(measured(Cli.inThisJvm("report", target.pid(), "--format", "json")), "a report probes again");
            // The target inherits this JVM's state: "0/0" here, or a container's filter, which it keeps as it was.
            String inherited = ProcessState.filtersOfThisThread();
            Map<String, String> threads = ProcessState.filtersOfEveryThread(target.pid());
            assertTrue(threads.size() > 10, threads.toString());
            threads.forEach((tid, filters) -> assertEquals(inherited, filters, "NoNewPrivs/Seccomp of thread " + tid
                    + " of the target after the probes"));
            List<String> fds = new ArrayList<>();
            try (var links = Files.list(Paths.get("/proc", Long.toString(target.pid()), "fd"))) {
                for (Path fd : (Iterable<Path>) links::iterator) {
                    try {
                        fds.add(Files.readSymbolicLink(fd).toString());
                    } catch (java.io.IOException closed) {
                        // closed while listed
                    }
                }
            }
            assertFalse(fds.stream().anyMatch(f -> f.contains("perf_event")), fds.toString());
        }
    }

    @Test
    void aClocksourceTheKernelSwitchesIsSeenAndTheReportSaysWhenAndWhat(@TempDir Path dir) throws Exception {
        Path sysfs = Files.createDirectory(dir.resolve("clocksource0"));
        Files.writeString(sysfs.resolve("current_clocksource"), "tsc\n");
        Files.writeString(sysfs.resolve("available_clocksource"), "tsc kvm-clock \n");
        List<String> options = new ArrayList<>(JavaProcess.withAgent("report=none,startdelay=0"));
        options.add("-Dvdsoagent.clocksource.dir=" + sysfs);
        try (TargetJvm target = TargetJvm.start(options.toArray(new String[0]))) {
            Poll.until("the set-up's probe", () -> measured(Cli.reportInThisJvm(target.pid(), "--format", "json")));
            target.run(1000);
            Files.writeString(sysfs.resolve("current_clocksource"), "kvm-clock\n");
            JsonNode[] report = new JsonNode[1];
            Poll.until("the change seen", () -> (report[0] = new ObjectMapper().readTree(Cli.reportInThisJvm(
                    target.pid(), "--format", "json").stdout)).get("clocksourceChanges").size() > 0);
            target.run(500);
            JsonNode json = new ObjectMapper().readTree(Cli.inThisJvm("report", target.pid(), "--format",
                    "json").stdout);
            JsonNode change = json.get("clocksourceChanges").get(0);
            assertEquals("tsc", change.get("from").asText());
            assertEquals("kvm-clock", change.get("to").asText());
            assertEquals(1 + 1000 + 500, AttachLifecycleIT.nanoTimeLoopCalls(json), "the counts go on, exact (the"
                    + " target calls the loop once as it starts)");
            String text = Cli.inThisJvm("report", target.pid()).stdout;
            assertTrue(text.contains("the kernel switched its clocksource from tsc to kvm-clock at "), text);
        }
    }

    @Test
    void theVdsoCommandMeasuresEveryClockIdWithTheProbe() throws Exception {
        JavaProcess p = JavaProcess.run("-jar", JavaProcess.agentJar().toString(), "vdso", "--format", "json");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.isEmpty(), p.stderr);
        JsonNode report = new ObjectMapper().readTree(p.stdout);
        JsonNode kernel = report.get("kernelCheck");
        assertEquals("seccomp", kernel.get("method").asText(), kernel.toString());
        assertEquals(12, kernel.get("clocks").size());
        boolean vdsoHost = List.of("tsc", "kvm-clock").contains(report.get("clocksource").get("current").asText());
        for (JsonNode c : kernel.get("clocks")) {
            String name = c.get("clock").asText();
            boolean neverVdso = name.contains("CPUTIME") || name.contains("ALARM") || name.equals("CLOCK_SGI_CYCLE");
            assertEquals("measured", c.get("evidence").asText(), c.toString());
            if (neverVdso) {
                assertEquals("kernel", c.get("verdict").asText(), c.toString());
            } else if (vdsoHost) {
                assertEquals("vdso", c.get("verdict").asText(), c.toString());
            }
        }
    }

    private static boolean measured(JavaProcess report) throws Exception {
        return report.exitCode == 0 && new ObjectMapper().readTree(report.stdout).get("kernelCheck").get("method")
                .asText().equals("seccomp");
    }
}
