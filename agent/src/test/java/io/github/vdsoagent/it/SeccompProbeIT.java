package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.OtherUser;
import io.github.vdsoagent.testing.ProcessState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seccomp probe as the real jar carries it, run by {@code fixtures.SeccompProbeApp} in a JVM of its own: in a
 * JVM that already runs under a seccomp filter (a container's, which blocks perf_event_open), where that filter
 * forbids another or kills (or traps) a process for installing one, as an unprivileged user without perf counters or
 * tracefs, with strace watching the probe's child process, with a helper built before the probe, and without native
 * access.
 */
class SeccompProbeIT {
    private static final String FIXTURE = "io.github.vdsoagent.fixtures.SeccompProbeApp";
    private static final List<String> AGENT_CLOCKS = List.of("CLOCK_REALTIME", "CLOCK_MONOTONIC",
            "CLOCK_THREAD_CPUTIME_ID");
    private static final List<String> USER_SPACE = List.of("CLOCK_REALTIME", "CLOCK_MONOTONIC", "GETTIMEOFDAY");
    private static final Path PARANOID = Paths.get("/proc/sys/kernel/perf_event_paranoid");
    private static final Path CLOCKSOURCE = Paths.get("/sys/devices/system/clocksource/clocksource0/current_clocksource");

    /** What the fixture printed. */
    private static final class Output {
        final JavaProcess process;
        final Map<String, String[]> readings = new LinkedHashMap<>();

        Output(JavaProcess process) {
            this.process = process;
            for (String line : process.stdout.split("\n")) {
                String[] fields = line.split(" ", 7);
                if (fields[0].equals("reading")) {
                    readings.put(fields[1], fields);
                }
            }
        }

        boolean has(String line) {
            return process.stdout.lines().anyMatch(line::equals);
        }

        String line(String prefix) {
            return process.stdout.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        }

        String word(String name) {
            String[] fields = readings.get(name);
            assertTrue(fields != null, name + " not probed: " + process);
            return fields[2];
        }

        long reads(String name) {
            return Long.parseLong(readings.get(name)[3]);
        }

        @Override
        public String toString() {
            return process.toString();
        }
    }

    private static List<String> fixture(Path jar, String classes, boolean nativeAccess, int probes,
                                        List<String> clocks) {
        List<String> command = JavaProcess.jvm();
        if (nativeAccess && Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", jar + ":" + classes, FIXTURE, Integer.toString(probes)));
        command.addAll(clocks);
        return command;
    }

    private static Output run(List<String> command) {
        Output out = new Output(JavaProcess.exec(command, 180));
        assertEquals(0, out.process.exitCode, out::toString);
        assertEquals("", out.process.stderr, "no warning, no error: " + out);
        assertTrue(out.has("tasks unchanged"), out::toString);
        assertTrue(out.has("limits unchanged"), out::toString);
        assertTrue(out.has("probe-children-gone true"), out::toString);
        return out;
    }

    /** The wall and monotonic clocks are read in user space only on a clocksource with a vDSO mode. */
    private static void vdsoClocksourceOrSkip() throws IOException {
        String current = Files.readString(CLOCKSOURCE).trim();
        Assumptions.assumeTrue(List.of("tsc", "kvm-clock").contains(current),
                "SKIPPED: clocksource " + current + " may have no vDSO mode");
    }

    /** Every clock and function probed measured: the wall, monotonic and gettimeofday reads in user space. */
    private static void assertMeasured(Output out) {
        assertTrue(out.line("unavailable") == null, out::toString);
        for (String name : AGENT_CLOCKS) {
            assertTrue(out.readings.get(name)[6].startsWith("measured by seccomp"), out::toString);
        }
        for (String name : USER_SPACE) {
            assertEquals("vdso", out.word(name), out::toString);
        }
        assertEquals("kernel", out.word("CLOCK_THREAD_CPUTIME_ID"), out::toString);
    }

    /** Compiles the launcher that puts a process under a filter (test resource seccomp_launcher.c). */
    private static Path launcher(Path dir) throws IOException {
        Path source = dir.resolve("seccomp_launcher.c");
        try (InputStream in = SeccompProbeIT.class.getResourceAsStream("seccomp_launcher.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("seccomp_launcher");
        JavaProcess cc = JavaProcess.execToolOrSkip(List.of("cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-o",
                binary.toString(), source.toString()), 60);
        assertEquals(0, cc.exitCode, cc::toString);
        JavaProcess works = JavaProcess.exec(List.of(binary.toString(), "perf", "/bin/true"), 30);
        Assumptions.assumeTrue(works.exitCode == 0, "SKIPPED: cannot put a process under a seccomp filter here: "
                + works);
        return binary;
    }

    private static List<String> underFilter(Path launcher, String mode, List<String> command) {
        List<String> all = new ArrayList<>(List.of(launcher.toString(), mode));
        all.addAll(command);
        return all;
    }

    @Test
    void inAJvmUnderAFilterThatBlocksPerfEveryVerdictIsMeasured(@TempDir Path dir) throws IOException {
        vdsoClocksourceOrSkip();
        Output out = run(underFilter(launcher(dir), "perf",
                fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 20, AGENT_CLOCKS)));
        assertTrue(out.has("jvm NoNewPrivs=1 Seccomp=2"), "the JVM runs under the launcher's filter: " + out);
        assertMeasured(out);
    }

    /**
     * Inside a JVM running the agent, where the stub's classes are defined in the boot loader and the helper is bound
     * to it: the probe's JNI class must be among them for the helper's functions to link.
     */
    @Test
    void inAJvmRunningTheAgentEveryVerdictIsMeasured(@TempDir Path dir) throws IOException {
        vdsoClocksourceOrSkip();
        List<String> command = JavaProcess.jvm();
        command.addAll(JavaProcess.withAgent("report=" + dir.resolve("report.json") + ",format=json"));
        command.addAll(List.of("-cp", AgentRun.testClasses(), FIXTURE, "20"));
        command.addAll(AGENT_CLOCKS);
        Output out = run(command);
        assertTrue(out.has("native-class-loader boot"), out::toString);
        assertMeasured(out);
    }

    @Test
    void whereTheJvmsFilterForbidsAnotherTheProbeSaysWhy(@TempDir Path dir) throws IOException {
        Output out = run(underFilter(launcher(dir), "noseccomp",
                fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 3, AGENT_CLOCKS)));
        assertTrue(out.has("jvm NoNewPrivs=1 Seccomp=2"), out::toString);
        String reason = out.line("unavailable ");
        assertTrue(reason != null && reason.contains("refused (seccomp(2) failed with EPERM)")
                && reason.contains("already runs under a seccomp filter"), out::toString);
        assertTrue(out.readings.isEmpty(), out::toString);
    }

    /**
     * A JVM whose filter kills a process (SECCOMP_RET_KILL_PROCESS) that calls seccomp(2), prctl(PR_SET_SECCOMP) or
     * prctl(PR_SET_NO_NEW_PRIVS), as a systemd unit's SystemCallFilter= without SystemCallErrorNumber= does: the
     * probe's child dies, the JVM goes on and is told why. Run with core dumps allowed, in a directory of its own: the
     * child's core would be the JVM's whole memory, and none is left there.
     */
    @Test
    void whereTheJvmsFilterKillsForInstallingAnotherTheJvmGoesOn(@TempDir Path dir) throws IOException {
        assertTheJvmOutlivesAProbeKilledBy("kill", dir);
    }

    /** The same with SECCOMP_RET_TRAP: a SIGSYS that nothing handles, which ends a process as the kill does. */
    @Test
    void whereTheJvmsFilterTrapsInstallingAnotherTheJvmGoesOn(@TempDir Path dir) throws IOException {
        assertTheJvmOutlivesAProbeKilledBy("trap", dir);
    }

    private static void assertTheJvmOutlivesAProbeKilledBy(String mode, Path dir) throws IOException {
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && ulimit -c \"$(ulimit -H -c)\""
                + " && exec \"$@\"", cwd.toString()));
        command.addAll(underFilter(launcher(dir), mode,
                fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 3, AGENT_CLOCKS)));
        Output out = run(command);
        assertTrue(out.has("jvm NoNewPrivs=1 Seccomp=2"), "the JVM runs under the launcher's filter: " + out);
        String reason = out.line("unavailable ");
        assertTrue(reason != null && reason.startsWith("unavailable the JVM runs under a seccomp filter that kills a"
                + " process for installing another (the probe's child ended by SIGSYS at prctl(PR_SET_NO_NEW_PRIVS))")
                && reason.endsWith("; the probe is not used"), out::toString);
        assertTrue(out.readings.isEmpty(), out::toString);
        try (Stream<Path> left = Files.list(cwd)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "no core dump of the probe's child (core_pattern "
                    + Files.readString(Paths.get("/proc/sys/kernel/core_pattern")).trim() + ")");
        }
    }

    /**
     * A JVM that ignores SIGCHLD (inherited through exec, as from a parent that set it), where the kernel reaps a
     * child that ends with SIGCHLD before anyone waits for it: the probe's child ends with no signal, so the probe
     * still reaps it and reads how it ended, here a measured probe and, under the killing filter, the SIGSYS.
     */
    @Test
    void inAJvmThatIgnoresSigchldTheProbeStillSeesItsChildEnd(@TempDir Path dir) throws IOException {
        vdsoClocksourceOrSkip();
        List<String> ignore = List.of("env", "--ignore-signal=CHLD");
        JavaProcess ignored = JavaProcess.exec(concat(ignore, List.of("grep", "^SigIgn:", "/proc/self/status")), 30);
        Assumptions.assumeTrue(ignored.exitCode == 0 && (Long.parseLong(ignored.stdout.trim().substring(
                "SigIgn:".length()).trim(), 16) & (1L << (17 - 1))) != 0,
                "SKIPPED: this env cannot start a program with SIGCHLD ignored: " + ignored);
        Output out = run(concat(ignore, fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 3,
                AGENT_CLOCKS)));
        assertMeasured(out);
        Output killed = run(concat(ignore, underFilter(launcher(dir), "kill",
                fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 1, AGENT_CLOCKS))));
        assertTrue(killed.line("unavailable ").contains("(the probe's child ended by SIGSYS at"), killed::toString);
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    @Test
    void whereTheJvmsFilterHidesSeccompTheProbeTakesPrctl(@TempDir Path dir) throws IOException {
        vdsoClocksourceOrSkip();
        Output out = run(underFilter(launcher(dir), "enosys",
                fixture(JavaProcess.agentJar(), AgentRun.testClasses(), true, 3, AGENT_CLOCKS)));
        assertMeasured(out);
    }

    /**
     * As user nobody, with perf_event_paranoid 3 and no tracefs (unmounted in a mount namespace of the test's own,
     * so that other JVMs on this machine keep theirs): every verdict measured. The same run under strace -ff: the
     * probe's child process makes exactly its reads of the kernel clocks as clock_gettime calls failed with errno
     * 4095 (and its self-test's one), none of the clocks it found in user space, and no JVM thread ever gets 4095.
     */
    @Test
    @ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ_WRITE) // sets it to 3
    void anUnprivilegedUserWithoutPerfOrTracefsMeasuresEveryClock(@TempDir Path dir) throws Exception {
        vdsoClocksourceOrSkip();
        Assumptions.assumeTrue(OtherUser.available(), OtherUser.WHY_NOT);
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/unshare")), "SKIPPED: no unshare");
        Assumptions.assumeTrue(Files.isWritable(PARANOID), "SKIPPED: cannot set " + PARANOID);
        List<String> clocks = List.of("CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_THREAD_CPUTIME_ID",
                "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_BOOTTIME_ALARM");
        Path jar = OtherUser.readableCopy(JavaProcess.agentJar());
        Path classes = readableFixture();
        boolean strace = JavaProcess.exec(List.of("sh", "-c", "command -v strace"), 30).exitCode == 0;
        Path traces = dir.resolve("trace");
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "-m", "--propagation", "private",
                "sh", "-c", "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null;"
                        + " if [ -e /sys/kernel/tracing/events ] || [ -e /sys/kernel/debug/tracing/events ]; then"
                        + " echo 'tracefs is still mounted' >&2; exit 98; fi; exec \"$@\"", "sh"));
        if (strace) {
            command.addAll(List.of("strace", "-ff", "-o", traces.toString(), "-e",
                    "trace=clock_gettime,gettimeofday,time"));
        }
        command.addAll(List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
        command.addAll(fixture(jar, classes.toString(), true, 1, clocks));

        String paranoid = Files.readString(PARANOID).trim();
        Output out;
        try {
            Files.writeString(PARANOID, "3");
            Assumptions.assumeTrue("3".equals(Files.readString(PARANOID).trim()), "SKIPPED: perf_event_paranoid stays "
                    + Files.readString(PARANOID).trim());
            out = run(command);
        } finally {
            Files.writeString(PARANOID, paranoid);
            deleteTree(classes);
        }
        assertMeasured(out);
        for (String name : List.of("CLOCK_PROCESS_CPUTIME_ID", "CLOCK_BOOTTIME_ALARM")) {
            assertEquals("kernel", out.word(name), out::toString);
        }

        Assumptions.assumeTrue(strace, "SKIPPED (the verdicts above passed): strace is not installed for the"
                + " cross-check (.ci/run installs it when run as root)");
        String pid = out.line("child ").substring("child ".length());
        List<String> probeChild = Files.readAllLines(Paths.get(traces + "." + pid), StandardCharsets.UTF_8);
        List<String> calls = probeChild.stream().filter(l -> !l.startsWith("+++")).collect(Collectors.toList());
        assertTrue(calls.stream().allMatch(l -> l.endsWith("= -1 (errno 4095)")),
                "every time system call of the probe's child failed by its filter: " + calls);
        assertEquals(1, calls.stream().filter(l -> l.startsWith("clock_gettime(0x5ecc ")).count(), "the self-test");
        for (Map.Entry<String, String[]> reading : out.readings.entrySet()) {
            String name = reading.getKey();
            String call = name.startsWith("CLOCK_") ? "clock_gettime(" + name + "," : name.toLowerCase(Locale.ROOT) + "(";
            long seen = calls.stream().filter(l -> l.startsWith(call)).count();
            long expected = out.word(name).equals("kernel") ? out.reads(name) : 0;
            assertEquals(expected, seen, name + " probed " + out.word(name) + "; strace of the probe's child: "
                    + calls);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("trace.")
                    && !f.getFileName().toString().equals("trace." + pid)).collect(Collectors.toList())) {
                String text = Files.readString(file);
                assertFalse(text.contains("errno 4095"), "a JVM thread got the probe's errno: " + file + "\n" + text);
            }
        }
    }

    @Test
    void aHelperBuiltBeforeTheProbeFailsCleanly(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("old.c");
        Files.writeString(source, "int vdso_agent_helper_before_the_probe(void) { return 1; }\n");
        Path library = dir.resolve("libvdsoagent.so");
        JavaProcess cc = JavaProcess.execToolOrSkip(List.of("cc", "-shared", "-fPIC", "-o", library.toString(),
                source.toString()), 60);
        assertEquals(0, cc.exitCode, cc::toString);
        Path jar = Files.copy(JavaProcess.agentJar(), dir.resolve("vdso-agent.jar"));
        int replaced = 0;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            try (Stream<Path> entries = Files.walk(zip.getPath("/"))) {
                for (Path entry : entries.filter(e -> e.getFileName() != null
                        && e.getFileName().toString().equals("libvdsoagent.so")).collect(Collectors.toList())) {
                    Files.copy(library, entry, StandardCopyOption.REPLACE_EXISTING);
                    replaced++;
                }
            }
        }
        Assumptions.assumeTrue(replaced > 0, "SKIPPED: this agent jar carries no native helper");
        Output out = run(fixture(jar, AgentRun.testClasses(), true, 1, AGENT_CLOCKS));
        assertEquals("unavailable the native helper has no seccomp probe (it was built before the probe existed)",
                out.line("unavailable"), out::toString);
    }

    @Test
    void withoutNativeAccessTheProbeSaysWhyAndWarnsNothing() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24, "SKIPPED: native access is restricted from JDK 24;"
                + " this is " + Runtime.version().feature());
        Output out = run(fixture(JavaProcess.agentJar(), AgentRun.testClasses(), false, 1, AGENT_CLOCKS));
        String reason = out.line("unavailable");
        assertTrue(reason != null && reason.contains("the seccomp probe needs a native call")
                && reason.contains("--enable-native-access=ALL-UNNAMED"), out::toString);
    }

    /** The fixture's class files in a directory every user can read; the build directory may be private. */
    private static Path readableFixture() throws IOException {
        Path root = Files.createTempDirectory(Paths.get("/tmp"), "vdso-agent-fixture-");
        for (String name : List.of(FIXTURE, ProcessState.class.getName())) {
            String file = name.replace('.', '/') + ".class";
            Path copy = root.resolve(file);
            Files.createDirectories(copy.getParent());
            Files.copy(Paths.get(AgentRun.testClasses(), file), copy);
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.collect(Collectors.toList())) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return root;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }
}
