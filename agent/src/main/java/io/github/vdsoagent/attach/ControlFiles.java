package io.github.vdsoagent.attach;

import io.github.vdsoagent.agent.StatusFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.UUID;

/**
 * The CLI's side of the agent's control directory: a request file renamed into place in one step, then the wait
 * for the agent's answer, as long as the target lives.
 */
final class ControlFiles {
    private static final long ANSWER_TIMEOUT_MS = 60_000;
    private static final long POLL_MS = 10;

    private ControlFiles() {
    }

    /** The control directory of the agent running in {@code pid}, or null when there is none to talk to. */
    static Path of(long pid) {
        Properties status = StatusFile.read(pid);
        if (status == null || status.getProperty("control") == null) {
            return null;
        }
        Path control = Paths.get(status.getProperty("control"));
        return Files.isDirectory(control, LinkOption.NOFOLLOW_LINKS) ? control : null;
    }

    static void send(Path control, String request, Path reply, TargetProcess target) throws TargetException {
        String name = UUID.randomUUID().toString();
        try {
            Path draft = Files.createFile(control.resolve("." + name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(draft, request.getBytes(StandardCharsets.UTF_8));
            Files.move(draft, control.resolve(name + ".request"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TargetException("cannot send the command to the agent in JVM " + target.pid() + ": " + e.getMessage(), e);
        }
        Path answer = reply.resolve("result.properties");
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
        while (!Files.exists(answer)) {
            if (!target.isAlive()) {
                throw new TargetException("JVM " + target.pid() + " exited before the agent answered");
            }
            if (System.nanoTime() > deadline) {
                throw new TargetException("the agent in JVM " + target.pid() + " did not answer within "
                        + ANSWER_TIMEOUT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while waiting for the agent in JVM " + target.pid(), e);
            }
        }
    }
}
