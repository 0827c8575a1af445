package io.github.vdsoagent.nativelib;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeHelperFileTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(NativeHelperFile.DIR_PROPERTY);
    }

    @Test
    void extractsAPrivateVerifiedCopyInADirectoryOfItsOwn(@TempDir Path base) throws Exception {
        System.setProperty(NativeHelperFile.DIR_PROPERTY, base.toString());
        NativeHelperFile first = NativeHelperFile.extract();
        NativeHelperFile second = NativeHelperFile.extract();
        try {
            Path dir = first.file().getParent();
            assertEquals(base, dir.getParent(), "the property chooses the directory");
            assertNotEquals(dir, second.file().getParent(), "every extraction gets a directory of its own");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())));
            try (InputStream jar = NativeHelperFile.class.getResourceAsStream(NativeHelperFile.resourcePath())) {
                assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(first.file()));
            }
        } finally {
            first.delete();
            second.delete();
        }
        assertFalse(Files.exists(first.file().getParent()), "delete removes the file and its directory");
        try (var left = Files.list(base)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void anUnusableDirectoryIsAClearError(@TempDir Path base) throws Exception {
        Path file = Files.writeString(base.resolve("not-a-directory"), "x");
        System.setProperty(NativeHelperFile.DIR_PROPERTY, file.toString());
        NativeHelperUnavailableException e = assertThrows(NativeHelperUnavailableException.class, NativeHelperFile::extract);
        assertTrue(e.getMessage().contains("-D" + NativeHelperFile.DIR_PROPERTY + "=DIR"), e.getMessage());
    }
}
