package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.host.ProcessIdentity;
import io.github.vdsoagent.protocol.AgentDirectory;
import io.github.vdsoagent.protocol.StatusFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * This JVM's entries in the status directory: its status file and its control channel's directory. The threads
 * that create or replace them and the exit hook that removes them take turns here, so that a JVM that exits while
 * they are being set up leaves none of them behind (its control directory, or a half-written status, in the user's
 * temporary directory): once {@link #removeAtExit} has run, nothing creates them again.
 */
final class AgentFiles {
    private final AgentDirectory agents = AgentDirectory.ofThisProcess();
    private boolean removed;
    private boolean channelBegun;
    /** Whether the control channel's opening has ended, opened or not: the status is written from then on. */
    private boolean channelTried;
    /** Whether a status file may exist: a JVM that ends before writing one touches no file at exit. */
    private boolean statusWritten;
    private Path channelDirectory;
    private ControlChannel channel;

    /**
     * Opens the control channel (the agent's first start does, once, off the host's start-up path). Only the
     * directory's creation holds the exit hook back.
     */
    void openChannel(ControlChannel.Handler handler) {
        synchronized (this) {
            if (removed || channelBegun) {
                return;
            }
            channelBegun = true;
        }
        // May create the status directory, which all of this user's JVMs share, as the JVM's hsperfdata one.
        if (!ControlChannel.possible(agents)) {
            endOpening(null);
            return;
        }
        Path dir;
        synchronized (this) {
            if (removed) {
                return;
            }
            dir = ControlChannel.createDirectory(agents);
            channelDirectory = dir;
        }
        endOpening(dir == null ? null : ControlChannel.listen(dir, handler));
    }

    private synchronized void endOpening(ControlChannel opened) {
        channelTried = true;
        if (removed) {
            if (opened != null) {
                opened.close(); // the exit hook came first and deleted the directory; this stops the looking
            }
            return;
        }
        channel = opened;
    }

    /** Whether the control channel has been opened (or tried), so that a later session's set-up need not. */
    synchronized boolean channelOpened() {
        return channelBegun;
    }

    /**
     * Writes the status, naming the control channel; not before the channel's opening has ended, nor after exit.
     * The time is formatted only then: an Instant's first text costs a JVM 5-10 ms, too much for premain.
     *
     * @param since when the session started; null when detached
     */
    synchronized void writeStatus(String state, String options, Instant since) {
        if (removed || !channelTried) {
            return;
        }
        ProcessIdentity self = ProcessIdentity.self();
        if (agents == null || self == null) {
            return;
        }
        statusWritten = true;
        try {
            if (agents.createPrivate()) {
                StatusFile.write(agents, self, new StatusFile.Status(state, options,
                        since == null ? "" : since.toString(), HostFacts.jdk(), channel != null));
            }
        } catch (IOException | RuntimeException e) {
            // list then shows this JVM without the agent's state, and the CLI reaches it by attaching
        }
    }

    /** For the exit hook: removes the status and the control channel, for good. */
    synchronized void removeAtExit() {
        removed = true;
        if (statusWritten) {
            StatusFile.delete(agents, HostFacts.pid());
        }
        if (channel != null) {
            channel.close();
        } else if (channelDirectory != null) {
            ControlChannel.deleteDirectory(channelDirectory); // created, and its watch not yet set up
        }
    }
}
