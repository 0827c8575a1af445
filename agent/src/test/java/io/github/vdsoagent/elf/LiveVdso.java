package io.github.vdsoagent.elf;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** The [vdso] mapping of this JVM, read in pure Java: its range from /proc/self/maps, its bytes from /proc/self/mem. */
final class LiveVdso {
    private static byte[] cached;

    private LiveVdso() {
    }

    /** A fresh copy of the mapping's bytes, safe to mutate. */
    static synchronized byte[] bytes() throws IOException {
        if (cached == null) {
            cached = read();
        }
        return cached.clone();
    }

    private static byte[] read() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (!line.trim().endsWith("[vdso]")) {
                continue;
            }
            String range = line.substring(0, line.indexOf(' '));
            int dash = range.indexOf('-');
            long start = Long.parseUnsignedLong(range.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
            byte[] image = new byte[Math.toIntExact(end - start)];
            try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
                mem.seek(start);
                mem.readFully(image);
            }
            return image;
        }
        throw new IOException("no [vdso] line in /proc/self/maps");
    }
}
