package io.github.vdsoagent.protocol;

import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.host.ProcessIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A JVM's announcement in its {@link AgentDirectory}: whether the agent is active there, with which options and
 * since when, and where its control directory is. It names the process by pid and start time, so that a status
 * left by a JVM killed with SIGKILL is recognised as stale once another process reuses the pid.
 */
public final class StatusFile {
    public static final String ACTIVE = "active";
    public static final String DETACHED = "detached";
    private static final int MAX_BYTES = 64 * 1024;

    private StatusFile() {
    }

    /**
     * What a status says.
     *
     * @param listening whether the JVM's control directory ({@link AgentDirectory#controlDirectory}) takes requests
     */
    public record Status(String state, String options, String since, String jdk, boolean listening) {
    }

    /** Writes this process's status; only lives as long as the JVM, so not synced. */
    public static void write(AgentDirectory dir, ProcessIdentity self, Status status) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("process", self.toString());
        entries.put("state", status.state());
        entries.put("options", status.options());
        entries.put("since", status.since());
        entries.put("jdk", status.jdk());
        entries.put("listening", Boolean.toString(status.listening()));
        AtomicFile.write(dir.statusFile(self.pid()), PropertiesText.of(entries), false);
    }

    public static void delete(AgentDirectory dir, long pid) {
        try {
            Files.deleteIfExists(dir.statusFile(pid));
        } catch (IOException | RuntimeException e) {
            // a status left behind names a process that has ended, which readers tell stale
        }
    }

    /**
     * The status of {@code process}, or null: none, not in a private directory, or stale (written by an earlier
     * process with the same pid).
     */
    public static Status read(AgentDirectory dir, ProcessIdentity process) {
        Properties p = properties(dir, process.pid());
        if (p == null || !process.toString().equals(p.getProperty("process"))) {
            return null;
        }
        return new Status(p.getProperty("state", "?"), p.getProperty("options", ""), p.getProperty("since", ""),
                p.getProperty("jdk", ""), Boolean.parseBoolean(p.getProperty("listening")));
    }

    /** Whether the directory holds a status for {@code pid} that no running process wrote: safe to delete. */
    public static boolean isStale(AgentDirectory dir, long pid) {
        Properties p = properties(dir, pid);
        if (p == null) {
            return false;
        }
        ProcessIdentity writer = ProcessIdentity.parse(p.getProperty("process"));
        return writer == null || !writer.isAlive();
    }

    /** Removes a stale status and the control directory its JVM left; for the directory's own user. */
    public static void removeStale(AgentDirectory dir, long pid) {
        delete(dir, pid);
        Path control = dir.controlDirectory(pid);
        if (!Files.isDirectory(control, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(control)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            // not there, or not a directory: the deletion below says
        }
        try {
            Files.deleteIfExists(control);
        } catch (IOException | RuntimeException e) {
            // left for a later list
        }
    }

    private static Properties properties(AgentDirectory dir, long pid) {
        Path file = dir.statusFile(pid);
        try {
            if (!dir.isPrivate() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return null;
            }
            Properties status = new Properties();
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                status.load(in);
            }
            return status;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
