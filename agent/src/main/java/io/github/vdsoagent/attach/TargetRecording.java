package io.github.vdsoagent.attach;

import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.protocol.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A profile's JFR recording in the target, started and stopped with the JDK's own diagnostic commands (JFR.start,
 * JFR.stop) through the attach mechanism, as jcmd does. The target writes it into the profile's exchange, as the
 * target's user, at the stop or as it exits; the CLI copies it to the user's file, owner-only. Named after the
 * exchange, so that the agent can close the recording of a CLI that has gone.
 */
public final class TargetRecording {
    /** How long past the profile's end the recording may run if its CLI dies before stopping it. */
    private static final Duration BACKSTOP = Duration.ofSeconds(60);
    private static final String SETTINGS = "/io/github/vdsoagent/jfr/vdso-agent.jfc";

    private final TargetProcess target;
    private final Path exchange;
    private final String name;

    private TargetRecording(TargetProcess target, Path exchange) {
        this.target = target;
        this.exchange = exchange;
        this.name = Exchange.recordingName(exchange);
    }

    /**
     * Starts the recording: the JDK's {@code profile} settings with the agent's {@code vdso-agent.jfc} on top, for
     * at most {@code duration} and a margin (a CLI that dies leaves no recording running for long), dumped on exit.
     *
     * @param grace how long past the duration the CLI waits for the profile's end
     */
    public static TargetRecording start(TargetProcess target, Exchange exchange, Duration duration, Duration grace)
            throws TargetException {
        TargetRecording recording = new TargetRecording(target, exchange.directory());
        Path settings = exchange.directory().resolve(Exchange.RECORDING_SETTINGS);
        try (InputStream jfc = TargetRecording.class.getResourceAsStream(SETTINGS)) {
            if (jfc == null) {
                throw new TargetException("the agent jar has no " + SETTINGS);
            }
            AtomicFile.write(settings, jfc.readAllBytes(), false);
            if (FileOwner.isRoot() && target.uid() != 0) {
                Exchange.handOver(settings, target.uid(), target.gid()); // the target's JVM reads it
            }
        } catch (IOException e) {
            throw new TargetException("cannot write the JFR settings for JVM " + target.pid() + ": " + e.getMessage(), e);
        }
        long seconds = duration.plus(grace).plus(BACKSTOP).toSeconds();
        AttachMechanism.jcmd(target, "JFR.start name=" + recording.name + " settings=profile settings="
                + quoted(settings) + " duration=" + seconds + "s filename=" + quoted(recording.file()));
        return recording;
    }

    /**
     * Stops the recording, if the target still runs, and copies what the target wrote (at the stop, or as it
     * exited) to {@code out}; returns its size. Throws if there is none.
     */
    public long stopInto(Path out) throws TargetException {
        TargetException stopFailed = null;
        if (target.isAlive()) {
            try {
                AttachMechanism.jcmd(target, "JFR.stop name=" + name);
            } catch (TargetException e) {
                stopFailed = e; // it may have ended by itself and written its file: see below
            }
        }
        Path written = file();
        if (!Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)) {
            String why = stopFailed != null ? stopFailed.getMessage() : target.isAlive()
                    ? "JVM " + target.pid() + " wrote no recording" : "JVM " + target.pid() + " exited before it"
                    + " wrote its recording";
            throw new TargetException("no JFR recording: " + why, stopFailed);
        }
        try {
            AtomicFile.copy(written, out);
            return Files.size(out);
        } catch (IOException e) {
            throw new TargetException("cannot write the JFR recording to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Stops the recording without keeping it, after a profile that did not start; never throws. */
    public void discard() {
        try {
            AttachMechanism.jcmd(target, "JFR.stop name=" + name);
        } catch (TargetException e) {
            // gone with its JVM, or it never ran; the exchange that holds its file is removed next
        }
    }

    private Path file() {
        return exchange.resolve(Exchange.RECORDING);
    }

    /** A path as a diagnostic command's argument: quoted, since the command is split at spaces. */
    private static String quoted(Path path) {
        return "\"" + path + "\"";
    }
}
