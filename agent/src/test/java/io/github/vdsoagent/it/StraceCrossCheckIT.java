package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's strace experiment, held against the agent's report: the demo under the agent, run under
 * {@code strace -f -c -e trace=clock_gettime,gettimeofday}, with clock=vdso and with clock=syscall, each at two
 * iteration counts so that the difference isolates what the demo's calls cost in system calls.
 *
 * <p>Tolerances, stated: strace counts from the process's start, the agent from its session's start (premain, with
 * startdelay=0) until its exit report; what falls outside (the JVM's own clock_gettime system calls before premain and after the
 * report) was 0 in every run measured here, and {@value #TOLERANCE} is allowed. The demo runs through
 * DemoThenSettle, which lets the agent's clock setup finish before the JVM ends, so that its calibration's system
 * calls all fall inside the agent's count. Everything else must agree exactly
 * in kind: the agent's processSyscalls counts the same system calls strace does, the probe's and the calibration's
 * included.
 *
 * <p>Isolated: the JVM's own clock_gettime system calls grow with a run's length, and beside other classes' JVMs a
 * run under strace took long enough that 297,000 more vDSO reads came with 21 more of them (JDK 25).
 */
@Isolated
class StraceCrossCheckIT {
    private static final int TOLERANCE = 20;
    private static final int FEW = 1_000;
    private static final String VDSO_APIS = "java.lang.System.nanoTime,java.lang.System.currentTimeMillis,java.time.Instant.now";
    private static final String CPU_TIME = "java.lang.management.ThreadMXBean.getCurrentThreadCpuTime";

    @BeforeAll
    static void straceWorks() {
        JavaProcess probe = JavaProcess.execToolOrSkip(List.of("strace", "-f", "-c", "-e", "trace=clock_gettime", "true"),
                30);
        Assumptions.assumeTrue(probe.exitCode == 0, "SKIPPED: strace cannot trace here: " + probe.stderr.trim());
    }

    /** One run: strace's counts and the agent's report. */
    private static final class Run {
        final Map<String, Long> strace;
        final JsonNode report;
        final JsonNode kernel;

        Run(Map<String, Long> strace, JsonNode report) {
            this.strace = strace;
            this.report = report;
            this.kernel = report.get("kernelCheck");
        }

        long strace(String syscall) {
            return strace.getOrDefault(syscall, 0L);
        }

        /**
         * What strace saw of the application's calls: all of the process's, less the agent's own (its probes and the
         * clocks' timing, which the set-up may finish in one run and not in a shorter one).
         */
        long applications(String syscall) {
            JsonNode agent = kernel.get("agentSyscalls").get(syscall);
            return strace(syscall) - (agent == null || agent.isNull() ? 0 : agent.asLong());
        }

        long process(String syscall) {
            JsonNode count = kernel.get("processSyscalls").get(syscall);
            assertFalse(count.isNull(), syscall + " was not counted (syscalls=all asks for it): " + kernel);
            return count.asLong();
        }

        long sum(String field) {
            long sum = 0;
            for (JsonNode api : report.get("apis")) {
                sum += api.get(field).asLong();
            }
            return sum;
        }

        long api(String name, String field) {
            for (JsonNode api : report.get("apis")) {
                if (api.get("api").asText().equals(name)) {
                    return api.get(field).asLong();
                }
            }
            throw new AssertionError("no row " + name + " in " + report.get("apis"));
        }

        @Override
        public String toString() {
            return "strace " + strace + ", kernelCheck " + kernel;
        }
    }

    private static Run run(Path dir, String clock, String apis, int iterations) throws IOException {
        Path report = dir.resolve(clock + "-" + iterations + ".json");
        Path summary = dir.resolve(clock + "-" + iterations + ".strace");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-c", "-o", summary.toString(),
                "-e", "trace=clock_gettime,gettimeofday", JavaProcess.java().toString()));
        command.addAll(JavaProcess.withAgent("report=" + report + ",format=json,kernelcheck=perf,startdelay=0,syscalls=all,clock="
                + clock));
        command.addAll(demo("--iterations", Integer.toString(iterations), "--api", apis));
        JavaProcess p = JavaProcess.exec(command, 300);
        assertEquals(0, p.exitCode, p::toString);
        Run run = new Run(straceCounts(summary), new ObjectMapper().readTree(report.toFile()));
        Assumptions.assumeTrue(run.kernel.get("available").asBoolean(),
                "SKIPPED: the agent's kernel counters are unavailable here: " + run.kernel.get("reason"));
        assertEquals(clock, run.report.get("clock").asText(), "the clock path asked for: " + run.report.get("backendReason"));
        // Per run: the agent's whole-process count is strace's, give or take what happens outside the session.
        for (String syscall : List.of("clock_gettime", "gettimeofday")) {
            long difference = run.strace(syscall) - run.process(syscall);
            assertTrue(difference >= 0 && difference <= TOLERANCE, syscall + ": strace saw " + run.strace(syscall)
                    + ", the agent " + run.process(syscall) + "; " + run);
        }
        assertFalse(run.kernel.get("attributionExceedsKernel").asBoolean(), run::toString);
        return run;
    }

    /**
     * The demo, run so that the JVM ends only once the agent's clock setup has (see DemoThenSettle): what the
     * agent's calibration does after the final report would be strace's count and not the agent's.
     */
    private static List<String> demo(String... args) {
        List<String> command = new ArrayList<>(List.of("-cp", JavaProcess.demoJar() + ":" + AgentRun.testClasses(),
                "io.github.vdsoagent.kernel.DemoThenSettle"));
        command.addAll(List.of(args));
        return command;
    }

    /** The calls column of strace -c's summary, by system call. */
    static Map<String, Long> straceCounts(Path summary) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(summary, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            // % time, seconds, usecs/call, calls, [errors,] syscall
            if (fields.length >= 5 && fields[0].matches("[0-9.]+") && !fields[fields.length - 1].equals("total")) {
                counts.put(fields[fields.length - 1], Long.parseLong(fields[3]));
            }
        }
        return counts;
    }

    @Test
    void vdsoReadsCostNoSystemCallsWhateverTheirNumber(@TempDir Path dir) throws IOException {
        int many = 100_000;
        Run few = run(dir, "vdso", VDSO_APIS, FEW);
        Run lots = run(dir, "vdso", VDSO_APIS, many);
        long avoided = lots.sum("avoidedKernel");
        assertEquals(lots.sum("calls"), avoided, "every vDSO read avoided the kernel: " + lots.report.get("apis"));
        assertTrue(avoided >= 3L * many, lots.report.get("apis").toString());
        long added = lots.applications("clock_gettime") - few.applications("clock_gettime");
        assertTrue(Math.abs(added) <= TOLERANCE, (3L * (many - FEW)) + " more vDSO reads added " + added
                + " clock_gettime system calls (the JVM's own: at most " + TOLERANCE + "); " + few + " against " + lots);
        // What strace sees at all is the agent's own (its calibration, its probe) and the JVM's: far below the reads.
        assertTrue(lots.strace("clock_gettime") < avoided / 5, "strace " + lots.strace + " against " + avoided
                + " reads through the vDSO");
    }

    @Test
    void threadCpuTimeEntersTheKernelOnceForEachCall(@TempDir Path dir) throws IOException {
        int many = FEW + 5_000; // against a tolerance of 20: enough to show one system call per call
        Run few = run(dir, "vdso", CPU_TIME, FEW);
        Run lots = run(dir, "vdso", CPU_TIME, many);
        assertEquals(many, lots.api(CPU_TIME, "enteredKernel"));
        long added = lots.applications("clock_gettime") - few.applications("clock_gettime");
        assertTrue(Math.abs(added - (many - FEW)) <= TOLERANCE, (many - FEW) + " more thread CPU time calls added "
                + added + " clock_gettime system calls; " + few + " against " + lots);
        assertTrue(lots.strace("clock_gettime") >= lots.sum("enteredKernel"), lots::toString);
    }

    @Test
    void clockSyscallMakesOneSystemCallPerRead(@TempDir Path dir) throws IOException {
        int many = FEW + 5_000;
        String apis = VDSO_APIS + "," + CPU_TIME;
        Run few = run(dir, "syscall", apis, FEW);
        Run lots = run(dir, "syscall", apis, many);
        assertEquals(0, lots.sum("avoidedKernel"), lots.report.get("apis").toString());
        long entered = lots.sum("enteredKernel");
        assertTrue(lots.strace("clock_gettime") >= entered, "strace " + lots.strace + ", the agent's calls " + entered);
        long added = lots.applications("clock_gettime") - few.applications("clock_gettime");
        long addedCalls = entered - few.sum("enteredKernel");
        assertEquals(4L * (many - FEW), addedCalls);
        assertTrue(Math.abs(added - addedCalls) <= TOLERANCE, addedCalls + " more calls added " + added
                + " clock_gettime system calls; " + few + " against " + lots);
    }

    @Test
    void perfStatCountsWhatTheAgentCounts(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("perf.json");
        Path stat = dir.resolve("perf.csv");
        List<String> command = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", stat.toString(),
                "-e", "syscalls:sys_enter_clock_gettime", "--", JavaProcess.java().toString()));
        command.addAll(JavaProcess.withAgent("report=" + report + ",format=json,kernelcheck=perf,startdelay=0"));
        command.addAll(demo("--iterations", "20000", "--api", CPU_TIME));
        JavaProcess p = JavaProcess.execToolOrSkip(command, 300);
        Assumptions.assumeTrue(p.exitCode == 0 && Files.exists(stat), "SKIPPED: perf stat cannot count here: " + p.stderr);
        Long counted = null;
        for (String line : Files.readAllLines(stat, StandardCharsets.UTF_8)) {
            String[] fields = line.split(",");
            if (fields.length > 2 && fields[2].equals("syscalls:sys_enter_clock_gettime") && fields[0].matches("[0-9]+")) {
                counted = Long.parseLong(fields[0]);
            }
        }
        Assumptions.assumeTrue(counted != null, "SKIPPED: perf stat counted nothing: " + Files.readString(stat));
        JsonNode kernel = new ObjectMapper().readTree(report.toFile()).get("kernelCheck");
        Assumptions.assumeTrue(kernel.get("available").asBoolean(), "SKIPPED: " + kernel.get("reason"));
        long agent = kernel.get("processSyscalls").get("clock_gettime").asLong();
        assertTrue(counted - agent >= 0 && counted - agent <= TOLERANCE, "perf stat " + counted + ", the agent " + agent);
    }
}
