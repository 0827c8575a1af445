package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.report.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a JVM with the agent says so, for the CLI's list command: {@code <java.io.tmpdir>/vdso-agent-<user>/<pid>
 * .properties}, like the JVM's own hsperfdata files. The directory is owner-only and is used only if it is a real
 * directory owned by this user with no access for others, so nobody else can plant or read a status.
 */
public final class StatusFile {
    private StatusFile() {
    }

    public static Path directory() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "vdso-agent-" + System.getProperty("user.name"));
    }

    static void write(String state, String options, String since, Path control) {
        try {
            Path dir = privateDirectory();
            if (dir == null) {
                return;
            }
            Map<String, String> status = new LinkedHashMap<>();
            status.put("state", state);
            status.put("options", options);
            status.put("since", since);
            status.put("jdk", HostFacts.jdk());
            if (control != null) {
                status.put("control", control.toString());
            }
            AtomicFile.write(dir.resolve(HostFacts.pid() + ".properties"), PropertiesText.of(status), false);
        } catch (IOException | RuntimeException e) {
            // the list command then shows this JVM without its agent state; nothing else depends on it
        }
    }

    static void delete() {
        try {
            Files.deleteIfExists(directory().resolve(HostFacts.pid() + ".properties"));
        } catch (IOException | RuntimeException e) {
            // a stale status names a dead pid, which the list command skips
        }
    }

    /** The status a JVM wrote, or null. */
    public static Properties read(long pid) {
        Path file = directory().resolve(pid + ".properties");
        if (!isPrivate(directory()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Properties status = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            status.load(in);
            return status;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The status directory, created if missing; null if it exists but is not this user's alone. */
    static Path privateDirectory() throws IOException {
        Path dir = directory();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM made it: checked below like any other
            }
        }
        return isPrivate(dir) ? dir : null;
    }

    private static boolean isPrivate(Path dir) {
        try {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                    && PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
                    .endsWith("------");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
