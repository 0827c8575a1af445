package io.github.vdsoagent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class PrivateDirectoryTest {
    @Test
    void aNewDirectoryOnlyItsOwnerCanEnter() throws IOException {
        Path first = PrivateDirectory.create("vdso-agent-test-");
        Path second = PrivateDirectory.create("vdso-agent-test-");
        try {
            assertNotEquals(first, second);
            for (Path dir : new Path[]{first, second}) {
                assertTrue(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS));
                assertEquals(Paths.get(System.getProperty("java.io.tmpdir")), dir.getParent());
                assertTrue(dir.getFileName().toString().startsWith("vdso-agent-test-"));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            }
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
        }
    }
}
