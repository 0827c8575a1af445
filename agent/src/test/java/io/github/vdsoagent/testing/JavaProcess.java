package io.github.vdsoagent.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a separate JVM, the same JDK as the tests' own (CI runs the suite on JDK 17 and on JDK 25), and captures
 * its exit code, stdout and stderr.
 */
public final class JavaProcess {
    /**
     * The options of the JVMs the tests start, unless a test is about what the JDK's defaults do ({@link
     * #runWithJdkDefaults}): C1 alone and the serial collector. Those JVMs live for seconds, where C2's and G1's
     * threads cost a fifth of the suite's CPU and check nothing the tests assert (docs/architecture.md, "The tests").
     */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** How long {@link #run} lets a JVM take: a hang guard only, also for the CLI run in the test JVM. */
    static final int HANG_GUARD_S = 180;

    public final int exitCode;
    public final String stdout;
    public final String stderr;

    private JavaProcess(int exitCode, String stdout, String stderr) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A result made in this JVM, as {@link Cli#inThisJvm} makes one. */
    static JavaProcess of(int exitCode, String stdout, String stderr) {
        return new JavaProcess(exitCode, stdout, stderr);
    }

    /** The backend the agent should pick here for clock=vdso: an FFM downcall from JDK 22, JNI before. */
    public static String expectedVdsoBackend() {
        return Runtime.version().feature() >= 22 ? "ffm" : "jni";
    }

    /** The {@code java} launcher of the tests' own JDK; started with the JDK's defaults. */
    public static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** The command that starts a test's JVM, to add to: {@link #java}, {@link #QUICK_START}, then {@code args}. */
    public static List<String> jvm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(QUICK_START);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A JDK tool ({@code jcmd}, {@code jfr}, {@code jlink}) of the tests' JDK, its JVM with {@link #QUICK_START}. */
    public static List<String> jdkTool(String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java().resolveSibling(name).toString());
        QUICK_START.forEach(option -> command.add("-J" + option));
        command.addAll(Arrays.asList(args));
        return command;
    }

    public static Path agentJar() {
        return Paths.get(required("vdsoagent.jar"));
    }

    public static Path demoJar() {
        return Paths.get(required("vdsoagent.demo.jar"));
    }

    /**
     * The JVM options that load the agent with {@code options} (null for none); on JDK 24 and later with native
     * access granted, as the README tells users to, so that the agent takes its vDSO path.
     */
    public static List<String> withAgent(String options) {
        return withAgent(agentJar(), options);
    }

    /** {@link #withAgent(String)} with a copy of the agent's jar (one another user can read). */
    public static List<String> withAgent(Path jar, String options) {
        List<String> args = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        args.add("-javaagent:" + jar + (options == null ? "" : "=" + options));
        return args;
    }

    /** Runs {@code first} then {@code rest} as the JVM's arguments. */
    public static JavaProcess run(List<String> first, String... rest) {
        List<String> args = new ArrayList<>(first);
        args.addAll(Arrays.asList(rest));
        return run(args);
    }

    public static JavaProcess run(String... args) {
        return run(Arrays.asList(args));
    }

    public static JavaProcess run(List<String> args) {
        List<String> command = jvm();
        command.addAll(args);
        return exec(command, HANG_GUARD_S);
    }

    /** Runs a JVM as users run theirs, with the JDK's defaults: for what the JIT or the collector may change. */
    public static JavaProcess runWithJdkDefaults(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(args);
        return exec(command, HANG_GUARD_S);
    }

    /** Runs any command; fails the calling test if it does not end within {@code timeoutSeconds}. */
    public static JavaProcess exec(List<String> command, int timeoutSeconds) {
        return exec(command, timeoutSeconds, Map.of());
    }

    /**
     * Runs a host tool the test needs (strace); where it is not installed, the test is skipped and says so. Any
     * other failure to run it fails the test.
     */
    public static JavaProcess execToolOrSkip(List<String> command, int timeoutSeconds) {
        String tool = command.get(0);
        Assumptions.assumeTrue(isInstalled(tool), () -> "SKIPPED: " + tool + " is not installed on this machine"
                + " (.ci/run installs it when run as root)");
        return exec(command, timeoutSeconds);
    }

    private static boolean isInstalled(String tool) {
        if (tool.contains("/")) {
            return Files.isExecutable(Paths.get(tool));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs any command with extra environment variables. */
    public static JavaProcess exec(List<String> command, int timeoutSeconds, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("vdso-agent-test", ".out");
            Path err = Files.createTempFile("vdso-agent-test", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
                }
                return new JavaProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven (mvn verify)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
