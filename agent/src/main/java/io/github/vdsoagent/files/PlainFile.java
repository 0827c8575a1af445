package io.github.vdsoagent.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads a file another process wrote (the agent in a target, for the CLI that may be root): only a regular file,
 * never through a link, and never more than a bound.
 */
public final class PlainFile {
    private PlainFile() {
    }

    /** The file's text, or null if there is no regular file there. */
    public static String read(Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
