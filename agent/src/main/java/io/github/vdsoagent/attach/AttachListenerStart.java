package io.github.vdsoagent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Starts a HotSpot JVM's attach listener before the JDK's attach looks for it, the way that attach does: a file
 * {@code .attach_pid<pid>} in the target's /tmp, then SIGQUIT, which the target answers by opening its socket
 * {@code /tmp/.java_pid<pid>}. The JDK's attach then finds the socket and connects at once. Left to itself, it
 * sleeps 100 ms before it first looks (and 200 ms more if the listener is not up by then), while the listener
 * opens within a few milliseconds. Pids and paths are the target's own, as seen through /proc (it may run in a
 * container). Anything that fails leaves the whole job to the JDK's attach.
 */
final class AttachListenerStart {
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long POLL_MILLIS = 2;

    private AttachListenerStart() {
    }

    /** Whether the target's attach listener is up (started now or before). Never throws. */
    static boolean ensureStarted(long pid) {
        try {
            long targetPid = pidInItsNamespace(pid);
            Path tmp = Paths.get("/proc", Long.toString(pid), "root", "tmp");
            Path socket = tmp.resolve(".java_pid" + targetPid);
            if (Files.exists(socket)) {
                return true;
            }
            Path trigger = tmp.resolve(".attach_pid" + targetPid);
            boolean created = createIfAbsent(trigger);
            boolean up = false;
            try {
                if (signalQuit(pid)) {
                    long deadline = System.nanoTime() + WAIT_NANOS;
                    while (!Files.exists(socket) && System.nanoTime() < deadline) {
                        Thread.sleep(POLL_MILLIS);
                    }
                    up = Files.exists(socket);
                }
                return up;
            } finally {
                // Until the listener is up the file stays, for the JDK's attach, which goes on from here and deletes
                // it: a SIGQUIT the target handles late must still find it, or the target prints a thread dump.
                if (created && up) {
                    Files.deleteIfExists(trigger);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The pid the target knows itself by: the last of /proc/PID/status's NSpid, or PID without namespaces. */
    static long pidInItsNamespace(long pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("NSpid:")) {
                String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
                return Long.parseLong(pids[pids.length - 1]);
            }
        }
        return pid;
    }

    /** True if this call created the file (and so deletes it once the listener is up); false if it was there. */
    private static boolean createIfAbsent(Path trigger) throws IOException {
        try {
            Files.createFile(trigger);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false; // another attach is under way: the listener will open for both
        }
    }

    /** SIGQUIT through kill(1): the JDK offers no call that sends a signal to another process. */
    private static boolean signalQuit(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return kill.waitFor(WAIT_NANOS, TimeUnit.NANOSECONDS) && kill.exitValue() == 0;
    }
}
