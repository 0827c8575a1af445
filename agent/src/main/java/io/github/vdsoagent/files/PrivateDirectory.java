package io.github.vdsoagent.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A new directory in java.io.tmpdir that only this user can enter, for what the agent in a target writes back to
 * the CLI. Files.createTempDirectory does the same with a SecureRandom name, whose first use costs a fresh CLI
 * about 30 ms of security-provider start-up (JDK 25, measured) on the way to every attach. The name needs no
 * secret: creating a directory never follows or reuses what is already there, and a name taken is tried again.
 */
public final class PrivateDirectory {
    private static final int ATTEMPTS = 100;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateDirectory() {
    }

    /** Creates {@code <tmpdir>/<prefix><random>}, mode 0700. */
    public static Path create(String prefix) throws IOException {
        return create(Paths.get(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** Creates {@code <parent>/<prefix><random>}, mode 0700. */
    public static Path create(Path tmp, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path dir = tmp.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(dir, OWNER_ONLY);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }
}
