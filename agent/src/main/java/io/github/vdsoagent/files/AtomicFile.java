package io.github.vdsoagent.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replaces a file in one step: the new content goes to an owner-only temporary file beside it, created exclusively
 * (a name that exists, planted link or not, is never opened: another name is tried), is synced (unless it need not
 * outlive the JVM), then renamed over the old one. A reader sees the old report or the new, never half of one, and a
 * full disk leaves the last good report in place. Only what {@link ReplaceableFile} allows is replaced: never a
 * device, a FIFO or another user's file. The temporary name comes from SplittableRandom, not Files.createTempFile,
 * whose SecureRandom would cost a host JVM tens of milliseconds to initialize; exclusive creation keeps it safe.
 */
public final class AtomicFile {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<StandardOpenOption> CREATE_NEW =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final OpenOption[] READ_NOFOLLOW = {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};

    private AtomicFile() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * Replaces {@code target} with a copy of {@code source}, the same way; a source that is not a regular file (a
     * link, a FIFO planted in its place) is refused. For files too large to hold in memory, such as a recording.
     */
    public static void copy(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(source + " is not a regular file");
        }
        try (FileChannel in = FileChannel.open(source, READ_NOFOLLOW)) {
            replace(target, in, true);
        }
    }

    /**
     * @param durable whether to sync before the rename; files that only live as long as the JVM (a status) need
     *                not survive a crash, and a sync on a disk-backed /tmp costs milliseconds
     */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        replace(target, Channels.newChannel(new ByteArrayInputStream(content)), durable);
    }

    private static void replace(Path target, ReadableByteChannel content, boolean durable) throws IOException {
        Path absolute = target.toAbsolutePath();
        String refused = ReplaceableFile.whyNot(absolute);
        if (refused != null) {
            throw new IOException(refused);
        }
        Path temp = null;
        try {
            FileChannel channel = null;
            SplittableRandom random = new SplittableRandom();
            for (int attempt = 0; channel == null; attempt++) {
                Path candidate = absolute.resolveSibling("." + absolute.getFileName() + "."
                        + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
                try {
                    channel = FileChannel.open(candidate, CREATE_NEW, OWNER_ONLY);
                    temp = candidate; // only a file made here is ever deleted here
                } catch (FileAlreadyExistsException taken) {
                    if (attempt == 100) {
                        throw taken;
                    }
                }
            }
            try (FileChannel out = channel) {
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                while (content.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
                if (durable) {
                    out.force(true);
                }
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // Renamed: nothing is left to clean up, and the directory is not touched again. Its reader may act on
            // the file at once (the CLI takes back its exchange), and a look-up there could then fail.
        } catch (Throwable failed) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException | RuntimeException cleanup) {
                    failed.addSuppressed(cleanup); // the write's own failure is the one to report
                }
            }
            throw failed;
        }
    }
}
