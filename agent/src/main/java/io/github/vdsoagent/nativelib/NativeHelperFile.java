package io.github.vdsoagent.nativelib;

import io.github.vdsoagent.host.HostFacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Puts the native helper that the agent jar carries into a file the JVM can load: in a new directory of its own
 * (random name, owner-only, created atomically: if the name is taken, by a race or by someone planting it, another
 * name is tried, so nobody can plant or swap a file in it), written without following links, read back and
 * compared before it is used. The directory defaults to java.io.tmpdir; the system property {@value #DIR_PROPERTY}
 * moves it (a noexec /tmp cannot map a library). Neither SecureRandom nor MessageDigest is touched: initializing
 * the JDK's security providers would cost the host's start-up tens of milliseconds, and the atomic creation is what
 * makes the name safe, not its randomness.
 */
public final class NativeHelperFile {
    public static final String DIR_PROPERTY = "vdsoagent.tmpdir";
    static final String LIBRARY = "libvdsoagent.so";

    /** Directories extracted and not yet deleted, and whether the JVM is exiting (then no new ones). */
    private static final Object LIVE_LOCK = new Object();
    private static final Set<Path> LIVE = new HashSet<>();
    private static boolean exiting;

    private final Path directory;
    private final Path file;

    private NativeHelperFile(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    /** The resource path of this platform's library inside the agent jar. */
    public static String resourcePath() {
        return "/io/github/vdsoagent/native/linux-" + HostFacts.arch() + "/" + LIBRARY;
    }

    public static NativeHelperFile extract() throws NativeHelperUnavailableException {
        byte[] library = readResource();
        Path parent = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        Path directory = null;
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                throw new NativeHelperUnavailableException("this file system has no POSIX permissions");
            }
            synchronized (LIVE_LOCK) {
                if (exiting) {
                    throw new NativeHelperUnavailableException("the JVM is exiting");
                }
                directory = createPrivateDirectory(parent);
                LIVE.add(directory);
            }
            Path file = Files.createFile(directory.resolve(LIBRARY), OwnerOnly.FILE);
            Files.write(file, library, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
            if (!Arrays.equals(Files.readAllBytes(file), library)) {
                throw new NativeHelperUnavailableException("the extracted native helper " + file + " differs from the jar's");
            }
            return new NativeHelperFile(directory, file);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            forget(directory);
            throw new NativeHelperUnavailableException("cannot extract the native helper into " + parent + " (set -D"
                    + DIR_PROPERTY + "=DIR to use another directory): " + e, e);
        } catch (NativeHelperUnavailableException e) {
            forget(directory);
            throw e;
        }
    }

    /** Deletes an extracted directory and drops it from those the exit hook would delete. */
    private static void forget(Path directory) {
        deleteQuietly(directory);
        synchronized (LIVE_LOCK) {
            LIVE.remove(directory);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Removes the file and its directory. Once the library is loaded the mapping outlives the file, so this runs
     * right after loading: nothing is left behind even if the JVM is killed.
     */
    public void delete() {
        forget(directory);
    }

    /**
     * For the agent's exit hook: a JVM can exit while the clock setup, which it no longer waits for, is between
     * extracting and deleting. This deletes what is left and refuses later extractions.
     */
    public static void deleteAllAtExit() {
        synchronized (LIVE_LOCK) {
            exiting = true;
            for (Path directory : LIVE) {
                deleteQuietly(directory);
            }
            LIVE.clear();
        }
    }

    private static byte[] readResource() throws NativeHelperUnavailableException {
        String resource = resourcePath();
        try (InputStream in = NativeHelperFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeHelperUnavailableException("this agent jar carries no native helper for linux-"
                        + HostFacts.arch() + " (it was built without a C compiler, or for another platform)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new NativeHelperUnavailableException("cannot read the native helper from the agent jar: " + e, e);
        }
    }

    private static Path createPrivateDirectory(Path parent) throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; ; attempt++) {
            Path candidate = parent.resolve("vdso-agent-" + Long.toUnsignedString(random.nextLong(), 36));
            try {
                return Files.createDirectory(candidate, OwnerOnly.DIRECTORY);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 100) {
                    throw taken;
                }
            }
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory.resolve(LIBRARY));
            Files.deleteIfExists(directory);
        } catch (IOException | SecurityException e) {
            directory.toFile().deleteOnExit(); // deleted in reverse order: the file first, then its directory
            directory.resolve(LIBRARY).toFile().deleteOnExit();
        }
    }

    /**
     * The owner-only permissions, in a class of their own: the exit hook calls {@link #deleteAllAtExit} in JVMs that
     * never extracted anything, and loading this class's permission types there cost the exit about half a
     * millisecond.
     */
    private static final class OwnerOnly {
        static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        static final FileAttribute<Set<PosixFilePermission>> FILE =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
