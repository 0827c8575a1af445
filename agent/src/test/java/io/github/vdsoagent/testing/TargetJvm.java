package io.github.vdsoagent.testing;

import com.sun.tools.attach.VirtualMachine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A separate JVM running {@code io.github.vdsoagent.fixtures.ControlledApp} (or another fixture that answers one
 * line per command), driven over its stdin and stdout, that the tests attach to with the CLI as a user would.
 */
public final class TargetJvm implements AutoCloseable {
    /** A hang guard only: a healthy target answers in well under a second. */
    private static final int ANSWER_TIMEOUT_S = 120;
    private static final String EOF = "\0eof";

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path stderr;

    private TargetJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // the target is gone: same as end of output
            }
            answers.add(EOF);
        }, "target-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the controlled app with these extra JVM options, and waits until it listens. On JDK 24 and later with
     * native access granted, as the README tells users to, so that the agent takes its vDSO path.
     */
    public static TargetJvm start(String... jvmOptions) throws IOException {
        return startMain(Arrays.asList(jvmOptions), "io.github.vdsoagent.fixtures.ControlledApp");
    }

    /** Starts another fixture that prints {@code ready} once it listens, then answers one line per command. */
    public static TargetJvm startMain(List<String> jvmOptions, String mainClass, String... appArgs) throws IOException {
        return startAs(List.of(), null, AgentRun.testClasses(), jvmOptions, mainClass, appArgs);
    }

    /**
     * Starts a fixture behind {@code prefix} (such as runuser, to run as another user), in {@code workingDirectory}
     * (null: this one's), with {@code classPath}.
     */
    public static TargetJvm startAs(List<String> prefix, Path workingDirectory, String classPath,
                                    List<String> jvmOptions, String mainClass, String... appArgs) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(JavaProcess.jvm());
        command.add("-XX:+EnableDynamicAgentLoading"); // the tests' own dumper agent; the CLI's note is tested apart
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED"); // as the README tells users, for the vDSO path
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(Arrays.asList(appArgs));
        Path stderr = Files.createTempFile("target", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        TargetJvm target = new TargetJvm(builder.start(), stderr);
        String ready = target.answer();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("the target did not start: " + ready + " " + target.stderr());
        }
        target.pid();
        return target;
    }

    /**
     * The JVM's pid: the launcher's child when a prefix such as runuser started it. Not a child of the JVM's: the
     * seccomp probe's short-lived clones run java's executable too.
     */
    public long pid() {
        if (isJava(process.toHandle())) {
            return process.pid();
        }
        return process.descendants().filter(p -> isJava(p) && !p.parent().map(TargetJvm::isJava).orElse(false))
                .findFirst().map(ProcessHandle::pid).orElse(process.pid());
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Makes the target call nanoTime exactly n times at its one site; returns its loaded class count after. */
    public long run(int n) throws IOException {
        String answer = ask("run " + n);
        if (answer == null || !answer.startsWith("ran " + n + " ")) {
            throw new IllegalStateException("unexpected answer " + answer + " " + stderr());
        }
        return Long.parseLong(answer.replaceAll(".*classes=(\\d+).*", "$1"));
    }

    /** Sends one command line and returns the target's one-line answer; fails if none comes within the hang guard. */
    public String ask(String command) throws IOException {
        commands.println(command);
        return answer();
    }

    private String answer() throws IOException {
        String line;
        try {
            line = answers.poll(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the target", e);
        }
        if (line == null) {
            throw new AssertionError("the target did not answer within " + ANSWER_TIMEOUT_S + " s (hung?) " + stderr());
        }
        if (EOF.equals(line)) {
            answers.add(EOF); // the end stays the answer to any later command
            return null;
        }
        return line;
    }

    /** Ends the target without waiting for it. */
    public void exitSoon() {
        commands.println("exit");
    }

    /** Waits for the target to end by itself; returns its exit code, or fails after {@code seconds}. */
    public int waitForExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the target did not exit within " + seconds + " s " + stderr());
        }
        return process.exitValue();
    }

    /** The target's threads, from jcmd, for a test that finds it hung. */
    public String threadDump() {
        JavaProcess jcmd = JavaProcess.exec(JavaProcess.jdkTool("jcmd", Long.toString(pid()),
                "Thread.print"), 60);
        return "threads of " + pid() + ":\n" + jcmd.stdout + jcmd.stderr;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target's current bytecode of a class, through the test's own dumper agent. */
    public byte[] classBytes(String className, Path dumperJar, Path out) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
        try {
            vm.loadAgent(dumperJar.toString(), className + "=" + out);
        } finally {
            vm.detach();
        }
        return Files.readAllBytes(out);
    }

    /** Builds the jar of the tests' dumper agent. */
    public static Path dumperJar(Path dir) throws IOException {
        Path jar = dir.resolve("dumper.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Agent-Class", "io.github.vdsoagent.fixtures.ClassBytesDumper");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String entry : List.of("ClassBytesDumper", "ClassBytesDumper$1")) {
                String path = "io/github/vdsoagent/fixtures/" + entry + ".class";
                out.putNextEntry(new JarEntry(path));
                OutputStream body = out;
                Files.copy(Path.of(AgentRun.testClasses(), path), body);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Override
    public void close() throws IOException {
        commands.println("exit");
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }
}
