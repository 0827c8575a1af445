package io.github.vdsoagent.protocol;

import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.files.PrivateDirectory;
import io.github.vdsoagent.host.ProcessIdentity;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The CLI's private directory for one request: the request, the agent's answer, and for a profile the reports it
 * writes while it runs and its final answer. It is made in the target's temporary directory, owner-only; when root
 * acts on another user's JVM it is handed over to that user (the agent answers only into a directory of its own
 * user's). Its name carries the CLI process's identity, so that a directory left by a CLI killed with SIGKILL is
 * removed by the next CLI, or by the agent that answers into it.
 */
public final class Exchange implements AutoCloseable {
    private static final String PREFIX = "vdso-agent-cli-";
    /** Where a profile's agent writes its report every second, for a target that dies mid-session. */
    public static final String INTERIM_REPORT = "interim-report";
    /** Where a profile's JFR recording is written by the target, for the CLI to copy to the user's file. */
    public static final String RECORDING = "recording.jfr";
    /** The agent's JFR settings, for the target to read as the profile's recording starts. */
    public static final String RECORDING_SETTINGS = "vdso-agent.jfc";

    private final Path dir;
    private final Removal removal;
    /** Removes the directory if the CLI is ended by a signal (SIGINT, SIGTERM) before it closes the exchange. */
    private final Thread onSignal;

    private Exchange(Path dir) {
        this.dir = dir;
        this.removal = new Removal(dir);
        this.onSignal = new Thread(removal, "vdso-agent-exchange-removal");
    }

    /** What a signal's ending of the CLI does first, before the directory goes (a profile reports, for Ctrl-C). */
    public void onSignalFirst(Runnable first) {
        removal.first = first;
    }

    /**
     * A new exchange in {@code tmpdir} for a target owned by {@code targetUid}, holding {@code request}. First
     * removes the exchanges of CLIs that no longer run.
     */
    public static Exchange open(Path tmpdir, int targetUid, int targetGid, Request request) throws IOException {
        removeAbandoned(tmpdir);
        ProcessIdentity self = ProcessIdentity.self();
        Path dir = PrivateDirectory.create(tmpdir, PREFIX + (self == null ? "0.0" : self.toString()) + "-");
        Exchange exchange = new Exchange(dir);
        try {
            Runtime.getRuntime().addShutdownHook(exchange.onSignal);
        } catch (IllegalStateException exiting) {
            // opened by a shutdown hook (a profile's Ctrl-C): its caller closes it before the JVM ends
        }
        try {
            request.writeTo(dir);
            if (FileOwner.isRoot() && targetUid != 0) {
                handOver(dir.resolve(Request.FILE), targetUid, targetGid);
                handOver(dir, targetUid, targetGid);
            }
            return exchange;
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    /**
     * The name of the JFR recording a profile with {@code --jfr} starts in the target: the exchange's own, so that
     * the agent can close the recording of a CLI that has gone.
     */
    public static String recordingName(Path dir) {
        return dir.getFileName().toString();
    }

    /** The text that points the agent at this exchange's request. */
    public String argument() {
        return Request.argument(dir);
    }

    public Path directory() {
        return dir;
    }

    private static final class Removal implements Runnable {
        private final Path dir;
        private volatile Runnable first;

        Removal(Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            Runnable before = first;
            if (before != null) {
                before.run();
            }
            remove(dir);
        }
    }

    /** Makes a file of root's the target user's, so the agent can use it; never through a link. */
    public static void handOver(Path file, int uid, int gid) throws IOException {
        Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Removes the directory and what the agent left in it. Never throws. A directory handed over to another user is
     * taken back first: in a sticky /tmp its owner could otherwise swap it for a link while root deletes.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException exiting) {
            // during shutdown: the hook removes it too, if it was ever registered
        }
        remove(dir);
    }

    private static void remove(Path dir) {
        if (FileOwner.isRoot() && !FileOwner.isOwn(dir)) {
            try {
                handOver(dir, 0, 0);
            } catch (IOException | RuntimeException e) {
                return; // left for its owner's next CLI
            }
        }
        if (FileOwner.isOwn(dir)) {
            delete(dir);
        }
    }

    /**
     * For the agent: removes an exchange whose CLI has gone (a profile that outlived it), only if it is one: named
     * as an exchange and a real directory of this user's.
     */
    public static void removeIfAbandoned(Path dir, ProcessIdentity client) {
        if (client != null && !client.isAlive() && isExchange(dir) && FileOwner.isOwn(dir)) {
            delete(dir);
        }
    }

    /**
     * Removes this user's exchanges in {@code tmpdir} whose CLIs no longer run. Only this user's: in a shared /tmp
     * another user could swap a directory of theirs for a link between the check and the deletion.
     */
    static void removeAbandoned(Path tmpdir) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tmpdir, PREFIX + "*")) {
            for (Path dir : all) {
                ProcessIdentity cli = cliOf(dir);
                if (cli != null && !cli.isAlive() && FileOwner.isOwn(dir)) {
                    delete(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a leftover stays until a later CLI can remove it; nothing depends on it
        }
    }

    private static boolean isExchange(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().startsWith(PREFIX) && cliOf(dir) != null
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /** The CLI that made an exchange, from its name {@code PREFIX<pid>.<start>-<random>}; null if not one. */
    static ProcessIdentity cliOf(Path dir) {
        String name = dir.getFileName().toString();
        int dash = name.lastIndexOf('-');
        return dash <= PREFIX.length() ? null : ProcessIdentity.parse(name.substring(PREFIX.length(), dash));
    }

    /**
     * The directory's files, then the directory; links are removed, never followed. A profile's agent writes its
     * report into the directory every second, and a write that lands between the listing and the directory's removal
     * keeps the directory: the files are listed again, three times at most.
     */
    private static void delete(Path dir) {
        for (int look = 0; look < 3 && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS); look++) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException | RuntimeException e) {
                // the directory's deletion below fails too, and it is left for the next CLI
            }
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException writtenMeanwhile) {
                // the agent wrote a report after the listing: look again
            } catch (IOException | RuntimeException e) {
                return; // left for the next CLI
            }
        }
    }
}
