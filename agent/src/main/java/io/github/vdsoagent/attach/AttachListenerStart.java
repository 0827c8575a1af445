package io.github.vdsoagent.attach;

import io.github.vdsoagent.files.FileOwner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Starts a HotSpot JVM's attach listener before the JDK's attach looks for it, the way that attach does: a trigger
 * file {@code .attach_pid<pid>} in the target's working directory (or, if that cannot be made, its /tmp), then
 * SIGQUIT, which the target answers by opening its socket {@code /tmp/.java_pid<pid>}. The JDK's attach then finds
 * the socket and connects at once; left to itself, it sleeps 100 ms before it first looks. Pids and paths are the
 * target's own, as seen through /proc (it may run in a container).
 *
 * <p>HotSpot takes the first trigger file it finds (working directory, then /tmp) and only if it belongs to its own
 * user or root; otherwise it answers SIGQUIT with a thread dump on the application's stdout. So a signal is sent
 * only when the trigger HotSpot will find is one it accepts, and a trigger planted by another user refuses the
 * attach with the reason rather than leave it to the JDK's attach, which would signal anyway.
 */
final class AttachListenerStart {
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long POLL_MILLIS = 2;

    private AttachListenerStart() {
    }

    /**
     * Whether the target's attach listener is up (started now or before); false leaves the job to the JDK's
     * attach. Throws only when no attach may signal the target. A socket file is taken for a listener: one that
     * an earlier JVM left shows itself when the attach is refused ({@link StaleAttachSocket}).
     */
    static boolean ensureStarted(long pid) throws TargetException {
        Path proc = Paths.get("/proc", Long.toString(pid));
        long targetPid;
        int targetUid;
        try {
            targetPid = pidInItsNamespace(pid);
            targetUid = FileOwner.uid(proc);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Path socket = socket(proc, targetPid);
        if (Files.exists(socket)) {
            return true;
        }
        String name = ".attach_pid" + targetPid;
        Path inWorkingDirectory = proc.resolve("cwd").resolve(name);
        Path inTmp = proc.resolve("root").resolve("tmp").resolve(name);
        Path created = createIfAbsent(inWorkingDirectory);
        Path trigger = inWorkingDirectory;
        if (created == null && !Files.exists(inWorkingDirectory, LinkOption.NOFOLLOW_LINKS)) {
            created = createIfAbsent(inTmp);
            trigger = inTmp;
        }
        if (created == null && !Files.exists(trigger, LinkOption.NOFOLLOW_LINKS)) {
            return false; // no trigger could be made: the JDK's attach tries its own way
        }
        try {
            if (created == null) {
                refuseIfNotAccepted(pid, trigger, targetUid);
            }
            return signalAndWait(pid, socket);
        } finally {
            // Until the listener is up the file stays, for the JDK's attach, which goes on from here and deletes
            // it: a SIGQUIT the target handles late must still find it, or the target prints a thread dump.
            if (created != null && Files.exists(socket)) {
                try {
                    Files.deleteIfExists(created);
                } catch (IOException e) {
                    // the JDK's attach deletes it
                }
            }
        }
    }

    /** A trigger found there, not made here: HotSpot starts the listener only for one of its user's or root's. */
    private static void refuseIfNotAccepted(long pid, Path trigger, int targetUid) throws TargetException {
        int owner = FileOwner.uid(trigger);
        if (owner != targetUid && owner != 0) {
            throw new TargetException("cannot start JVM " + pid + "'s attach listener: " + trigger + " belongs to uid "
                    + owner + ", not to the JVM's user or root, so the JVM would ignore it and print a thread dump on"
                    + " its stdout; remove that file and try again");
        }
    }

    private static boolean signalAndWait(long pid, Path socket) {
        try {
            if (!signalQuit(pid)) {
                return false;
            }
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
            return Files.exists(socket);
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The target's attach socket, {@code /tmp/.java_pid<its own pid>} in its file system, seen through /proc. */
    static Path socket(long pid) throws IOException {
        return socket(Paths.get("/proc", Long.toString(pid)), pidInItsNamespace(pid));
    }

    private static Path socket(Path proc, long targetPid) {
        return proc.resolve("root").resolve("tmp").resolve(".java_pid" + targetPid);
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

    /** The file, if this call created it; null if it was there, or cannot be made there. */
    private static Path createIfAbsent(Path trigger) {
        try {
            return Files.createFile(trigger);
        } catch (FileAlreadyExistsException e) {
            return null; // another attach under way, or planted: judged by its owner
        } catch (IOException | RuntimeException e) {
            return null;
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
