package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.protocol.AgentDirectory;
import org.slf4j.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How the CLI talks to an agent that is already loaded, without loading the jar into the JVM again (on JDK 21+
 * every dynamic load prints a warning in the target) and without any network listener: a directory of the user's
 * own, {@link AgentDirectory#controlDirectory}, where the CLI drops a request file (the same {@code @DIR} text an
 * attach would pass) and the agent, looking every {@value #POLL_MS} ms on a daemon thread, answers in the CLI's
 * exchange.
 *
 * <p>It looks rather than waits for inotify: a WatchService's thread waits inside native code, and the JVM's exit
 * waits for threads in native code, in 10 ms steps, up to 300 ms when nothing wakes them (Runtime.halt, which runs no
 * exit hook to close the watch, measured +314 ms). A sleeping thread holds no exit back. A look lists a directory
 * that is nearly always empty: a few microseconds ten times a second.
 */
final class ControlChannel {
    /** What is done with a request's text. */
    interface Handler {
        void handle(String request);
    }

    private static final Logger log = AgentLog.get(ControlChannel.class);
    static final String REQUEST_SUFFIX = ".request";
    /** How often the directory is looked at: what a CLI command may wait for its request to be seen. */
    static final long POLL_MS = 100;

    private final Path dir;
    private volatile boolean closed;

    private ControlChannel(Path dir) {
        this.dir = dir;
    }

    /** Whether this JVM's channel can be opened: its agent directory is this user's alone (created if missing). */
    static boolean possible(AgentDirectory agents) {
        try {
            return agents != null && agents.createPrivate();
        } catch (IOException | RuntimeException e) {
            log.debug("no control channel: {}", e.toString());
            return false;
        }
    }

    /** Creates this JVM's control directory; null (logged at debug) if it cannot. Call {@link #possible} first. */
    static Path createDirectory(AgentDirectory agents) {
        Path dir = agents.controlDirectory(HostFacts.pid());
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            log.debug("no control channel: {}", e.toString());
            return null;
        }
    }

    /** Looks for requests in a directory from {@link #createDirectory}; null (logged at debug) if it cannot. */
    static ControlChannel listen(Path dir, Handler handler) {
        try {
            ControlChannel channel = new ControlChannel(dir);
            Thread thread = new Thread(new Serve(channel, handler), "vdso-agent-control");
            thread.setDaemon(true);
            thread.start();
            return channel;
        } catch (RuntimeException e) {
            log.debug("no control channel: {}", e.toString());
            return null;
        }
    }

    Path directory() {
        return dir;
    }

    private static final class Serve implements Runnable {
        private final ControlChannel channel;
        private final Handler handler;

        Serve(ControlChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        @Override
        public void run() {
            channel.serve(handler);
        }
    }

    private void serve(Handler handler) {
        File directory = dir.toFile();
        while (!closed) {
            String[] names = directory.list(); // null once the directory is gone: nothing to answer then
            if (names != null) {
                for (String name : names) {
                    handle(dir.resolve(name), handler);
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void handle(Path file, Handler handler) {
        if (!file.getFileName().toString().endsWith(REQUEST_SUFFIX) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String request;
        try {
            request = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            Files.delete(file);
        } catch (IOException e) {
            return; // taken by a concurrent pass over the directory
        }
        handler.handle(request);
    }

    /**
     * Stops looking and deletes the directory with whatever requests are left in it. The thread is not interrupted:
     * it may be answering a request (writing a report), and sleeping it holds nothing back.
     */
    void close() {
        closed = true;
        deleteDirectory(dir);
    }

    /** Deletes the directory and the files in it; java.io.File's calls, whose classes are loaded: this runs at exit. */
    static void deleteDirectory(Path dir) {
        File directory = dir.toFile();
        String[] names = directory.list();
        if (names == null) {
            return; // gone, or not a directory
        }
        for (String name : names) {
            new File(directory, name).delete();
        }
        directory.delete(); // fails only if something not ours is left in it: that stays, and so does the directory
    }
}
