package io.github.vdsoagent.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A small tmpfs mounted for one test, for faults only a real file system gives (noexec, a full disk). Mounting needs
 * root: elsewhere the calling test is skipped, saying so (CI runs as root).
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs with {@code options} (as for mount -o) on the existing directory {@code dir}. */
    public static Tmpfs mount(Path dir, String options) throws IOException {
        Assumptions.assumeTrue(isRoot(), "SKIPPED: mounting a tmpfs needs root (CI runs as root)");
        JavaProcess mount = JavaProcess.exec(List.of("mount", "-t", "tmpfs", "-o", options, "vdso-agent-test", dir.toString()), 30);
        Assumptions.assumeTrue(mount.exitCode == 0, "SKIPPED: cannot mount a tmpfs here: " + mount.stderr);
        return new Tmpfs(dir);
    }

    public static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid"));
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        JavaProcess umount = JavaProcess.exec(List.of("umount", dir.toString()), 30);
        if (umount.exitCode != 0) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + umount);
        }
    }
}
