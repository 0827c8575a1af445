package io.github.vdsoagent.attach;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI loads its own jar into the target, where it runs as the target's user: it refuses a jar that another user
 * could have replaced (writable by others, in a directory others may write to, or owned by someone else), looking
 * through symbolic links at the real file.
 */
class AgentJarSafetyTest {

    @Test
    void aPrivateJarInAPrivateDirectoryIsAccepted(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "rwx------", "rw-r--r--");
        assertDoesNotThrow(() -> AgentJar.checkSafe(jar));
    }

    @Test
    void aJarOthersCanWriteIsRefused(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "rwx------", "rw-rw-rw-");
        assertRefused(jar, "writable by others");
    }

    @Test
    void aJarInADirectoryOthersCanWriteIsRefused(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "rwxrwxrwx", "rw-r--r--");
        assertRefused(jar, "could swap the jar");
    }

    @Test
    void aStickyDirectoryLikeTmpIsAccepted(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "rwxrwxrwx", "rw-r--r--");
        Files.setAttribute(jar.getParent(), "unix:mode", 01777);
        assertDoesNotThrow(() -> AgentJar.checkSafe(jar));
    }

    @Test
    void aLinkIsJudgedByTheFileItPointsTo(@TempDir Path dir) throws Exception {
        Path unsafe = jar(dir, "rwxrwxrwx", "rw-r--r--");
        Path safeDir = Files.createDirectory(dir.resolve("mine"));
        Path link = Files.createSymbolicLink(safeDir.resolve("vdso-agent.jar"), unsafe);
        assertRefused(link, "could swap the jar");
    }

    @Test
    void aJarOwnedByAnotherUserIsRefused(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid")),
                "SKIPPED: giving a file to another user needs root (CI runs as root)");
        Path jar = jar(dir, "rwx------", "rw-r--r--");
        Files.setAttribute(jar, "unix:uid", 65534);
        assertRefused(jar, "belongs to uid 65534");
    }

    /** A jar in a new directory of {@code dir}, with these permissions. */
    private static Path jar(Path dir, String dirMode, String jarMode) throws Exception {
        Path parent = Files.createDirectory(dir.resolve("d" + dirMode.hashCode() + jarMode.hashCode()));
        Path jar = Files.write(parent.resolve("vdso-agent.jar"), new byte[]{'P', 'K'});
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString(jarMode));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString(dirMode));
        return jar;
    }

    private static void assertRefused(Path jar, String why) {
        TargetException e = assertThrows(TargetException.class, () -> AgentJar.checkSafe(jar));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
