package io.github.vdsoagent.attach;

import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.protocol.Answer;
import io.github.vdsoagent.protocol.Exchange;
import io.github.vdsoagent.protocol.StatusFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The CLI's side of the agent's control directory: a request file renamed into place in one step, then the wait
 * for the agent's answer, as long as the target lives.
 */
final class ControlFiles {
    private static final long ANSWER_TIMEOUT_MS = 60_000;
    private static final long POLL_MS = 10;

    private ControlFiles() {
    }

    /** The control directory of the agent running in the target, or null when there is none to talk to. */
    static Path of(TargetProcess target) {
        StatusFile.Status status = StatusFile.read(target.agentDirectory(), target.identity());
        if (status == null || !status.listening()) {
            return null;
        }
        Path control = target.agentDirectory().controlDirectory(target.pid());
        return Files.isDirectory(control, LinkOption.NOFOLLOW_LINKS) && FileOwner.uid(control) == target.uid()
                ? control : null;
    }

    /**
     * The request's name: unique among live CLIs by this one's pid, and not reused by a later CLI with the same pid
     * by a random part. Not UUID.randomUUID(), whose SecureRandom cost each report and detach about 100 classes and
     * 17 ms of security-provider start-up; the name needs no secret, as the draft is created exclusively.
     */
    private static String requestName() {
        return ProcessHandle.current().pid() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    static void send(Path control, Exchange exchange, TargetProcess target) throws TargetException {
        String name = requestName();
        try {
            Path draft = Files.createFile(control.resolve("." + name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(draft, exchange.argument().getBytes(StandardCharsets.UTF_8), LinkOption.NOFOLLOW_LINKS);
            if (FileOwner.isRoot() && target.uid() != 0) {
                Exchange.handOver(draft, target.uid(), target.gid());
            }
            Files.move(draft, control.resolve(name + ".request"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TargetException("cannot send the command to the agent in JVM " + target.pid() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
        while (!Answer.isThere(exchange.directory(), Answer.Kind.IMMEDIATE)) {
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
