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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A separate JVM running {@code io.github.vdsoagent.fixtures.ControlledApp}, driven over its stdin and stdout,
 * that the tests attach to with the CLI as a user would.
 */
public final class TargetJvm implements AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final Path stderr;

    private TargetJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the controlled app with these extra JVM options, and waits until it listens. On JDK 24 and later with
     * native access granted, as the README tells users to, so that the agent takes its vDSO path.
     */
    public static TargetJvm start(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JavaProcess.java().toString());
        command.add("-XX:+EnableDynamicAgentLoading"); // the tests' own dumper agent; the CLI's note is tested apart
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED"); // as the README tells users, for the vDSO path
        }
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", AgentRun.testClasses(), "io.github.vdsoagent.fixtures.ControlledApp"));
        Path stderr = Files.createTempFile("target", ".err");
        TargetJvm target = new TargetJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
        String ready = target.answers.readLine();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("the target did not start: " + ready + " " + target.stderr());
        }
        return target;
    }

    public long pid() {
        return process.pid();
    }

    /** Makes the target call nanoTime exactly n times at its one site; returns its loaded class count after. */
    public long run(int n) throws IOException {
        commands.println("run " + n);
        String answer = answers.readLine();
        if (answer == null || !answer.startsWith("ran " + n + " ")) {
            throw new IllegalStateException("unexpected answer " + answer + " " + stderr());
        }
        return Long.parseLong(answer.replaceAll(".*classes=(\\d+).*", "$1"));
    }

    /** Ends the target without waiting for it. */
    public void exitSoon() {
        commands.println("exit");
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
