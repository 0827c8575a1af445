package io.github.vdsoagent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that does its work, says so on a line of its stdout, and stays until its stdin closes (the demo's
 * {@code --hold}), so that a test can scrape it and ask the CLI for its report in between.
 */
public final class HeldProcess implements AutoCloseable {
    /** A hang guard only: the demo and the agents beside it start in seconds. */
    private static final int START_TIMEOUT_S = 180;

    private final Process process;
    private final Path stderr;
    private final List<String> stdout = new ArrayList<>();

    private HeldProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts {@code command} and waits for the stdout line that starts with {@code held}. */
    public static HeldProcess start(List<String> command, String held) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("held", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        HeldProcess started = new HeldProcess(process, stderr);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> started.read(out), "held-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (!started.said(held)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the process did not say '" + held + "': " + started);
            }
            Thread.sleep(20);
        }
        return started;
    }

    private void read(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (stdout) {
                    stdout.add(line);
                }
            }
        } catch (IOException e) {
            // the process is gone: its output ends
        }
    }

    private boolean said(String prefix) {
        synchronized (stdout) {
            for (String line : stdout) {
                if (line.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        synchronized (stdout) {
            return "pid " + process.pid() + (process.isAlive() ? "" : ", exit " + process.exitValue())
                    + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr();
        }
    }

    /** Closes its stdin, which ends it, and waits for it; kills it if it does not end. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }
}
