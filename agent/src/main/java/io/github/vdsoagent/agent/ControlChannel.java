package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.protocol.AgentDirectory;
import org.slf4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * How the CLI talks to an agent that is already loaded, without loading the jar into the JVM again (on JDK 21+
 * every dynamic load prints a warning in the target) and without any network listener: a directory of the user's
 * own, {@link AgentDirectory#controlDirectory}, where the CLI drops a request file (the same {@code @DIR} text an
 * attach would pass) and the agent, woken by inotify on a daemon thread, answers in the CLI's exchange.
 */
final class ControlChannel {
    /** What is done with a request's text. */
    interface Handler {
        void handle(String request);
    }

    private static final Logger log = AgentLog.get(ControlChannel.class);
    static final String REQUEST_SUFFIX = ".request";

    private final Path dir;
    private final WatchService watcher;

    private ControlChannel(Path dir, WatchService watcher) {
        this.dir = dir;
        this.watcher = watcher;
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

    /** Listens for requests in a directory from {@link #createDirectory}; null (logged at debug) if it cannot. */
    static ControlChannel listen(Path dir, Handler handler) {
        try {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE); // a rename into the directory counts too
            ControlChannel channel = new ControlChannel(dir, watcher);
            Thread thread = new Thread(new Serve(channel, handler), "vdso-agent-control");
            thread.setDaemon(true);
            thread.start();
            return channel;
        } catch (IOException | RuntimeException e) {
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
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path) {
                        handle(dir.resolve((Path) event.context()), handler);
                    }
                }
                key.reset();
                handleLeftovers(handler);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the JVM is exiting
        }
    }

    /** Requests that arrived while the last one was being handled. */
    private void handleLeftovers(Handler handler) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> handle(file, handler));
        } catch (IOException e) {
            log.debug("cannot list {}: {}", dir, e.toString());
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

    /** Stops listening and deletes the directory with whatever requests are left in it. */
    void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // the directory goes all the same
        }
        deleteDirectory(dir);
    }

    static void deleteDirectory(Path dir) {
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) { // no stream, no lambda: at exit
                for (Path file : files) {
                    file.toFile().delete();
                }
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException gone) {
            // nothing to delete
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
